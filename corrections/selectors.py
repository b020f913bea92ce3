"""Reads of 社区矫正, scoped and joined so a page of rows costs the same few queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from corrections.models import Subject


def subject_list(user: Any) -> QuerySet[Subject]:
    return Subject.objects.visible_to(user, "view").select_related("org", "person", "officer")


def subject_detail(user: Any, uuid: Any) -> Subject | None:
    return subject_list(user).filter(uuid=uuid).first()


def officer_choices(orgs: Any) -> QuerySet:
    """Users serving at the given orgs: who may be named 矫正责任人."""
    from accounts.selectors import users_serving_at

    return users_serving_at(orgs)  # type: ignore[no-any-return]


# --- 调查评估, 交付接收 ----------------------------------------------------------------------------------------


def investigation_list(user: Any) -> QuerySet:
    from corrections.models import Investigation

    return Investigation.objects.visible_to(user, "view").select_related("org", "person", "officer")


def investigation_detail(user: Any, uuid: Any) -> Any:
    return investigation_list(user).filter(uuid=uuid).prefetch_related("interviews").first()


def arrival_list(user: Any) -> QuerySet:
    from corrections.models import ExpectedArrival

    return ExpectedArrival.objects.visible_to(user, "view").select_related("org", "person", "subject")


def arrival_detail(user: Any, uuid: Any) -> Any:
    return arrival_list(user).filter(uuid=uuid).first()


def subject_file(user: Any, uuid: Any) -> Subject | None:
    """One subject's whole file for the page: the judgment, 禁止令, 入矫信息, 矫正小组 and the 期满鉴定."""
    return (subject_list(user).filter(uuid=uuid).select_related("reception", "handover")
            .prefetch_related("prohibitions", "team").first())
