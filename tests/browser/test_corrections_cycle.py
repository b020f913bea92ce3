"""调查评估 to reception in a real browser: an office worker registers a court's commission (速裁: five working days),
records an interview, files the 调查评估意见书 in time (numbered, the clock closed), the county staff puts it on record,
then the person reports after the judgment and is received with the judgment's 禁止令; the subject's page shows it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from core.deadlines import open_deadlines_for
from core.testing import Personas, valid_id_number
from corrections.models import Investigation, Subject, months_after

pytestmark = pytest.mark.browser

NAME = "钱晓峰"
ID_NUMBER = valid_id_number("150402", "19920311", "611")


def field(dialog: Locator, name: str) -> Locator:
    return dialog.locator(f"[name={name}]")


def test_commission_opinion_in_time_then_reception(page: Page, personas: Personas, login_as: Any, shots: Path) -> None:
    today = dt.date.today()
    login_as(page, personas.owner)
    dialog = page.locator("#dialog")

    page.locator("#sidebar").get_by_role("link", name="调查评估").click()
    expect(page).to_have_url(re.compile(r"/corrections/investigations/$"))
    page.get_by_test_id("btn-create").click()
    expect(dialog).to_contain_text("五个工作日")
    field(dialog, "org").select_option(str(personas.office.pk))
    field(dialog, "body_type").select_option("court")
    field(dialog, "body_name").fill("赤峰市红山区人民法院")
    field(dialog, "case_number").fill("（2026）内0402刑初501号")
    field(dialog, "name").fill(NAME)
    field(dialog, "id_number").fill(ID_NUMBER)
    field(dialog, "proposed_type").select_option("probation")
    field(dialog, "crime").fill("危险驾驶罪")
    field(dialog, "received_date").fill(today.isoformat())
    field(dialog, "fast_track").check()
    dialog.get_by_test_id("btn-save").click()
    table = page.get_by_test_id("investigation-table")
    expect(table).to_contain_text(NAME)
    inv = Investigation.objects.get(person__name=NAME)
    assert inv.fast_track and open_deadlines_for(inv, "corrections.investigation").exists()

    table.get_by_role("link", name=NAME).click()
    expect(page.get_by_test_id("due")).to_contain_text(f"{inv.due_date:%Y-%m-%d}")
    page.locator('[data-action="interview"]').click()
    field(dialog, "kind").select_option("committee")
    field(dialog, "interviewee").fill("红旗社区居委会 王主任")
    field(dialog, "content").fill("平时表现良好，社区同意接收。")
    with page.expect_navigation():
        dialog.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("interviews")).to_contain_text("王主任")

    page.locator('[data-action="issue"]').click()
    expect(field(dialog, "findings")).to_have_value(re.compile("平时表现良好"))
    field(dialog, "opinion").select_option("suitable")
    field(dialog, "reasons").fill("认罪悔罪，有固定住所和家庭支持，社会危险性较小。")
    with page.expect_navigation():
        dialog.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("status")).to_have_text("已出具意见")
    expect(page.get_by_test_id("opinion")).to_contain_text("按期")
    inv.refresh_from_db()
    expect(page.get_by_test_id("number")).to_have_text(inv.number)
    assert not open_deadlines_for(inv, "corrections.investigation").exists()
    page.locator('[data-action="submit"]').click()
    with page.expect_navigation():
        dialog.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("status")).to_have_text("已报备案")
    page.screenshot(path=shots / "corrections-investigation.png", full_page=True)

    # The judgment takes effect; the person reports and is received with the 禁止令.
    effective = today - dt.timedelta(days=3)
    page.locator("#sidebar").get_by_role("link", name="社区矫正", exact=True).click()
    page.get_by_test_id("btn-create").click()
    field(dialog, "org").select_option(str(personas.office.pk))
    field(dialog, "name").fill(NAME)
    field(dialog, "id_number").fill(ID_NUMBER)
    field(dialog, "correction_type").select_option("probation")
    field(dialog, "crime").fill("危险驾驶罪")
    field(dialog, "decision_organ").fill("赤峰市红山区人民法院")
    field(dialog, "decision_number").fill("（2026）内0402刑初501号")
    field(dialog, "effective_date").fill(effective.isoformat())
    field(dialog, "start_date").fill(effective.isoformat())
    field(dialog, "end_date").fill((months_after(effective, 4) - dt.timedelta(days=1)).isoformat())
    field(dialog, "reported_date").fill(today.isoformat())
    field(dialog, "has_prohibition").check()
    dialog.get_by_test_id("btn-save").click()
    expect(dialog).to_contain_text("禁止令内容不能为空")  # nothing saved until the content is there
    assert not Subject.objects.exists()
    field(dialog, "prohibition").fill("禁止驾驶机动车")
    dialog.get_by_test_id("btn-save").click()
    table = page.get_by_test_id("subject-table")
    expect(table).to_contain_text(NAME)
    table.get_by_role("link", name=NAME).click()
    expect(page.get_by_test_id("prohibitions")).to_contain_text("禁止驾驶机动车")
    expect(page.get_by_test_id("team")).to_contain_text("尚未确定")
    page.screenshot(path=shots / "corrections-reception.png", full_page=True)
