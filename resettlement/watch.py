"""What the warnings read from 安置帮教 (the evaluators live in ``supervision/warnings.py``, above this module)."""

from __future__ import annotations

import datetime as dt

from resettlement.models import Released


def out_of_contact_by_office(*, since: dt.date) -> dict[int, list[Released]]:
    """People on the register out of contact since ``since`` or earlier, by owning office, earliest first."""
    rows = (
        Released.objects.filter(status="active", out_of_contact_since__lte=since)
        .select_related("person").only("org_id", "out_of_contact_since", "person__name").order_by("org_id", "out_of_contact_since")
    )
    by_office: dict[int, list[Released]] = {}
    for r in rows:
        by_office.setdefault(r.org_id, []).append(r)
    return by_office
