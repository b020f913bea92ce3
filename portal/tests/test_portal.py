from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from core.models import Notification
from core.testing import valid_id_number
from mediation.models import Dispute
from mediation.services import dispute_accept

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


def _apply(client, personas, **over):
    data = {"office": personas.office.pk, "applicant_name": "韩梅梅", "applicant_id_number": valid_id_number(seq="702"),
            "applicant_phone": "13912340000", "respondent_name": "李雷", "respondent_phone": "", "category": "neighbour",
            "facts": "楼上漏水导致我家天花板损坏。", "claims": "修复并赔偿", "consent": "on", "website": ""}
    data.update(over)
    return client.post("/portal/mediation/apply/", data)


def test_citizen_applies_online_and_follows_progress(personas, client):
    assert client.get("/portal/").status_code == 200
    r = _apply(client, personas)
    assert r.status_code == 200
    code = r.context["code"]
    d = Dispute.objects.get()
    assert d.receipt_code == code and d.status == "lead" and d.created_by is None and d.org == personas.office
    assert Notification.objects.filter(user=personas.owner, title__contains="网上申请").exists()
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=dt.date.today())
    page = client.post("/portal/track/", {"code": code.lower(), "contact": "13912340000"}).content.decode()
    assert "已受理" in page and d.title in page
    wrong = client.post("/portal/track/", {"code": code, "contact": "13900000000"}).content.decode()
    assert "查询码与手机号码或身份证号码不匹配" in wrong and d.title not in wrong


def test_bad_application_gives_chinese_messages_and_saves_nothing(personas, client):
    r = _apply(client, personas, applicant_id_number="150402198001011230", consent="")
    body = r.content.decode()
    assert r.status_code == 422 and "请确认已知悉人民调解的原则" in body
    r = _apply(client, personas, applicant_id_number="150402198001011230")
    assert r.status_code == 422 and "校验位错误" in r.content.decode()
    r = _apply(client, personas, applicant_phone="12")
    assert r.status_code == 422 and "电话号码格式不正确" in r.content.decode()
    assert Dispute.objects.count() == 0


def test_every_error_of_an_application_is_shown_at_once_naming_the_party(personas, client):
    bad = valid_id_number(seq="702")[:17] + ("0" if valid_id_number(seq="702")[17] != "0" else "1")
    r = _apply(client, personas, office="", applicant_id_number=bad, applicant_phone="12", respondent_phone="999", facts="",
               consent="")
    body = r.content.decode()
    assert r.status_code == 422
    for field, message in [
        ("office", "请选择向哪个司法所申请"), ("applicant_id_number", "申请人的身份证号码校验位错误，请核对最后一位"),
        ("applicant_phone", "申请人的电话号码格式不正确"), ("respondent_phone", "对方当事人的电话号码格式不正确"),
        ("facts", "请填写纠纷简要情况"), ("consent", "请确认已知悉人民调解的原则并自愿申请"),
    ]:
        assert f'data-testid="error-{field}">{message}' in body, field
    assert "有 6 处需要修改" in body
    assert Dispute.objects.count() == 0


def test_the_office_picker_is_grouped_by_county_and_starts_at_the_prompt(personas, client):
    body = client.get("/portal/mediation/apply/").content.decode()
    assert '<option value="" selected>请选择</option>' in body
    assert '<optgroup label="红山区">' in body and '<optgroup label="元宝山区">' in body


def test_honeypot_and_rate_limit(personas, client):
    _apply(client, personas, website="http://spam")
    assert Dispute.objects.count() == 0
    for i in range(5):
        _apply(client, personas, applicant_id_number=valid_id_number(seq=str(710 + i)))
    r = _apply(client, personas, applicant_id_number=valid_id_number(seq="720"))
    assert "提交过于频繁" in r.content.decode() and Dispute.objects.count() == 5


def test_applicant_may_name_the_mediators_they_choose_and_the_office_records_the_choice(personas, client, login):
    from mediation.tests import factories

    r = _apply(client, personas, preferred_mediators="赵调解")
    assert r.status_code == 200
    d = Dispute.objects.get()
    assert d.requested_mediators == "赵调解"
    mediator = factories.mediator(personas, "赵调解")
    office = login(personas.owner)
    dialog = office.get(f"/mediation/disputes/{d.uuid}/accept/", HTTP_HX_REQUEST="true").content.decode()
    assert "当事人希望选择：赵调解" in dialog
    r = office.post(f"/mediation/disputes/{d.uuid}/accept/", {"accepted_date": dt.date.today().isoformat(),
                                                            "mediators": [mediator.pk], "chosen_by_parties": "on"},
                    HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    d.refresh_from_db()
    assert d.mediators_chosen_by_parties and list(d.mediators.all()) == [mediator]
    assert d.steps.get(kind="assign").summary == "当事人选择调解员：赵调解"
    assert "（当事人选择）" in office.get(f"/mediation/disputes/{d.uuid}/").content.decode()
