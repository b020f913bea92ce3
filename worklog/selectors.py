"""Reads of 工作日志."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from core import calendar
from orgs.models import Org
from worklog.models import WorkLog


def logs_to_review(user: Any) -> QuerySet:
    return (
        WorkLog.objects.visible_to(user, "change")
        .exclude(user=user)
        .filter(status=WorkLog.Status.CONFIRMED)
        .select_related("user", "org")
        .annotate(entry_count=Count("entries"))
        .order_by("-date")
    )


def completion_by_office(user: Any, *, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Completion rate per office: confirmed logs ÷ (staff × working days), two aggregate queries."""
    from accounts.models import Membership

    workdays = len(calendar.workdays_in(start, end))
    offices = list(Org.objects.visible_to(user, "view").filter(kind=Org.Kind.OFFICE).order_by("path"))
    ids = [o.pk for o in offices]
    staff = dict(
        Membership.objects.filter(org_id__in=ids, is_active=True, role__code__in=["office_staff", "office_head"])
        .values("org_id").annotate(n=Count("user_id", distinct=True)).values_list("org_id", "n")
    )
    done = dict(
        WorkLog.objects.visible_to(user, "view").filter(org_id__in=ids, date__range=(start, end))
        .values("org_id")
        .annotate(n=Count("id", filter=Q(status__in=[WorkLog.Status.CONFIRMED, WorkLog.Status.REVIEWED])))
        .values_list("org_id", "n")
    )
    rows = []
    for office in offices:
        expected = staff.get(office.pk, 0) * workdays
        confirmed = done.get(office.pk, 0)
        rows.append({"office": office, "staff": staff.get(office.pk, 0), "expected": expected, "confirmed": confirmed,
                     "rate": round(confirmed * 100 / expected, 1) if expected else None})
    return rows
