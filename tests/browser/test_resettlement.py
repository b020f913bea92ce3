"""安置帮教 in a real browser: the prison's notice of a 重点帮教对象 arrives and is registered; on release day the
office collects the person at the gate (必接必送 — a family pick-up is refused with the reason), sets up the file and
the risk assessment; the first home visit is due within seven days and appears in 今日待办; the day's log lists the
work."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from core.testing import Personas, valid_id_number
from resettlement.models import Released

pytestmark = pytest.mark.browser

NAME = "钱立新"


def field(dialog: Locator, name: str) -> Locator:
    return dialog.locator(f"[name={name}]")


def save(page: Page, dialog: Locator) -> None:
    with page.expect_navigation():
        dialog.get_by_test_id("btn-save").click()


def test_a_key_subject_is_collected_filed_and_the_first_visit_is_on_the_home_page(
    page: Page, personas: Personas, login_as: Any, shots: Path
) -> None:
    today = dt.date.today()
    number = valid_id_number("150402", "19791103", "613")
    login_as(page, personas.owner)
    page.locator("#sidebar").get_by_role("link", name="安置帮教", exact=True).click()
    expect(page).to_have_url(re.compile(r"/resettlement/$"))
    page.get_by_test_id("btn-create").click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    field(dialog, "org").select_option(str(personas.office.pk))
    field(dialog, "name").fill(NAME)
    field(dialog, "id_number").fill(number)
    field(dialog, "crime").fill("抢劫罪")
    field(dialog, "sentence").fill("有期徒刑五年")
    field(dialog, "prison").fill("内蒙古自治区赤峰监狱")
    field(dialog, "release_date").fill(today.isoformat())
    field(dialog, "notice_date").fill((today - dt.timedelta(days=30)).isoformat())
    field(dialog, "key_subject").check()
    field(dialog, "key_ground").fill("严重暴力犯罪")
    dialog.get_by_test_id("btn-save").click()
    table = page.get_by_test_id("released-table")
    expect(table).to_contain_text(NAME)
    expect(table).to_contain_text("待衔接")
    released = Released.objects.get(person__name=NAME)

    table.get_by_role("link", name=NAME).click()
    expect(page).to_have_url(re.compile(rf"/resettlement/{released.uuid}/$"))
    expect(page.get_by_test_id("key-subject")).to_be_visible()
    expect(page.get_by_test_id("id-number")).to_have_text(released.person.id_number_masked)
    expect(page.locator("body")).not_to_contain_text(number)

    # 必接必送: a family pick-up is refused with the reason; the gate collection is recorded.
    page.locator('[data-action="handover"]').click()
    expect(dialog).to_be_visible()
    field(dialog, "date").fill(today.isoformat())
    field(dialog, "method").select_option("family")
    field(dialog, "collected_by").fill("其妻")
    dialog.get_by_test_id("btn-save").click()
    expect(dialog).to_contain_text("请由司法所会同有关部门到监狱接回")
    field(dialog, "method").select_option("collected")
    field(dialog, "collected_by").fill("李所长、派出所民警")
    save(page, dialog)
    expect(page.get_by_test_id("status")).to_have_text("帮教中")
    expect(page.get_by_test_id("handover")).to_contain_text("接回（必接必送）")
    expect(page.get_by_test_id("deadlines")).to_contain_text(f"首次走访：{NAME}")

    page.locator('[data-action="file"]').click()
    expect(dialog).to_be_visible()
    field(dialog, "family").fill("与妻子、女儿同住")
    field(dialog, "housing").fill("自有平房三间")
    field(dialog, "income").fill("暂无收入，依靠家人")
    save(page, dialog)
    expect(page.get_by_test_id("file")).to_contain_text("与妻子、女儿同住")

    page.locator('[data-action="risk"]').click()
    expect(dialog).to_be_visible()
    field(dialog, "level").select_option("high")
    field(dialog, "reason").fill("暴力犯罪，出狱后无业，需重点管控")
    save(page, dialog)
    expect(page.get_by_test_id("risk")).to_have_text("高风险")
    page.screenshot(path=shots / "resettlement-released.png", full_page=True)

    # 今日待办 on the home page names the first visit, due within seven days.
    page.goto("/")
    expect(page.locator("body")).to_contain_text(f"首次走访：{NAME}")
    released.refresh_from_db()
    assert (released.returned_date, released.handover_method, released.risk_level) == (today, "collected", "high")
