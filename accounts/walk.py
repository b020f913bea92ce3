"""Permission-walk specs for the account pages and the token API (see core/walk.py)."""

from typing import Any

from accounts.tokens import token_issue
from core.walk import WalkSpec


def _token(personas: Any) -> dict[str, Any]:
    return {"prefix": token_issue(user=personas.owner, name="同步程序").record.prefix}


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "accounts:otp": WalkSpec("self"),
    "accounts:otp_disable": WalkSpec("self", method="POST"),
    "accounts:profile": WalkSpec("self"),
    "api:token_list": WalkSpec("self"),
    "api:token_revoke": WalkSpec("own", build=_token, method="DELETE"),
}


def _user_admin(personas: Any) -> Any:
    """Give the owner a second membership at the office with the user-administration rights no default
    role below 系统管理员 has (用户管理 and 登录日志 of the office and below)."""
    from django.contrib.auth.models import Permission

    from accounts.models import DataScope, Membership, Role

    role = Role.objects.create(code="walk_useradmin", name="司法所用户管理员", data_scope=DataScope.SUBTREE)
    role.permissions.add(*Permission.objects.filter(
        content_type__app_label="accounts", codename__in=["view_user", "add_user", "change_user", "view_loginlog", "view_role"]))
    Membership.objects.create(user=personas.owner, org=personas.office, role=role, is_primary=False)
    return role


def _role_admin(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Roles are platform-wide: only a 全部数据 grant of accounts.change_role may edit them."""
    from django.contrib.auth.models import Permission

    from accounts.models import DataScope, Membership, Role

    role = Role.objects.create(code="walk_roleadmin", name="角色管理员", data_scope=DataScope.ALL)
    role.permissions.add(*Permission.objects.filter(content_type__app_label="accounts", codename__in=["view_role", "change_role"]))
    Membership.objects.create(user=personas.owner, org=personas.city, role=role, is_primary=False)
    mediator = Role.objects.get(code="mediator")
    return ({"code": mediator.code}, {"data_scope": "org", "requires_2fa": "on",
                                      "permissions": list(mediator.permissions.values_list("pk", flat=True))})


def _users(personas: Any) -> dict[str, Any]:
    _user_admin(personas)
    return {}


def _head(personas: Any) -> dict[str, Any]:
    _user_admin(personas)
    return {"username": personas.head.username}


def _head_write(data: dict[str, Any]) -> Any:
    def build(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return _head(personas), data
    return build


def _user_create(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    from accounts.models import Role

    _user_admin(personas)
    return {}, {"username": "walk_new01", "full_name": "新同事", "org": personas.office.pk,
                "role": Role.objects.get(code="office_staff").pk}


def _membership_add(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    from accounts.models import Role

    return _head(personas), {"org": personas.committee.pk, "role": Role.objects.get(code="mediator").pk, "title": "调解员"}


def _membership_remove(personas: Any) -> dict[str, Any]:
    from accounts.models import Membership, Role

    _user_admin(personas)
    m = Membership.objects.create(user=personas.head, org=personas.committee, role=Role.objects.get(code="mediator"), is_primary=False)
    return {"username": personas.head.username, "pk": m.pk}


def _login_log(personas: Any) -> dict[str, Any]:
    from accounts.models import LoginLog

    _user_admin(personas)
    LoginLog.objects.create(username=personas.head.username, user=personas.head, success=False, reason="走访样例密码错误")
    return {}


def _role(personas: Any) -> dict[str, Any]:
    _user_admin(personas)
    return {"code": "office_staff"}


# 用户管理 and 角色管理 need rights no default role below 系统管理员 has: the builds grant them to the owner.
# County staff and the auditor hold none of them, so the pages refuse them (403) and an account is, for them,
# as unknown as for the outsider (404). Roles are platform-wide, not scoped: a refusal there is always 403.
_NO_USER_RIGHTS = {"supervisor": 403, "readonly": 403, "outsider": 403}
_USER_HIDDEN = {"supervisor": 404, "readonly": 404, "outsider": 404}
_HX = {"HTTP_HX_REQUEST": "true"}
WALK.update({
    "accounts:password_change": WalkSpec("self"),
    "accounts:users": WalkSpec("list", build=_users, sample="head_150402001", expect=_NO_USER_RIGHTS),
    # Without any user-administration right the dialog is refused before an org is considered.
    "accounts:user_create": WalkSpec("create", build=_user_create, headers=_HX, expect={"outsider": 403}),
    "accounts:user_detail": WalkSpec("detail", build=_head, expect=_USER_HIDDEN),
    "accounts:user_edit": WalkSpec("write", build=_head_write({"full_name": "李所长（改）", "is_active": "on"}), headers=_HX,
                                   expect={"readonly": 404}),
    "accounts:user_reset_password": WalkSpec("write", build=_head, expect={"readonly": 404}),
    "accounts:user_unlock": WalkSpec("write", build=_head, expect={"readonly": 404}),
    "accounts:membership_add": WalkSpec("write", build=_membership_add, headers=_HX, expect={"readonly": 404}),
    "accounts:membership_remove": WalkSpec("write", build=_membership_remove, expect={"readonly": 404}),
    "accounts:roles": WalkSpec("list", build=_users, sample="司法所工作人员", expect=_NO_USER_RIGHTS),
    "accounts:role_detail": WalkSpec("detail", build=_role, expect=_NO_USER_RIGHTS),
    "accounts:role_edit": WalkSpec("write", build=_role_admin, headers=_HX, expect={"readonly": 403, "outsider": 403}),
    # The auditor reads the 登录日志 of its county; county staff and the outsider have no right to it.
    "accounts:login_log": WalkSpec("list", build=_login_log, sample="走访样例密码错误", expect={"supervisor": 403, "outsider": 403}),
})


def _api_user_create(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    _user_admin(personas)
    return {}, {"username": "walk_new02", "full_name": "新同事", "org": personas.office.code, "role": "office_staff"}


def _api_membership_add(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _head(personas), {"org": personas.committee.code, "role": "mediator", "title": "调解员"}


def _api_membership_remove(personas: Any) -> dict[str, Any]:
    kwargs = _membership_remove(personas)
    return {"username": kwargs["username"], "membership_id": kwargs["pk"]}


def _api_role_update(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    from accounts.models import Role

    kwargs, _ = _role_admin(personas)
    mediator = Role.objects.get(code="mediator")
    codes = [f"{p.content_type.app_label}.{p.codename}" for p in mediator.permissions.select_related("content_type")]
    return kwargs, {"data_scope": "org", "requires_2fa": True, "permissions": codes}


WALK.update({
    "api:user_list": WalkSpec("list", build=_users, sample="head_150402001", expect=_NO_USER_RIGHTS),
    # Without any user-administration right the request is refused before an org is considered.
    "api:user_create": WalkSpec("create", build=_api_user_create, expect={"outsider": 403}),
    "api:user_detail": WalkSpec("detail", build=_head, expect=_USER_HIDDEN),
    "api:user_update": WalkSpec("write", method="PATCH", build=_head_write({"full_name": "李所长（改）", "is_active": True}),
                                expect={"readonly": 404}),
    "api:user_reset_password": WalkSpec("write", build=_head, expect={"readonly": 404}),
    "api:user_unlock": WalkSpec("write", build=_head, expect={"readonly": 404}),
    "api:membership_add": WalkSpec("write", build=_api_membership_add, expect={"readonly": 404}),
    "api:membership_remove": WalkSpec("write", method="DELETE", build=_api_membership_remove, expect={"readonly": 404}),
    "api:role_list": WalkSpec("list", build=_users, sample="司法所工作人员", expect=_NO_USER_RIGHTS),
    "api:role_detail": WalkSpec("detail", build=_role, expect=_NO_USER_RIGHTS),
    "api:role_update": WalkSpec("write", method="PUT", build=_api_role_update, expect={"readonly": 403, "outsider": 403}),
    "api:login_log_list": WalkSpec("list", build=_login_log, sample="走访样例密码错误", expect={"supervisor": 403, "outsider": 403}),
})
