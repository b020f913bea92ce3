"""The sqlite3 module's converters for ``date`` and ``datetime`` columns, one function each.

Django's SQLite backend registers ``decoder(parse_date)`` and ``decoder(parse_datetime)``: a lambda that decodes the
bytes, then Django's parser, which tries ``fromisoformat`` before its regular expressions — two Python calls for every
date or datetime value read (a list page reads a hundred). These do the same in one: the ISO text SQLite holds is
parsed directly, anything else goes to Django's parser, so every value comes out as Django's converters give it
(core/tests/test_sqlite_converters.py)."""

from __future__ import annotations

import datetime as dt

from django.utils.dateparse import parse_date, parse_datetime


def convert_date(value: bytes) -> dt.date | None:
    text = value.decode()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return parse_date(text)


def convert_datetime(value: bytes) -> dt.datetime | None:
    text = value.decode()
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return parse_datetime(text)


def install() -> None:
    """Register the converters in place of Django's (``CoreConfig.ready``). Django's backend module registers its
    own when it is first imported, so it is imported here first."""
    try:
        from django.db.backends.sqlite3 import base  # noqa: F401
    except ImportError:  # a Python built without sqlite3: nothing to register
        return
    import sqlite3

    sqlite3.register_converter("date", convert_date)
    sqlite3.register_converter("datetime", convert_datetime)
    sqlite3.register_converter("timestamp", convert_datetime)
