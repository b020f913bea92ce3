"""Log filters: no ID number ever reaches a log file in plain text."""

from __future__ import annotations

import logging
import re

_ID_PATTERN = re.compile(r"(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?!\d)")


def redact_id_numbers(text: str) -> str:
    return _ID_PATTERN.sub(lambda m: m.group(1) + "*" * 8 + m.group(3)[-4:], text)


class RedactIdNumbersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must not break the request
            return True
        redacted = redact_id_numbers(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True
