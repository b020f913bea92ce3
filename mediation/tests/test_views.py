from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.testing import valid_id_number
from mediation.models import Dispute
from mediation.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _register(client, personas, **over):
    data = {
        "org": personas.office.pk, "title": "张某与刘某借款纠纷", "category": "contract", "source": "application",
        "received_date": TODAY.isoformat(), "facts": "刘某借张某5000元到期未还。", "claims": "归还借款", "amount": "5000",
        "people_count": "2", "applicant_name": "张某某", "applicant_id_number": valid_id_number(seq="401"),
        "applicant_phone": "13900000001", "respondent_name": "刘某某", "respondent_id_number": "", "respondent_phone": "",
    }
    data.update(over)
    return client.post("/mediation/disputes/new/", data, HTTP_HX_REQUEST="true")


def test_office_registers_accepts_and_records_an_agreement_through_dialogs(personas, login):
    c = login(personas.owner)
    assert _register(c, personas).status_code == 204
    d = Dispute.objects.get()
    assert [p.person.name for p in d.parties.all()] == ["张某某", "刘某某"]
    detail = c.get(f"/mediation/disputes/{d.uuid}/").content.decode()
    assert 'data-action="accept"' in detail and 'data-action="agreement"' not in detail
    m = factories.mediator(personas)
    r = c.post(f"/mediation/disputes/{d.uuid}/accept/", {"accepted_date": TODAY.isoformat(), "mediators": [m.pk]},
               HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    respondent = d.parties.get(role="respondent")
    bad = c.post(f"/mediation/disputes/{d.uuid}/agreement/", {
        "kind": "written", "signed_date": TODAY.isoformat(), "facts": "借款未还", "content": "刘某某分两期还款",
        "item1_obligor": respondent.pk, "item1_description": "还款2500元", "item1_due": (TODAY - dt.timedelta(days=3)).isoformat(),
    }, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and "早于协议日期" in bad.content.decode()
    missing = c.post(f"/mediation/disputes/{d.uuid}/agreement/", {"kind": "written", "facts": "x", "content": "y"},
                     HTTP_HX_REQUEST="true")
    assert missing.status_code == 422 and "签字" in missing.content.decode()
    ok = c.post(f"/mediation/disputes/{d.uuid}/agreement/", {
        "kind": "written", "signed_date": TODAY.isoformat(), "facts": "借款未还", "content": "刘某某分两期还款",
        "amount": "5000", "item1_obligor": respondent.pk, "item1_description": "还款2500元", "item1_amount": "2500",
        "item1_due": (TODAY + dt.timedelta(days=10)).isoformat(),
    }, HTTP_HX_REQUEST="true")
    assert ok.status_code == 204
    page = c.get(f"/mediation/disputes/{d.uuid}/").content.decode()
    assert "司法确认申请期还剩" in page and "还款2500元" in page


def test_bad_registration_shows_chinese_errors_and_saves_nothing(personas, login):
    c = login(personas.owner)
    r = _register(c, personas, applicant_id_number="150402198001011230", title="")
    body = r.content.decode()
    assert r.status_code == 422 and "请填写纠纷名称" in body
    r = _register(c, personas, applicant_id_number="150402198001011230")
    assert r.status_code == 422 and "校验位错误" in r.content.decode()
    assert Dispute.objects.count() == 0


def test_personas_on_dispute_pages(personas, login, client):
    d = factories.dispute(personas)
    url = f"/mediation/disputes/{d.uuid}/"
    assert client.get(url).status_code == 302
    assert login(personas.owner).get(url).status_code == 200
    assert login(personas.supervisor).get(url).status_code == 200
    assert login(personas.readonly).get(url).status_code == 200
    assert login(personas.outsider).get(url).status_code == 404
    assert login(personas.readonly).get(url + "accept/").status_code == 403
    assert login(personas.outsider).post(url + "accept/", {"accepted_date": TODAY.isoformat()}).status_code == 404
    assert Dispute.objects.get(pk=d.pk).status == "lead"
    assert login(personas.owner).get(url + "nosuchstep/").status_code == 404


def test_list_filters_and_exports_what_it_shows(personas, login):
    factories.dispute(personas, title="甲纠纷", category="neighbour")
    factories.dispute(personas, title="乙纠纷", category="contract")
    c = login(personas.owner)
    page = c.get("/mediation/disputes/?category=neighbour").content.decode()
    assert "甲纠纷" in page and "乙纠纷" not in page
    wb = load_workbook(BytesIO(c.get("/mediation/disputes/?category=neighbour&export=xlsx").content))
    rows = list(wb.active.values)
    assert len(rows) == 2 and rows[1][1] == "甲纠纷" and rows[1][2] == "邻里纠纷"
    assert "甲纠纷" not in login(personas.outsider).get("/mediation/disputes/").content.decode()
    overdue = c.get("/mediation/disputes/?overdue=true").content.decode()
    assert "甲纠纷" not in overdue


def test_list_query_count_does_not_grow_with_rows(personas, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mediation.services import dispute_accept

    factories.dispute(personas, title="第0起纠纷")
    c = login(personas.owner)
    c.get("/mediation/disputes/")
    with CaptureQueriesContext(connection) as one:
        c.get("/mediation/disputes/")
    for i in range(1, 6):
        d = factories.dispute(personas, title=f"第{i}起纠纷")
        dispute_accept(actor=personas.owner, dispute=d, accepted_date=dt.date.today(),
                       mediator_ids=[factories.mediator(personas, f"调解员{'甲乙丙丁戊'[i - 1]}").pk])
    with CaptureQueriesContext(connection) as many:
        assert c.get("/mediation/disputes/").context["table"].paginator.count == 6
    assert len(many) == len(one)


def test_export_has_every_filtered_row_in_the_order_the_list_shows(personas, login):
    for title in ("乙纠纷", "甲纠纷", "丙纠纷"):
        factories.dispute(personas, title=title, category="neighbour")
    factories.dispute(personas, title="丁纠纷", category="contract")
    c = login(personas.owner)
    query = "category=neighbour&sort=-title&per_page=10"
    shown = [d.title for d in c.get(f"/mediation/disputes/?{query}").context["table"].page.object_list.data]
    rows = list(load_workbook(BytesIO(c.get(f"/mediation/disputes/?{query}&export=xlsx").content)).active.values)
    expected = list(Dispute.objects.filter(category="neighbour").order_by("-title").values_list("title", flat=True))
    assert [r[1] for r in rows[1:]] == shown == expected and len(expected) == 3


def _field_errors(response) -> dict[str, str]:
    import re

    found = dict(re.findall(r'data-testid="error-([a-z0-9_]+)">([^<]*)<', response.content.decode()))
    found.pop("summary", None)  # the count above the form ("有 4 处需要修改")
    return found


def test_registration_reports_every_error_in_one_round_each_at_its_field(personas, login):
    """A required field left empty does not hide the service's checks: the future 登记日期 and each party's wrong
    number come in the same answer, at their fields, naming the party."""
    c = login(personas.owner)
    bad = valid_id_number(seq="402")[:17] + ("0" if valid_id_number(seq="402")[17] != "0" else "1")
    r = _register(c, personas, title="", received_date=(TODAY + dt.timedelta(days=2)).isoformat(),
                  respondent_id_number=bad, applicant_phone="12")
    assert r.status_code == 422
    assert _field_errors(r) == {
        "title": "请填写纠纷名称",
        "received_date": "登记日期不能晚于今天，请核对",
        "applicant_phone": "申请人的电话号码格式不正确：手机号为以1开头的11位数字，固定电话请带区号（如 0476-8888888）",
        "respondent_id_number": "被申请人的身份证号码校验位错误，请核对最后一位",
    }
    assert "有 4 处需要修改" in r.content.decode()
    assert Dispute.objects.count() == 0


def test_step_dialogs_report_their_date_rules_with_the_missing_fields(personas, login):
    """受理 → 调解记录 → 达成协议 → 回访: a date before the step it follows is reported beside the empty required fields,
    not only after they are filled in; nothing is saved."""
    from mediation.services import AgreementInput, agreement_make, dispute_accept

    c = login(personas.owner)
    d = factories.dispute(personas, received=TODAY - dt.timedelta(days=5))
    url = f"/mediation/disputes/{d.uuid}/"
    early = (TODAY - dt.timedelta(days=9)).isoformat()
    r = c.post(url + "accept/", {"accepted_date": early}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and _field_errors(r) == {"accepted_date": "受理日期不能早于登记日期"}
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY - dt.timedelta(days=2))
    r = c.post(url + "session/", {"date": early, "place": "", "hosts": "", "record": ""}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422
    assert _field_errors(r) == {"date": "调解时间不能早于受理日期", "place": "请填写调解地点", "hosts": "请填写主持调解员",
                                "record": "请填写调解情况"}
    respondent = d.parties.get(role="respondent")
    r = c.post(url + "agreement/", {
        "kind": "written", "signed_date": TODAY.isoformat(), "facts": "借款未还", "content": "",
        "item1_obligor": respondent.pk, "item1_description": "还款", "item1_due": early,
        "item2_obligor": respondent.pk, "item2_description": "", "item2_due": TODAY.isoformat(),
    }, HTTP_HX_REQUEST="true")
    assert r.status_code == 422
    assert _field_errors(r) == {"content": "请填写协议内容", "item1_due": f"履行期限 {early} 早于协议日期，请核对",
                                "item2_description": "履行事项2须同时填写履行人、内容和期限"}
    r = c.post(url + "agreement/", {"kind": "written", "signed_date": early, "facts": "", "content": "分期还款"},
               HTTP_HX_REQUEST="true")
    assert _field_errors(r) == {"signed_date": "协议日期不能早于受理日期", "facts": "请填写纠纷主要事实、争议事项"}
    assert not hasattr(Dispute.objects.get(pk=d.pk), "agreement")
    agreement_make(actor=personas.owner, dispute=d, data=AgreementInput(
        kind="oral", facts="借款未还", content="当场还清", signed_date=TODAY - dt.timedelta(days=1)))
    r = c.post(url + "followup/", {"date": early, "visitor": "", "visited": "张某", "performance": "", "satisfaction": "",
                                   "situation": ""}, HTTP_HX_REQUEST="true")
    errors = _field_errors(r)
    assert r.status_code == 422 and errors["date"] == "回访时间不能早于调结日期"
    assert {"visitor", "performance", "satisfaction", "situation"} <= set(errors)


def test_an_obligation_without_an_amount_shows_a_dash_not_zero(personas, login):
    """履行事项 such as 赔礼道歉 carry no money: the page shows — (该项义务不涉及金额), never "0.00 元"."""
    from decimal import Decimal

    from mediation.services import AgreementInput, PerformanceInput, agreement_make, dispute_accept

    d = factories.dispute(personas, received=TODAY - dt.timedelta(days=3))
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY - dt.timedelta(days=2))
    respondent = d.parties.get(role="respondent")
    agreement_make(actor=personas.owner, dispute=d, data=AgreementInput(
        kind="written", facts="借款未还", content="还款并道歉", signed_date=TODAY, items=[
            PerformanceInput(obligor_party_id=respondent.pk, description="归还借款", due_date=TODAY, amount=Decimal("2500")),
            PerformanceInput(obligor_party_id=respondent.pk, description="当面赔礼道歉", due_date=TODAY)]))
    import re

    body = login(personas.owner).get(f"/mediation/disputes/{d.uuid}/").content.decode()
    amounts = re.findall(r'data-testid="item-amount">(.*?)</td>', body)
    assert amounts == ["2500.00 元", '<span class="text-muted" title="该项义务不涉及金额">—</span>']
    assert not re.search(r">0(\.00)? 元<", body)
