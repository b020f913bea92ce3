"""系统管理 over the API: 用户管理 (create with a one-time password, edit, deactivate, reset, unlock, 任职), 角色管理
and 登录日志, through the same services and scope rules as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import DataScope, LoginLog, Membership, Role, User
from core.models import AuditEvent
from core.testing import make_user

pytestmark = pytest.mark.django_db
API = "/api/v1/accounts"


@pytest.fixture
def county_admin(personas):  # type: ignore[no-untyped-def]
    """A county-level user administrator (本单位及下级) of 红山区, with the office staff's rights to hand out."""
    role = Role.objects.create(code="county_useradmin", name="县局用户管理员", data_scope=DataScope.SUBTREE)
    perms = Permission.objects.filter(content_type__app_label="accounts",
                                      codename__in=["view_user", "add_user", "change_user", "view_loginlog", "view_role"])
    role.permissions.add(*perms, *Role.objects.get(code="office_staff").permissions.all())
    return make_user("useradmin_150402", org=personas.county, role="county_useradmin", full_name="孙管理")


def _send(client: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def test_an_administrator_opens_an_account_and_its_temporary_password_is_shown_once(personas, login, county_admin):
    c = login(county_admin)
    r = _send(c, "post", f"{API}/users", {"username": "wangfang01", "full_name": "王芳", "phone": "13904761234",
                                          "org": personas.office.code, "role": "office_staff", "title": "专职人民调解员"})
    assert r.status_code == 201, r.content
    body = r.json()
    user = User.objects.get(username="wangfang01")
    assert user.check_password(body["password"]) and body["password"] not in json.dumps(list(AuditEvent.objects.values()), default=str)
    assert body["user"]["memberships"] == [{"id": user.memberships.get().pk, "org_code": personas.office.code,
                                            "org_name": personas.office.name, "role_code": "office_staff",
                                            "role_name": "司法所工作人员", "title": "专职人民调解员", "is_primary": True,
                                            "is_active": True}]
    assert AuditEvent.objects.filter(summary__startswith="新增用户 wangfang01").exists()

    again = _send(c, "post", f"{API}/users", {"username": "WangFang01", "full_name": "王芳", "org": personas.office.code,
                                              "role": "office_staff"})
    assert again.status_code == 409 and again.json()["field"] == "username"
    elsewhere = _send(c, "post", f"{API}/users", {"username": "zhao01", "full_name": "赵", "org": personas.other_office.code,
                                                  "role": "office_staff"})
    assert elsewhere.status_code == 400 and "请选择您有权管理的单位" in elsewhere.json()["message"]
    too_much = _send(c, "post", f"{API}/users", {"username": "zhao02", "full_name": "赵", "org": personas.office.code,
                                                 "role": "sysadmin"})
    assert too_much.status_code == 400 and too_much.json()["field"] == "role"
    unknown = _send(c, "post", f"{API}/users", {"username": "zhao03", "full_name": "赵", "org": personas.office.code,
                                                "role": "no_such_role"})
    assert unknown.status_code == 400 and "角色编码“no_such_role”不存在" in unknown.json()["message"]
    assert not User.objects.filter(username__startswith="zhao").exists()


def test_the_list_is_scoped_and_filtered_like_the_page(personas, login, county_admin):
    c = login(county_admin)
    names = {u["username"] for u in c.get(f"{API}/users", {"limit": 500}).json()["items"]}
    assert {personas.owner.username, personas.head.username} <= names and personas.outsider.username not in names
    only = c.get(f"{API}/users", {"role": "office_head"}).json()["items"]
    assert [u["username"] for u in only] == [personas.head.username]
    assert c.get(f"{API}/users", {"role": "nobody"}).status_code == 400
    assert login(personas.owner).get(f"{API}/users").status_code == 403  # office staff: no 用户管理 at all


def test_edit_deactivate_and_the_detail_with_lockout(personas, login, county_admin):
    c = login(county_admin)
    AccessAttempt.objects.create(username=personas.head.username, ip_address="10.0.0.9", user_agent="x", failures_since_start=5,
                                 attempt_time=timezone.now(), get_data="", post_data="", http_accept="", path_info="/")
    detail = c.get(f"{API}/users/{personas.head.username}").json()
    assert detail["failures"] == 5 and detail["can_manage"] is True and detail["has_2fa"] is False
    r = _send(c, "patch", f"{API}/users/{personas.head.username}", {"is_active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False and r.json()["full_name"] == personas.head.full_name
    assert not User.objects.get(pk=personas.head.pk).is_active
    assert _send(c, "patch", f"{API}/users/{county_admin.username}", {"is_active": False}).json()["field"] == "is_active"
    assert _send(c, "patch", f"{API}/users/{personas.outsider.username}", {"full_name": "改"}).status_code == 404
    assert _send(c, "patch", f"{API}/users/{personas.head.username}", {"is_admin": True}).status_code == 422

    unlocked = _send(c, "post", f"{API}/users/{personas.head.username}/unlock")
    assert unlocked.status_code == 200 and unlocked.json()["cleared"] >= 1
    assert not AccessAttempt.objects.filter(username=personas.head.username).exists()
    reset = _send(c, "post", f"{API}/users/{personas.head.username}/reset-password")
    assert reset.status_code == 200 and User.objects.get(pk=personas.head.pk).check_password(reset.json()["password"])


def test_memberships_are_added_and_removed(personas, login, county_admin):
    c = login(county_admin)
    url = f"{API}/users/{personas.head.username}/memberships"
    r = _send(c, "post", url, {"org": personas.committee.code, "role": "mediator", "title": "调解员"})
    assert r.status_code == 201 and r.json()["org_code"] == personas.committee.code and r.json()["is_primary"] is False
    assert _send(c, "post", url, {"org": personas.committee.code, "role": "mediator"}).status_code == 409
    gone = c.delete(f"{url}/{r.json()['id']}")
    assert gone.status_code == 204 and not Membership.objects.filter(pk=r.json()["id"]).exists()
    assert c.delete(f"{url}/{r.json()['id']}").status_code == 404


def test_roles_are_read_by_their_viewers_and_changed_only_by_a_platform_administrator(personas, login, county_admin):
    c = login(county_admin)
    roles = c.get(f"{API}/roles", {"name": "调解"}).json()["items"]
    assert roles and all("调解" in r["name"] for r in roles)
    detail = c.get(f"{API}/roles/mediator").json()
    assert detail["data_scope"] in DataScope.values and detail["permissions"] and "." in detail["permissions"][0]["code"]
    body = {"data_scope": "org", "requires_2fa": True, "permissions": [p["code"] for p in detail["permissions"]]}
    assert _send(c, "put", f"{API}/roles/mediator", body).status_code == 403  # a county grant is not platform-wide

    admin_role = Role.objects.create(code="role_admin", name="角色管理员", data_scope=DataScope.ALL)
    admin_role.permissions.add(*Permission.objects.filter(content_type__app_label="accounts", codename__in=["view_role", "change_role"]))
    admin = make_user("roleadmin", org=personas.city, role="role_admin")
    a = login(admin)
    r = _send(a, "put", f"{API}/roles/mediator", body)
    assert r.status_code == 200 and r.json()["requires_2fa"] is True and Role.objects.get(code="mediator").requires_2fa
    assert _send(a, "put", f"{API}/roles/mediator", {**body, "permissions": ["mediation.no_such"]}).json()["field"] == "permissions"
    assert _send(a, "put", f"{API}/roles/mediator", {**body, "data_scope": "everything"}).status_code == 422
    custom = _send(a, "put", f"{API}/roles/mediator", {**body, "data_scope": "custom", "custom_orgs": []})
    assert custom.status_code == 400 and custom.json()["field"] == "custom_orgs"


def test_the_login_log_is_filtered_and_scoped(personas, login, county_admin):
    LoginLog.objects.create(username=personas.head.username, user=personas.head, success=False, reason="密码错误")
    LoginLog.objects.create(username=personas.outsider.username, user=personas.outsider, success=False, reason="密码错误")
    LoginLog.objects.create(username=personas.head.username, user=personas.head, success=True)
    rows = login(county_admin).get(f"{API}/login-log", {"success": "false"}).json()["items"]
    assert [(r["username"], r["success"]) for r in rows] == [(personas.head.username, False)]
    assert login(personas.owner).get(f"{API}/login-log").status_code == 403


def test_the_schema_lists_the_fixed_codes_of_data_scope():
    from sifasuo.api import api

    schema = api.get_openapi_schema()
    role_out = schema["components"]["schemas"]["RoleOut"]["properties"]["data_scope"]
    assert role_out["enum"] == list(DataScope.values)
    put = schema["paths"]["/api/v1/accounts/roles/{code}"]["put"]["responses"]
    assert {"200", "400", "403", "404", "422"} <= {str(k) for k in put}
