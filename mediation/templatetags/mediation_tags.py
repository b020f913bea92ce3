from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def days_left(value: dt.date | None) -> int | None:
    """Calendar days from today to ``value`` (negative when past)."""
    if value is None:
        return None
    return (value - timezone.localdate()).days
