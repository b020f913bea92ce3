"""The left menu: each app declares ``MENU`` in ``<app>/menu.py``; items show only with their permission."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse

from core.discovery import app_modules


@dataclass(frozen=True)
class MenuItem:
    group: str
    label: str
    url_name: str
    perm: str = ""
    icon: str = "bi-circle"
    order: int = 100
    # A page only some holders of ``perm`` can use (e.g. a form that files a case, which a bureau that supervises
    # offices does not do): called with the user on each page, it must answer from what the request already holds.
    shown_to: Callable[[Any], bool] | None = field(default=None, compare=False)


GROUP_ORDER = ["数据驾驶舱", "工作台", "基础信息", "业务办理", "统计分析", "统计报表", "考核", "系统管理"]
_items: list[MenuItem] | None = None


def all_items() -> list[MenuItem]:
    global _items
    if _items is None:
        found: list[MenuItem] = []
        for module in app_modules("menu"):
            found.extend(getattr(module, "MENU", ()))
        _items = sorted(found, key=lambda i: (GROUP_ORDER.index(i.group) if i.group in GROUP_ORDER else 99, i.order))
    return _items


def _matches(url: str, current_path: str) -> bool:
    return current_path == url or (url != "/" and current_path.startswith(url))


_visible: dict[tuple[Any, ...], list[tuple[MenuItem, str]]] = {}


def _permission_key(user: Any) -> tuple[Any, ...]:
    """What the visible items depend on: the user's permissions (every item for a superuser) and the URL prefix."""
    perms = None if user.is_active and user.is_superuser else frozenset(user.get_all_permissions())
    return (perms, get_script_prefix(), get_urlconf())


def _visible_items(key: tuple[Any, ...]) -> list[tuple[MenuItem, str]]:
    """The items the user may open with their URLs. They depend on nothing but the user's permissions (and the URL
    prefix), so the list is remembered per set of permissions instead of checking ``has_perm`` item by item through
    every authentication backend on every page."""
    found = _visible.get(key)
    if found is None:
        if len(_visible) > 1000:  # one entry per distinct set of permissions: a handful of roles, but stay bounded
            _visible.clear()
        perms = key[0]
        found = _visible[key] = [
            (item, reverse(item.url_name)) for item in all_items() if not item.perm or perms is None or item.perm in perms
        ]
    return found


def menu_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    """The user's menu, grouped; only the item whose URL is the longest prefix of the current path is active
    (on ``/worklog/review/`` that is 日志审阅, not also 工作日志 at ``/worklog/``)."""
    visible = [(item, url) for item, url in _visible_items(_permission_key(user)) if item.shown_to is None or item.shown_to(user)]
    active_url = max((url for _, url in visible if _matches(url, current_path)), key=len, default=None)
    groups: dict[str, list[dict[str, Any]]] = {}
    for item, url in visible:
        groups.setdefault(item.group, []).append({"label": item.label, "url": url, "icon": item.icon, "active": url == active_url})
    return [{"name": name, "items": items, "open": any(i["active"] for i in items)} for name, items in groups.items()]


MENU = [
    MenuItem("工作台", "今日待办", "core:home", icon="bi-house", order=1),
    MenuItem("工作台", "消息提醒", "core:notifications", icon="bi-bell", order=2),
    MenuItem("系统管理", "操作日志", "core:audit", perm="core.view_auditevent", icon="bi-journal-text", order=50),
]
