"""API authentication endpoints: issue, list and revoke personal access tokens."""

import datetime as dt

from django.contrib.auth import authenticate, user_logged_in
from django.http import HttpRequest, HttpResponse
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Router, Schema, Status

from accounts import tokens, twofactor
from accounts.models import LoginLog
from core.api import ErrorOut, LockedOut, Unauthenticated
from core.errors import AccessDenied
from core.forms import client_ip

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
