"""``ListPaginator`` gives the pages of Django's ``Paginator`` with one query less, and ``FastModelIterable`` the
instances of Django's ``ModelIterable`` (core/pagination.py)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.db.models.signals import post_init
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django_tables2 import RequestConfig

from core.pagination import TOTAL, FastModelIterable, ListPaginator
from core.testing import valid_id_number
from orgs.models import Org
from people.models import Person
from people.services import PersonInput, person_create

pytestmark = pytest.mark.django_db


class OrgNames(tables.Table):
    name = tables.Column()

    class Meta:
        model = Org
        fields = ("code", "name")


def _page(qs: Any, query: str, paginator: type[Paginator], per_page: int = 3) -> tuple[Any, int]:
    """The configured table for ``?<query>`` and the number of queries its pagination took."""
    request = RequestFactory().get(f"/?{query}")
    table = OrgNames(qs)
    with CaptureQueriesContext(connection) as queries:
        RequestConfig(request, paginate={"per_page": per_page, "paginator_class": paginator}).configure(table)
        codes = [row.record.code for row in table.paginated_rows]
    return (table, codes), len(queries)


def _same_pages(qs: Any, query: str, per_page: int = 3) -> int:
    """Both paginators agree on ``?<query>``; returns the queries ListPaginator took."""
    (ours, our_codes), our_queries = _page(qs, query, ListPaginator, per_page)
    (stock, stock_codes), _ = _page(qs, query, Paginator, per_page)
    assert our_codes == stock_codes, query
    assert (ours.paginator.count, ours.paginator.num_pages, ours.page.number) == (
        stock.paginator.count, stock.paginator.num_pages, stock.page.number), query
    assert (ours.page.has_next(), ours.page.has_previous(), ours.page.start_index(), ours.page.end_index()) == (
        stock.page.has_next(), stock.page.has_previous(), stock.page.start_index(), stock.page.end_index()), query
    assert len(ours.rows) == stock.paginator.count  # the table's own length is the total, asked no more
    return our_queries


def test_every_page_is_django_s_page_in_one_query(personas):
    qs = Org.objects.order_by("code")
    assert qs.count() == 7
    for query, queries in [("", 1), ("page=2", 1), ("page=3", 1), ("page=1&per_page=3", 1)]:
        assert _same_pages(qs, query) == queries, query
    # Past the last page, page 0 and a non-number: the silent RequestConfig shows the last or the first page, as
    # with Django's paginator (a page past the end is found empty, then counted).
    for query in ("page=9", "page=0", "page=x", "page=-1"):
        _same_pages(qs, query)


def test_the_total_is_not_left_on_the_rows(personas):
    """Neither on rows built by FastModelIterable nor on those Django's own iterable builds (select_related)."""
    for qs in (Org.objects.order_by("code"), Org.objects.select_related("region").order_by("code")):
        (table, _), _ = _page(qs, "", ListPaginator)
        records = [row.record for row in table.paginated_rows]
        assert records and not any(hasattr(record, TOTAL) for record in records)
        assert table.paginator.count == 7


def test_empty_results_and_grouped_rows(personas):
    assert _same_pages(Org.objects.filter(code="none").order_by("code"), "") == 1
    assert _same_pages(Org.objects.none().order_by("code"), "") == 0  # nothing to count: no query at all
    _same_pages(Org.objects.filter(pk__in=[]).order_by("code"), "page=2")
    _same_pages(Org.objects.filter(code="none").order_by("code"), "page=2")
    # Aggregate annotations group the rows: the window counts the groups, not the joined rows.
    grouped = Org.objects.annotate(n_members=Count("memberships")).order_by("code")
    assert _same_pages(grouped, "page=2") == 1
    (table, _), _ = _page(grouped, "", ListPaginator)
    assert [row.record.n_members for row in table.paginated_rows] == [o.n_members for o in grouped[:3]]


def test_the_total_is_counted_in_a_subquery_of_the_same_filter(personas):
    """A filtered page counts its rows with ``(SELECT COUNT(*) …)`` of the same filter: the database keeps only the
    page's rows while sorting instead of building every matching row for a window. Grouped rows keep the window."""
    filtered = Org.objects.exclude(code__endswith="001").annotate(region_name=F("region__name")).order_by("code")
    assert 2 < filtered.count() < Org.objects.count()
    for query in ("", "page=2", "page=9"):
        _same_pages(filtered, query, per_page=2)
    with CaptureQueriesContext(connection) as queries:
        _page(filtered, "page=2", ListPaginator, per_page=2)
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "(SELECT COUNT(*)" in sql and " OVER " not in sql and sql.count("ORDER BY") == 1  # the count is not sorted
    grouped = Org.objects.annotate(n_members=Count("memberships")).order_by("code")
    with CaptureQueriesContext(connection) as queries:
        _page(grouped, "", ListPaginator)
    assert " OVER " in queries.captured_queries[0]["sql"]


def test_a_filter_on_a_window_function_is_counted_by_django(personas):
    """Rows filtered on a window (``QUALIFY``) cannot be counted by a subquery of the same filter."""
    ranked = Org.objects.annotate(rank=Window(RowNumber(), order_by="code")).filter(rank__lte=4).order_by("code")
    assert _same_pages(ranked, "", per_page=3) == 2
    assert _same_pages(ranked, "page=2", per_page=3) == 2


def test_distinct_rows_are_counted_by_django(personas):
    """With DISTINCT a window would count the duplicates: Django's count query is used."""
    doubled = Org.objects.filter(memberships__isnull=False).distinct().order_by("code")
    assert _same_pages(doubled, "", per_page=2) == 2


def test_fast_instances_equal_django_s(personas):
    for i, seq in enumerate(("301", "302")):
        person_create(actor=personas.owner, org=personas.office, data=PersonInput(name=f"测试{i}", id_number=valid_id_number(seq=seq)))
    only = ("uuid", "name", "birth_date", "created_at", "org")
    stock = list(Person.objects.only(*only).annotate(n=Count("pk")).order_by("pk"))
    fast_qs = Person.objects.only(*only).annotate(n=Count("pk")).order_by("pk")
    fast_qs._iterable_class = FastModelIterable
    fast = list(fast_qs)
    assert len(fast) == len(stock) == 2
    for a, b in zip(fast, stock, strict=True):
        assert type(a) is Person
        assert {k: v for k, v in a.__dict__.items() if k != "_state"} == {k: v for k, v in b.__dict__.items() if k != "_state"}
        assert (a._state.adding, a._state.db) == (b._state.adding, b._state.db) == (False, "default")
        assert a.get_deferred_fields() == b.get_deferred_fields()
        assert (a.created_at.tzinfo, a.created_at.utcoffset()) == (b.created_at.tzinfo, b.created_at.utcoffset())
        assert a.phone == b.phone and a.org == b.org  # a deferred field and a relation load on access
    fast[0].name = "改名"
    fast[0].save(update_fields=["name"])
    assert Person.objects.get(pk=fast[0].pk).name == "改名"


def test_models_that_need_their_init_are_built_by_django(personas):
    seen: list[Any] = []

    def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append(instance)

    post_init.connect(receiver, sender=Org)
    try:
        qs = Org.objects.order_by("code")
        qs._iterable_class = FastModelIterable
        rows = list(qs)
    finally:
        post_init.disconnect(receiver, sender=Org)
    assert seen == rows and len(rows) == 7
    # Rows with select_related: Django's iterable fills the related instances.
    qs = Org.objects.select_related("region").order_by("code")
    qs._iterable_class = FastModelIterable
    with CaptureQueriesContext(connection) as queries:
        names = [o.region.name for o in qs]
    assert len(queries) == 1 and names == [o.region.name for o in Org.objects.select_related("region").order_by("code")]


def test_list_tables_start_in_the_queryset_s_own_order(personas, login):
    """Without an explicit ``order_by`` the table starts unordered (the model's default order, no column marked);
    a selector's explicit ordering is shown on its column, as django-tables2 reads it back."""
    for i, seq in enumerate(("311", "312", "313")):
        person_create(actor=personas.owner, org=personas.office, data=PersonInput(name=f"排序{i}", id_number=valid_id_number(seq=seq)))
    response = login(personas.owner).get("/people/")
    table = response.context["table"]
    assert not table.order_by
    assert [row.record.name for row in table.paginated_rows] == ["排序2", "排序1", "排序0"]  # newest first (Meta.ordering)
    assert 'class="orderable asc"' not in response.content.decode() and 'class="orderable desc"' not in response.content.decode()
    users = login(personas.sysadmin).get("/accounts/users/").context["table"]
    assert tuple(users.order_by) == ("username",)  # accounts.selectors orders by username: shown on that column
    assert users.columns["username"].is_ordered


def test_the_faster_converters_give_django_s_values():
    """A UUID column's 32 hex digits become the UUID Django builds (equal, same hash, text and pickle); anything
    else — hyphenated text, None, a bad value — goes to Django's converter, with its error; a date column's
    ``date`` passes as it is, other values are converted by Django."""
    import datetime as dt
    import pickle
    import uuid

    from core.pagination import _fast_converter

    ops = connection.ops
    if connection.vendor != "sqlite":  # the driver gives UUIDs and dates: any converter is left as it is
        assert _fast_converter(ops.convert_durationfield_value, connection) == ops.convert_durationfield_value
        return
    to_uuid = _fast_converter(ops.convert_uuidfield_value, connection)
    to_date = _fast_converter(ops.convert_datefield_value, connection)
    assert to_uuid is not ops.convert_uuidfield_value
    for text in ("0123456789abcdef0123456789ABCDEF", "00000000000000000000000000000000", uuid.uuid4().hex):
        fast, stock = to_uuid(text, None, connection), uuid.UUID(text)
        assert type(fast) is uuid.UUID and fast == stock and hash(fast) == hash(stock) and str(fast) == str(stock)
        assert fast.is_safe is stock.is_safe and pickle.loads(pickle.dumps(fast)) == stock
    assert to_uuid("01234567-89ab-cdef-0123-456789abcdef", None, connection) == uuid.UUID("0123456789abcdef0123456789abcdef")
    assert to_uuid(None, None, connection) is None
    for bad in ("0123456789abcdef0123456789abcdeg", "-123456789abcdef0123456789abcdef"):
        with pytest.raises(ValueError):
            to_uuid(bad, None, connection)
    day = dt.date(2026, 12, 4)
    assert to_date(day, None, connection) is day and to_date(None, None, connection) is None
    assert to_date("2026-12-04", None, connection) == day
    # A column declared ``date`` comes parsed by the sqlite3 module: no converter at all.
    birth = Person._meta.get_field("birth_date")
    assert _fast_converter(ops.convert_datefield_value, connection, birth.get_col("people_person")) is None


def test_computed_dates_are_still_converted(personas):
    """A date the database computes (no declared column type: SQLite gives text) becomes a ``date`` as with
    Django's own iterable."""
    from django.db.models import DateField
    from django.db.models.functions import Cast

    person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="日期", id_number=valid_id_number(seq="521")))
    qs = Person.objects.annotate(day=Cast("created_at", DateField())).only("birth_date", "created_at").order_by("pk")
    stock = [(p.birth_date, p.day) for p in qs]
    fast_qs = qs.all()
    fast_qs._iterable_class = FastModelIterable
    fast = [(p.birth_date, p.day) for p in fast_qs]
    assert fast == stock and all(type(day) is type(s_day) for (_, day), (_, s_day) in zip(fast, stock, strict=True))


def test_the_page_total_needs_no_converter(personas):
    from core.pagination import _total

    total = _total(Person.objects.all())
    assert total.get_db_converters(connection) == [] and total.copy().get_db_converters(connection) == []
    page = Person.objects.annotate(**{TOTAL: total})
    assert page.query.annotations[TOTAL].get_db_converters(connection) == []  # the copy the query holds


def test_the_row_count_compiles_as_django_s_count_star(personas):
    """The once-resolved ``COUNT(*)`` of the page total gives the SQL that ``Count("*")`` resolved per query gives."""
    from core.pagination import _ROW_COUNT

    def counted(expression: Any) -> tuple[str, tuple[Any, ...]]:
        query = Person.objects.visible_to(personas.supervisor, "view").filter(name__startswith="张").query.chain()
        query.clear_ordering(force=True)
        query.clear_select_clause()
        query.add_annotation(expression, "n")
        return query.get_compiler("default").as_sql()

    assert counted(_ROW_COUNT) == counted(Count("*"))
    assert _ROW_COUNT.resolve_expression(None) is _ROW_COUNT and _ROW_COUNT.contains_aggregate


def test_the_count_leaves_out_joins_that_cannot_change_it(personas):
    """A join made only for a column (the registering org's short name) is left out of the count; joins that a
    condition names, that may hold no row or several, or conditions the count cannot see into, keep theirs — and
    every count is Django's."""
    from django.db.models.functions import Lower

    from core.pagination import _total
    from orgs.models import Region

    region = Region.objects.order_by("code").first()
    for i, name in enumerate(("计数甲", "计数乙", "计数丙")):
        person_create(actor=personas.owner, org=personas.office,
                      data=PersonInput(name=name, id_number=valid_id_number(seq=f"{531 + i}"), region=region if i else None))
    base = Person.objects.visible_to(personas.supervisor, "view")
    cases = {
        "column only": (base.annotate(short=F("org__short_name")), False),
        "condition on the join": (base.annotate(short=F("org__short_name")).filter(org__name__startswith="西屯"), True),
        "nullable join": (base.annotate(region_name=F("region__name")), True),
        "function in the condition": (base.annotate(short=F("org__short_name")).filter(name__in=["计数甲"]).annotate(
            low=Lower("name")).filter(low__startswith="计"), True),
        "rows of another table": (Org.objects.annotate(member=F("memberships__id")), True),
    }
    for label, (qs, joined) in cases.items():
        sql = _total(qs).sql
        assert (" JOIN " in sql) is joined, label
        with connection.cursor() as cursor:
            cursor.execute(sql, _total(qs).params)
            assert cursor.fetchone()[0] == qs.count(), label
