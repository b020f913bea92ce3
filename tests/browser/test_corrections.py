"""社区矫正 in a real browser, and the work log it feeds: on one day an office worker accepts a dispute on its page and
receives a subject who reported (接收报到登记) through the 社区矫正 dialog; the subject's page shows the judgment with
the ID number masked; that day's 工作日志 opens already filled with both (each line linking to its record) and one
click confirms it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from core.testing import Personas, valid_id_number
from corrections.models import Subject, months_after
from mediation.tests import factories as mediation_factories
from worklog.models import WorkLog

pytestmark = pytest.mark.browser

NAME = "高志远"


def field(dialog: Locator, name: str) -> Locator:
    return dialog.locator(f"[name={name}]")


def test_a_day_of_mediation_and_reception_is_prefilled_in_the_log_and_confirmed_in_one_click(
    page: Page, personas: Personas, login_as: Any, shots: Path
) -> None:
    today = dt.date.today()
    effective = today - dt.timedelta(days=6)
    dispute = mediation_factories.dispute(personas, received=today)
    login_as(page, personas.owner)

    # 受理 the dispute on its page.
    page.goto(dispute.get_absolute_url())
    page.locator('[data-action="accept"]').click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    field(dialog, "accepted_date").fill(today.isoformat())
    with page.expect_navigation():
        dialog.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("dispute-status")).to_have_text("已受理")

    # 接收报到登记 through the 社区矫正 menu.
    page.locator("#sidebar").get_by_role("link", name="社区矫正").click()
    expect(page).to_have_url(re.compile(r"/corrections/$"))
    page.get_by_test_id("btn-create").click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("社区矫正法 第二十二条")
    field(dialog, "org").select_option(str(personas.office.pk))
    field(dialog, "name").fill(NAME)
    field(dialog, "id_number").fill(valid_id_number("150402", "19900214", "517"))
    field(dialog, "phone").fill("13947612345")
    field(dialog, "correction_type").select_option("probation")
    field(dialog, "crime").fill("盗窃罪")
    field(dialog, "decision_organ").fill("赤峰市红山区人民法院")
    field(dialog, "decision_number").fill("（2026）内0402刑初321号")
    field(dialog, "effective_date").fill(effective.isoformat())
    field(dialog, "start_date").fill(effective.isoformat())
    field(dialog, "end_date").fill((months_after(effective, 12) - dt.timedelta(days=1)).isoformat())
    field(dialog, "reported_date").fill(today.isoformat())
    dialog.get_by_test_id("btn-save").click()
    table = page.get_by_test_id("subject-table")
    expect(table).to_contain_text(NAME)
    expect(table).to_contain_text("缓刑")
    subject = Subject.objects.get(person__name=NAME)

    table.get_by_role("link", name=NAME).click()
    expect(page).to_have_url(re.compile(rf"/corrections/{subject.uuid}/$"))
    expect(page.get_by_test_id("id-number")).to_have_text(subject.person.id_number_masked)
    expect(page.get_by_test_id("judgment")).to_contain_text("（1年）")
    expect(page.locator("body")).not_to_contain_text(valid_id_number("150402", "19900214", "517"))
    page.screenshot(path=shots / "corrections-subject.png", full_page=True)

    # The day's log: both pieces of work already there, each linking to its record; one click confirms.
    page.locator("#sidebar").get_by_role("link", name="工作日志").click()
    expect(page).to_have_url(re.compile(r"/worklog/"))
    entries = page.get_by_test_id("log-entries")
    expect(entries).to_contain_text("受理矛盾纠纷：王大山与李二河宅基地纠纷")
    # One line per case and day naming its steps: the reception (and the file it opens) on the subject's line.
    expect(entries).to_contain_text(re.compile(f"接收社区矫正对象报到[^：]*：{NAME}（缓刑）"))
    expect(page.get_by_test_id("log-status")).to_contain_text("未确认")
    page.screenshot(path=shots / "worklog-corrections.png")

    page.get_by_test_id("btn-confirm-log").click()
    expect(page.get_by_test_id("log-status")).to_contain_text("已确认")
    log = WorkLog.objects.get(user=personas.owner, date=today)
    assert log.status != WorkLog.Status.DRAFT
    lines = {e.link: e.description for e in log.entries.all()}
    assert "接收社区矫正对象报到" in lines[subject.get_absolute_url()] and "受理矛盾纠纷" in lines[dispute.get_absolute_url()]

    entries.get_by_role("link", name=re.compile(f"接收社区矫正对象报到.*{NAME}")).click()
    expect(page).to_have_url(re.compile(rf"/corrections/{subject.uuid}/$"))
