"""Log filters and the one logging configuration: no ID number or mobile/landline number ever reaches a log in plain
text — application logs, Django's request and server logs and gunicorn's access and error logs alike.

个人信息保护法 第五十一条 requires technical measures against leaks of personal information; a log file is read by
more people (and kept longer) than the database rows it mentions, so every handler masks these numbers before it
writes. ``logging_config`` is used both by ``settings.LOGGING`` and by ``deploy/gunicorn.conf.py``, so every
handler of the web process and of gunicorn's master carries the filter."""

from __future__ import annotations

import logging
import re
from typing import Any

# 18-digit 公民身份号码 (the last character may be X) and the old 15-digit form; not part of a longer run of digits.
_ID18 = re.compile(r"(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?!\d)")
_ID15 = re.compile(r"(?<!\d)(\d{6})(\d{5})(\d{4})(?!\d)")
# Mainland mobile numbers (with or without +86) and landlines written with their area code (0476-8331234).
_MOBILE = re.compile(r"(?<!\d)((?:\+?86[- ]?)?1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-)(\d{3,4})(\d{4})(?!\d)")


def redact_id_numbers(text: str) -> str:
    """ID numbers keep their first six (the region) and last four characters, as on screen."""
    text = _ID18.sub(lambda m: m.group(1) + "*" * 8 + m.group(3)[-4:], text)
    return _ID15.sub(lambda m: m.group(1) + "*" * 5 + m.group(3), text)


def redact_personal_numbers(text: str) -> str:
    """ID numbers, then phone numbers, each with its middle digits masked."""
    text = redact_id_numbers(text)
    text = _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return _LANDLINE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)


class RedactPersonalNumbersFilter(logging.Filter):
    """Masks ID and phone numbers in the message, the traceback and the stack of every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must not break the request
            return True
        redacted = redact_personal_numbers(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        if record.exc_info and not record.exc_text:
            # The formatter prints ``exc_text`` when it is set; the exception's message may quote the input.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_personal_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_personal_numbers(record.stack_info)
        return True


def logging_config(*, level: str = "INFO", log_file: str = "") -> dict[str, Any]:
    """``dictConfig`` for the web process and gunicorn: one console handler (and a file handler when ``log_file``
    is set — ``WatchedFileHandler``, so logrotate may move the file), both with the redacting filter. Django's own
    loggers (``django``, ``django.request``, ``django.server``) and gunicorn's are given these handlers instead of
    the ones Django and gunicorn install by default, which do not mask anything."""
    handlers: dict[str, Any] = {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"], "formatter": "plain"},
    }
    if log_file:
        handlers["file"] = {
            "class": "logging.handlers.WatchedFileHandler",
            "filename": log_file,
            "encoding": "utf-8",
            "filters": ["redact"],
            "formatter": "plain",
        }
    names = list(handlers)
    own = {"handlers": names, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact": {"()": "core.logging.RedactPersonalNumbersFilter"}},
        "formatters": {"plain": {"format": "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"}},
        "handlers": handlers,
        "root": {"handlers": names, "level": level},
        "loggers": {
            "django": {**own, "level": level},
            "django.server": {**own, "level": "INFO"},
            "django.db.backends": {"level": "WARNING"},
            "gunicorn.error": {**own, "level": "INFO"},
            "gunicorn.access": {**own, "level": "INFO"},
        },
    }
