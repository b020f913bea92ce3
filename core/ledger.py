"""The work ledger (工作台账): services append ``WorkEvent`` rows; logs, scores, rollups and
dashboards read them. Modules declare their event types in ``<app>/ledger.py`` as ``EVENT_TYPES``."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from core.discovery import app_modules
from core.models import WorkEvent


@dataclass(frozen=True)
class EventType:
    """A kind of countable work, e.g. ``people.person_registered`` 登记人员."""

    code: str
    label: str
    module: str
    unit: str = "件"
    description: str = ""
    # False for incidental record-keeping (registering a party, confirming the log itself): counted in the ledger and
    # the scores like any entry, but no step of the day's 工作日志.
    in_log: bool = True


@dataclass(frozen=True)
class ClockKind:
    """A kind of statutory or working clock (``core.Deadline.kind``), e.g. ``mediation.conclude`` 一个月内调结.

    ``closed_by`` names the services (``"app.services.function"``) whose transition closes such a clock, so no clock
    is left that nobody can clear once its record is finished; ``deadline_open`` refuses a kind not declared here."""

    code: str
    label: str
    closed_by: tuple[str, ...]
    basis: str = ""


EVENT_TYPES: dict[str, EventType] = {}
# Deadline kind → its declaration (declared as CLOCKS in <app>/ledger.py).
CLOCK_KINDS: dict[str, ClockKind] = {}
# Deadline kind → the ledger event written when such a clock runs out (declared as OVERDUE_EVENTS in <app>/ledger.py).
OVERDUE_EVENTS: dict[str, str] = {}
# Deadline kinds that are a window for the parties' act rather than the office's duty (declared as LAPSING_DEADLINES in
# <app>/ledger.py): when such a clock runs out it lapses (``Deadline.Status.LAPSED``) instead of turning overdue.
LAPSING_DEADLINES: set[str] = set()
# Called after each commit with the (org id, day) pairs whose ledger entries changed in that transaction
# (declared as ON_COMMIT in <app>/ledger.py; the dashboards' rollups recount those days).
LEDGER_LISTENERS: list[Callable[[set[tuple[int, dt.date]]], None]] = []
_pending = threading.local()


def register_event_type(event_type: EventType) -> None:
    existing = EVENT_TYPES.get(event_type.code)
    if existing and existing != event_type:
        raise ValueError(f"work event type {event_type.code} declared twice with different meanings")
    EVENT_TYPES[event_type.code] = event_type


def register_clock_kind(clock: ClockKind) -> None:
    existing = CLOCK_KINDS.get(clock.code)
    if existing and existing != clock:
        raise ValueError(f"clock kind {clock.code} declared twice with different meanings")
    if not clock.closed_by:
        raise ValueError(f"clock kind {clock.code} names no service that closes it")
    CLOCK_KINDS[clock.code] = clock


def register_event_types_from_apps() -> None:
    for module in app_modules("ledger"):
        for event_type in getattr(module, "EVENT_TYPES", ()):
            register_event_type(event_type)
        for clock in getattr(module, "CLOCKS", ()):
            register_clock_kind(clock)
        OVERDUE_EVENTS.update(getattr(module, "OVERDUE_EVENTS", {}))
        LAPSING_DEADLINES.update(getattr(module, "LAPSING_DEADLINES", ()))
        LEDGER_LISTENERS.extend(f for f in getattr(module, "ON_COMMIT", ()) if f not in LEDGER_LISTENERS)


def ledger_days_changed(days: Iterable[tuple[int, dt.date]]) -> None:
    """Tell the listeners, once the transaction commits, that the ledger of these (org id, day) pairs changed.

    ``ledger_record`` calls it; code that bulk-creates, re-dates or deletes entries calls it itself. All the days of
    one transaction reach the listeners together: the first of its callbacks takes the whole batch."""
    batch: set[tuple[int, dt.date]] = getattr(_pending, "days", None) or set()
    batch.update(days)
    _pending.days = batch
    transaction.on_commit(_ledger_flush, robust=True)


def _ledger_flush() -> None:
    days, _pending.days = getattr(_pending, "days", None), set()
    if days:
        for listener in LEDGER_LISTENERS:
            listener(days)


def ledger_record(
    *,
    org: Any,
    actor: Any,
    event_type: str,
    target: models.Model | None = None,
    date: dt.date | None = None,
    quantity: Decimal | int = 1,
    note: str = "",
) -> WorkEvent:
    """Append one ledger entry; call it inside the service's transaction."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unregistered work event type {event_type!r}; declare it in the module's ledger.py")
    from django.utils import timezone

    event = WorkEvent.objects.create(
        org=org,
        actor=actor if getattr(actor, "pk", None) else None,
        event_type=event_type,
        date=date or timezone.localdate(),
        quantity=quantity,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        note=note[:200],
    )
    ledger_days_changed([(event.org_id, event.date)])
    return event
