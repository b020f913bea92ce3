"""工作日志 in a real browser: the day an office worker mediated a dispute and answered a consultation, the log opens
already filled from that work (each line linking to its record); adding a meeting by hand and confirming take one
dialog and one click."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from consultation.tests import factories as consultation_factories
from core.testing import Personas
from mediation.services import dispute_accept
from mediation.tests import factories as mediation_factories
from worklog.models import WorkLog

pytestmark = pytest.mark.browser


def test_the_day_s_log_is_prefilled_and_confirmed_in_one_click(page: Page, personas: Personas, login_as: Any, shots: Path) -> None:
    today = dt.date.today()
    dispute = mediation_factories.dispute(personas, received=today)
    dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=today)
    consultation_factories.consultation(personas, date=today)

    login_as(page, personas.owner)
    page.locator("#sidebar").get_by_role("link", name="工作日志").click()
    expect(page).to_have_url(re.compile(r"/worklog/"))
    entries = page.get_by_test_id("log-entries")
    expect(entries).to_contain_text("王大山与李二河宅基地纠纷")
    expect(entries).to_contain_text("孙秀兰")
    expect(page.get_by_test_id("log-status")).to_contain_text("未确认")
    page.screenshot(path=shots / "worklog-prefilled.png")

    # Work no module records: a meeting, added through the dialog.
    page.get_by_role("button", name="添加事项").click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    dialog.locator("[name=item_code]").select_option(index=1)
    dialog.locator("[name=description]").fill("参加县局人民调解业务培训半天")
    dialog.get_by_test_id("btn-save").click()
    expect(entries).to_contain_text("参加县局人民调解业务培训半天")

    page.get_by_test_id("btn-confirm-log").click()
    expect(page.get_by_test_id("log-status")).to_contain_text("已确认")
    log = WorkLog.objects.get(user=personas.owner, date=today)
    assert log.status != WorkLog.Status.DRAFT
    assert log.entries.count() >= 3  # the dispute, the consultation and the meeting

    # Each derived line leads to its record.
    entries.get_by_role("link", name=re.compile("王大山与李二河宅基地纠纷")).first.click()
    expect(page).to_have_url(re.compile(rf"/mediation/.*{dispute.uuid}"))
