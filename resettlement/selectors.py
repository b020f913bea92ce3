"""Reads of 安置帮教, scoped and joined so a page of rows costs the same few queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from resettlement.models import Assistance, Released, Visit


def released_list(user: Any) -> QuerySet[Released]:
    return Released.objects.visible_to(user, "view").select_related("org", "person", "officer")


def released_detail(user: Any, uuid: Any) -> Released | None:
    return (
        released_list(user).filter(uuid=uuid)
        .prefetch_related(Prefetch("visits", queryset=Visit.objects.select_related("visitor")),
                          Prefetch("assistance", queryset=Assistance.objects.all()), "group")
        .first()
    )


def officer_choices(orgs: Any) -> QuerySet:
    """Users serving at the given orgs: who may be named 帮教责任人."""
    from accounts.selectors import users_serving_at

    return users_serving_at(orgs)  # type: ignore[no-any-return]
