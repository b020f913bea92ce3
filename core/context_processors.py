from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    """Menu, current org and unread notifications for the page shell.

    Worked out once per request: a page that renders a second template with the request (django-tables2's
    ``render_table`` does) would otherwise build the menu and count the notifications again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(request, "_shell_context", None)
    if cached is not None and cached[0] is user:
        return cached[1]
    from accounts.scope import shown_membership
    from accounts.selectors import primary_membership
    from core.menu import menu_html
    from core.models import Notification

    if user.is_superuser or not user.is_active:  # no grants are read for them: ask for the main 任职 alone
        main = primary_membership(user)
        identity = (main.org.name, main.role.name) if main is not None else None
    else:
        identity = shown_membership(user)  # read with the grants the page needs anyway
    found = {
        "shell_sidebar": menu_html(user, request.path),
        "shell_identity": identity,
        "shell_unread": (
            request._shell_unread[1]  # type: ignore[attr-defined]
            if getattr(request, "_shell_unread", (None,))[0] is user
            else Notification.objects.filter(user=user, is_read=False).count()
        ),
    }
    request._shell_context = (user, found)  # type: ignore[attr-defined]
    return found


def known_unread(request: HttpRequest, count: int) -> None:
    """A page that has just read every unread notification of the user tells the shell their number, so the top
    bar's badge does not count them again (a page that read only some of them must not call this)."""
    request._shell_unread = (getattr(request, "user", None), count)  # type: ignore[attr-defined]
