"""Reads of 法律援助申请, scoped and joined so a page of rows costs the same few queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from legalaid.choices import OPEN_ASSIGNMENT
from legalaid.models import Application, Assignment, Provider, Review
from orgs.models import Org


def application_list(user: Any) -> QuerySet[Application]:
    return Application.objects.visible_to(user, "view").select_related("org", "applicant", "handler", "consultation")


def application_of_consultation(user: Any, consultation: Any) -> Application | None:
    """The application a consultation was turned into (转为法律援助申请), if the user may see it."""
    return Application.objects.visible_to(user, "view").filter(consultation=consultation).first()


def application_detail(user: Any, uuid: Any) -> Application | None:
    return application_list(user).select_related("consultation__person").filter(uuid=uuid).first()


def centre_name_for(office: Org) -> str:
    """The 法律援助机构 an office forwards to: that of its county (法律援助法 第十二条: set up by the 司法行政部门 at
    county level and above), named after the county's region, e.g. 红山区法律援助中心."""
    county = Org.objects.filter(path=office.path[: -Org.steplen], kind=Org.Kind.COUNTY_BUREAU).select_related("region").first()
    region = county.region if county is not None else office.region
    return f"{region.name}法律援助中心"


def centre_for(office: Org) -> Org | None:
    """The county's 法律援助机构 on the platform: the 公共法律服务中心 under the county bureau (the org tree's
    ``SERVICE_CENTER``, which houses the 法律援助中心 and its 窗口); None when the county has none."""
    county_path = office.path[: -Org.steplen] if office.kind == Org.Kind.OFFICE else office.path
    return (Org.objects.filter(path__startswith=county_path, depth=len(county_path) // Org.steplen + 1,
                               kind=Org.Kind.SERVICE_CENTER, is_active=True).order_by("path").first())


def review_list(user: Any) -> QuerySet[Review]:
    """The 法律援助机构's queue: forwarded, direct and notified matters in the user's scope (the 机构's own users, the
    county above it)."""
    return Review.objects.visible_to(user, "view").select_related("org", "application__applicant", "application__org",
                                                                  "reviewer")


def review_detail(user: Any, uuid: Any) -> Review | None:
    return review_list(user).filter(uuid=uuid).first()


def provider_list(user: Any) -> QuerySet[Provider]:
    """The roster with each provider's workload: the aid cases he is handling now (承办中 or awaiting 结案)."""
    rows: QuerySet[Provider] = Provider.objects.visible_to(user, "view").select_related("org")
    return rows.annotate(workload=Count("assignments", filter=Q(assignments__status__in=OPEN_ASSIGNMENT)))


def provider_detail(user: Any, uuid: Any) -> Provider | None:
    return provider_list(user).filter(uuid=uuid).first()


def providers_for(review: Review) -> QuerySet[Provider]:
    """Whom the 机构 of a review may assign: its active roster, least busy first."""
    return (Provider.objects.filter(org_id=review.org_id, is_active=True)
            .annotate(workload=Count("assignments", filter=Q(assignments__status__in=OPEN_ASSIGNMENT)))
            .order_by("workload", "name"))


def assignment_list(user: Any) -> QuerySet[Assignment]:
    return (Assignment.objects.visible_to(user, "view")
            .select_related("org", "provider", "review__application__applicant", "review__reviewer"))


def assignment_detail(user: Any, uuid: Any) -> Assignment | None:
    return assignment_list(user).prefetch_related("progress").filter(uuid=uuid).first()
