"""The rows of the 今日待办 page (core/home.html), printed in Python.

The home page is the most opened page of the platform; its rows went through the template engine cell by cell
(``|date``, ``|default``, ``get_state_display``), which cost about as much as the page's queries. These tags print
what the template loops printed (core/tests/test_home_rows.py renders both)."""

from __future__ import annotations

import datetime as dt
import functools
import html
from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@functools.cache
def _state_labels() -> dict[str, str]:
    """``Deadline.get_state_display`` as a dict: Django's method rebuilds the choices map on every call."""
    from core.models import Deadline

    return {str(value): str(label) for value, label in Deadline._meta.get_field("state").flatchoices}


def _e(value: Any) -> str:
    return html.escape(str(value))


def _linked(link: str, title: str) -> str:
    return f'<a href="{_e(link)}">{_e(title)}</a>' if link else _e(title)


def _deadline_row(d: dict[str, Any], middle: str) -> str:
    org = d["org__short_name"] or d["org__name"]
    return (f"<tr><td>{_linked(d['link'], d['title'])}</td><td>{_e(org)}</td>{middle}<td>{d['due_date']:%Y-%m-%d}</td>"
            f'<td><span class="badge badge-state-{_e(d["state"])}">{_e(_state_labels().get(d["state"], d["state"]))}</span></td></tr>')


@register.simple_tag
def my_deadline_rows(deadlines: list[dict[str, Any]]) -> SafeString:
    """我的待办: 事项 (linked), 单位, 依据, 到期日, 状态; each deadline the values of ``core.views.HOME_DEADLINE_FIELDS``."""
    return mark_safe("".join(  # noqa: S308 (every value escaped by _e)
        _deadline_row(d, f'<td class="small text-muted">{_e(d["basis"])}</td>') for d in deadlines))


def _owner(d: dict[str, Any]) -> str:
    """``{{ d.owner|default:"—" }}``: the owner's ``str()`` (full name, else username), "—" without an owner."""
    if d["owner__username"] is None:
        return "—"
    return _e(d["owner__full_name"] or d["owner__username"])


@register.simple_tag
def office_deadline_rows(deadlines: list[dict[str, Any]]) -> SafeString:
    """辖区预警: 事项 (linked), 单位, 责任人 (— when none), 到期日, 状态; values as for ``my_deadline_rows`` plus
    ``core.views.HOME_OWNER_FIELDS``."""
    return mark_safe("".join(  # noqa: S308 (every value escaped by _e)
        _deadline_row(d, f"<td>{_owner(d)}</td>") for d in deadlines))


def _local(value: dt.datetime) -> dt.datetime:
    """What the template shows of an aware datetime: the current time zone's local time."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.simple_tag
def notification_items(notifications: list[Any]) -> SafeString:
    """未读提醒: level badge, title (linked), time as 月-日 时:分."""
    return mark_safe("".join(  # noqa: S308 (every value escaped by _e)
        f'<li class="mb-2"><span class="badge text-bg-{_e(n.level)} me-1">&nbsp;</span>{_linked(n.link, n.title)}'
        f'<div class="small text-muted">{_local(n.created_at):%m-%d %H:%M}</div></li>' for n in notifications))
