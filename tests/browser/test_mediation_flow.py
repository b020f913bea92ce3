"""人民调解 in a real browser, from application to closed case: an office worker registers the dispute, accepts it,
assigns a mediator, records a session and a written agreement through the page's dialogs, downloads the 人民调解协议书
as Word (a real .docx with the parties' names), sees the 司法确认 countdown with its application package button,
records a 回访 and closes the case; the county supervisor finds it from 调解统计; another county's office gets 404."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import Locator, Page, expect

from core.testing import Personas, valid_id_number
from mediation.models import Dispute
from mediation.tests import factories

pytestmark = pytest.mark.browser

TITLE = "韩立平与郭淑珍相邻通行纠纷"


def field(dialog: Locator, name: str) -> Locator:
    return dialog.locator(f"[name={name}]")


def step(page: Page, action: str) -> Locator:
    """Open the dialog of one step of the case page."""
    page.locator(f'[data-action="{action}"]').click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    return dialog


def save(page: Page, dialog: Locator) -> None:
    """Save a dialog; the page reloads with the new state."""
    with page.expect_navigation():
        dialog.get_by_test_id("btn-save").click()


def test_office_takes_a_dispute_from_application_to_closed_case(
    page: Page, personas: Personas, login_as: Any, shots: Path, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    today = dt.date.today()
    mediator = factories.mediator(personas, "赵调解")

    login_as(page, personas.owner)
    page.goto("/mediation/disputes/")
    page.get_by_test_id("btn-create").click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    field(dialog, "org").select_option(str(personas.office.pk))
    field(dialog, "title").fill(TITLE)
    field(dialog, "category").select_option("neighbour")
    field(dialog, "facts").fill("郭淑珍在自家院外堆放柴草，堵住韩立平出入的通道。")
    field(dialog, "claims").fill("清除柴草，恢复通行")
    field(dialog, "amount").fill("800")
    field(dialog, "applicant_name").fill("韩立平")
    field(dialog, "applicant_id_number").fill(valid_id_number("150402", "19700302", "051"))
    field(dialog, "respondent_name").fill("郭淑珍")
    dialog.get_by_test_id("btn-save").click()
    expect(page.locator("table")).to_contain_text(TITLE)
    dispute = Dispute.objects.get(title=TITLE)

    page.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/mediation/disputes/{dispute.uuid}/$"))

    dialog = step(page, "accept")
    field(dialog, "accepted_date").fill(today.isoformat())
    save(page, dialog)
    expect(page.get_by_test_id("dispute-status")).to_have_text("已受理")

    dialog = step(page, "assign")
    field(dialog, "mediators").select_option(str(mediator.pk))
    save(page, dialog)
    expect(page.get_by_test_id("timeline")).to_contain_text("指派调解员：赵调解")

    dialog = step(page, "session")
    field(dialog, "hosts").fill("赵调解")
    field(dialog, "recorder").fill("张明")
    field(dialog, "record").fill("双方到场陈述。经调解，郭淑珍同意三日内清除柴草并赔偿韩立平误工损失800元。")
    save(page, dialog)
    expect(page.get_by_test_id("dispute-status")).to_have_text("调解中")

    respondent = dispute.parties.get(role="respondent")
    dialog = step(page, "agreement")
    field(dialog, "kind").select_option("written")
    field(dialog, "signed_date").fill(today.isoformat())
    field(dialog, "facts").fill("郭淑珍堆放柴草堵住韩立平通道。")
    field(dialog, "content").fill("一、郭淑珍于三日内清除柴草；二、郭淑珍赔偿韩立平误工损失800元。")
    field(dialog, "amount").fill("800")
    field(dialog, "item1_obligor").select_option(str(respondent.pk))
    field(dialog, "item1_description").fill("赔偿误工损失800元")
    field(dialog, "item1_amount").fill("800")
    field(dialog, "item1_due").fill((today + dt.timedelta(days=3)).isoformat())
    save(page, dialog)
    expect(page.get_by_test_id("dispute-status")).to_have_text("已达成协议")

    countdown = page.get_by_test_id("confirmation-countdown")
    expect(countdown).to_contain_text("司法确认申请期还剩")
    expect(countdown.get_by_test_id("generate-mediation_confirmation")).to_be_visible()
    page.screenshot(path=shots / "mediation-agreement.png", full_page=True)

    # Generate the 人民调解协议书 next to the agreement, then download it from the document list.
    with page.expect_navigation():
        page.get_by_test_id("generate-mediation_agreement").click()
    panel = page.get_by_test_id("document-panel")
    expect(panel).to_contain_text("人民调解协议书")
    with page.expect_download() as download_info:
        panel.get_by_role("link", name="Word").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    content = Path(download.path()).read_bytes()
    docx = Document(BytesIO(content))
    text = "\n".join([p.text for p in docx.paragraphs] + [c.text for t in docx.tables for r in t.rows for c in r.cells])
    assert "人民调解协议书" in text and "韩立平" in text and "郭淑珍" in text and "800.00元" in text

    dialog = step(page, "followup")
    field(dialog, "visitor").fill("赵调解")
    field(dialog, "visited").fill("韩立平")
    field(dialog, "performance").select_option("full")
    field(dialog, "satisfaction").select_option("satisfied")
    field(dialog, "situation").fill("柴草已清除，赔偿已付清，通道恢复通行。")
    save(page, dialog)
    expect(page.get_by_test_id("timeline")).to_contain_text("回访韩立平")

    dialog = step(page, "close")
    field(dialog, "date").fill(today.isoformat())
    save(page, dialog)
    expect(page.get_by_test_id("dispute-status")).to_have_text("已结案")
    case_url = page.url

    # The county supervisor finds the case from 调解统计 by clicking through.
    page.context.clear_cookies()
    login_as(page, personas.supervisor)
    page.locator("#sidebar").get_by_role("link", name="调解统计").click()
    expect(page).to_have_url(re.compile(r"/mediation/statistics/"))
    page.screenshot(path=shots / "mediation-statistics.png", full_page=True)
    page.locator(".kpi").filter(has_text="受理纠纷").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/mediation/disputes/\?"))
    page.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(case_url)
    expect(page.get_by_test_id("dispute-status")).to_have_text("已结案")

    # Another county's office does not even learn that the case exists.
    page.context.clear_cookies()
    login_as(page, personas.outsider)
    response = page.goto(case_url)
    assert response is not None and response.status == 404
