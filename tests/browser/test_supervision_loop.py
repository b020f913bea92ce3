"""预警督办 in a real browser, the whole loop: the county supervisor opens 预警中心, issues a 整改通知书 from a warning
through the dialog and downloads it as Word (a real .docx naming the office, the facts and the deadline); the office head
finds it under 督办事项, signs for it (签收) and reports the rectification with evidence; the supervisor verifies and
closes it (销号), which closes the warning; another county's office gets 404."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import FilePayload, Locator, Page, expect

from core import calendar
from core.testing import Personas
from supervision.choices import ItemStatus, WarningStatus
from supervision.models import SupervisionItem
from supervision.tests import factories

pytestmark = pytest.mark.browser

FEEDBACK = "已逐件清理超期事项：2项均已办结并补录台账，明确由所长每周一核对期限清单。"


def open_dialog(page: Page, button: Locator) -> Locator:
    button.click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    return dialog


def save(page: Page, dialog: Locator) -> None:
    """Save a dialog; the page reloads with the new state."""
    with page.expect_navigation():
        dialog.get_by_test_id("btn-save").click()


def docx_text(page: Page, link: Locator) -> str:
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = Document(BytesIO(Path(download.path()).read_bytes()))
    return "\n".join([p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells])


def test_supervisor_issues_from_a_warning_office_rectifies_supervisor_closes_it(
    page: Page, personas: Personas, login_as: Any, shots: Path, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    warning = factories.warning(personas)
    due = calendar.add_working_days(dt.date.today(), 15)

    # 预警中心 → the warning → 下发督办, prefilled from the warning; the supervisor picks 整改通知书 and the deadline.
    login_as(page, personas.supervisor)
    page.locator("#sidebar").get_by_role("link", name="预警中心").click()
    expect(page).to_have_url(re.compile(r"/supervision/warnings/"))
    table = page.get_by_test_id("warning-table")
    expect(table).to_contain_text("截至今日，该所有2项工作超过期限仍未办结")
    table.get_by_role("link", name="西屯街道司法所").click()
    expect(page).to_have_url(re.compile(rf"/supervision/warnings/{warning.uuid}/$"))
    expect(page.get_by_test_id("warning-status")).to_have_text("未关闭")

    dialog = open_dialog(page, page.get_by_test_id("btn-issue"))
    expect(dialog.locator("[name=facts]")).to_have_value(factories.FACTS)
    expect(dialog.locator("[name=requirements]")).to_have_value(re.compile("对超期事项逐件分析原因"))
    dialog.locator("[name=doc_kind]").select_option("supervision_rectify")
    dialog.locator("[name=due_date]").fill(due.isoformat())
    save(page, dialog)
    item = SupervisionItem.objects.get()
    expect(page.locator("main")).to_contain_text(item.number)

    page.get_by_role("link", name=item.title).click()
    expect(page).to_have_url(re.compile(rf"/supervision/items/{item.uuid}/$"))
    expect(page.get_by_test_id("item-status")).to_have_text("待签收")
    expect(page.get_by_test_id("item-due")).to_have_text(due.isoformat())
    panel = page.get_by_test_id("document-panel")
    expect(panel).to_contain_text("整改通知书")
    text = docx_text(page, panel.get_by_role("link", name="Word").first)
    assert "整改通知书" in text and item.number in text
    assert "西屯街道司法所：" in text and factories.FACTS in text
    assert f"整改期限：{due.year}年{due.month}月{due.day}日前" in text and "红山区司法局" in text
    item_url = page.url

    # The office head finds it under 督办事项, signs for it and reports the rectification with evidence.
    page.context.clear_cookies()
    login_as(page, personas.head)
    page.locator("#sidebar").get_by_role("link", name="督办事项").click()
    expect(page).to_have_url(re.compile(r"/supervision/items/"))
    page.get_by_test_id("item-table").get_by_role("link", name=item.title).click()
    expect(page).to_have_url(item_url)
    actions = page.get_by_test_id("item-actions")
    save(page, open_dialog(page, actions.get_by_role("button", name="签收")))
    expect(page.get_by_test_id("item-status")).to_have_text("整改中")

    dialog = open_dialog(page, actions.get_by_role("button", name="报送整改反馈"))
    dialog.locator("[name=text]").fill(FEEDBACK)
    evidence = FilePayload(name="期限清单.png", mimeType="image/png", buffer=b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    dialog.locator("[name=evidence]").set_input_files([evidence])
    save(page, dialog)
    expect(page.get_by_test_id("item-status")).to_have_text("待核查")
    feedback = page.get_by_test_id("feedback")
    expect(feedback).to_contain_text(FEEDBACK)
    expect(feedback.get_by_role("link", name="期限清单.png")).to_be_visible()
    expect(actions.get_by_role("button")).to_have_count(0)  # nothing left for the office until the bureau decides

    # The supervisor verifies and closes it (销号); the warning closes with it.
    page.context.clear_cookies()
    login_as(page, personas.supervisor)
    page.goto(item_url)
    dialog = open_dialog(page, page.get_by_test_id("item-actions").get_by_role("button", name="核查销号"))
    expect(dialog.locator("[name=decision]")).to_have_value("accept")
    dialog.locator("[name=note]").fill("经实地核查，超期事项均已办结，予以销号。")
    save(page, dialog)
    expect(page.get_by_test_id("item-status")).to_have_text("已销号")
    steps = page.get_by_test_id("item-steps")
    for step in ("下发督办", "签收", "提交整改反馈", "核查销号"):
        expect(steps).to_contain_text(step)
    expect(page.get_by_test_id("feedback")).to_contain_text("核查通过")
    page.screenshot(path=shots / "supervision-item.png", full_page=True)
    item.refresh_from_db()
    warning.refresh_from_db()
    assert item.status == ItemStatus.VERIFIED and warning.status == WarningStatus.CLOSED

    page.get_by_role("link", name=re.compile(warning.rule.name)).click()
    expect(page.get_by_test_id("warning-status")).to_have_text("已关闭")
    expect(page.get_by_test_id("btn-issue")).to_have_count(0)

    # Another county's office does not even learn that the item exists.
    page.context.clear_cookies()
    login_as(page, personas.outsider)
    response = page.goto(item_url)
    assert response is not None and response.status == 404
