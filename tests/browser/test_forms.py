"""Forms in a real browser, at the office monitor (1366×768) and on a phone (390×844).

- Forms start from what the platform knows: the registration's 受理组织 is the user's post, the 调解记录's 主持调解员 the
  assigned mediators, the agreement's 纠纷主要事实 the registered facts, the 回访人 the user and the 回访对象 the
  parties; 履行情况 is chosen by the visitor, never preset; a long mediator list is grouped by committee and searchable.
- All errors at once, at their field: a registration with two wrong ID numbers and no title shows every error in one
  round, each under its field and naming the party; the citizens' portal does the same.
- The daily log reads like a log: one line per case with its steps and a link, no line for registering a party, and
  the confirm button within reach at the top of the page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from core.testing import Personas, valid_id_number
from mediation.services import AgreementInput, agreement_make, dispute_accept, dispute_assign, session_record
from mediation.tests import factories
from worklog.models import WorkLog

pytestmark = pytest.mark.browser

GOOD = valid_id_number("150402", "19700302", "051")
BAD = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")
SIZES = ["page", "phone_page"]


def _page(request: pytest.FixtureRequest, which: str) -> Page:
    page: Page = request.getfixturevalue(which)
    return page


def _step(page: Page, action: str) -> Locator:
    page.locator(f'[data-action="{action}"]').click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    return dialog


def _close(page: Page) -> None:
    page.locator("#dialog").get_by_role("button", name="取 消").click()
    expect(page.locator("#dialog")).to_be_hidden()


def test_case_dialogs_start_from_what_the_platform_knows(page: Page, personas: Personas, login_as: Any, shots: Path) -> None:
    today = dt.date.today()
    dispute = factories.dispute(personas)
    dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=today)
    zhao = factories.mediator(personas, "赵调解")
    for i in range(8):  # a committee's roll: the list is long enough to need its search box
        factories.mediator(personas, f"委员{i}号", org=personas.committee)
    login_as(page, personas.owner)

    # Registration: the 受理组织 is the user's post.
    page.goto("/mediation/disputes/")
    page.get_by_test_id("btn-create").click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[name=org]")).to_have_value(str(personas.office.pk))
    expect(dialog.locator("[name=category] option").first).to_have_text("请选择")
    _close(page)

    # 指派调解员: grouped by committee, searchable.
    page.goto(dispute.get_absolute_url())
    dialog = _step(page, "assign")
    picker = dialog.locator("[name=mediators]")
    expect(picker.locator("optgroup")).to_have_count(2)
    search = dialog.get_by_test_id("picker-search-mediators")
    expect(search).to_be_visible()
    search.fill("赵")
    visible = picker.evaluate("s => Array.from(s.options).filter(o => !o.hidden).map(o => o.text)")
    assert visible == ["赵调解"]
    picker.select_option(str(zhao.pk))
    with page.expect_navigation():
        dialog.get_by_test_id("btn-save").click()

    # 调解记录: the hosts are the assigned mediators.
    dialog = _step(page, "session")
    expect(dialog.locator("[name=hosts]")).to_have_value("赵调解")
    page.screenshot(path=shots / "forms-session-prefilled.png")
    _close(page)

    # 达成协议: the main facts are the registered ones.
    dialog = _step(page, "agreement")
    expect(dialog.locator("[name=facts]")).to_have_value(dispute.facts)
    _close(page)

    agreement_make(actor=personas.owner, dispute=dispute, data=AgreementInput(
        kind="written", facts=dispute.facts, content="李二河拆除占地围墙", signed_date=today))
    page.reload()
    dialog = _step(page, "followup")
    expect(dialog.locator("[name=visitor]")).to_have_value("张明")
    expect(dialog.locator("[name=visited]")).to_have_value("王大山、李二河")
    expect(dialog.locator("[name=performance]")).to_have_value("")
    dialog.locator("[name=situation]").fill("围墙已拆除")
    dialog.get_by_test_id("btn-save").click()
    expect(dialog.get_by_test_id("error-performance")).to_have_text("请选择履行情况")
    expect(dialog.get_by_test_id("error-satisfaction")).to_have_text("请选择满意度")
    assert not dispute.followups.exists()


@pytest.mark.parametrize("size", SIZES)
def test_a_registration_shows_every_error_at_once_at_its_field(
    request: pytest.FixtureRequest, size: str, personas: Personas, login_as: Any, shots: Path
) -> None:
    page = _page(request, size)
    login_as(page, personas.owner)
    page.goto("/mediation/disputes/")
    page.get_by_test_id("btn-create").click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    dialog.locator("[name=facts]").fill("李某在自家院外堆放柴草，堵住韩某出入的通道。")
    dialog.locator("[name=category]").select_option("neighbour")
    dialog.locator("[name=applicant_name]").fill("韩立平")
    dialog.locator("[name=applicant_id_number]").fill(BAD)
    dialog.locator("[name=respondent_name]").fill("郭淑珍")
    dialog.locator("[name=respondent_id_number]").fill(BAD)
    dialog.locator("[name=respondent_phone]").fill("1234")
    dialog.get_by_test_id("btn-save").click()

    expect(dialog.get_by_test_id("error-title")).to_have_text("请填写纠纷名称")
    expect(dialog.get_by_test_id("error-applicant_id_number")).to_have_text("申请人的身份证号码校验位错误，请核对最后一位")
    expect(dialog.get_by_test_id("error-respondent_id_number")).to_have_text("被申请人的身份证号码校验位错误，请核对最后一位")
    expect(dialog.get_by_test_id("error-respondent_phone")).to_contain_text("被申请人的电话号码格式不正确")
    expect(dialog.get_by_test_id("error-summary")).to_contain_text("有 4 处需要修改")
    expect(dialog.locator("[name=respondent_id_number]")).to_have_class(re.compile(r"\bis-invalid\b"))
    # What was typed stays, so only the wrong fields are corrected.
    expect(dialog.locator("[name=facts]")).to_have_value("李某在自家院外堆放柴草，堵住韩某出入的通道。")
    page.screenshot(path=shots / f"forms-all-errors-{size}.png", full_page=True)

    dialog.locator("[name=title]").fill("韩立平与郭淑珍相邻通行纠纷")
    dialog.locator("[name=applicant_id_number]").fill(GOOD)
    dialog.locator("[name=respondent_id_number]").fill("")
    dialog.locator("[name=respondent_phone]").fill("")
    dialog.get_by_test_id("btn-save").click()
    expect(page.locator("table")).to_contain_text("韩立平与郭淑珍相邻通行纠纷")


@pytest.mark.parametrize("size", SIZES)
def test_the_portal_shows_every_error_at_once_at_its_field(request: pytest.FixtureRequest, size: str, personas: Personas) -> None:
    page = _page(request, size)
    page.goto("/portal/mediation/apply/")
    office = page.locator("[name=office]")
    expect(office).to_have_value("")
    expect(office.locator('optgroup[label="红山区"]')).to_have_count(1)
    office.select_option(str(personas.office.pk))
    page.locator("[name=applicant_name]").fill("韩梅梅")
    page.locator("[name=applicant_id_number]").fill(BAD)
    page.locator("[name=applicant_phone]").fill("139")
    page.locator("[name=respondent_name]").fill("李雷")
    page.locator("[name=category]").select_option("neighbour")
    page.locator("[name=claims]").fill("修复并赔偿")
    page.get_by_role("button", name="提交申请").click()

    expect(page.get_by_test_id("error-applicant_id_number")).to_have_text("申请人的身份证号码校验位错误，请核对最后一位")
    expect(page.get_by_test_id("error-applicant_phone")).to_contain_text("申请人的电话号码格式不正确")
    expect(page.get_by_test_id("error-facts")).to_have_text("请填写纠纷简要情况")
    expect(page.get_by_test_id("error-consent")).to_have_text("请确认已知悉人民调解的原则并自愿申请")
    expect(page.get_by_test_id("error-summary")).to_be_in_viewport()
    expect(page.locator("[name=office]")).to_have_value(str(personas.office.pk))


@pytest.mark.parametrize("size", SIZES)
def test_the_daily_log_has_one_line_per_case_and_the_confirm_button_at_the_top(
    request: pytest.FixtureRequest, size: str, personas: Personas, login_as: Any, shots: Path
) -> None:
    page = _page(request, size)
    today = dt.date.today()
    dispute = factories.dispute(personas, received=today)  # registers both parties: no line of their own
    dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=today)
    zhao = factories.mediator(personas, "赵调解")
    dispute_assign(actor=personas.owner, dispute=dispute, mediator_ids=[zhao.pk])
    for record in ("双方陈述", "再次调解"):
        session_record(actor=personas.owner, dispute=dispute, date=today, place="调解室", hosts="赵调解", record=record)
    other = factories.dispute(personas, received=today, title="赵某与钱某相邻通行纠纷")

    login_as(page, personas.owner)
    page.goto(f"/worklog/day/{today.isoformat()}/")
    rows = page.get_by_test_id("log-entries").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_text(re.compile(rf"登记矛盾纠纷、受理矛盾纠纷、主持调解（2次）：{dispute.title}"))
    expect(rows.nth(1)).to_have_text(re.compile(rf"登记矛盾纠纷：{other.title}"))
    expect(page.get_by_test_id("log-entries")).not_to_contain_text("登记人员信息")
    top = page.get_by_test_id("btn-confirm-log-top")
    expect(top).to_be_in_viewport()
    page.screenshot(path=shots / f"worklog-one-line-per-case-{size}.png")
    top.click()
    expect(page.get_by_test_id("log-status")).to_contain_text("已确认")
    log = WorkLog.objects.get(user=personas.owner, date=today)
    assert list(log.entries.values_list("link", flat=True)) == [dispute.get_absolute_url(), other.get_absolute_url()]
    page.get_by_test_id("log-entries").get_by_role("link", name=re.compile(other.title)).click()
    expect(page).to_have_url(re.compile(rf"{other.uuid}"))
