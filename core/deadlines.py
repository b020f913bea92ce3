"""Deadline services: open a clock on a record, close it, and refresh warning states."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from core import calendar
from core.models import Deadline, Notification


def deadline_open(
    *,
    org: Any,
    owner: Any,
    kind: str,
    title: str,
    start_date: dt.date,
    due_date: dt.date,
    target: models.Model | None = None,
    basis: str = "",
    link: str = "",
) -> Deadline:
    """Start a clock of a kind declared in some ``<app>/ledger.py`` ``CLOCKS``. ``basis`` names the article the period
    comes from. A window for the parties' act
    (``LAPSING_DEADLINES``) recorded after it already ran out is opened lapsed: it was never work of the office."""
    from core.ledger import CLOCK_KINDS, LAPSING_DEADLINES

    if kind not in CLOCK_KINDS:
        raise ValueError(f"undeclared clock kind {kind!r}; declare it in the module's ledger.py CLOCKS with the services that close it")
    lapsed = kind in LAPSING_DEADLINES and due_date < timezone.localdate()
    return Deadline.objects.create(
        status=Deadline.Status.LAPSED if lapsed else Deadline.Status.OPEN,
        completed_at=timezone.now() if lapsed else None,
        state=deadline_state(due_date),
        org=org,
        owner=owner,
        kind=kind,
        title=title,
        basis=basis,
        start_date=start_date,
        due_date=due_date,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        link=link,
    )


def deadline_close(*, deadline: Deadline, cancelled: bool = False) -> Deadline:
    deadline.status = Deadline.Status.CANCELLED if cancelled else Deadline.Status.DONE
    deadline.completed_at = timezone.now()
    deadline.save(update_fields=["status", "completed_at"])
    return deadline


def open_deadlines_for(target: models.Model, kind: str | None = None) -> models.QuerySet[Deadline]:
    qs = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk), status=Deadline.Status.OPEN
    )
    return qs.filter(kind=kind) if kind else qs


def deadlines_close_for(*, target: models.Model, kind: str | None = None, lapsed_too: bool = False) -> int:
    """Mark the record's open clocks done. ``lapsed_too``: also a window already closed as lapsed, when the act it
    waited for turns out to have happened within it (recorded late)."""
    statuses = [Deadline.Status.OPEN, Deadline.Status.LAPSED] if lapsed_too else [Deadline.Status.OPEN]
    qs = Deadline.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk),
                                 status__in=statuses)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.update(status=Deadline.Status.DONE, completed_at=timezone.now())


def deadline_state(due_date: dt.date, *, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if due_date < today:
        return Deadline.State.OVERDUE
    if calendar.working_days_between(today, due_date) <= settings.DEADLINE_DUE_SOON_WORKING_DAYS:
        return Deadline.State.DUE_SOON
    return Deadline.State.NORMAL


def _lapse_windows(today: dt.date) -> int:
    """Close the windows for the parties' act (``LAPSING_DEADLINES``, e.g. the 30 days to apply for 司法确认 under
    人民调解法 第三十三条) that ran out unused: they lapse, they do not become overdue work of the office, so no
    reminder, no 超期 warning and no 今日待办 entry follows."""
    from core.ledger import LAPSING_DEADLINES

    if not LAPSING_DEADLINES:
        return 0
    return Deadline.objects.filter(status=Deadline.Status.OPEN, kind__in=LAPSING_DEADLINES, due_date__lt=today).update(
        status=Deadline.Status.LAPSED, completed_at=timezone.now()
    )


def _ledger_overdue(today: dt.date) -> None:
    """A clock whose kind a module mapped in OVERDUE_EVENTS enters the ledger once when it runs out.

    Once per record: a clock may be opened already overdue (a late registration), so the test is
    "no ledger entry of that type for that record yet", not the clock's state change."""
    from core.ledger import OVERDUE_EVENTS, ledger_days_changed
    from core.models import WorkEvent

    fields = ("org_id", "owner_id", "kind", "content_type_id", "object_id", "title")
    for kind, event_type in OVERDUE_EVENTS.items():
        already = WorkEvent.objects.filter(
            event_type=event_type, content_type_id=models.OuterRef("content_type_id"), object_id=models.OuterRef("object_id")
        )
        due = (
            Deadline.objects.filter(status=Deadline.Status.OPEN, kind=kind, due_date__lt=today)
            .exclude(object_id="")
            .exclude(models.Exists(already))
            .only(*fields)
        )
        created = WorkEvent.objects.bulk_create([
            WorkEvent(org_id=d.org_id, actor_id=d.owner_id, event_type=event_type, date=today,
                      content_type_id=d.content_type_id, object_id=d.object_id, note=d.title[:200])
            for d in due
        ])
        ledger_days_changed({(e.org_id, today) for e in created})


def deadlines_refresh(*, today: dt.date | None = None) -> dict[str, int]:
    """Lapse the windows that ran out, mark open deadlines due soon or overdue and notify each owner once per state
    change.

    Runs as a periodic task; bounded by the number of open deadlines, two queries per state."""
    today = today or timezone.localdate()
    soon_limit = calendar.add_working_days(today, settings.DEADLINE_DUE_SOON_WORKING_DAYS)
    open_qs = Deadline.objects.filter(status=Deadline.Status.OPEN)
    counts: dict[str, int] = {}
    with transaction.atomic():
        counts[Deadline.Status.LAPSED] = _lapse_windows(today)
        newly_overdue = open_qs.filter(due_date__lt=today).exclude(state=Deadline.State.OVERDUE)
        _ledger_overdue(today)
        counts[Deadline.State.OVERDUE] = newly_overdue.update(state=Deadline.State.OVERDUE)
        counts[Deadline.State.DUE_SOON] = open_qs.filter(due_date__gte=today, due_date__lte=soon_limit).exclude(
            state=Deadline.State.DUE_SOON
        ).update(state=Deadline.State.DUE_SOON)
        counts[Deadline.State.NORMAL] = open_qs.filter(due_date__gt=soon_limit).exclude(
            state=Deadline.State.NORMAL
        ).update(state=Deadline.State.NORMAL)
        to_notify = list(
            open_qs.filter(state__in=[Deadline.State.DUE_SOON, Deadline.State.OVERDUE], owner__isnull=False)
            .exclude(notified_state=models.F("state"))
            .only("id", "owner_id", "title", "due_date", "state", "link")
        )
        notes = []
        for d in to_notify:
            word = "已超期" if d.state == Deadline.State.OVERDUE else "即将到期"
            notes.append(
                Notification(
                    user_id=d.owner_id,  # type: ignore[misc]
                    level="danger" if d.state == Deadline.State.OVERDUE else "warning",
                    title=f"{d.title}{word}（到期日 {d.due_date:%Y-%m-%d}）",
                    link=d.link,
                )
            )
        Notification.objects.bulk_create(notes)
        for state in (Deadline.State.DUE_SOON, Deadline.State.OVERDUE):
            Deadline.objects.filter(id__in=[d.id for d in to_notify if d.state == state]).update(notified_state=state)
    counts["notified"] = len(to_notify)
    return counts
