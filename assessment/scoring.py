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
Q_ZERO = Decimal("0.0")
DAYS_PER_MONTH = Decimal("30.4375")


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(slots=True)
class ItemScore:
    """One item's points and where each of them comes from: ``points == auto + manual + adjustment + capped``."""

    item: StandardItem
    points: Decimal = ZERO
    count: Decimal = ZERO
    denominator: Decimal = ZERO
    connected: bool = True
    auto: Decimal = ZERO  # earned (or, on the 负面清单, lost) by the rule over the ledger
    manual: Decimal = ZERO  # 人工评分 / 人工扣分 by reviewers, with evidence
    adjustment: Decimal = ZERO  # 复核调整, each with a reason
    capped: Decimal = ZERO  # cut back to the item's range: no item above its points, no deduction beyond them
    rule: _ItemRule | None = field(default=None, repr=False, compare=False)

    @property
    def detail(self) -> str:
        """How the points came about, in words (written when shown: a ranking of 2,000 offices never reads it)."""
        return self.rule.describe(self) if self.rule is not None else ""


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
    rule: str
    types: tuple[str, ...]
    denominator: tuple[str, ...]
    connected: bool
    negative: bool  # 负面清单: points from -max_points to 0
    max_points: Decimal
    unit: str
    target: Decimal  # 自动计数: the monthly target times the months counted
    target_text: str
    threshold: Decimal  # 自动：按比率
    per_unit: Decimal  # 自动扣分

    @staticmethod
    def total(counts: dict[str, Decimal], types: tuple[str, ...]) -> Decimal:
        if len(types) == 1:
            return counts.get(types[0], ZERO)
        return sum([counts.get(t, ZERO) for t in types], ZERO)

    def score(self, counts: dict[str, Decimal], manual: Decimal, adjustment: Decimal) -> ItemScore:
        """The item's points for one office from its ledger counts by event type, its manual points and adjustments.
        Called for every item of every office (85 × 2,000 at province scale), so it does arithmetic only."""
        rule, auto, count, denominator = self.rule, ZERO, ZERO, ZERO
        if rule in MANUAL_RULES:  # 人工评分 / 人工扣分: the reviewers' points are the item's
            pass
        else:
            manual = ZERO  # a reviewer changes an automatic item's points by an adjustment, with its reason
            if counts and self.connected:
                count = self.total(counts, self.types)
                if rule == RATE:
                    denominator = self.total(counts, self.denominator)
                    if denominator:
                        rate = count * 100 / denominator
                        auto = self.max_points if rate >= self.threshold else self.max_points * rate / self.threshold
                elif rule == COUNT:
                    if self.target > 0:
                        auto = self.max_points if count >= self.target else self.max_points * (count / self.target)
                    elif count > 0:
                        auto = self.max_points
                elif count:  # 自动扣分
                    auto = -min(self.max_points, count * self.per_unit)
        auto = _q(auto) if auto else Q_ZERO
        raw = auto + manual + adjustment
        high, low = (ZERO, -self.max_points) if self.negative else (self.max_points, ZERO)
        points = high if raw >= high else (raw if raw > low else low)
        return ItemScore(item=self.item, points=points, count=count, denominator=denominator, connected=self.connected,
                         auto=auto, manual=manual, adjustment=adjustment, capped=points - raw, rule=self)

    def describe(self, s: ItemScore) -> str:
        if not self.connected:
            return "未接入（相关业务模块尚未上线，暂不计分）"
        unit = self.unit
        if self.rule == Rule.COUNT:
            return f"本期 {num(s.count)}{unit}，目标 {self.target_text}{unit}"
        if self.rule == Rule.RATE:
            if not s.denominator:
                return "本期没有可计算比率的业务"
            rate = s.count * 100 / s.denominator
            return f"比率 {rate.quantize(Decimal('0.1'))}%（{num(s.count)}/{num(s.denominator)}），达标线 {num(self.threshold)}%"
        if self.rule == Rule.DEDUCT_COUNT:
            return f"本期 {num(s.count)} 件，每件扣 {num(self.per_unit)} 分" if s.count else "本期未发生"
        if self.rule == Rule.MANUAL:
            return "人工评分" if s.manual else "尚未评分"
        return "人工扣分" if s.manual else "未扣分"


MANUAL_RULES = frozenset({str(Rule.MANUAL), str(Rule.DEDUCT_MANUAL)})
COUNT, RATE = str(Rule.COUNT), str(Rule.RATE)


def _item_rule(item: StandardItem, months: Decimal) -> _ItemRule:
    types, denominator = tuple(item.event_types or ()), tuple(item.denominator or ())
    target = (item.target_per_month or ZERO) * months
    return _ItemRule(
        item=item, rule=str(item.rule), types=types, denominator=denominator,
        connected=all(t in EVENT_TYPES for t in types + denominator), negative=item.part == Part.NEGATIVE,
        max_points=item.max_points, unit=EVENT_TYPES[types[0]].unit if types and types[0] in EVENT_TYPES else "件",
        target=target, target_text=num(target.quantize(Decimal("0.1"))), threshold=item.threshold or Decimal(100),
        per_unit=item.per_unit or ZERO,
    )


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
    ledger = WorkEvent.objects.all() if user is None else WorkEvent.objects.visible_to(user, "view")
    # The offices and the orgs below them (调委会 …): the ledger's (org, date, type) index is read for these orgs only,
    # so scoring a city's offices costs the same whatever else the ledger holds; the entries are summed per org (no
    # join, no path arithmetic per entry) and the few org sums are then added up per office here.
    subtree = Org.objects.annotate(office_path=Substr("path", 1, prefix_len)).filter(office_path__in=list(by_path))
    office_of = {pk: by_path[path].pk for pk, path in subtree.values_list("pk", "office_path")}
    rows = (
        ledger
        .filter(org_id__in=Subquery(subtree.values("pk")), date__range=(start, counted_end))
        .values("org_id", "event_type")
        .annotate(total=Sum("quantity"))
        .order_by()
        .values_list("org_id", "event_type", "total")
    )
    counts: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for org_id, event_type, total in rows:
        office_counts = counts[office_of[org_id]]
        office_counts[event_type] = office_counts.get(event_type, ZERO) + total
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
            rule.score(c, manual.get((pk, item_id), ZERO), adjust.get((pk, item_id), ZERO)) for item_id, rule in rules
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
