"""Reads of the 数据驾驶舱: every figure of an org (city, county, office …) and of each unit below it for a period,
a figure's month trend, and the records behind a figure.

Ledger figures read the rollups (whole months from the monthly table, the partial months at either end from the
daily one), grouped by the unit's org-path prefix, so a page costs a fixed number of queries whatever the length of
the history; the records behind a figure are the ledger entries the same filters select. Everything goes through
``visible_to``: a viewer sees the figures of the orgs inside their data scope only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Substr
from django.urls import NoReverseMatch, reverse

from accounts.scope import grants_for
from core.errors import NotFound
from core.models import WorkEvent
from dashboard.figures import FIGURES, GROUPS, Figure, Group, Live, Period, figure_connected
from dashboard.models import DailyRollup, MonthlyRollup
from dashboard.rollups import month_end, month_start
from orgs.models import Org

ZERO = Decimal(0)
# The county's 公共法律服务中心 is a unit too: the 法律援助机构's queue is recorded there.
UNIT_KINDS = (Org.Kind.COUNTY_BUREAU, Org.Kind.OFFICE, Org.Kind.COMMITTEE, Org.Kind.SERVICE_CENTER)
LEVEL_LABELS: dict[str, str] = {Org.Kind.CITY_BUREAU: "全市", Org.Kind.COUNTY_BUREAU: "全旗县区", Org.Kind.OFFICE: "全所"}


def home_org(user: Any) -> Org | None:
    """The highest org the user's memberships reach (the city for administrators): where their dashboard opens."""
    if user.is_superuser:
        return Org.objects.filter(depth=1).order_by("path").first()
    paths = sorted((g.org_path for g in grants_for(user)), key=lambda p: (len(p), p))
    return Org.objects.filter(path=paths[0]).first() if paths else None


def org_for(user: Any, code: str) -> Org:
    """The org ``code`` if the viewer may see it; otherwise 404, the same for a missing and a forbidden one."""
    org = Org.objects.visible_to(user, "view").filter(code=code).select_related("region").first()
    if org is None:
        raise NotFound("未找到该单位，或您无权查看该单位的数据")
    return org


def units_of(org: Org) -> list[Org]:
    return list(Org.objects.filter(path__startswith=org.path, depth=org.depth + 1, kind__in=UNIT_KINDS, is_active=True)
                .select_related("region").order_by("code"))


def _split(period: Period) -> tuple[list[dt.date], list[Period]]:
    """The whole months inside the period, and the day ranges left over at its ends."""
    start, end = period
    months: list[dt.date] = []
    days: list[Period] = []
    cursor = start
    while cursor <= end:
        last = min(month_end(cursor), end)
        if cursor.day == 1 and last == month_end(cursor):
            months.append(cursor)
        else:
            days.append((cursor, last))
        cursor = last + dt.timedelta(days=1)
    return months, days


def subtree_ids(org: Org) -> Subquery:
    """The ids of ``org`` and every org below it, as a subquery: filtering rollups or ledger entries by org id lets
    the database walk their (org, date …) index for these orgs only, so a page costs the same in a city alone as in
    a whole province (a join on the path prefix reads every org's rows of the period first)."""
    return Subquery(Org.objects.filter(path__startswith=org.path).values("pk"))


def _prefix(path_field: str, org: Org, units: list[Org]) -> Any:
    return Substr(path_field, 1, len(units[0].path) if units else len(org.path))


def ledger_counts(user: Any, org: Org, units: list[Org], period: Period, event_types: set[str]) -> dict[str, dict[str, tuple[int, Decimal]]]:
    """{org path prefix (a unit's path, or the org's own for entries of the org itself): {event type: (count, quantity)}},
    the whole subtree of ``org``; two queries."""
    out: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(lambda: [0, ZERO]))
    months, days = _split(period)
    sources: list[QuerySet] = []
    if months:
        sources.append(MonthlyRollup.objects.visible_to(user, "view").filter(month__in=months))
    if days:
        q = Q(pk__in=[])
        for a, b in days:
            q |= Q(date__range=(a, b))
        sources.append(DailyRollup.objects.visible_to(user, "view").filter(q))
    for qs in sources:
        rows = (
            qs.filter(org_id__in=subtree_ids(org), event_type__in=sorted(event_types))
            .annotate(prefix=_prefix("org__path", org, units))
            .values("prefix", "event_type")
            .annotate(n=Sum("count"), qty=Sum("quantity"))
        )
        for r in rows:
            cell = out[r["prefix"]][r["event_type"]]
            cell[0] += r["n"] or 0
            cell[1] += r["qty"] or ZERO
    return {p: {t: (v[0], v[1]) for t, v in types.items()} for p, types in out.items()}


def ledger_value(figure: Figure, counts: dict[str, tuple[int, Decimal]]) -> Decimal:
    index = 1 if figure.measure == "quantity" else 0
    return sum((Decimal(counts[t][index]) for t in figure.event_types if t in counts), ZERO)


def live_counts(user: Any, org: Org, units: list[Org], period: Period, figure: Figure) -> dict[str, int]:
    assert figure.live is not None
    return _live_counts(user, org, units, period, figure.live)


def _live_counts(user: Any, org: Org, units: list[Org], period: Period, live: Live) -> dict[str, int]:
    rows = (
        live.records(user, period)
        .filter(**{f"{live.org_path}__startswith": org.path})
        .annotate(prefix=_prefix(live.org_path, org, units))
        .values("prefix")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["prefix"]: r["n"] for r in rows}


def score_values(org: Org, units: list[Org], period: Period, today: dt.date) -> dict[str, Decimal] | None:
    """千分制 totals: each office's, and for a county or the city the average of its offices. The official score
    over the whole ledger (the same whoever looks, as on the ranking page); None when no standard is published."""
    from assessment.scoring import score_offices
    from assessment.selectors import standard_in_force
    from core.errors import ValidationFailed

    try:
        standard, _ = standard_in_force(period[0].year)
    except ValidationFailed:
        return None
    offices = list(Org.objects.filter(path__startswith=org.path, kind=Org.Kind.OFFICE, is_active=True).order_by("path"))
    if not offices:
        return {}
    scores = score_offices(None, standard, offices, period[0], period[1], counted_end=min(period[1], today))
    totals: dict[str, list[Decimal]] = defaultdict(list)
    width = len(units[0].path) if units else len(org.path)
    for s in scores:
        totals[org.path].append(s.total)
        if len(s.office.path) >= width > len(org.path):
            totals[s.office.path[:width]].append(s.total)
    return {p: (sum(v, ZERO) / len(v)).quantize(Decimal("0.1")) for p, v in totals.items() if v}


NO_DENOMINATOR = "无分母"
SCORE_FULL = 1000  # 千分制: the standard's items add up to 1000 points


def percent(numerator: int, denominator: int) -> Decimal | None:
    """A share in per cent with one decimal; None without a denominator (never 0%: nothing was measured)."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.1"))


def live_rate_values(user: Any, org: Org, units: list[Org], period: Period, figure: Figure) -> dict[str, Decimal | None]:
    """A rate of records for each unit and the total ("total"), each from its own counts (never an average of rates)."""
    assert figure.live is not None and figure.live_of is not None
    top = _live_counts(user, org, units, period, figure.live)
    base = _live_counts(user, org, units, period, figure.live_of)
    return {**{u.path: percent(top.get(u.path, 0), base.get(u.path, 0)) for u in units},
            "total": percent(sum(top.values()), sum(base.values()))}


def rate_value(figure: Figure, counts: dict[str, tuple[int, Decimal]]) -> Decimal | None:
    """A rate in per cent with one decimal, or None when its denominator is zero (never 0%: nothing was measured)."""
    numerator = sum((counts[t][0] for t in figure.event_types if t in counts), 0)
    denominator = sum((counts[t][0] for t in figure.denominator if t in counts), 0)
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.1"))


def share(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """``numerator`` in per cent of ``denominator`` with one decimal; None when the denominator is zero or missing."""
    if not denominator:
        return None
    return (Decimal(numerator or 0) * 100 / denominator).quantize(Decimal("0.1"))


def figure_text(figure: Figure, value: Decimal | None, *, missing: str = "—") -> str:
    """The figure as shown: money with two decimals, a rate with one, the 千分制 score out of 1000 ("612.5/1000")."""
    if value is None:
        return "—" if figure.is_rate and missing != "未接入" else missing
    if figure.unit == "元":
        return f"{value:,.2f}" if value else "0"
    if figure.is_rate:
        return f"{value:.1f}"
    text = f"{value.quantize(Decimal('0.1')) if value % 1 else value.quantize(Decimal(1)):,f}"
    return f"{text}/{SCORE_FULL}" if figure.score else text


def figure_unit(figure: Figure, value: Decimal | None) -> str:
    """The unit printed after a value: none after a missing one or after the score (its text says /1000)."""
    return "" if value is None or figure.score else figure.unit


def figure_title(figure: Figure, value: Decimal | None, connected: bool = True) -> str:
    """The tooltip of a value: 无分母 for a rate that has none, else what the figure counts."""
    if figure.is_rate and value is None and connected:
        return NO_DENOMINATOR
    return figure.note


@dataclass
class Cell:
    figure: Figure
    value: Decimal | None  # None: not connected (or, for the score, no published standard)
    url: str = ""
    missing: str = "未接入"

    @property
    def text(self) -> str:
        return figure_text(self.figure, self.value, missing=self.missing)

    @property
    def unit(self) -> str:
        return figure_unit(self.figure, self.value)

    @property
    def title(self) -> str:
        return figure_title(self.figure, self.value, self.missing != "未接入")


@dataclass
class GroupView:
    group: Group
    connected: bool
    cells: list[Cell] = field(default_factory=list)


@dataclass
class UnitRow:
    org: Org
    values: dict[str, Decimal | None]
    url: str


@dataclass
class Board:
    org: Org
    units: list[Org]
    period: Period
    groups: list[GroupView]
    totals: dict[str, Decimal | None]
    rows: list[UnitRow]


def _query(period: Period, extra: dict[str, str] | None = None) -> str:
    from urllib.parse import urlencode

    params = {"period": "custom", "date_from": period[0].isoformat(), "date_to": period[1].isoformat(), **(extra or {})}
    return "?" + urlencode(params)


def records_url(org: Org, figure: Figure, period: Period) -> str:
    if figure.score:
        try:
            return reverse("assessment:office_detail", kwargs={"code": org.code}) if org.kind == Org.Kind.OFFICE else ""
        except NoReverseMatch:
            return ""
    return reverse("dashboard:records", kwargs={"code": org.code, "figure": figure.key}) + _query(period)


def board(user: Any, org: Org, period: Period, *, today: dt.date) -> Board:
    """Every figure of ``org`` and of each unit directly below it, for ``period``."""
    units = units_of(org)
    connected = [(g, f) for g in GROUPS for f in g.figures if figure_connected(g, f)]
    event_types = {t for _, f in connected if f.kind in ("ledger", "rate") for t in (*f.event_types, *f.denominator)}
    ledger = ledger_counts(user, org, units, period, event_types) if event_types else {}
    values: dict[str, dict[str, Decimal | None]] = defaultdict(dict)  # figure key → {prefix or "total": value}
    unit_paths = [u.path for u in units]
    for _group, figure in connected:
        if figure.rate_of:
            continue  # from the figures it divides, below
        if figure.kind == "ledger":
            per = {p: ledger_value(figure, c) for p, c in ledger.items()}
        elif figure.kind == "rate":
            # Each unit's rate from its own counts, the total from the summed counts (never an average of rates).
            summed: dict[str, list[Any]] = defaultdict(lambda: [0, ZERO])
            for c in ledger.values():
                for t, (n, q) in c.items():
                    summed[t][0] += n
                    summed[t][1] += q
            values[figure.key] = {**{p: rate_value(figure, ledger.get(p, {})) for p in unit_paths},
                                  "total": rate_value(figure, {t: (v[0], v[1]) for t, v in summed.items()})}
            continue
        elif figure.kind == "live":
            per = {p: Decimal(n) for p, n in live_counts(user, org, units, period, figure).items()}
        elif figure.kind == "live_rate":
            values[figure.key] = live_rate_values(user, org, units, period, figure)
            continue
        else:
            scores = score_values(org, units, period, today)
            if scores is None:
                continue
            values[figure.key] = {**{p: scores.get(p) for p in unit_paths}, "total": scores.get(org.path)}
            continue
        values[figure.key] = {**{p: per.get(p, ZERO) for p in unit_paths}, "total": sum(per.values(), ZERO)}
    for _group, figure in connected:
        if figure.rate_of and all(k in values for k in figure.rate_of):
            top, bottom = (values[k] for k in figure.rate_of)
            values[figure.key] = {p: share(top.get(p), bottom.get(p)) for p in [*unit_paths, "total"]}
    groups = []
    for group in GROUPS:
        gv = GroupView(group=group, connected=group.connected)
        for figure in group.figures:
            total = values.get(figure.key, {}).get("total") if figure.key in values else None
            missing = "未接入"
            if figure_connected(group, figure):
                missing = "未发布标准" if figure.score else "—"
            url = records_url(org, figure, period) if figure.key in values and figure.kind != "rate" else ""
            gv.cells.append(Cell(figure, total, url, missing))
        groups.append(gv)
    rows = [
        UnitRow(org=u, values={k: v.get(u.path) for k, v in values.items()},
                url=reverse("dashboard:org", kwargs={"code": u.code}) + _query(period))
        for u in units
    ]
    return Board(org=org, units=units, period=period, groups=groups,
                 totals={k: v.get("total") for k, v in values.items()}, rows=rows)


def month_trend(user: Any, org: Org, figure: Figure, *, months: int, today: dt.date) -> list[tuple[dt.date, Decimal]]:
    """The figure for ``org`` in each of the last ``months`` months (ledger figures only): one query."""
    first = month_start(today)
    for _ in range(months - 1):
        first = month_start(first - dt.timedelta(days=1))
    rows = (
        MonthlyRollup.objects.visible_to(user, "view")
        .filter(org_id__in=subtree_ids(org), event_type__in=figure.event_types, month__gte=first, month__lte=today)
        .values("month")
        .annotate(n=Sum("count"), qty=Sum("quantity"))
    )
    by_month = {r["month"]: Decimal(r["qty"] if figure.measure == "quantity" else r["n"]) for r in rows}
    out, month = [], first
    while month <= today:
        out.append((month, by_month.get(month, ZERO)))
        month = month_end(month) + dt.timedelta(days=1)
    return out


def figure_or_404(key: str) -> tuple[Group, Figure]:
    found = FIGURES.get(key)
    # A rate of records drills down to its numerator's records; a ledger rate and the score have no list.
    if found is None or not figure_connected(*found) or found[1].kind in ("score", "rate"):
        raise NotFound("没有这一项统计数字，或该业务模块尚未接入")
    return found


def figure_records(user: Any, org: Org, figure: Figure, period: Period) -> QuerySet:
    """Exactly the records a figure counts for ``org``: ledger entries (ledger figures) or the live records."""
    if figure.live is not None:
        return figure.live.records(user, period).filter(**{f"{figure.live.org_path}__startswith": org.path})
    return (
        WorkEvent.objects.visible_to(user, "view")
        .filter(org_id__in=subtree_ids(org), event_type__in=figure.event_types, date__range=period)
        .select_related("org", "actor", "content_type")
        .prefetch_related("target")
        .order_by("-date", "-id")
    )
