"""Writes of 调查评估 (社区矫正法 第十八条): register a commission, extend its period by agreement, record interviews,
issue the 调查评估意见书, put it on record (备案) with the county 社区矫正机构, which accepts it or sends it back.

Each write runs in one transaction with its audit row and ledger entries; the commission's clock
(``corrections.investigation``) opens at registration on the working-day calendar and closes when the opinion is issued."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from core import calendar
from core.audit import audit_record, diff, snapshot
from core.deadlines import deadline_open, deadline_state, deadlines_close_for, open_deadlines_for
from core.errors import AccessDenied, ValidationFailed
from core.ledger import ledger_record
from core.models import WorkEvent
from core.parameters import get_int
from core.services import ensure_in_scope
from corrections.choices import CommissioningBody, CorrectionType, IntervieweeKind, InvestigationStatus, Opinion
from corrections.models import Investigation, InvestigationInterview
from corrections.parameters import FAST_TRACK_DAYS, INVESTIGATION_DAYS
from documents.services import document_generate
from orgs.models import Org
from orgs.selectors import registering_office
from people.services import PersonInput, person_find_or_create

DEADLINE = "corrections.investigation"
RECEIVED = "investigation.received"
COMPLETED = "investigation.completed"
OVERDUE = "investigation.overdue"
FILED = "investigation.filed"
# The 调查评估意见书 (documents kind and 文号 series （2026）红西司矫调字第3号, see corrections.documents).
DOCUMENT_KIND = "corrections_investigation"
# 实施办法 第十四条 (UNCONFIRMED): 延长调查评估期限 needs the commissioning body's agreement; the platform caps one
# extension at another full period so a typo cannot push the clock a year away.
MAX_EXTENSION_FACTOR = 2


@dataclass
class InvestigationInput:
    body_type: str
    body_name: str
    case_number: str
    proposed_type: str
    crime: str
    received_date: dt.date
    fast_track: bool = False
    officer: Any = None


def period_days(fast_track: bool) -> int:
    """The investigation period in working days: 10, or 5 under 速裁 (administrator-editable defaults)."""
    return get_int(FAST_TRACK_DAYS if fast_track else INVESTIGATION_DAYS)


def due_date_for(received: dt.date, fast_track: bool) -> dt.date:
    """The last day: ``period_days`` working days after receipt, the day of receipt not counted, weekends, 法定节假日
    and 调休 on the working-day calendar (调休 Saturdays count as working days)."""
    return calendar.add_working_days(received, period_days(fast_track))


def _clean(org: Org, data: InvestigationInput) -> InvestigationInput:
    if org.kind != Org.Kind.OFFICE:
        raise ValidationFailed(f"“{org.name}”不是司法所；调查评估由受委托的司法所办理，请选择司法所", field="org")
    if data.body_type not in CommissioningBody.values:
        raise ValidationFailed(f"请选择委托机关类别：{'、'.join(CommissioningBody.labels)}", field="body_type")
    if data.proposed_type not in CorrectionType.values:
        raise ValidationFailed("请选择拟适用的矫正类别：管制、缓刑、假释或暂予监外执行", field="proposed_type")
    data.body_name = " ".join((data.body_name or "").split())
    data.case_number = (data.case_number or "").strip()
    data.crime = (data.crime or "").strip()
    if not data.body_name:
        raise ValidationFailed("请填写委托机关名称，如 赤峰市红山区人民法院", field="body_name")
    if not data.case_number:
        raise ValidationFailed("请填写委托函文号或案号，如 （2026）内0402刑初456号", field="case_number")
    if not data.crime:
        raise ValidationFailed("请填写涉嫌（所犯）罪名，如 盗窃罪", field="crime")
    if not data.received_date:
        raise ValidationFailed("请填写收到委托函的日期", field="received_date")
    if data.received_date > timezone.localdate():
        raise ValidationFailed("收到委托日期不能晚于今天，请核对委托函的签收日期", field="received_date")
    if data.fast_track and data.body_type not in (CommissioningBody.COURT, CommissioningBody.PROCURATORATE):
        raise ValidationFailed("速裁程序只适用于人民法院、人民检察院办理的刑事案件，请核对", field="fast_track")
    return data


@transaction.atomic
def investigation_register(*, actor: Any, org: Org, person: PersonInput, data: InvestigationInput) -> Investigation:
    """登记调查评估委托: the commission letter and its attachments were received on ``received_date``; the clock runs
    10 working days (5 for 速裁) from the next working day. The person is found or registered in the people registry."""
    data = _clean(org, data)
    if not (person.name or "").strip():
        raise ValidationFailed("请填写被调查人姓名", field="name")
    who = person_find_or_create(actor=actor, org=registering_office(org), data=person)
    open_same = Investigation.objects.filter(org=org, person=who, case_number=data.case_number).exclude(
        status=InvestigationStatus.FILED)
    if open_same.exists():
        raise ValidationFailed(f"{who.name} 在案号 {data.case_number} 下已有一件未办结的调查评估，请勿重复登记", field="case_number")
    inv = Investigation.objects.create(
        org=org, created_by=actor, person=who, body_type=data.body_type, body_name=data.body_name,
        case_number=data.case_number, proposed_type=data.proposed_type, crime=data.crime, received_date=data.received_date,
        fast_track=data.fast_track, due_date=due_date_for(data.received_date, data.fast_track), officer=data.officer or actor,
    )
    ensure_in_scope(actor=actor, obj=inv, action="add")
    audit_record(actor=actor, action="create", summary=f"登记调查评估委托 {who.name}（{inv.body_name}）", obj=inv,
                 after=snapshot(inv))
    ledger_record(org=org, actor=actor, event_type=RECEIVED, target=inv, date=inv.received_date, note=who.name)
    days = period_days(inv.fast_track)
    deadline_open(org=org, owner=inv.officer, kind=DEADLINE, title=f"调查评估：{who.name}", start_date=inv.received_date,
                  due_date=inv.due_date, target=inv, link=inv.get_absolute_url(),
                  basis=f"社区矫正法 第十八条、实施办法 第十四条：收到委托之日起{days}个工作日内完成调查评估")
    return inv


def _editable(inv: Investigation) -> None:
    if inv.status != InvestigationStatus.INVESTIGATING:
        raise ValidationFailed(f"该调查评估{inv.get_status_display()}，不能再修改调查环节；如需更正请由县级社区矫正机构退回",
                               field="status")


@transaction.atomic
def investigation_extend(*, actor: Any, investigation: Investigation, due_date: dt.date, reason: str) -> Investigation:
    """延长调查评估期限: by agreement with the commissioning body (实施办法 第十四条, UNCONFIRMED). The new last day
    must be a working day after the current one; the clock follows."""
    inv = investigation
    _editable(inv)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("请写明延期的理由及委托机关同意延期的情况（如 经红山区人民法院刑庭王法官电话同意）", field="reason")
    if not due_date or due_date <= inv.due_date:
        raise ValidationFailed(f"延长后的期限须晚于原期限 {inv.due_date:%Y-%m-%d}", field="due_date")
    if not calendar.is_workday(due_date):
        raise ValidationFailed(f"{due_date:%Y-%m-%d} 不是工作日，请选择工作日作为延长后的期限", field="due_date")
    limit = calendar.add_working_days(inv.received_date, period_days(inv.fast_track) * MAX_EXTENSION_FACTOR)
    if due_date > limit:
        raise ValidationFailed(f"延长后的期限最迟为 {limit:%Y-%m-%d}（原期限的两倍）；更长的延期请另行与委托机关书面商定",
                               field="due_date")
    before = snapshot(inv)
    inv.due_date, inv.extended_reason = due_date, reason
    inv.save(update_fields=["due_date", "extended_reason", "updated_at"])
    ensure_in_scope(actor=actor, obj=inv, action="change")
    open_deadlines_for(inv, DEADLINE).update(due_date=due_date, state=deadline_state(due_date))
    old, new = diff(before, snapshot(inv))
    audit_record(actor=actor, action="update", summary=f"延长调查评估期限 {inv.person.name} 至 {due_date:%Y-%m-%d}", obj=inv,
                 before=old, after=new)
    return inv


@transaction.atomic
def interview_add(*, actor: Any, investigation: Investigation, date: dt.date, kind: str, interviewee: str,
                  content: str, place: str = "") -> InvestigationInterview:
    """调查走访: one interview with what was found (居所、家庭和社会关系、一贯表现、犯罪影响、村（居）委会和被害人意见)."""
    inv = investigation
    _editable(inv)
    if kind not in IntervieweeKind.values:
        raise ValidationFailed(f"请选择走访对象类别：{'、'.join(IntervieweeKind.labels)}", field="kind")
    interviewee, content = (interviewee or "").strip(), (content or "").strip()
    if not interviewee:
        raise ValidationFailed("请填写被走访人姓名或单位", field="interviewee")
    if not content:
        raise ValidationFailed("请填写走访情况", field="content")
    if not date:
        raise ValidationFailed("请填写走访日期", field="date")
    if date < inv.received_date or date > timezone.localdate():
        raise ValidationFailed(f"走访日期应在收到委托（{inv.received_date:%Y-%m-%d}）之后、今天之前", field="date")
    ensure_in_scope(actor=actor, obj=inv, action="change")
    row = InvestigationInterview.objects.create(investigation=inv, date=date, kind=kind, interviewee=interviewee[:100],
                                                place=(place or "").strip()[:100], content=content, recorded_by=actor)
    audit_record(actor=actor, action="create", summary=f"调查走访 {inv.person.name}：{row}", obj=inv)
    return row


@transaction.atomic
def investigation_issue(*, actor: Any, investigation: Investigation, findings: str, opinion: str, reasons: str,
                        date: dt.date) -> Investigation:
    """出具调查评估意见书: the facts found and the opinion (适宜 / 不适宜社区矫正) with its reasons; the document is
    generated and numbered in the office's series. The clock closes; the ledger counts one completed investigation
    (考核 K05), and one 超期 (N02) when issued after the last day."""
    inv = investigation
    if inv.status not in (InvestigationStatus.INVESTIGATING, InvestigationStatus.RETURNED):
        raise ValidationFailed(f"该调查评估{inv.get_status_display()}，不能再出具意见", field="opinion")
    findings, reasons = (findings or "").strip(), (reasons or "").strip()
    if opinion not in Opinion.values:
        raise ValidationFailed("请选择评估意见：适宜社区矫正或不适宜社区矫正", field="opinion")
    if not findings:
        raise ValidationFailed("请填写调查情况：居所、家庭和社会关系、一贯表现、犯罪行为的后果和影响、村（居）委会和被害人意见等",
                               field="findings")
    if not reasons:
        raise ValidationFailed("请填写评估意见的理由（社会危险性和对所居住社区的影响，社区矫正法 第十八条）", field="reasons")
    if not date:
        raise ValidationFailed("请填写出具意见日期", field="date")
    if date < inv.received_date or date > timezone.localdate():
        raise ValidationFailed(f"出具意见日期应在收到委托（{inv.received_date:%Y-%m-%d}）之后、今天之前", field="date")
    first = inv.status == InvestigationStatus.INVESTIGATING
    before = snapshot(inv)
    inv.findings, inv.opinion, inv.reasons, inv.opinion_date = findings, opinion, reasons, date
    inv.status = InvestigationStatus.ISSUED
    inv.save()
    ensure_in_scope(actor=actor, obj=inv, action="change")
    deadlines_close_for(target=inv, kind=DEADLINE)
    # The opinion is the numbered document itself: generated now, its 文号 is the opinion's (a re-issue after 退回 is a
    # new document with the next number; the earlier one stays in 文书 as issued).
    inv.number = document_generate(actor=actor, kind=DOCUMENT_KIND, target=inv, org=inv.org).number
    inv.save(update_fields=["number"])
    old, new = diff(before, snapshot(inv))
    audit_record(actor=actor, action="update", obj=inv, before=old, after=new,
                 summary=f"出具调查评估意见书 {inv.number}：{inv.person.name} {inv.get_opinion_display()}")
    if first:
        ledger_record(org=inv.org, actor=actor, event_type=COMPLETED, target=inv, date=date, note=inv.person.name)
        # Issued after the last day: the commission ran over (考核 N02) even if the deadline task never saw it open.
        late = date > inv.due_date and not WorkEvent.objects.filter(
            event_type=OVERDUE, content_type=ContentType.objects.get_for_model(Investigation), object_id=str(inv.pk)).exists()
        if late:
            ledger_record(org=inv.org, actor=actor, event_type=OVERDUE, target=inv, date=inv.due_date + dt.timedelta(days=1),
                          note=inv.person.name)
    return inv


@transaction.atomic
def investigation_submit(*, actor: Any, investigation: Investigation) -> Investigation:
    """报县级社区矫正机构备案: the issued opinion goes to the county agency for review."""
    inv = investigation
    if inv.status != InvestigationStatus.ISSUED:
        raise ValidationFailed("请先出具调查评估意见书，再报县级社区矫正机构备案", field="status")
    ensure_in_scope(actor=actor, obj=inv, action="change")
    inv.status = InvestigationStatus.SUBMITTED
    inv.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="update", summary=f"调查评估意见书报备案 {inv.number}：{inv.person.name}", obj=inv,
                 before={"status": InvestigationStatus.ISSUED}, after={"status": inv.status})
    return inv


def is_reviewer(actor: Any, org: Org) -> bool:
    """The county (or city) 社区矫正机构 above the office: a member of a bureau on the office's path, not of the office."""
    if getattr(actor, "is_superuser", False):
        return True
    above = [org.path[:n] for n in range(org.steplen, len(org.path), org.steplen)]
    return Membership.objects.filter(user=actor, is_active=True, org__path__in=above,
                                     org__kind__in=(Org.Kind.COUNTY_BUREAU, Org.Kind.CITY_BUREAU)).exists()


@transaction.atomic
def investigation_review(*, actor: Any, investigation: Investigation, accept: bool, note: str = "") -> Investigation:
    """县级社区矫正机构审查备案: accept (已备案) or send back for rework with the reason (备案退回)."""
    inv = investigation
    if inv.status != InvestigationStatus.SUBMITTED:
        raise ValidationFailed(f"该调查评估{inv.get_status_display()}，不在待备案状态", field="status")
    if not is_reviewer(actor, inv.org):
        raise AccessDenied("调查评估意见书由县级社区矫正机构审查备案，司法所不能自行备案", code="not_reviewer")
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationFailed("退回的，请写明退回理由和需要补正的内容", field="note")
    ensure_in_scope(actor=actor, obj=inv, action="supervise")
    before = snapshot(inv)
    inv.status = InvestigationStatus.FILED if accept else InvestigationStatus.RETURNED
    inv.review_note = note[:200]
    inv.reviewed_date = timezone.localdate() if accept else None
    inv.save(update_fields=["status", "review_note", "reviewed_date", "updated_at"])
    old, new = diff(before, snapshot(inv))
    audit_record(actor=actor, action="update", obj=inv, before=old, after=new,
                 summary=f"{'备案' if accept else '退回'}调查评估意见书 {inv.number}：{inv.person.name}")
    if accept:
        ledger_record(org=inv.org, actor=actor, event_type=FILED, target=inv, date=inv.reviewed_date, note=inv.person.name)
    return inv
