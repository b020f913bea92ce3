"""法律援助 in a real browser: a worker turns a walk-in consultation into a 法律援助申请 without retyping (the person and
the question are carried over), then forwards it to the county 法律援助中心; the forwarding clock closes."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from consultation.tests import factories
from core.deadlines import open_deadlines_for
from core.testing import Personas
from legalaid.models import Application

pytestmark = pytest.mark.browser

QUESTION = "在工地干了八个月，包工头拖欠工资三万二千元不给，想请律师帮忙讨要。"


def test_consultation_becomes_a_legal_aid_application_and_is_forwarded(page: Page, personas: Personas, login_as: Any) -> None:
    consultation = factories.consultation(personas, name="郭建军", topic="labour", question=QUESTION)

    login_as(page, personas.owner)
    page.goto(consultation.get_absolute_url())
    page.locator('[data-action="legal-aid"]').click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[name=facts]")).to_have_value(QUESTION)  # carried over, not retyped
    expect(dialog.locator("[name=matter]")).to_have_value("labour")
    dialog.locator("[name=hardship_basis]").select_option("migrant_worker")
    dialog.locator("[name=hardship_detail]").fill("务工合同、工资欠条复印件")
    dialog.locator("[name=request]").fill("代理讨要劳动报酬")
    with page.expect_navigation():
        dialog.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("follow-up")).to_have_text("转为法律援助申请")

    application = Application.objects.get(consultation=consultation)
    assert application.applicant_id == consultation.person_id and application.facts == QUESTION
    assert open_deadlines_for(application).count() == 1  # the forwarding clock on 今日待办

    page.get_by_test_id("legal-aid").get_by_role("link").click()
    expect(page.get_by_test_id("status")).to_have_text("已接收待转交")
    page.locator('[data-action="forward"]').click()
    expect(dialog).to_be_visible()
    expect(dialog.locator("[name=centre_name]")).not_to_have_value("")
    with page.expect_navigation():
        dialog.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("forwarded")).to_contain_text("由法律援助机构审查决定是否给予法律援助")
    assert not open_deadlines_for(application).exists()

    # Another county's office does not see the application.
    page.context.clear_cookies()
    login_as(page, personas.outsider)
    response = page.goto(application.get_absolute_url())
    assert response is not None and response.status == 404
