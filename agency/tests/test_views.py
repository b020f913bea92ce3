"""代收代办 pages and API: the receiving dialogs with Chinese errors and nothing saved, the record pages with the 60-day
and limitation warnings, 今日待办, the export, and the API's answers to bad input."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from agency.models import AgencyCase, ReviewApplication
from agency.tests import factories
from agency.walk import _case_fields, _review_fields
from core.models import Deadline

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _post_review(client: Any, personas: Any, **over: Any) -> Any:
    return client.post("/agency/review/new/", {**_review_fields(personas), **over}, HTTP_HX_REQUEST="true")


def test_office_receives_a_review_application_and_it_is_on_today_s_list(personas, login):
    r = _post_review(login(personas.owner), personas)
    assert r.status_code == 204, r.content.decode()
    a = ReviewApplication.objects.get()
    assert a.applicant.name == "白音" and a.handler == personas.owner
    home = login(personas.owner).get("/").content.decode()
    assert "转交行政复议申请：白音" in home  # 今日待办


@pytest.mark.parametrize("over, field, message", [
    ({"act_known_date": (TODAY - dt.timedelta(days=75)).isoformat()}, "late_reason", "超过六十日申请期限"),
    ({"id_number": "150402197001016150"}, "id_number", "校验"),
    ({"phone": "电话号码"}, "phone", "电话"),
    ({"form": "oral"}, "oral_record", "第二十二条第三款"),
    ({"checklist": ["applicant"]}, "checklist", "分别申请行政复议"),
    ({"respondent": ""}, "respondent", "请填写被申请人"),
    ({"act_known_date": (TODAY + dt.timedelta(days=2)).isoformat()}, "act_known_date", "不能晚于收件日期"),
])
def test_bad_review_input_shows_a_chinese_error_and_saves_nothing(personas, login, over, field, message):
    r = _post_review(login(personas.owner), personas, **over)
    html = r.content.decode()
    assert r.status_code == 422
    assert f'data-testid="error-{field}"' in html and message in html, html[html.find("text-danger small"):][:400]
    assert not ReviewApplication.objects.exists() and not Deadline.objects.exists()


def test_a_late_application_with_a_reason_is_received(personas, login):
    r = _post_review(login(personas.owner), personas, act_known_date=(TODAY - dt.timedelta(days=75)).isoformat(),
                     late_reason="行政机关作出决定时未告知申请复议的权利和期限")
    assert r.status_code == 204 and ReviewApplication.objects.get().late_reason


def test_review_page_warns_that_the_window_keeps_running_and_shows_the_actions(personas, login):
    a = factories.review(personas, checklist=["one_act", "request", "facts"])
    html = login(personas.owner).get(a.get_absolute_url()).content.decode()
    assert 'data-testid="window-warning"' in html and "继续计算" in html and f"{a.window_end:%Y-%m-%d}" in html
    assert 'data-testid="missing-items"' in html and "被申请人的名称" in html
    assert 'data-action="forward"' in html
    assert 'data-action="forward"' not in login(personas.readonly).get(a.get_absolute_url()).content.decode()


def test_dialog_flow_forward_accept_decide(personas, login):
    a = factories.review(personas)
    client = login(personas.owner)
    assert client.post(f"/agency/review/{a.uuid}/forward/", {"date": TODAY.isoformat(), "review_body": "红山区人民政府行政复议机构"},
                       HTTP_HX_REQUEST="true").status_code == 204
    assert client.post(f"/agency/review/{a.uuid}/acceptance/", {"accepted": "1", "date": TODAY.isoformat()},
                       HTTP_HX_REQUEST="true").status_code == 204
    r = client.post(f"/agency/review/{a.uuid}/decide/", {"decision": "", "date": TODAY.isoformat()}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "请选择复议决定" in r.content.decode()
    assert client.post(f"/agency/review/{a.uuid}/decide/", {"decision": "uphold", "date": TODAY.isoformat()},
                       HTTP_HX_REQUEST="true").status_code == 204
    a.refresh_from_db()
    assert a.status == "decided" and a.decision == "uphold"


def test_review_list_export_holds_the_rows(personas, login):
    factories.review(personas)
    r = login(personas.supervisor).get("/agency/review/?export=xlsx")
    sheet = load_workbook(BytesIO(r.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "包金花" in values and "申请期限届满" in values


def test_case_dialog_and_the_limitation_warning(personas, login):
    client = login(personas.owner)
    fields = {**_case_fields(personas), "kind": "labour_arbitration", "matter": "追索劳动报酬", "institution": ""}
    r = client.post("/agency/cases/new/", fields, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 422 and "知道或者应当知道权利被侵害之日" in html and "请选择办事指引或填写办理机构" in html
    assert not AgencyCase.objects.exists()
    from agency.models import ServiceGuide

    guide = ServiceGuide.objects.get(kind="labour_arbitration")
    r = client.post("/agency/cases/new/", {**fields, "guide": guide.pk,
                                          "rights_known_date": (TODAY - dt.timedelta(days=500)).isoformat()}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204, r.content.decode()
    case = AgencyCase.objects.get()
    assert case.institution == guide.institution
    html = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="limitation-warning"' in html and "第二十七条" in html


def test_guides_are_seeded_and_listed(personas, login):
    html = login(personas.outsider).get("/agency/guides/").content.decode()
    assert "赤峰市红山公证处" in html and "赤峰市劳动人事争议仲裁委员会" in html


def test_api_refuses_a_late_application_in_chinese_and_saves_nothing(personas, login):
    body = {"org": personas.office.code, "applicant": {"name": "白音", "id_number": _review_fields(personas)["id_number"]},
            "respondent": "红山区某街道办事处", "act": factories.ACT, "request": factories.REQUEST, "facts": factories.FACTS,
            "act_known_date": (TODAY - dt.timedelta(days=70)).isoformat(), "checklist": ["one_act"]}
    r = login(personas.owner).post("/api/v1/agency/reviews", body, content_type="application/json")
    assert r.status_code == 400, r.content.decode()
    assert "超过六十日申请期限" in r.content.decode() and "late_reason" in r.content.decode()
    assert not ReviewApplication.objects.exists()
    body["late_reason"] = "因洪水封路无法出行二十日"
    r = login(personas.owner).post("/api/v1/agency/reviews", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["window_end"] and r.json()["status"] == "received"
    listed = login(personas.supervisor).get("/api/v1/agency/reviews").json()
    assert listed["count"] == 1 and listed["items"][0]["applicant_id_number_masked"] != body["applicant"]["id_number"]


def test_api_case_shows_the_limitation(personas, login):
    case = factories.case(personas, kind="labour_arbitration", matter="追索劳动报酬", institution="赤峰市劳动人事争议仲裁委员会",
                          rights_known_date=TODAY - dt.timedelta(days=355))
    r = login(personas.owner).get(f"/api/v1/agency/cases/{case.uuid}").json()
    assert r["limitation_end"] and "仅剩" in r["limitation_warning"]


@pytest.mark.parametrize("url, build", [("/agency/review/", factories.review), ("/agency/cases/", factories.case)])
def test_list_query_count_does_not_grow_with_rows(personas, login, url, build):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(personas.supervisor)
    build(personas, name="甲")
    client.get(url)  # the first request of a session also reads the user's grants once
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for name in ("乙", "丙", "丁", "戊", "己"):
        build(personas, name=name)
    with CaptureQueriesContext(connection) as six:
        assert client.get(url).status_code == 200
    assert len(six) == len(one)
