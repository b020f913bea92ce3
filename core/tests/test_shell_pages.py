"""The page shell shared by every module: list pages, the left menu, the favicon."""

from __future__ import annotations

import re
from collections import Counter

import pytest

pytestmark = pytest.mark.django_db


def _ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_list_filter_form_and_create_dialog_share_no_html_id(personas, login):
    """The filter form and the dialog loaded into the same page used to both render ``id_name`` …"""
    c = login(personas.owner)
    page = c.get("/people/").content.decode()
    dialog = c.get("/people/new/", HTTP_HX_REQUEST="true").content.decode()
    page_ids, dialog_ids = _ids(page), _ids(dialog)
    assert 'id="filter_name"' in page and 'for="filter_name"' in page
    assert not [i for i in page_ids if i.startswith("id_")], "filter fields must not use the dialogs' id_ prefix"
    assert 'id="id_name"' in dialog
    duplicates = [i for i, n in Counter(page_ids + dialog_ids).items() if n > 1]
    assert not duplicates, f"HTML ids used twice once the dialog is open: {duplicates}"


def _active(menu):
    return [i["label"] for g in menu for i in g["items"] if i["active"]]


def test_menu_highlights_exactly_one_item_the_longest_matching_url(personas):
    from core.menu import menu_for

    menu = menu_for(personas.sysadmin, "/")
    urls = {i["label"]: i["url"] for g in menu for i in g["items"]}
    # Every page of the menu, and a page below it, lights up its own item and nothing else.
    for label, url in urls.items():
        assert _active(menu_for(personas.sysadmin, url)) == [label], url
        assert _active(menu_for(personas.sysadmin, url + "00000000-0000-0000-0000-000000000000/")) == ([label] if url != "/" else [])
    # 工作日志 is /worklog/ and 日志审阅 /worklog/review/: the review page is one item, not both.
    assert _active(menu_for(personas.sysadmin, "/worklog/review/")) == ["日志审阅"]
    assert _active(menu_for(personas.sysadmin, "/worklog/day/2026-03-02/")) == ["工作日志"]


def test_favicon_is_linked_and_served(personas, login, client):
    from django.contrib.staticfiles import finders

    html = login(personas.owner).get("/").content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)"', html)
    assert href and href.group(1) == "/static/core/favicon.ico"
    path = finders.find("core/favicon.ico")
    assert path and open(path, "rb").read(4) == b"\x00\x00\x01\x00"  # a real ICO file
    r = client.get("/favicon.ico")
    assert r.status_code == 301 and r["Location"] == "/static/core/favicon.ico"
