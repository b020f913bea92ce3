"""How a JSON API call proves who it is: a personal access token (``Authorization: Bearer``) or the browser's login
session with its CSRF token and, where the role requires it, a passed two-factor step. The project's API
(``sifasuo/api.py``) accepts either."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from accounts.middleware import OTP_PENDING_KEY, bearer_request
from accounts.tokens import token_authenticate
from accounts.twofactor import needs_2fa
from core.api import Unauthenticated
from core.errors import AccessDenied


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a personal access token (accounts.tokens)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is None:
            return None
        request.user = user
        # Marks the request as stateless: no session, so no idle timeout and no CSRF.
        request._token_auth = True  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The browser's login session; unsafe methods need the CSRF token, and a user whose role
    requires two-factor authentication must have passed it in this session."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # CSRF is checked in ``authenticate``, after the user is known, so anonymous calls get 401.
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if bearer_request(request):
            # A request that presents a token is judged by the token alone (the idle timeout skips it):
            # an invalid token must not fall back to a session cookie sent along with it.
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        # The same rule as TwoFactorRequiredMiddleware, which leaves /api/ to this check.
        pending = request.session.get(OTP_PENDING_KEY, False)
        if (pending or needs_2fa(user)) and not user.is_verified():  # type: ignore[attr-defined]
            raise Unauthenticated("您的账号须通过双因素认证，请先在网页端完成验证码验证", code="otp_required")
        if check_csrf(request) is not None:
            raise AccessDenied("CSRF 校验失败：请在请求头 X-CSRFToken 中提供页面的 CSRF 令牌，或改用访问令牌", code="csrf_failed")
        return user
