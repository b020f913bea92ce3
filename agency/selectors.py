"""Reads of 代收代办, scoped and joined so a page of rows costs the same few queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from agency.models import AgencyCase, ReviewApplication, ServiceGuide


def review_list(user: Any) -> QuerySet[ReviewApplication]:
    return ReviewApplication.objects.visible_to(user, "view").select_related("org", "applicant", "handler")


def review_detail(user: Any, uuid: Any) -> ReviewApplication | None:
    return review_list(user).filter(uuid=uuid).first()


def case_list(user: Any) -> QuerySet[AgencyCase]:
    return AgencyCase.objects.visible_to(user, "view").select_related("org", "person", "handler", "guide")


def case_detail(user: Any, uuid: Any) -> AgencyCase | None:
    return case_list(user).filter(uuid=uuid).first()


def guide_list(user: Any = None) -> QuerySet[ServiceGuide]:
    """公证仲裁办事指引: county reference data every user reads."""
    return ServiceGuide.objects.all()
