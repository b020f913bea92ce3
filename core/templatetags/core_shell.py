"""The page shell's tags (templates/base.html).

``{% url_of %}`` and ``{% asset %}``: ``{% url %}`` and ``{% static %}`` for URLs that are the same on every page,
worked out once per process instead of on every request (the menu remembers its URLs the same way,
``core.menu.reverse_once``). ``{% shell_assets %}``, ``{% shell_topbar %}`` and ``{% shell_crumbs %}``: the
stylesheets and scripts, the top bar, and the breadcrumbs with the flash messages, printed in Python — the same
HTML the template markup gave (core/tests/test_shell_tags.py), without a template node per link and value, which
made up most of the cost of the shell on every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.encoding import force_str
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from core.html import escape
from core.menu import reverse_once

register = template.Library()
_assets: dict[tuple[str, str], str] = {}


@register.simple_tag
def url_of(name: str) -> str:
    """``{% url name %}`` for a URL without arguments (remembered per script prefix and URLconf)."""
    return reverse_once(name)


@register.simple_tag
def asset(path: str) -> str:
    """``{% static path %}``, remembered per script prefix; escaped as ``{% static %}`` escapes it."""
    key = (path, get_script_prefix())
    found = _assets.get(key)
    if found is None:
        found = _assets[key] = conditional_escape(static(path))
    return found


_STYLES = ("vendor/bootstrap/bootstrap.min.css", "vendor/bootstrap-icons/bootstrap-icons.min.css", "core/app.css")
_SCRIPTS = ("vendor/bootstrap/bootstrap.bundle.min.js", "vendor/htmx/htmx.min.js", "core/app.js")


@register.simple_tag
def shell_assets(part: str) -> SafeString:
    """The shell's ``<link>`` tags (``"head"``: the icon and the stylesheets) or its ``<script>`` tags
    (``"scripts"``), with the URLs of ``{% asset %}``."""
    key = (f"<{part}>", get_script_prefix())
    found = _assets.get(key)
    if found is None:
        if part == "head":
            lines = [f'<link rel="icon" href="{asset("core/favicon.ico")}" sizes="any">']
            lines += [f'<link rel="stylesheet" href="{asset(path)}">' for path in _STYLES]
        elif part == "scripts":
            lines = [f'<script src="{asset(path)}"></script>' for path in _SCRIPTS]
        else:
            raise ValueError(f"shell_assets: 未知的部分 {part!r}（应为 head 或 scripts）")
        found = _assets[key] = mark_safe(("\n  " if part == "head" else "\n").join(lines))  # noqa: S308 (URLs escaped by asset)
    return found  # type: ignore[return-value]


@register.simple_tag(takes_context=True)
def shell_csrf(context: Any) -> SafeString:
    """The ``<body>`` attributes that tell app.js where the CSRF token is: the name of the cookie Django keeps it in
    and the header to send it in. The shell's own page carries no token: app.js reads the cookie for each
    htmx request that changes data and for the forms marked ``data-csrf`` (退出登录), as Django's CSRF documentation
    describes for scripts. Rendering the token would mask it afresh and renew the cookie on every page — a tenth
    of a list page's time — and a secret that is not in the page cannot be read back from its compressed length
    (BREACH). Pages with a form of their own print ``{% csrf_token %}`` in it as before."""
    request = context.get("request")
    if request is not None and settings.CSRF_COOKIE_NAME not in request.COOKIES:
        get_token(request)  # a browser without the cookie (cleared, or never given one) gets it with this page
    header = settings.CSRF_HEADER_NAME.removeprefix("HTTP_").replace("_", "-")
    return mark_safe(  # noqa: S308 (both escaped)
        f'data-csrf-cookie="{escape(settings.CSRF_COOKIE_NAME)}" data-csrf-header="{escape(header)}"'
    )


@register.simple_tag(takes_context=True)
def shell_topbar(context: Any) -> SafeString:
    """The top bar: the menu button for phones, the brand, the current 任职 (``shell_identity``: org and role), the
    reminders bell with the unread count (``shell_unread``) and the user menu with 个人中心 and 退出登录 (the URL names
``settings.PROFILE_URL`` and ``settings.LOGOUT_URL``: the accounts app is a layer above core)."""
    identity = context.get("shell_identity")
    unread = context.get("shell_unread")
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = (
        f'<span class="d-none d-md-inline" data-testid="current-org"><i class="bi bi-building" aria-hidden="true"></i> '
        f"{escape(identity[0])} · {escape(identity[1])}</span>"
        if identity else ""
    )
    badge = f'<span class="badge rounded-pill bg-danger ms-1">{escape(unread)}</span>' if unread else ""
    name = conditional_escape(force_str(getattr(user, "display_name", "")))  # "" for a visitor, as the template printed
    return mark_safe(  # noqa: S308 (every value escaped)
        '<header class="topbar navbar navbar-dark px-3">\n'
        '  <button class="btn btn-link text-white d-lg-none p-0 me-2" type="button" data-bs-toggle="offcanvas" '
        'data-bs-target="#sidebar" aria-label="菜单"><i class="bi bi-list fs-4" aria-hidden="true"></i></button>\n'
        f'  <a class="navbar-brand fw-bold" href="{escape(reverse_once("core:home"))}">'
        '<i class="bi bi-bank2 me-1" aria-hidden="true"></i>数字司法所</a>\n'
        '  <div class="ms-auto d-flex align-items-center gap-3 text-white small">\n'
        f"    {shown}\n"
        f'    <a class="text-white position-relative" href="{escape(reverse_once("core:notifications"))}" title="提醒">'
        f'<i class="bi bi-bell" aria-hidden="true"></i>{badge}</a>\n'
        '    <div class="dropdown">\n'
        '      <a class="text-white dropdown-toggle text-decoration-none" href="#" data-bs-toggle="dropdown" data-testid="user-menu">'
        f'<i class="bi bi-person-circle" aria-hidden="true"></i> {name}</a>\n'
        '      <ul class="dropdown-menu dropdown-menu-end">\n'
        f'        <li><a class="dropdown-item" href="{escape(reverse_once(settings.PROFILE_URL))}">个人中心</a></li>\n'
        '        <li><hr class="dropdown-divider"></li>\n'
        f'        <li><form method="post" action="{escape(reverse_once(settings.LOGOUT_URL))}" data-csrf>'
        '<button class="dropdown-item">退出登录</button></form></li>\n'
        "      </ul>\n"
        "    </div>\n"
        "  </div>\n"
        "</header>"
    )


@register.simple_tag(takes_context=True)
def shell_crumbs(context: Any) -> SafeString:
    """The breadcrumbs (首页, then each ``(label, url)`` of ``breadcrumbs``, the one without a URL as the current
    page) and the flash messages that app.js shows as toasts (reading them marks them as shown)."""
    parts = ['<nav aria-label="breadcrumb"><ol class="breadcrumb small mb-2">\n'
             f'      <li class="breadcrumb-item"><a href="{escape(reverse_once("core:home"))}">首页</a></li>\n      ']
    for crumb in context.get("breadcrumbs") or ():
        label, url = crumb[0], crumb[1]
        if url:
            parts.append(f'<li class="breadcrumb-item"><a href="{escape(url)}">{escape(label)}</a></li>')
        else:
            parts.append(f'<li class="breadcrumb-item active">{escape(label)}</li>')
    parts.append("\n    </ol></nav>\n    ")
    messages = context.get("messages")
    if messages:
        # ``{{ m }}``: the message as text, escaped unless it is marked safe.
        shown = "".join(f'<span data-level="{conditional_escape(force_str(m.tags))}">{conditional_escape(force_str(m))}</span>'
                        for m in messages)
        parts.append(f'<div id="flash-messages" class="d-none">{shown}</div>')
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped)


@receiver(setting_changed)
def _forget(*, setting: str, **_: Any) -> None:
    """A test that changes where static files are served from gets URLs worked out afresh."""
    if setting in ("STATIC_URL", "STORAGES", "STATICFILES_STORAGE", "FORCE_SCRIPT_NAME"):
        _assets.clear()
