"""Roles match the work: the README's role matrix is the code's, and each persona reads, writes and supervises the
office's cases as the matrix says (a bureau reads and supervises an office's case but does not write it: 403)."""

import json

import pytest
from django.urls import reverse

from accounts.models import CaseWrite, Role
from accounts.roles import DEFAULT_ROLES, MATRIX_END, MATRIX_START, render_role_matrix
from accounts.scope import clear_cache
from accounts.selectors import writable_orgs
from core.testing import make_user
from mediation.models import Dispute, Mediator
from mediation.tests import factories
from people.models import Person


def test_readme_role_matrix_is_the_code_s():
    with open("README.md", encoding="utf-8") as fh:
        readme = fh.read()
    start, end = readme.index(MATRIX_START), readme.index(MATRIX_END) + len(MATRIX_END)
    assert readme[start:end] == render_role_matrix(), "README 的角色表与 accounts.roles 不一致：用 render_role_matrix() 重新生成"


def test_every_builtin_role_is_in_the_matrix_with_its_case_write():
    matrix = render_role_matrix()
    for spec in DEFAULT_ROLES:
        assert f"`{spec.code}`" in matrix
    bureaus = {s.code for s in DEFAULT_ROLES if s.case_write == CaseWrite.OWN_ORG}
    assert bureaus == {"city_leader", "city_staff", "county_leader", "county_staff"}


@pytest.mark.django_db
def test_the_migrated_builtin_roles_write_as_their_spec_says():
    for spec in DEFAULT_ROLES:
        assert Role.objects.get(code=spec.code).case_write == spec.case_write, spec.code


@pytest.mark.django_db
def test_each_persona_reads_writes_and_supervises_an_office_case_as_the_matrix_says(personas):
    dispute = factories.dispute(personas)
    city = make_user("city_staff_t", org=personas.city, role="city_staff")
    expected = {
        # persona: (view, change, supervise)
        personas.owner: (True, True, True),
        personas.head: (True, True, True),
        personas.supervisor: (True, False, True),
        city: (True, False, True),
        personas.caseworker: (True, True, True),  # a county role granted case writes explicitly
        personas.readonly: (True, False, False),
        personas.outsider: (False, False, False),
    }
    for user, (view, change, supervise) in expected.items():
        got = tuple(Dispute.objects.visible_to(user, action).filter(pk=dispute.pk).exists() for action in ("view", "change", "supervise"))
        assert got == (view, change, supervise), user.username


@pytest.mark.django_db
def test_a_bureau_writes_its_own_cases_and_the_registries(personas):
    # The county's own org is inside its 办案范围: it registers people there, not at the office.
    assert set(writable_orgs(personas.supervisor, Person)) == {personas.county}
    assert personas.office in set(writable_orgs(personas.caseworker, Person))
    assert not writable_orgs(personas.supervisor, Dispute).filter(pk=personas.office.pk).exists()
    # 调解员 is a registry, not a case: the county keeps it with the committees (人民调解法 第十四条 培训).
    mediator = factories.mediator(personas)
    assert Mediator.objects.visible_to(personas.supervisor, "change").filter(pk=mediator.pk).exists()


@pytest.mark.django_db
def test_a_forbidden_case_write_is_403_in_the_api_and_the_page(personas, login):
    dispute = factories.dispute(personas)
    before = Dispute.objects.get(pk=dispute.pk).facts
    api = login(personas.supervisor).patch(f"/api/v1/mediation/disputes/{dispute.uuid}", json.dumps({"facts": "县局改写的事实"}),
                                           content_type="application/json")
    assert api.status_code == 403, api.content
    assert api.json()["code"] == "forbidden"
    page = login(personas.supervisor).get(reverse("mediation:dispute_create"))
    assert page.status_code == 403
    assert Dispute.objects.get(pk=dispute.pk).facts == before
    # The same write by the office, and by a county role granted case writes, goes through.
    for user in (personas.owner, personas.caseworker):
        r = login(user).patch(f"/api/v1/mediation/disputes/{dispute.uuid}", json.dumps({"facts": f"{user.username}补充的事实经过"}),
                              content_type="application/json")
        assert r.status_code == 200, r.content
    assert Dispute.objects.get(pk=dispute.pk).facts == "caseworker_150402补充的事实经过"


@pytest.mark.django_db
def test_an_administrator_grants_case_writes_on_a_role(personas):
    from accounts import services
    from core.models import AuditEvent

    role = Role.objects.get(code="county_staff")
    services.role_update(actor=personas.sysadmin, role=role, data_scope=role.data_scope, requires_2fa=role.requires_2fa,
                         permissions=role.permissions.all(), case_write=CaseWrite.SCOPE)
    role.refresh_from_db()
    assert role.case_write == CaseWrite.SCOPE
    assert AuditEvent.objects.filter(summary=f"修改角色“{role.name}”的权限").exists()  # 办案范围 is in the audited snapshot
    dispute = factories.dispute(personas)
    clear_cache(personas.supervisor)  # as the next request would: the changed role is read again
    assert Dispute.objects.visible_to(personas.supervisor, "change").filter(pk=dispute.pk).exists()


LISTS_WITH_CREATE = ["/mediation/disputes/", "/consultation/", "/legalaid/", "/corrections/", "/corrections/investigations/",
                     "/corrections/arrivals/", "/agency/review/", "/agency/cases/"]
# Not /people/: a bureau registers people in its own org (people.walk), so it is offered 新增 there; nor /resettlement/:
# the county registers the prison's release notice for the office (综治委〔1999〕5号).


@pytest.mark.parametrize("url", LISTS_WITH_CREATE)
def test_a_list_offers_new_records_only_to_those_who_may_file_them(personas, login, url):
    """The county supervisor reads an office's cases but files none (办案范围): its lists show no 新增 button that could
    only answer 403; the office and a county role granted case writes see it."""
    from core.testing import make_county_caseworker

    assert 'data-testid="btn-create"' not in login(personas.supervisor).get(url).content.decode(), url
    assert 'data-testid="btn-create"' in login(personas.owner).get(url).content.decode(), url
    assert 'data-testid="btn-create"' in login(make_county_caseworker(personas)).get(url).content.decode(), url
