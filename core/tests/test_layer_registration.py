"""What the lower layers ask of accounts is registered by AccountsConfig.ready; without it they refuse with a message
that says how to fix the installation, rather than showing every record or an empty page."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.scope import scope_q
from core import scoping
from orgs import selectors as org_selectors
from people.models import Person

pytestmark = pytest.mark.django_db


def test_accounts_registers_the_scope_resolver_at_start_up():
    assert scoping.scope_resolver() is scope_q


def test_the_shell_shows_the_org_and_role_accounts_names(personas, login):
    page = login(personas.owner).get("/").content.decode()
    shown = re.search(r'data-testid="current-org">(.*?)</span>', page)
    membership = personas.owner.memberships.select_related("org", "role").get(is_primary=True)
    assert shown is not None and f"{membership.org.name} · {membership.role.name}" in shown[1]


def test_without_a_scope_resolver_no_record_is_read(personas, monkeypatch):
    monkeypatch.setattr(scoping, "_scope_resolver", None)
    with pytest.raises(ImproperlyConfigured, match="accounts 列入 INSTALLED_APPS"):
        Person.objects.visible_to(personas.owner, "view")


def test_without_a_members_reader_the_org_page_refuses(personas, monkeypatch):
    monkeypatch.setattr(org_selectors, "_members_reader", None)
    with pytest.raises(ImproperlyConfigured, match="accounts 列入 INSTALLED_APPS"):
        org_selectors.org_members(personas.owner, personas.office)


def test_the_org_members_reader_lists_the_orgs_memberships(personas):
    members, manageable = org_selectors.org_members(personas.owner, personas.office)
    assert personas.owner.pk in {m.user_id for m in members}
    assert isinstance(manageable, set)
