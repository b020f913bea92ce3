"""The list tables, rendered in Python: ``{% table_html table %}`` (the whole table) and ``{% table_rows table %}``.

django-tables2 renders each cell through the template engine: per cell it inspects the signature of the render
function, builds the ``<td>`` attributes, and a ``DateColumn``/``DateTimeColumn`` compiles a new ``Template`` for its
``{{ value|date:… }}`` code; the header and pagination build every link with ``querystring_replace``. On a 50-row page
that was most of the request time (性能预算, ARCHITECTURE.md). These tags produce the HTML of
``django_tables2/bootstrap5-responsive.html`` (core/tests/test_table_html.py compares the two on every list page)
with the same semantics (``get_FOO_display`` for choices, ``empty_values`` and ``default``, ``render_FOO`` methods,
``linkify``, column ``attrs`` that may be callables, ``localize``). Each column is compiled once per render into one
function of the row (``_compile``); what it does not cover goes through the generic path (``_render``)."""

from __future__ import annotations

import datetime as dt
import functools
import html
import inspect
import keyword
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from django import forms, template
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.template.loader import get_template
from django.utils import formats
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language, gettext
from django_tables2 import columns as t2
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.rows import BoundRow, BoundRows, CellAccessor
from django_tables2.templatetags.django_tables2 import table_page_range
from django_tables2.utils import A, AttributeDict, computed_values

from core.html import _SPECIAL, attrs_html, escape_text
from core.html import escape as _escape

register = template.Library()
_SPECIAL_SEARCH = _SPECIAL.search
_URL_SAFE = re.compile(r"[A-Za-z0-9_.~-]*\Z")

_signatures: dict[Any, tuple[tuple[str, ...], str | None]] = {}


def _signature(fn: Callable[..., Any]) -> tuple[tuple[str, ...], str | None]:
    """``django_tables2.utils.signature``, remembered per function (a bound method is keyed by its function)."""
    func = getattr(fn, "__func__", fn)
    key = (func, hasattr(fn, "__self__"))
    try:
        return _signatures[key]
    except (KeyError, TypeError):
        pass
    args: list[str] = []
    keywords = None
    for arg in inspect.signature(fn, follow_wrapped=False).parameters.values():
        if arg.kind == arg.VAR_KEYWORD:
            keywords = arg.name
        elif arg.kind != arg.VAR_POSITIONAL:
            args.append(arg.name)
    found = (tuple(args), keywords)
    try:
        _signatures[key] = found
    except TypeError:  # unhashable callable: not remembered
        pass
    return found


def _call(fn: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    """``django_tables2.utils.call_with_appropriate`` with the remembered signature."""
    args, catch_all = _signature(fn)
    if catch_all:
        return fn(**kwargs)
    if any(a not in kwargs for a in args):
        return None
    return fn(**{a: kwargs[a] for a in args})


def _has_callables(attrs: Any) -> bool:
    return any(callable(v) or (isinstance(v, dict) and _has_callables(v)) for v in (attrs or {}).values())


_DATE_TEMPLATE_PREFIX, _DATE_TEMPLATE_SUFFIX = '{{ value|date:"', '"|default:default }}'
_DATE_PARTS = {"Y": ("year", "%04d"), "m": ("month", "%02d"), "d": ("day", "%02d")}
_TIME_PARTS = {"H": ("hour", "%02d"), "i": ("minute", "%02d"), "s": ("second", "%02d")}


def _date_spec(fmt: str) -> tuple[str, Callable[[Any], tuple[int, ...]], type] | None:
    """For formats made of Y m d H i s and punctuation (``Y-m-d``, ``Y-m-d H:i``): the ``%``-template, the function
    giving its numbers from a value, and the kind of value it formats (``datetime`` when it shows the time, else
    ``date``); None for anything else (the ``date`` filter is used then)."""
    if not fmt or "\\" in fmt or "%" in fmt:
        return None
    pattern, attrs, needs_time = [], [], False
    for ch in fmt:
        if ch in _DATE_PARTS or ch in _TIME_PARTS:
            attr, spec = _DATE_PARTS.get(ch) or _TIME_PARTS[ch]
            needs_time = needs_time or ch in _TIME_PARTS
            pattern.append(spec)
            attrs.append(attr)
        elif ch.isalpha():
            return None
        else:
            pattern.append(ch)
    kind = dt.datetime if needs_time else dt.date
    parts = operator.attrgetter(*attrs) if len(attrs) > 1 else (lambda value: (getattr(value, attrs[0]),)) if attrs else (lambda value: ())
    return "".join(pattern), parts, kind


def _date_formatter(fmt: str) -> Callable[[Any], str] | None:
    """A function giving what ``dateformat.format(value, fmt)`` gives, for the formats of ``_date_spec``; it raises
    ``TypeError`` for a value of another kind. None for any other format."""
    spec = _date_spec(fmt)
    if spec is None:
        return None
    template_, parts, kind = spec

    def format_(value: Any) -> str:
        if not isinstance(value, kind):
            raise TypeError
        return template_ % parts(value)

    return format_


@dataclass
class _Column:
    bound: Any
    column: Any
    accessor: Any
    path: Any  # the accessor without its last part, for get_FOO_display ("" when the value is on the record)
    remainder: str
    bits: tuple[str, ...]  # the parts of the accessor and of its path, split once
    path_bits: tuple[str, ...]
    choices: bool | None  # the last part is a model field with choices (decided on the first model row)
    default: Any
    render: Callable[..., Any]
    plain: bool  # Column.render unchanged: the cell is the value itself
    td_html: SafeString | None  # None: the attrs hold callables and are computed per cell
    date_format: str | None  # DateColumn/DateTimeColumn with their own template: rendered without the engine
    date_fast: Callable[[Any], str] | None
    template: Any  # other TemplateColumn with template_code: compiled once
    simple_link: bool  # linkify with a callable URL and no <a> attrs
    link: Any = None  # the BoundColumn's LinkTransform (None: no link)
    localize: bool | None = None
    empty_values: Any = ()
    many_to_many: bool = False
    display_model: Any = None  # for a choices field: the model class and field whose display map is cached
    display_field: Any = None
    display_map: dict[Any, Any] | None = None


def _plan(table: Any, bound: Any, bound_attrs: Any = None) -> _Column:
    """What the cells of one column need, worked out once per render (``bound_attrs``: ``bound.attrs`` when the
    caller has it already)."""
    column = bound.column
    accessor = A(bound.accessor)
    path, _, remainder = accessor.rpartition(accessor.SEPARATOR)
    attrs = {**dict(table.attrs), **dict(column.attrs)}
    td_html = None if _has_callables(attrs.get("td", attrs.get("cell", {}))) else _as_html((bound_attrs or bound.attrs)["td"])
    date_format = tpl = None
    if isinstance(column, t2.TemplateColumn) and bound.render == column.render and column.template_code:
        code = column.template_code
        if (type(column) in (t2.DateColumn, t2.DateTimeColumn) and code.startswith(_DATE_TEMPLATE_PREFIX)
                and code.endswith(_DATE_TEMPLATE_SUFFIX)):
            date_format = code[len(_DATE_TEMPLATE_PREFIX):-len(_DATE_TEMPLATE_SUFFIX)]
        else:
            tpl = template.Template(code)
    link = bound.link
    return _Column(
        bound=bound, column=column, accessor=accessor, path=A(path), remainder=remainder, bits=tuple(accessor.bits),
        path_bits=tuple(A(path).bits), choices=None,
        default=bound.default, render=bound.render,
        plain=bound.render == column.render and getattr(type(column), "render", None) is t2.Column.render,
        td_html=td_html, date_format=date_format,
        date_fast=_date_formatter(date_format) if date_format and date_format == formats.get_format(date_format) else None,
        template=tpl, simple_link=link is not None and not link.attrs and callable(link.url),
        link=link, localize=bound.localize, empty_values=column.empty_values,
        many_to_many=isinstance(column, t2.ManyToManyColumn),
    )


def _display_map(model: type[models.Model], field: Any, remainder: str) -> dict[Any, Any] | None:
    """The choices of ``field`` as Django's own ``get_FOO_display`` reads them, unless the model overrides it (then
    that method is called for each row). Django builds this dict on every call: for the 56 民族 that was most of a page."""
    method = inspect.getattr_static(model, f"get_{remainder}_display", None)
    if not (isinstance(method, functools.partialmethod) and method.func is models.Model._get_FIELD_display  # type: ignore[attr-defined]
            and method.keywords.get("field") is field):
        return None
    return dict(make_hashable(field.flatchoices))  # type: ignore[union-attr]


def _resolve(accessor: Any, bits: tuple[str, ...], record: Any) -> Any:
    """``Accessor.resolve(record)``. On objects that cannot be subscripted (model instances) the accessor's first
    try, ``current[bit]``, raises a ``TypeError`` that it catches before falling back to ``getattr``: raising and
    catching that exception for every cell was the largest part of a table's cost. Here such objects go straight to
    ``getattr``, with the same calling of callables; anything else (dicts, lists) goes through the accessor itself."""
    current = record
    for bit in bits:
        if hasattr(type(current), "__getitem__"):
            return accessor.resolve(record)
        try:
            current = getattr(current, bit)
        except (TypeError, AttributeError):
            return accessor.resolve(record)  # raises the accessor's own error
        if callable(current):
            if getattr(current, "alters_data", False):
                raise ValueError(accessor.ALTERS_DATA_ERROR_FMT.format(method=current.__name__))
            if not getattr(current, "do_not_call_in_templates", False):
                current = current(*accessor.callable_args, **accessor.callable_kwargs)
        if current is None:
            break
    return current


def _value(c: _Column, record: Any) -> tuple[bool, Any]:
    """(found, value) as ``BoundRow._get_and_render_with`` looks it up."""
    if c.path:
        try:
            penultimate = _resolve(c.path, c.path_bits, record)
        except Exception:
            penultimate = None
    else:
        penultimate = record
    if isinstance(penultimate, models.Model):
        if c.choices is None:
            try:
                field = c.accessor.get_field(record)
                c.choices = bool(getattr(field, "choices", ()))
            except FieldDoesNotExist:
                c.choices = False
            if c.choices:
                c.display_model, c.display_field = type(penultimate), field
                c.display_map = _display_map(type(penultimate), field, c.remainder)
        if c.choices and c.display_map is not None and type(penultimate) is c.display_model:
            value = getattr(penultimate, c.display_field.attname)
            return True, force_str(c.display_map.get(make_hashable(value), value), strings_only=True)
        display = getattr(penultimate, f"get_{c.remainder}_display", None) if c.choices else None
        if display:
            return True, display()
    if not c.remainder:
        return True, None
    try:
        return True, _resolve(c.accessor, c.bits, record)
    except Exception:
        return False, None


def _render(c: _Column, row: Any, table: Any, context: Any, tz: Any) -> Any:
    record = row.record
    found, value = _value(c, record)
    if not found:
        kwargs = _kwargs(c, row, table, None)
        if isinstance(c.column, BaseLinkColumn) and c.column.text is not None:
            return _link(c, _call(c.render, kwargs), kwargs)
        value = None
    if value in c.empty_values or (c.many_to_many and not value.exists()):
        return c.default
    if c.plain and c.link is None:
        return value
    kwargs = _kwargs(c, row, table, value)
    if c.plain:
        content = value
    elif c.date_format is not None:
        value = _localtime(value, context, tz)
        try:
            text = c.date_fast(value) if c.date_fast else date_filter(value, c.date_format)
        except TypeError:
            text = date_filter(value, c.date_format)
        content = mark_safe(_escape(text or c.default))  # noqa: S308 (escaped here)
    elif c.template is not None:
        parent = getattr(table, "context", None)
        if parent is None:
            parent = template.Context()
        with parent.update(c.column.get_context_data(**kwargs)):
            parent["request"] = getattr(table, "request", None)
            content = c.template.render(parent)
    else:
        content = _call(c.render, kwargs)
    return _link(c, content, kwargs) if c.link is not None else content


def _localtime(value: Any, context: Any, tz: Any) -> Any:
    """``template_localtime(value, use_tz=context.use_tz)`` with the current time zone ``tz`` looked up once per
    table instead of once per cell."""
    if not isinstance(value, dt.datetime):
        return value
    use_tz = settings.USE_TZ if context.use_tz is None else context.use_tz
    if use_tz and value.utcoffset() is not None and getattr(value, "convert_to_local_time", True):
        return value.astimezone(tz)
    return value


def _kwargs(c: _Column, row: Any, table: Any, value: Any) -> dict[str, Any]:
    return {"value": value, "record": row.record, "column": c.column, "bound_column": c.bound, "bound_row": row,
            "table": table}


def _link(c: _Column, content: Any, kwargs: dict[str, Any]) -> Any:
    """``LinkTransform.__call__`` with the remembered signature of a ``linkify`` callable."""
    link = c.link
    if link is None:
        return content
    if c.simple_link:
        href = _call(link.url, kwargs)
        if href is None:
            return content
        return mark_safe(f'<a href="{_escape(href)}">{_escape(content)}</a>')  # noqa: S308 (both escaped)
    attrs = AttributeDict(computed_values(link.attrs or {}, kwargs=kwargs))
    attrs["href"] = _call(link.url, kwargs) if link.url and callable(link.url) else link.compose_url(**kwargs)
    if attrs["href"] is None:
        return content
    return format_html("<a {}>{}</a>", attrs.as_html(), content)


def _html(cell: Any, context: Any) -> str:
    """``{{ cell }}``: what the template engine prints for the cell."""
    kind = type(cell)
    if kind is SafeString:
        return cell
    if kind is str and context.autoescape:
        return html.escape(cell)
    if kind is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(cell)  # what localize() prints for an int without digit grouping (page numbers, the row count)
    return render_value_in_context(cell, context)


_MISSING = object()
_ROW_ARGS = frozenset({"value", "record", "column", "bound_column", "bound_row", "table"})


def _direct(fn: Callable[..., Any], c: _Column, table: Any) -> Callable[[Any, Any, Any], Any] | None:
    """``fn`` called as ``_call(fn, _kwargs(...))`` calls it, as a function of (value, record, row) that builds no
    keyword dict per cell; None when ``fn`` takes ``**kwargs`` or an argument the cell does not offer, or is a
    method of another object than the table (a column's own ``render``: compiled per render, see ``_portable``).
    A ``render_FOO`` of the table is called on the row's table, so the function serves every table of the class."""
    args, catch_all = _signature(fn)
    if catch_all or not set(args) <= _ROW_ARGS:
        return None
    owner = getattr(fn, "__self__", None)
    if owner is not None and owner is not table:
        return None
    name = c.bound.name
    if owner is None:
        plain = fn
        if args == ("record",):
            return lambda value, record, row: plain(record=record)
        if args == ("value",):
            return lambda value, record, row: plain(value=value)
        if args == ("value", "record") or args == ("record", "value"):
            return lambda value, record, row: plain(value=value, record=record)
        method = None
    else:
        method = fn.__func__  # type: ignore[attr-defined]
        if args == ("record",):
            return lambda value, record, row: method(row.table, record=record)
        if args == ("value",):
            return lambda value, record, row: method(row.table, value=value)
        if args == ("value", "record") or args == ("record", "value"):
            return lambda value, record, row: method(row.table, value=value, record=record)

    def call(value: Any, record: Any, row: Any) -> Any:
        row_table = row.table
        bound = row_table.columns[name]
        offered = {"value": value, "record": record, "column": bound.column, "bound_column": bound, "bound_row": row,
                   "table": row_table}
        kwargs = {a: offered[a] for a in args}
        return fn(**kwargs) if method is None else method(row_table, **kwargs)

    return call


def _portable(c: _Column, table: Any) -> bool:
    """Whether the compiled cell of this column serves later tables of the same class (``_cells``): its render and
    link functions are plain functions or methods of the table, not of this table's copy of the column."""
    used = (None if c.plain or c.date_format is not None else c.render, getattr(c.link, "url", None))
    return all(getattr(fn, "__self__", table) is table for fn in used if fn is not None)


def _field_chain(model: Any, bits: tuple[str, ...]) -> list[Any] | None:
    """The model fields the accessor walks when each part but the last is a forward foreign key or one-to-one and
    the last is a concrete field of the model reached (so that no part is a method or a property); else None."""
    if not bits or not hasattr(model, "_meta"):
        return None
    fields = []
    for i, bit in enumerate(bits):
        try:
            field = model._meta.get_field(bit)
        except FieldDoesNotExist:
            return None
        if not getattr(field, "concrete", False) or field.many_to_many:
            return None
        fields.append(field)
        if i < len(bits) - 1:
            if not (field.many_to_one or field.one_to_one):
                return None
            model = field.related_model
    return fields


def _getter(c: _Column, model: Any) -> Callable[[Any], Any] | None:
    """A function giving ``_value(c, record)[1]`` for a record of ``model`` (exactly that class), for accessors that
    are chains of fields (see ``_field_chain``); None when the generic lookup must be used."""
    fields = _field_chain(model, c.bits)
    if fields is None:
        if len(c.bits) != 1 or not hasattr(model, "_meta"):
            return None
        name = c.bits[0]
        if inspect.getattr_static(model, name, _MISSING) is not _MISSING:
            return None  # a method or property of the model: the generic path calls it as the accessor does
        # An annotation on the row (``member_count``), or no attribute at all (an ``actions`` column rendered from
        # the record): the accessor finds nothing and the cell's value is None.

        def annotation(record: Any) -> Any:
            value = getattr(record, name, None)
            if callable(value):
                raise TypeError  # called by the accessor: left to the generic path
            return value

        return annotation
    last = fields[-1]
    display: dict[Any, Any] | None = None
    if getattr(last, "choices", None):
        owner = last.model
        display = _display_map(owner, last, c.remainder)
        if display is None:  # the model overrides get_FOO_display: the generic path calls it
            return None
    names = tuple(c.bits[:-1])
    if display is None:
        # A chain of plain fields: read in C. A null foreign key on the way raises AttributeError, and the cell
        # goes to the generic path, which shows the column's default as django-tables2 does.
        return operator.attrgetter(".".join(c.bits))
    attname = last.attname
    shown = {key: force_str(label, strings_only=True) for key, label in display.items()}

    def show(obj: Any) -> Any:
        value = getattr(obj, attname)
        try:
            return shown[value]
        except (KeyError, TypeError):  # not a choice (shown as it is), or unhashable
            return force_str(display.get(make_hashable(value), value), strings_only=True)

    if not names:
        return show
    path = operator.attrgetter(".".join(names))

    def through(record: Any) -> Any:
        obj = path(record)
        return None if obj is None else show(obj)

    return through


class _Flags:
    """What printing a value reads of the template context (``render_value_in_context``, ``_localtime``): kept by the
    compiled cells in place of one request's context."""

    __slots__ = ("autoescape", "local_times", "use_l10n", "use_tz")

    def __init__(self, context: Any) -> None:
        self.autoescape, self.use_l10n, self.use_tz = context.autoescape, context.use_l10n, context.use_tz
        # Whether aware datetimes are printed in the current time zone (``template_localtime``), decided once.
        self.local_times = settings.USE_TZ if context.use_tz is None else context.use_tz

    def key(self) -> tuple[Any, ...]:
        return (self.autoescape, self.use_l10n, self.use_tz, self.local_times)


def _compile(c: _Column, table: Any, context: Any, tz: Any) -> Callable[[Any, Any], str] | None:
    """The ``<td>`` of this column for a (record, row), as one function with every per-column decision taken here: the value
    by its chain of fields (choices through the cached display map), the ``empty_values`` test, a ``Date(Time)Column``
    format, a ``render_FOO``/column ``render`` called with only the arguments it names, a ``linkify`` callable.
    None when the column needs the generic path (``_render``): callable ``td`` attrs, ``localize``, templates,
    many-to-many, link attrs, render functions with ``**kwargs``, accessors through methods or properties."""
    if c.td_html is None or c.localize is not None or c.many_to_many or c.template is not None:
        return None
    if (c.link is not None and not c.simple_link) or isinstance(c.column, BaseLinkColumn):
        return None
    model = getattr(table._meta, "model", None)
    get = _getter(c, model)
    if get is None:
        return None
    render = None
    if not c.plain and c.date_format is None:
        render = _direct(c.render, c, table)
        if render is None:
            return None
    href = _direct(c.link.url, c, table) if c.link is not None else None
    if c.link is not None and href is None:
        return None
    empty, default, td = c.empty_values, c.default, f"<td {c.td_html}>"
    default_html = _html(default, context)
    empty_td = f"{td}{default_html}</td>"
    date_format, date_fast = c.date_format, c.date_fast
    plain = c.plain
    name = c.bound.name

    def generic(row: Any) -> str:  # planned again for the row's own table: the compiled cell may outlive this one
        row_table = row.table
        again = _plan(row_table, row_table.columns[name])
        return f"{td}{_html(_render(again, row, row_table, context, tz), context)}</td>"

    # The three cells below open alike (the record's class, the value, the empty test) and are written out each:
    # one more call per cell was a tenth of printing the rows.
    if plain and href is None:  # the common cell: a field's value, escaped
        autoescape = context.autoescape

        def field_cell(record: Any, row: Any) -> str:
            if type(record) is not model:
                return generic(row)
            try:
                value = get(record)
            except Exception:  # a missing related row: the generic path gives django-tables2's answer
                return generic(row)
            if value in empty:
                return empty_td
            if type(value) is str and autoescape:
                return f"{td}{escape_text(value)}</td>"
            return f"{td}{_html(value, context)}</td>"

        return field_cell

    if date_fast is not None and href is None and not any(ch in date_format for ch in "&<>\"'"):  # type: ignore[operator]
        # A date printed by the fast formatter: digits and the format's own punctuation, nothing to escape.
        def date_cell(record: Any, row: Any) -> str:
            if type(record) is not model:
                return generic(row)
            try:
                value = get(record)
            except Exception:  # a missing related row: the generic path gives django-tables2's answer
                return generic(row)
            if value in empty:
                return empty_td
            value = _localtime(value, context, tz)
            try:
                return f"{td}{date_fast(value)}</td>"  # type: ignore[misc]
            except TypeError:  # not a date of the format's kind: the date filter prints it
                return f"{td}{_html(mark_safe(_escape(date_filter(value, date_format) or default)), context)}</td>"  # noqa: S308

        return date_cell

    def cell(record: Any, row: Any) -> str:
        if type(record) is not model:
            return generic(row)
        try:
            value = get(record)
        except Exception:  # a missing related row: the generic path gives django-tables2's answer
            return generic(row)
        if value in empty:
            return empty_td
        if plain:
            content = value
        elif date_format is not None:
            value = _localtime(value, context, tz)
            try:
                text = date_fast(value) if date_fast else date_filter(value, date_format)
            except TypeError:
                text = date_filter(value, date_format)
            content = mark_safe(_escape(text or default))  # noqa: S308 (escaped here)
        else:
            content = render(value, record, row)  # type: ignore[misc]
        if href is not None:
            url = href(value, record, row)
            if url is not None:
                return f'{td}<a href="{_escape(url)}">{_escape(content)}</a></td>'
        return f"{td}{_html(content, context)}</td>"

    return cell


# The rows of a table as one generated function of the record (``_row_function``): the cells of ``_compile``
# written out one after the other, so that a row costs no call per cell. The source holds nothing but names made
# here and the model's field names (checked to be identifiers); every value it uses is passed in its namespace.
_NAME_KEYWORDS = {(): "", ("record",): "record=record", ("value",): "value=v",
                  ("value", "record"): "value=v, record=record", ("record", "value"): "value=v, record=record"}


def _inline_call(fn: Callable[..., Any], table: Any) -> tuple[Callable[..., Any], bool, str] | None:
    """How the generated row calls ``fn`` as ``_direct`` calls it: (the function, whether the row's table is its first
    argument, the keyword arguments' source); None when ``_direct`` would need the bound row or column."""
    args, catch_all = _signature(fn)
    keywords = _NAME_KEYWORDS.get(args)
    owner = getattr(fn, "__self__", None)
    if catch_all or keywords is None or (owner is not None and owner is not table):
        return None
    return (fn if owner is None else fn.__func__), owner is not None, keywords  # type: ignore[attr-defined]


def _value_source(c: _Column, model: Any, i: int, ns: dict[str, Any]) -> list[str] | None:
    """The statements that set ``v`` to the cell's value as ``_getter`` gives it, raising where it raises."""
    fields = _field_chain(model, c.bits)
    # ASCII identifiers only: Python reads other names in source normalised (NFKC), getattr does not.
    if not all(bit.isascii() and bit.isidentifier() and not keyword.iskeyword(bit) for bit in c.bits):
        return None
    if fields is None:
        if _getter(c, model) is None:
            return None
        # An annotation on the row, or no attribute at all (see _getter).
        return [f"v = getattr(record, {c.bits[0]!r}, None)", "if callable(v):", "    raise TypeError"]
    last = fields[-1]
    if not getattr(last, "choices", None):
        return ["v = record." + ".".join(c.bits)]  # what operator.attrgetter reads
    get = _getter(c, model)
    if get is None:
        return None
    display = _display_map(last.model, last, c.remainder)
    if len(c.bits) > 1 or display is None:
        ns[f"G{i}"] = get
        return [f"v = G{i}(record)"]
    # A choice of the record itself: its label by the display map, as _getter's ``show`` gives it.
    ns[f"S{i}"] = {key: force_str(label, strings_only=True) for key, label in display.items()}
    ns[f"SHOW{i}"] = get
    if not (last.attname.isascii() and last.attname.isidentifier() and not keyword.iskeyword(last.attname)):
        ns[f"G{i}"] = get
        return [f"v = G{i}(record)"]
    return [f"v = record.{last.attname}", "try:", f"    v = S{i}[v]", "except (KeyError, TypeError):", f"    v = SHOW{i}(record)"]


def _escaped(name: str) -> str:
    """The expression giving ``core.html.escape(<name>)``, with safe strings and plain text left as they are inline."""
    return (f"({name} if type({name}) is SAFE_STRING or (type({name}) is str and ({name}.isalnum() or SPECIAL({name}) is None)) "
            f"else ESCAPE({name}))")


def _inline_cell(c: _Column, table: Any, flags: _Flags, tz: Any, model: Any, i: int, ns: dict[str, Any]) -> list[str] | None:
    """The statements that set ``p<i>`` to the ``<td>`` the compiled cell of ``c`` gives (``_compile``), for the
    field, date and linked or rendered cells; None for any other (the row calls the cell itself then)."""
    if c.td_html is None or c.localize is not None or c.many_to_many or c.template is not None:
        return None
    if (c.link is not None and not c.simple_link) or isinstance(c.column, BaseLinkColumn):
        return None
    value = _value_source(c, model, i, ns)
    if value is None:
        return None
    render = href = None
    if not c.plain:
        if c.date_format is not None:
            if c.link is not None:
                return None
        elif (render := _inline_call(c.render, table)) is None:
            return None
    if c.link is not None and (href := _inline_call(c.link.url, table)) is None:
        return None
    td = f"<td {c.td_html}>"
    ns[f"T{i}"], ns[f"E{i}"] = td, c.empty_values
    ns[f"ET{i}"] = f"{td}{_html(c.default, flags)}</td>"
    lines = ["try:", *[f"    {line}" for line in value], "except Exception:", f"    p{i} = None",
             "else:", f"    if v in E{i}:", f"        p{i} = ET{i}"]
    if c.plain and href is None:
        if flags.autoescape:
            lines += ["    elif type(v) is str:",
                      f'        p{i} = f"{{T{i}}}{{v if v.isalnum() or SPECIAL(v) is None else ESCAPE_TEXT(v)}}</td>"']
        lines += ["    else:", f'        p{i} = f"{{T{i}}}{{HTML(v, FLAGS)}}</td>"']
        return lines
    if c.date_format is not None:
        spec = _date_spec(c.date_format)
        if c.date_fast is None or spec is None or any(ch in c.date_format for ch in "&<>\"'"):
            return None
        ns[f"F{i}"], ns[f"P{i}"], ns[f"K{i}"] = spec
        ns[f"FMT{i}"], ns[f"D{i}"] = c.date_format, c.default
        lines.append("    else:")
        if flags.local_times:  # _localtime
            lines += ["        if isinstance(v, DATETIME) and v.utcoffset() is not None and getattr(v, 'convert_to_local_time', True):",
                      "            v = v.astimezone(TZ)"]
        lines += [f"        if isinstance(v, K{i}):", f'            p{i} = f"{{T{i}}}{{F{i} % P{i}(v)}}</td>"',
                  "        else:",  # not a date of the format's kind: the date filter prints it
                  f'            p{i} = f"{{T{i}}}{{HTML(SAFE(ESCAPE(DATE_FILTER(v, FMT{i}) or D{i})), FLAGS)}}</td>"']
        return lines
    lines.append("    else:")
    if render is None:
        lines.append("        content = v")
    else:
        ns[f"R{i}"], method, keywords = render
        lines.append(f"        content = R{i}({', '.join(filter(None, ('table' if method else '', keywords)))})")
    # Joined with + rather than an f-string: formatting a SafeString calls its Python __str__.
    shown = "(content if type(content) is SAFE_STRING else HTML(content, FLAGS))"  # _html
    if href is None:
        lines.append(f'        p{i} = T{i} + {shown} + "</td>"')
        return lines
    ns[f"L{i}"], method, keywords = href
    lines += [f"        url = L{i}({', '.join(filter(None, ('table' if method else '', keywords)))})",
              "        if url is None:", f'            p{i} = T{i} + {shown} + "</td>"',
              "        else:", f'            p{i} = T{i} + \'<a href="\' + {_escaped("url")} + \'">\' + {_escaped("content")} + "</a></td>"']
    return lines


def _row_function(table: Any, plans: list[_Column], portable: list[bool], flags: _Flags, tz: Any) -> Callable[..., str | None] | None:
    """One function giving the ``<tr>`` of a record — ``fast(record, table, n, cells)``, ``n`` the row's counter,
    ``cells`` the table's cell functions — or None for a record of another class than the table's model (the row is
    then printed cell by cell). Columns that ``_inline_cell`` cannot write out, and any cell whose value lookup
    fails (a missing related row), are printed by their own cell function with the row. None when the table has
    no model."""
    model = getattr(table._meta, "model", None)
    if model is None:
        return None
    ns: dict[str, Any] = {
        "MODEL": model, "SPECIAL": _SPECIAL_SEARCH, "ESCAPE_TEXT": html.escape, "HTML": _html, "FLAGS": flags, "TZ": tz,
        "DATETIME": dt.datetime, "SAFE": mark_safe, "SAFE_STRING": SafeString, "ESCAPE": _escape, "DATE_FILTER": date_filter, "ROW": _bound_row,
    }
    body = ["def fast(record, table, n, cells):", "    if type(record) is not MODEL:", "        return None", "    row = None"]
    for i, c in enumerate(plans):
        lines = _inline_cell(c, table, flags, tz, model, i, ns) if portable[i] else None
        if lines is None:
            lines = [f"p{i} = None"]
        body += [f"    {line}" for line in lines]
        body += [f"    if p{i} is None:", "        if row is None:", "            row = ROW(record, table, n)",
                 f"        p{i} = cells[{i}](record, row)"]
    cells = ", ".join(f"p{i}" for i in range(len(plans)))
    body.append(f"    return ''.join(('<tr class=\"odd\">' if n % 2 else '<tr class=\"even\">', {cells}{', ' if cells else ''}'</tr>'))")
    exec("\n".join(body), ns)  # noqa: S102 (source made here of fixed text, indices and identifiers)
    return ns["fast"]  # type: ignore[no-any-return]


def _bound_row(record: Any, table: Any, counter: int) -> BoundRow:
    """The ``BoundRow`` of ``record`` with the row counter already taken (``BoundRow.__init__`` takes the next one)."""
    row = BoundRow.__new__(BoundRow)
    row._record, row._table, row.row_counter = record, table, counter
    row.cells = CellAccessor(row)
    return row


# Per table class and configuration: the portable compiled cells (None: planned per render) and the row function.
_compiled: dict[Any, tuple[list[Callable[[Any, Any], str] | None], Callable[..., str | None] | None]] = {}
_COMPILED_MAX = 512


def _cells_key(table: Any, columns: list[Any], column_attrs: list[Any], flags: _Flags, tz: Any) -> Any:
    """What the compiled cells of ``table`` depend on beyond its class: each column's name, kind, render and link
    functions, default, ``localize`` and ``<td>`` attributes (None, nothing remembered, when one is computed per cell
    or cannot be a key), the printing flags and the time zone."""
    table_td = dict(table.attrs).get("td", dict(table.attrs).get("cell", {}))
    parts: list[Any] = [type(table), flags.key(), tz]
    for bound, attrs in zip(columns, column_attrs, strict=True):
        column = bound.column
        td_source = dict(column.attrs).get("td", dict(column.attrs).get("cell", table_td))
        if _has_callables(td_source) or _has_callables(table_td):
            return None
        link = bound.link
        parts.append((bound.name, type(column), getattr(bound.render, "__func__", bound.render), bound.default,
                      bound.localize, getattr(link, "url", None), bool(getattr(link, "attrs", None)),
                      tuple(attrs["td"].items())))
    key = tuple(parts)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _cells(table: Any, columns: list[Any], column_attrs: list[Any], context: Any) -> tuple[list[Callable[[Any, Any], str]], Any]:
    """One function per column giving its ``<td>`` for a (record, row), and the row function of ``_row_function``
    (None when the configuration is not remembered). The compiled ones are remembered per table class and
    configuration (``_cells_key``): planning and compiling the columns — field lookups, display maps of the choices,
    date formats — cost a third of printing 50 rows. Columns left to the generic path are planned for this table on
    every render."""
    tz = get_current_timezone()
    flags = _Flags(context)
    key = _cells_key(table, columns, column_attrs, flags, tz)
    found = _compiled.get(key) if key is not None else None
    if found is None:
        plans = [_plan(table, bound, column_attrs[i]) for i, bound in enumerate(columns)]
        compiled = [_compile(c, table, flags, tz) for c in plans]
        fast = None
        if key is not None:
            if len(_compiled) >= _COMPILED_MAX:
                _compiled.clear()
            kept = [fn if fn is not None and _portable(c, table) else None for fn, c in zip(compiled, plans, strict=True)]
            fast = _row_function(table, plans, [fn is not None for fn in kept], flags, tz)
            _compiled[key] = (kept, fast)
        return [fn or functools.partial(_generic_cell, c, table, context, tz) for fn, c in zip(compiled, plans, strict=True)], fast
    kept, fast = found
    return [fn or functools.partial(_generic_cell, _plan(table, bound, column_attrs[i]), table, context, tz)
            for i, (fn, bound) in enumerate(zip(kept, columns, strict=True))], fast


@register.simple_tag(takes_context=True)
def table_rows(context: Any, table: Any, column_attrs: list[Any] | None = None, columns: list[Any] | None = None) -> SafeString:
    """The ``<tr>`` rows of the current page of ``table`` ("" when the page is empty); ``column_attrs`` and
    ``columns``: the ``attrs`` of each bound column and the bound columns, when the caller has them already."""
    columns = list(table.columns) if columns is None else columns
    cells, fast = _cells(table, columns, column_attrs or [bound.attrs for bound in columns], context)
    parts: list[str] = []
    append = parts.append
    rows = table.paginated_rows
    if fast is not None and not table.row_attrs and type(rows) is BoundRows and not any((rows.pinned_data or {}).values()):
        # BoundRows.__iter__ without the BoundRow of each record: the row function asks for one only when a cell
        # needs it. Each record takes the table's next row counter, as the BoundRow would have.
        counter = table._counter
        for record in rows.data:
            n = next(counter)
            row_html = fast(record, table, n, cells)
            append(row_html if row_html is not None else _row_html(_bound_row(record, table, n), cells))
        return mark_safe("".join(parts))  # noqa: S308 (every cell escaped by _html or the row function)
    for row in rows:
        if table.row_attrs:
            append(format_html("<tr {}>", _as_html(row.attrs)))
            record = row.record
            append("".join([cell(record, row) for cell in cells]))
            append("</tr>")
        else:
            append(_row_html(row, cells))
    return mark_safe("".join(parts))  # noqa: S308 (every cell escaped by _html, attrs by as_html)


def _row_html(row: Any, cells: list[Callable[[Any, Any], str]]) -> str:
    """The ``<tr>`` of a row without ``row_attrs`` (``BoundRow.attrs``: only the even/odd class), cell by cell."""
    record = row.record
    return "".join(['<tr class="odd">' if row.row_counter % 2 else '<tr class="even">', *[cell(record, row) for cell in cells], "</tr>"])


def _generic_cell(c: _Column, table: Any, context: Any, tz: Any, record: Any, row: Any) -> str:
    """One ``<td>`` by the generic path: every django-tables2 feature the compiled cells leave out."""
    cell = _render(c, row, table, context, tz)
    if c.td_html is None:
        c.bound.current_value, c.bound.current_record = cell, row.record
        td = _as_html(c.bound.attrs["td"])
    else:
        td = c.td_html
    localize = c.localize
    if localize is not None:
        from django.templatetags.l10n import localize as localize_filter
        from django.templatetags.l10n import unlocalize

        cell = localize_filter(cell) if localize else unlocalize(cell)
    return f"<td {td}>{_html(cell, context)}</td>"


def _as_html(attrs: Any) -> SafeString:
    """``attrs.as_html()``, by ``core.html.attrs_html`` for django-tables2's own ``AttributeDict``."""
    return attrs_html(attrs) if type(attrs) is AttributeDict else attrs.as_html()  # type: ignore[no-any-return]


def _attrs_html(attrs: Any, key: str) -> str:
    """``{{ table.attrs.<key>.as_html }}``: the attributes of that part, "" when the table gives none."""
    part: Any = attrs.get(key) if hasattr(attrs, "get") else None
    return _as_html(part) if hasattr(part, "as_html") else ""


def _links(params: dict[str, list[str]], key: str) -> Callable[[Any], str]:
    """``{% querystring_replace key=value %}`` — the current query string with one parameter set, escaped — as a
    function of the value, for the many links of one parameter (sort, page): the other parameters are encoded once,
    before and after the place ``key`` holds in the query string (its own place when present, the end when not, as
    setting it in the dict does)."""
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    side = before
    for name, values in params.items():
        if name == key:
            side = after
        else:
            side[name] = values
    head, tail = urlencode(before, doseq=True), urlencode(after, doseq=True)
    start = html.escape(f"?{head}&" if head else "?")
    end = html.escape(f"&{tail}") if tail else ""
    start += html.escape(quote_plus(key)) + "="

    def link(value: Any) -> str:
        # What urlencode does with one text (a sort link's OrderBy is one) or int value.
        if isinstance(value, str) or type(value) is int:
            text = str(value)
            if _URL_SAFE.match(text) is None:  # letters, digits and _.-~ are the same once quoted
                text = html.escape(quote_plus(text))
            return f"{start}{text}{end}"
        return html.escape("?" + "&".join(p for p in (head, urlencode({key: value}, doseq=True), tail) if p))

    return link


def _head(table: Any, params: dict[str, list[str]], context: Any, column_attrs: list[Any], columns: list[Any]) -> str:
    if not table.show_header:
        return ""
    sort_link = _links(params, table.prefixed_order_by_field)
    parts = [f"<thead {_attrs_html(table.attrs, 'thead')}><tr>"]
    for column, attrs in zip(columns, column_attrs, strict=True):
        header = _html(column.header, context)
        if column.orderable:
            header = f'<a href="{sort_link(column.order_by_alias.next)}">{header}</a>'
        parts.append(f'<th {_as_html(attrs["th"])} scope="col"> {header} </th>')
    parts.append("</tr></thead>")
    return "".join(parts)


def _foot(table: Any, context: Any, columns: list[Any]) -> str:
    """``Table.has_footer`` and the footer row, over the visible columns the caller has listed."""
    if not (table.show_footer and any(column.has_footer() for column in columns)):
        return ""
    cells = "".join(f'<td {_as_html(column.attrs["tf"])}>{_html(column.footer, context)}</td>' for column in columns)
    return f"<tfoot {_attrs_html(table.attrs, 'tfoot')}><tr>{cells}</tr></tfoot>"


def _pagination(table: Any, params: dict[str, list[str]], context: Any) -> str:
    """The ``pagination`` block of ``django_tables2/bootstrap5.html``."""
    page = getattr(table, "page", None)
    if not page or table.paginator.num_pages <= 1:
        return ""
    page_link = _links(params, table.prefixed_page_field)
    parts = ['<nav aria-label="Table navigation"><ul class="pagination justify-content-center">']
    if page.has_previous():
        parts.append(f'<li class="previous page-item"><a href="{page_link(page.previous_page_number())}" '
                     f'class="page-link"> <span aria-hidden="true">&laquo;</span> {conditional_escape(gettext("previous"))} </a></li>')
    if page.has_previous() or page.has_next():
        for p in table_page_range(page, table.paginator):
            active = " active" if page.number == p else ""
            href = f' href="{page_link(p)}"' if p != "..." else " "
            parts.append(f'<li class="page-item{active}"><a class="page-link"{href}> {_html(p, context)} </a></li>')
    if page.has_next():
        parts.append(f'<li class="next page-item"><a href="{page_link(page.next_page_number())}" '
                     f'class="page-link"> {conditional_escape(gettext("next"))} <span aria-hidden="true">&raquo;</span> </a></li>')
    parts.append("</ul></nav>")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def list_table(context: Any, table: Any) -> SafeString:
    """``{% render_table table %}`` of the list pages: what ``core/tables/table.html`` (``{% table_html table %}``)
    prints, printed in the page's own context. django-tables2's tag renders that template in a new
    ``RequestContext``, which ran every context processor a second time. As that tag does, the table sees the
    context it is printed in (``TemplateColumn``) and its ``before_render`` hook is called; a table with a template
    of its own is rendered by that template."""
    request = context.get("request")
    table.context = context
    try:
        table.before_render(request)
        if table.template_name != settings.DJANGO_TABLES2_TEMPLATE:
            return mark_safe(get_template(table.template_name).render({"table": table}, request))  # noqa: S308 (a template)
        return table_html(context, table)
    finally:
        del table.context


_empty_forms: dict[tuple[Any, ...], SafeString] = {}


def _same_when_empty(form: Any) -> bool:
    """Whether the form prints the same on every page where no filter is set: its class is shared
    (``ListFilterSet``: the fields cannot differ between instances), the query string holds none of its fields, and
    no field draws its options from the database (a model choice) or its initial value from a callable."""
    if not getattr(type(form), "static_fields", False) or form.prefix is not None or form.initial:
        return False
    names = list(form.fields)
    if any(key == name or key.startswith(f"{name}_") for key in form.data for name in names):
        return False
    return not any(isinstance(field, forms.ModelChoiceField) or callable(field.initial) for field in form.fields.values())


@register.simple_tag
def filter_fields(form: Any) -> SafeString:
    """The fields of a list page's filter form, each in its grid column with its label (``core/list.html``): the
    loop of the template, printed here — the label text escaped, the field as its widget renders it. A form with
    no filter set prints the same on every page of its list (``_same_when_empty``): that HTML is remembered."""
    key = (type(form), form.auto_id, form.is_bound, get_language()) if _same_when_empty(form) else None
    if key is not None and (found := _empty_forms.get(key)) is not None:
        return found
    parts = []
    for field in form:
        label_for = field.id_for_label
        parts.append(
            '<div class="col-12 col-sm-6 col-md-4 col-xl-3">'
            f'<label class="form-label" for="{_escape(label_for) if label_for is not None else "None"}">{_escape(field.label)}</label>'
            f"{conditional_escape(field)}</div>"
        )
    html = mark_safe("".join(parts))  # noqa: S308 (label and text escaped, the field rendered by its widget)
    if key is not None:
        if len(_empty_forms) > 500:
            _empty_forms.clear()
        _empty_forms[key] = html
    return html


@register.simple_tag(takes_context=True)
def table_html(context: Any, table: Any) -> SafeString:
    """The whole list table: what ``django_tables2/bootstrap5-responsive.html`` renders (header with sort links,
    body, footer, pagination), with the body from ``table_rows``, "暂无数据" for an empty page and the row count
    beside the pagination. The header and pagination links are built here instead of by ``querystring_replace``
    in the template engine: on a list page they were a fifth of the table's cost."""
    request = context.get("request")
    if request is None:
        raise ImproperlyConfigured("表格需要 request：请在模板设置中启用 django.template.context_processors.request")
    params = dict(request.GET.lists())
    attrs = AttributeDict({"class": "table"})
    attrs.update(table.attrs)
    columns = list(table.columns)  # the visible columns, listed once for the header, the cells and the footer
    column_attrs = [column.attrs for column in columns]
    rows = table_rows(context, table, column_attrs, columns) or (
        f'<tr><td colspan="{len(columns)}" class="text-center text-muted py-4">暂无数据</td></tr>'
    )
    return mark_safe(  # noqa: S308 (each part escapes what it prints)
        '<div class="table-container table-responsive">'
        f"<table {_as_html(attrs)}>{_head(table, params, context, column_attrs, columns)}<tbody {_attrs_html(table.attrs, 'tbody')}>{rows}</tbody>"
        f"{_foot(table, context, columns)}</table>"
        '<div class="d-flex align-items-center justify-content-between flex-wrap gap-2 small">'
        f'<span class="text-muted">共 {_html(table.paginator.count, context)} 条</span>{_pagination(table, params, context)}</div></div>'
    )
