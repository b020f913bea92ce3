"""Writes of 代收代办: receive a 行政复议申请 (written, or oral recorded on the spot into a 笔录), forward it to the county
行政复议机构 and record what that body did; take in a 公证 or 劳动人事争议仲裁 matter, pass it on and record its result.
The office is a 代收点: only the 复议机构 accepts (行政复议法 第三十条) and decides (第六十三条至第六十九条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.selectors import serves_at
from agency.choices import (
    REVIEW_CHECKLIST_KEYS,
    CaseKind,
    CaseStatus,
    ForwardService,
    ReviewDecision,
    ReviewForm,
    ReviewStatus,
)
from agency.models import REVIEW_WINDOW_DAYS, AgencyCase, ForwardingRule, ReviewApplication, ServiceGuide
from core import calendar
from core.audit import audit_record, diff, snapshot
from core.deadlines import deadline_close, deadline_open, open_deadlines_for
from core.errors import ErrorCollector, ValidationFailed
from core.ledger import ledger_record
from core.services import ensure_in_scope
from orgs.models import Org
from orgs.selectors import registering_office
from people.services import PersonInput, person_find_or_create, person_input_check

DEADLINE_REVIEW_FORWARD = "agency.review_forward"
DEADLINE_CASE_FORWARD = "agency.case_forward"
DEFAULT_FORWARD_WORKING_DAYS = 1  # 当日或者次一工作日转交 (UNCONFIRMED local requirement)
# 劳动争议仲裁时效 (劳动争议调解仲裁法 第二十七条第一款): warn this many days before it runs out.
LIMITATION_WARN_DAYS = 30


def forward_working_days(service: str) -> int:
    """The admin-editable forwarding period (``ForwardingRule``), the next working day when none is set."""
    rule = ForwardingRule.objects.filter(service=service).first()
    return rule.working_days if rule is not None else DEFAULT_FORWARD_WORKING_DAYS


def review_body_for(office: Org) -> str:
    """The county 行政复议机构 an office forwards to: the county government's (行政复议法 第四条、第二十四条; in
    practice the 司法局 handles 复议 matters), named after the county's region."""
    county = Org.objects.filter(path=office.path[: -Org.steplen], kind=Org.Kind.COUNTY_BUREAU).select_related("region").first()
    region = county.region if county is not None else office.region
    return f"{region.name}人民政府行政复议机构（{region.name}司法局）"


def _office(org: Org, *, handler: Any, errors: ErrorCollector) -> None:
    if org.kind != Org.Kind.OFFICE:
        errors.add("行政复议申请和公证仲裁代办由司法所办理，请选择司法所", field="org")
    elif handler is not None and not serves_at(handler, org):
        errors.add(f"经办人 {handler.display_name} 不是{org.name}或其上级单位的工作人员", field="handler")


def _day(value: dt.date | None, *, not_before: dt.date, what: str, field: str = "date") -> dt.date:
    day = value or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationFailed(f"{what}不能晚于今天，请核对", field=field)
    if day < not_before:
        raise ValidationFailed(f"{what}不能早于{not_before:%Y-%m-%d}，请核对", field=field)
    return day


# ------------------------------------------------------------------------------------------------- 行政复议申请代收


@dataclass
class ReviewInput:
    form: str
    respondent: str
    act: str
    act_known_date: dt.date | None
    request: str
    facts: str
    received_at: dt.datetime | None = None
    oral_record: str = ""
    checklist: list[str] = field(default_factory=list)
    late_reason: str = ""
    handler: Any = None


def window_days_left(act_known_date: dt.date, *, today: dt.date | None = None) -> int:
    """Days left of the 60-day window (第二十条第一款); negative once it has run out."""
    return (act_known_date + dt.timedelta(days=REVIEW_WINDOW_DAYS) - (today or timezone.localdate())).days


def _review_clean(org: Org, data: ReviewInput) -> ReviewInput:
    errors = ErrorCollector()  # every problem at once, each at its field
    _office(org, handler=data.handler, errors=errors)
    now = timezone.now()
    data.received_at = data.received_at or now
    if data.received_at > now + dt.timedelta(minutes=5):
        errors.add("收件时间不能晚于现在，请核对", field="received_at")
    received = timezone.localtime(data.received_at).date()
    if data.form not in ReviewForm.values:
        errors.add("请选择申请方式：书面申请，或书面申请有困难的口头申请（行政复议法 第二十二条第一款）", field="form")
    for name in ("respondent", "act", "request", "facts", "oral_record", "late_reason"):
        setattr(data, name, (getattr(data, name) or "").strip())
    if not data.respondent:
        errors.add("请填写被申请人：作出行政行为的行政机关名称，如 某镇人民政府", field="respondent")
    if not data.act:
        errors.add("请填写申请复议的行政行为：作出机关、日期、文号或内容", field="act")
    if not data.request:
        errors.add("请填写行政复议请求，如 请求撤销某决定", field="request")
    if not data.facts:
        errors.add("请填写申请行政复议的主要事实和理由", field="facts")
    if data.form == ReviewForm.ORAL and len(data.oral_record) < 10:
        errors.add("口头申请须当场记录申请人的基本情况、行政复议请求、主要事实、理由和时间，并由申请人签名确认"
                   "（行政复议法 第二十二条第三款），请填写笔录", field="oral_record")
    if data.form != ReviewForm.ORAL:
        data.oral_record = ""
    unknown = set(data.checklist or []) - set(REVIEW_CHECKLIST_KEYS)
    if unknown:
        errors.add("申请书核对事项有误，请重新勾选", field="checklist")
    data.checklist = [key for key in REVIEW_CHECKLIST_KEYS if key in set(data.checklist or [])]
    if "one_act" not in data.checklist and not errors.fields() & {"checklist"}:
        errors.add("对两个以上行政行为不服的，应当分别申请行政复议（行政复议法 第二十二条第四款）：请申请人分别提出，"
                   "每份申请登记一次", field="checklist")
    if data.act_known_date is None:
        errors.add("请填写申请人知道或者应当知道该行政行为之日（申请期限由此起算，行政复议法 第二十条）", field="act_known_date")
    elif data.act_known_date > received:
        errors.add("知道行政行为之日不能晚于收件日期，请核对", field="act_known_date")
    elif (received - data.act_known_date).days > REVIEW_WINDOW_DAYS and not data.late_reason:
        errors.add(f"申请人于{data.act_known_date:%Y-%m-%d}知道该行政行为，至收件日已{(received - data.act_known_date).days}日，"
                   f"超过六十日申请期限（行政复议法 第二十条第一款）。如因不可抗力或者其他正当理由耽误期限，或者行政机关未告知"
                   "申请复议的权利、复议机关和期限，请在“超过六十日的正当理由”中写明（第二十条第二款、第三款），否则不予代收",
                   field="late_reason")
    elif (received - data.act_known_date).days <= REVIEW_WINDOW_DAYS:
        data.late_reason = ""
    errors.raise_if_any()
    return data


def review_check(*, org: Org, person: PersonInput, data: ReviewInput) -> None:
    """Every problem of a new 复议 application at once (``ValidationErrors``), nothing saved: the receiving dialog runs
    it while its form is cleaned."""
    errors = ErrorCollector()
    with errors.check():
        _review_clean(org, replace(data, checklist=list(data.checklist)))
    with errors.check():
        person_input_check(person)
    errors.raise_if_any()


def _open_review_clock(application: ReviewApplication, *, actor: Any) -> None:
    days = forward_working_days(ForwardService.REVIEW)
    received = application.received_date
    application.forward_due = calendar.add_working_days(received, days)
    deadline_open(
        org=application.org, owner=application.handler or actor, kind=DEADLINE_REVIEW_FORWARD,
        title=f"转交行政复议申请：{application.applicant.name}（申请期限{application.window_end:%m-%d}届满）",
        start_date=received, due_date=application.forward_due, target=application, link=application.get_absolute_url(),
        basis=f"收件后{days}个工作日内转交复议机构（本地工作要求，未确认）；申请期限自知道行政行为之日起六十日（行政复议法 第二十条）",
    )


@transaction.atomic
def review_receive(*, actor: Any, org: Org, applicant: PersonInput, data: ReviewInput) -> ReviewApplication:
    """代收行政复议申请. The receipt time is recorded to the minute (whether receipt at a 代收点 counts as the filing
    date is a local rule, UNCONFIRMED, so the applicant is told the 60-day window of 第二十条 keeps running until the
    复议机构 has it); an application past the window is taken only with the reason the user records (第二十条第二款)."""
    data = _review_clean(org, data)
    assert data.received_at is not None and data.act_known_date is not None  # _review_clean refused them missing
    person = person_find_or_create(actor=actor, org=registering_office(org), data=applicant)
    application = ReviewApplication.objects.create(
        org=org, created_by=actor, applicant=person, received_at=data.received_at, form=data.form, respondent=data.respondent,
        act=data.act, act_known_date=data.act_known_date, request=data.request, facts=data.facts,
        oral_record=data.oral_record, checklist=data.checklist, late_reason=data.late_reason, handler=data.handler or actor,
    )
    ensure_in_scope(actor=actor, obj=application, action="add")
    _open_review_clock(application, actor=actor)
    application.save(update_fields=["forward_due"])
    audit_record(actor=actor, action="create", summary=f"代收行政复议申请 {person.name}", obj=application,
                 after=snapshot(application))
    ledger_record(org=org, actor=actor, event_type="agency.review_received", target=application,
                  date=application.received_date, note=f"{person.name} 诉 {application.respondent}")
    return application


def _require(application: ReviewApplication, allowed: set[str], doing: str) -> None:
    if application.status not in allowed:
        raise ValidationFailed(f"该申请{application.get_status_display()}，不能{doing}")


def _save(obj: Any, *, actor: Any, before: dict[str, Any], summary: str, fields: list[str]) -> None:
    obj.save(update_fields=[*fields, "updated_at"])
    ensure_in_scope(actor=actor, obj=obj, action="change")
    old, new = diff(before, snapshot(obj))
    audit_record(actor=actor, action="update", summary=summary, obj=obj, before=old, after=new)


@transaction.atomic
def review_forward(*, actor: Any, application: ReviewApplication, date: dt.date | None = None,
                   review_body: str = "") -> ReviewApplication:
    """转交复议机构: the office passes the 申请书 or 笔录 and the materials on; closes the forwarding clock. The
    复议机构 then reviews it within five working days (行政复议法 第三十条)."""
    _require(application, {ReviewStatus.RECEIVED}, "转交")
    day = _day(date, not_before=application.received_date, what="转交日期")
    before = snapshot(application)
    application.status, application.forwarded_date = ReviewStatus.FORWARDED, day
    application.review_body = (review_body or "").strip() or review_body_for(application.org)
    _save(application, actor=actor, before=before, summary=f"转交行政复议申请 {application.applicant.name} 至{application.review_body}",
          fields=["status", "forwarded_date", "review_body"])
    for deadline in open_deadlines_for(application, DEADLINE_REVIEW_FORWARD):
        deadline_close(deadline=deadline)
    ledger_record(org=application.org, actor=actor, event_type="agency.review_forwarded", target=application, date=day,
                  note=application.applicant.name)
    return application


@transaction.atomic
def review_withdraw(*, actor: Any, application: ReviewApplication, reason: str, date: dt.date | None = None) -> ReviewApplication:
    """申请人撤回 before the office forwarded it (the materials are returned); closes the forwarding clock."""
    _require(application, {ReviewStatus.RECEIVED}, "登记撤回")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationFailed("请写明撤回情况，如 申请人与被申请人协商解决，自愿撤回并取回材料", field="reason")
    day = _day(date, not_before=application.received_date, what="撤回日期")
    before = snapshot(application)
    application.status, application.decision_note = ReviewStatus.WITHDRAWN, f"{day:%Y-%m-%d} 撤回：{reason}"
    _save(application, actor=actor, before=before, summary=f"行政复议申请撤回 {application.applicant.name}",
          fields=["status", "decision_note"])
    for deadline in open_deadlines_for(application, DEADLINE_REVIEW_FORWARD):
        deadline_close(deadline=deadline, cancelled=True)
    return application


@transaction.atomic
def review_acceptance(*, actor: Any, application: ReviewApplication, accepted: bool, date: dt.date | None = None,
                      reason: str = "") -> ReviewApplication:
    """登记复议机构的受理结果 (行政复议法 第三十条: 受理 or 不予受理 with reasons, within five working days)."""
    _require(application, {ReviewStatus.FORWARDED}, "登记受理结果")
    assert application.forwarded_date is not None
    day = _day(date, not_before=application.forwarded_date, what="受理或不予受理日期")
    reason = (reason or "").strip()
    if not accepted and len(reason) < 4:
        raise ValidationFailed("请填写复议机构不予受理的理由，如 超过申请期限且无正当理由（行政复议法 第三十条）", field="reason")
    before = snapshot(application)
    application.status = ReviewStatus.ACCEPTED if accepted else ReviewStatus.NOT_ACCEPTED
    application.accepted_date, application.not_accepted_reason = day, "" if accepted else reason
    _save(application, actor=actor, before=before,
          summary=f"行政复议申请{'已受理' if accepted else '不予受理'} {application.applicant.name}",
          fields=["status", "accepted_date", "not_accepted_reason"])
    ledger_record(org=application.org, actor=actor, event_type="agency.review_outcome", target=application, date=day,
                  note="受理" if accepted else "不予受理")
    return application


@transaction.atomic
def review_decide(*, actor: Any, application: ReviewApplication, decision: str, date: dt.date | None = None,
                  note: str = "") -> ReviewApplication:
    """登记行政复议决定 the 复议机构 served (第六十三条至第六十九条; 调解 第七十三条; 终止 第四十一条)."""
    _require(application, {ReviewStatus.ACCEPTED}, "登记复议决定")
    if decision not in ReviewDecision.values:
        raise ValidationFailed("请选择复议决定：维持、撤销、变更、确认违法、责令履行、确认无效、驳回、调解结案或终止", field="decision")
    assert application.accepted_date is not None
    day = _day(date, not_before=application.accepted_date, what="决定日期")
    before = snapshot(application)
    application.status, application.decision, application.decision_date = ReviewStatus.DECIDED, decision, day
    application.decision_note = (note or "").strip()
    _save(application, actor=actor, before=before, summary=f"登记行政复议决定 {application.applicant.name}",
          fields=["status", "decision", "decision_date", "decision_note"])
    ledger_record(org=application.org, actor=actor, event_type="agency.review_outcome", target=application, date=day,
                  note=application.get_decision_display())
    return application


# ------------------------------------------------------------------------------------------------- 公证仲裁代办


@dataclass
class CaseInput:
    kind: str
    matter: str
    institution: str = ""
    detail: str = ""
    received_date: dt.date | None = None
    rights_known_date: dt.date | None = None
    guide: ServiceGuide | None = None
    handler: Any = None


def limitation_warning(rights_known_date: dt.date | None, *, today: dt.date | None = None) -> str:
    """The warning shown for a 劳动人事争议仲裁 referral (劳动争议调解仲裁法 第二十七条): empty when time is ample."""
    if rights_known_date is None:
        return ""
    end = calendar.add_months(rights_known_date, 12)
    left = (end - (today or timezone.localdate())).days
    if left < 0:
        return (f"仲裁时效已于{end:%Y-%m-%d}届满（知道权利被侵害之日起一年，劳动争议调解仲裁法 第二十七条第一款）。"
                "如有时效中断、中止事由或属劳动关系存续期间拖欠劳动报酬的（第二十七条第二款至第四款），请告知申请人向仲裁委说明")
    if left <= LIMITATION_WARN_DAYS:
        return f"仲裁时效将于{end:%Y-%m-%d}届满，仅剩{left}日，请尽快转交仲裁委（劳动争议调解仲裁法 第二十七条）"
    return ""


def _case_clean(org: Org, data: CaseInput) -> CaseInput:
    errors = ErrorCollector()
    _office(org, handler=data.handler, errors=errors)
    data.received_date = data.received_date or timezone.localdate()
    if data.received_date > timezone.localdate():
        errors.add("受托日期不能晚于今天，请核对", field="received_date")
    if data.kind not in CaseKind.values:
        errors.add("请选择类别：公证代办或劳动人事争议仲裁转介", field="kind")
    data.matter, data.detail = (data.matter or "").strip(), (data.detail or "").strip()
    data.institution = (data.institution or "").strip() or (data.guide.institution if data.guide else "")
    if not data.matter:
        errors.add("请填写事项，如 继承公证、追索劳动报酬", field="matter")
    if not data.institution:
        errors.add("请选择办事指引或填写办理机构（公证处、劳动人事争议仲裁委员会）", field="institution")
    if data.kind == CaseKind.LABOUR_ARBITRATION:
        if data.rights_known_date is None:
            errors.add("请填写知道或者应当知道权利被侵害之日：劳动争议仲裁时效为一年，由此起算（劳动争议调解仲裁法 第二十七条）",
                       field="rights_known_date")
        elif data.rights_known_date > data.received_date:
            errors.add("知道权利被侵害之日不能晚于受托日期，请核对", field="rights_known_date")
    else:
        data.rights_known_date = None
    errors.raise_if_any()
    return data


def case_check(*, org: Org, person: PersonInput, data: CaseInput) -> None:
    errors = ErrorCollector()
    with errors.check():
        _case_clean(org, replace(data))
    with errors.check():
        person_input_check(person)
    errors.raise_if_any()


@transaction.atomic
def case_receive(*, actor: Any, org: Org, person: PersonInput, data: CaseInput) -> AgencyCase:
    """受托代办: a 公证 application the office takes in for the 公证处 (公证法 第二十五条: the 公证处 of the place of
    residence, of the act or of the property) or a labour dispute it refers to the 仲裁委; opens the forwarding clock.
    A referral past the one-year limitation is still taken (the 仲裁委 judges 中断、中止), with the warning."""
    data = _case_clean(org, data)
    assert data.received_date is not None
    who = person_find_or_create(actor=actor, org=registering_office(org), data=person)
    case = AgencyCase.objects.create(
        org=org, created_by=actor, kind=data.kind, received_date=data.received_date, person=who, matter=data.matter,
        detail=data.detail, institution=data.institution, guide=data.guide, rights_known_date=data.rights_known_date,
        handler=data.handler or actor,
    )
    ensure_in_scope(actor=actor, obj=case, action="add")
    days = forward_working_days(ForwardService.CASE)
    case.forward_due = calendar.add_working_days(case.received_date, days)
    case.save(update_fields=["forward_due"])
    deadline_open(
        org=org, owner=case.handler or actor, kind=DEADLINE_CASE_FORWARD,
        title=f"转交{case.get_kind_display()}：{who.name} {case.matter}", start_date=case.received_date,
        due_date=case.forward_due, target=case, link=case.get_absolute_url(),
        basis=f"受托后{days}个工作日内转交{case.institution}（本地工作要求，未确认）",
    )
    audit_record(actor=actor, action="create", summary=f"受托{case.get_kind_display()} {who.name}", obj=case, after=snapshot(case))
    ledger_record(org=org, actor=actor, event_type="agency.case_received", target=case, date=case.received_date,
                  note=f"{who.name} {case.matter}")
    return case


@transaction.atomic
def case_forward(*, actor: Any, case: AgencyCase, date: dt.date | None = None) -> AgencyCase:
    """转交公证处或仲裁委; closes the forwarding clock."""
    if case.status != CaseStatus.RECEIVED:
        raise ValidationFailed(f"该事项{case.get_status_display()}，不能再转交")
    day = _day(date, not_before=case.received_date, what="转交日期")
    before = snapshot(case)
    case.status, case.forwarded_date = CaseStatus.FORWARDED, day
    _save(case, actor=actor, before=before, summary=f"转交{case.get_kind_display()} {case.person.name} 至{case.institution}",
          fields=["status", "forwarded_date"])
    for deadline in open_deadlines_for(case, DEADLINE_CASE_FORWARD):
        deadline_close(deadline=deadline)
    ledger_record(org=case.org, actor=actor, event_type="agency.case_forwarded", target=case, date=day, note=case.person.name)
    return case


@transaction.atomic
def case_result(*, actor: Any, case: AgencyCase, done: bool, result: str, date: dt.date | None = None) -> AgencyCase:
    """登记办理结果: the 公证书 issued (公证法 第三十条: 十五个工作日内) or refused, the 仲裁委's acceptance, award or
    mediation, or why the person gave up. Recorded before forwarding (the person withdrew) it closes the clock too."""
    if case.status not in {CaseStatus.RECEIVED, CaseStatus.FORWARDED}:
        raise ValidationFailed(f"该事项{case.get_status_display()}，不能再登记结果")
    result = (result or "").strip()
    if len(result) < 4:
        raise ValidationFailed("请写明办理结果，如 已出具继承公证书、仲裁委已受理、申请人自愿放弃", field="result")
    day = _day(date, not_before=case.forwarded_date or case.received_date, what="结果日期")
    before = snapshot(case)
    case.status = CaseStatus.DONE if done else CaseStatus.FAILED
    case.result, case.result_date = result, day
    _save(case, actor=actor, before=before, summary=f"登记{case.get_kind_display()}结果 {case.person.name}",
          fields=["status", "result", "result_date"])
    for deadline in open_deadlines_for(case, DEADLINE_CASE_FORWARD):
        deadline_close(deadline=deadline, cancelled=True)
    ledger_record(org=case.org, actor=actor, event_type="agency.case_result", target=case, date=day, note=result[:60])
    return case
