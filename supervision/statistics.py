"""The figures of 一表一报告: per office of an org, for a period, all summed from the work ledger (so every figure
is the same one the dashboards, the daily log and the score count), plus the warnings and 督办 of the period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from core.ledger import OVERDUE_EVENTS
from core.models import WorkEvent
from orgs.models import Org
from supervision.choices import ItemStatus, Level
from supervision.models import EarlyWarning, SupervisionItem

SUCCESS_EVENTS = ("mediation.agreement_written", "mediation.agreement_oral")
FAILED_EVENTS = ("mediation.dispute_failed",)


@dataclass
class OfficeFigures:
    """One row of the 统计表."""

    org: Org
    events: int = 0
    accepted: int = 0
    success: int = 0
    failed: int = 0
    worklog_days: int = 0
    overdue: int = 0
    warnings: int = 0
    red: int = 0
    items: int = 0
    items_verified: int = 0

    @property
    def mediated(self) -> int:
        return self.success + self.failed

    @property
    def rate(self) -> Decimal | None:
        """调解成功率 = 调解成功 ÷ 调解 (调解成功 + 调解不成), per cent with one decimal."""
        return (Decimal(self.success) * 100 / self.mediated).quantize(Decimal("0.1")) if self.mediated else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate}%"


@dataclass
class PeriodFigures:
    org: Org
    start: dt.date
    end: dt.date
    rows: list[OfficeFigures]
    total: OfficeFigures
    warnings_by_level: dict[str, int] = field(default_factory=dict)
    warnings_by_rule: list[tuple[str, str, int]] = field(default_factory=list)  # (evaluator, rule name, count)
    items_open: int = 0
    items_overdue: int = 0


def offices_under(user: Any, org: Org) -> list[Org]:
    if org.kind == Org.Kind.OFFICE:
        return [org]
    return list(Org.objects.visible_to(user, "view").filter(kind=Org.Kind.OFFICE, is_active=True, path__startswith=org.path).order_by("path"))


def period_figures(user: Any, org: Org, start: dt.date, end: dt.date) -> PeriodFigures:
    """Figures of every office under ``org`` that ``user`` may see, in five queries whatever the number of offices."""
    offices = offices_under(user, org)
    rows = {o.path: OfficeFigures(org=o) for o in offices}
    total = OfficeFigures(org=org)
    result = PeriodFigures(org=org, start=start, end=end, rows=list(rows.values()), total=total)
    if not offices:
        return result
    length = len(offices[0].path)
    overdue_types = list(OVERDUE_EVENTS.values())
    ledger = (
        WorkEvent.objects.visible_to(user, "view")
        .filter(date__range=(start, end), org__path__startswith=org.path)
        .annotate(office_path=Substr("org__path", 1, length))
        .filter(office_path__in=list(rows))
        .values("office_path")
        .annotate(
            events=Count("id"),
            accepted=Count("id", filter=Q(event_type="mediation.dispute_accepted")),
            success=Count("id", filter=Q(event_type__in=SUCCESS_EVENTS)),
            failed=Count("id", filter=Q(event_type__in=FAILED_EVENTS)),
            worklog_days=Count("id", filter=Q(event_type="worklog.confirmed")),
            overdue=Count("id", filter=Q(event_type__in=overdue_types)),
        )
    )
    for r in ledger:
        row = rows[r["office_path"]]
        for key in ("events", "accepted", "success", "failed", "worklog_days", "overdue"):
            setattr(row, key, r[key] or 0)
    warnings = (
        EarlyWarning.objects.visible_to(user, "view")
        .filter(detected_on__range=(start, end), org__in=offices)
        .values("org__path", "level", "rule__evaluator", "rule__name")
        .annotate(n=Count("id"))
    )
    by_rule: dict[tuple[str, str], int] = defaultdict(int)
    for w in warnings:
        row = rows[w["org__path"]]
        row.warnings += w["n"]
        if w["level"] == Level.RED:
            row.red += w["n"]
        result.warnings_by_level[w["level"]] = result.warnings_by_level.get(w["level"], 0) + w["n"]
        by_rule[(w["rule__evaluator"], w["rule__name"])] += w["n"]
    result.warnings_by_rule = sorted(((e, n, c) for (e, n), c in by_rule.items()), key=lambda t: -t[2])
    items = (
        SupervisionItem.objects.visible_to(user, "view")
        .filter(issued_on__range=(start, end), org__in=offices)
        .values("org__path")
        .annotate(n=Count("id"), verified=Count("id", filter=Q(status=ItemStatus.VERIFIED)))
    )
    for i in items:
        rows[i["org__path"]].items, rows[i["org__path"]].items_verified = i["n"], i["verified"]
    pending = SupervisionItem.objects.visible_to(user, "view").filter(org__in=offices).exclude(status=ItemStatus.VERIFIED).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_date__lt=end, status__in=[ItemStatus.ISSUED, ItemStatus.RECEIVED])))
    result.items_open, result.items_overdue = pending["open"] or 0, pending["overdue"] or 0
    for row in result.rows:
        for key in ("events", "accepted", "success", "failed", "worklog_days", "overdue", "warnings", "red", "items", "items_verified"):
            setattr(total, key, getattr(total, key) + getattr(row, key))
    return result


def events_total(user: Any, org: Org, start: dt.date, end: dt.date) -> int:
    """All ledger entries of ``org``'s subtree in a period (the comparison figure of the 分析报告)."""
    return WorkEvent.objects.visible_to(user, "view").filter(date__range=(start, end), org__path__startswith=org.path).aggregate(
        n=Count("id"))["n"] or 0


def settled_amount(user: Any, org: Org, start: dt.date, end: dt.date) -> Decimal:
    return WorkEvent.objects.visible_to(user, "view").filter(
        date__range=(start, end), org__path__startswith=org.path, event_type="mediation.settled_amount").aggregate(
        s=Sum("quantity"))["s"] or Decimal(0)
