"""统计报表登记: the monthly, quarterly and annual statistical tables an office or bureau sends upward.

Each module declares its tables in ``<app>/reports.py`` as ``REPORT_TABLES`` (like ``documents.py`` and
``ledger.py``); the registry is filled on first use. A table has one row per reporting unit (the children of
the chosen org, plus its own records as 本级) and a 合计 row; the module computes the figures of every unit in
a few aggregate queries from its own records, read through ``visible_to``.

A table may also take columns from another module's table (``ColumnRef``). When that module is not installed
or does not declare the table, the column shows 不适用: the platform never invents a figure for work it does
not record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Func
from django.db.models.functions import Substr

from core.discovery import app_modules
from core.errors import NotFound
from orgs.models import Org


class NotApplicable:
    """The value of a figure the platform does not record (a module not in use): shown as 不适用, never as 0."""

    _instance: NotApplicable | None = None

    def __new__(cls) -> NotApplicable:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"

    def __str__(self) -> str:
        return "不适用"


NOT_APPLICABLE = NotApplicable()


@dataclass(frozen=True)
class Column:
    """One column of a table. ``kind`` says how it adds up in the 合计 row: counts and amounts are summed,
    a rate is recomputed from the summed numerator and denominator (``rate_of``), never averaged."""

    key: str
    label: str
    group: str = ""  # header spanning several columns, e.g. 达成协议 over 书面 / 口头
    kind: Literal["count", "amount", "rate"] = "count"
    rate_of: tuple[str, str] | None = None


@dataclass(frozen=True)
class ColumnRef:
    """A column borrowed from another module's table; 不适用 while that module is not in use."""

    app_label: str
    table: str
    key: str
    label: str
    group: str = ""
    kind: Literal["count", "amount", "rate"] = "count"
    rate_of: tuple[str, str] | None = None

    @property
    def column(self) -> Column:
        return Column(self.key_here, self.label, self.group, self.kind,
                      (f"{self.table}.{self.rate_of[0]}", f"{self.table}.{self.rate_of[1]}") if self.rate_of else None)

    @property
    def key_here(self) -> str:
        return f"{self.table}.{self.key}"


@dataclass(frozen=True)
class Period:
    """统计期间: a calendar month, quarter, half-year or year. ``end`` stops at today for the period in progress. The
    half-year is the cadence of the 安置帮教 reports (the office reports by 7月2日 and 次年2月2日, Guangdong practice)."""

    kind: Literal["month", "quarter", "half", "year"]
    year: int
    number: int  # month 1–12, quarter 1–4, half 1–2, 0 for a year
    start: dt.date
    end: dt.date
    full_end: dt.date

    @property
    def token(self) -> str:
        return {"month": f"{self.year}-{self.number:02d}", "quarter": f"{self.year}-Q{self.number}",
                "half": f"{self.year}-H{self.number}"}.get(self.kind, str(self.year))

    @property
    def name(self) -> str:
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        if self.kind == "quarter":
            return f"{self.year}年第{'一二三四'[self.number - 1]}季度"
        if self.kind == "half":
            return f"{self.year}年{'上下'[self.number - 1]}半年"
        return f"{self.year}年"

    @property
    def report_name(self) -> str:
        """月报 / 季报 / 半年报 / 年报."""
        return {"month": "月报", "quarter": "季报", "half": "半年报", "year": "年报"}[self.kind]

    @property
    def in_progress(self) -> bool:
        return self.end < self.full_end

    @property
    def label(self) -> str:
        """The 统计期间 line of the header: the period, its dates, and where an unfinished period stops."""
        dates = f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"
        return f"{self.name}（{dates}，统计至今日）" if self.in_progress else f"{self.name}（{dates}）"

    @property
    def range(self) -> tuple[dt.date, dt.date]:
        return self.start, self.end


@dataclass(frozen=True)
class Unit:
    """A row of the table: one child org of the chosen org (its whole subtree), or the chosen org's own records."""

    key: str  # the org path every record of the unit's subtree starts with; the chosen org's own path for 本级
    label: str
    org: Org
    own_level: bool = False


@dataclass
class ReportQuery:
    """What a table's ``figures`` function is asked: the reader, the chosen org, the period and the units."""

    user: Any
    org: Org
    period: Period
    units: list[Unit]

    @property
    def child_path_length(self) -> int:
        return len(self.org.path) + Org.steplen

    def unit_key(self, path_field: str = "org__path") -> Func:
        """The GROUP BY expression that puts a record in its unit: the first path step below the chosen org.
        A record of the chosen org itself has a shorter path and so falls in the 本级 unit."""
        return Substr(path_field, 1, self.child_path_length)


Figures = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class ReportTable:
    """A statistical table: ``figures(query)`` returns ``{unit key: {column key: value}}``, one aggregate query or
    a few, for every unit at once (a unit without records may be left out: it shows zeros). ``notes`` is the
    统计口径 printed under the table; ``perm`` is the permission that lets a user read the records it counts."""

    code: str
    title: str
    perm: str
    columns: Callable[[], Sequence[Column | ColumnRef]]
    figures: Callable[[ReportQuery], Figures] = field(default=lambda q: {})
    notes: tuple[str, ...] = ()
    order: int = 100

    def resolved_columns(self) -> list[Column]:
        return [c.column if isinstance(c, ColumnRef) else c for c in self.columns()]


REPORT_TABLES: dict[str, ReportTable] = {}
_loaded = False


def register_table(table: ReportTable) -> None:
    existing = REPORT_TABLES.get(table.code)
    if existing and existing != table:
        raise ValueError(f"report table {table.code} declared twice with different meanings")
    REPORT_TABLES[table.code] = table


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for module in app_modules("reports"):
        for table in getattr(module, "REPORT_TABLES", ()):
            register_table(table)
    _loaded = True


def all_tables() -> list[ReportTable]:
    _load()
    return sorted(REPORT_TABLES.values(), key=lambda t: (t.order, t.code))


def tables_for(user: Any) -> list[ReportTable]:
    """The tables whose records the user may read."""
    return [t for t in all_tables() if user.has_perm(t.perm)]


def table_get(code: str) -> ReportTable:
    _load()
    try:
        return REPORT_TABLES[code]
    except KeyError:
        raise NotFound("没有这张统计报表，请从列表中选择") from None


def borrowed_figures(query: ReportQuery, refs: Iterable[ColumnRef]) -> Figures:
    """The figures of columns taken from other modules' tables; 不适用 where the module is not in use."""
    out: Figures = {}
    by_table: dict[str, list[ColumnRef]] = {}
    for ref in refs:
        by_table.setdefault(ref.table, []).append(ref)
    for code, group in by_table.items():
        # A table is registered only when its module is installed; a module not in use has none.
        source = REPORT_TABLES.get(code)
        if source is None or not query.user.has_perm(source.perm):
            for key in [query.org.path, *(unit.key for unit in query.units)]:
                out.setdefault(key, {}).update({ref.key_here: NOT_APPLICABLE for ref in group})
            continue
        figures = source.figures(query)
        # A rate column borrows its numerator and denominator too, so the 合计 row can recompute it.
        wanted = {ref.key for ref in group} | {part for ref in group for part in (ref.rate_of or ())}
        for unit_key in {u.key for u in query.units} | set(figures):
            values = figures.get(unit_key, {})
            out.setdefault(unit_key, {}).update({f"{code}.{key}": values.get(key, 0) for key in wanted})
    return out


def zero_for(column: Column) -> Any:
    return Decimal(0) if column.kind == "amount" else 0
