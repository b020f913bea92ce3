"""工作日志 services: open a day pre-filled from the ledger (one line per case and day), add the few manual lines, confirm in one click,
review, and remind those who forget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core import calendar
from core.audit import audit_record
from core.dictionaries import dict_choices
from core.errors import ValidationFailed
from core.ledger import EVENT_TYPES, ledger_record
from core.models import Notification, WorkEvent
from core.parameters import get_int
from worklog.models import WorkLog, WorkLogEntry
from worklog.parameters import REMIND_LEADER_AFTER, REMIND_USER_AFTER

MANUAL = "worklog.manual"


def _home_org(user: Any) -> Any:
    from accounts.selectors import primary_membership

    membership = primary_membership(user)
    if membership is None:
        raise ValidationFailed("您没有任职单位，无法填写工作日志；请联系管理员为您分配单位")
    return membership.org


def derived_events(user: Any, day: dt.date) -> QuerySet[WorkEvent]:
    """The ledger entries the user produced that day (manual lines excluded: they are on the log already)."""
    return (
        WorkEvent.objects.filter(actor=user, date=day)
        .exclude(event_type=MANUAL)
        .select_related("content_type")
        .prefetch_related("target")
        .order_by("id")
    )


@dataclass(frozen=True)
class LogLine:
    """One line of the day's log: a record (a case) and the steps taken on it that day, linked to the record."""

    text: str
    link: str
    events: tuple[WorkEvent, ...]

    @property
    def quantity(self) -> Decimal:
        """A single entry keeps its own quantity (an amount, hours); a line of several steps counts the steps."""
        return self.events[0].quantity if len(self.events) == 1 else Decimal(len(self.events))


def _number(quantity: Decimal) -> str:
    """5000.00 → 5000, 2.50 → 2.5: the figure as one writes it."""
    return str(int(quantity)) if quantity == quantity.to_integral_value() else f"{quantity.normalize():f}"


def _step(event_type: str, quantity: Decimal) -> str:
    spec = EVENT_TYPES.get(event_type)
    label = spec.label if spec else event_type
    return f"{label}（{_number(quantity)}{spec.unit}）" if spec and quantity != 1 else label


def log_lines(events: Iterable[WorkEvent]) -> list[LogLine]:
    """The day's ledger entries as a log: one line per record (a case) with its steps in the order they were taken
    (a repeated step once, with its count: 主持调解（2次）), linked to the record. Entries of incidental record-keeping
    (``EventType.in_log`` False: registering a party, confirming the log itself) give no line; an entry without a
    record is a line of its own."""
    groups: dict[tuple[Any, ...], list[WorkEvent]] = {}
    for event in events:
        spec = EVENT_TYPES.get(event.event_type)
        if spec is not None and not spec.in_log:
            continue
        target = event.target if event.content_type_id else None
        key: tuple[Any, ...] = (event.content_type_id, event.object_id) if target is not None else ("entry", event.pk)
        groups.setdefault(key, []).append(event)
    lines = []
    for group in groups.values():
        totals: dict[str, Decimal] = {}
        for event in group:
            totals[event.event_type] = totals.get(event.event_type, Decimal(0)) + event.quantity
        steps = "、".join(_step(code, quantity) for code, quantity in totals.items())
        target = group[0].target if group[0].content_type_id else None
        text = f"{steps}：{target}" if target is not None else steps
        link = target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else ""
        lines.append(LogLine(text=text[:300], link=link, events=tuple(group)))
    return lines


@transaction.atomic
def worklog_open(*, user: Any, day: dt.date) -> WorkLog:
    """The user's log for ``day``, created on first opening."""
    if day > timezone.localdate():
        raise ValidationFailed("不能填写今天以后的工作日志")
    log = WorkLog.objects.filter(user=user, date=day).first()
    if log is None:
        log = WorkLog.objects.create(user=user, date=day, org=_home_org(user), created_by=user)
    return log


@transaction.atomic
def worklog_add_manual(*, actor: Any, log: WorkLog, item_code: str, description: str, quantity: int = 1) -> WorkLogEntry:
    """A line for work no module records yet (会议、培训、普法 …); it also enters the ledger."""
    if log.user_id != actor.pk:
        raise ValidationFailed("只能填写自己的工作日志")
    if log.status != WorkLog.Status.DRAFT:
        raise ValidationFailed("日志已确认，不能再添加；如需更正请联系所长退回")
    items = dict(dict_choices("worklog_item"))
    if item_code not in items:
        raise ValidationFailed("请选择工作事项", field="item_code")
    if not description.strip():
        raise ValidationFailed("请填写工作内容", field="description")
    if quantity < 1:
        raise ValidationFailed("数量至少为1", field="quantity")
    event = ledger_record(org=log.org, actor=actor, event_type=MANUAL, date=log.date, quantity=quantity,
                          note=f"{items[item_code]}：{description.strip()}")
    entry = WorkLogEntry.objects.create(log=log, event=event, item_code=item_code, quantity=quantity,
                                        description=f"{items[item_code]}：{description.strip()}"[:300])
    audit_record(actor=actor, action="create", summary=f"工作日志 {log.date} 添加：{entry.description}"[:200], obj=log)
    return entry


@transaction.atomic
def worklog_confirm(*, actor: Any, log: WorkLog, summary: str = "") -> WorkLog:
    """一键确认: the derived lines are frozen into the log as they stand now."""
    if log.user_id != actor.pk:
        raise ValidationFailed("只能确认自己的工作日志")
    if log.status != WorkLog.Status.DRAFT:
        raise ValidationFailed("该日志已确认")
    # A line keeps its latest step as its entry (the state the case reached that day).
    lines = [WorkLogEntry(log=log, event=line.events[-1], event_type=line.events[-1].event_type, description=line.text,
                          quantity=line.quantity, link=line.link)
             for line in log_lines(derived_events(actor, log.date))]
    WorkLogEntry.objects.bulk_create(lines)
    if not lines and not log.entries.exists() and not summary.strip():
        raise ValidationFailed("当天没有任何工作记录；请添加手工事项或填写当日小结（如请假、外出）后再确认", field="summary")
    first_confirmation = not WorkEvent.objects.filter(actor=actor, date=log.date, event_type="worklog.confirmed").exists()
    log.status, log.confirmed_at, log.summary = WorkLog.Status.CONFIRMED, timezone.now(), summary.strip()[:300]
    log.save()
    if first_confirmation:  # a log sent back and confirmed again counts once
        ledger_record(org=log.org, actor=actor, event_type="worklog.confirmed", target=log, date=log.date)
    audit_record(actor=actor, action="update", summary=f"确认工作日志 {log.date}", obj=log)
    return log


@transaction.atomic
def worklog_review(*, actor: Any, log: WorkLog, note: str = "", send_back: bool = False) -> WorkLog:
    """所长审阅: accept the log, or send it back to draft for correction."""
    if log.user_id == actor.pk:
        raise ValidationFailed("不能审阅自己的工作日志")
    if log.status != WorkLog.Status.CONFIRMED:
        raise ValidationFailed("只能审阅已确认的日志")
    if send_back:
        if not note.strip():
            raise ValidationFailed("退回时请填写退回原因", field="note")
        log.entries.filter(event_type__gt="").delete()
        log.status, log.confirmed_at = WorkLog.Status.DRAFT, None
        Notification.objects.create(user_id=log.user_id, level="warning", title=f"{log.date} 的工作日志被退回：{note.strip()}"[:200],
                                    link=f"/worklog/day/{log.date}/")
    else:
        log.status = WorkLog.Status.REVIEWED
    log.reviewed_by, log.reviewed_at, log.review_note = actor, timezone.now(), note.strip()[:200]
    log.save()
    audit_record(actor=actor, action="update", summary=f"{'退回' if send_back else '审阅'}工作日志 {log.user} {log.date}", obj=log)
    return log


def missing_days(user_id: int, *, workdays: list[dt.date], logged: set[tuple[int, dt.date]]) -> list[dt.date]:
    """Working days (most recent first) without a confirmed log, back to the last logged day."""
    out = []
    for day in reversed(workdays):
        if (user_id, day) in logged:
            break
        out.append(day)
    return out


def worklog_remind_missing(*, today: dt.date | None = None) -> dict[str, int]:
    """Periodic: remind staff who have not confirmed their logs, and their office head after more days.
    A fixed number of queries whatever the number of staff."""
    from accounts.models import Membership

    today = today or timezone.localdate()
    user_after, leader_after = get_int(REMIND_USER_AFTER), get_int(REMIND_LEADER_AFTER)
    workdays = calendar.workdays_in(today - dt.timedelta(days=max(leader_after, user_after) * 3 + 14), today - dt.timedelta(days=1))
    staff = list(
        Membership.objects.filter(is_active=True, user__is_active=True, role__code__in=["office_staff", "office_head"])
        .select_related("user")
    )
    logged = set(
        WorkLog.objects.filter(user_id__in=[m.user_id for m in staff], date__gte=workdays[0] if workdays else today,
                               status__in=[WorkLog.Status.CONFIRMED, WorkLog.Status.REVIEWED])
        .values_list("user_id", "date")
    )
    heads: dict[int, list[int]] = {}
    for org_id, user_id in Membership.objects.filter(is_active=True, role__code="office_head").values_list("org_id", "user_id"):
        heads.setdefault(org_id, []).append(user_id)
    notes, users, leaders = [], 0, 0
    for m in staff:
        gap = missing_days(m.user_id, workdays=workdays, logged=logged)
        if len(gap) >= user_after:
            users += 1
            notes.append(Notification(user=m.user, level="warning", link=f"/worklog/day/{gap[-1]}/",
                                      title=f"您已有 {len(gap)} 个工作日未确认工作日志（最早 {gap[-1]:%m月%d日}）"))
        if len(gap) >= leader_after:
            for head_id in heads.get(m.org_id, []):
                if head_id != m.user_id:
                    leaders += 1
                    notes.append(Notification(user_id=head_id, level="danger", link="/worklog/review/",
                                              title=f"{m.user} 已连续 {len(gap)} 个工作日未确认工作日志"))
    # The task runs daily and again whenever the worker restarts: a reminder already sent today is not sent twice.
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    sent = set(Notification.objects.filter(user_id__in={n.user_id for n in notes}, created_at__gte=midnight)
               .values_list("user_id", "title"))
    notes = [n for n in notes if (n.user_id, n.title) not in sent]
    Notification.objects.bulk_create(notes)
    return {"users": users, "leaders": leaders, "sent": len(notes)}
