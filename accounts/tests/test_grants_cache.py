"""Grants cached across requests in the process, keyed by ``User.grants_version``: a second request or another user
object of the same account reads no membership, and every change that decides the grants (memberships, a role's
permissions, scope and name, an org's name, state and place in the tree) shows on the next request — also when
it was made by another process, which only leaves the raised version behind."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from accounts import scope
from accounts.models import DataScope, Membership, Role, User
from accounts.scope import clear_cache, clear_process_cache, grants_bump, grants_for, shown_membership, user_perms
from accounts.services import membership_add, membership_remove, role_update
from core.testing import make_user
from orgs.models import Org

pytestmark = pytest.mark.django_db

VIEW_PERSON = "people.view_person"
EXTRA = "accounts.change_role"  # a permission 司法所工作人员 lacks


def fresh(user: User) -> User:
    """The account as the next request loads it."""
    return User.objects.get(pk=user.pk)


def org_ids(user: User) -> set[int]:
    return {g.org_id for g in grants_for(fresh(user))}


def version(user: User) -> int:
    return User.objects.values_list("grants_version", flat=True).get(pk=user.pk)


def _top_bar(html: str) -> str:
    found = re.search(r'data-testid="current-org">(.*?)</span>', html)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


def _grant_queries(queries: list[dict]) -> list[str]:
    return [q["sql"] for q in queries if "accounts_role_permissions" in q["sql"] or "is_primary" in q["sql"]]


# Reading once per process


def test_another_user_object_of_the_account_reads_no_query(personas, django_assert_num_queries):
    first = grants_for(fresh(personas.owner))
    assert first and all(VIEW_PERSON in g.perms for g in first)
    user = fresh(personas.owner)
    with django_assert_num_queries(0):
        assert grants_for(user) == first
        assert shown_membership(user) == ("西屯街道司法所", "司法所工作人员")
        assert user.has_perm(VIEW_PERSON)
        assert user_perms(user) >= {VIEW_PERSON}


def test_a_second_request_reads_no_grants(personas, login):
    c = login(personas.owner)
    assert c.get("/").status_code == 200  # the session's first request: the menu and the session settle
    clear_process_cache()
    with CaptureQueriesContext(connection) as cold:
        page = c.get("/")
    with CaptureQueriesContext(connection) as warm:
        again = c.get("/")
    assert len(_grant_queries(cold.captured_queries)) == 2  # memberships, then their roles' permissions
    assert _grant_queries(warm.captured_queries) == []
    assert len(warm.captured_queries) == len(cold.captured_queries) - 2
    assert _top_bar(again.content.decode()) == _top_bar(page.content.decode()) == "西屯街道司法所 · 司法所工作人员"


def test_inactive_users_have_no_grants_and_superusers_keep_theirs(personas, django_assert_num_queries):
    inactive = fresh(personas.owner)
    inactive.is_active = False
    with django_assert_num_queries(0):
        assert grants_for(inactive) == [] and shown_membership(inactive) is None
    admin = fresh(personas.sysadmin)
    assert [g.scope for g in grants_for(admin)] == [DataScope.ALL]
    assert shown_membership(fresh(personas.sysadmin)) == ("赤峰市司法局", "系统管理员")


def test_the_process_cache_is_bounded(personas, monkeypatch):
    monkeypatch.setattr(scope, "PROCESS_CACHE_MAX", 2)
    for user in (personas.owner, personas.head, personas.supervisor, personas.outsider):
        grants_for(fresh(user))
        assert len(scope._PROCESS_CACHE) <= 2
    assert personas.outsider.pk in scope._PROCESS_CACHE


# Every change shows on the next request


def test_membership_changes_through_the_services_and_directly(personas, login):
    owner, mediator = personas.owner, Role.objects.get(code="mediator")
    assert org_ids(owner) == {personas.office.pk}
    m = membership_add(actor=personas.sysadmin, user=fresh(owner), org=personas.sibling_office, role=mediator)
    assert org_ids(owner) == {personas.office.pk, personas.sibling_office.pk}
    membership_remove(actor=personas.sysadmin, membership=m)
    assert org_ids(owner) == {personas.office.pk}

    direct = Membership.objects.create(user=owner, org=personas.committee, role=mediator, is_primary=False)
    assert org_ids(owner) == {personas.office.pk, personas.committee.pk}
    direct.is_active = False
    direct.save(update_fields=["is_active"])
    assert org_ids(owner) == {personas.office.pk}
    direct.delete()
    assert org_ids(owner) == {personas.office.pk}

    # The top bar of the next request names the new main 任职.
    c = login(owner)
    assert _top_bar(c.get("/").content.decode()) == "西屯街道司法所 · 司法所工作人员"
    Membership.objects.filter(user=owner).update(is_primary=False)  # no signal: grants_bump by hand, as its callers must
    Membership.objects.create(user=owner, org=personas.sibling_office, role=mediator, is_primary=True)
    assert _top_bar(c.get("/").content.decode()) == "三中街街道司法所 · 人民调解员"


def test_a_membership_handed_to_another_account_retires_both(personas):
    m = Membership.objects.get(user=personas.owner)
    assert org_ids(personas.owner) == {personas.office.pk} and org_ids(personas.outsider) == {personas.other_office.pk}
    m.user = personas.outsider
    m.save()
    assert org_ids(personas.owner) == set()
    assert org_ids(personas.outsider) == {personas.other_office.pk, personas.office.pk}


def test_role_permission_changes_through_role_update_and_the_m2m_managers(personas):
    owner, role = personas.owner, Role.objects.get(code="office_staff")
    extra = Permission.objects.get(content_type__app_label="accounts", codename="change_role")
    assert EXTRA not in user_perms(fresh(owner))
    role_update(actor=personas.sysadmin, role=role, data_scope=role.data_scope, requires_2fa=False,
                permissions=[*role.permissions.all(), extra])
    assert EXTRA in user_perms(fresh(owner))

    role.permissions.remove(extra)
    assert EXTRA not in user_perms(fresh(owner))
    role.permissions.add(extra)
    assert EXTRA in user_perms(fresh(owner))
    before = version(owner)
    role.permissions.add(extra)  # already there: nothing changed, nothing bumped
    assert version(owner) == before
    kept = list(role.permissions.all())
    role.permissions.clear()
    assert user_perms(fresh(owner)) == set()
    role.permissions.set(kept)
    assert VIEW_PERSON in user_perms(fresh(owner))

    # From the permission's side, where a clear names no roles.
    extra.role_set.remove(role)
    assert EXTRA not in user_perms(fresh(owner))
    extra.role_set.add(role)
    assert EXTRA in user_perms(fresh(owner))
    extra.role_set.clear()
    assert EXTRA not in user_perms(fresh(owner))


def test_role_scope_custom_orgs_and_name(personas):
    owner, role = personas.owner, Role.objects.get(code="office_staff")
    assert [g.scope for g in grants_for(fresh(owner))] == [DataScope.SUBTREE]
    role.data_scope = DataScope.ORG
    role.save(update_fields=["data_scope"])
    assert [g.scope for g in grants_for(fresh(owner))] == [DataScope.ORG]
    role_update(actor=personas.sysadmin, role=role, data_scope=DataScope.CUSTOM, requires_2fa=False,
                permissions=role.permissions.all(), custom_orgs=[personas.committee])
    assert [g.custom_org_ids for g in grants_for(fresh(owner))] == [(personas.committee.pk,)]
    role.custom_orgs.add(personas.sibling_office)
    assert {*grants_for(fresh(owner))[0].custom_org_ids} == {personas.committee.pk, personas.sibling_office.pk}

    role.name = "司法所科员"
    role.save()
    assert shown_membership(fresh(owner)) == ("西屯街道司法所", "司法所科员")
    before = version(owner)
    role.description = "只改说明"
    role.save(update_fields=["description"])  # nothing the grants read
    assert version(owner) == before


def test_org_deactivated_renamed_and_moved(personas, login):
    owner, office = personas.owner, Org.objects.get(pk=personas.office.pk)
    c = login(owner)
    assert _top_bar(c.get("/").content.decode()) == "西屯街道司法所 · 司法所工作人员"
    office.name = "西屯司法所"
    office.save()
    assert _top_bar(c.get("/").content.decode()) == "西屯司法所 · 司法所工作人员"

    office.is_active = False
    office.save(update_fields=["is_active"])
    assert org_ids(owner) == set()
    office.is_active = True
    office.save(update_fields=["is_active"])
    assert org_ids(owner) == {office.pk}

    # A move rewrites the paths of the branch by UPDATE.
    assert grants_for(fresh(owner))[0].org_path.startswith(personas.county.path)
    Org.objects.move(office, Org.objects.get(pk=personas.other_county.pk), "sorted-child")
    moved = Org.objects.get(pk=office.pk).path
    assert moved.startswith(personas.other_county.path)
    assert grants_for(fresh(owner))[0].org_path == moved


def test_a_new_org_that_renumbers_its_siblings(personas):
    """treebeard keeps siblings sorted by code: a new 司法所 whose code sorts first shifts the others' paths."""
    owner = personas.owner
    old_path = grants_for(fresh(owner))[0].org_path
    Org.objects.add_child(Org.objects.get(pk=personas.county.pk), {
        "code": "150402000", "name": "第零街道司法所", "short_name": "第零所", "kind": Org.Kind.OFFICE,
        "region": personas.office.region, "doc_abbr": "红零司"})
    new_path = Org.objects.get(pk=personas.office.pk).path
    assert new_path != old_path
    assert grants_for(fresh(owner))[0].org_path == new_path

    before = version(owner)
    Org.objects.add_child(Org.objects.get(pk=personas.county.pk), {
        "code": "150402009", "name": "第九街道司法所", "short_name": "第九所", "kind": Org.Kind.OFFICE,
        "region": personas.office.region, "doc_abbr": "红九司"})
    assert version(owner) == before  # added after its siblings: no path moved, no grant retired


def test_deleting_a_permission_or_a_custom_org(personas):
    owner, role = personas.owner, Role.objects.get(code="office_staff")
    extra = Permission.objects.create(codename="try_grants", name="试用", content_type=ContentType.objects.get_for_model(Role))
    role.permissions.add(extra)
    assert "accounts.try_grants" in user_perms(fresh(owner))
    extra.delete()
    assert "accounts.try_grants" not in user_perms(fresh(owner))

    role.data_scope = DataScope.CUSTOM
    role.save(update_fields=["data_scope"])
    role.custom_orgs.set([personas.committee, personas.sibling_office])
    assert {*grants_for(fresh(owner))[0].custom_org_ids} == {personas.committee.pk, personas.sibling_office.pk}
    Org.objects.get(pk=personas.committee.pk).delete()
    assert grants_for(fresh(owner))[0].custom_org_ids == (personas.sibling_office.pk,)


# Other processes, stale objects, transactions


def test_a_change_made_by_another_process_shows_through_the_version(personas):
    """Another worker changes the data and raises the version; this process's dict is left as it was."""
    owner = personas.owner
    assert org_ids(owner) == {personas.office.pk}
    Membership.objects.filter(user=owner).update(is_active=False)  # a write that sends no signal
    assert owner.pk in scope._PROCESS_CACHE
    assert org_ids(owner) == {personas.office.pk}  # what the process cache answers until the version moves
    User.objects.filter(pk=owner.pk).update(grants_version=F("grants_version") + 1)
    assert owner.pk in scope._PROCESS_CACHE
    assert org_ids(owner) == set()
    assert shown_membership(fresh(owner)) is None


def test_a_stale_user_object_does_not_write_an_older_version_back(personas):
    stale = fresh(personas.owner)
    grants_bump([personas.owner.pk])
    assert version(personas.owner) == stale.grants_version + 1
    stale.full_name = "张明明"
    stale.save()
    assert version(personas.owner) == stale.grants_version + 1
    assert fresh(personas.owner).full_name == "张明明"

    partial = User.objects.only("pk", "phone").get(pk=personas.owner.pk)
    partial.phone = "13800000000"
    partial.save()  # saves the loaded fields only, as Django does
    row = fresh(personas.owner)
    assert (row.phone, row.full_name, row.grants_version) == ("13800000000", "张明明", stale.grants_version + 1)

    new = make_user("office_150402001_2", org=personas.office, role="office_staff")
    assert version(new) == 1  # created at 0, raised by its first membership


def test_a_rolled_back_change_leaves_nothing_in_the_process_cache(personas):
    """Inside a transaction the process cache is neither read nor filled: what the transaction sees may never be
    committed, and a stale object's version would file it under the committed one."""
    owner = fresh(personas.owner)
    grants_for(owner)
    with pytest.raises(RuntimeError), transaction.atomic():
        Membership.objects.create(user=personas.owner, org=personas.sibling_office, role=Role.objects.get(code="mediator"),
                                  is_primary=False)
        clear_cache(owner)
        assert {g.org_id for g in grants_for(owner)} == {personas.office.pk, personas.sibling_office.pk}
        raise RuntimeError
    assert version(personas.owner) == owner.grants_version
    assert org_ids(personas.owner) == {personas.office.pk}


def test_the_entry_is_dropped_again_at_commit(personas, django_capture_on_commit_callbacks):
    stale = fresh(personas.owner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        grants_bump([personas.owner.pk])
        grants_for(stale)  # as a request of another thread would, reading the data before the commit
        assert personas.owner.pk in scope._PROCESS_CACHE
    assert len(callbacks) == 1
    assert personas.owner.pk not in scope._PROCESS_CACHE
