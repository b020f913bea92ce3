"""Working-day calendar for statutory deadlines: administrator overrides first, then the
chinese-calendar package (holidays and 调休), then plain weekends for years it does not know."""

from __future__ import annotations

import datetime as dt

import chinese_calendar

from core.models import CalendarOverride


def _all_overrides() -> dict[dt.date, bool]:
    from core.cache import cached

    return cached("calendar-overrides", lambda: dict(CalendarOverride.objects.values_list("date", "is_workday")))


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    """Administrator overrides in the span (the whole table is small and cached)."""
    return {d: w for d, w in _all_overrides().items() if start <= d <= end}


def _package_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def is_workday(day: dt.date) -> bool:
    override = _overrides(day, day).get(day)
    return override if override is not None else _package_workday(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (start day itself not counted).

    Periods counted in working days (e.g. 行政复议法 第三十条 five working days) end on the last
    working day; one query reads the overrides for the whole span."""
    if days < 0:
        raise ValueError("days must be non-negative")
    span_end = start + dt.timedelta(days=days * 3 + 30)
    overrides = _overrides(start, span_end)
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if day > span_end:
            span_end = day + dt.timedelta(days=60)
            overrides.update(_overrides(day, span_end))
        workday = overrides.get(day)
        if workday is None:
            workday = _package_workday(day)
        if workday:
            counted += 1
    return day


def add_calendar_days(start: dt.date, days: int) -> dt.date:
    """A period in calendar days; when it ends on a holiday it extends to the next working day
    (民事诉讼法 第八十五条: 期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期)."""
    day = start + dt.timedelta(days=days)
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is earlier)."""
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    overrides = _overrides(start, end)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        workday = overrides.get(day)
        if workday is None:
            workday = _package_workday(day)
        count += int(workday)
    return sign * count


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day of the month when it has no such day), extended past
    holidays like every period (民事诉讼法 第八十五条)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    import calendar as _cal

    day = min(start.day, _cal.monthrange(year, month)[1])
    end = dt.date(year, month, day)
    while not is_workday(end):
        end += dt.timedelta(days=1)
    return end


def workdays_in(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every working day from ``start`` to ``end`` inclusive, with one query for the overrides."""
    overrides = _overrides(start, end)
    days, day = [], start
    while day <= end:
        workday = overrides.get(day)
        if workday is None:
            workday = _package_workday(day)
        if workday:
            days.append(day)
        day += dt.timedelta(days=1)
    return days
