"""``format_html`` for the cells of list tables: Django's, without its lazy-text wrapper on every call.

Django's ``format_html`` is wrapped in ``keep_lazy_text``, which inspects every argument for a lazy string, then
passes each through ``conditional_escape`` (itself wrapped the same way). A table's ``render_FOO`` calls it once per
row and column; this one gives the same result — each argument escaped unless it is safe (``__html__``), the whole
marked safe — and hands lazy arguments to Django's own, so a lazy result stays lazy."""

from __future__ import annotations

import html
from typing import Any

from django.utils import html as django_html
from django.utils.functional import Promise
from django.utils.safestring import SafeString


def escape(value: Any) -> str:
    """``conditional_escape(value)`` without its lazy-string wrapper for the usual plain and safe strings."""
    kind = type(value)
    if kind is SafeString:
        return value  # type: ignore[no-any-return]
    if kind is str:
        return html.escape(value)
    return django_html.conditional_escape(value)


def format_html(format_string: str, *args: Any, **kwargs: Any) -> SafeString:
    """``django.utils.html.format_html``: ``format_string`` with its arguments escaped, marked safe."""
    if not (args or kwargs) or any(isinstance(a, Promise) for a in (*args, *kwargs.values())):
        return django_html.format_html(format_string, *args, **kwargs)  # type: ignore[no-any-return]
    return SafeString(format_string.format(*map(escape, args), **{k: escape(v) for k, v in kwargs.items()}))
