"""Grants are read once per request and kept on that request's user object only: whatever changes a user's
memberships, roles or orgs — through a service, a save or a queryset ``update`` that sends no signal — is in force from
the user's next request, in every worker."""

from __future__ import annotations

import pytest

from accounts.models import Membership
from accounts.scope import grants_for, scope_q
from core.testing import valid_id_number
from people.models import Person
from people.services import PersonInput, person_create

pytestmark = pytest.mark.django_db


def _person(personas):  # type: ignore[no-untyped-def]
    return person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="孙立", id_number=valid_id_number(seq="611")))


def test_the_grants_are_read_once_per_user_object(personas, django_assert_num_queries):
    user = type(personas.owner).objects.get(pk=personas.owner.pk)
    with django_assert_num_queries(2):  # the memberships, then their roles' permissions
        scope_q(user, Person, "view")
    with django_assert_num_queries(0):
        scope_q(user, Person, "change")
        assert user.has_perm("people.view_person")
    assert grants_for(user)[0].org_id == personas.office.pk


def test_a_membership_revoked_by_a_queryset_update_takes_effect_on_the_next_request(personas, login):
    person = _person(personas)
    c = login(personas.owner)
    assert c.get(f"/people/{person.uuid}/").status_code == 200
    Membership.objects.filter(user=personas.owner).update(is_active=False)  # no signal, no cache to retire
    assert c.get(f"/people/{person.uuid}/").status_code in (403, 404)
    assert c.get("/people/").status_code == 403


def test_a_permission_taken_from_the_role_takes_effect_on_the_next_request(personas, login):
    from django.contrib.auth.models import Permission

    person = _person(personas)
    role = personas.supervisor.memberships.get().role
    c = login(personas.supervisor)
    assert "孙立" in c.get("/people/").content.decode()
    role.permissions.remove(Permission.objects.get(codename="view_person"))
    assert c.get("/people/").status_code == 403
    assert c.get(f"/people/{person.uuid}/").status_code in (403, 404)


def test_an_org_moved_to_another_county_leaves_the_old_supervisor_s_scope(personas, login):
    person = _person(personas)
    c = login(personas.supervisor)
    assert "孙立" in c.get("/people/").content.decode()
    orgs = type(personas.office).objects
    orgs.move(orgs.get(pk=personas.office.pk), orgs.get(pk=personas.other_county.pk), "sorted-child")
    assert "孙立" not in c.get("/people/").content.decode()
    assert c.get(f"/people/{person.uuid}/").status_code == 404
