"""The subtree subquery of a 本级及下级 scope (accounts.scope.subtree_pks) selects exactly what the ORM's
``Org.objects.filter(path__startswith=…).values("pk")`` selects, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.db.models.expressions import RawSQL

from accounts.scope import subtree_pks
from core.testing import valid_id_number
from orgs.models import Org
from people.models import Person
from people.services import PersonInput, person_create

pytestmark = pytest.mark.django_db


def test_same_orgs_as_the_orm_subquery(personas):
    for org in Org.objects.all():
        for path in (org.path, org.path[:4], org.path + "9", "%", "_", "\\"):
            expected = set(Org.objects.filter(path__startswith=path).values_list("pk", flat=True))
            assert set(Org.objects.filter(pk__in=subtree_pks(path)).values_list("pk", flat=True)) == expected, path


def test_compiled_once_and_used_as_a_raw_subquery(personas):
    sub = subtree_pks(personas.county.path)
    assert isinstance(sub, RawSQL) and sub.params == (f"{personas.county.path}%",)
    assert "ORDER BY" not in sub.sql  # the org table's default ordering is no part of a subquery


def test_scoped_rows_through_the_subquery(personas, login):
    person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="甲", id_number=valid_id_number(seq="401")))
    person_create(actor=personas.outsider, org=personas.other_office,
                  data=PersonInput(name="乙", id_number=valid_id_number(seq="402")))
    # The list joins orgs_org for the short name while the subquery reads orgs_org too: each sees its own.
    names = {u: set(Person.objects.visible_to(getattr(personas, u), "view").values_list("name", flat=True))
             for u in ("owner", "supervisor", "outsider")}
    assert names == {"owner": {"甲"}, "supervisor": {"甲"}, "outsider": {"乙"}}
    assert "甲" in login(personas.supervisor).get("/people/").content.decode()
