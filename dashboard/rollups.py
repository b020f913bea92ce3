"""Keeping the rollups equal to the work ledger.

Incremental: after each commit the ledger reports the (org, day) pairs it changed (``core.ledger.ledger_days_changed``);
those days are recounted from the ledger and their months from the days. Recounting (not adding) makes a repeated or
late refresh harmless, and re-dated entries come out right. Recounts of one org are serialised by a row lock on the
org, so a recount that read the ledger before another transaction committed cannot overwrite the newer one.

From scratch: ``rollups_rebuild`` (the ``rollups_rebuild`` command and the task with a progress bar) recounts everything
month by month; ``rollups_differences`` compares the stored rollups with a fresh count (``rollups_rebuild --check``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum

from core.models import WorkEvent
from dashboard.models import DailyRollup, MonthlyRollup
from orgs.models import Org

Key = tuple[int, dt.date, str]
Figures = dict[Key, tuple[int, Decimal]]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def _lock_orgs(org_ids: Iterable[int] | None) -> None:
    qs = Org.objects.select_for_update().order_by("pk")
    if org_ids is not None:
        qs = qs.filter(pk__in=sorted(set(org_ids)))
    list(qs.values_list("pk", flat=True))


def _days_q(days: set[tuple[int, dt.date]], field: str = "date") -> Q:
    by_date: dict[dt.date, set[int]] = defaultdict(set)
    for org_id, day in days:
        by_date[day].add(org_id)
    q = Q(pk__in=[])
    for day, org_ids in by_date.items():
        q |= Q(**{field: day, "org_id__in": sorted(org_ids)})
    return q


def _count_ledger(q: Q) -> Figures:
    rows = WorkEvent.objects.filter(q).values("org_id", "date", "event_type").annotate(n=Count("pk"), qty=Sum("quantity"))
    return {(r["org_id"], r["date"], r["event_type"]): (r["n"], r["qty"] or Decimal(0)) for r in rows}


def _months_of(daily: Figures) -> Figures:
    months: dict[Key, list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    for (org_id, day, event_type), (n, qty) in daily.items():
        m = months[(org_id, month_start(day), event_type)]
        m[0] += n
        m[1] += qty
    return {k: (v[0], v[1]) for k, v in months.items()}


def _recount_months(months: set[tuple[int, dt.date]]) -> None:
    """Months are summed from the (already recounted) days, never from the ledger."""
    q = Q(pk__in=[])
    by_month: dict[dt.date, set[int]] = defaultdict(set)
    for org_id, month in months:
        by_month[month].add(org_id)
    for month, org_ids in by_month.items():
        q |= Q(org_id__in=sorted(org_ids), date__range=(month, month_end(month)))
    daily = {(r.org_id, r.date, r.event_type): (r.count, r.quantity) for r in DailyRollup.objects.filter(q)}
    mq = Q(pk__in=[])
    for month, org_ids in by_month.items():
        mq |= Q(org_id__in=sorted(org_ids), month=month)
    MonthlyRollup.objects.filter(mq).delete()
    MonthlyRollup.objects.bulk_create(
        MonthlyRollup(org_id=o, month=m, event_type=t, count=n, quantity=qty) for (o, m, t), (n, qty) in _months_of(daily).items()
    )


CHUNK = 500


def rollups_refresh_days(days: set[tuple[int, dt.date]]) -> None:
    """Recount the rollups of these (org id, day) pairs from the ledger (the ledger's after-commit listener)."""
    pairs = sorted(days)
    for start in range(0, len(pairs), CHUNK):
        chunk = set(pairs[start:start + CHUNK])
        with transaction.atomic():
            _lock_orgs(o for o, _ in chunk)
            daily = _count_ledger(_days_q(chunk))
            DailyRollup.objects.filter(_days_q(chunk)).delete()
            DailyRollup.objects.bulk_create(
                DailyRollup(org_id=o, date=d, event_type=t, count=n, quantity=qty) for (o, d, t), (n, qty) in daily.items()
            )
            _recount_months({(o, month_start(d)) for o, d in chunk})


def _ledger_months() -> list[dt.date]:
    bounds = WorkEvent.objects.aggregate(first=Min("date"), last=Max("date"))
    if bounds["first"] is None:
        return []
    months, month = [], month_start(bounds["first"])
    while month <= bounds["last"]:
        months.append(month)
        month = month_end(month) + dt.timedelta(days=1)
    return months


def rollups_rebuild(*, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Throw the rollups away and recount them from the whole ledger, one month per step, in one transaction."""
    months = _ledger_months()
    totals = {"months": len(months), "daily": 0, "monthly": 0}
    with transaction.atomic():
        _lock_orgs(None)
        DailyRollup.objects.all().delete()
        MonthlyRollup.objects.all().delete()
        for n, month in enumerate(months, 1):
            daily = _count_ledger(Q(date__range=(month, month_end(month))))
            DailyRollup.objects.bulk_create(
                (DailyRollup(org_id=o, date=d, event_type=t, count=c, quantity=qty) for (o, d, t), (c, qty) in daily.items()),
                batch_size=2000,
            )
            monthly = _months_of(daily)
            MonthlyRollup.objects.bulk_create(
                (MonthlyRollup(org_id=o, month=m, event_type=t, count=c, quantity=qty) for (o, m, t), (c, qty) in monthly.items()),
                batch_size=2000,
            )
            totals["daily"] += len(daily)
            totals["monthly"] += len(monthly)
            if progress:
                progress(n, len(months))
    return totals


def rollups_differences(*, limit: int = 20) -> list[str]:
    """What differs between the stored rollups and a fresh count of the ledger (empty: they are equal)."""
    problems: list[str] = []
    months = _ledger_months()
    stored_months = set(MonthlyRollup.objects.dates("month", "month")) | {
        month_start(d) for d in DailyRollup.objects.dates("date", "month")
    }
    for month in sorted(set(months) | stored_months):
        expected = _count_ledger(Q(date__range=(month, month_end(month))))
        stored = {
            (r.org_id, r.date, r.event_type): (r.count, r.quantity)
            for r in DailyRollup.objects.filter(date__range=(month, month_end(month)))
        }
        stored_monthly = {(r.org_id, r.month, r.event_type): (r.count, r.quantity) for r in MonthlyRollup.objects.filter(month=month)}
        for kind, want, have in (("日汇总", expected, stored), ("月汇总", _months_of(expected), stored_monthly)):
            for key in sorted(set(want) | set(have), key=str):
                if want.get(key, (0, Decimal(0))) != have.get(key, (0, Decimal(0))):
                    org_id, day, event_type = key
                    problems.append(f"{kind} 单位#{org_id} {day} {event_type}：台账 {want.get(key)}，汇总 {have.get(key)}")
                    if len(problems) >= limit:
                        return problems
    return problems
