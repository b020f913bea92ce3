"""API authentication endpoints (issue, list and revoke personal access tokens) and 系统管理 over the API: 用户管理
(accounts, their 任职, password reset, lockout), 角色管理 and 登录日志, through ``accounts.services`` as the pages."""

import datetime as dt
from typing import Annotated, Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django.contrib.auth.models import Permission
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts import selectors, services, tokens, twofactor
from accounts.filtersets import LoginLogFilterSet, RoleFilterSet, UserFilterSet
from accounts.models import CaseWrite, DataScope, LoginLog, Membership, Role, User
from core.access import require_perm
from core.api import ErrorOut, In, LockedOut, Pagination, Unauthenticated, choice_schema, filter_queryset
from core.errors import AccessDenied, NotFound, SifasuoError, ValidationFailed
from core.forms import client_ip
from orgs.models import Org

router = Router(tags=["认证"])


class TokenIn(Schema):
    username: str = Field(..., max_length=150, description="用户名")
    password: str = Field(..., max_length=128, description="密码")
    name: str = Field("API", max_length=100, description="令牌名称，便于日后辨认和撤销")
    otp: str | None = Field(None, max_length=10, description="双因素认证验证码（身份验证器上的6位数字）；启用了双因素认证的账号必填")


class TokenOut(Schema):
    token: str = Field(..., description="访问令牌，只显示这一次，请妥善保存")
    prefix: str
    name: str
    expires_at: dt.datetime


class TokenInfo(Schema):
    prefix: str
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None
    revoked: bool


def _otp_failed(request: HttpRequest, user, reason: str) -> None:  # type: ignore[no-untyped-def]
    LoginLog.objects.create(username=user.username, user=user, success=False, reason=reason, ip_address=client_ip(request))


@router.post("/token", auth=None, response={201: TokenOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut}, summary="签发访问令牌")
@sensitive_variables("payload")
def token_issue(request: HttpRequest, payload: TokenIn) -> Status:
    """用户名、密码（及双因素验证码）换取一个90天有效的个人访问令牌。失败次数过多时账号被临时锁定，与网页登录相同。"""
    # authenticate(request, ...) lets django-axes count failures and refuse locked-out usernames.
    user = authenticate(request, username=payload.username.strip(), password=payload.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            # Answered here in JSON; AxesMiddleware would otherwise swap in the HTML lockout page.
            request.axes_locked_out = False  # type: ignore[attr-defined]
            raise LockedOut("登录失败次数过多，账号已被临时锁定，请稍后再试或联系系统管理员")
        raise Unauthenticated("用户名或密码错误", code="bad_credentials")
    if twofactor.needs_2fa(user) or twofactor.has_device(user):
        if not twofactor.has_device(user):
            raise AccessDenied("您的账号须启用双因素认证，请先在网页端登录并绑定身份验证器，再申请访问令牌", code="otp_setup_required")
        if not payload.otp:
            raise Unauthenticated("该账号已启用双因素认证，请在 otp 字段中填写身份验证器当前显示的6位数字", code="otp_required", field="otp")
        if twofactor.verify(user, payload.otp) is None:
            _otp_failed(request, user, "双因素验证码错误（API）")
            raise Unauthenticated("验证码错误或已过期，请输入身份验证器当前显示的6位数字", code="otp_invalid", field="otp")
    issued = tokens.token_issue(user=user, name=payload.name, ip_address=client_ip(request))
    # A token issue is a login: the login log records it and django-axes resets the failure count.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    record = issued.record
    return Status(201, {"token": issued.token, "prefix": record.prefix, "name": record.name, "expires_at": record.expires_at})


@router.get("/tokens", response=list[TokenInfo], summary="我的访问令牌")
def token_list(request: HttpRequest) -> list:
    """当前用户的全部访问令牌（不含令牌本身）。"""
    return list(tokens.tokens_of(request.user))


@router.delete("/token/{prefix}", response={204: None, 404: ErrorOut}, summary="撤销访问令牌")
def token_revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    """撤销当前用户自己的一个访问令牌；撤销后立即失效。"""
    tokens.token_revoke(actor=request.user, prefix=prefix, ip_address=client_ip(request))  # type: ignore[arg-type]
    return HttpResponse(status=204)


# --- 系统管理: 用户管理, 角色管理, 登录日志 (the pages' actions, through the same services) ---------------------------

admin_router = Router(tags=["系统管理"])


class MembershipOut(Schema):
    """One 任职: the org the account serves and the role it holds there."""

    id: int
    org_code: str
    org_name: str
    role_code: str
    role_name: str
    title: str
    is_primary: bool
    is_active: bool

    @staticmethod
    def resolve_org_code(obj: Membership) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: Membership) -> str:
        return obj.org.name

    @staticmethod
    def resolve_role_code(obj: Membership) -> str:
        return obj.role.code

    @staticmethod
    def resolve_role_name(obj: Membership) -> str:
        return obj.role.name


class UserOut(Schema):
    username: str
    full_name: str
    phone: str
    is_active: bool = Field(..., description="账号启用；停用的账号不能登录")
    last_login: dt.datetime | None
    date_joined: dt.datetime
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: User) -> list[Membership]:
        return list(obj.memberships.all())


class UserDetailOut(UserOut):
    failures: int = Field(..., description="连续登录失败次数")
    locked: bool = Field(..., description="因登录失败次数过多被临时锁定")
    has_2fa: bool = Field(..., description="已绑定身份验证器（双因素认证）")
    can_manage: bool = Field(..., description="当前用户可修改该账号")


class UserFilters(Schema):
    """The filters of the 用户管理 page (accounts.filtersets.UserFilterSet)."""

    username: str | None = Field(None, max_length=150, description="用户名包含")
    full_name: str | None = Field(None, max_length=50, description="姓名包含")
    org: str | None = Field(None, max_length=100, description="任职单位名称包含")
    role: str | None = Field(None, max_length=50, description="角色编码（见 GET /api/v1/accounts/roles）")
    is_active: bool | None = Field(None, description="true 启用 / false 停用")


class UserCreateIn(In):
    username: str = Field(..., max_length=50, description="用户名：3至50位英文字母、数字或 _ . @ -")
    full_name: str = Field(..., max_length=50, description="姓名")
    phone: str = Field("", max_length=20, description="手机号码")
    org: str = Field(..., max_length=32, description="任职单位的机构编码，须在您管理用户的范围内")
    role: str = Field(..., max_length=50, description="角色编码，其权限不得超出您本人的权限")
    title: str = Field("", max_length=50, description="职务")


class UserCreatedOut(Schema):
    user: UserOut
    password: str = Field(..., description="临时密码，只显示这一次；用户首次登录后应自行修改")


class UserPatchIn(In):
    full_name: str | None = Field(None, max_length=50, description="姓名")
    phone: str | None = Field(None, max_length=20, description="手机号码；空文本为清除")
    is_active: bool | None = Field(None, description="false 停用账号（停用后不能登录），true 重新启用")


class PasswordOut(Schema):
    password: str = Field(..., description="新的临时密码，只显示这一次；原密码已失效")


class UnlockOut(Schema):
    cleared: int = Field(..., description="清除的登录失败记录数")


class MembershipIn(In):
    org: str = Field(..., max_length=32, description="任职单位的机构编码，须在您管理用户的范围内")
    role: str = Field(..., max_length=50, description="角色编码，其权限不得超出您本人的权限")
    title: str = Field("", max_length=50, description="职务")


class RoleOut(Schema):
    code: str
    name: str
    data_scope: Annotated[DataScope, choice_schema(DataScope, description="数据权限范围")]
    data_scope_display: str
    case_write: Annotated[CaseWrite, choice_schema(CaseWrite, description="办案范围：新增、修改、删除案件记录的范围")]
    requires_2fa: bool = Field(..., description="担任该角色的用户必须启用双因素认证")
    is_builtin: bool
    is_read_only: bool
    description: str
    perm_count: int = Field(..., description="功能权限数")
    user_count: int = Field(..., description="担任该角色的有效任职用户数")

    @staticmethod
    def resolve_data_scope_display(obj: Role) -> str:
        return obj.get_data_scope_display()


class PermissionOut(Schema):
    code: str = Field(..., description="权限代码：应用.权限名，如 mediation.add_dispute")
    label: str
    group: str = Field(..., description="所属功能模块")


class RoleDetailOut(RoleOut):
    permissions: list[PermissionOut]
    custom_orgs: list[str] = Field(..., description="数据权限为“自定义单位”时的单位机构编码")
    users: list[str] = Field(..., description="您可查看的、担任该角色的用户名（至多50个）")

    @staticmethod
    def resolve_permissions(obj: Role) -> list[dict[str, str]]:
        perms = obj.permissions.select_related("content_type")
        return [{"code": f"{p.content_type.app_label}.{p.codename}", "label": label, "group": group}
                for group, items in selectors.permission_groups(perms) for p, label in items]

    @staticmethod
    def resolve_custom_orgs(obj: Role) -> list[str]:
        return sorted(obj.custom_orgs.values_list("code", flat=True))

    @staticmethod
    def resolve_users(obj: Role) -> list[str]:
        return list(obj.shown_users)  # type: ignore[attr-defined]


class RoleUpdateIn(In):
    data_scope: Annotated[DataScope, choice_schema(DataScope, description="数据权限范围")]
    requires_2fa: bool = Field(..., description="担任该角色的用户必须启用双因素认证")
    permissions: list[str] = Field(..., max_length=1000, description="全部功能权限代码（应用.权限名），替换原有权限")
    custom_orgs: list[str] = Field([], max_length=1000, description="数据权限为“自定义单位”时的单位机构编码，至少一个")
    case_write: Annotated[CaseWrite, choice_schema(CaseWrite, description="办案范围；不填则不变")] | None = None


class RoleFilters(Schema):
    """The filter of the 角色管理 page (accounts.filtersets.RoleFilterSet)."""

    name: str | None = Field(None, max_length=50, description="角色名称包含")


class LoginLogOut(Schema):
    created_at: dt.datetime
    username: str
    success: bool
    reason: str
    ip_address: str | None
    user_agent: str


class LoginLogFilters(Schema):
    """The filters of the 登录日志 page (accounts.filtersets.LoginLogFilterSet)."""

    username: str | None = Field(None, max_length=150, description="用户名包含")
    success: bool | None = Field(None, description="true 成功 / false 失败")
    date_from: dt.date | None = Field(None, description="开始日期")
    date_to: dt.date | None = Field(None, description="结束日期")


def _account(request: HttpRequest, username: str) -> User:
    """The account if the caller may see it; missing, out of scope and no 查看用户 right at all look the same (404)."""
    found = selectors.users_visible_to(request.user).filter(username=username).first()
    if found is None:
        raise NotFound("未找到该用户，或您无权查看")
    return found  # type: ignore[no-any-return]


def _with_memberships(user: User) -> User:
    return selectors.with_memberships(User.objects.filter(pk=user.pk)).get()  # type: ignore[no-any-return]


def _org(code: str) -> Org:
    org = Org.objects.filter(code=code.strip()).first()
    if org is None:
        raise ValidationFailed(f"机构编码“{code}”不存在，请按机构接口（GET /api/v1/orgs）中的编码填写", field="org")
    return org


def _role_by_code(code: str, *, field: str = "role") -> Role:
    role = Role.objects.filter(code=code.strip()).first()
    if role is None:
        raise ValidationFailed(f"角色编码“{code}”不存在，请按角色接口（GET /api/v1/accounts/roles）中的编码填写", field=field)
    return role


def _user_detail(request: HttpRequest, user: User) -> User:
    """The account with what its page shows beside it: lockout, 2FA, and whether the caller may change it."""
    per_address = list(AccessAttempt.objects.filter(username=user.username).values_list("failures_since_start", flat=True))
    shown = _with_memberships(user)
    try:
        services.ensure_can_manage(request.user, user)
        shown.can_manage = True  # type: ignore[attr-defined]
    except SifasuoError:
        shown.can_manage = False  # type: ignore[attr-defined]
    shown.failures = sum(per_address)  # type: ignore[attr-defined]
    shown.locked = max(per_address, default=0) >= settings.AXES_FAILURE_LIMIT  # type: ignore[attr-defined]
    shown.has_2fa = twofactor.has_device(user)  # type: ignore[attr-defined]
    return shown


WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@admin_router.get("/users", response={200: list[UserOut], 403: ErrorOut}, summary="用户列表")
@paginate(Pagination)
def user_list(request: HttpRequest, filters: Query[UserFilters]) -> QuerySet:
    """您管理范围内单位的用户（含其全部任职），筛选条件与“用户管理”页面相同；须有“查看用户”权限。"""
    require_perm(request.user, "accounts.view_user", what="查看用户")
    if filters.role:
        filters.role = str(_role_by_code(filters.role).pk)  # the page's filter takes the role's key
    return filter_queryset(UserFilterSet, filters, selectors.user_list(request.user), request)


@admin_router.post("/users", response={201: UserCreatedOut, 409: ErrorOut, **WRITE_ERRORS}, summary="新增用户")
@sensitive_variables("password")
def user_create(request: HttpRequest, payload: UserCreateIn) -> Status:
    """开设账号并登记第一个任职；应答中的临时密码只出现这一次，服务器不保存明文。用户名已被使用时 409。"""
    require_perm(request.user, "accounts.add_user", what="新增用户")
    user, password = services.user_create(
        actor=request.user, username=payload.username, full_name=payload.full_name, phone=payload.phone,
        org=_org(payload.org), role=_role_by_code(payload.role), title=payload.title, ip_address=client_ip(request))
    return Status(201, {"user": _with_memberships(user), "password": password})


@admin_router.get("/users/{username}", response={200: UserDetailOut, 404: ErrorOut}, summary="用户详情")
def user_detail(request: HttpRequest, username: str) -> User:
    """账号、任职、登录锁定与双因素认证状态；您管理范围以外的账号不存在（404）。"""
    return _user_detail(request, _account(request, username))


@admin_router.patch("/users/{username}", response={200: UserDetailOut, **WRITE_ERRORS}, summary="修改用户、停用或启用账号")
def user_update(request: HttpRequest, username: str, payload: UserPatchIn) -> User:
    """只修改请求中给出的字段；``is_active: false`` 停用账号（不能停用自己的账号）。该账号在您管理范围以外的单位也有任职时 403。"""
    user = _account(request, username)
    given = payload.dict(exclude_unset=True)
    services.user_update(
        actor=request.user, user=user, full_name=given["full_name"] if given.get("full_name") is not None else user.full_name,
        phone=given["phone"] if given.get("phone") is not None else user.phone,
        is_active=given["is_active"] if given.get("is_active") is not None else user.is_active, ip_address=client_ip(request))
    return _user_detail(request, user)


@admin_router.post("/users/{username}/reset-password", response={200: PasswordOut, **WRITE_ERRORS}, summary="重置密码")
@sensitive_variables("password")
def user_reset_password(request: HttpRequest, username: str) -> dict[str, str]:
    """生成新的临时密码（只显示这一次），原密码立即失效，登录锁定一并解除；记入操作日志。"""
    user = _account(request, username)
    password = services.user_reset_password(actor=request.user, user=user, ip_address=client_ip(request))
    return {"password": password}


@admin_router.post("/users/{username}/unlock", response={200: UnlockOut, **WRITE_ERRORS}, summary="解除登录锁定")
def user_unlock(request: HttpRequest, username: str) -> dict[str, int]:
    """清除该用户名的登录失败记录，解除因密码多次错误造成的临时锁定；记入操作日志。"""
    user = _account(request, username)
    return {"cleared": services.user_unlock(actor=request.user, user=user, ip_address=client_ip(request))}


@admin_router.post("/users/{username}/memberships", response={201: MembershipOut, 409: ErrorOut, **WRITE_ERRORS},
                   summary="增加任职")
def membership_add(request: HttpRequest, username: str, payload: MembershipIn) -> Status:
    """为用户增加一个任职（单位 + 角色）；已有相同的有效任职时 409。授权记入操作日志，下一次请求即生效。"""
    user = _account(request, username)
    require_perm(request.user, "accounts.change_user", what="管理用户任职")
    membership = services.membership_add(actor=request.user, user=user, org=_org(payload.org), role=_role_by_code(payload.role),
                                         title=payload.title, ip_address=client_ip(request))
    return Status(201, Membership.objects.select_related("org", "role").get(pk=membership.pk))


@admin_router.delete("/users/{username}/memberships/{membership_id}", response={204: None, **WRITE_ERRORS}, summary="取消任职")
def membership_remove(request: HttpRequest, username: str, membership_id: int) -> HttpResponse:
    """取消一个任职；须管理该任职的单位，不能取消自己的任职。主要任职取消后，下一个任职成为主要任职。"""
    user = _account(request, username)
    membership = user.memberships.select_related("org", "role").filter(pk=membership_id).first() if 0 < membership_id < 2**31 else None
    if membership is None:
        raise NotFound("未找到该任职记录")
    services.membership_remove(actor=request.user, membership=membership, ip_address=client_ip(request))
    return HttpResponse(status=204)


def _roles() -> QuerySet[Role]:
    return Role.objects.annotate(
        perm_count=Count("permissions", distinct=True),
        user_count=Count("memberships__user", filter=Q(memberships__is_active=True), distinct=True),
    ).order_by("sort_order", "code")


@admin_router.get("/roles", response={200: list[RoleOut], 403: ErrorOut}, summary="角色列表")
@paginate(Pagination)
def role_list(request: HttpRequest, filters: Query[RoleFilters]) -> QuerySet:
    """全平台的角色及其数据权限、功能权限数、用户数，筛选条件与“角色管理”页面相同；须有“查看角色”权限。"""
    require_perm(request.user, "accounts.view_role", what="查看角色")
    return filter_queryset(RoleFilterSet, filters, _roles(), request)


def _role_detail(request: HttpRequest, code: str) -> Role:
    require_perm(request.user, "accounts.view_role", what="查看角色")
    role = _roles().filter(code=code).first()
    if role is None:
        raise NotFound("未找到该角色")
    users = selectors.users_visible_to(request.user).filter(memberships__role=role, memberships__is_active=True).distinct()
    role.shown_users = list(users.order_by("username").values_list("username", flat=True)[:50])  # type: ignore[attr-defined]
    return role


@admin_router.get("/roles/{code}", response={200: RoleDetailOut, 403: ErrorOut, 404: ErrorOut}, summary="角色详情")
def role_detail(request: HttpRequest, code: str) -> Role:
    """角色的数据权限、全部功能权限（按模块分组）和担任该角色的用户；须有“查看角色”权限。"""
    return _role_detail(request, code)


@admin_router.put("/roles/{code}", response={200: RoleDetailOut, **WRITE_ERRORS}, summary="修改角色")
def role_update(request: HttpRequest, code: str, payload: RoleUpdateIn) -> Role:
    """替换角色的数据权限、自定义单位、双因素认证要求和功能权限。角色全平台通用，只有“全部数据”范围的系统管理员可以修改；
    修改记入操作日志，担任该角色的用户下一次请求即按新权限。"""
    require_perm(request.user, "accounts.view_role", what="查看角色")
    role = Role.objects.filter(code=code).first()
    if role is None:
        raise NotFound("未找到该角色")
    wanted = set(payload.permissions)
    permissions = [p for p in Permission.objects.select_related("content_type")
                   if f"{p.content_type.app_label}.{p.codename}" in wanted]
    unknown = wanted - {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
    if unknown:
        raise ValidationFailed(f"功能权限代码不存在：{'、'.join(sorted(unknown)[:5])}；请按角色详情中的权限代码填写", field="permissions")
    orgs = list(Org.objects.filter(code__in=payload.custom_orgs))
    missing = set(payload.custom_orgs) - {o.code for o in orgs}
    if missing:
        raise ValidationFailed(f"机构编码不存在：{'、'.join(sorted(missing)[:5])}", field="custom_orgs")
    services.role_update(actor=request.user, role=role, data_scope=payload.data_scope, requires_2fa=payload.requires_2fa,
                         permissions=permissions, custom_orgs=orgs, case_write=payload.case_write,
                         ip_address=client_ip(request))
    return _role_detail(request, code)


@admin_router.get("/login-log", response={200: list[LoginLogOut], 403: ErrorOut}, summary="登录日志")
@paginate(Pagination)
def login_log_list(request: HttpRequest, filters: Query[LoginLogFilters]) -> QuerySet:
    """您可审计的用户的登录记录（网页登录、双因素验证、令牌签发），新的在前，筛选条件与“登录日志”页面相同；须有“查看登录日志”权限。"""
    require_perm(request.user, "accounts.view_loginlog", what="查看登录日志")
    return filter_queryset(LoginLogFilterSet, filters, selectors.login_log_list(request.user).order_by("-created_at", "-id"), request)
