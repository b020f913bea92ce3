"""The generated row function of a list table (core_tables._row_function) prints what django-tables2's stock template
prints, and what the table's cell functions print one by one, on the cases it writes out and on those it hands
back to the cells: a missing related row, a choice that is not one, a record of another class, a value of another
kind in a date column, a render function that asks for the bound row, a link that is None, characters HTML
escapes, autoescape off, USE_TZ off and another time zone."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from typing import Any

import django_tables2 as tables
import pytest
from django.template import Context, RequestContext
from django.test import override_settings
from django.utils import timezone
from django.utils.html import format_html
from django_tables2.rows import BoundRow

from core.templatetags import core_tables
from core.testing import valid_id_number
from core.tests.test_table_html import normalise, reference_html, table_fragment
from orgs.models import Region
from people.models import Person
from people.services import PersonInput, person_create

pytestmark = pytest.mark.django_db


class EdgeTable(tables.Table):
    name = tables.Column(linkify=lambda record: None if getattr(record, "name", "无链接") == "无链接" else f"/p/{record.pk}/?a=1&b=2")
    sex = tables.Column()
    region_name = tables.Column(accessor="region__name", verbose_name="区划")  # None region: the column's default
    creator = tables.Column(accessor="created_by__username", verbose_name="登记人")
    birth_date = tables.DateColumn(format="Y-m-d")
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")
    marked = tables.Column(empty_values=(), verbose_name="标记")  # an annotation, or nothing
    both = tables.Column(empty_values=(), verbose_name="值与记录")
    bound = tables.Column(empty_values=(), verbose_name="行号")
    plain_fn = tables.Column(empty_values=(), verbose_name="函数", linkify=lambda value, record: None)

    class Meta:
        model = Person
        fields = ("name", "sex", "birth_date", "created_at")

    def render_both(self, value: Any, record: Any) -> Any:
        return format_html("<i>{}</i>|{}", getattr(record, "name", "?"), value)

    def render_bound(self, bound_row: Any, record: Any) -> str:
        return f"第{bound_row.row_counter}行 <{getattr(record, 'pk', '-')}>"


@pytest.fixture
def people(personas: Any) -> list[Person]:
    region = Region.objects.order_by("code").first()
    found = []
    for i, name in enumerate(("张<三>&", "无链接", "李四")):
        person = person_create(actor=personas.owner, org=personas.office, data=PersonInput(
            name=name, id_number=valid_id_number(seq=f"{401 + i}"), region=region if i != 1 else None))
        found.append(person)
    Person.objects.filter(pk=found[2].pk).update(sex="Q", birth_date=None)  # not a choice; no birth date
    return found


def _queryset() -> Any:
    return Person.objects.select_related("region", "created_by").order_by("pk")


def _ours(table: tables.Table, request: Any) -> str:
    table._counter = itertools.count()
    return normalise(table_fragment(str(core_tables.table_html(RequestContext(request, {"request": request}), table))))


def _compare_with_stock(make: Any, request: Any) -> str:
    ours = _ours(make().paginate(per_page=10), request)
    assert ours == normalise(reference_html(make().paginate(per_page=10), request))
    return ours


def test_rows_of_a_queryset_print_as_the_stock_template(people, rf):
    core_tables._compiled.clear()
    request = rf.get("/people/")
    first = _compare_with_stock(lambda: EdgeTable(_queryset()), request)
    again = _compare_with_stock(lambda: EdgeTable(_queryset()), request)  # from the remembered row function
    assert first == again and len(core_tables._compiled) == 1 and core_tables._compiled[next(iter(core_tables._compiled))][1]
    assert "张&lt;三&gt;&amp;" in first and "?a=1&amp;b=2" in first and "<td>无链接</td>" in first
    assert "<td>Q</td>" in first and "<i>李四</i>|None" in first and "第1行 &lt;" in first
    assert first.count('<tr class="even">') == 2 and first.count('<tr class="odd">') == 1


def test_records_of_another_class_and_values_of_another_kind(people, rf):
    """A list with a dict among the model instances (printed cell by cell) and a string in a date column (the date
    filter prints it); annotations on some rows only, one of them callable (the accessor calls it)."""
    core_tables._compiled.clear()
    request = rf.get("/people/")

    def records() -> list[Any]:
        rows: list[Any] = list(_queryset())
        rows[0].marked = "已<标记>"
        rows[1].marked = lambda: "调用所得"
        rows[2].created_at = "2026-01-02"
        rows.insert(1, {"name": "字典", "sex": "M", "birth_date": dt.date(2000, 1, 2), "marked": 7})
        return rows

    ours = _compare_with_stock(lambda: EdgeTable(records()), request)
    assert "已&lt;标记&gt;" in ours and "调用所得" in ours and "字典" in ours and "2000-01-02" in ours


@pytest.mark.parametrize("case", ["autoescape_off", "no_time_zones", "other_time_zone"])
def test_the_row_function_prints_what_the_cells_print(people, monkeypatch, case):
    """Under every printing configuration the generated rows equal the cell functions' rows (the path without
    the row function)."""
    context = Context({}, autoescape=case != "autoescape_off")

    def rows() -> str:
        core_tables._compiled.clear()
        return str(core_tables.table_rows(context, EdgeTable(_queryset())))

    def both() -> tuple[str, str]:
        fast = rows()
        with monkeypatch.context() as m:
            m.setattr(core_tables, "_row_function", lambda *args: None)
            slow = rows()
        return fast, slow

    if case == "no_time_zones":
        with override_settings(USE_TZ=False):
            Person.objects.update(created_at=dt.datetime(2026, 3, 4, 5, 6))
            fast, slow = both()
            assert "2026-03-04 05:06" in fast
    elif case == "other_time_zone":
        with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
            fast, slow = both()
        local = timezone.localtime(people[0].created_at, zoneinfo.ZoneInfo("America/New_York"))
        assert local.strftime("%Y-%m-%d %H:%M") in fast
    else:
        fast, slow = both()
        assert '<a href="/p/' in fast and "张&lt;三&gt;&amp;" in fast  # a link escapes its text (format_html)
        assert "行 <" in fast  # the rest is printed as it is
    assert fast == slow


def test_a_row_made_on_demand_is_the_row_django_tables2_makes(people):
    table = EdgeTable(_queryset())
    record = people[0]
    stock = BoundRow(record, table=table)
    made = core_tables._bound_row(record, table, stock.row_counter)
    assert made.__dict__.keys() == stock.__dict__.keys()
    assert (made.record, made.table, made.row_counter) == (record, table, stock.row_counter)
    assert [str(cell) for cell in made] == [str(cell) for cell in stock]


def test_each_row_takes_the_table_s_next_counter(people):
    table = EdgeTable(_queryset())
    core_tables.table_rows(Context({}), table)
    assert next(table._counter) == len(people)  # as iterating the BoundRows would have left it
