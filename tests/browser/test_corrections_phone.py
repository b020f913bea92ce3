"""The 社区矫正对象's phone page in a real browser on a phone (390×844): the subject signs in with the ID number and
the text-message code (the built-in sender writes it to the server log), sees the schedule the office set and checks
in with the browser's location."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from core.testing import Personas, valid_id_number
from corrections import duties
from corrections.models import CheckIn, months_after
from corrections.tests import factories

pytestmark = pytest.mark.browser
ID = valid_id_number("150402", "19880817", "734")


def test_the_subject_signs_in_on_the_phone_sees_the_schedule_and_checks_in(
    phone_page: Page, personas: Personas, caplog: Any, shots: Path
) -> None:
    today = dt.date.today()
    effective = months_after(today, -2)
    subject = factories.subject_receive(actor=personas.owner, org=personas.office, person=factories.person("韩志刚", id_number=ID),
                                        data=factories.data(effective_date=effective, start_date=effective, reported_date=effective,
                                                            end_date=months_after(effective, 12) - dt.timedelta(days=1)))
    duties.obligations_schedule(actor=personas.owner, subject=subject, start=today - dt.timedelta(days=1), end=today + dt.timedelta(days=40),
                                measures=[{"kind": "report", "title": "每周报到", "frequency": "weekly", "legal_basis": "社区矫正法 第二十三条"},
                                          {"kind": "education", "title": "集中教育学习", "hours_per_month": 8}])
    page = phone_page
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 42.2586, "longitude": 118.8869, "accuracy": 20})

    page.goto("/corrections/m/")
    page.get_by_label("身份证号码").fill(ID)
    with caplog.at_level(logging.INFO, logger="corrections.sms"):
        page.locator('[data-action="send-code"]').click()
        expect(page.get_by_test_id("sent")).to_contain_text("验证码已发送")
    code = re.findall(r"验证码为 (\d{6})", caplog.text)[-1]
    page.get_by_label("短信验证码").fill(code)
    page.locator('[data-action="login"]').click()

    schedule = page.get_by_test_id("my-schedule")
    expect(schedule).to_contain_text("每周报到")
    expect(schedule).to_contain_text("集中教育学习")
    expect(page.locator("#place-state")).to_contain_text("已获取位置")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.screenshot(path=str(shots / "corrections-phone.png"), full_page=True)
    page.locator('[data-action="checkin"]').click()
    expect(page.get_by_test_id("message")).to_have_text("签到成功")
    expect(page.get_by_test_id("no-checkin")).to_be_visible()
    checkin = CheckIn.objects.get(subject=subject)
    assert checkin.latitude is not None and float(checkin.latitude) == pytest.approx(42.2586)
    assert checkin.obligation is not None and checkin.obligation.status == "done"
