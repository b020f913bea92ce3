from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

# (org name, role name) shown in the top bar for a signed-in user, or None. Memberships and roles live in
# ``accounts``, a layer above this one, which registers the function at start-up (``AccountsConfig.ready``).
_identity: Callable[[Any], tuple[str, str] | None] | None = None


def register_identity(identity: Callable[[Any], tuple[str, str] | None]) -> None:
    """Install the function that names the user's current 单位 and 角色 in the page shell."""
    global _identity
    _identity = identity


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
    from core.menu import menu_html

    found = {
        "shell_sidebar": menu_html(user, request.path),
        "shell_identity": _identity(user) if _identity is not None else None,
        "shell_unread": (
            request._shell_unread[1]  # type: ignore[attr-defined]
            if getattr(request, "_shell_unread", (None,))[0] is user
            else unread_count(user.pk)
        ),
    }
    request._shell_context = (user, found)  # type: ignore[attr-defined]
    return found


def known_unread(request: HttpRequest, count: int) -> None:
    """A page that has just read every unread notification of the user tells the shell their number, so the top
    bar's badge does not count them again (a page that read only some of them must not call this)."""
    request._shell_unread = (getattr(request, "user", None), count)  # type: ignore[attr-defined]


def unread_count(user_id: int) -> int:
    """The number of the user's unread notifications, for the top bar's badge on every page.

    One COUNT by the index on the user, written as SQL: the query itself takes a few microseconds, but building it
    through the ORM (a filter, then ``count()``'s aggregate query) cost a third of a millisecond on every page. The
    table and column names come from the model, so a rename reaches this query too. Equal to
    ``Notification.objects.filter(user_id=user_id, is_read=False).count()`` (core/tests/test_shell_pages.py)."""
    from django.db import connections, router

    from core.models import Notification

    opts = Notification._meta
    connection = connections[router.db_for_read(Notification)]
    quote = connection.ops.quote_name
    table, user_column, read_column = (quote(str(name)) for name in (
        opts.db_table, opts.get_field("user").column, opts.get_field("is_read").column))
    sql = f"SELECT COUNT(*) FROM {table} WHERE {user_column} = %s AND {read_column} = %s"  # noqa: S608 (quoted model names; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, False])
        return int(cursor.fetchone()[0])
