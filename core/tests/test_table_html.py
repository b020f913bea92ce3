"""Every list table renders what django-tables2's own ``bootstrap5-responsive.html`` renders, and every filter form
what the template loop rendered.

``{% table_html %}`` (core/templatetags/core_tables.py) builds the table in Python for speed: the header with its
sort links, the rows, the footer and the pagination. Here each list page of the demo data (one county, every
module) is rendered by the stock template too — the template engine, ``BoundRow.items`` and ``querystring_replace``
— and the two must match, on the first page, a later page, a sorted page and an empty filter result, for the office
head and the county supervisor."""

from __future__ import annotations

import io
import itertools
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.template import Context, RequestContext, Template
from django.test import Client

from accounts.models import User
from core.lists import list_urls
from core.templatetags.core_tables import filter_fields

# The stock template with the two things the project's table adds: "暂无数据" in an empty body, and the row count
# beside the pagination.
REFERENCE = Template(
    """{% extends "django_tables2/bootstrap5-responsive.html" %}{% load l10n %}
{% block table.tbody %}<tbody {{ table.attrs.tbody.as_html }}>
{% for row in table.paginated_rows %}<tr {{ row.attrs.as_html }}>
{% for column, cell in row.items %}<td {{ column.attrs.td.as_html }}>{% if column.localize == None %}{{ cell }}{% else %}
{% if column.localize %}{{ cell|localize }}{% else %}{{ cell|unlocalize }}{% endif %}{% endif %}</td>{% endfor %}
</tr>{% empty %}<tr><td colspan="{{ table.columns|length }}" class="text-center text-muted py-4">暂无数据</td></tr>{% endfor %}
</tbody>{% endblock %}
{% block pagination %}<div class="d-flex align-items-center justify-content-between flex-wrap gap-2 small">
<span class="text-muted">共 {{ table.paginator.count }} 条</span>{{ block.super }}</div>{% endblock %}"""
)


# The filter form's loop as core/list.html had it: {% filter_fields %} prints the same.
FILTER_LOOP = Template(
    """{% for field in form %}<div class="col-12 col-sm-6 col-md-4 col-xl-3">
<label class="form-label" for="{{ field.id_for_label }}">{{ field.label }}</label>
{{ field }}</div>{% endfor %}"""
)


def reference_html(table: Any, request: Any) -> str:
    """The table as django-tables2's stock template renders it (rows counted from the first again)."""
    table._counter = itertools.count()
    return REFERENCE.render(RequestContext(request, {"table": table}))


def normalise(html: str) -> str:
    """The markup with runs of whitespace made one space and whitespace beside tags dropped."""
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


def table_fragment(page: str) -> str:
    """The ``<div class="table-container …">`` element of a list page, up to its own closing tag."""
    start = page.index('<div class="table-container')
    depth = 0
    for match in re.finditer(r"<div\b|</div>", page[start:]):
        depth += 1 if match.group() != "</div>" else -1
        if depth == 0:
            return page[start:start + match.end()]
    raise AssertionError("table-container is not closed")


QUERIES = ("?per_page=50", "?per_page=10&page=2", "?per_page=20&name=不存在的名字")


def sorted_query(table: Any) -> str | None:
    """Page 2 sorted by the first sortable column, descending (None when no column sorts)."""
    name = next((column.name for column in table.columns if column.orderable), None)
    return f"?per_page=10&page=2&sort=-{name}" if name else None
USERS = ("office_150402001", "county_150402", "city_admin", "sysadmin")


def _client(username: str) -> Client:
    """Logged in; the administrator's session counts as TOTP-verified, as after the second login step."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    if user.is_superuser:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.mark.django_db
def test_every_list_table_matches_the_stock_django_tables2_template(settings):  # type: ignore[no-untyped-def]
    # One county of the demo, every module, few records per office (rolled back with the test).
    call_command("seed_demo", counties="150402", per_office=["disputes=3", "persons=12"], stdout=io.StringIO())
    settings.AXES_ENABLED = False
    compared: list[str] = []
    with_rows: set[str] = set()
    for username in USERS:
        client = _client(username)
        for url in list_urls():
            queries = list(QUERIES)
            for query in queries:
                response = client.get(url + query)
                if response.status_code != 200:
                    break
                table = response.context["table"]
                if query == QUERIES[0] and (extra := sorted_query(table)):
                    queries.append(extra)
                ours = normalise(table_fragment(response.content.decode()))
                stock = normalise(reference_html(table, response.wsgi_request))
                assert ours == stock, f"{username} {url}{query}"
                form = response.context["filter"].form
                assert normalise(filter_fields(form)) == normalise(FILTER_LOOP.render(Context({"form": form}))), f"{username} {url}{query}"
                compared.append(url)
                if len(table.page.object_list):
                    with_rows.add(url)
    assert set(compared) == set(list_urls()), "every list page was opened by one of the users"
    # The demo fills almost every list; the comparison must not pass on empty tables alone.
    assert len(with_rows) >= len(list_urls()) - 2, sorted(set(list_urls()) - with_rows)


@pytest.mark.parametrize("query", ["", "sort=name", "a=1&sort=-name&b=2&b=3", "page=2&a=%E7%94%B2", "b=&sort=x"])
def test_links_replace_one_parameter_as_querystring_replace(query, rf):  # type: ignore[no-untyped-def]
    """The sort and page links: the query string with one parameter set in its own place, as django-tables2's
    ``querystring_replace`` builds it."""
    import html

    from django.utils.http import urlencode
    from django_tables2.utils import OrderBy

    from core.templatetags.core_tables import _links

    params = dict(rf.get(f"/?{query}").GET.lists())
    for key in ("sort", "page", "a"):
        for value in ("name", 3, "-名称", "a b&c", 2.5, ["x", "y"], OrderBy("-created_at"), OrderBy("名称").opposite, True):
            expected = html.escape("?" + urlencode({**params, key: value}, doseq=True))
            assert _links(params, key)(value) == expected, (query, key, value)
