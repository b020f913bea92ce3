"""Login log: every attempt, successful or failed, is recorded."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from accounts.models import LoginLog


def _client(request: Any) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    return request.META.get("REMOTE_ADDR"), request.META.get("HTTP_USER_AGENT", "")[:300]


@receiver(user_logged_in)
def log_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    ip, agent = _client(request)
    LoginLog.objects.create(username=user.username, user=user, success=True, ip_address=ip, user_agent=agent)


@receiver(user_login_failed)
def log_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    ip, agent = _client(request)
    LoginLog.objects.create(
        username=str(credentials.get("username", ""))[:150], success=False, reason="用户名或密码错误", ip_address=ip, user_agent=agent
    )
