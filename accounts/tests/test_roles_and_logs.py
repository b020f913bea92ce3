"""角色管理 and 登录日志 pages."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import DataScope, LoginLog, Role
from core.models import AuditEvent
from core.testing import make_user

pytestmark = pytest.mark.django_db


def test_role_list_shows_scope_2fa_and_counts(personas, login):
    r = login(personas.sysadmin).get("/accounts/roles/")
    assert r.status_code == 200
    rows = {row.record.code: row.record for row in r.context["table"].rows}
    staff = rows["office_staff"]
    assert staff.user_count == 2  # 张明 and the outsider
    assert staff.perm_count == Role.objects.get(code="office_staff").permissions.count() > 0
    body = r.content.decode()
    assert "本单位及下级" in body and "必须" in body


def test_role_detail_groups_permissions_by_app_in_chinese(personas, login):
    r = login(personas.sysadmin).get("/accounts/roles/office_staff/")
    assert r.status_code == 200
    groups = dict(r.context["groups"])
    assert "人员信息库" in groups and "行政区划与机构" in groups
    labels = {label for _, label in groups["人员信息库"]}
    assert {"查看人员", "新增人员", "修改人员"} <= labels
    assert not any(label.startswith("Can ") for items in groups.values() for _, label in items)
    assert "张明" in r.content.decode()


def test_only_sysadmin_edits_roles_and_the_change_is_audited(personas, login):
    assert login(personas.owner).get("/accounts/roles/").status_code == 403
    assert login(personas.owner).get("/accounts/roles/mediator/edit/").status_code == 403
    c = login(personas.sysadmin)
    role = Role.objects.get(code="mediator")
    form = c.get("/accounts/roles/mediator/edit/", HTTP_HX_REQUEST="true")
    assert form.status_code == 200 and "人民调解" in form.content.decode()
    keep = list(role.permissions.values_list("pk", flat=True))
    extra = Permission.objects.get(content_type__app_label="people", codename="reveal_idnumber")
    r = c.post("/accounts/roles/mediator/edit/", {"data_scope": DataScope.CUSTOM, "custom_orgs": [personas.committee.pk],
                                                  "requires_2fa": "on", "permissions": [*keep, extra.pk]}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    role.refresh_from_db()
    assert role.data_scope == DataScope.CUSTOM and role.requires_2fa is True
    assert list(role.custom_orgs.all()) == [personas.committee] and role.permissions.filter(pk=extra.pk).exists()
    event = AuditEvent.objects.get(action="grant", object_id=str(role.pk))
    assert event.before["data_scope"] == "org" and event.after["data_scope"] == "custom"
    assert event.after["permissions"] and "people.reveal_idnumber" in event.after["permissions"]
    assert event.after["custom_orgs"] == [personas.committee.code]


def test_role_edit_rejects_custom_scope_without_orgs_and_guards_sysadmin_role(personas, login):
    c = login(personas.sysadmin)
    r = c.post("/accounts/roles/mediator/edit/", {"data_scope": DataScope.CUSTOM}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "请至少选择一个单位" in r.content.decode()
    r = c.post("/accounts/roles/sysadmin/edit/", {"data_scope": DataScope.ORG, "requires_2fa": "on"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "必须保持“全部数据”" in r.content.decode()
    assert Role.objects.get(code="sysadmin").data_scope == DataScope.ALL


def test_role_edit_needs_a_whole_platform_grant(personas, login):
    role = Role.objects.create(code="county_roleadmin", name="县局角色管理", data_scope=DataScope.SUBTREE)
    role.permissions.add(*Permission.objects.filter(content_type__app_label="accounts", codename__in=["view_role", "change_role"]))
    admin = make_user("roleadmin_150402", org=personas.county, role="county_roleadmin")
    c = login(admin)
    assert c.get("/accounts/roles/mediator/").status_code == 200
    assert c.post("/accounts/roles/mediator/edit/", {"data_scope": DataScope.ALL}).status_code == 403
    assert Role.objects.get(code="mediator").data_scope == DataScope.ORG


def test_login_log_search_by_user_result_and_date(personas, login):
    LoginLog.objects.create(username=personas.owner.username, user=personas.owner, success=True, ip_address="10.1.1.1")
    LoginLog.objects.create(username=personas.owner.username, user=personas.owner, success=False, reason="用户名或密码错误")
    old = LoginLog.objects.create(username=personas.head.username, user=personas.head, success=True)
    LoginLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    c = login(personas.sysadmin)
    r = c.get("/accounts/login-log/", {"username": "office_150402001"})
    assert {e.username for e in (row.record for row in r.context["table"].rows)} == {personas.owner.username}
    r = c.get("/accounts/login-log/", {"success": "false"})
    assert all(not row.record.success for row in r.context["table"].rows) and len(r.context["table"].rows) == 1
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    r = c.get("/accounts/login-log/", {"date_from": since})
    assert personas.head.username not in {row.record.username for row in r.context["table"].rows}
    r = c.get("/accounts/login-log/", {"date_to": (timezone.localdate() - dt.timedelta(days=30)).isoformat()})
    assert [row.record.username for row in r.context["table"].rows] == [personas.head.username]
    assert c.get("/accounts/login-log/", {"export": "xlsx"}).status_code == 200


def test_auditor_sees_login_log_of_own_county_only(personas, login):
    LoginLog.objects.create(username=personas.owner.username, user=personas.owner, success=True)
    LoginLog.objects.create(username=personas.outsider.username, user=personas.outsider, success=True)
    LoginLog.objects.create(username=personas.owner.username, success=False, reason="用户名或密码错误")
    LoginLog.objects.create(username="guess_admin", success=False, reason="用户名或密码错误")
    r = login(personas.readonly).get("/accounts/login-log/")
    assert r.status_code == 200
    names = {row.record.username for row in r.context["table"].rows}
    # The owner's success, the failed attempt under the owner's name, and the auditor's own sign-in.
    assert names == {personas.owner.username, personas.readonly.username}
    assert len(r.context["table"].rows) == 3
    all_names = {row.record.username for row in login(personas.sysadmin).get("/accounts/login-log/").context["table"].rows}
    assert {"guess_admin", personas.outsider.username} <= all_names


def test_login_log_refused_to_staff(personas, login):
    assert login(personas.owner).get("/accounts/login-log/").status_code == 403
    assert login(personas.supervisor).get("/accounts/login-log/").status_code == 403
