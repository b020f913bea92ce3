"""The sqlite3 converters of core/sqlite.py give what Django's SQLite backend converters give, for every form of
text a date or datetime column may hold."""

from __future__ import annotations

import sqlite3

import pytest
from django.db.backends.sqlite3.base import decoder
from django.utils.dateparse import parse_date, parse_datetime

from core.sqlite import convert_date, convert_datetime

DATES = ["2026-12-04", "1949-10-01", "2026-2-3", "20261204", "2026-W49-5", "2026-13-01", "2026-02-30", "", "不是日期",
         "2026-12-04 10:00:00"]
DATETIMES = ["2026-12-04 10:11:12", "2026-12-04 10:11:12.123456", "2026-12-04 10:11:12.1", "2026-12-04T10:11:12",
             "2026-12-04 10:11:12+08:00", "2026-12-04 10:11:12Z", "2026-12-04 10:11", "2026-12-04", "2026-12-04 25:00:00",
             "2026-12-04 10:11:12,5", "", "垃圾", "2026-12-04 10:11:12 +0800"]


def _outcome(fn, value):  # type: ignore[no-untyped-def]
    try:
        return ("value", fn(value))
    except Exception as exc:  # the same error is expected from both
        return ("error", type(exc))


@pytest.mark.parametrize("text", DATES)
def test_dates_as_django(text):  # type: ignore[no-untyped-def]
    raw = text.encode()
    assert _outcome(convert_date, raw) == _outcome(decoder(parse_date), raw)


@pytest.mark.parametrize("text", DATETIMES)
def test_datetimes_as_django(text):  # type: ignore[no-untyped-def]
    raw = text.encode()
    assert _outcome(convert_datetime, raw) == _outcome(decoder(parse_datetime), raw)


def test_the_converters_are_the_ones_in_use():
    assert sqlite3.converters["DATE"] is convert_date
    assert sqlite3.converters["DATETIME"] is sqlite3.converters["TIMESTAMP"] is convert_datetime
