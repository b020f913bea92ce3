"""预警督办 pages against the personas: the county supervisor issues from a warning and verifies, the office head
receives and rectifies through the dialogs, the auditor reads but may not act (403), another county's office never
learns the records exist (404), an anonymous visitor is sent to the login page; list queries do not grow with rows."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document

from supervision.choices import ItemStatus, WarningStatus
from supervision.models import PeriodReport, SupervisionItem
from supervision.services import item_receive, item_rectify
from supervision.tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
HX = {"HTTP_HX_REQUEST": "true"}
FEEDBACK = "已逐件清理超期事项，2项均已办结并补录台账。"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def test_warning_center_shows_each_user_the_warnings_of_their_scope(personas, login):
    factories.warning(personas, facts="西屯的预警事实")
    factories.warning(personas, org=personas.other_office, facts="平庄镇的预警事实")

    for user in (personas.owner, personas.supervisor, personas.readonly):
        page = login(user).get("/supervision/warnings/").content.decode()
        assert "西屯的预警事实" in page and "平庄镇的预警事实" not in page
    outsider = login(personas.outsider).get("/supervision/warnings/").content.decode()
    assert "平庄镇的预警事实" in outsider and "西屯的预警事实" not in outsider


def test_issue_from_a_warning_through_the_dialog_gives_a_letter_the_office_can_open_in_word(personas, login):
    warning = factories.warning(personas)
    county = login(personas.supervisor)
    page = county.get(warning.get_absolute_url()).content.decode()
    assert f"/supervision/warnings/{warning.uuid}/issue/" in page
    dialog = county.get(f"/supervision/warnings/{warning.uuid}/issue/", **HX).content.decode()
    assert factories.FACTS in dialog and "对超期事项逐件分析原因" in dialog  # prefilled from the warning and the rule
    due = TODAY + dt.timedelta(days=20)

    response = county.post(f"/supervision/warnings/{warning.uuid}/issue/", {
        "doc_kind": "supervision_letter", "due_date": due.isoformat(), "title": "西屯街道司法所工作事项超期",
        "facts": factories.FACTS, "requirements": "限期办结超期事项。"}, **HX)

    assert response.status_code == 204
    item = SupervisionItem.objects.get()
    office = login(personas.head)
    page = office.get(item.get_absolute_url()).content.decode()
    assert "签收" in page and item.number in page
    download = office.get(f"/documents/{item.document.uuid}/download/")
    assert download.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(b"".join(download.streaming_content))).paragraphs)
    assert "督办函" in text and "西屯街道司法所：" in text and factories.FACTS in text
    assert f"请于{due.year}年{due.month}月{due.day}日前将整改情况及佐证材料" in text


def test_issue_dialog_shows_chinese_errors_and_saves_nothing(personas, login):
    warning = factories.warning(personas)
    response = login(personas.supervisor).post(f"/supervision/warnings/{warning.uuid}/issue/", {
        "doc_kind": "supervision_letter", "due_date": TODAY.isoformat(), "title": "超期", "facts": "超期2项",
        "requirements": "限期办结"}, **HX)
    assert response.status_code == 422 and "整改期限须晚于今天" in response.content.decode()
    assert not SupervisionItem.objects.exists()


def test_office_receives_and_rectifies_with_evidence_and_the_county_verifies(personas, login):
    item = factories.item(personas)
    office, county = login(personas.head), login(personas.supervisor)
    assert f"/supervision/items/{item.uuid}/receive/" not in county.get(item.get_absolute_url()).content.decode()

    assert office.post(f"/supervision/items/{item.uuid}/receive/", {}, **HX).status_code == 204
    page = office.get(item.get_absolute_url()).content.decode()
    assert f"/supervision/items/{item.uuid}/rectify/" in page
    response = office.post(f"/supervision/items/{item.uuid}/rectify/", {
        "text": FEEDBACK, "evidence": [SimpleUploadedFile("台账截图.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)]}, **HX)
    assert response.status_code == 204
    attachment = item.feedbacks.get().attachments.get()
    assert county.get(f"/supervision/attachments/{attachment.uuid}/").status_code == 200
    assert login(personas.outsider).get(f"/supervision/attachments/{attachment.uuid}/").status_code == 404

    assert f"/supervision/items/{item.uuid}/verify/" in county.get(item.get_absolute_url()).content.decode()
    assert office.post(f"/supervision/items/{item.uuid}/verify/", {"decision": "accept"}, **HX).status_code == 403
    assert county.post(f"/supervision/items/{item.uuid}/verify/", {"decision": "accept", "note": "核查属实"}, **HX).status_code == 204
    item.refresh_from_db()
    assert item.status == ItemStatus.VERIFIED and item.warning.status == WarningStatus.CLOSED
    page = office.get(item.get_absolute_url()).content.decode()
    assert "已销号" in page and "核查属实" in page


def test_wrong_state_in_a_dialog_is_a_chinese_error(personas, login):
    item = factories.item(personas)
    response = login(personas.head).post(f"/supervision/items/{item.uuid}/rectify/", {"text": FEEDBACK}, **HX)
    assert response.status_code == 422 and "请先签收该督办事项，再报送整改情况" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED and not item.feedbacks.exists()


def test_return_dialog_requires_reason_and_new_deadline(personas, login):
    item = item_receive(actor=personas.head, item=factories.item(personas))
    item_rectify(actor=personas.head, item=item, text=FEEDBACK)
    county = login(personas.supervisor)
    response = county.post(f"/supervision/items/{item.uuid}/verify/", {"decision": "return"}, **HX)
    assert response.status_code == 422 and "退回时请写明退回原因" in response.content.decode()
    new_due = TODAY + dt.timedelta(days=5)
    response = county.post(f"/supervision/items/{item.uuid}/verify/",
                           {"decision": "return", "note": "缺少佐证材料", "new_due_date": new_due.isoformat()}, **HX)
    assert response.status_code == 204
    item.refresh_from_db()
    assert item.status == ItemStatus.RECEIVED and item.due_date == new_due


def test_readonly_reads_but_may_not_act_and_outsider_gets_404(personas, login):
    item = factories.item(personas)
    auditor, outsider = login(personas.readonly), login(personas.outsider)
    assert auditor.get(item.get_absolute_url()).status_code == 200
    assert auditor.post(f"/supervision/items/{item.uuid}/receive/", {}, **HX).status_code == 403
    assert auditor.post(f"/supervision/warnings/{item.warning.uuid}/close/", {"reason": "误报"}, **HX).status_code == 403
    for url in (item.get_absolute_url(), item.warning.get_absolute_url(), f"/supervision/items/{item.uuid}/receive/"):
        assert outsider.get(url).status_code == 404
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED


def test_anonymous_is_sent_to_login(personas, client):
    item = factories.item(personas)
    for url in ("/supervision/warnings/", "/supervision/items/", item.get_absolute_url(), "/supervision/rules/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_report_page_and_its_documents(personas, login):
    factories.item(personas)
    county = login(personas.supervisor)
    start = TODAY.replace(day=1)
    response = county.post("/supervision/reports/new/", {"org": personas.county.pk, "period_start": start.isoformat(),
                                                         "period_end": TODAY.isoformat()}, **HX)
    assert response.status_code == 204
    report = PeriodReport.objects.get()
    assert report.org == personas.county and report.issuing_org == personas.county
    assert report.get_absolute_url() in county.get("/supervision/reports/").content.decode()
    detail = county.get(report.get_absolute_url()).content.decode()  # the county's offices with their figures
    assert "西屯街道司法所" in detail and "生成统计表" in detail and "生成分析报告" in detail
    assert "生成考核结果通知书" not in detail  # only for an office's report


@pytest.mark.parametrize(("url", "build"), [
    ("/supervision/warnings/", lambda p, n: factories.warning(p, period=f"2025-{n:02d}")),
    ("/supervision/items/", lambda p, n: factories.item(p, source=factories.warning(p, period=f"2025-{n:02d}"))),
])
def test_list_query_count_does_not_grow_with_rows(personas, login, url, build):
    build(personas, 1)
    c = login(personas.supervisor)
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        c.get(url)
    for n in range(2, 13):
        build(personas, n)
    with CaptureQueriesContext(connection) as many:
        assert c.get(url).context["table"].paginator.count == 12
    assert len(many) == len(one)
