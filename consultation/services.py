"""Writes of 法律咨询: record and correct a consultation, and turn one into a 矛盾纠纷 without retyping it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.selectors import serves_at
from consultation.choices import Channel, FollowUp
from consultation.models import Consultation
from core.audit import audit_record, diff, snapshot
from core.dictionaries import dict_choices
from core.errors import ErrorCollector, ValidationFailed
from core.ledger import ledger_days_changed, ledger_record
from core.models import WorkEvent
from core.services import ensure_in_scope
from mediation.choices import PartyRole, Source
from mediation.models import Dispute
from mediation.services import DisputeInput, PartyInput, dispute_register
from orgs.selectors import registering_office
from people.services import PersonInput, person_find_or_create

MAX_DURATION_MINUTES = 480


@dataclass
class ConsultationInput:
    date: dt.date
    channel: str
    topic: str
    question: str
    answer: str = ""
    laws_cited: str = ""
    handler: Any = None
    duration_minutes: int | None = None
    follow_up: str = FollowUp.NONE
    referred_to: str = ""
    number: str = ""


# Fields a correction may change; the consulting person is fixed (his details are edited in 人员信息库).
EDITABLE_FIELDS = ("number", "date", "channel", "topic", "question", "answer", "laws_cited", "handler", "duration_minutes",
                   "follow_up", "referred_to")


def _laws(text: str) -> str:
    """One citation a line, blank lines and repeats dropped, order kept."""
    seen: list[str] = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if line and line not in seen:
            seen.append(line)
    return "\n".join(seen)


def _clean(org: Any, data: ConsultationInput, *, converted: bool, aid_linked: bool = False) -> ConsultationInput:
    errors = ErrorCollector()  # every problem at once, each at its field
    if not data.date:
        errors.add("请填写咨询日期", field="date")
    elif data.date > timezone.localdate():
        errors.add("咨询日期不能晚于今天，请核对", field="date")
    if data.channel not in Channel.values:
        errors.add("请选择咨询方式（来访、电话、网上、视频或12348热线）", field="channel")
    if data.topic not in dict(dict_choices("consultation_topic")):
        errors.add("请选择咨询类别", field="topic")
    data.question = (data.question or "").strip()
    data.answer = (data.answer or "").strip()
    data.referred_to = (data.referred_to or "").strip()
    data.number = (data.number or "").strip()
    data.laws_cited = _laws(data.laws_cited)
    if not data.question:
        errors.add("请填写咨询问题：群众反映的情况和想了解的问题", field="question")
    if data.follow_up not in FollowUp.values:
        errors.add("请选择后续处理方式", field="follow_up")
    if data.follow_up == FollowUp.DISPUTE and not converted:
        errors.add("转为矛盾纠纷请保存咨询后在详情页点击“转为矛盾纠纷”，系统会带入咨询人和咨询问题生成纠纷登记",
                   field="follow_up")
    if converted and data.follow_up != FollowUp.DISPUTE:
        errors.add("该咨询已转为矛盾纠纷，后续处理不能再修改", field="follow_up")
    if aid_linked and data.follow_up != FollowUp.LEGAL_AID:
        errors.add("该咨询已转为法律援助申请，后续处理不能再修改", field="follow_up")
    if data.follow_up == FollowUp.REFERRED and not data.referred_to:
        errors.add("转介其他部门时请填写转介单位，如 县人力资源和社会保障局劳动保障监察大队", field="referred_to")
    if data.follow_up != FollowUp.REFERRED:
        data.referred_to = ""
    if not data.answer and data.follow_up != FollowUp.REFERRED:
        errors.add("请填写解答意见（只有转介其他部门处理的咨询可以不填）", field="answer")
    if data.duration_minutes is not None and not 0 < data.duration_minutes <= MAX_DURATION_MINUTES:
        errors.add(f"用时应在1至{MAX_DURATION_MINUTES}分钟之间，请核对", field="duration_minutes")
    if data.handler is not None and not serves_at(data.handler, org):
        errors.add(f"接待人 {data.handler.display_name} 不是{org.name}或其上级单位的工作人员", field="handler")
    errors.raise_if_any()
    return data


def consultation_check(*, org: Any, data: ConsultationInput) -> None:
    """Every problem of a new consultation's input at once (``ValidationErrors``), nothing saved: the registration
    dialog runs it while its form is cleaned, so the form's errors and these come in one round."""
    _clean(org, replace(data), converted=False)


@transaction.atomic
def consultation_record(*, actor: Any, org: Any, person: PersonInput, data: ConsultationInput) -> Consultation:
    """登记一次法律咨询. The consulting person is typed in the form and registered once in the people registry
    (found again by ID number); the ledger counts one 人次."""
    data = _clean(org, data, converted=False)
    who = person_find_or_create(actor=actor, org=registering_office(org), data=person)
    consultation = Consultation.objects.create(
        org=org, created_by=actor, person=who, number=data.number, date=data.date, channel=data.channel, topic=data.topic,
        question=data.question, answer=data.answer, laws_cited=data.laws_cited, handler=data.handler or actor,
        duration_minutes=data.duration_minutes, follow_up=data.follow_up, referred_to=data.referred_to,
    )
    ensure_in_scope(actor=actor, obj=consultation, action="add")
    audit_record(actor=actor, action="create", summary=f"登记法律咨询 {who.name}", obj=consultation, after=snapshot(consultation))
    ledger_record(org=org, actor=actor, event_type="consultation.recorded", target=consultation, date=data.date, note=who.name)
    return consultation


@transaction.atomic
def consultation_update(*, actor: Any, consultation: Consultation, data: ConsultationInput) -> Consultation:
    """Correct a consultation record; the ledger entry follows a changed date."""
    aid_linked = hasattr(consultation, "legal_aid_application")  # the 法律援助申请 made from it, if any
    data = _clean(consultation.org, data, converted=consultation.dispute_id is not None, aid_linked=aid_linked)
    if consultation.dispute is not None and data.date > consultation.dispute.received_date:
        raise ValidationFailed("咨询日期不能晚于转办纠纷的登记日期，请核对", field="date")
    before = snapshot(consultation)
    data.handler = data.handler or consultation.handler or actor
    for name in EDITABLE_FIELDS:
        setattr(consultation, name, getattr(data, name))
    consultation.save()
    ensure_in_scope(actor=actor, obj=consultation, action="change")
    old, new = diff(before, snapshot(consultation))
    if "date" in new:  # the visit is counted on the corrected day
        WorkEvent.objects.filter(event_type="consultation.recorded", object_id=str(consultation.pk),
                                 content_type=ContentType.objects.get_for_model(Consultation)).update(date=consultation.date)
        ledger_days_changed([(consultation.org_id, dt.date.fromisoformat(old["date"])), (consultation.org_id, consultation.date)])
    audit_record(actor=actor, action="update", summary=f"修改法律咨询 {consultation.person.name}", obj=consultation,
                 before=old, after=new)
    return consultation


@dataclass
class ConversionInput:
    """What the 转为矛盾纠纷 dialog adds to the consultation: the other party and the dispute's name and type."""

    title: str
    category: str
    respondent_name: str
    respondent_id_number: str = ""
    respondent_phone: str = ""
    respondent_same_person: bool = False  # the user confirmed the registered person of that number (see people.services)
    claims: str = ""
    amount: Decimal = Decimal(0)
    received_date: dt.date | None = None
    org: Any = None


@transaction.atomic
def consultation_to_dispute(*, actor: Any, consultation: Consultation, data: ConversionInput) -> Dispute:
    """转为矛盾纠纷: the consulting person becomes the applicant and the question the dispute's facts, so nothing
    is typed twice (人民调解法 第十七条: 当事人可以向人民调解委员会申请调解, hence source 当事人申请)."""
    if consultation.dispute is not None:
        raise ValidationFailed(f"该咨询已转为矛盾纠纷（{consultation.dispute.title}），不能重复转办")
    if consultation.follow_up == FollowUp.REFERRED:
        raise ValidationFailed(f"该咨询已转介{consultation.referred_to}处理；如需调解，请先将后续处理改为“无需后续”")
    if hasattr(consultation, "legal_aid_application"):
        raise ValidationFailed("该咨询已转为法律援助申请，不能再转为矛盾纠纷；如另有纠纷需要调解，请在矛盾纠纷台账中登记")
    errors = ErrorCollector()  # every problem at once, each at its field
    received = data.received_date or timezone.localdate()
    if received < consultation.date:
        errors.add("纠纷登记日期不能早于咨询日期", field="received_date")
    org = data.org or consultation.org
    if not org.path.startswith(consultation.org.path):
        errors.add("只能转给本司法所或其下属的人民调解委员会受理", field="org")
    if not (data.respondent_name or "").strip():
        errors.add("请填写被申请人（纠纷的另一方）姓名", field="respondent_name")
    elif "org" not in errors.fields():  # the respondent is registered at the receiving org's office
        with errors.check(prefix="respondent_", party="被申请人"):
            respondent = person_find_or_create(actor=actor, org=registering_office(org), data=PersonInput(
                name=data.respondent_name, id_number=data.respondent_id_number, phone=data.respondent_phone,
                same_person=data.respondent_same_person))
    errors.raise_if_any()
    dispute = dispute_register(actor=actor, org=org, data=DisputeInput(
        title=data.title, category=data.category, facts=consultation.question, received_date=received, source=Source.APPLICATION,
        claims=data.claims, amount=data.amount,
        parties=[PartyInput(consultation.person, PartyRole.APPLICANT), PartyInput(respondent, PartyRole.RESPONDENT)],
    ))
    before = snapshot(consultation)
    consultation.follow_up, consultation.dispute, consultation.referred_to = FollowUp.DISPUTE, dispute, ""
    consultation.save(update_fields=["follow_up", "dispute", "referred_to", "updated_at"])
    ensure_in_scope(actor=actor, obj=consultation, action="change")
    old, new = diff(before, snapshot(consultation))
    audit_record(actor=actor, action="update", summary=f"法律咨询转为矛盾纠纷 {dispute.title}", obj=consultation, before=old, after=new)
    ledger_record(org=consultation.org, actor=actor, event_type="consultation.converted_to_dispute", target=consultation,
                  date=received, note=dispute.title)
    return dispute
