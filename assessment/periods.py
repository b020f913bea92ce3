"""考核期: the month, quarter or year an office is scored for, written ``2026-11``, ``2026-Q4`` or ``2026``."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from core.errors import ValidationFailed

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    kind: str  # "month" | "quarter" | "year"
    code: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年度"

    @property
    def year(self) -> int:
        return self.start.year

    def counted_end(self, today: dt.date) -> dt.date:
        """The last day whose work counts: a period still running is scored up to today, its targets prorated."""
        return min(self.end, today)


def month(year: int, month_: int) -> Period:
    return Period("month", f"{year}-{month_:02d}", dt.date(year, month_, 1), dt.date(year, month_, calendar.monthrange(year, month_)[1]))


def quarter(year: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period("quarter", f"{year}-Q{q}", dt.date(year, first, 1), dt.date(year, first + 2, calendar.monthrange(year, first + 2)[1]))


def year(year_: int) -> Period:
    return Period("year", f"{year_}", dt.date(year_, 1, 1), dt.date(year_, 12, 31))


def period_parse(code: str) -> Period:
    """The period a code names; a badly written code is a ``ValidationFailed`` saying how to write it."""
    code = (code or "").strip()
    try:
        if m := _MONTH.match(code):
            if 1 <= int(m[2]) <= 12:
                return month(int(m[1]), int(m[2]))
        elif m := _QUARTER.match(code):
            return quarter(int(m[1]), int(m[2]))
        elif m := _YEAR.match(code):
            return year(int(m[1]))
    except ValueError:
        pass
    raise ValidationFailed(f"考核期“{code}”格式不正确，请按 2026-11（月）、2026-Q4（季度）或 2026（年度）填写", field="period")


def period_check_started(period: Period, today: dt.date) -> None:
    """A period that has not begun has nothing to score."""
    if period.start > today:
        raise ValidationFailed(f"考核期{period.label}尚未开始，不能计分；请选择已开始的月份、季度或年度", field="period")


def period_current(today: dt.date) -> Period:
    return month(today.year, today.month)


def period_choices(today: dt.date, *, years: int = 2) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped options for the period selector: recent months, quarters and years, all already begun."""
    months, quarters, years_ = [], [], []
    for y in range(today.year, today.year - years, -1):
        years_.append(year(y))
        for q in range(4, 0, -1):
            if quarter(y, q).start <= today:
                quarters.append(quarter(y, q))
        for m in range(12, 0, -1):
            if month(y, m).start <= today:
                months.append(month(y, m))
    return [(label, [(p.code, p.label) for p in group]) for label, group in (("月度", months), ("季度", quarters), ("年度", years_))]
