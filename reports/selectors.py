"""Reads behind 统计报表: which orgs a user may report for, the period asked for, and the table itself
(one row per unit, a 合计 row that is the sum of the rows)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from accounts.scope import grants_for
from core.errors import NotFound, ValidationFailed
from orgs.models import Org
from reports.registry import NOT_APPLICABLE, Column, Period, ReportQuery, ReportTable, Unit

# The units that file statistical reports: bureaus and offices (a 调委会 is a row of its office's report).
REPORTING_KINDS = (Org.Kind.CITY_BUREAU, Org.Kind.COUNTY_BUREAU, Org.Kind.OFFICE)
PERIOD_KINDS = [("month", "月报"), ("quarter", "季报"), ("half", "半年报"), ("year", "年报")]
QUARTER_NAMES = ["第一季度", "第二季度", "第三季度", "第四季度"]
HALF_NAMES = ["上半年", "下半年"]
_TOKEN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})|-Q(?P<quarter>[1-4])|-H(?P<half>[12]))?$")


def report_orgs(user: Any) -> QuerySet[Org]:
    """The bureaus and offices inside the user's data scope, in tree order."""
    return Org.objects.visible_to(user, "view").filter(kind__in=REPORTING_KINDS, is_active=True).order_by("path")


def report_org(user: Any, code: str) -> Org:
    """The org a report is asked for; outside the user's scope it does not exist for them (404)."""
    org = report_orgs(user).filter(code=code).first()
    if org is None:
        raise NotFound("未找到该填报单位，或该单位不在您的数据范围内")
    return org


def default_org(user: Any) -> Org | None:
    """The user's own org (the highest of their memberships) if it files reports, else the first one they may choose."""
    orgs = report_orgs(user)
    own = sorted(grants_for(user), key=lambda g: g.org_path)
    for grant in own:
        org = orgs.filter(pk=grant.org_id).first()
        if org is not None:
            return org
    return orgs.first()


def period_make(kind: str, year: int, number: int, *, today: dt.date) -> Period:
    """The month, quarter, half-year (1 上半年 January–June, 2 下半年 July–December) or year asked for. A period that
    has not begun has nothing to report."""
    if kind == "month":
        if not 1 <= number <= 12:
            raise ValidationFailed("月份应为1至12", field="number")
        start = dt.date(year, number, 1)
        full_end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    elif kind == "quarter":
        if not 1 <= number <= 4:
            raise ValidationFailed("季度应为1至4", field="number")
        start = dt.date(year, number * 3 - 2, 1)
        full_end = (dt.date(year, number * 3, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    elif kind == "half":
        if number not in (1, 2):
            raise ValidationFailed("半年应为1（上半年）或2（下半年）", field="number")
        start = dt.date(year, 1 if number == 1 else 7, 1)
        full_end = dt.date(year, 6, 30) if number == 1 else dt.date(year, 12, 31)
    elif kind == "year":
        number = 0
        start, full_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    else:
        raise ValidationFailed("统计期间类型应为月报、季报、半年报或年报", field="kind")
    period = Period(kind=kind, year=year, number=number, start=start, end=min(full_end, today), full_end=full_end)  # type: ignore[arg-type]
    if start > today:
        raise ValidationFailed(
            f"所选统计期间“{period.name}”尚未开始，没有可统计的数据；"
            f"请选择今天（{today.year}年{today.month}月{today.day}日）以前已开始的期间",
            field="period",
        )
    return period


def period_parse(token: str, *, today: dt.date) -> Period:
    """``2026-11`` (a month), ``2026-Q4`` (a quarter), ``2026-H1`` (a half-year) or ``2026`` (a year)."""
    match = _TOKEN.match(token)
    if not match or not 2000 <= int(match["year"]) <= 2100:
        raise ValidationFailed("统计期间格式不正确，应为 2026-11（月）、2026-Q4（季度）、2026-H1（半年）或 2026（年）", field="period")
    year = int(match["year"])
    if match["month"]:
        return period_make("month", year, int(match["month"]), today=today)
    if match["quarter"]:
        return period_make("quarter", year, int(match["quarter"]), today=today)
    if match["half"]:
        return period_make("half", year, int(match["half"]), today=today)
    return period_make("year", year, 0, today=today)


def default_period(today: dt.date) -> Period:
    """The month a 月报 is usually filed for: last month (this month on its first days has little to show)."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return period_make("month", last.year, last.month, today=today)


def report_units(user: Any, org: Org) -> list[Unit]:
    """The rows of a report for ``org``: each child org (city → counties, county → offices, office → 调委会)."""
    children = (
        Org.objects.visible_to(user, "view")
        .filter(path__startswith=org.path, depth=org.depth + 1, is_active=True)
        .order_by("path")
    )
    return [Unit(key=child.path, label=child.name, org=child) for child in children]


@dataclass
class ReportRow:
    key: str
    label: str
    values: dict[str, Any]
    texts: list[str] = field(default_factory=list)
    is_total: bool = False


@dataclass
class Report:
    """A filled table: rows per unit (the chosen org's own records as 本级, only when it has any) and 合计."""

    table: ReportTable
    org: Org
    period: Period
    columns: list[Column]
    rows: list[ReportRow]
    total: ReportRow
    prepared_by: str
    prepared_on: dt.date

    @property
    def title(self) -> str:
        return self.table.title

    @property
    def file_stem(self) -> str:
        return f"{self.org.name}{self.period.name}{self.table.title}"

    def header_rows(self, columns: list[Column] | None = None) -> tuple[list[dict[str, Any]], list[str]]:
        """Two header rows: top cells (a group spanning its columns, or a column spanning both rows) and sub-headers."""
        top: list[dict[str, Any]] = []
        sub: list[str] = []
        for column in self.columns if columns is None else columns:
            if not column.group:
                top.append({"label": column.label, "colspan": 1, "rowspan": 2})
                continue
            if top and top[-1]["label"] == column.group and top[-1]["rowspan"] == 1:
                top[-1]["colspan"] += 1
            else:
                top.append({"label": column.group, "colspan": 1, "rowspan": 1})
            sub.append(column.label)
        return top, sub

    @property
    def has_groups(self) -> bool:
        return any(c.group for c in self.columns)

    def export_value(self, row: ReportRow, column: Column) -> Any:
        """A cell as Excel stores it: a number where there is one, the 不适用 / — text otherwise."""
        value = row.values.get(column.key)
        if value is NOT_APPLICABLE:
            return "不适用"
        if column.kind == "rate":
            return "—" if value is None else value
        return float(value) if isinstance(value, Decimal) else value


def cell_text(column: Column, value: Any) -> str:
    if value is NOT_APPLICABLE:
        return "不适用"
    if column.kind == "rate":
        return "—" if value is None else f"{value:.1f}%"
    if column.kind == "amount":
        return f"{value:,.2f}"
    return str(value)


def _rate(values: dict[str, Any], column: Column) -> Any:
    assert column.rate_of is not None
    numerator, denominator = (values.get(k, 0) for k in column.rate_of)
    if numerator is NOT_APPLICABLE or denominator is NOT_APPLICABLE:
        return NOT_APPLICABLE
    return round(numerator * 100 / denominator, 1) if denominator else None


def _complete(values: dict[str, Any], columns: list[Column], not_applicable: set[str]) -> dict[str, Any]:
    """Missing additive figures are zero (不适用 for a figure the platform does not record); rates are recomputed
    from their parts."""
    out = dict(values)
    for key in not_applicable:
        out[key] = NOT_APPLICABLE
    for column in columns:
        if column.kind == "rate":
            out[column.key] = _rate(out, column)
        else:
            out.setdefault(column.key, Decimal(0) if column.kind == "amount" else 0)
    return out


def report_build(user: Any, *, table: ReportTable, org: Org, period: Period, prepared_on: dt.date) -> Report:
    """The table for ``org`` over ``period`` as ``user`` may see it."""
    units = report_units(user, org)
    query = ReportQuery(user=user, org=org, period=period, units=units)
    figures = table.figures(query)
    columns = table.resolved_columns()
    not_applicable = {k for values in figures.values() for k, v in values.items() if v is NOT_APPLICABLE}
    known = {u.key for u in units}
    # Records of an org that is no longer active (or a level the unit list does not show) still count, in a row of
    # their own, so that the rows always add up to 合计.
    extra = sorted(k for k in figures if k not in known and k != org.path)
    extra_orgs = {o.path: o for o in Org.objects.filter(path__in=extra)}
    own = Unit(key=org.path, label=f"{org.name}（本级）", org=org, own_level=True)
    ordered = [own] if org.path in figures and any(_nonzero(v) for v in figures[org.path].values()) else []
    ordered += units + [Unit(key=k, label=extra_orgs[k].name if k in extra_orgs else k, org=extra_orgs.get(k, org))
                        for k in extra]
    ordered.sort(key=lambda u: (not u.own_level, u.key))
    rows = [ReportRow(key=u.key, label=u.label, values=_complete(figures.get(u.key, {}), columns, not_applicable))
            for u in ordered]
    additive = {k for r in rows for k in r.values} - {c.key for c in columns if c.kind == "rate"} - not_applicable
    total_values = {key: sum(r.values.get(key, 0) for r in rows) for key in additive}
    total = ReportRow(key="total", label="合计", values=_complete(total_values, columns, not_applicable), is_total=True)
    for row in [*rows, total]:
        row.texts = [cell_text(c, row.values[c.key]) for c in columns]
    return Report(table=table, org=org, period=period, columns=columns, rows=rows, total=total,
                  prepared_by=getattr(user, "full_name", "") or user.get_username(), prepared_on=prepared_on)


def _nonzero(value: Any) -> bool:
    return value is not NOT_APPLICABLE and bool(value)
