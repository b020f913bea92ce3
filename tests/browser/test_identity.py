"""No silent identity merges, in a real browser at the office monitor (1366×768) and on a phone (390×844).

An ID number already registered in the office under another name stops the registration at the ID-number field and
reveals the 同一人 / 录入有误 choice; only 同一人 saves, linking the registered person and recording the phone typed
here (the old one goes to the audit entry)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from core.testing import Personas, valid_id_number
from mediation.models import DisputeParty
from people.models import Person
from people.services import PersonInput, person_create

pytestmark = pytest.mark.browser

KNOWN = valid_id_number("150402", "19680514", "061")


@pytest.mark.parametrize("size", ["page", "phone_page"])
def test_an_id_number_under_another_name_asks_before_filing(
    request: pytest.FixtureRequest, size: str, personas: Personas, login_as: Any
) -> None:
    page: Page = request.getfixturevalue(size)
    registered = person_create(actor=personas.owner, org=personas.office,
                               data=PersonInput(name="韩立平", sex="1", id_number=KNOWN, phone="13847610001"))
    login_as(page, personas.owner)
    page.goto("/mediation/disputes/")
    page.get_by_test_id("btn-create").click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    dialog.locator("[name=title]").fill("韩丽平与郭淑珍相邻通行纠纷")
    dialog.locator("[name=facts]").fill("郭某在自家院外堆放柴草，堵住韩某出入的通道。")
    dialog.locator("[name=category]").select_option("neighbour")
    dialog.locator("[name=applicant_name]").fill("韩丽平")
    dialog.locator("[name=applicant_id_number]").fill(KNOWN)
    dialog.locator("[name=applicant_phone]").fill("13947612345")
    dialog.locator("[name=respondent_name]").fill("郭淑珍")
    expect(dialog.get_by_label("同一人，更新联系方式")).to_have_count(0)  # hidden until the question arises
    dialog.get_by_test_id("btn-save").click()

    expect(dialog.get_by_test_id("error-applicant_id_number")).to_contain_text("已登记为另一姓名")
    same = dialog.get_by_label("同一人，更新联系方式")
    expect(same).to_be_visible()
    expect(same).not_to_be_checked()  # the user decides each time
    assert not DisputeParty.objects.filter(person=registered).exists()  # nothing saved yet
    # What was typed stays.
    expect(dialog.locator("[name=applicant_name]")).to_have_value("韩丽平")

    same.check()
    dialog.get_by_test_id("btn-save").click()
    expect(page.locator("table")).to_contain_text("韩丽平与郭淑珍相邻通行纠纷")
    registered.refresh_from_db()
    assert registered.name == "韩立平"  # the registered person keeps the name; the phone typed here is recorded
    assert registered.phone == "13947612345"
    assert DisputeParty.objects.filter(person=registered, role="applicant").count() == 1
    assert Person.objects.filter(org=personas.office, id_number_hash=registered.id_number_hash).count() == 1
