"""What the warnings read from 法律援助 (the evaluator lives in ``supervision/warnings.py``, above this module): the
法律援助机构's decisions (七日, 法律援助法 第四十三条) and assignments (三日, 第三十六条、第四十三条) past their due
date, and aid cases not closed in time after the matter ended (第五十条, ``LEGALAID_CLOSING_DAYS``)."""

from __future__ import annotations

import datetime as dt

from core.models import Deadline

CENTRE_CLOCKS = ("legalaid.decide", "legalaid.assign")


CLOSING_CLOCKS = ("legalaid.close",)


def overdue_by_centre(*, today: dt.date, kinds: tuple[str, ...] = CENTRE_CLOCKS) -> dict[int, list[Deadline]]:
    """Open clocks of the given kinds (review and assignment by default) past due, by 机构, earliest first, with their
    owners."""
    rows = (Deadline.objects.filter(status=Deadline.Status.OPEN, kind__in=kinds, due_date__lt=today)
            .select_related("owner").only("org_id", "title", "due_date", "kind", "owner__full_name", "owner__username")
            .order_by("org_id", "due_date", "id"))
    found: dict[int, list[Deadline]] = {}
    for d in rows:
        found.setdefault(d.org_id, []).append(d)
    return found
