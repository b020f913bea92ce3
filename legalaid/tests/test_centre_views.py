"""The 法律援助机构's pages for each persona: the centre's reviewer works the queue, the forwarding office reads its own
application and the outcome, the county supervisor sees the queue, another county gets 404, the auditor reads but may
not act (403), and an anonymous visitor is sent to log in."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from legalaid.models import Review
from legalaid.tests import factories

pytestmark = pytest.mark.django_db


def test_the_centre_reviewer_sees_the_queue_and_the_clock_on_todays_list(personas, login):
    review = factories.forwarded_review(personas, name="其木格")
    user = factories.centre_user(personas)
    page = login(user).get("/legalaid/centre/").content.decode()
    assert "其木格" in page and "司法所转交" in page and "西屯" in page
    home = login(user).get("/").content.decode()
    assert "审查法律援助申请：其木格" in home  # 今日待办
    detail = login(user).get(review.get_absolute_url()).content.decode()
    assert 'data-testid="eligibility"' in detail and "第三十一条" in detail and "未经核实" in detail
    assert 'data-action="decide"' in detail and 'data-action="materials"' in detail


def test_the_reviewer_decides_through_the_dialog_and_a_refusal_without_reasons_is_refused(personas, login):
    review = factories.forwarded_review(personas)
    client = login(factories.centre_user(personas))
    url = f"/legalaid/centre/{review.uuid}/decide/"
    today = timezone.localdate().isoformat()
    r = client.post(url, {"date": today, "grant": "0", "reason": ""}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "书面说明理由" in r.content.decode()
    assert Review.objects.get(pk=review.pk).status == "reviewing"
    r = client.post(url, {"date": today, "grant": "0", "reason": "申请人家庭月人均收入高于本省经济困难标准"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    assert Review.objects.get(pk=review.pk).status == "refused"


def test_the_forwarding_office_reads_its_application_and_the_outcome_but_not_the_queue(personas, login):
    from legalaid.centre import review_decide

    review = factories.forwarded_review(personas, name="其木格")
    review_decide(actor=factories.centre_user(personas), review=review, grant=False, reason="家庭月人均收入高于经济困难标准")
    office = login(personas.owner)
    page = office.get(review.application.get_absolute_url()).content.decode()
    assert 'data-testid="centre-outcome"' in page and "决定不予法律援助" in page and "家庭月人均收入高于经济困难标准" in page
    assert office.get(review.get_absolute_url()).status_code == 404
    assert "其木格" not in office.get("/legalaid/centre/").content.decode()


def test_supervisor_outsider_auditor_and_anonymous(personas, login, client):
    review = factories.forwarded_review(personas, name="其木格")
    assert login(personas.supervisor).get(review.get_absolute_url()).status_code == 200
    assert login(personas.outsider).get(review.get_absolute_url()).status_code == 404
    assert login(personas.outsider).get(f"/api/v1/legalaid/reviews/{review.uuid}").status_code == 404
    auditor = login(personas.readonly)
    assert auditor.get(review.get_absolute_url()).status_code == 200
    r = auditor.post(f"/legalaid/centre/{review.uuid}/decide/", {"date": dt.date.today().isoformat(), "grant": "1"},
                     HTTP_HX_REQUEST="true")
    assert r.status_code == 403 and Review.objects.get(pk=review.pk).status == "reviewing"
    anonymous = client.get(review.get_absolute_url())
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]


def test_the_queue_exports_to_excel_with_the_decision_in_time(personas, login):
    from legalaid.centre import review_decide

    review = factories.forwarded_review(personas, name="其木格")
    review_decide(actor=factories.centre_user(personas), review=review, grant=True)
    r = login(factories.centre_user(personas)).get("/legalaid/centre/?export=xlsx")
    rows = list(load_workbook(BytesIO(r.content)).active.iter_rows(values_only=True))
    header, first = rows[0], rows[1]
    assert first[header.index("申请人")] == "其木格" and first[header.index("按期决定")] == "是"
    assert first[header.index("转交单位")] == "西屯街道司法所"


def test_the_api_walks_a_notice_to_an_assignment(personas, login):
    client = login(factories.centre_user(personas))
    centre = factories.centre(personas)
    from core.testing import valid_id_number

    r = client.post("/api/v1/legalaid/notices", {
        "org": centre.code, "authority": "procuratorate", "organ": "红山区人民检察院", "name": "包小军",
        "id_number": valid_id_number(birth="20090301", seq="618"), "facts": "犯罪嫌疑人系未成年人"}, content_type="application/json")
    assert r.status_code == 201, r.content.decode()
    uuid = r.json()["uuid"]
    worker = factories.provider(personas, name="李工作者", kind="grassroots", firm="西屯基层法律服务所")
    r = client.post(f"/api/v1/legalaid/reviews/{uuid}/assign", {"provider": str(worker.uuid)}, content_type="application/json")
    assert r.status_code == 400 and "第三十六条" in r.json()["message"] and r.json()["field"] == "provider"
    lawyer = factories.provider(personas, name="韩律师")
    r = client.post(f"/api/v1/legalaid/reviews/{uuid}/assign", {"provider": str(lawyer.uuid)}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "assigned" and r.json()["provider_unit"] == "红山律师事务所"


def test_a_notice_reports_every_error_at_once_and_asks_about_a_number_registered_under_another_name(personas, login):
    """通知辩护: the dialog shows the notice's errors and the person's in one round; an ID number the centre holds under
    another name is asked about at its field and saved only after 同一人 (no dead end)."""
    import re

    from core.testing import valid_id_number
    from people.services import PersonInput, person_create

    user = factories.centre_user(personas)
    number = valid_id_number(birth="20080301", seq="171")
    stored = person_create(actor=user, org=factories.centre(personas), data=PersonInput(name="包登记", id_number=number))
    client = login(user)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    form = {"org": factories.centre(personas).pk, "received_date": tomorrow, "authority": "court", "organ": "红山区人民法院",
            "matter": "criminal_defence", "name": "包另名", "id_number": number, "facts": "被告人系未成年人（法律援助法 第二十五条）"}
    body = client.post("/legalaid/centre/notice/", form, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="error-received_date"' in body and "不能晚于今天" in body
    assert 'data-testid="error-id_number"' in body and "已登记为另一姓名（包登记）" in body
    form["received_date"] = timezone.localdate().isoformat()
    body = client.post("/legalaid/centre/notice/", form, HTTP_HX_REQUEST="true").content.decode()
    answer = re.search(r'type="radio" name="same_person" value="(same_person:[^"]+)"', body)
    assert answer and not Review.objects.exists()
    r = client.post("/legalaid/centre/notice/", {**form, "same_person": answer.group(1)}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204, r.content.decode()[:500]
    assert Review.objects.get().application.applicant == stored
