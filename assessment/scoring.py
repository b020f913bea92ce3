"""Scoring an office against the standard for a period. Every point is traceable: to ledger entries for the
automatic items, to a reviewer's score with evidence for the manual ones, to a reason for each adjustment.
A fixed number of queries whatever the number of offices or events."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Subquery, Sum
from django.db.models.functions import Substr

from assessment.models import Adjustment, ManualScore, Part, Rule, Standard, StandardItem, num
from core.ledger import EVENT_TYPES
from core.models import WorkEvent
from orgs.models import Org

ZERO = Decimal(0)
DAYS_PER_MONTH = Decimal("30.4375")


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class ItemScore:
    """One item's points and where each of them comes from: ``points == auto + manual + adjustment + capped``."""

    item: StandardItem
    points: Decimal = ZERO
    count: Decimal = ZERO
    denominator: Decimal = ZERO
    connected: bool = True
    detail: str = ""
    auto: Decimal = ZERO  # earned (or, on the 负面清单, lost) by the rule over the ledger
    manual: Decimal = ZERO  # 人工评分 / 人工扣分 by reviewers, with evidence
    adjustment: Decimal = ZERO  # 复核调整, each with a reason
    capped: Decimal = ZERO  # cut back to the item's range: no item above its points, no deduction beyond them


@dataclass
class OfficeScore:
    office: Org
    items: list[ItemScore] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return _q(sum((s.points for s in self.items), ZERO))

    def source_total(self, source: str) -> Decimal:
        """Sum of one source of points over all items: ``auto``, ``manual``, ``adjustment`` or ``capped``."""
        return _q(sum((getattr(s, source) for s in self.items), ZERO))

    @property
    def sources(self) -> dict[str, Decimal]:
        return {name: self.source_total(name) for name in ("auto", "manual", "adjustment", "capped")}

    def part_total(self, part: str) -> Decimal:
        return _q(sum((s.points for s in self.items if s.item.part == part), ZERO))

    @property
    def parts(self) -> list[tuple[str, Decimal]]:
        return [(label, self.part_total(code)) for code, label in Part.choices]


def months_between(start: dt.date, end: dt.date) -> Decimal:
    return Decimal((end - start).days + 1) / DAYS_PER_MONTH


@dataclass(frozen=True)
class _ItemRule:
    """What scoring an item takes that is the same for every office of one scoring run, worked out once."""

    item: StandardItem
    types: tuple[str, ...]
    denominator: tuple[str, ...]
    connected: bool
    unit: str
    target: Decimal  # 自动计数: the monthly target times the months counted
    target_text: str


def _item_rule(item: StandardItem, months: Decimal) -> _ItemRule:
    types, denominator = tuple(item.event_types or ()), tuple(item.denominator or ())
    target = (item.target_per_month or ZERO) * months
    return _ItemRule(
        item=item, types=types, denominator=denominator, connected=all(t in EVENT_TYPES for t in types + denominator),
        unit=EVENT_TYPES[types[0]].unit if types and types[0] in EVENT_TYPES else "件",
        target=target, target_text=num(target.quantize(Decimal("0.1"))),
    )


def _score_item(rule: _ItemRule, counts: dict[str, Decimal], manual: Decimal, adjustment: Decimal) -> ItemScore:
    item, unit = rule.item, rule.unit
    s = ItemScore(item=item, adjustment=adjustment, connected=rule.connected)
    if item.rule == Rule.COUNT:
        s.count = sum((counts.get(t, ZERO) for t in rule.types), ZERO)
        target = rule.target
        ratio = min(Decimal(1), s.count / target) if target > 0 else Decimal(1 if s.count > 0 else 0)
        s.auto = item.max_points * ratio
        s.detail = f"本期 {num(s.count)}{unit}，目标 {rule.target_text}{unit}"
    elif item.rule == Rule.RATE:
        s.count = sum((counts.get(t, ZERO) for t in rule.types), ZERO)
        s.denominator = sum((counts.get(t, ZERO) for t in rule.denominator), ZERO)
        if s.denominator:
            rate = s.count * 100 / s.denominator
            threshold = item.threshold or Decimal(100)
            s.auto = item.max_points if rate >= threshold else item.max_points * rate / threshold
            s.detail = f"比率 {rate.quantize(Decimal('0.1'))}%（{num(s.count)}/{num(s.denominator)}），达标线 {num(threshold)}%"
        else:
            s.detail = "本期没有可计算比率的业务"
    elif item.rule == Rule.DEDUCT_COUNT:
        s.count = sum((counts.get(t, ZERO) for t in rule.types), ZERO)
        s.auto = -min(item.max_points, s.count * (item.per_unit or ZERO))
        s.detail = f"本期 {num(s.count)} 件，每件扣 {num(item.per_unit or 0)} 分" if s.count else "本期未发生"
    elif item.rule == Rule.MANUAL:
        s.manual = manual
        s.detail = "人工评分" if manual else "尚未评分"
    else:
        s.manual = manual
        s.detail = "人工扣分" if manual else "未扣分"
    if not rule.connected:
        s.detail = "未接入（相关业务模块尚未上线，暂不计分）"
        s.auto = ZERO
    s.auto = _q(s.auto)
    raw = s.auto + s.manual + s.adjustment
    if item.part == Part.NEGATIVE:
        s.points = max(-item.max_points, min(ZERO, raw))
    else:
        s.points = max(ZERO, min(item.max_points, raw))
    s.capped = s.points - raw
    return s


def score_offices(user: Any, standard: Standard, offices: list[Org], start: dt.date, end: dt.date, *,
                  counted_end: dt.date | None = None) -> list[OfficeScore]:
    """Scores of ``offices`` (all at the same tree depth) for the period ``start``–``end``.

    ``user`` limits the ledger to what that user may see; ``None`` reads the whole ledger, which is how the
    official results and ranks are computed (the same whoever looks). Work counts up to ``counted_end`` (today,
    for a period still running) and the monthly targets are prorated to it; manual scores and adjustments
    given for the period, or for a part of it, all count."""
    if not offices:
        return []
    counted_end = min(end, counted_end or end)
    items = list(standard.items.all())
    prefix_len = len(offices[0].path)
    by_path = {o.path: o for o in offices}
    counts: dict[int, dict[str, Decimal]] = defaultdict(dict)
    ledger = WorkEvent.objects.all() if user is None else WorkEvent.objects.visible_to(user, "view")
    # The offices and the orgs below them (调委会 …) by id: the ledger's (org, date, type) index is then read for these
    # orgs only, so scoring a city's offices costs the same whatever else the ledger holds.
    subtree = Org.objects.annotate(office_path=Substr("path", 1, prefix_len)).filter(office_path__in=list(by_path)).values("pk")
    rows = (
        ledger
        .filter(org_id__in=Subquery(subtree), date__range=(start, counted_end))
        .annotate(office_path=Substr("org__path", 1, prefix_len))
        .values("office_path", "event_type")
        .annotate(total=Sum("quantity"))
    )
    for row in rows:
        counts[by_path[row["office_path"]].pk][row["event_type"]] = row["total"]
    manual: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for org_id, item_id, points in ManualScore.objects.filter(
        org__in=offices, item__standard=standard, period_start__gte=start, period_end__lte=end
    ).values_list("org_id", "item_id", "points"):
        manual[(org_id, item_id)] += points
    adjust: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for org_id, item_id, delta in Adjustment.objects.filter(
        org__in=offices, item__standard=standard, period_start__gte=start, period_end__lte=end
    ).values_list("org_id", "item_id", "delta"):
        adjust[(org_id, item_id)] += delta
    months = months_between(start, counted_end)
    rules = [(i.pk, _item_rule(i, months)) for i in items]
    result = []
    for office in offices:
        c, pk = counts.get(office.pk, {}), office.pk
        result.append(OfficeScore(office=office, items=[
            _score_item(rule, c, manual.get((pk, item_id), ZERO), adjust.get((pk, item_id), ZERO)) for item_id, rule in rules
        ]))
    return result


def item_events(user: Any, office: Org, item: StandardItem, start: dt.date, end: dt.date) -> Any:
    """The ledger entries behind an automatic item's points, with their records."""
    types = list(item.event_types or []) + list(item.denominator or [])
    return (
        WorkEvent.objects.visible_to(user, "view")
        .filter(date__range=(start, end), org__path__startswith=office.path, event_type__in=types)
        .select_related("org", "actor", "content_type")
        .prefetch_related("target")
        .order_by("date", "id")
    )
