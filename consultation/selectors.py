"""Reads of 法律咨询, scoped and joined so a page of rows costs the same few queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from consultation.models import Consultation


def consultation_list(user: Any) -> QuerySet[Consultation]:
    return Consultation.objects.visible_to(user, "view").select_related("org", "person", "handler", "dispute")


def consultation_detail(user: Any, uuid: Any) -> Consultation | None:
    return consultation_list(user).filter(uuid=uuid).first()


def handler_choices(orgs: Any) -> QuerySet:
    """Users serving at the given orgs: who may be named 接待人."""
    from accounts.selectors import users_serving_at

    return users_serving_at(orgs)  # type: ignore[no-any-return]
