"""Reads of 人民调解, scoped and prefetched."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from mediation.models import CommitteeProfile, Dispute, DisputeParty, Expert, Mediator
from orgs.models import Org


def dispute_list(user: Any) -> QuerySet[Dispute]:
    return (
        Dispute.objects.visible_to(user, "view")
        .select_related("org", "lead_person")
        .prefetch_related(
            Prefetch("parties", queryset=DisputeParty.objects.select_related("person")),
            Prefetch("mediators", queryset=Mediator.objects.select_related("person")),
        )
    )


def dispute_detail(user: Any, uuid: Any) -> Dispute | None:
    return (
        dispute_list(user)
        .prefetch_related("steps", "sessions", "investigations", "followups", "experts")
        .select_related("agreement")
        .filter(uuid=uuid)
        .first()
    )


def mediator_list(user: Any) -> QuerySet[Mediator]:
    return Mediator.objects.visible_to(user, "view").select_related("org", "person")


def mediator_registry(user: Any) -> QuerySet[Mediator]:
    """人民调解员名册 with each mediator's record: ``cases_handled`` (disputes assigned to them and accepted, i.e.
    not 不予受理), ``cases_mediated`` (concluded: written or oral agreement, or 调解不成) and ``cases_settled``
    (an agreement). 调解成功率 = settled ÷ mediated, as in 调解统计. Counted in one query with the list."""
    from django.db.models import Count, Q

    from mediation.choices import Outcome, Status

    return mediator_list(user).annotate(
        cases_handled=Count("disputes", filter=~Q(disputes__status__in=(Status.LEAD, Status.REJECTED)), distinct=True),
        cases_mediated=Count("disputes", filter=Q(disputes__outcome__in=Outcome.values), distinct=True),
        cases_settled=Count("disputes", filter=Q(disputes__outcome__in=(Outcome.WRITTEN, Outcome.ORAL)), distinct=True),
    )


def success_rate(settled: int, mediated: int) -> float | None:
    """调解成功率 in per cent with one decimal; None when nothing was mediated."""
    return round(settled * 100 / mediated, 1) if mediated else None


def mediators_for(user: Any, dispute: Dispute) -> QuerySet[Mediator]:
    """Serving mediators the user may assign: those of the township (the office and its committees)
    the dispute is handled in; a dispute at county level may use any mediator of the county."""
    township_path = dispute.org.path[: 3 * Org.steplen]  # city / county / office
    return mediator_list(user).filter(is_active=True, org__path__startswith=township_path)


def expert_pool(user: Any) -> QuerySet[Expert]:
    """专家库 the user may consult and invite: the experts of their scope and those registered by the bureaus above
    them (a county's pool serves every office and committee of the county for 专家会诊, 人民调解法 第二十条)."""
    from django.db.models import Q

    from accounts.scope import grants_for

    if not user.has_perm("mediation.view_expert"):
        return Expert.objects.none()
    # Only a 任职 whose role grants 查看调解专家 opens the pools above it: another role of the same user (say an
    # auditor's post in another county) must not widen what this right reaches.
    paths = [g.org_path for g in grants_for(user) if "mediation.view_expert" in g.perms]
    above = {path[:n] for path in paths for n in range(Org.steplen, len(path), Org.steplen)}
    visible = Expert.objects.visible_to(user, "view").values("pk")
    return Expert.objects.filter(Q(pk__in=visible) | Q(org__path__in=above)).select_related("org")


def experts_for(user: Any) -> QuerySet[Expert]:
    return expert_pool(user).filter(is_active=True)


def escalation_targets(dispute: Dispute) -> QuerySet[Org]:
    """The orgs above the handling org (its office, county bureau …)."""
    path = dispute.org.path
    ancestors = [path[:n] for n in range(4, len(path), 4)]
    return Org.objects.filter(path__in=ancestors, kind__in=["office", "county_bureau"]).order_by("-depth")


def committee_list(user: Any) -> QuerySet[Org]:
    """人民调解委员会 visible to the user, with member counts and the registered profile (type, trade, term) as
    correlated subqueries (one query per page)."""
    from django.db.models import CharField, Count, DateField, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    def count(**extra: Any) -> Coalesce:
        sub = (
            Mediator.objects.filter(org=OuterRef("pk"), is_active=True, **extra)
            .values("org")
            .annotate(c=Count("id"))
            .values("c")
        )
        return Coalesce(Subquery(sub, output_field=IntegerField()), 0)

    profile = CommitteeProfile.objects.filter(org=OuterRef("pk"))
    return (
        Org.objects.visible_to(user, "view")
        .filter(kind=Org.Kind.COMMITTEE)
        .select_related("region")
        .annotate(member_count=count(), women_count=count(person__sex="2"))
        .annotate(
            committee_type=Subquery(profile.values("committee_type")[:1], output_field=CharField()),
            trade=Subquery(profile.values("trade")[:1], output_field=CharField()),
            term_end=Subquery(profile.values("term_end")[:1], output_field=DateField()),
        )
    )
