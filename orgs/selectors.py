"""Reads of the org tree."""

from __future__ import annotations

from orgs.models import Org


def registering_office(org: Org) -> Org:
    """The office a person is registered under: a village committee's parent 司法所, otherwise the org itself."""
    if org.kind == Org.Kind.COMMITTEE:
        return Org.objects.filter(path=org.path[: -Org.steplen]).first() or org
    return org
