"""Paging on every list page (``core.lists.list_views``): a page number that is not a whole number from 1 up is
refused with a Chinese error page (400) that says what a page number is; a number past the last page — however
large — shows the last page; a page size or sort the page does not offer falls back to the default. Never a 500."""

from __future__ import annotations

import pytest

from core.lists import PAGE_SIZES, list_views

pytestmark = pytest.mark.django_db

LISTS = [route for route, _ in list_views()]
NOT_A_PAGE = ["abc", "-1", "0", "1.5", "-9223372036854775808", "1e3", "", "１", "%00"]
PAST_THE_END = ["99999", str(2**63), str(2**64), "9" * 5000]


def test_every_list_page_is_walked():
    assert len(LISTS) >= 15 and "/people/" in LISTS and "/audit/" in LISTS


@pytest.mark.parametrize("route", LISTS)
def test_a_page_that_is_not_a_page_number_is_a_400_in_chinese(route, personas, login):
    c = login(personas.sysadmin)
    for value in NOT_A_PAGE:
        response = c.get(route, {"page": value})
        html = response.content.decode()
        assert response.status_code == 400, (route, value)
        assert "页码" in html and "应为从 1 开始的整数" in html and 'class="alert alert-danger' in html, (route, value)


@pytest.mark.parametrize("route", LISTS)
def test_a_page_past_the_end_shows_the_last_page(route, personas, login):
    c = login(personas.sysadmin)
    for value in PAST_THE_END:
        response = c.get(route, {"page": value, "per_page": "10"})
        assert response.status_code == 200, (route, value[:30])
        table = response.context["table"]
        assert table.page.number == table.paginator.num_pages, (route, value[:30])


@pytest.mark.parametrize("route", LISTS)
def test_a_page_size_or_sort_not_offered_falls_back_to_the_default(route, personas, login):
    c = login(personas.sysadmin)
    for per_page in ("-5", "0", "7", str(2**63), "abc", ""):
        response = c.get(route, {"per_page": per_page, "sort": "no_such_column"})
        assert response.status_code == 200, (route, per_page)
        assert response.context["table"].paginator.per_page == 20, (route, per_page)
    for size in PAGE_SIZES:
        assert c.get(route, {"per_page": str(size)}).context["table"].paginator.per_page == size


def test_each_numbered_page_shows_its_rows(personas, login):
    """25 operation-log entries at 10 a page: three pages, the last with the remaining rows, the total beside the
    page links."""
    from core.audit import audit_record
    from core.models import AuditEvent

    AuditEvent.objects.all().delete()
    for n in range(25):
        audit_record(actor=personas.sysadmin, action="export", summary=f"导出第{n}次")
    c = login(personas.sysadmin)
    counts = []
    for number in (1, 2, 3):
        response = c.get("/audit/", {"per_page": "10", "page": str(number)})
        assert response.status_code == 200 and response.context["table"].page.number == number
        counts.append(len(response.context["table"].page.object_list))
    assert counts == [10, 10, 5]
    html = c.get("/audit/", {"per_page": "10"}).content.decode()
    assert "共 25 条" in html and 'class="pagination' in html and "page=3" in html


def test_an_htmx_table_request_with_a_bad_page_gets_the_message_as_a_toast(personas, login):
    c = login(personas.owner)
    response = c.get("/people/", {"page": "x"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-table")
    assert response.status_code == 400 and response["HX-Reswap"] == "none"
    assert "应为从 1 开始的整数" in response["HX-Trigger"].encode().decode("unicode_escape")
