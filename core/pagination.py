"""Pagination of the list tables: one page of rows and the number of all rows in a single query.

Django's ``Paginator`` asks the database twice for a page — a ``COUNT(*)`` to validate the page number, then the
page's rows. ``ListPaginator`` reads the page first, with the total on every row, and validates the number
afterwards. The total is a scalar subquery, ``(SELECT COUNT(*) … same filter …)``, which the database evaluates once
and answers from the index of the filter; grouped rows are counted by a window function (``COUNT(*) OVER ()``,
over the groups before ``LIMIT``), which would otherwise cost more — the database then builds and sorts every
matching row in full rather than keeping the page's rows only. It falls back to Django's two queries wherever that
would not give the same answer (``DISTINCT``, where either would count the duplicates; a combined query; orphans;
pinned rows; a filter on a window function; data that is not a queryset). The rows of the
page are model instances built without ``Model.__init__`` (``FastModelIterable``): for a wide model read with
``only()``, building 50 instances field by field cost more than the query itself."""

from __future__ import annotations

import datetime as dt
import inspect
import itertools
import uuid
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, ForeignKey, IntegerField, Model, QuerySet, Value, Window
from django.db.models.base import ModelState
from django.db.models.expressions import Col
from django.db.models.lookups import Lookup
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.signals import post_init, pre_init
from django.db.models.sql.constants import INNER
from django.db.models.sql.datastructures import Join
from django.db.models.sql.where import WhereNode

from core.expressions import CompiledSQL

# The window's alias: read back from the first row, then removed from the instances.
TOTAL = "list_total_rows"
# One window expression for every grouped page, its identity (which the compiler hashes) worked out once.
_TOTAL_WINDOW = Window(Count("*"))
hash(_TOTAL_WINDOW)
_NO_ROWS = Value(0, output_field=IntegerField())


class _RowCount(Count):
    """``COUNT(*)`` for the page total, resolved once for every query: it names no column, so resolving it against
    a query (``Aggregate.resolve_expression``: a copy, the ``*`` resolved to itself, no aggregate inside, no
    default) gives the same expression each time — which cost a quarter of building the total."""

    def __init__(self) -> None:
        super().__init__("*")

    def resolve_expression(self, *args: Any, **kwargs: Any) -> _RowCount:
        return self


_ROW_COUNT = _RowCount()


def _total(qs: QuerySet) -> Any:
    """The expression that gives every row of the page the number of rows of ``qs``: ``COUNT(*)`` of the same
    filter in a scalar subquery (without the ordering, the selected columns or ``select_related``), or the window
    when the rows are groups (an aggregate annotation or an explicit ``GROUP BY``), which the subquery would count
    as the rows before grouping."""
    query = qs.query
    if query.group_by is not None or any(getattr(a, "contains_aggregate", False) for a in query.annotations.values()):
        return _TOTAL_WINDOW
    counted = query.chain()
    counted.clear_ordering(force=True)
    counted.clear_select_clause()  # also drops select_related and the annotations from the selected columns
    _drop_count_neutral_joins(counted)
    counted.add_annotation(_ROW_COUNT, "n")  # an aggregate with no GROUP BY: one row, 0 when nothing matches
    try:
        sql, params = counted.get_compiler(qs.db).as_sql()
    except EmptyResultSet:  # a filter that matches nothing (``none()``): the page query finds no row either
        return _NO_ROWS
    # Compiled here and placed as SQL: the outer query has nothing to rename in it (it refers to none of the
    # outer query's tables), which Django's Subquery would work out on every page.
    return _CountSQL(sql, params, output_field=IntegerField())


def _where_aliases(node: Any) -> set[str] | None:
    """The table aliases the WHERE clause ``node`` names, when it is made only of conditions on columns (lookups
    of a column against values or a compiled subquery); None when any part could name a table otherwise (raw SQL,
    a function, a subquery of the ORM)."""
    if isinstance(node, Col):
        return {node.alias}
    if isinstance(node, CompiledSQL):
        return set()  # a whole SELECT of its own, naming only its own tables
    if not isinstance(node, WhereNode | Lookup):
        return None
    found: set[str] = set()
    for child in node.get_source_expressions():
        if child is None or not hasattr(child, "resolve_expression"):
            continue  # a plain value
        names = _where_aliases(child)
        if names is None:
            return None
        found |= names
    return found


def _drop_count_neutral_joins(query: Any) -> None:
    """Leaves out of a count the joins that cannot change it: those no condition names, made for the page's
    columns only (``org_short_name=F("org__short_name")``), INNER along a foreign key that is never null and that
    the database enforces — each row meets exactly one row there. On a county's page that join was half the
    cost of counting. (A row pointing at a row that no longer exists — possible only with the constraint checks
    switched off outside Django — would be counted but not listed; a data scope by org already leaves it out.)"""
    used = _where_aliases(query.where)
    if used is None or query.extra or query.extra_tables:
        return
    refcount, alias_map = query.alias_refcount, query.alias_map
    changed = True
    while changed:  # from the end of a chain of such joins inwards
        changed = False
        parents = {join.parent_alias for alias, join in alias_map.items() if refcount[alias] and isinstance(join, Join)}
        for alias, join in alias_map.items():
            field = getattr(join, "join_field", None)
            if (refcount[alias] and isinstance(join, Join) and alias not in used and alias not in parents
                    and join.join_type == INNER and not join.nullable and join.filtered_relation is None
                    and isinstance(field, ForeignKey) and not field.null and getattr(field, "db_constraint", False)):
                refcount[alias] = 0
                changed = True


class _CountSQL(CompiledSQL):
    """The compiled ``COUNT(*)`` subquery: an int from every backend, so no converter runs on each row (an
    ``IntegerField`` expression's ``convert_value`` calls ``int()``; Django drops a value set on the instance
    whenever it copies the expression)."""

    convert_value = staticmethod(CompiledSQL._convert_value_noop)  # type: ignore[attr-defined]

_plain_builders: dict[tuple[type[Model], tuple[str, ...]], bool] = {}


def _can_build_plainly(model: type[Model], attnames: tuple[str, ...]) -> bool:
    """Whether an instance of ``model`` loaded with these columns may be built by filling its ``__dict__``: what
    ``Model.from_db`` → ``Model.__init__`` would do for it, when neither is overridden, no ``pre_init``/``post_init``
    receiver listens (an ``ImageField`` with dimension fields does) and no column is set through a descriptor."""
    key = (model, attnames)
    found = _plain_builders.get(key)
    if found is None:
        found = (
            model.__init__ is Model.__init__
            and getattr(model.from_db, "__func__", None) is Model.from_db.__func__  # type: ignore[attr-defined]
            and not pre_init.has_listeners(model)
            and not post_init.has_listeners(model)
            and not any(hasattr(type(inspect.getattr_static(model, name, None)), "__set__") for name in attnames)
        )
        _plain_builders[key] = found
    return found


class FastModelIterable(ModelIterable):
    """``ModelIterable`` whose instances are built as ``Model.from_db`` builds them — the loaded columns as
    attributes, deferred ones absent, ``_state`` not adding and bound to the database — without the per-field loop of
    ``Model.__init__`` (see ``_can_build_plainly``; models that do not qualify are built by ``from_db``). Rows of a
    ``select_related`` query or with known related objects go through Django's own iterable."""

    # An annotation read from the first row onto the queryset (``_page_total``) instead of onto each instance.
    total_alias: str | None = None

    def __iter__(self) -> Iterator[Any]:
        queryset = self.queryset
        if queryset._known_related_objects or queryset.query.select_related:  # type: ignore[attr-defined]
            yield from ModelIterable(queryset, self.chunked_fetch, self.chunk_size)
            return
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
        model_cls = klass_info["model"]
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        init_list = tuple(f[0].target.attname for f in select[start:end])
        populators = get_related_populators(klass_info, select, db)  # type: ignore[call-arg]  # Django 5.2's signature
        if populators or not _can_build_plainly(model_cls, init_list):
            build = None
        else:
            build = model_cls.__new__
        annotations = [(name, position) for name, position in (annotation_col_map or {}).items() if name != self.total_alias]
        total_at = (annotation_col_map or {}).get(self.total_alias) if self.total_alias else None
        plan = _conversion_plan(compiler)
        connection = compiler.connection
        for raw in itertools.chain.from_iterable(results):
            # compiler.results_iter: each column's converters applied, in this loop (Django runs a generator per row).
            if plan:
                row = list(raw)
                for position, functions, expression in plan:
                    value = row[position]
                    for fn in functions:
                        value = fn(value, expression, connection)
                    row[position] = value
            else:
                row = raw
            if total_at is not None:  # the same on every row: read from the first, kept on the queryset
                queryset._page_total = row[total_at]  # type: ignore[attr-defined]
                total_at = None
            if build is None:
                obj = model_cls.from_db(db, list(init_list), row[start:end])
            else:
                obj = build(model_cls)
                state = ModelState()
                state.adding, state.db = False, db
                values = obj.__dict__
                values["_state"] = state
                values.update(zip(init_list, row[start:end], strict=True))
            for name, position in annotations:
                setattr(obj, name, row[position])
            yield obj


class _PageIterable(FastModelIterable):
    """The rows of a ``ListPaginator`` page: the total of every row read once, not set on the instances."""

    total_alias = TOTAL


def _conversion_plan(compiler: Any) -> list[tuple[int, tuple[Any, ...], Any]]:
    """(position, converters, expression) of each column that has converters (``compiler.get_converters``), with
    the faster ones of ``_fast_converter`` and without those that cannot change what SQLite gives."""
    connection = compiler.connection
    fields = [s[0] for s in compiler.select[0:compiler.col_count]]
    plan = []
    for position, (functions, expression) in compiler.get_converters(fields).items():
        kept = tuple(fast for fn in functions if (fast := _fast_converter(fn, connection, expression)) is not None)
        if kept:
            plan.append((position, kept, expression))
    return plan


_new_object, _set_slot = object.__new__, object.__setattr__
_UUID_SAFETY_UNKNOWN = uuid.SafeUUID.unknown


def _fast_converter(fn: Any, connection: Any, expression: Any = None) -> Any:
    """The SQLite backend's converters for what the database holds, with anything else passed to Django's own (any
    other converter as it is):

    - datetimes: the ``datetime`` the sqlite3 module has parsed gets the connection's time zone, as
      ``convert_datetimefield_value`` gives it, with that function's checks (setting, type, awareness) taken once
      per query instead of once per value;
    - UUIDs: 32 hex digits become the ``uuid.UUID`` they spell;
    - dates: a ``date`` passes as it is — and for a column declared ``date`` no converter at all (None): the
      sqlite3 module has already made it a ``date`` or None (Django's ``decoder(parse_date)``)."""
    if connection.vendor != "sqlite":
        return fn
    ops = connection.ops
    if fn == ops.convert_datetimefield_value:
        if not settings.USE_TZ:
            return fn
        slow_datetime, tz = fn, connection.timezone

        def aware(value: Any, expression: Any, conn: Any) -> Any:
            if type(value) is dt.datetime and value.tzinfo is None:
                return value.replace(tzinfo=tz)
            return value if value is None else slow_datetime(value, expression, conn)

        return aware
    if fn == ops.convert_uuidfield_value:
        slow_uuid = fn

        def uuid_value(value: Any, expression: Any, conn: Any) -> Any:
            # What uuid.UUID(value) builds from 32 hex digits: its int, is_safe unknown (uuid.UUID.__init__).
            if type(value) is str and len(value) == 32:
                try:
                    number = int(value, 16)
                except ValueError:
                    return slow_uuid(value, expression, conn)
                if number >= 0:
                    found = _new_object(uuid.UUID)
                    _set_slot(found, "int", number)
                    _set_slot(found, "is_safe", _UUID_SAFETY_UNKNOWN)
                    return found
            return slow_uuid(value, expression, conn)

        return uuid_value
    if fn == ops.convert_datefield_value:
        if isinstance(expression, Col) and expression.target.db_type(connection) == "date":
            return None
        slow_date = fn

        def date_value(value: Any, expression: Any, conn: Any) -> Any:
            return value if type(value) is dt.date else slow_date(value, expression, conn)

        return date_value
    return fn


def _queryset_of(object_list: Any) -> QuerySet | None:
    """The queryset behind a table's ``BoundRows`` when the one-query page applies to it, else None."""
    if any((getattr(object_list, "pinned_data", None) or {}).values()):
        return None
    data = getattr(object_list, "data", None)
    qs = getattr(data, "data", None)
    if not isinstance(qs, QuerySet) or qs._iterable_class is not ModelIterable:  # type: ignore[attr-defined]
        return None
    query = qs.query
    if query.distinct or query.combinator or query.is_sliced:
        return None
    if query.where.contains_over_clause:  # a filter on a window function (QUALIFY): counted by Django's own query
        return None
    return qs


class ListPaginator(Paginator):
    """The paginator of every list table (``ScopedListView``): the page's rows and the total in one query, the
    rows as ``FastModelIterable`` builds them; the same pages, counts and errors as Django's ``Paginator``."""

    def page(self, number: Any) -> Page:
        qs = _queryset_of(self.object_list)
        if qs is None or self.orphans:
            return super().page(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        # qs.annotate(list_total_rows=…)[bottom:top], on one copy of the query: the total is no aggregate (nothing
        # to group) and its name is the paginator's own, so annotate()'s checks have nothing to find.
        page_qs = qs._chain()  # type: ignore[attr-defined]
        page_qs.query.add_annotation(_total(qs), TOTAL)
        page_qs.query.set_limits(bottom, bottom + self.per_page)
        page_qs._iterable_class = _PageIterable
        records = list(page_qs)
        if records:
            total = page_qs.__dict__.get("_page_total")
            if total is None:  # built by Django's own iterable (select_related): the total is on each instance
                total = records[0].__dict__[TOTAL]
                for record in records:
                    del record.__dict__[TOTAL]
            self._set_count(total)
        elif number == 1 and self.allow_empty_first_page:
            self._set_count(0)  # nothing to list: the empty first page
        else:
            # No row at this offset: the number is past the last page (Django's page raises EmptyPage after counting)
            # or the rows changed between the two reads; either way Django's own page answers.
            return super().page(number)
        bound_rows: Any = self.object_list
        return self._get_page(type(bound_rows)(records, table=bound_rows.table), number, self)  # type: ignore[attr-defined]

    def _set_count(self, count: int) -> None:
        """The total, as ``count`` (a cached property) and as the table data's length, so that neither asks again."""
        self.__dict__["count"] = count
        bound_rows: Any = self.object_list
        bound_rows.data._length = count
