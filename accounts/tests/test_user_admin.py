"""用户管理: list, create with a temporary password shown once, edit, reset, unlock, memberships,
and who may do what (404 outside the view, 403 inside it without the right)."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from accounts import services
from accounts.models import DataScope, Membership, Role, User
from core.errors import AccessDenied, NotFound, ValidationFailed
from core.models import AuditEvent
from core.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_admin(personas):
    """A county-level user administrator (本单位及下级) of 红山区."""
    role = Role.objects.create(code="county_useradmin", name="县局用户管理员", data_scope=DataScope.SUBTREE)
    perms = Permission.objects.filter(content_type__app_label="accounts", codename__in=["view_user", "add_user", "change_user"])
    role.permissions.add(*perms, *Role.objects.get(code="office_staff").permissions.all())
    return make_user("useradmin_150402", org=personas.county, role="county_useradmin", full_name="孙管理")


def test_sysadmin_sees_every_user_and_filters_by_org_and_role(personas, login):
    c = login(personas.sysadmin)
    r = c.get("/accounts/users/")
    assert r.status_code == 200
    for u in (personas.owner, personas.outsider, personas.readonly):
        assert u.username in r.content.decode()
    r = c.get("/accounts/users/", {"org": "平庄镇"})
    body = r.content.decode()
    assert personas.outsider.username in body and personas.owner.username not in body
    r = c.get("/accounts/users/", {"role": Role.objects.get(code="auditor").pk})
    body = r.content.decode()
    assert personas.readonly.username in body and personas.owner.username not in body
    r = c.get("/accounts/users/", {"full_name": "张明"})
    assert personas.owner.username in r.content.decode() and personas.head.username not in r.content.decode()


def test_office_staff_has_no_user_management(personas, login):
    c = login(personas.owner)
    assert c.get("/accounts/users/").status_code == 403
    assert c.get("/accounts/users/new/").status_code == 403
    assert c.post("/accounts/users/new/", {"username": "x1234", "full_name": "某", "org": personas.office.pk}).status_code == 403
    assert not User.objects.filter(username="x1234").exists()


def test_sysadmin_creates_user_and_sees_temporary_password_once(personas, login):
    c = login(personas.sysadmin)
    assert c.get("/accounts/users/new/", HTTP_HX_REQUEST="true").status_code == 200
    role = Role.objects.get(code="office_staff")
    r = c.post("/accounts/users/new/", {"username": "wangfang01", "full_name": "王芳", "phone": "13904761234",
                                         "org": personas.office.pk, "role": role.pk, "title": "专职人民调解员"},
               HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    password = r.context["password"]
    assert password in r.content.decode() and len(password) >= 12
    user = User.objects.get(username="wangfang01")
    assert user.check_password(password) and not user.password.endswith(password)
    m = user.memberships.get()
    assert (m.org, m.role, m.title, m.is_primary) == (personas.office, role, "专职人民调解员", True)
    event = AuditEvent.objects.get(action="create", object_id=str(user.pk), content_type__model="user")
    assert event.org == personas.office and event.actor == personas.sysadmin
    assert password not in str(event.after) and "password" not in event.after
    # The new account can sign in with the temporary password.
    assert Client().post("/accounts/login/", {"username": "wangfang01", "password": password}).status_code == 302


def test_create_user_reports_specific_errors(personas, login):
    c = login(personas.sysadmin)
    role = Role.objects.get(code="office_staff")
    r = c.post("/accounts/users/new/", {"username": personas.owner.username.upper(), "full_name": "重名", "org": personas.office.pk,
                                         "role": role.pk}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "已被使用" in r.content.decode()
    r = c.post("/accounts/users/new/", {"username": "张三", "full_name": "张三", "org": personas.office.pk, "role": role.pk},
               HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "英文字母、数字" in r.content.decode()
    r = c.post("/accounts/users/new/", {"username": "lisi01", "full_name": "李四", "phone": "1390476", "org": personas.office.pk,
                                         "role": role.pk}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "电话号码格式不正确" in r.content.decode()
    assert not User.objects.filter(username__in=["lisi01", "张三"]).exists()


def test_county_admin_manages_own_county_only(personas, county_admin, login):
    c = login(county_admin)
    body = c.get("/accounts/users/").content.decode()
    assert personas.owner.username in body and personas.outsider.username not in body
    # Another county's user: not even visible.
    assert c.get(f"/accounts/users/{personas.outsider.username}/").status_code == 404
    assert c.post(f"/accounts/users/{personas.outsider.username}/edit/", {"full_name": "改名"}).status_code == 404
    assert c.post(f"/accounts/users/{personas.outsider.username}/reset-password/").status_code == 404
    # Own county's user: editable.
    r = c.post(f"/accounts/users/{personas.owner.username}/edit/", {"full_name": "张明明", "phone": "", "is_active": "on"},
               HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    personas.owner.refresh_from_db()
    assert personas.owner.full_name == "张明明"
    # The create dialog offers only orgs of the county and roles within the admin's own rights.
    form = c.get("/accounts/users/new/").context["form"]
    assert set(form.fields["org"].queryset) >= {personas.county, personas.office} and personas.other_office not in form.fields["org"].queryset
    codes = set(form.fields["role"].queryset.values_list("code", flat=True))
    assert "office_staff" in codes and "sysadmin" not in codes and "city_staff" not in codes


def test_county_admin_cannot_create_in_another_county_or_grant_sysadmin(personas, county_admin):
    with pytest.raises(ValidationFailed, match="有权管理的单位"):
        services.user_create(actor=county_admin, username="wai01", full_name="外", org=personas.other_office,
                             role=Role.objects.get(code="office_staff"))
    with pytest.raises(ValidationFailed, match="超出了您本人的权限"):
        services.user_create(actor=county_admin, username="wai02", full_name="外", org=personas.office,
                             role=Role.objects.get(code="sysadmin"))
    assert not User.objects.filter(username__startswith="wai").exists()


def test_user_with_a_membership_outside_the_admins_county_is_visible_but_not_changeable(personas, county_admin, login):
    Membership.objects.create(user=personas.owner, org=personas.other_office, role=Role.objects.get(code="mediator"), is_primary=False)
    c = login(county_admin)
    assert c.get(f"/accounts/users/{personas.owner.username}/").status_code == 200
    r = c.post(f"/accounts/users/{personas.owner.username}/reset-password/")
    assert r.status_code == 403
    with pytest.raises(AccessDenied, match="平庄镇司法所"):
        services.user_reset_password(actor=county_admin, user=personas.owner)


def test_only_a_superuser_changes_a_superuser(personas, county_admin):
    Membership.objects.create(user=personas.sysadmin, org=personas.office, role=Role.objects.get(code="office_staff"), is_primary=False)
    with pytest.raises(AccessDenied, match="超级管理员"):
        services.user_update(actor=county_admin, user=personas.sysadmin, full_name="篡改")


def test_outsider_cannot_see_or_edit_user_of_another_county(personas, login):
    c = login(personas.outsider)
    assert c.get(f"/accounts/users/{personas.owner.username}/").status_code == 404
    with pytest.raises(NotFound):
        services.user_update(actor=personas.outsider, user=personas.owner, full_name="改名")


def test_reset_password_shows_new_password_once_and_audits_without_it(personas, login):
    c = login(personas.sysadmin)
    old_hash = personas.owner.password
    r = c.post(f"/accounts/users/{personas.owner.username}/reset-password/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    password = r.context["password"]
    personas.owner.refresh_from_db()
    assert personas.owner.password != old_hash and personas.owner.check_password(password)
    event = AuditEvent.objects.filter(summary__contains="重置用户").get()
    assert event.before is None and event.after is None and event.actor == personas.sysadmin
    assert c.get(f"/accounts/users/{personas.owner.username}/reset-password/").status_code == 405


def test_edit_deactivates_account_and_refuses_self_deactivation(personas, login):
    c = login(personas.sysadmin)
    r = c.post(f"/accounts/users/{personas.owner.username}/edit/", {"full_name": "张明", "phone": "13904761234"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    personas.owner.refresh_from_db()
    assert personas.owner.is_active is False and personas.owner.phone == "13904761234"
    event = AuditEvent.objects.get(summary=f"修改用户 {personas.owner.username}")
    assert event.before["is_active"] is True and event.after["is_active"] is False
    r = c.post(f"/accounts/users/{personas.sysadmin.username}/edit/", {"full_name": "系统管理员"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "不能停用自己的账号" in r.content.decode()


def test_unlock_clears_axes_lockout(personas, login):
    AccessAttempt.objects.create(username=personas.owner.username, ip_address="10.0.0.9", user_agent="x", failures_since_start=5,
                                 attempt_time=timezone.now(), get_data="", post_data="", http_accept="", path_info="/accounts/login/")
    c = login(personas.sysadmin)
    page = c.get(f"/accounts/users/{personas.owner.username}/")
    assert page.context["locked"] is True and "已锁定" in page.content.decode()
    r = c.post(f"/accounts/users/{personas.owner.username}/unlock/", HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    assert not AccessAttempt.objects.filter(username=personas.owner.username).exists()
    assert AuditEvent.objects.filter(summary__contains="解除用户").exists()


def test_add_and_remove_membership(personas, login):
    c = login(personas.sysadmin)
    mediator = Role.objects.get(code="mediator")
    r = c.post(f"/accounts/users/{personas.owner.username}/memberships/new/",
               {"org": personas.committee.pk, "role": mediator.pk, "title": "调解员"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    m = Membership.objects.get(user=personas.owner, org=personas.committee)
    assert m.role == mediator and m.is_primary is False
    r = c.post(f"/accounts/users/{personas.owner.username}/memberships/new/",
               {"org": personas.committee.pk, "role": mediator.pk}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "已在" in r.content.decode()
    assert AuditEvent.objects.filter(action="grant", summary__contains="增加任职").count() == 1
    r = c.post(f"/accounts/users/{personas.owner.username}/memberships/{m.pk}/remove/", HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    assert not Membership.objects.filter(pk=m.pk).exists()
    event = AuditEvent.objects.get(action="grant", summary__contains="取消用户")
    assert event.before["org"] == personas.committee.code


def test_county_admin_cannot_remove_membership_in_another_county(personas, county_admin, login):
    other = Membership.objects.create(user=personas.owner, org=personas.other_office, role=Role.objects.get(code="mediator"),
                                      is_primary=False)
    c = login(county_admin)
    r = c.post(f"/accounts/users/{personas.owner.username}/memberships/{other.pk}/remove/")
    assert r.status_code == 403
    assert Membership.objects.filter(pk=other.pk).exists()


def test_user_list_query_count_does_not_grow_with_rows(personas, login, django_assert_max_num_queries):
    c = login(personas.sysadmin)
    c.get("/accounts/users/")
    for i in range(30):
        make_user(f"bulk{i:02d}", org=personas.office, role="office_staff")
    with django_assert_max_num_queries(20):
        r = c.get("/accounts/users/", {"per_page": 50})
    assert r.status_code == 200 and "bulk29" in r.content.decode()


def test_user_list_export(personas, login):
    r = login(personas.sysadmin).get("/accounts/users/", {"export": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="export", summary__contains="用户管理").exists()


def test_own_password_change(personas, login, password):
    c = login(personas.owner)
    assert c.get("/accounts/password/").status_code == 200
    r = c.post("/accounts/password/", {"old_password": "wrong", "new_password": "Xin@2026mima", "new_password2": "Xin@2026mima"})
    assert r.status_code == 422 and "原密码不正确" in r.content.decode()
    r = c.post("/accounts/password/", {"old_password": password, "new_password": "12345678", "new_password2": "12345678"})
    assert r.status_code == 422
    r = c.post("/accounts/password/", {"old_password": password, "new_password": "Xin@2026mima", "new_password2": "Xin@2026mima"})
    assert r.status_code == 302
    personas.owner.refresh_from_db()
    assert personas.owner.check_password("Xin@2026mima")
    assert c.get("/accounts/profile/").status_code == 200  # still signed in
    assert AuditEvent.objects.filter(actor=personas.owner, summary__contains="修改了自己的密码").exists()


def _verified(client, user):
    """Pass the TOTP step in this session, as after the second login step."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_a_sysadmin_opened_in_user_management_can_use_the_admin_site(personas, login):
    """The 码表与节假日 menu item links to the Django admin, which lets in staff accounts only."""
    c = login(personas.sysadmin)
    sysadmin_role = Role.objects.get(code="sysadmin")
    r = c.post("/accounts/users/new/", {"username": "admin02", "full_name": "刘管理", "org": personas.city.pk,
                                         "role": sysadmin_role.pk}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    admin = User.objects.get(username="admin02")
    assert admin.is_staff and not admin.is_superuser
    staff = User.objects.get(pk=services.user_create(actor=personas.sysadmin, username="clerk02", full_name="周科员",
                                                     org=personas.office, role=Role.objects.get(code="office_staff"))[0].pk)
    assert not staff.is_staff
    # The new administrator, once past TOTP, opens the dictionaries in the admin instead of its login page.
    other = Client()
    other.force_login(admin)
    _verified(other, admin)
    assert other.get("/admin/core/dicttype/").status_code == 200
    # Staff status follows the memberships: a second membership grants it, removing it takes it away again.
    m = services.membership_add(actor=personas.sysadmin, user=staff, org=personas.city, role=sysadmin_role)
    staff.refresh_from_db()
    assert staff.is_staff
    services.membership_remove(actor=personas.sysadmin, membership=m)
    staff.refresh_from_db()
    assert not staff.is_staff


def test_role_change_updates_staff_status_of_its_holders(personas):
    role = Role.objects.get(code="office_staff")
    perm = Permission.objects.get(content_type__app_label="core", codename="change_dictitem")
    services.role_update(actor=personas.sysadmin, role=role, data_scope=role.data_scope, requires_2fa=False,
                         permissions=[*role.permissions.all(), perm])
    personas.owner.refresh_from_db()
    assert personas.owner.is_staff
    services.role_update(actor=personas.sysadmin, role=role, data_scope=role.data_scope, requires_2fa=False,
                         permissions=role.permissions.exclude(pk=perm.pk))
    personas.owner.refresh_from_db()
    assert not personas.owner.is_staff
