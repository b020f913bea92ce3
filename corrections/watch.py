"""What the warning engine (supervision) watches in 社区矫正, for every office at once in one query each: people handed
over who have not reported in time (社区矫正法 第二十一条), subjects moved to a new place of execution who have not
reported there within seven days (实施办法 第三十一条) and 调查评估 commissions at or past their working-day deadline
(实施办法 第十四条). Reads for the system, not for a user: the caller decides who sees the findings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from corrections.choices import ArrivalStatus, InvestigationStatus
from corrections.choices_duties import TransferStatus
from corrections.models import ExpectedArrival, Investigation, Transfer


def late_arrivals(*, before: dt.date) -> dict[int, list[ExpectedArrival]]:
    """office id → people expected (第二十条 notice) whose last day to report is before ``before``, neither received nor
    marked 漏管; earliest first."""
    rows = (ExpectedArrival.objects.filter(status=ArrivalStatus.EXPECTED, due_date__lt=before)
            .select_related("person").only("org_id", "due_date", "person__name").order_by("org_id", "due_date", "id"))
    out: dict[int, list[ExpectedArrival]] = defaultdict(list)
    for row in rows:
        out[row.org_id].append(row)
    return out


def investigations_due(*, by: dt.date) -> dict[int, list[Investigation]]:
    """office id → 调查评估 still investigating whose (extended) last day is on or before ``by``; earliest first."""
    rows = (Investigation.objects.filter(status=InvestigationStatus.INVESTIGATING, due_date__lte=by)
            .select_related("person").only("org_id", "due_date", "person__name", "body_name").order_by("org_id", "due_date", "id"))
    out: dict[int, list[Investigation]] = defaultdict(list)
    for row in rows:
        out[row.org_id].append(row)
    return out


def late_transfers(*, before: dt.date) -> dict[int, list[Transfer]]:
    """new office id → subjects handed over after a change of the place of execution whose last day to report there
    is before ``before`` and who have not reported; earliest first."""
    rows = (Transfer.objects.filter(status=TransferStatus.HANDED_OVER, report_due_date__lt=before)
            .select_related("subject__person").only("to_office_id", "report_due_date", "subject__person__name")
            .order_by("to_office_id", "report_due_date", "id"))
    out: dict[int, list[Transfer]] = defaultdict(list)
    for row in rows:
        out[row.to_office_id].append(row)
    return out
