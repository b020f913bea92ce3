"""变更执行地: the subject moves house to another county and the place of execution changes with them.

社区矫正法 第二十七条第二款: the corrections agency decides the change, notifies the deciding organ and the new agency
and sends the legal documents on. 实施办法 第三十条、第三十一条 (2020; wording not held here): the application goes
through the 司法所 to the county agency, which consults the new agency; once the change is decided the file is handed
over and the subject reports to the new place **within seven days of receiving the decision** (the figure of the 2012
实施办法 第十四条 too; a parameter, ``corrections.transfer_report_days``).

Three steps, each in one transaction with its audit row:

1. ``transfer_approve`` — the office of the old place records the county agency's decision (new office, address,
   reason, dates); nothing moves yet.
2. ``transfer_handover`` — 交接: the subject and what is still running about them move to the new office: the subject's
   ``org``, the 期满解除 clock and the other open clocks on the subject and its running 电子定位, the pending obligations
   (in-person 报到 due while the subject travels to the new place are excused), the current 矫正方案, the basic
   conditions and a pending 等级调整建议. What was done stays with the old office (check-ins, decisions, reviews and
   their ledger entries), which from then on sees those records but no longer the subject's file. The old office's
   ledger counts ``corrections.transfer``; the 报到 clock opens at the new office.
3. ``transfer_report`` — the new office records the subject's 报到 and names the officer in charge; the clock closes
   and its ledger counts ``corrections.transfer_in``.

The decision opens a 交接 clock: the file goes to the new place within five days of the decision (实施办法 第三十条 as
usually quoted; ``corrections.transfer_handover_days``). Until the hand-over a decision entered in error, or revoked by
the county agency, is withdrawn with ``transfer_cancel``; after it the subject is the new office's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.selectors import serves_at
from core import calendar
from core.audit import audit_record, snapshot
from core.deadlines import deadline_open, deadlines_close_for, open_deadlines_for
from core.errors import ErrorCollector, ValidationFailed
from core.ledger import ledger_record
from core.models import Deadline
from core.parameters import get_int
from core.services import ensure_in_scope
from corrections import parameters_duties as p
from corrections.choices import Status
from corrections.choices_duties import ObligationKind, ObligationStatus, RequestKind, RequestStatus, TransferStatus
from corrections.models import (
    CorrectionPlan,
    Monitoring,
    RegradeProposal,
    Subject,
    SubjectConditions,
    SubjectRequest,
    Transfer,
)
from orgs.models import Org

EV_TRANSFER = "corrections.transfer"
EV_TRANSFER_IN = "corrections.transfer_in"
CLOCK_TRANSFER_REPORT = "corrections.transfer_report"
CLOCK_TRANSFER_HANDOVER = "corrections.transfer_handover"
HANDOVER_BASIS = "实施办法 第三十条：作出变更执行地决定之日起五日内将法律文书和档案材料移交新执行地社区矫正机构"
REPORT_BASIS = "实施办法 第三十一条：社区矫正对象应当自收到变更执行地决定之日起七日内到新执行地报到"


@dataclass
class TransferInput:
    to_office: Org | None
    new_address: str
    reason: str
    decision_date: dt.date | None
    notified_date: dt.date | None = None
    decision_number: str = ""
    request: SubjectRequest | None = None


def report_due(notified: dt.date) -> dt.date:
    """The last day to report at the new place: seven days after the decision was received, the day itself not
    counted, a last day on a holiday running to the next working day (刑事诉讼法 第一百零五条)."""
    return calendar.add_calendar_days(notified, get_int(p.TRANSFER_REPORT_DAYS))


def handover_due(decided: dt.date) -> dt.date:
    """The last day to hand the file over: five days after the decision, the day itself not counted, a last day on a
    holiday running to the next working day."""
    return calendar.add_calendar_days(decided, get_int(p.TRANSFER_HANDOVER_DAYS))


def receiving_owner(office: Org) -> Any:
    """Who answers for the moved clocks at the new office until the officer in charge is named at 报到: the office's
    head, or else the first of its staff (None for an office nobody serves at yet)."""
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.filter(is_active=True)
    return (staff.filter(memberships__org=office, memberships__is_active=True, memberships__role__code="office_head").order_by("pk").first()
            or staff.filter(memberships__org=office, memberships__is_active=True).order_by("pk").first())


def open_transfer(subject: Subject) -> Transfer | None:
    return subject.transfers.exclude(status__in=[TransferStatus.REPORTED, TransferStatus.CANCELLED]).select_related("to_office").first()


@transaction.atomic
def transfer_approve(*, actor: Any, subject: Subject, data: TransferInput) -> Transfer:
    """登记变更执行地决定: the office of the present place records the county agency's decision to move the place of
    execution to ``to_office`` (社区矫正法 第二十七条第二款). An approved 变更执行地 application of the subject, if
    given, is linked."""
    errors = ErrorCollector()
    today = timezone.localdate()
    if subject.status != Status.IN_CORRECTION:
        raise ValidationFailed(f"{subject.person.name} 已{subject.get_status_display()}，不能变更执行地")
    if open_transfer(subject) is not None:
        raise ValidationFailed(f"{subject.person.name} 已有尚未办结的变更执行地（对象到新执行地报到后才能再次变更）")
    data.new_address = " ".join((data.new_address or "").split())
    data.reason = (data.reason or "").strip()
    data.decision_number = (data.decision_number or "").strip()
    office = data.to_office
    if office is None:
        errors.add("请选择新执行地司法所", field="to_office")
    elif office.kind != Org.Kind.OFFICE:
        errors.add(f"“{office.name}”不是司法所，请选择新执行地受委托的司法所", field="to_office")
    elif office.pk == subject.org_id:
        errors.add(f"{subject.person.name} 现由{office.name}管理；在本所辖区内迁居的，按迁居申请办理，不属于变更执行地",
                   field="to_office")
    if not data.new_address:
        errors.add("请填写新居住地（到县区、乡镇街道）", field="new_address")
    if not data.reason:
        errors.add("请填写变更理由，如 因工作调动迁居", field="reason")
    if not data.decision_date:
        errors.add("请填写县级社区矫正机构作出变更决定的日期", field="decision_date")
    elif not subject.start_date <= data.decision_date <= today:
        errors.add(f"变更决定日期应在矫正期限起（{subject.start_date:%Y-%m-%d}）与今天之间", field="decision_date")
    notified = data.notified_date or data.decision_date
    if data.notified_date and data.decision_date and data.notified_date < data.decision_date:
        errors.add("对象收到决定的日期不能早于决定日期", field="notified_date")
    elif data.notified_date and data.notified_date > today:
        errors.add("对象收到决定的日期不能晚于今天", field="notified_date")
    if data.request is not None and (data.request.subject_id != subject.pk or data.request.kind != RequestKind.TRANSFER
                                     or data.request.status != RequestStatus.APPROVED):
        errors.add("所附申请须是该对象已批准的变更执行地申请", field="request")
    errors.raise_if_any()
    assert notified is not None and data.decision_date is not None and office is not None
    handover_by = handover_due(data.decision_date)
    transfer = Transfer.objects.create(
        org=subject.org, created_by=actor, subject=subject, request=data.request, to_office=office,
        new_address=data.new_address[:200], reason=data.reason[:300], decision_date=data.decision_date,
        decision_number=data.decision_number[:60], notified_date=notified, report_due_date=report_due(notified),
        handover_due_date=handover_by,
    )
    ensure_in_scope(actor=actor, obj=transfer, action="add")
    audit_record(actor=actor, action="create", obj=transfer, after=snapshot(transfer),
                 summary=f"登记变更执行地决定 {subject.person.name}：变更至{office.name}，应于 {handover_by:%Y-%m-%d} 前交接、"
                         f"{transfer.report_due_date:%Y-%m-%d} 前报到")
    deadline_open(org=subject.org, owner=subject.officer or actor, kind=CLOCK_TRANSFER_HANDOVER, target=transfer,
                  title=f"变更执行地移交档案：{subject.person.name}", start_date=data.decision_date,
                  due_date=handover_by, link=transfer.get_absolute_url(), basis=HANDOVER_BASIS)
    return transfer


@transaction.atomic
def transfer_cancel(*, actor: Any, transfer: Transfer, reason: str, date: dt.date | None = None) -> Transfer:
    """撤销变更执行地: before the hand-over, a decision entered in error or revoked by the county agency is withdrawn
    with its reason; the subject stays with this office and the 交接 clock closes. After the hand-over the subject is
    the new office's, and a move back is a new 变更执行地 decided there."""
    transfer = Transfer.objects.select_for_update().select_related("subject__person", "to_office").get(pk=transfer.pk)
    ensure_in_scope(actor=actor, obj=transfer, action="change")
    if transfer.status != TransferStatus.APPROVED:
        raise ValidationFailed(f"该变更执行地{transfer.get_status_display()}，只有尚未交接的变更决定可以撤销")
    reason = " ".join((reason or "").split())
    today = timezone.localdate()
    date = date or today
    errors = ErrorCollector()
    if not reason:
        errors.add("请填写撤销原因，如 县级社区矫正机构撤销变更决定、录入有误", field="reason")
    if not transfer.decision_date <= date <= today:
        errors.add(f"撤销日期应在变更决定日期（{transfer.decision_date:%Y-%m-%d}）与今天之间", field="date")
    errors.raise_if_any()
    transfer.status, transfer.cancelled_date, transfer.cancel_reason = TransferStatus.CANCELLED, date, reason[:300]
    transfer.save(update_fields=["status", "cancelled_date", "cancel_reason", "updated_at"])
    deadlines_close_for(target=transfer, kind=CLOCK_TRANSFER_HANDOVER)
    audit_record(actor=actor, action="update", obj=transfer, before={"status": TransferStatus.APPROVED},
                 after={"status": transfer.status, "cancel_reason": transfer.cancel_reason},
                 summary=f"撤销变更执行地 {transfer.subject.person.name}（原定变更至{transfer.to_office.name}）：{transfer.cancel_reason}")
    return transfer


def transfers_end_with_subject(subject: Subject, *, date: dt.date, why: str) -> int:
    """The subject's correction ended (解除 or 终止) during a change of the place of execution: a decision not yet
    handed over is withdrawn, and the clocks of the change close (there is no file to move and nobody to report)."""
    pending = list(subject.transfers.filter(status__in=[TransferStatus.APPROVED, TransferStatus.HANDED_OVER]))
    for transfer in pending:
        if transfer.status == TransferStatus.APPROVED:
            transfer.status, transfer.cancelled_date, transfer.cancel_reason = TransferStatus.CANCELLED, date, f"对象{why}，不再变更执行地"
            transfer.save(update_fields=["status", "cancelled_date", "cancel_reason", "updated_at"])
        deadlines_close_for(target=transfer)
    return len(pending)


def _refuse_open_business(subject: Subject) -> None:
    """What the old office must finish first: a 脱管 still open (the subject cannot be handed over while missing) and
    a request still undecided (the office that received it decides it)."""
    if subject.absconds.filter(found_date__isnull=True).exists():
        raise ValidationFailed(f"{subject.person.name} 尚在脱管，查找到后才能办理交接（社区矫正法 第三十条）")
    waiting = subject.requests.filter(status__in=[RequestStatus.SUBMITTED, RequestStatus.REFERRED]).count()
    if waiting:
        raise ValidationFailed(f"{subject.person.name} 有{waiting}件外出、会客、迁居申请尚未审批，请先审批后再办理交接")


@transaction.atomic
def transfer_handover(*, actor: Any, transfer: Transfer, date: dt.date | None) -> Transfer:
    """交接: the legal documents and the file go to the new place (实施办法 第三十一条) and the subject moves to the
    new office with everything still running; the 报到 clock opens at the new office."""
    subject = Subject.objects.select_for_update().get(pk=transfer.subject_id)
    if transfer.status != TransferStatus.APPROVED:
        raise ValidationFailed(f"该变更执行地{transfer.get_status_display()}，不能再办理交接")
    if subject.status != Status.IN_CORRECTION:
        raise ValidationFailed(f"{subject.person.name} 已{subject.get_status_display()}，不再办理交接")
    today = timezone.localdate()
    if not date or not transfer.decision_date <= date <= today:
        raise ValidationFailed(f"交接日期应在变更决定日期（{transfer.decision_date:%Y-%m-%d}）与今天之间", field="date")
    ensure_in_scope(actor=actor, obj=transfer, action="change")
    ensure_in_scope(actor=actor, obj=subject, action="change")
    _refuse_open_business(subject)
    deadlines_close_for(target=transfer, kind=CLOCK_TRANSFER_HANDOVER)
    old, new = subject.org, transfer.to_office
    running = list(subject.monitorings.filter(ended_date__isnull=True, end_date__gte=date).values_list("pk", flat=True))
    # An approved trip not yet reported back (销假) is reported back at the new office.
    trips = list(subject.requests.filter(kind=RequestKind.TRAVEL, status=RequestStatus.APPROVED).values_list("pk", flat=True))
    # Clocks on the subject (期满解除) and on its running 电子定位 follow it, answered for by the new office's head
    # until the officer in charge is named at 报到.
    owner = receiving_owner(new)
    moved_clocks = Deadline.objects.filter(status=Deadline.Status.OPEN, org=old).filter(
        Q(pk__in=open_deadlines_for(subject).values("pk"))
        | Q(object_id__in=[str(pk) for pk in running], kind="corrections.monitoring_end")
        | Q(object_id__in=[str(pk) for pk in trips], kind="corrections.request_return"))
    clocks = moved_clocks.update(org=new, owner=owner)
    # In-person 报到 falling in the days the subject travels to the new place are excused; the rest moves.
    excused = subject.obligations.filter(status=ObligationStatus.PENDING, kind=ObligationKind.REPORT,
                                         window_start__lte=transfer.report_due_date, due_date__gte=date) \
        .update(status=ObligationStatus.EXCUSED, note="变更执行地，前往新执行地报到期间")
    moved = subject.obligations.filter(status=ObligationStatus.PENDING).update(org=new)
    Monitoring.objects.filter(pk__in=running).update(org=new)
    SubjectRequest.objects.filter(pk__in=trips).update(org=new)
    SubjectConditions.objects.filter(subject=subject).update(org=new)
    CorrectionPlan.objects.filter(subject=subject, status__in=[CorrectionPlan.Status.DRAFT, CorrectionPlan.Status.APPROVED]).update(org=new)
    RegradeProposal.objects.filter(subject=subject, status=RegradeProposal.Status.PENDING).update(org=new)
    transfer.from_officer = subject.officer
    transfer.handover_date, transfer.status = date, TransferStatus.HANDED_OVER
    transfer.save(update_fields=["from_officer", "handover_date", "status", "updated_at"])
    subject.org, subject.officer = new, None
    subject.save(update_fields=["org", "officer", "updated_at"])
    transfer.subject = subject
    audit_record(actor=actor, action="update", obj=transfer, after={"status": transfer.status, "handover_date": f"{date:%Y-%m-%d}"},
                 summary=f"变更执行地交接 {subject.person.name}：移交{new.name}")
    audit_record(actor=actor, action="update", obj=subject, before={"org": old.name}, after={"org": new.name},
                 summary=f"{subject.person.name} 变更执行地至{new.name}（移交期满解除等期限{clocks}项、待履行事项{moved}项，"
                         f"免除途中报到{excused}项）")
    ledger_record(org=old, actor=actor, event_type=EV_TRANSFER, target=transfer, date=date, note=f"{subject.person.name} 移交{new.name}")
    deadline_open(org=new, owner=owner, kind=CLOCK_TRANSFER_REPORT, target=transfer, title=f"变更执行地报到：{subject.person.name}",
                  start_date=transfer.notified_date, due_date=transfer.report_due_date, link=subject.get_absolute_url(),
                  basis=REPORT_BASIS)
    return transfer


@transaction.atomic
def transfer_report(*, actor: Any, subject: Subject, date: dt.date | None, officer: Any = None) -> Transfer:
    """新执行地报到: the new office verifies the identity, registers the subject (实施办法 第三十一条) and names the officer
    in charge, who takes over the moved clocks; the 报到 clock closes."""
    subject = Subject.objects.select_for_update().select_related("org", "person").get(pk=subject.pk)  # the org as it is now
    transfer = subject.transfers.filter(status=TransferStatus.HANDED_OVER).first()
    if transfer is None:
        raise ValidationFailed(f"{subject.person.name} 没有待报到的变更执行地记录")
    ensure_in_scope(actor=actor, obj=subject, action="change")
    today = timezone.localdate()
    if not date or not transfer.notified_date <= date <= today:
        raise ValidationFailed(f"报到日期应在对象收到变更决定之日（{transfer.notified_date:%Y-%m-%d}）与今天之间", field="date")
    officer = officer or actor
    if not serves_at(officer, subject.org):
        raise ValidationFailed(f"矫正责任人 {officer.display_name} 不是{subject.org.name}或其上级司法局的工作人员", field="officer")
    transfer.reported_date, transfer.received_by, transfer.status = date, actor, TransferStatus.REPORTED
    transfer.save(update_fields=["reported_date", "received_by", "status", "updated_at"])
    subject.officer = officer
    subject.save(update_fields=["officer", "updated_at"])
    running = [str(pk) for pk in subject.monitorings.filter(ended_date__isnull=True).values_list("pk", flat=True)]
    trips = [str(pk) for pk in subject.requests.filter(kind=RequestKind.TRAVEL, status=RequestStatus.APPROVED).values_list("pk", flat=True)]
    Deadline.objects.filter(status=Deadline.Status.OPEN, org=subject.org).filter(
        Q(pk__in=open_deadlines_for(subject).values("pk")) | Q(object_id__in=running, kind="corrections.monitoring_end")
        | Q(object_id__in=trips, kind="corrections.request_return")
    ).update(owner=officer)
    deadlines_close_for(target=transfer, kind=CLOCK_TRANSFER_REPORT)
    late = transfer.reported_late_days
    audit_record(actor=actor, action="update", obj=subject, after={"reported_date": f"{date:%Y-%m-%d}", "officer": officer.display_name},
                 summary=f"{subject.person.name} 变更执行地后到{subject.org.name}报到" + (f"（逾期{late}日）" if late else ""))
    ledger_record(org=subject.org, actor=actor, event_type=EV_TRANSFER_IN, target=transfer, date=date, note=subject.person.name)
    return transfer
