"""Reads of the org tree."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

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
