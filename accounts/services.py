"""Writes of 系统管理: accounts, memberships, roles and passwords. Every write is audited in its own
transaction; a password never reaches an audit row (``core.audit.snapshot`` leaves it out)."""

from __future__ import annotations

import re
import secrets
import string
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from accounts.models import CaseWrite, DataScope, Membership, Role, User
from accounts.scope import clear_cache, user_perms
from accounts.selectors import has_global_perm, orgs_with_perm, users_visible_to
from core.audit import audit_record, diff, snapshot
from core.errors import AccessDenied, DuplicateRecord, NotFound, ValidationFailed
from core.validators import validate_phone

USERNAME_RE = re.compile(r"[A-Za-z0-9_.@-]{3,50}")
# Letters and digits that cannot be mistaken for each other when read aloud or copied from paper.
_PASSWORD_LETTERS = "".join(c for c in string.ascii_letters if c not in "IlOo")
_PASSWORD_DIGITS = "23456789"
_PASSWORD_SYMBOLS = "@#%*+=?!"


def temporary_password(length: int = 14) -> str:
    """A random password with upper and lower case letters, digits and a symbol."""
    alphabet = _PASSWORD_LETTERS + _PASSWORD_DIGITS + _PASSWORD_SYMBOLS
    while True:
        chars = [secrets.choice(alphabet) for _ in range(length)]
        value = "".join(chars)
        if (any(c.islower() for c in value) and any(c.isupper() for c in value)
                and any(c in _PASSWORD_DIGITS for c in value) and any(c in _PASSWORD_SYMBOLS for c in value)):
            return value


def assignable_roles(actor: Any) -> QuerySet[Role]:
    """Roles the actor may hand out: never more rights than the actor holds, and a 全部数据 or
    自定义单位 role only by someone who manages users with the 全部数据 scope."""
    roles = Role.objects.prefetch_related("permissions__content_type").order_by("sort_order", "code")
    if actor.is_superuser:
        return roles
    own = user_perms(actor)
    global_admin = has_global_perm(actor, "accounts.change_user")
    allowed = [
        r.pk for r in roles
        if {f"{p.content_type.app_label}.{p.codename}" for p in r.permissions.all()} <= own
        and (global_admin or r.data_scope not in (DataScope.ALL, DataScope.CUSTOM))
    ]
    return Role.objects.filter(pk__in=allowed).order_by("sort_order", "code")


def managed_orgs(actor: Any, perm: str = "accounts.change_user") -> Any:
    return orgs_with_perm(actor, perm)


def _ensure_account_admin(actor: Any, user: User, perm: str) -> None:
    if not users_visible_to(actor).filter(pk=user.pk).exists():
        raise NotFound("未找到该用户，或您无权查看")
    if not actor.has_perm(perm):
        raise AccessDenied("您没有管理用户账号的权限")
    if user.is_superuser and not actor.is_superuser:
        raise AccessDenied("超级管理员账号只能由超级管理员修改")


def ensure_can_manage(actor: Any, user: User, perm: str = "accounts.change_user") -> None:
    """404 when the account lies outside the actor's view; 403 when the actor may see it but not change it:
    without the permission, for a super administrator, or when the account also serves an org beyond the
    actor's reach (a county administrator does not decide about another county's staff)."""
    _ensure_account_admin(actor, user, perm)
    if has_global_perm(actor, perm):
        return
    outside = Membership.objects.filter(user=user).exclude(org__in=managed_orgs(actor, perm)).select_related("org").first()
    if outside is not None:
        raise AccessDenied(f"该用户在您管理范围以外的单位（{outside.org.name}）也有任职，请联系上级管理员修改")


# The Django admin (系统管理 → 码表与节假日) lets in staff accounts only; a role with this permission makes its
# holders staff, so an administrator opened in 用户管理 can follow the menu link. Admin pages still check each
# model permission, and TwoFactorRequiredMiddleware holds them to the role's TOTP requirement.
ADMIN_SITE_PERM = ("core", "change_dictitem")


def staff_sync(users: Any) -> None:
    """Set ``is_staff`` of ``users`` (a queryset) from their active memberships (superusers stay staff)."""
    app_label, codename = ADMIN_SITE_PERM
    admins = Membership.objects.filter(
        is_active=True, role__permissions__codename=codename, role__permissions__content_type__app_label=app_label,
    ).values("user_id")
    users.filter(is_superuser=False).exclude(pk__in=admins).filter(is_staff=True).update(is_staff=False)
    users.filter(is_staff=False).filter(Q(is_superuser=True) | Q(pk__in=admins)).update(is_staff=True)


def _audit_org(user: User) -> Any:
    m = Membership.objects.filter(user=user).select_related("org").order_by("-is_primary", "id").first()
    return m.org if m else None


def _check_assignment(actor: Any, org: Any, role: Role, perm: str) -> None:
    if not managed_orgs(actor, perm).filter(pk=org.pk).exists():
        raise ValidationFailed(f"您不能为{org.name}管理用户，请选择您有权管理的单位", field="org")
    if not assignable_roles(actor).filter(pk=role.pk).exists():
        raise ValidationFailed(f"您不能授予“{role.name}”角色：它的权限超出了您本人的权限", field="role")


@transaction.atomic
def user_create(
    *, actor: Any, username: str, full_name: str, org: Any, role: Role, phone: str = "", title: str = "",
    ip_address: str | None = None,
) -> tuple[User, str]:
    """Open an account with its first membership; returns the account and its temporary password,
    which is shown once to the administrator and never stored in clear."""
    if not actor.has_perm("accounts.add_user"):
        raise AccessDenied("您没有新增用户的权限")
    username = (username or "").strip()
    if not USERNAME_RE.fullmatch(username):
        raise ValidationFailed("用户名须为3至50位英文字母、数字或 _ . @ -，如 zhangming01", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DuplicateRecord(f"用户名 {username} 已被使用，请换一个", field="username")
    full_name = (full_name or "").strip()
    if not full_name:
        raise ValidationFailed("请填写姓名", field="full_name")
    phone = validate_phone(phone) if (phone or "").strip() else ""
    _check_assignment(actor, org, role, "accounts.add_user")
    password = temporary_password()
    user = User.objects.create_user(username=username, password=password, full_name=full_name, phone=phone)
    membership = Membership.objects.create(user=user, org=org, role=role, title=title.strip(), is_primary=True)
    staff_sync(User.objects.filter(pk=user.pk))
    user.refresh_from_db(fields=["is_staff"])
    audit_record(actor=actor, action="create", summary=f"新增用户 {username}（{full_name}），{org.name} {role.name}",
                 obj=user, org=org, after={**snapshot(user), "membership": _membership_repr(membership)}, ip_address=ip_address)
    return user, password


@transaction.atomic
def user_update(*, actor: Any, user: User, full_name: str, phone: str = "", is_active: bool = True,
                ip_address: str | None = None) -> User:
    ensure_can_manage(actor, user)
    if user.pk == actor.pk and not is_active:
        raise ValidationFailed("不能停用自己的账号", field="is_active")
    full_name = (full_name or "").strip()
    if not full_name:
        raise ValidationFailed("请填写姓名", field="full_name")
    before = snapshot(user)
    user.full_name, user.is_active = full_name, is_active
    user.phone = validate_phone(phone) if (phone or "").strip() else ""
    user.save(update_fields=["full_name", "phone", "is_active"])
    old, new = diff(before, snapshot(user))
    if new:
        audit_record(actor=actor, action="update", summary=f"修改用户 {user.username}", obj=user, org=_audit_org(user),
                     before=old, after=new, ip_address=ip_address)
    return user


@transaction.atomic
def user_reset_password(*, actor: Any, user: User, ip_address: str | None = None) -> str:
    """Give the account a new temporary password (returned once), and lift any lockout."""
    ensure_can_manage(actor, user)
    password = temporary_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    _axes_reset(user.username)
    audit_record(actor=actor, action="update", summary=f"重置用户 {user.username} 的密码", obj=user, org=_audit_org(user),
                 ip_address=ip_address)
    return password


def _axes_reset(username: str) -> int:
    from axes.utils import reset

    return reset(username=username)


@transaction.atomic
def user_unlock(*, actor: Any, user: User, ip_address: str | None = None) -> int:
    """Lift a lockout after repeated wrong passwords; returns how many failure records were cleared."""
    ensure_can_manage(actor, user)
    cleared = _axes_reset(user.username)
    audit_record(actor=actor, action="update", summary=f"解除用户 {user.username} 的登录锁定", obj=user, org=_audit_org(user),
                 ip_address=ip_address)
    return cleared


def _membership_repr(m: Membership) -> dict[str, Any]:
    return {"org": m.org.code, "org_name": m.org.name, "role": m.role.code, "title": m.title}


@transaction.atomic
def membership_add(*, actor: Any, user: User, org: Any, role: Role, title: str = "", ip_address: str | None = None) -> Membership:
    _ensure_account_admin(actor, user, "accounts.change_user")
    _check_assignment(actor, org, role, "accounts.change_user")
    existing = Membership.objects.filter(user=user, org=org, role=role).first()
    if existing is not None and existing.is_active:
        raise DuplicateRecord(f"{user.display_name} 已在{org.name}担任“{role.name}”", field="role")
    if existing is not None:
        existing.is_active, existing.title = True, title.strip() or existing.title
        existing.save(update_fields=["is_active", "title"])
        membership = existing
    else:
        is_primary = not Membership.objects.filter(user=user, is_active=True).exists()
        membership = Membership.objects.create(user=user, org=org, role=role, title=title.strip(), is_primary=is_primary)
    staff_sync(User.objects.filter(pk=user.pk))
    audit_record(actor=actor, action="grant", summary=f"为用户 {user.username} 增加任职：{org.name} {role.name}",
                 obj=user, org=org, after=_membership_repr(membership), ip_address=ip_address)
    clear_cache(user)
    return membership


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership, ip_address: str | None = None) -> None:
    """Remove one membership; the actor must manage the membership's org (not necessarily all of the user's)."""
    user = membership.user
    _ensure_account_admin(actor, user, "accounts.change_user")
    if not managed_orgs(actor).filter(pk=membership.org_id).exists():
        raise AccessDenied(f"{membership.org.name}不在您的管理范围内，不能取消该任职")
    if user.pk == actor.pk:
        raise ValidationFailed("不能取消自己的任职，请由其他管理员操作")
    before = _membership_repr(membership)
    was_primary = membership.is_primary
    membership.delete()
    if was_primary:
        successor = Membership.objects.filter(user=user).order_by("-is_active", "id").first()
        if successor is not None:
            successor.is_primary = True
            successor.save(update_fields=["is_primary"])
    staff_sync(User.objects.filter(pk=user.pk))
    audit_record(actor=actor, action="grant", summary=f"取消用户 {user.username} 的任职：{before['org_name']} {membership.role.name}",
                 obj=user, org=membership.org, before=before, ip_address=ip_address)
    clear_cache(user)


def _role_snapshot(role: Role) -> dict[str, Any]:
    return {
        "data_scope": role.data_scope,
        "case_write": role.case_write,
        "requires_2fa": role.requires_2fa,
        "permissions": sorted(f"{p.content_type.app_label}.{p.codename}" for p in role.permissions.select_related("content_type")),
        "custom_orgs": sorted(role.custom_orgs.values_list("code", flat=True)),
    }


@transaction.atomic
def role_update(
    *, actor: Any, role: Role, data_scope: str, requires_2fa: bool, permissions: list[Permission] | QuerySet[Permission],
    custom_orgs: Any = (), case_write: str | None = None, ip_address: str | None = None,
) -> Role:
    """Change a role's data scope, custom orgs, 办案范围, 2FA requirement and permissions: roles are platform-wide,
    so only an administrator with the 全部数据 scope may do it. ``case_write`` None leaves the 办案范围 as it is."""
    if not has_global_perm(actor, "accounts.change_role"):
        raise AccessDenied("只有系统管理员可以修改角色")
    if data_scope not in DataScope.values:
        raise ValidationFailed("请选择数据权限范围", field="data_scope")
    custom_orgs = list(custom_orgs)
    if data_scope == DataScope.CUSTOM and not custom_orgs:
        raise ValidationFailed("数据权限为“自定义单位”时，请至少选择一个单位", field="custom_orgs")
    if data_scope != DataScope.CUSTOM:
        custom_orgs = []
    if case_write is not None and case_write not in CaseWrite.values:
        raise ValidationFailed("请选择办案范围", field="case_write")
    if role.code == "sysadmin" and (data_scope != DataScope.ALL or not requires_2fa):
        raise ValidationFailed("内置的系统管理员角色必须保持“全部数据”并启用双因素认证，以免无人能管理系统", field="data_scope")
    before = _role_snapshot(role)
    role.data_scope, role.requires_2fa = data_scope, requires_2fa
    if case_write is not None:
        role.case_write = case_write
    role.save(update_fields=["data_scope", "requires_2fa", "case_write"])
    role.permissions.set(permissions)
    role.custom_orgs.set(custom_orgs)
    staff_sync(User.objects.filter(pk__in=Membership.objects.filter(role=role).values("user_id")))
    old, new = diff(before, _role_snapshot(role))
    if new:
        audit_record(actor=actor, action="grant", summary=f"修改角色“{role.name}”的权限", obj=role, before=old, after=new,
                     ip_address=ip_address)
    return role


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str, ip_address: str | None = None) -> None:
    """The user's own password change (after a reset the administrator's temporary password must be replaced)."""
    if not user.check_password(old_password):
        raise ValidationFailed("原密码不正确", field="old_password")
    if old_password == new_password:
        raise ValidationFailed("新密码不能与原密码相同", field="new_password")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationFailed("；".join(exc.messages), field="new_password") from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="update", summary=f"用户 {user.username} 修改了自己的密码", obj=user, org=_audit_org(user),
                 ip_address=ip_address)


@transaction.atomic
def twofactor_disable(*, user: User, ip_address: str | None = None) -> None:
    """The user turns off their own 双因素认证 (TOTP): a lowering of the account's protection, so it is audited like
    a password change (网络安全等级保护 身份鉴别)."""
    if twofactor.needs_2fa(user):
        raise ValidationFailed("您的角色要求必须启用双因素认证，不能停用")
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        audit_record(actor=user, action="update", summary=f"用户 {user.username} 停用了双因素认证", obj=user,
                     org=_audit_org(user), ip_address=ip_address)


@transaction.atomic
def twofactor_confirm(*, user: User, device: Any, ip_address: str | None = None) -> None:
    """The user's new authenticator passed its first code: 双因素认证 is on from now, audited."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="update", summary=f"用户 {user.username} 启用了双因素认证", obj=user,
                 org=_audit_org(user), ip_address=ip_address)
