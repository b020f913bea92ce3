"""Reads of the org tree."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from orgs.models import Org

# An org's page lists who works there. The 任职 are kept by accounts, a layer above orgs, which registers the
# reader at start-up (``AccountsConfig.ready``): reader(viewer, org) → (the org's memberships, the ids of the users
# among them whose accounts the viewer may open).
MembersReader = Callable[[Any, Org], tuple[Iterable[Any], set[int]]]
_members_reader: MembersReader | None = None


def register_members_reader(reader: MembersReader) -> None:
    global _members_reader
    _members_reader = reader


def org_members(viewer: Any, org: Org) -> tuple[Iterable[Any], set[int]]:
    """The org's memberships and which of their users ``viewer`` may open, as the registered reader gives them."""
    if _members_reader is None:
        raise ImproperlyConfigured("没有登记任职名单读取函数：请把 accounts 列入 INSTALLED_APPS")
    return _members_reader(viewer, org)


def registering_office(org: Org) -> Org:
    """The office a person is registered under: a village committee's parent 司法所, otherwise the org itself."""
    if org.kind == Org.Kind.COMMITTEE:
        return Org.objects.filter(path=org.path[: -Org.steplen]).first() or org
    return org


def org_choice_groups(orgs: QuerySet[Org]) -> list[tuple[str, list[tuple[Any, str]]]]:
    """Orgs for a picker, grouped by their county (旗县区) in tree order. A name that occurs more than once in the list
    (two offices or two committees of the same name in different counties) shows its county, and its parent org when
    the county does not tell them apart. Two queries, whatever the number of orgs."""
    from collections import Counter

    from orgs.models import Region

    rows = list(orgs.select_related("region"))
    county_of = {o.pk: o.region.code[:6] for o in rows}
    counties = dict(Region.objects.filter(level=Region.Level.COUNTY, code__in=set(county_of.values())).values_list("code", "name"))
    names = Counter(o.name for o in rows)
    in_county = Counter((o.name, county_of[o.pk]) for o in rows)
    parents: dict[str, str] = {}
    if any(n > 1 for n in in_county.values()):
        parents = dict(Org.objects.filter(path__in={o.path[:-Org.steplen] for o in rows}).values_list("path", "name"))
    groups: dict[str, list[tuple[Any, str]]] = {}
    for o in rows:
        county = counties.get(county_of[o.pk], "")
        label = o.name
        if in_county[(o.name, county_of[o.pk])] > 1 and parents.get(o.path[:-Org.steplen]):
            label = f"{o.name}（{county}{parents[o.path[:-Org.steplen]]}）"
        elif names[o.name] > 1 and county:
            label = f"{o.name}（{county}）"
        groups.setdefault(county or o.region.name, []).append((o.pk, label))
    return list(groups.items())
