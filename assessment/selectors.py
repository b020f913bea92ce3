"""Reads of the 千分制: the standard in force, rankings and one office's score with where every point comes from.

Scores and ranks are official results computed over the whole ledger (``score_offices(None, …)``), so an office's
rank is the same whoever looks; what each reader is shown (which offices' rows) follows ``visible_to``."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from itertools import groupby
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from assessment.models import Adjustment, ManualScore, Part, Standard
from assessment.periods import Period, period_check_started
from assessment.scoring import OfficeScore, score_offices
from core.errors import NotFound, ValidationFailed
from orgs.models import Org


def standard_in_force(year: int) -> tuple[Standard, str]:
    """The published standard for ``year`` (its latest version), or failing that the latest earlier one, with a
    note saying so; no published standard at all is a ``ValidationFailed``."""
    standard = Standard.objects.filter(status=Standard.Status.PUBLISHED, year__lte=year).order_by("-year", "-version").first()
    if standard is None:
        raise ValidationFailed(f"{year}年度及以前没有已发布的考核标准，请先由管理员发布考核标准")
    note = "" if standard.year == year else f"{year}年度考核标准尚未发布，暂按{standard.year}年度标准计分"
    return standard, note


def standard_with_items(pk: int) -> Standard:
    standard = Standard.objects.filter(pk=pk).prefetch_related("items").first()
    if standard is None:
        raise NotFound("未找到该考核标准")
    return standard


@dataclass
class PartSummary:
    code: str
    label: str
    items: list[Any]
    points: Decimal
    share: Decimal | None  # share of the 1000 points; the 负面清单 deducts and has none


def standard_parts(standard: Standard) -> list[PartSummary]:
    """The six parts in order with their items, points and share of the positive total (computed, never stored)."""
    items = list(standard.items.all())
    positive = sum((i.max_points for i in items if i.part != Part.NEGATIVE), Decimal(0))
    out = []
    for code, label in Part.choices:
        own = [i for i in items if i.part == code]
        points = sum((i.max_points for i in own), Decimal(0))
        share = None if code == Part.NEGATIVE or not positive else (points * 100 / positive).quantize(Decimal("0.1"))
        out.append(PartSummary(code=code, label=label, items=own, points=points, share=share))
    return out


def offices_visible(user: Any) -> list[Org]:
    return list(Org.objects.visible_to(user, "view").filter(kind=Org.Kind.OFFICE, is_active=True).select_related("region"))


OFFICE_DEPTH = 3  # 市局 → 县局 → 司法所


def _city_path(office: Org) -> str:
    return office.path[: Org.steplen]


def _county_path(office: Org) -> str:
    return office.path[: 2 * Org.steplen]


@dataclass
class Ranked:
    score: OfficeScore
    county: Org
    county_rank: int
    county_size: int
    city_rank: int
    city_size: int

    @property
    def office(self) -> Org:
        return self.score.office

    @property
    def total(self) -> Decimal:
        return self.score.total


def _ranks(scores: list[OfficeScore], key: Any) -> dict[int, tuple[int, int]]:
    """Competition ranking (1, 2, 2, 4) within each group: equal totals share a rank. Each total is summed once and
    each group walked once, best first (comparing every office with every other summed 7 million item scores for
    the city's 197 offices: over a second of the 得分排名 page under load)."""
    totals = {s.office.pk: s.total for s in scores}
    out: dict[int, tuple[int, int]] = {}
    for _, group in groupby(sorted(scores, key=lambda s: (key(s.office), -totals[s.office.pk])), key=lambda s: key(s.office)):
        members = list(group)
        rank, previous = 0, None
        for position, s in enumerate(members, start=1):
            if totals[s.office.pk] != previous:
                rank, previous = position, totals[s.office.pk]
            out[s.office.pk] = (rank, len(members))
    return out


@dataclass
class Ranking:
    period: Period
    standard: Standard
    note: str
    rows: list[Ranked] = field(default_factory=list)
    counties: list[Org] = field(default_factory=list)


def ranking(user: Any, period: Period, *, county_code: str = "", today: dt.date | None = None) -> Ranking:
    """Scores and ranks (within the county and across the city) of the offices ``user`` may see, best first.
    A period not yet begun is refused before anything is computed."""
    today = today or timezone.localdate()
    period_check_started(period, today)
    standard, note = standard_in_force(period.year)
    visible = offices_visible(user)
    cities = {_city_path(o) for o in visible}
    # Every office of the readers' cities is scored, so a rank means the same to everyone.
    peers = list(Org.objects.filter(kind=Org.Kind.OFFICE, is_active=True, depth=OFFICE_DEPTH)
                 .filter(reduce(operator.or_, (Q(path__startswith=c) for c in cities)))) if cities else []
    counties = {c.path: c for c in Org.objects.filter(kind=Org.Kind.COUNTY_BUREAU, path__in={_county_path(o) for o in peers})}
    scores = score_offices(None, standard, peers, period.start, period.end, counted_end=period.counted_end(today))
    in_county = _ranks(scores, _county_path)
    in_city = _ranks(scores, _city_path)
    shown = {o.pk for o in visible}
    rows = [
        Ranked(score=s, county=counties[_county_path(s.office)], county_rank=in_county[s.office.pk][0],
               county_size=in_county[s.office.pk][1], city_rank=in_city[s.office.pk][0], city_size=in_city[s.office.pk][1])
        for s in scores if s.office.pk in shown
    ]
    visible_counties = sorted({r.county.path: r.county for r in rows}.values(), key=lambda c: c.path)
    if county_code:
        rows = [r for r in rows if r.county.code == county_code]
        rows.sort(key=lambda r: (r.county_rank, r.office.path))
    else:
        rows.sort(key=lambda r: (r.city_rank, r.office.path))
    return Ranking(period=period, standard=standard, note=note, rows=rows, counties=visible_counties)


def office_for_scoring(user: Any, code: str) -> Org:
    """A 司法所 the user may see, by its code; any other is a 404."""
    office = Org.objects.visible_to(user, "view").filter(kind=Org.Kind.OFFICE, code=code).first()
    if office is None:
        raise NotFound("未找到该司法所，或它不在您的查看范围内")
    return office


@dataclass
class OfficeDetail:
    ranked: Ranked
    standard: Standard
    note: str
    manual_scores: list[ManualScore]
    adjustments: list[Adjustment]
    parts: list[tuple[str, str, list[Any], Decimal]]


def office_detail(user: Any, office: Org, period: Period, *, today: dt.date | None = None) -> OfficeDetail:
    """得分明细: the office's score item by item, the reviewers' scores with evidence and the adjustments with reasons."""
    today = today or timezone.localdate()
    period_check_started(period, today)
    standard, note = standard_in_force(period.year)
    county = Org.objects.filter(path=_county_path(office)).first()
    peers = list(Org.objects.filter(kind=Org.Kind.OFFICE, is_active=True, depth=office.depth, path__startswith=_city_path(office)))
    if office not in peers:
        peers.append(office)
    scores = score_offices(None, standard, peers, period.start, period.end, counted_end=period.counted_end(today))
    in_county = _ranks(scores, _county_path)
    in_city = _ranks(scores, _city_path)
    mine = next(s for s in scores if s.office.pk == office.pk)
    ranked = Ranked(score=mine, county=county or office, county_rank=in_county[office.pk][0], county_size=in_county[office.pk][1],
                    city_rank=in_city[office.pk][0], city_size=in_city[office.pk][1])
    parts = [(code, label, [s for s in mine.items if s.item.part == code], mine.part_total(code)) for code, label in Part.choices]
    return OfficeDetail(
        ranked=ranked, standard=standard, note=note, parts=parts,
        manual_scores=list(period_records(ManualScore, user, office, standard, period)),
        adjustments=list(period_records(Adjustment, user, office, standard, period)),
    )


def period_records(model: Any, user: Any, office: Org, standard: Standard, period: Period) -> QuerySet:
    """The manual scores (or adjustments) given to ``office`` for the period or a part of it: exactly those the
    score counts."""
    return (
        model.objects.visible_to(user, "view")
        .filter(org=office, item__standard=standard, period_start__gte=period.start, period_end__lte=period.end)
        .select_related("item", "created_by")
        .order_by("item__sort_order", "created_at")
    )
