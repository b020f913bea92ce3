"""上传笔录 in a real browser: the mediator uploads a typed 调解笔录 through the dialog (a multipart htmx post), checks
the 调解记录 it prefilled and saves it, then opens the prefilled 调解协议 and saves that too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from core.testing import Personas
from mediation.models import Agreement, MediationSession
from mediation.services import dispute_accept
from mediation.tests import factories

pytestmark = pytest.mark.browser


def _transcript(day: dt.date) -> str:
    return f"""调 解 笔 录
时间：{day.year}年{day.month}月{day.day}日上午9时
地点：西屯街道司法所人民调解室
调解员：赵调解
记录人：张明

调解员赵调解：今天就申请人王大山与被申请人李二河之间的宅基地纠纷进行调解。请申请人王大山先说。
申请人王大山：李二河砌墙占了我家宅基地半米，我要求他把墙拆了，再赔偿我损失三千元。
被申请人李二河：墙是占了一点，我可以拆，钱最多给一千五。
调解员赵调解：经调解，双方自愿达成如下协议：
一、被申请人李二河于本协议签订之日起十日内通过微信向申请人王大山支付补偿款人民币2000元；
二、被申请人李二河于本月底前拆除占用申请人宅基地的围墙。
申请人王大山：没有意见，同意。
被申请人李二河：同意。
"""


def test_mediator_uploads_a_transcript_and_confirms_the_prefilled_dialogs(
    page: Page, personas: Personas, login_as: Any, shots: Path, tmp_path: Path
) -> None:
    today = dt.date.today()
    dispute = factories.dispute(personas)
    dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=today - dt.timedelta(days=5))
    transcript = tmp_path / "调解笔录.txt"
    transcript.write_text(_transcript(today), encoding="utf-8")

    login_as(page, personas.owner)
    page.goto(dispute.get_absolute_url())
    page.locator('[data-action="transcript"]').click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    dialog.locator("[name=file]").set_input_files(str(transcript))
    dialog.get_by_test_id("btn-save").click()

    expect(dialog.get_by_test_id("transcript-proposal")).to_contain_text("调解笔录.txt")
    expect(dialog.locator("[name=hosts]")).to_have_value("赵调解")
    expect(dialog.locator("[name=record]")).to_contain_text("申请人王大山：李二河砌墙占了我家宅基地半米")
    assert not MediationSession.objects.exists()  # nothing saved before the mediator confirms
    page.screenshot(path=shots / "mediation-transcript.png")
    dialog.locator("[name=hosts]").fill("赵调解、张明")
    with page.expect_navigation():
        dialog.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("dispute-status")).to_have_text("调解中")
    assert MediationSession.objects.get().hosts == "赵调解、张明"

    # The agreement proposed by the transcript waits on the case page until the mediator checks it.
    expect(page.get_by_test_id("agreement-draft")).to_be_visible()
    page.locator('[data-action="agreement"]').click()
    expect(dialog).to_be_visible()
    expect(dialog.locator("[name=amount]")).to_have_value("2000")
    expect(dialog.locator("[name=content]")).to_contain_text("支付补偿款人民币2000元")
    dialog.locator("[name=signed_date]").fill(today.isoformat())
    with page.expect_navigation():
        dialog.get_by_test_id("btn-save").click()
    expect(page.get_by_test_id("dispute-status")).to_have_text("已达成协议")
    assert Agreement.objects.get(dispute=dispute).amount == 2000
