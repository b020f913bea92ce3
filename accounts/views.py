"""Login, logout, two-factor verification, the user's own profile and password, and 系统管理
(用户管理, 角色管理, 登录日志)."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import selectors, services, twofactor
from accounts.filtersets import LoginLogFilterSet, RoleFilterSet, UserFilterSet
from accounts.forms import MembershipForm, PasswordChangeForm, RoleForm, UserCreateForm, UserEditForm
from accounts.middleware import OTP_PENDING_KEY
from accounts.models import LoginLog, Role, User
from accounts.tables import LoginLogTable, RoleTable, UserTable
from core.access import require_perm
from core.errors import AccessDenied, NotFound, SifasuoError
from core.forms import attach_error, client_ip, handle_dialog, saved_response
from core.http import AuthedRequest
from core.lists import ScopedListView
from core.models import AuditEvent


def _next(request: HttpRequest) -> str:
    # Without a "next": LOGIN_REDIRECT_URL, which sends city and county users to the dashboard, others to 今日待办.
    default = resolve_url(settings.LOGIN_REDIRECT_URL)
    target = request.POST.get("next") or request.GET.get("next") or default
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else default


@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.GET.get("timeout"):
        error = "长时间未操作，已自动退出，请重新登录"
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        if not username or not password:
            error = "请输入用户名和密码"
        else:
            user = authenticate(request, username=username, password=password)
            if user is None:
                if getattr(request, "axes_locked_out", False):
                    return render(request, "accounts/locked.html", status=429)
                error = "用户名或密码错误"
            else:
                login(request, user)
                if twofactor.needs_2fa(user) or twofactor.has_device(user):
                    request.session[OTP_PENDING_KEY] = True
                    return redirect(f"/accounts/otp/?next={_next(request)}")
                return redirect(_next(request))
    return render(request, "accounts/login.html", {"error": error, "username": username, "next": _next(request),
                                                   "portal_url": settings.PORTAL_URL})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@login_required
def otp_view(request: AuthedRequest) -> HttpResponse:
    """Verify the TOTP code; users who must use 2FA and have no device set one up here first."""
    user = request.user
    setting_up = not twofactor.has_device(user)
    if setting_up and not twofactor.needs_2fa(user) and request.GET.get("setup") != "1":
        return redirect(_next(request))
    device = twofactor.pending_device(user) if setting_up else None
    error = ""
    if request.method == "POST":
        found = twofactor.verify(user, request.POST.get("token", ""), confirmed=not setting_up)
        if found is None:
            error = "验证码错误或已过期，请输入身份验证器当前显示的6位数字"
            LoginLog.objects.create(username=user.username, user=user, success=False, reason="双因素验证码错误",
                                    ip_address=request.META.get("REMOTE_ADDR"))
        else:
            if setting_up:
                services.twofactor_confirm(user=user, device=found, ip_address=client_ip(request))
            otp_login(request, found)
            return redirect(_next(request))
    context = {"setting_up": setting_up, "error": error, "next": _next(request)}
    if device is not None:
        context["qr_svg"] = twofactor.qr_svg(device)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "accounts/otp.html", context)


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("org", "role").filter(is_active=True)
    logs = LoginLog.objects.filter(user=request.user)[:10]
    return render(
        request,
        "accounts/profile.html",
        {"title": "个人中心", "memberships": memberships, "logs": logs, "has_2fa": twofactor.has_device(request.user),
         "breadcrumbs": [("个人中心", "")]},
    )


@login_required
@require_POST
def otp_disable(request: AuthedRequest) -> HttpResponse:
    try:
        services.twofactor_disable(user=request.user, ip_address=client_ip(request))
    except SifasuoError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已停用双因素认证")
    return redirect("accounts:profile")


# 系统管理: 用户管理, 角色管理, 登录日志 and the user's own password.


def _access_user(request: AuthedRequest, username: str) -> User:
    """The account if the viewer may see it (404 otherwise: missing, out of scope and no 查看用户 right at all
    look the same)."""
    found = selectors.users_visible_to(request.user).filter(username=username).first()
    if found is None:
        raise NotFound("未找到该用户，或您无权查看")
    return found


def _can_manage(actor: User, user: User) -> bool:
    try:
        services.ensure_can_manage(actor, user)
    except SifasuoError:
        return False
    return True


def _done(request: HttpRequest, message: str, url: str) -> HttpResponse:
    """After a one-click action: toast and refresh for htmx, a flash message and redirect otherwise."""
    if getattr(request, "htmx", False):
        return saved_response(message)
    messages.success(request, message)
    return redirect(url)


def _password_dialog(request: HttpRequest, *, user: User, password: str, title: str) -> HttpResponse:
    return render(request, "accounts/password_shown.html", {"shown_user": user, "password": password, "title": title})


class UserListView(ScopedListView):
    model = User
    filterset_class = UserFilterSet
    table_class = UserTable
    title = "用户管理"
    create_url_name = "accounts:user_create"
    export_filename = "用户"
    export_columns = [
        ("用户名", lambda u: u.username),
        ("姓名", lambda u: u.full_name),
        ("手机号码", lambda u: u.phone),
        ("任职单位 / 角色", lambda u: "；".join(f"{m.org.name} {m.role.name}" for m in u.memberships.all())),
        ("状态", lambda u: "启用" if u.is_active else "停用"),
        ("最近登录", lambda u: u.last_login),
    ]
    breadcrumbs = [("系统管理", ""), ("用户管理", "")]

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return selectors.user_list(request.user)


@login_required
@sensitive_variables("password")
def user_create(request: AuthedRequest) -> HttpResponse:
    require_perm(request.user, "accounts.add_user", what="新增用户")
    orgs = services.managed_orgs(request.user, "accounts.add_user").filter(is_active=True)
    form = UserCreateForm(request.POST or None, orgs=orgs, roles=services.assignable_roles(request.user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cd = form.cleaned_data
            try:
                user, password = services.user_create(
                    actor=request.user, username=cd["username"], full_name=cd["full_name"], phone=cd["phone"],
                    org=cd["org"], role=cd["role"], title=cd["title"], ip_address=client_ip(request),
                )
            except SifasuoError as exc:
                attach_error(form, exc)
            else:
                return _password_dialog(request, user=user, password=password, title="用户已创建")
        status = 422
    return render(request, "core/dialog_form.html", {"form": form, "title": "新增用户", "action": request.get_full_path()}, status=status)


@login_required
def user_detail(request: AuthedRequest, username: str) -> HttpResponse:
    user = _access_user(request, username)
    memberships = user.memberships.select_related("org", "role").order_by("-is_active", "-is_primary", "id")
    # Lockouts count per user name and address: locked when one address reached the limit.
    per_address = list(AccessAttempt.objects.filter(username=user.username).values_list("failures_since_start", flat=True))
    failures = sum(per_address)
    can_manage = _can_manage(request.user, user)
    managed = set(services.managed_orgs(request.user).values_list("pk", flat=True)) if can_manage else set()
    history = AuditEvent.objects.filter(content_type__app_label="accounts", content_type__model="user",
                                        object_id=str(user.pk)).select_related("actor")[:20]
    return render(request, "accounts/user_detail.html", {
        "title": user.display_name, "shown_user": user, "memberships": memberships, "can_manage": can_manage,
        "managed_org_ids": managed, "failures": failures, "locked": max(per_address, default=0) >= settings.AXES_FAILURE_LIMIT,
        "logs": LoginLog.objects.filter(user=user)[:10], "history": history, "has_2fa": twofactor.has_device(user),
        "breadcrumbs": [("系统管理", ""), ("用户管理", reverse("accounts:users")), (user.display_name, "")],
    })


@login_required
def user_edit(request: AuthedRequest, username: str) -> HttpResponse:
    user = _access_user(request, username)
    services.ensure_can_manage(request.user, user)
    form = UserEditForm(request.POST or None, initial={"full_name": user.full_name, "phone": user.phone, "is_active": user.is_active})

    def save(cd: dict) -> str:
        services.user_update(actor=request.user, user=user, full_name=cd["full_name"], phone=cd["phone"],
                             is_active=cd["is_active"], ip_address=client_ip(request))
        return "修改成功"

    return handle_dialog(request, form=form, title=f"修改用户 {user.username}", save=save,
                         redirect_to=reverse("accounts:user_detail", args=[user.username]))


@login_required
@require_POST
@sensitive_variables("password")
def user_reset_password(request: AuthedRequest, username: str) -> HttpResponse:
    user = _access_user(request, username)
    services.ensure_can_manage(request.user, user)
    password = services.user_reset_password(actor=request.user, user=user, ip_address=client_ip(request))
    return _password_dialog(request, user=user, password=password, title="密码已重置")


@login_required
@require_POST
def user_unlock(request: AuthedRequest, username: str) -> HttpResponse:
    user = _access_user(request, username)
    services.ensure_can_manage(request.user, user)
    services.user_unlock(actor=request.user, user=user, ip_address=client_ip(request))
    return _done(request, f"已解除 {user.display_name} 的登录锁定", reverse("accounts:user_detail", args=[user.username]))


@login_required
def membership_add(request: AuthedRequest, username: str) -> HttpResponse:
    user = _access_user(request, username)
    require_perm(request.user, "accounts.change_user", what="管理用户任职")
    orgs = services.managed_orgs(request.user).filter(is_active=True)
    form = MembershipForm(request.POST or None, orgs=orgs, roles=services.assignable_roles(request.user))

    def save(cd: dict) -> str:
        m = services.membership_add(actor=request.user, user=user, org=cd["org"], role=cd["role"], title=cd["title"],
                                    ip_address=client_ip(request))
        return f"已增加任职：{m.org.name} {m.role.name}"

    return handle_dialog(request, form=form, title=f"为 {user.display_name} 增加任职", save=save,
                         redirect_to=reverse("accounts:user_detail", args=[user.username]))


@login_required
@require_POST
def membership_remove(request: AuthedRequest, username: str, pk: int) -> HttpResponse:
    user = _access_user(request, username)
    membership = user.memberships.select_related("org", "role").filter(pk=pk).first()
    if membership is None:
        raise NotFound("未找到该任职记录")
    services.membership_remove(actor=request.user, membership=membership, ip_address=client_ip(request))
    return _done(request, f"已取消任职：{membership.org.name} {membership.role.name}",
                 reverse("accounts:user_detail", args=[user.username]))


class RoleListView(ScopedListView):
    model = Role
    filterset_class = RoleFilterSet
    table_class = RoleTable
    title = "角色管理"
    export_filename = "角色"
    export_columns = [
        ("角色名称", lambda r: r.name),
        ("编码", lambda r: r.code),
        ("数据权限", lambda r: r.get_data_scope_display()),
        ("办案范围", lambda r: r.get_case_write_display()),
        ("双因素认证", lambda r: "必须" if r.requires_2fa else "可选"),
        ("功能权限数", lambda r: r.perm_count),
        ("用户数", lambda r: r.user_count),
    ]
    breadcrumbs = [("系统管理", ""), ("角色管理", "")]

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return Role.objects.annotate(
            perm_count=Count("permissions", distinct=True),
            user_count=Count("memberships__user", filter=Q(memberships__is_active=True), distinct=True),
        ).order_by("sort_order", "code")


def _role(code: str) -> Role:
    role = Role.objects.filter(code=code).first()
    if role is None:
        raise NotFound("未找到该角色")
    return role


@login_required
def role_detail(request: AuthedRequest, code: str) -> HttpResponse:
    require_perm(request.user, "accounts.view_role", what="查看角色")
    role = _role(code)
    perms = role.permissions.select_related("content_type")
    users = selectors.users_visible_to(request.user).filter(memberships__role=role, memberships__is_active=True).distinct()
    return render(request, "accounts/role_detail.html", {
        "title": role.name, "role": role, "groups": selectors.permission_groups(perms), "perm_count": len(perms),
        "custom_orgs": role.custom_orgs.all(), "user_count": users.count(), "users": users.order_by("username")[:50],
        "can_change": selectors.has_global_perm(request.user, "accounts.change_role"),
        "breadcrumbs": [("系统管理", ""), ("角色管理", reverse("accounts:roles")), (role.name, "")],
    })


@login_required
def role_edit(request: AuthedRequest, code: str) -> HttpResponse:
    require_perm(request.user, "accounts.view_role", what="查看角色")
    role = _role(code)
    if not selectors.has_global_perm(request.user, "accounts.change_role"):
        raise AccessDenied("只有系统管理员可以修改角色")
    initial = {"data_scope": role.data_scope, "case_write": role.case_write, "requires_2fa": role.requires_2fa,
               "custom_orgs": list(role.custom_orgs.all()), "permissions": list(role.permissions.all())}
    form = RoleForm(request.POST or None, initial=initial)

    def save(cd: dict) -> str:
        services.role_update(actor=request.user, role=role, data_scope=cd["data_scope"], requires_2fa=cd["requires_2fa"],
                             permissions=cd["permissions"], custom_orgs=cd["custom_orgs"], case_write=cd.get("case_write") or None,
                             ip_address=client_ip(request))
        return f"已保存角色“{role.name}”"

    return handle_dialog(request, form=form, title=f"修改角色 {role.name}", save=save,
                         redirect_to=reverse("accounts:role_detail", args=[role.code]), template="accounts/role_form.html")


class LoginLogListView(ScopedListView):
    model = LoginLog
    filterset_class = LoginLogFilterSet
    table_class = LoginLogTable
    title = "登录日志"
    export_filename = "登录日志"
    export_columns = [
        ("时间", lambda e: e.created_at),
        ("用户名", lambda e: e.username),
        ("结果", lambda e: "成功" if e.success else "失败"),
        ("说明", lambda e: e.reason),
        ("IP地址", lambda e: e.ip_address),
        ("浏览器", lambda e: e.user_agent),
    ]
    breadcrumbs = [("系统管理", ""), ("登录日志", "")]

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return selectors.login_log_list(request.user)


@login_required
@sensitive_post_parameters("old_password", "new_password", "new_password2")
def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.password_change(user=request.user, old_password=cd["old_password"], new_password=cd["new_password"],
                                     ip_address=client_ip(request))
        except SifasuoError as exc:
            attach_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改")
            return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {
        "title": "修改密码", "form": form, "breadcrumbs": [("个人中心", reverse("accounts:profile")), ("修改密码", "")],
    }, status=422 if form.is_bound and form.errors else 200)
