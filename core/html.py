"""``format_html`` for the cells of list tables: Django's, without its lazy-text wrapper on every call.

Django's ``format_html`` is wrapped in ``keep_lazy_text``, which inspects every argument for a lazy string, then
passes each through ``conditional_escape`` (itself wrapped the same way). A table's ``render_FOO`` calls it once per
row and column; this one gives the same result — each argument escaped unless it is safe (``__html__``), the whole
marked safe — and hands lazy arguments to Django's own, so a lazy result stays lazy."""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

from django.utils import html as django_html
from django.utils.functional import Promise
from django.utils.safestring import SafeString

# Values whose text never holds a character that HTML escapes: printed as ``str(value)``.
_PLAIN_TYPES = frozenset({int, uuid.UUID})


_SPECIAL = re.compile("[&<>\"']")


def escape_text(text: str) -> str:
    """``html.escape(text)``. Most cells hold nothing to escape — Chinese names, phone numbers, codes, dates,
    paths — and are returned as they are: ``str.isalnum`` and one regular-expression search tell that faster than
    the five replacements of escaping would."""
    if text.isalnum() or _SPECIAL.search(text) is None:
        return text
    return html.escape(text)


def escape(value: Any) -> str:
    """``conditional_escape(value)`` without its lazy-string wrapper for the usual plain and safe strings, numbers
    and UUIDs."""
    kind = type(value)
    if kind is SafeString:
        return value  # type: ignore[no-any-return]
    if kind is str:
        return escape_text(value)
    if kind in _PLAIN_TYPES:
        return str(value)
    return django_html.conditional_escape(value)


def format_html(format_string: str, *args: Any, **kwargs: Any) -> SafeString:
    """``django.utils.html.format_html``: ``format_string`` with its arguments escaped, marked safe."""
    if kwargs or not args:
        if not (args or kwargs) or any(isinstance(a, Promise) for a in (*args, *kwargs.values())):
            return django_html.format_html(format_string, *args, **kwargs)  # type: ignore[no-any-return]
        return SafeString(format_string.format(*map(escape, args), **{k: escape(v) for k, v in kwargs.items()}))
    parts = []
    for value in args:
        kind = type(value)
        if kind is str:
            parts.append(escape_text(value))
        elif kind is SafeString or kind in _PLAIN_TYPES:
            parts.append(str(value))
        elif isinstance(value, Promise):
            return django_html.format_html(format_string, *args)  # type: ignore[no-any-return]
        else:
            parts.append(django_html.conditional_escape(value))
    return SafeString(format_string.format(*parts))


def attrs_html(attrs: Any) -> SafeString:
    """``AttributeDict.as_html()`` of django-tables2 (``key="value"`` pairs; callables called, None skipped, the
    nested part keys left out), without a ``format_html`` call per attribute."""
    blacklist = attrs.blacklist
    parts = []
    for key, v in attrs.items():
        value = v() if callable(v) else v
        if key not in blacklist and value is not None:
            parts.append(f'{escape(key)}="{escape(value)}"')
    return SafeString(" ".join(parts))
