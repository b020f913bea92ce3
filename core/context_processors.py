from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token

# (org name, role name) shown in the top bar for a signed-in user, or None. Memberships and roles live in
# ``accounts``, a layer above this one, which registers the function at start-up (``AccountsConfig.ready``).
_identity: Callable[[Any], tuple[str, str] | None] | None = None


def register_identity(identity: Callable[[Any], tuple[str, str] | None]) -> None:
    """Install the function that names the user's current 单位 and 角色 in the page shell."""
    global _identity
    _identity = identity


def shell(request: HttpRequest) -> dict[str, Any]:
    """Menu, current org, unread notifications and where app.js finds the CSRF token, for the page shell.

    Worked out once per request: a page that renders a second template with the request (django-tables2's
    ``render_table`` does) would otherwise build the menu and count the notifications again."""
    # The shell prints no CSRF token: app.js reads Django's cookie and sends it with each htmx request that changes
    # data and with the forms marked ``data-csrf`` (退出登录), as Django's CSRF documentation describes for scripts.
    found: dict[str, Any] = {
        "shell_csrf_cookie": settings.CSRF_COOKIE_NAME,
        "shell_csrf_header": settings.CSRF_HEADER_NAME.removeprefix("HTTP_").replace("_", "-"),
        "shell_profile_url": settings.PROFILE_URL,
        "shell_logout_url": settings.LOGOUT_URL,
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return found
    cached = getattr(request, "shell_context", None)
    if cached is not None and cached[0] is user:
        return cached[1]
    from core.menu import menu_for
    from core.models import Notification

    if settings.CSRF_COOKIE_NAME not in request.COOKIES:
        get_token(request)  # a browser without the cookie (cleared, or never given one) gets it with this page
    found |= {
        "shell_menu": menu_for(user, request.path),
        "shell_identity": _identity(user) if _identity is not None else None,
        "shell_unread": Notification.objects.filter(user=user, is_read=False).count(),
    }
    request.shell_context = (user, found)  # type: ignore[attr-defined]
    return found
