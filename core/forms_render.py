"""The form renderer (``FORM_RENDERER``): Django's own, with the common widgets printed without the template engine.

A text box rendered through ``django/forms/widgets/text.html`` goes through two ``{% include %}``s and a loop over its
attributes, and each ``<option>`` of a select through one more include: the five boxes of a list page's filter form
cost more than its fifty table rows. For the templates listed in ``FAST`` the renderer prints exactly what those
templates print (``core/tests/test_forms_render.py`` compares both on every form of the project); every other
template — whole forms, fields, other widgets, a widget whose option template is not the stock one — is rendered by
the templates as usual."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData

_context = Context(autoescape=True)


def _text(value: Any) -> str:
    """``{{ value }}`` in an autoescaping template."""
    if type(value) is str:
        return escape(value)
    return render_value_in_context(value, _context)


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: ``stringformat`` keeps a safe string safe, anything else is escaped."""
    text = "%s" % (value,)  # noqa: UP031 (the filter's own formatting)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``: False leaves the attribute out, True prints its name alone."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(out)


def _input(context: dict[str, Any]) -> str:
    """``django/forms/widgets/input.html`` (and the text, date, number … templates that include it)."""
    widget = context["widget"]
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _select(context: dict[str, Any]) -> str | None:
    """``django/forms/widgets/select.html``; None when an option has a template of its own. (Each option ends in a
    line break: the option template's file does.)"""
    widget = context["widget"]
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_INPUTS = ("text", "date", "number", "email", "url", "tel", "search", "password", "hidden", "datetime", "time", "checkbox",
           "color", "file", "input")
FAST: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
    "django/forms/widgets/select.html": _select,
}


class FastWidgetRenderer(DjangoTemplates):
    """Django's template renderer, printing the widgets of ``FAST`` in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        fast = FAST.get(template_name)
        if fast is not None and "widget" in context:
            html = fast(context)
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)
