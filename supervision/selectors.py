"""Reads of 预警督办, scoped by ``visible_to`` and joined up front (no N+1)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from supervision.models import EarlyWarning, Feedback, PeriodReport, SupervisionItem, WarningRule


def warning_list(user: Any) -> QuerySet:
    return EarlyWarning.objects.visible_to(user, "view").select_related("org", "rule", "owner").annotate(item_count=Count("items"))


def warning_detail(user: Any, uuid: Any) -> EarlyWarning | None:
    return (EarlyWarning.objects.visible_to(user, "view").select_related("org", "rule", "owner")
            .prefetch_related(Prefetch("items", queryset=SupervisionItem.objects.select_related("issuing_org").order_by("-id")))
            .filter(uuid=uuid).first())


def item_list(user: Any) -> QuerySet[SupervisionItem]:
    return SupervisionItem.objects.visible_to(user, "view").select_related("org", "issuing_org", "warning__rule", "document")


def item_detail(user: Any, uuid: Any) -> SupervisionItem | None:
    feedbacks = Feedback.objects.select_related("submitted_by", "reviewed_by").prefetch_related("attachments").order_by("id")
    return (SupervisionItem.objects.visible_to(user, "view")
            .select_related("org", "issuing_org", "warning__rule", "received_by", "verified_by", "created_by", "document")
            .prefetch_related(Prefetch("feedbacks", queryset=feedbacks), "steps__actor", "steps__org")
            .filter(uuid=uuid).first())


def report_list(user: Any) -> QuerySet[PeriodReport]:
    return PeriodReport.objects.visible_to(user, "view").select_related("org", "issuing_org", "created_by")


def rules_in_force() -> list[WarningRule]:
    return list(WarningRule.objects.order_by("sort_order", "code"))
