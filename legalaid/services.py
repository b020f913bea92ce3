"""Writes of 法律援助申请 at the 司法所: receive an application (at the window, online, or from a 法律咨询 without
retyping it), correct it, and forward it to the county 法律援助机构 or decline to accept it. Whether aid is granted is
the 机构's decision (法律援助法 第四十三条), not the office's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.selectors import serves_at
from consultation.choices import FollowUp
from consultation.models import Consultation
from core import calendar
from core.audit import audit_record, diff, snapshot
from core.deadlines import deadline_close, deadline_open, open_deadlines_for
from core.dictionaries import dict_choices
from core.errors import ErrorCollector, ValidationFailed
from core.ledger import ledger_days_changed, ledger_record
from core.models import WorkEvent
from core.services import ensure_in_scope
from legalaid.centre import forward_to_centre
from legalaid.choices import (
    CHECK_EXEMPT,
    CRIMINAL_MATTERS,
    MIGRANT_WORKER_MATTERS,
    NO_HARDSHIP_MATTERS,
    Channel,
    HardshipBasis,
    Status,
)
from legalaid.models import Application
from legalaid.selectors import centre_name_for
from orgs.models import Org
from orgs.selectors import registering_office
from people.models import Person
from people.services import PersonInput, person_find_or_create, person_update

DEADLINE_FORWARD = "legalaid.forward"
# An urgent application (法律援助法 第四十四条: less than seven days before a limitation period or deadline runs out, or a
# preservation measure needed now) is forwarded on the next working day so the 机构 can still provide aid first.
URGENT_FORWARD_WORKING_DAYS = 1


@dataclass
class ApplicationInput:
    received_date: dt.date
    matter: str
    facts: str
    hardship_basis: str
    hardship_detail: str = ""
    request: str = ""
    opposing_party: str = ""
    channel: str = Channel.WINDOW
    is_criminal: bool = False
    is_urgent: bool = False
    urgent_reason: str = ""
    handler: Any = None


# Fields a correction may change while the application is still at the office; the applicant is fixed (his details
# are edited in 人员信息库) and so is the channel.
EDITABLE_FIELDS = ("received_date", "matter", "facts", "request", "opposing_party", "hardship_basis", "hardship_detail",
                   "is_criminal", "is_urgent", "urgent_reason", "handler")


def _clean(data: ApplicationInput, *, earliest: dt.date | None = None) -> ApplicationInput:
    errors = ErrorCollector()  # every problem at once, each at its field
    if not data.received_date:
        errors.add("请填写接收日期", field="received_date")
    elif data.received_date > timezone.localdate():
        errors.add("接收日期不能晚于今天，请核对", field="received_date")
    elif earliest and data.received_date < earliest:
        errors.add(f"接收日期不能早于法律咨询日期（{earliest:%Y-%m-%d}），请核对", field="received_date")
    if data.channel not in Channel.values:
        errors.add("请选择申请方式（窗口申请或网上申请）", field="channel")
    matters = dict(dict_choices("legal_aid_matter"))
    if data.matter not in matters:
        errors.add("请选择申请事项类别（法律援助法 第三十一条、第三十二条所列事项）", field="matter")
    data.facts = (data.facts or "").strip()
    data.request = (data.request or "").strip()
    data.opposing_party = (data.opposing_party or "").strip()
    data.hardship_detail = (data.hardship_detail or "").strip()
    data.urgent_reason = (data.urgent_reason or "").strip()
    if not data.facts:
        errors.add("请填写案情及申请理由：发生了什么、申请人想解决什么问题", field="facts")
    if data.hardship_basis not in HardshipBasis.values:
        errors.add("请选择经济困难依据", field="hardship_basis")
    if data.hardship_basis == HardshipBasis.NOT_REQUIRED and data.matter in matters and data.matter not in NO_HARDSHIP_MATTERS:
        errors.add(f"“{matters[data.matter]}”须以经济困难为条件（法律援助法 第三十一条）；只有第三十二条所列情形"
                   "和刑事辩护不受经济困难条件限制，请选择其他经济困难依据", field="hardship_basis")
    if data.hardship_basis == HardshipBasis.MIGRANT_WORKER and data.matter in matters and data.matter not in MIGRANT_WORKER_MATTERS:
        errors.add("进城务工人员免予核查只适用于请求支付劳动报酬或工伤事故人身损害赔偿（法律援助法 第四十二条第三项），"
                   "请改选事项类别或经济困难依据", field="hardship_basis")
    if data.hardship_basis == HardshipBasis.STATEMENT and not data.hardship_detail:
        errors.add("请填写申请人如实说明的经济困难状况，如家庭人口、收入来源、月收入（法律援助法 第四十一条）",
                   field="hardship_detail")
    if data.hardship_basis in CHECK_EXEMPT and not data.hardship_detail:
        errors.add("免予核查经济困难状况须有证明材料（法律援助法 第四十二条），请填写材料名称，如 最低生活保障证",
                   field="hardship_detail")
    data.is_criminal = data.is_criminal or data.matter in CRIMINAL_MATTERS
    if data.is_urgent and not data.urgent_reason:
        errors.add("请写明紧急情形，如 距诉讼时效届满不足七日、需要立即申请财产保全（法律援助法 第四十四条）",
                   field="urgent_reason")
    if not data.is_urgent:
        data.urgent_reason = ""
    errors.raise_if_any()
    return data


def _forward_days(*, urgent: bool) -> int:
    return URGENT_FORWARD_WORKING_DAYS if urgent else settings.LEGALAID_FORWARD_WORKING_DAYS


def _open_forward_clock(application: Application, *, actor: Any) -> None:
    """The office's clock to forward the application, on the working-day calendar; on 今日待办 until it is forwarded."""
    days = _forward_days(urgent=application.is_urgent)
    deadline_open(
        org=application.org, owner=application.handler or actor, kind=DEADLINE_FORWARD,
        title=f"转交法律援助申请：{application.applicant.name}{'（紧急）' if application.is_urgent else ''}",
        start_date=application.received_date, due_date=calendar.add_working_days(application.received_date, days),
        target=application, link=application.get_absolute_url(),
        basis=f"收到申请后{days}个工作日内转交法律援助机构（本地工作要求）；机构自收到之日起七日内审查（法律援助法 第四十三条）",
    )


def _create(*, actor: Any, org: Org, applicant: Person, data: ApplicationInput, consultation: Consultation | None) -> Application:
    if org.kind != Org.Kind.OFFICE:
        raise ValidationFailed("法律援助申请由司法所（法律援助工作站）接收，请选择司法所", field="org")
    if data.handler is not None and not serves_at(data.handler, org):
        raise ValidationFailed(f"接待人 {data.handler.display_name} 不是{org.name}或其上级单位的工作人员", field="handler")
    application = Application.objects.create(
        org=org, created_by=actor, applicant=applicant, consultation=consultation, received_date=data.received_date,
        channel=data.channel, matter=data.matter, opposing_party=data.opposing_party, facts=data.facts, request=data.request,
        hardship_basis=data.hardship_basis, hardship_detail=data.hardship_detail, is_criminal=data.is_criminal,
        is_urgent=data.is_urgent, urgent_reason=data.urgent_reason, handler=data.handler or actor,
    )
    ensure_in_scope(actor=actor, obj=application, action="add")
    _open_forward_clock(application, actor=actor)
    audit_record(actor=actor, action="create", summary=f"接收法律援助申请 {applicant.name}", obj=application,
                 after=snapshot(application))
    ledger_record(org=org, actor=actor, event_type="legal_aid.application_received", target=application,
                  date=data.received_date, note=applicant.name)
    return application


def application_check(data: ApplicationInput) -> None:
    """Every problem of an application's input at once (``ValidationErrors``), nothing saved: the receiving dialog runs
    it while its form is cleaned, so the form's errors and these come in one round."""
    _clean(replace(data))


@transaction.atomic
def application_receive(*, actor: Any, org: Org, applicant: PersonInput, data: ApplicationInput) -> Application:
    """接收法律援助申请 at the window or online. The applicant is registered once in the people registry, found again by
    the ID number, which an application needs (申请人身份证明, 法律援助条例 第十七条)."""
    if data.channel == Channel.CONSULTATION:
        raise ValidationFailed("转自法律咨询的申请请在该咨询的详情页点击“转为法律援助申请”，系统会带入申请人和案情", field="channel")
    if not (applicant.id_number or "").strip():
        raise ValidationFailed("请填写申请人身份证号码：申请法律援助须提供身份证明", field="id_number")
    data = _clean(data)
    person = person_find_or_create(actor=actor, org=registering_office(org), data=applicant)
    return _create(actor=actor, org=org, applicant=person, data=data, consultation=None)


def _with_id_number(*, actor: Any, person: Person, id_number: str) -> Person:
    """Record the ID number of a person registered without one (a phone consultation), through the registry."""
    if person.id_number_hash:
        return person
    if not (id_number or "").strip():
        raise ValidationFailed(f"{person.name} 在人员信息库中没有身份证号码，请填写：申请法律援助须提供身份证明", field="id_number")
    return person_update(actor=actor, person=person, data=PersonInput(
        name=person.name, sex=person.sex, ethnicity=person.ethnicity, birth_date=person.birth_date, id_number=id_number,
        phone=person.phone, region=person.region, address_detail=person.address_detail, note=person.note,
    ))


@transaction.atomic
def application_from_consultation(*, actor: Any, consultation: Consultation, data: ApplicationInput,
                                  id_number: str = "") -> Application:
    """转为法律援助申请: the consulting person becomes the applicant and the question the facts (unless the dialog
    rewrote them), so nothing is typed twice; the consultation's 后续处理 becomes 转为法律援助申请 and the two records
    point at each other (法律援助法 第二十三条: consultation tells people of their right to apply)."""
    if Application.objects.filter(consultation=consultation).exists():
        raise ValidationFailed("该咨询已转为法律援助申请，不能重复转办")
    if consultation.follow_up == FollowUp.DISPUTE:
        raise ValidationFailed("该咨询已转为矛盾纠纷，不能再转为法律援助申请；如当事人另行申请，请在法律援助申请台账中登记")
    if consultation.follow_up == FollowUp.REFERRED:
        raise ValidationFailed(f"该咨询已转介{consultation.referred_to}处理；如需申请法律援助，请先将后续处理改为“无需后续”")
    data.channel = Channel.CONSULTATION
    data.facts = (data.facts or "").strip() or consultation.question
    data = _clean(data, earliest=consultation.date)
    applicant = _with_id_number(actor=actor, person=consultation.person, id_number=id_number)
    application = _create(actor=actor, org=consultation.org, applicant=applicant, data=data, consultation=consultation)
    before = snapshot(consultation)
    consultation.follow_up, consultation.referred_to = FollowUp.LEGAL_AID, ""
    consultation.save(update_fields=["follow_up", "referred_to", "updated_at"])
    ensure_in_scope(actor=actor, obj=consultation, action="change")
    old, new = diff(before, snapshot(consultation))
    audit_record(actor=actor, action="update", summary=f"法律咨询转为法律援助申请 {applicant.name}", obj=consultation,
                 before=old, after=new)
    return application


def _at_office(application: Application, doing: str) -> None:
    if application.status != Status.RECEIVED:
        raise ValidationFailed(f"该申请{application.get_status_display()}，不能再{doing}")


@transaction.atomic
def application_update(*, actor: Any, application: Application, data: ApplicationInput) -> Application:
    """Correct an application still at the office; a changed date or urgency moves the forwarding clock and the
    ledger entry with it."""
    _at_office(application, "修改")
    data.channel = application.channel
    earliest = application.consultation.date if application.consultation else None
    data = _clean(data, earliest=earliest)
    before = snapshot(application)
    data.handler = data.handler or application.handler or actor
    if data.handler != application.handler and not serves_at(data.handler, application.org):
        raise ValidationFailed(f"接待人 {data.handler.display_name} 不是{application.org.name}或其上级单位的工作人员", field="handler")
    for name in EDITABLE_FIELDS:
        setattr(application, name, getattr(data, name))
    application.save()
    ensure_in_scope(actor=actor, obj=application, action="change")
    old, new = diff(before, snapshot(application))
    if "received_date" in new:
        WorkEvent.objects.filter(event_type="legal_aid.application_received", object_id=str(application.pk),
                                 content_type=ContentType.objects.get_for_model(Application)).update(date=application.received_date)
        ledger_days_changed([(application.org_id, dt.date.fromisoformat(old["received_date"])),
                             (application.org_id, application.received_date)])
    if {"received_date", "is_urgent", "handler"} & set(new):
        for deadline in open_deadlines_for(application, DEADLINE_FORWARD):
            deadline_close(deadline=deadline, cancelled=True)
        _open_forward_clock(application, actor=actor)
    if new:
        audit_record(actor=actor, action="update", summary=f"修改法律援助申请 {application.applicant.name}", obj=application,
                     before=old, after=new)
    return application


def _action_date(application: Application, date: dt.date | None, what: str) -> dt.date:
    day = date or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationFailed(f"{what}日期不能晚于今天，请核对", field="date")
    if day < application.received_date:
        raise ValidationFailed(f"{what}日期不能早于接收日期（{application.received_date:%Y-%m-%d}），请核对", field="date")
    return day


@transaction.atomic
def application_forward(*, actor: Any, application: Application, date: dt.date | None = None, centre_name: str = "") -> Application:
    """代为转交: the office passes the application and its materials to the county 法律援助机构, which decides within
    seven days of receiving it (法律援助法 第四十三条). Closes the forwarding clock."""
    _at_office(application, "转交")
    day = _action_date(application, date, "转交")
    before = snapshot(application)
    application.status = Status.FORWARDED
    application.forwarded_date = day
    application.centre_name = (centre_name or "").strip() or centre_name_for(application.org)
    application.save(update_fields=["status", "forwarded_date", "centre_name", "updated_at"])
    ensure_in_scope(actor=actor, obj=application, action="change")
    for deadline in open_deadlines_for(application, DEADLINE_FORWARD):
        deadline_close(deadline=deadline)
    old, new = diff(before, snapshot(application))
    audit_record(actor=actor, action="update", summary=f"转交法律援助申请 {application.applicant.name} 至{application.centre_name}",
                 obj=application, before=old, after=new)
    ledger_record(org=application.org, actor=actor, event_type="legal_aid.application_forwarded", target=application, date=day,
                  note=application.applicant.name)
    forward_to_centre(actor=actor, application=application, day=day)
    return application


@transaction.atomic
def application_not_accept(*, actor: Any, application: Application, reason: str, date: dt.date | None = None) -> Application:
    """不予受理 at the office, with the reason told to the applicant (e.g. the matter is not legal aid, or the applicant
    withdrew). The applicant may still apply to the 法律援助机构 directly, which alone refuses aid (第四十三条)."""
    _at_office(application, "不予受理")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationFailed("请写明不予受理的理由，如 申请事项不属于法律援助范围、申请人已委托律师、申请人撤回申请", field="reason")
    day = _action_date(application, date, "不予受理")
    before = snapshot(application)
    application.status = Status.NOT_ACCEPTED
    application.not_accepted_reason, application.not_accepted_date = reason, day
    application.save(update_fields=["status", "not_accepted_reason", "not_accepted_date", "updated_at"])
    ensure_in_scope(actor=actor, obj=application, action="change")
    for deadline in open_deadlines_for(application, DEADLINE_FORWARD):
        deadline_close(deadline=deadline, cancelled=True)
    old, new = diff(before, snapshot(application))
    audit_record(actor=actor, action="update", summary=f"不予受理法律援助申请 {application.applicant.name}", obj=application,
                 before=old, after=new)
    ledger_record(org=application.org, actor=actor, event_type="legal_aid.application_not_accepted", target=application,
                  date=day, note=reason)
    return application
