"""The compiled cells of a list table are remembered per table class and configuration (core_tables._cells) and
serve later tables of the class with those tables' own methods and attributes."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
import pytest
from django.template import Context

from core.templatetags import core_tables
from orgs.models import Org

pytestmark = pytest.mark.django_db


class Labelled(tables.Table):
    name = tables.Column(linkify=lambda record: f"/orgs/{record.pk}/")
    code = tables.Column(attrs={"td": {"class": "code"}})
    label = tables.Column(empty_values=(), orderable=False)

    class Meta:
        model = Org
        fields = ("name", "code")

    def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label = label

    def render_label(self, record: Org) -> str:
        return f"{self.label}:{record.code}"


def _rows(table: tables.Table) -> str:
    return str(core_tables.table_rows(Context({}), table))


def test_a_second_table_reuses_the_compiled_cells_with_its_own_state(personas, monkeypatch):
    core_tables._compiled.clear()
    orgs = Org.objects.order_by("code")
    first = _rows(Labelled(orgs, label="甲"))
    compiled: list[Any] = []
    original = core_tables._compile
    monkeypatch.setattr(core_tables, "_compile", lambda *a: compiled.append(a) or original(*a))
    second = _rows(Labelled(orgs.filter(code__startswith="150402"), label="乙"))
    assert compiled == []  # served from the remembered cells
    assert "甲:150400" in first and "乙:" not in first
    assert "乙:150402001" in second and "甲:" not in second  # render_label ran on the second table
    assert f'<td class="code">{personas.office.code}</td>' in second
    assert f'<a href="/orgs/{personas.office.pk}/">{personas.office.name}</a>' in second


def test_other_cell_attributes_compile_anew(personas):
    core_tables._compiled.clear()
    orgs = Org.objects.order_by("code")
    plain = _rows(Labelled(orgs))
    striped = _rows(Labelled(orgs, attrs={"td": {"class": "striped"}}))
    assert '<td class="striped">' in striped and '<td class="striped">' not in plain
    assert len(core_tables._compiled) == 2
    # Callable attributes are computed for each cell, never remembered.
    per_cell = _rows(Labelled(orgs, attrs={"td": {"data-code": lambda record: record.code}}))
    assert f'data-code="{personas.office.code}"' in per_cell and len(core_tables._compiled) == 2


def test_autoescape_off_is_a_configuration_of_its_own(personas):
    core_tables._compiled.clear()
    Org.objects.filter(pk=personas.office.pk).update(code="<b>1</b>")
    orgs = Org.objects.filter(pk=personas.office.pk)
    escaped = str(core_tables.table_rows(Context({}), Labelled(orgs)))
    raw = str(core_tables.table_rows(Context({}, autoescape=False), Labelled(orgs)))
    assert '<td class="code">&lt;b&gt;1&lt;/b&gt;</td>' in escaped and '<td class="code"><b>1</b></td>' in raw
    assert len(core_tables._compiled) == 2


def test_each_table_changes_its_own_copy_of_the_columns(personas):
    """Tables copy their class's columns (core.lists.copy_column): hiding one on a table leaves the class and the
    other tables as they were."""
    orgs = Org.objects.order_by("code")
    first, second = Labelled(orgs), Labelled(orgs)
    assert first.columns["code"].column is not Labelled.base_columns["code"]
    assert first.columns["code"].column is not second.columns["code"].column
    first.columns.hide("code")
    assert not first.columns["code"].visible and second.columns["code"].visible
    assert Labelled.base_columns["code"].visible and Labelled(orgs).columns["code"].visible
    assert '<td class="code">' not in _rows(first) and '<td class="code">' in _rows(second)


def test_list_table_prints_in_the_page_context_or_through_the_table_s_own_template(personas, rf):
    from django.template import RequestContext, Template

    seen: list[Any] = []

    class Hooked(Labelled):
        def before_render(self, request: Any) -> None:
            seen.append((request, self.context["marker"]))

    request = rf.get("/")
    page = Template("{% load core_tables %}{% list_table table %}")
    table = Hooked(Org.objects.order_by("code"), label="甲").paginate(per_page=5)
    html = page.render(RequestContext(request, {"table": table, "marker": "page"}))
    assert seen == [(request, "page")] and "甲:150400" in html and "共 7 条" in html
    assert not hasattr(table, "context")
    again = Hooked(Org.objects.order_by("code"), label="甲").paginate(per_page=5)
    assert html == str(core_tables.table_html(Context({"request": request}), again))
    own = Hooked(Org.objects.order_by("code"), label="乙", template_name="django_tables2/table.html").paginate(per_page=5)
    stock = page.render(RequestContext(request, {"table": own, "marker": "page"}))
    assert "乙:150400" in stock and 'class="table-container"' in stock  # django-tables2's own template
