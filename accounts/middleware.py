"""Session controls: idle timeout, and mandatory TOTP for roles that require it."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse


def bearer_request(request: HttpRequest) -> bool:
    """The request presents ``Authorization: Bearer <token>``: an API client, judged by its token alone."""
    return request.headers.get("Authorization", "")[:7].lower() == "bearer "


class IdleTimeoutMiddleware:
    """Log a user out after ``SESSION_IDLE_TIMEOUT_SECONDS`` without a request.

    API clients that authenticate with a personal access token have no session to time out: their
    requests neither end nor refresh a browser session that happens to travel with them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if bearer_request(request):
            return self.get_response(request)
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get("last_seen")
            if last is not None and now - int(last) > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"code": "session_expired", "message": "登录已超时，请重新登录"}, status=401)
                return redirect(f"{reverse('accounts:login')}?next={request.path}&timeout=1")
            if last is None or now - int(last) > 30:
                request.session["last_seen"] = now
        return self.get_response(request)


# Only the pages of the login itself are exempt: 用户管理 and 角色管理 also live under /accounts/.
EXEMPT_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/otp/", "/static/", "/healthz", "/api/", "/portal/")


OTP_PENDING_KEY = "otp_pending"


class TwoFactorRequiredMiddleware:
    """Users whose role requires 2FA (系统管理员), and users who have set up an authenticator, must pass
    TOTP before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path.startswith(EXEMPT_PREFIXES):
            from accounts.twofactor import needs_2fa

            # A user who enabled TOTP of their own accord is held to it too (flag set by the login view).
            pending = request.session.get(OTP_PENDING_KEY, False)
            if (pending or needs_2fa(user)) and not user.is_verified():  # type: ignore[union-attr,attr-defined]
                return redirect(f"{reverse('accounts:otp')}?next={request.path}")
        return self.get_response(request)
