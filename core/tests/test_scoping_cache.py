"""``visible_to`` straight from the manager reuses the query built for the same scope (core/scoping.py): the same
rows as building it anew, for every persona, and never for a queryset that was changed first."""

from __future__ import annotations

import pytest

from accounts.models import Membership
from core import scoping
from core.testing import valid_id_number
from people.models import Person
from people.services import PersonInput, person_create

pytestmark = pytest.mark.django_db


def _names(qs) -> set[str]:  # type: ignore[no-untyped-def]
    return set(qs.values_list("name", flat=True))


@pytest.fixture
def people(personas):  # type: ignore[no-untyped-def]
    person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="甲", id_number=valid_id_number(seq="501")))
    person_create(actor=personas.outsider, org=personas.other_office, data=PersonInput(name="乙", id_number=valid_id_number(seq="502")))
    return personas


def test_the_reused_query_gives_the_rows_of_a_new_one(people):
    scoping._SCOPED_QUERIES.clear()
    for name, user in {**people.all(), "sysadmin": people.sysadmin}.items():
        built = _names(Person.objects.all().visible_to(user, "view"))  # .all(): not the manager's own, built anew
        first, again = Person.objects.visible_to(user, "view"), Person.objects.visible_to(user, "view")
        assert _names(first) == _names(again) == built, name
        assert first.query is not again.query
    assert {"owner": {"甲"}, "outsider": {"乙"}} == {u: _names(Person.objects.visible_to(getattr(people, u))) for u in ("owner", "outsider")}
    # One entry per distinct scope: the owner, the county and the outsider's office (sysadmin sees all, no filter;
    # the read-only auditor has the county's scope).
    assert 2 <= len(scoping._SCOPED_QUERIES) <= 4


def test_conditions_compared_by_identity_are_not_kept(people):
    """A scope condition holding a queryset is never equal to the next one: it would only fill the cache."""
    scoping._SCOPED_QUERIES.clear()
    from orgs.models import Org

    q = scoping.models.Q(org_id__in=Org.objects.filter(pk=people.office.pk).values("pk"))
    assert not scoping._value_key(q)
    assert scoping._value_key(scoping.models.Q(org_id__in=(1, 2)) | scoping.models.Q(created_by_id=3))


def test_a_changed_grant_is_another_scope(people):
    assert _names(Person.objects.visible_to(people.owner)) == {"甲"}
    membership = Membership.objects.get(user=people.owner)
    membership.org = people.other_office
    membership.save()  # the grants of the owner are retired (grants_bump), the next reading is the new office
    owner = type(people.owner).objects.get(pk=people.owner.pk)
    assert _names(Person.objects.visible_to(owner)) == {"乙"}


def test_changed_querysets_and_results_do_not_touch_the_cache(people):
    scoping._SCOPED_QUERIES.clear()
    assert _names(Person.objects.filter(name="乙").visible_to(people.supervisor)) == set()
    assert not scoping._SCOPED_QUERIES  # a derived queryset is filtered as it is
    qs = Person.objects.get_queryset()
    qs.query.add_q(scoping.models.Q(name="无此人"))  # changed in place: no longer the manager's untouched queryset
    assert _names(qs.visible_to(people.supervisor)) == set()
    assert not scoping._SCOPED_QUERIES
    qs = Person.objects.get_queryset()
    qs.query.add_ordering("name")
    qs.query.distinct = True  # changed in place without a filter: kept, and not taught to the cache
    scoped = qs.visible_to(people.supervisor)
    assert scoped.query.distinct and scoped.query.order_by == ("name",) and not scoping._SCOPED_QUERIES
    first = Person.objects.visible_to(people.supervisor)
    assert not first.query.distinct and not first.query.order_by and len(scoping._SCOPED_QUERIES) == 1
    shown = Person.objects.visible_to(people.supervisor)
    assert _names(shown.filter(name="乙")) == set() and _names(shown.exclude(name="甲")) == set()
    assert _names(Person.objects.visible_to(people.supervisor)) == {"甲"}  # what was done with a result stays there
