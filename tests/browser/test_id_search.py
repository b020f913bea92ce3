"""Searching a list by 身份证号码 in a real browser: the form posts the number, the address bar, the history and the
export link hold only its key (project issue #15, item 5)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from core.testing import Personas

pytestmark = pytest.mark.browser


def test_an_id_number_search_shows_the_person_and_keeps_the_number_out_of_every_url(
    page: Page, personas: Personas, residents: list[Any], login_as: Any
) -> None:
    target, other = residents[1], residents[0]
    number = target.reveal_id_number()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    login_as(page, personas.owner)
    page.goto("/people/")
    table = page.get_by_test_id("person-table")
    expect(table).to_contain_text(other.name)

    page.get_by_label("身份证号码").fill(number)
    page.get_by_role("button", name="搜索").click()
    expect(page).to_have_url(re.compile(r"/people/\?id_key=[0-9a-f]{64}$"))
    expect(table).to_contain_text(target.name)
    expect(table).not_to_contain_text(other.name)
    with page.expect_download() as download:  # the export follows the filter applied in place by htmx
        page.get_by_test_id("btn-export").click()
    assert re.search(r"id_key=[0-9a-f]{64}&export=xlsx$", download.value.url) and number not in download.value.url

    page.reload()  # the whole page from the keyed address: the box is empty, the export link carries the key
    expect(page.get_by_label("身份证号码")).to_have_value("")
    expect(page.get_by_label("身份证号码")).to_have_attribute("placeholder", re.compile("已按身份证号码筛选"))
    expect(page.get_by_test_id("btn-export")).to_have_attribute("href", re.compile(r"id_key=[0-9a-f]{64}&export=xlsx"))
    expect(page.get_by_test_id("person-table")).not_to_contain_text(other.name)
    assert requested and not [url for url in requested if number in url]
