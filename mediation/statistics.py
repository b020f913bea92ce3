"""人民调解 statistics (司法局 monthly report measures): 受理, 调解, 调解成功 and its rate, written and oral
agreements with their amounts, the source split, 防止民转刑 and 防止群体性上访, 不予受理 and 司法确认 — per county,
office, dispute category or source, over the disputes the user may see.

All measures come from one aggregate query (GROUP BY the org path prefix, the category or the source);
every figure carries the 矛盾纠纷台账 query that lists exactly the records it counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.urls import reverse

from core.dictionaries import dict_choices
from mediation.choices import Outcome, Source
from mediation.models import Dispute
from orgs.models import Org

GROUP_BY_CHOICES = [
    ("county", "按旗县区"),
    ("office", "按司法所"),
    ("category", "按纠纷类型"),
    ("source", "按案件来源"),
]

# Org path steps that identify the group: city / county (2 steps) / office (3 steps).
_PATH_STEPS = {"county": 2, "office": 3}
_GROUP_KIND = {"county": Org.Kind.COUNTY_BUREAU, "office": Org.Kind.OFFICE}

# 案件来源 as the report form groups it (人民调解法 第十七条、第十八条): 申请, 主动, 接受委托移送 — plus the
# grid and 12345 channels that local reports track on their own.
SOURCE_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "application": ("当事人申请", (Source.APPLICATION,)),
    "initiative": ("主动调解", (Source.INITIATIVE,)),
    "transfer": ("移送委派", (Source.POLICE, Source.COURT, Source.GOVERNMENT)),
    "grid": ("网格上报", (Source.GRID,)),
    "hotline": ("12345转办", (Source.HOTLINE,)),
}
SOURCE_GROUP_CHOICES = [(code, label) for code, (label, _) in SOURCE_GROUPS.items()]

SUCCESS = (Outcome.WRITTEN, Outcome.ORAL)
CONCLUDED = (Outcome.WRITTEN, Outcome.ORAL, Outcome.FAILED)

Period = tuple[dt.date, dt.date]
Params = list[tuple[str, str]]


def _range(prefix: str, period: Period) -> Params:
    return [(f"{prefix}_from", period[0].isoformat()), (f"{prefix}_to", period[1].isoformat())]


def _outcomes(values: tuple[str, ...]) -> Params:
    return [("outcome", str(v)) for v in values]


@dataclass(frozen=True)
class Measure:
    """One column: which disputes it counts (``q``), how (a count, or a sum of people or agreement amounts),
    and the 台账 filter parameters that list the same disputes (``params``)."""

    key: str
    label: str
    q: Callable[[Period], Q]
    params: Callable[[Period], Params]
    kind: str = "count"  # count | people | amount
    group: str = ""  # header spanning several columns

    def aggregate(self, period: Period) -> Any:
        if self.kind == "people":
            return Sum("people_count", filter=self.q(period))
        if self.kind == "amount":
            return Sum("agreement__amount", filter=self.q(period))
        return Count("pk", filter=self.q(period))


def _accepted(p: Period) -> Q:
    return Q(accepted_date__range=p)


def _concluded(outcomes: tuple[str, ...]) -> Callable[[Period], Q]:
    return lambda p: Q(outcome__in=outcomes, concluded_date__range=p)


def _concluded_params(outcomes: tuple[str, ...]) -> Callable[[Period], Params]:
    return lambda p: _range("concluded", p) + _outcomes(outcomes)


def _source(codes: tuple[str, ...]) -> Callable[[Period], Q]:
    return lambda p: Q(accepted_date__range=p, source__in=codes)


def _source_params(group: str) -> Callable[[Period], Params]:
    return lambda p: [*_range("accepted", p), ("source_group", group)]


def _criminal(p: Period) -> Q:
    return Q(may_turn_criminal=True, reported_to_police_date__range=p)


def _criminal_params(p: Period) -> Params:
    return [("may_turn_criminal", "true"), *_range("reported", p)]


def _group(p: Period) -> Q:
    return Q(is_group=True, outcome__in=SUCCESS, concluded_date__range=p)


def _group_params(p: Period) -> Params:
    return [("is_group", "true"), *_concluded_params(SUCCESS)(p)]


MEASURES: list[Measure] = [
    Measure("accepted", "受理数", _accepted, lambda p: _range("accepted", p)),
    Measure("mediated", "调解数", _concluded(CONCLUDED), _concluded_params(CONCLUDED)),
    Measure("success", "调解成功数", _concluded(SUCCESS), _concluded_params(SUCCESS)),
    Measure("written", "书面协议", _concluded((Outcome.WRITTEN,)), _concluded_params((Outcome.WRITTEN,)), group="达成协议"),
    Measure("oral", "口头协议", _concluded((Outcome.ORAL,)), _concluded_params((Outcome.ORAL,)), group="达成协议"),
    Measure("amount", "协议涉及金额（元）", _concluded(SUCCESS), _concluded_params(SUCCESS), kind="amount"),
    *(
        Measure(f"source_{code}", label, _source(codes), _source_params(code), group="受理来源")
        for code, (label, codes) in SOURCE_GROUPS.items()
    ),
    Measure("criminal", "件", _criminal, _criminal_params, group="防止民转刑"),
    Measure("criminal_people", "人", _criminal, _criminal_params, kind="people", group="防止民转刑"),
    Measure("petition", "件", _group, _group_params, group="防止群体性上访"),
    Measure("petition_people", "人", _group, _group_params, kind="people", group="防止群体性上访"),
    Measure("rejected", "不予受理数", lambda p: ~Q(reject_reason="") & Q(closed_date__range=p),
            lambda p: [("rejected", "true"), *_range("closed", p)]),
    Measure("confirmation", "司法确认申请数", lambda p: Q(agreement__confirmation_applied__range=p),
            lambda p: _range("confirmation", p)),
]
MEASURE_BY_KEY = {m.key: m for m in MEASURES}
RATE_AFTER = "success"  # 调解成功率 is shown right after 调解成功数


@dataclass
class Cell:
    key: str
    value: Any
    text: str
    url: str = ""
    label: str = ""  # the column's name, shown before the value when a phone shows the row as a card


def column_label(m: Measure) -> str:
    """A column's name on its own: 达成协议（书面）, as the export and a phone's card print it."""
    return f"{m.group}（{m.label}）" if m.group else m.label


@dataclass
class StatRow:
    """One row of the table: a county, an office, a category or a source (or the total)."""

    key: str
    label: str
    values: dict[str, Any]
    params: Params = field(default_factory=list)
    drill_url: str = ""
    linkable: bool = True
    cells: list[Cell] = field(default_factory=list)

    def cell(self, key: str) -> Cell:
        return next(c for c in self.cells if c.key == key)

    @property
    def rate(self) -> float | None:
        """调解成功率 = 调解成功数 ÷ 调解数, in per cent with one decimal; None when nothing was mediated."""
        mediated = self.values["mediated"]
        return round(self.values["success"] * 100 / mediated, 1) if mediated else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate:.1f}%"


@dataclass
class DisputeStatistics:
    date_from: dt.date
    date_to: dt.date
    group_by: str
    under_org: Org | None
    rows: list[StatRow]
    total: StatRow


def _text(measure: Measure, value: Any) -> str:
    if measure.kind == "amount":
        return f"{value:,.2f}"
    return str(value)


def _list_url(params: Params) -> str:
    return f"{reverse('mediation:dispute_list')}?{urlencode(params)}"


def _fill_cells(row: StatRow, period: Period) -> None:
    for m in MEASURES:
        value = row.values[m.key]
        row.cells.append(Cell(m.key, value, _text(m, value), _list_url(row.params + m.params(period)) if row.linkable else "",
                              column_label(m)))
        if m.key == RATE_AFTER:
            row.cells.append(Cell("rate", row.rate, row.rate_text, label="调解成功率"))


def _zero() -> dict[str, Any]:
    return {m.key: Decimal(0) if m.kind == "amount" else 0 for m in MEASURES}


def measures_by(qs: QuerySet[Dispute], period: Period, **keys: Any) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Every measure of ``qs`` for ``period`` in one GROUP BY query over the expressions ``keys``:
    ``{(key values in the order given): {measure: value}}`` (the 统计报表 group by org and category at once)."""
    result: dict[tuple[Any, ...], dict[str, Any]] = {}
    aggregates = {m.key: m.aggregate(period) for m in MEASURES}
    for item in qs.annotate(**keys).values(*keys).annotate(**aggregates).order_by():
        values = _zero()
        values.update({k: v for k, v in item.items() if k not in keys and v is not None})
        result[tuple(item[k] for k in keys)] = values
    return result


def _aggregate(qs: QuerySet[Dispute], key: Any, period: Period) -> dict[str, dict[str, Any]]:
    """One GROUP BY query: ``{group key: {measure: value}}``."""
    return {k[0]: values for k, values in measures_by(qs, period, group_key=key).items()}


def _org_rows(user: Any, qs: QuerySet[Dispute], group_by: str, period: Period, under_org: Org | None,
              drill_to: str) -> list[StatRow]:
    length = _PATH_STEPS[group_by] * Org.steplen
    figures = _aggregate(qs, Substr("org__path", 1, length), period)
    # Every visible org of the grouping level is a row (an office with nothing to report shows zeros); a dispute
    # handled above that level (escalated to the county bureau) forms a row of its own for that org.
    level = Org.objects.visible_to(user, "view").filter(depth=_PATH_STEPS[group_by], kind=_GROUP_KIND[group_by])
    if under_org is not None:
        level = level.filter(path__startswith=under_org.path)
    orgs = Org.objects.filter(path__in=list(figures)) | level
    rows = []
    for org in orgs.order_by("path"):
        own_level = len(org.path) == length
        rows.append(StatRow(
            key=org.path,
            label=org.name if own_level else f"{org.name}（本级）",
            values=figures.get(org.path) or _zero(),
            params=[("org_under", org.code)] if own_level else [("org_code", org.code)],
            drill_url=_drill_url(org, drill_to, period) if own_level else "",
        ))
    return rows


def _drill_url(org: Org, group_by: str, period: Period) -> str:
    query = urlencode([("period", "custom"), ("date_from", period[0].isoformat()), ("date_to", period[1].isoformat()),
                       ("group_by", group_by), ("under", org.code)])
    return f"{reverse('mediation:statistics')}?{query}"


def _choice_rows(qs: QuerySet[Dispute], field_name: str, choices: list[tuple[str, str]], period: Period,
                 under_params: Params) -> list[StatRow]:
    figures = _aggregate(qs, F(field_name), period)
    labels = dict(choices)
    # Codes no longer in the list (a retired category) still count and show under their code.
    # The 台账 filter offers only listed codes, so such a row has no click-through.
    keys = [code for code, _ in choices] + sorted(set(figures) - set(labels))
    return [
        StatRow(key=code, label=labels.get(code, code), values=figures.get(code) or _zero(),
                params=[*under_params, (field_name, code)], linkable=code in labels)
        for code in keys
    ]


def dispute_statistics(user: Any, *, date_from: dt.date, date_to: dt.date, group_by: str,
                       under_org: Org | None = None) -> DisputeStatistics:
    """The statistics table for the disputes ``user`` may see, limited to ``under_org``'s subtree if given."""
    if group_by not in dict(GROUP_BY_CHOICES):
        raise ValueError(f"unknown group_by {group_by!r}")
    period = (date_from, date_to)
    qs = Dispute.objects.visible_to(user, "view")
    under_params: Params = []
    if under_org is not None:
        qs = qs.filter(org__path__startswith=under_org.path)
        under_params = [("org_under", under_org.code)]
    if group_by == "county":
        rows = _org_rows(user, qs, group_by, period, under_org, drill_to="office")
    elif group_by == "office":
        rows = _org_rows(user, qs, group_by, period, under_org, drill_to="category")
    elif group_by == "category":
        rows = _choice_rows(qs, "category", dict_choices("dispute_category"), period, under_params)
    else:
        rows = _choice_rows(qs, "source", list(Source.choices), period, under_params)
    totals = _zero()
    for row in rows:
        for key in totals:
            totals[key] += row.values[key]
    total = StatRow(key="", label="合计", values=totals, params=under_params)
    for row in [*rows, total]:
        _fill_cells(row, period)
    return DisputeStatistics(date_from=date_from, date_to=date_to, group_by=group_by, under_org=under_org, rows=rows,
                             total=total)


def header_rows() -> tuple[list[dict[str, Any]], list[str]]:
    """The two header rows of the table: top cells (spanning a group or both rows) and the grouped sub-headers."""
    labels: list[tuple[str, str]] = []
    for m in MEASURES:
        labels.append((m.group, m.label))
        if m.key == RATE_AFTER:
            labels.append(("", "调解成功率"))
    top: list[dict[str, Any]] = []
    sub: list[str] = []
    for group, label in labels:
        if not group:
            top.append({"label": label, "colspan": 1, "rowspan": 2})
            continue
        if top and top[-1]["label"] == group and top[-1]["rowspan"] == 1:
            top[-1]["colspan"] += 1
        else:
            top.append({"label": group, "colspan": 1, "rowspan": 1})
        sub.append(label)
    return top, sub


def _export_value(m: Measure) -> Callable[[StatRow], Any]:
    if m.kind == "amount":
        return lambda r: float(r.values[m.key])
    return lambda r: r.values[m.key]


def export_columns() -> list[tuple[str, Callable[[StatRow], Any]]]:
    """Columns of the Excel export, one per table column."""
    columns: list[tuple[str, Callable[[StatRow], Any]]] = [("单位/类别", lambda r: r.label)]
    for m in MEASURES:
        columns.append((column_label(m), _export_value(m)))
        if m.key == RATE_AFTER:
            columns.append(("调解成功率（%）", lambda r: r.rate if r.rate is not None else "—"))
    return columns
