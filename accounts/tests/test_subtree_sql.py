"""The subtree subquery of a 本级及下级 scope (accounts.scope.subtree_pks) selects exactly the orgs whose path starts
with the scope's, on SQLite and PostgreSQL alike, also for paths holding LIKE's wildcards."""

from __future__ import annotations

import pytest

from accounts.scope import subtree_pks
from core.testing import valid_id_number
from orgs.models import Org
from people.models import Person
from people.services import PersonInput, person_create

pytestmark = pytest.mark.django_db


def test_the_subquery_selects_the_orgs_under_the_path(personas):
    orgs = list(Org.objects.all())
    for org in orgs:
        for path in (org.path, org.path[:4], org.path + "9", "%", "_", "\\"):
            expected = {o.pk for o in orgs if o.path.startswith(path)}
            assert set(Org.objects.filter(pk__in=subtree_pks(path)).values_list("pk", flat=True)) == expected, path


def test_scoped_rows_through_the_subquery(personas, login):
    person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="甲", id_number=valid_id_number(seq="401")))
    person_create(actor=personas.outsider, org=personas.other_office,
                  data=PersonInput(name="乙", id_number=valid_id_number(seq="402")))
    # The list joins orgs_org for the short name while the subquery reads orgs_org too: each sees its own.
    names = {u: set(Person.objects.visible_to(getattr(personas, u), "view").values_list("name", flat=True))
             for u in ("owner", "supervisor", "outsider")}
    assert names == {"owner": {"甲"}, "supervisor": {"甲"}, "outsider": {"乙"}}
    assert "甲" in login(personas.supervisor).get("/people/").content.decode()
