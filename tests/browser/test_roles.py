"""办案范围 in a real browser, at the office monitor (1366×768) and on a phone (390×844): the county supervisor reads an
office's dispute and supervises it (分级调处) but is offered nothing that writes the office's case — no 新增 on the
list, no 修改/受理 on the record (the 403 of a write typed by hand is walked in core/tests/test_permission_walk.py);
the office is offered both."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from core.testing import Personas
from mediation.tests import factories

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["page", "phone_page"])
def test_the_county_reads_and_supervises_an_office_case_but_is_offered_no_case_write(
    request: pytest.FixtureRequest, size: str, personas: Personas, login_as: Any
) -> None:
    page: Page = request.getfixturevalue(size)
    dispute = factories.dispute(personas)
    login_as(page, personas.supervisor)
    page.goto("/mediation/disputes/")
    expect(page.get_by_text("王大山与李二河宅基地纠纷").first).to_be_visible()
    expect(page.get_by_test_id("btn-create")).to_have_count(0)
    page.goto(dispute.get_absolute_url())
    expect(page.locator("main")).to_contain_text("李二河砌墙占用王大山宅基地")
    expect(page.locator('[data-action="escalate"]')).to_have_count(1)  # 分级调处: an act of supervision
    for action in ("edit", "accept", "reject"):
        expect(page.locator(f'[data-action="{action}"]')).to_have_count(0)

    login_as(page, personas.owner)
    page.goto("/mediation/disputes/")
    expect(page.get_by_test_id("btn-create")).to_have_count(1)
    page.goto(dispute.get_absolute_url())
    expect(page.locator('[data-action="edit"]')).to_have_count(1)
