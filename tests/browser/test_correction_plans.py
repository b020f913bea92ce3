"""分类管理 and the one-click 矫正方案 in a real browser: an office worker records a woman's basic conditions, runs the
risk/needs assessment item by item, generates the draft plan in one click, sees each measure with the conditions that
triggered it and its legal basis, approves it and can print it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from core.testing import Personas
from corrections.models import CorrectionPlan, RuleSet
from corrections.tests import plan_factories

pytestmark = pytest.mark.browser


def test_conditions_assessment_one_click_plan_and_approval(page: Page, personas: Personas, login_as: Any, shots: Path) -> None:
    subject = plan_factories.receive(personas, "李秀梅", female=True)
    login_as(page, personas.owner)
    page.goto(subject.get_absolute_url())
    page.locator('[data-action="grading"]').click()
    expect(page).to_have_url(re.compile(rf"/corrections/{subject.uuid}/grading/$"))
    expect(page.get_by_test_id("current-level")).to_have_text("未定级")

    dialog = page.locator("#dialog")
    page.locator('[data-action="conditions"]').click()
    expect(dialog).to_be_visible()
    dialog.locator("[name=dependants]").select_option("young_children")
    dialog.locator("[name=financial_hardship]").select_option("yes")
    dialog.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("conditions")).to_contain_text("抚养未成年子女")

    page.locator('[data-action="assess"]').click()
    expect(dialog).to_contain_text("既往犯罪记录")
    for item in RuleSet.objects.get(active=True).items.all():
        dialog.locator(f"[name=item_{item.code}]").select_option(str(item.options[0]["value"]))
    dialog.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("current-level")).to_contain_text("严管")
    expect(page.get_by_test_id("grade-history")).to_contain_text("入矫不满两个月")

    page.locator('[data-action="generate"]').click()
    plan = CorrectionPlan.objects.get(subject=subject)
    expect(page).to_have_url(re.compile(rf"/corrections/plans/{plan.uuid}/$"))
    supervision = page.get_by_test_id("measures-supervision")
    expect(supervision).to_contain_text("矫正小组中应有女性成员")
    expect(supervision).to_contain_text("性别：女")
    expect(supervision).to_contain_text("社区矫正法 第二十五条")
    expect(page.get_by_test_id("measures-assistance")).to_contain_text("协助申请最低生活保障")
    page.screenshot(path=shots / "corrections-plan-draft.png", full_page=True)

    page.locator('[data-action="approve"]').click()
    expect(page.get_by_test_id("plan-status")).to_have_text("已审批")
    expect(page.locator("body")).to_contain_text("生成矫正方案文书")
    expect(page.get_by_test_id("obligations")).to_contain_text("报到")
