"""The roster and aid-case pages and API for each persona: the centre's user keeps the roster and works the cases, the
county supervisor sees them, the forwarding office does not see the centre's cases, another county gets 404, the
auditor reads but may not act (403), and an anonymous visitor is sent to log in."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from legalaid import cases
from legalaid.models import Assignment, Provider
from legalaid.tests import factories

pytestmark = pytest.mark.django_db


def _today() -> str:
    return timezone.localdate().isoformat()


def test_the_centre_registers_a_provider_and_a_missing_licence_is_refused_at_its_field(personas, login):
    client = login(factories.centre_user(personas))
    fields = {"org": factories.centre(personas).pk, "kind": "lawyer", "name": "白律师", "licence_number": "",
              "firm": "红山律师事务所", "practice_since": "2015-03-01", "specialities": "劳动争议", "phone": "", "is_active": "on"}
    r = client.post("/legalaid/providers/new/", fields, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "执业证号为必填项" in r.content.decode()
    assert not Provider.objects.exists()
    r = client.post("/legalaid/providers/new/", {**fields, "licence_number": "11504201510123456"}, HTTP_HX_REQUEST="true")
    assert r.status_code in (204, 302)
    page = client.get("/legalaid/providers/").content.decode()
    assert "白律师" in page and "11504201510123456" in page


def test_the_roster_shows_experience_and_workload_and_exports_to_excel(personas, login):
    case = factories.case(personas, provider_name="韩律师")
    client = login(factories.centre_user(personas))
    detail = client.get(case.provider.get_absolute_url()).content.decode()
    assert 'data-testid="workload"' in detail and "1件" in detail and "8年" in detail
    rows = list(load_workbook(BytesIO(client.get("/legalaid/providers/?export=xlsx").content)).active.iter_rows(values_only=True))
    header, first = rows[0], rows[1]
    assert first[header.index("姓名")] == "韩律师" and first[header.index("在办案件")] == 1
    assert first[header.index("执业年限")] == 8


def test_the_assign_dialog_offers_the_roster_and_refuses_a_conflicted_provider(personas, login):
    user = factories.centre_user(personas)
    provider = factories.provider(personas)
    other = factories.granted_review(personas, name="刘建军")
    cases.assignment_create(actor=user, review=other, provider=provider)
    review = factories.granted_review(personas, name="马国庆", opposing_party="刘建军")
    client = login(user)
    form = client.get(f"/legalaid/centre/{review.uuid}/assign/").content.decode()
    assert "韩律师（律师，红山律师事务所，执业8年，在办1件）" in form
    r = client.post(f"/legalaid/centre/{review.uuid}/assign/", {"date": _today(), "provider": provider.pk},
                    HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "利益冲突" in r.content.decode()
    assert not Assignment.objects.filter(review=review).exists()


def test_the_case_page_walks_from_progress_to_closing(personas, login):
    case = factories.case(personas, name="乌日娜")
    client = login(factories.centre_user(personas))
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-action="progress"' in page and 'data-action="end"' in page and 'data-action="close"' not in page
    assert client.post(f"/legalaid/cases/{case.uuid}/progress/", {"date": _today(), "kind": "meeting",
                                                                   "note": "会见受援人"}, HTTP_HX_REQUEST="true").status_code == 204
    assert client.post(f"/legalaid/cases/{case.uuid}/end/", {"date": _today(), "result": "仲裁委裁决支付欠薪"},
                       HTTP_HX_REQUEST="true").status_code == 204
    home = client.get("/").content.decode()
    assert "法律援助案件结案：乌日娜（韩律师）" in home  # 今日待办
    r = client.post(f"/legalaid/cases/{case.uuid}/close/", {"date": _today(), "report": "短", "materials": ""},
                    HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "结案报告" in r.content.decode()
    assert client.post(f"/legalaid/cases/{case.uuid}/close/", {"date": _today(), "report": "代理劳动仲裁，裁决支付全部欠薪。",
                                                                "materials": "仲裁裁决书副本"}, HTTP_HX_REQUEST="true").status_code == 204
    page = client.get(case.get_absolute_url()).content.decode()
    assert "会见受援人" in page and 'data-testid="closing"' in page and 'data-action="quality"' in page
    assert "生成指派通知书" in page and "生成告知书" in page


def test_personas_on_the_case_and_the_roster(personas, login, client):
    case = factories.case(personas, name="乌日娜")
    provider = case.provider
    supervisor = login(personas.supervisor)
    assert supervisor.get(case.get_absolute_url()).status_code == 200
    assert "乌日娜" in supervisor.get("/legalaid/cases/").content.decode()
    # The forwarding office reads its application, not the centre's case.
    assert login(personas.owner).get(case.get_absolute_url()).status_code == 404
    outsider = login(personas.outsider)
    for url in (case.get_absolute_url(), provider.get_absolute_url(), f"/api/v1/legalaid/cases/{case.uuid}",
                f"/api/v1/legalaid/providers/{provider.uuid}"):
        assert outsider.get(url).status_code == 404, url
    assert "乌日娜" not in outsider.get("/legalaid/cases/").content.decode()
    auditor = login(personas.readonly)
    assert auditor.get(case.get_absolute_url()).status_code == 200
    r = auditor.post(f"/legalaid/cases/{case.uuid}/terminate/", {"date": _today(), "ground": "own_counsel",
                                                                 "note": "受援人自行委托律师"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 403 and Assignment.objects.get(pk=case.pk).status == "handling"
    assert auditor.post(f"/api/v1/legalaid/cases/{case.uuid}/terminate", {"ground": "own_counsel", "note": "自行委托律师"},
                        content_type="application/json").status_code == 403
    for url in (case.get_absolute_url(), "/legalaid/providers/"):
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "/login" in anonymous["Location"]


def test_the_api_assigns_from_the_roster_and_closes_the_case(personas, login):
    user = factories.centre_user(personas)
    client = login(user)
    review = factories.granted_review(personas, name="乌日娜")
    r = client.post("/api/v1/legalaid/providers", {"org": factories.centre(personas).code, "kind": "lawyer", "name": "白律师",
                                                   "firm": "红山律师事务所", "practice_since": "2015-03-01"},
                    content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "licence_number" and "执业证号为必填项" in r.json()["message"]
    r = client.post("/api/v1/legalaid/providers", {"org": factories.centre(personas).code, "kind": "lawyer", "name": "白律师",
                                                   "licence_number": "11504201510123456", "firm": "红山律师事务所",
                                                   "practice_since": "2015-03-01"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["workload"] == 0
    provider_uuid = r.json()["uuid"]
    r = client.post(f"/api/v1/legalaid/reviews/{review.uuid}/assign", {"provider": provider_uuid}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "assigned" and r.json()["provider_name"] == "白律师"
    case = Assignment.objects.get(review=review)
    base = f"/api/v1/legalaid/cases/{case.uuid}"
    assert client.post(f"{base}/progress", {"kind": "meeting", "note": "会见"}, content_type="application/json").status_code == 200
    assert client.post(f"{base}/end", {"result": "裁决支付欠薪"}, content_type="application/json").json()["closing_due"]
    body = client.post(f"{base}/close", {"report": "代理劳动仲裁，裁决支付全部欠薪。", "materials": "裁决书副本"},
                       content_type="application/json").json()
    assert body["status"] == "closed" and body["subsidy"] and body["progress"][0]["kind_display"] == "会见"
    assert client.get(f"/api/v1/legalaid/providers/{provider_uuid}").json()["workload"] == 0


def test_roster_and_case_lists_query_count_does_not_grow_with_rows(personas, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(factories.centre_user(personas))
    factories.case(personas, name="受援人甲", provider_name="律师甲")

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = ("/legalaid/providers/", "/legalaid/cases/", "/api/v1/legalaid/cases", "/api/v1/legalaid/providers")
    for url in urls:
        count(url)  # warm the per-process caches
    one = {url: count(url) for url in urls}
    for i in range(6):
        factories.case(personas, name=f"受援人{i}", provider_name=f"律师{i}")
    assert {url: count(url) for url in urls} == one


def test_a_life_or_death_notice_is_flagged_on_the_review_page(personas, login):
    from core.testing import valid_id_number

    client = login(factories.centre_user(personas))
    r = client.post("/legalaid/centre/notice/", {
        "org": factories.centre(personas).pk, "received_date": _today(), "authority": "court", "organ": "红山区人民法院",
        "notice_number": "", "matter": "criminal_defence", "name": "包某", "life_or_death": "on",
        "id_number": valid_id_number(birth="19900301", seq="285"), "facts": "被告人涉嫌故意杀人，可能被判处死刑"},
        HTTP_HX_REQUEST="true")
    assert r.status_code in (204, 302)
    from legalaid.models import Review

    review = Review.objects.get(source="notice")
    assert review.life_or_death
    assert "可能判处无期徒刑、死刑" in client.get(review.get_absolute_url()).content.decode()
