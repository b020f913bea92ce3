"""法律援助 pages: the 台账 with its filters and export, the receiving dialog with Chinese errors, the application page
with 转交 / 不予受理, 转为法律援助申请 from the consultation page, and every persona on each page."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from consultation.tests import factories as consultation_factories
from core.models import Deadline
from core.testing import valid_id_number
from legalaid.models import Application
from legalaid.tests import factories
from legalaid.walk import _fields

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _create(client: Any, personas: Any, **over: Any) -> Any:
    data = {"org": personas.office.pk, "channel": "window", "name": "白玉山",
            "id_number": valid_id_number(birth="19700101", seq="615"), "phone": "13947612345", **_fields(), **over}
    return client.post("/legalaid/new/", data, HTTP_HX_REQUEST="true")


def test_office_receives_an_application_through_the_dialog(personas, login):
    r = _create(login(personas.owner), personas)
    assert r.status_code == 204, r.content.decode()
    a = Application.objects.get()
    assert a.applicant.name == "白玉山" and a.status == "received" and a.handler == personas.owner
    assert Deadline.objects.get(kind="legalaid.forward").status == "open"
    home = login(personas.owner).get("/").content.decode()
    assert "转交法律援助申请：白玉山" in home  # 今日待办


@pytest.mark.parametrize("over, field, message", [
    ({"id_number": "150402197001016150"}, "id_number", "校验"),
    ({"id_number": ""}, "id_number", "请填写申请人身份证号码"),
    ({"matter": ""}, "matter", "请选择申请事项类别"),
    ({"hardship_basis": "not_required"}, "hardship_basis", "第三十一条"),
    ({"hardship_detail": ""}, "hardship_detail", "如实说明的经济困难状况"),
    ({"is_urgent": "on"}, "urgent_reason", "请写明紧急情形"),
    ({"received_date": "2026-13-40"}, "received_date", "格式不正确"),
])
def test_bad_dialog_input_shows_chinese_errors_and_saves_nothing(personas, login, over, field, message):
    r = _create(login(personas.owner), personas, **over)
    html = r.content.decode()
    assert r.status_code == 422
    assert f'data-testid="error-{field}"' in html and message in html, html[html.find("text-danger small"):][:300]
    assert not Application.objects.exists()


def test_the_form_s_and_the_service_s_errors_come_in_one_round(personas, login):
    r = _create(login(personas.owner), personas, facts="", hardship_detail="", is_urgent="on", id_number="150402197001016150")
    html = r.content.decode()
    assert r.status_code == 422
    for field, message in [("facts", "请填写案情及申请理由"), ("hardship_detail", "请填写申请人如实说明的经济困难状况"),
                           ("urgent_reason", "请写明紧急情形"), ("id_number", "申请人的身份证号码校验位错误")]:
        assert f'data-testid="error-{field}">{message}' in html, field
    assert not Application.objects.exists()


def test_detail_page_forward_and_the_clock_closes(personas, login):
    a = factories.application(personas)
    c = login(personas.owner)
    page = c.get(a.get_absolute_url()).content.decode()
    assert 'data-action="forward"' in page and 'data-action="not-accept"' in page and a.applicant.id_number_masked in page
    assert a.applicant.reveal_id_number() not in page
    dialog = c.get(f"/legalaid/{a.uuid}/forward/").content.decode()
    assert 'value="红山区法律援助中心"' in dialog
    r = c.post(f"/legalaid/{a.uuid}/forward/", {"date": TODAY.isoformat(), "centre_name": "红山区法律援助中心"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == "forwarded" and Deadline.objects.get(kind="legalaid.forward").status == "done"
    page = c.get(a.get_absolute_url()).content.decode()
    assert 'data-testid="forwarded"' in page and 'data-action="forward"' not in page
    assert c.post(f"/legalaid/{a.uuid}/forward/", {"date": TODAY.isoformat(), "centre_name": "某中心"}).status_code == 422


def test_not_accept_needs_a_reason(personas, login):
    a = factories.application(personas)
    c = login(personas.owner)
    r = c.post(f"/legalaid/{a.uuid}/not-accept/", {"date": TODAY.isoformat(), "reason": ""})
    assert r.status_code == 422 and "请填写不予受理理由" in r.content.decode()
    assert c.post(f"/legalaid/{a.uuid}/not-accept/", {"date": TODAY.isoformat(), "reason": "申请事项不属于法律援助范围"}).status_code == 302
    a.refresh_from_db()
    assert a.status == "not_accepted"
    assert "申请事项不属于法律援助范围" in c.get(a.get_absolute_url()).content.decode()


def test_edit_dialog_saves_a_correction(personas, login):
    a = factories.application(personas)
    r = login(personas.owner).post(f"/legalaid/{a.uuid}/edit/", _fields(opposing_party="某建筑劳务公司"))
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.opposing_party == "某建筑劳务公司" and a.received_date == TODAY


def test_consultation_page_converts_to_an_application_prefilled(personas, login):
    cons = consultation_factories.consultation(personas, topic="labour", question="包工头拖欠我八个月工资。")
    c = login(personas.owner)
    page = c.get(cons.get_absolute_url()).content.decode()
    assert 'data-action="legal-aid"' in page and "转为法律援助申请" in page
    dialog = c.get(f"/legalaid/from-consultation/{cons.uuid}/").content.decode()
    assert "包工头拖欠我八个月工资。" in dialog and 'value="labour" selected' in dialog and 'name="id_number"' not in dialog
    r = c.post(f"/legalaid/from-consultation/{cons.uuid}/", _fields(facts=cons.question))
    assert r.status_code == 302, r.content.decode()
    a = Application.objects.get()
    cons.refresh_from_db()
    assert a.consultation == cons and a.applicant == cons.person and a.channel == "consultation"
    assert cons.follow_up == "legal_aid"
    page = c.get(cons.get_absolute_url()).content.decode()
    assert 'data-testid="legal-aid"' in page and a.get_absolute_url() in page
    assert 'data-action="legal-aid"' not in page and 'data-action="convert"' not in page
    assert cons.get_absolute_url() in c.get(a.get_absolute_url()).content.decode()


def test_conversion_dialog_asks_for_a_missing_id_number(personas, login):
    from consultation.services import consultation_record

    cons = consultation_record(actor=personas.owner, org=personas.office,
                               person=consultation_factories.person("韩桂芝", with_id=False), data=consultation_factories.data())
    c = login(personas.owner)
    assert 'name="id_number"' in c.get(f"/legalaid/from-consultation/{cons.uuid}/").content.decode()
    r = c.post(f"/legalaid/from-consultation/{cons.uuid}/", _fields())
    assert r.status_code == 422 and "请填写申请人身份证号码" in r.content.decode() and not Application.objects.exists()


@pytest.mark.parametrize("suffix", ["", "edit/", "forward/", "not-accept/"])
def test_personas_on_application_pages(personas, login, client, suffix):
    a = factories.application(personas)
    url = f"/legalaid/{a.uuid}/{suffix}"
    assert client.get(url).status_code == 302
    assert login(personas.outsider).get(url).status_code == 404
    assert login(personas.owner).get(url).status_code == 200
    # The county reads the office's case but does not write it (办案范围): a write page is 403, as for the auditor.
    assert login(personas.supervisor).get(url).status_code == (200 if suffix == "" else 403)
    assert login(personas.readonly).get(url).status_code == (200 if suffix == "" else 403)


def test_personas_on_the_list_create_and_conversion_pages(personas, login, client):
    factories.application(personas)
    cons = consultation_factories.consultation(personas)
    assert client.get("/legalaid/").status_code == 302 and client.get("/legalaid/new/").status_code == 302
    for user in (personas.owner, personas.supervisor, personas.readonly):
        assert "马国庆" in login(user).get("/legalaid/").content.decode()
    outsider_page = login(personas.outsider).get("/legalaid/")
    assert outsider_page.status_code == 200 and "马国庆" not in outsider_page.content.decode()
    assert login(personas.readonly).get("/legalaid/new/").status_code == 403
    assert _create(login(personas.readonly), personas).status_code == 403
    url = f"/legalaid/from-consultation/{cons.uuid}/"
    assert login(personas.outsider).get(url).status_code == 404
    assert login(personas.readonly).post(url, _fields()).status_code == 403
    assert 'data-action="legal-aid"' not in login(personas.readonly).get(cons.get_absolute_url()).content.decode()
    assert Application.objects.count() == 1


def test_list_filters_and_exports_what_it_shows(personas, login):
    factories.application(personas, name="甲申请人", matter="labour", is_urgent=True, urgent_reason="距仲裁时效届满不足七日")
    factories.application(personas, name="乙申请人", matter="abuse_victim", hardship_basis="not_required",
                          received_date=TODAY - dt.timedelta(days=40))
    c = login(personas.owner)
    page = c.get("/legalaid/?matter=labour").content.decode()
    assert "甲申请人" in page and "乙申请人" not in page
    assert "乙申请人" not in c.get("/legalaid/?is_urgent=true").content.decode()
    assert "甲申请人" not in c.get("/legalaid/?hardship_basis=not_required").content.decode()
    since = (TODAY - dt.timedelta(days=10)).isoformat()
    dated = c.get(f"/legalaid/?date_from={since}&status=received").content.decode()
    assert "甲申请人" in dated and "乙申请人" not in dated
    assert "乙申请人" in c.get("/legalaid/?q=乙申请").content.decode()
    rows = list(load_workbook(BytesIO(c.get("/legalaid/?matter=labour&export=xlsx").content)).active.values)
    assert len(rows) == 2 and rows[1][1] == "甲申请人" and rows[1][5] == "请求确认劳动关系或者支付劳动报酬"
    assert rows[1][12] == "距仲裁时效届满不足七日" and rows[1][14] == "已接收待转交"
    assert "*" in rows[1][2]  # the ID number leaves only masked


def test_list_query_count_does_not_grow_with_rows(personas, login):
    c = login(personas.owner)
    factories.application(personas, name="一号")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/legalaid/").status_code == 200
        return len(ctx.captured_queries)

    count()  # warm the per-process caches (menu, content types)
    one = count()
    for i in range(15):
        factories.application(personas, name=f"申请人{i}")
    assert count() == one


def test_menu_shows_the_entry_to_users_who_may_view(personas, login):
    assert 'href="/legalaid/"' in login(personas.owner).get("/").content.decode()
    assert 'href="/legalaid/"' in login(personas.readonly).get("/").content.decode()


def test_a_mediator_has_no_part_in_legal_aid_applications(personas, login):
    from core.testing import make_user

    mediator = make_user("mediator_150402001001", org=personas.committee, role="mediator", full_name="周调解")
    assert not any(p.startswith("legalaid.") for p in mediator.get_all_permissions())
    assert mediator.has_perm("mediation.add_dispute")
    assert login(mediator).get("/legalaid/").status_code == 403
    assert 'href="/legalaid/"' not in login(mediator).get("/").content.decode()
