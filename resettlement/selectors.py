"""Reads of 安置帮教, scoped and joined so a page of rows costs the same few queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from resettlement.models import Assistance, AssistRequest, PointsEntry, PointsItem, Released, Visit


def released_list(user: Any) -> QuerySet[Released]:
    return Released.objects.visible_to(user, "view").select_related("org", "co_org", "person", "officer")


def released_detail(user: Any, uuid: Any) -> Released | None:
    return (
        released_list(user).filter(uuid=uuid)
        .prefetch_related(Prefetch("visits", queryset=Visit.objects.select_related("visitor")),
                          Prefetch("assistance", queryset=Assistance.objects.all()), "group",
                          Prefetch("points", queryset=PointsEntry.objects.select_related("item")),
                          Prefetch("assist_requests", queryset=AssistRequest.objects.select_related("org", "to_org")))
        .first()
    )


def officer_choices(orgs: Any) -> QuerySet:
    """Users serving at the given orgs: who may be named 帮教责任人."""
    from accounts.selectors import users_serving_at

    return users_serving_at(orgs)  # type: ignore[no-any-return]


def assist_list(user: Any) -> QuerySet[AssistRequest]:
    """协查: those the user's offices sent and those sent to them (the receiving org's queue)."""
    return AssistRequest.objects.visible_to(user, "view").select_related("org", "to_org", "released__person", "replied_by")


def assist_detail(user: Any, uuid: Any) -> AssistRequest | None:
    return assist_list(user).filter(uuid=uuid).first()


def points_items() -> QuerySet[PointsItem]:
    return PointsItem.objects.filter(is_active=True)


def assist_target_orgs(released: Released) -> Any:
    """Offices and county bureaus a 协查 may go to: every active one but the office asking."""
    from orgs.models import Org

    return Org.objects.filter(is_active=True, kind__in=(Org.Kind.OFFICE, Org.Kind.COUNTY_BUREAU)).order_by("path")


def co_org_choices(released: Released) -> Any:
    from orgs.models import Org

    return Org.objects.filter(is_active=True, kind=Org.Kind.OFFICE).exclude(pk=released.org_id).order_by("path")
