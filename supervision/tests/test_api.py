"""预警督办 over the API against the personas: the county supervisor issues a 整改通知书 from a warning and verifies
(销号), the owner office receives and rectifies, the auditor reads but may not act (403), another county's office never
learns the records exist (404), an anonymous client gets 401; the lists use the pages' filters and do not grow in
queries with rows."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document

from core.models import AuditEvent, Deadline, WorkEvent
from supervision.choices import ItemStatus, WarningStatus
from supervision.models import SupervisionItem
from supervision.services import item_receive, item_rectify, warning_close
from supervision.tests import factories

pytestmark = pytest.mark.django_db

BASE = "/api/v1/supervision"
TODAY = timezone.localdate()
FEEDBACK = "已逐件清理超期事项，2项均已办结并补录台账。"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def _post(client: Client, path: str, body: dict[str, Any] | None = None, **headers: Any) -> Any:
    return client.post(BASE + path, json.dumps(body or {}), content_type="application/json", **headers)


def _token(user: Any, password: str) -> dict[str, str]:
    r = Client().post("/api/v1/auth/token", json.dumps({"username": user.username, "password": password, "name": "督办对接"}),
                      content_type="application/json")
    assert r.status_code == 201, r.content
    return {"HTTP_AUTHORIZATION": f"Bearer {r.json()['token']}"}


def _docx_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    document = Document(BytesIO(response.getvalue()))
    return "\n".join([p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells])


def _rectified(personas: Any) -> SupervisionItem:
    item = item_receive(actor=personas.owner, item=factories.item(personas))
    item_rectify(actor=personas.owner, item=item, text=FEEDBACK)
    return item


def test_a_warning_goes_through_the_whole_loop_over_the_api(personas, login, password):
    warning = factories.warning(personas)
    county, office = Client(), Client()
    county_auth, office_auth = _token(personas.supervisor, password), _token(personas.owner, password)
    due = TODAY + dt.timedelta(days=20)

    # 下发: only the document and the deadline are given; the rest is written from the warning, as the dialog does.
    r = _post(county, f"/warnings/{warning.uuid}/issue", {"doc_kind": "supervision_rectify", "due_date": due.isoformat()}, **county_auth)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["status"], body["status_display"], body["doc_kind_display"]) == ("issued", "待签收", "整改通知书")
    assert (body["org_code"], body["issuing_org_code"], body["due_date"]) == (personas.office.code, personas.county.code, due.isoformat())
    assert body["facts"] == factories.FACTS and body["warning_uuid"] == str(warning.uuid)
    assert "对超期事项逐件分析原因" in body["requirements"]  # the rule's advice
    assert body["document"]["kind_label"] == "整改通知书" and body["document"]["number"] == body["number"]
    assert [s["kind"] for s in body["steps"]] == ["issued"] and [d["kind"] for d in body["deadlines"]] == ["supervision.rectify"]

    # The office opens the 整改通知书 in Word: its name, the facts and the deadline.
    text = _docx_text(login(personas.owner), body["document"]["download_url"])
    assert "整改通知书" in text and "西屯街道司法所：" in text and factories.FACTS in text
    assert f"整改期限：{due.year}年{due.month}月{due.day}日前" in text and "红山区司法局" in text

    uuid = body["uuid"]
    listed = office.get(f"{BASE}/items", {"status": "issued"}, **office_auth).json()
    assert [i["uuid"] for i in listed["items"]] == [uuid] and listed["items"][0]["document"]["number"] == body["number"]

    # 签收, 整改反馈.
    r = _post(office, f"/items/{uuid}/receive", **office_auth)
    assert r.status_code == 200 and r.json()["status"] == "received" and r.json()["received_by"]
    r = _post(office, f"/items/{uuid}/rectify", {"text": FEEDBACK}, **office_auth)
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "rectified" and r.json()["feedbacks"][0]["text"] == FEEDBACK and r.json()["deadlines"] == []

    # 核查销号: the item is closed and so is its warning.
    r = _post(county, f"/items/{uuid}/verify", {"note": "核查属实，予以销号"}, **county_auth)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status_display"] == "已销号" and body["verified_at"] and body["feedbacks"][0]["verdict"] == "accepted"
    assert [s["kind"] for s in body["steps"]] == ["issued", "received", "rectified", "verified"]
    detail = county.get(f"{BASE}/warnings/{warning.uuid}", **county_auth).json()
    assert detail["status"] == "closed" and body["number"] in detail["close_reason"]
    assert [i["status"] for i in detail["items"]] == ["verified"] and detail["item_count"] == 1
    events = set(WorkEvent.objects.values_list("event_type", flat=True))
    assert {"supervision.item_issued", "supervision.item_received", "supervision.item_rectified", "supervision.item_verified"} <= events
    assert AuditEvent.objects.filter(summary__startswith="督办事项核查销号").exists()


def test_a_letter_issued_with_everything_written_by_the_bureau(personas, login):
    warning = factories.warning(personas)
    due = TODAY + dt.timedelta(days=15)
    r = _post(login(personas.supervisor), f"/warnings/{warning.uuid}/issue", {
        "doc_kind": "supervision_letter", "title": "西屯街道司法所调解卷宗超期未归档", "facts": "3件调解卷宗结案后超过30日未归档。",
        "requirements": "一周内完成归档。\n建立归档台账。", "due_date": due.isoformat()})
    assert r.status_code == 201, r.content
    text = _docx_text(login(personas.head), r.json()["document"]["download_url"])
    assert "督办函" in text and "西屯街道司法所：" in text and "3件调解卷宗结案后超过30日未归档。" in text and "建立归档台账。" in text
    assert f"请于{due.year}年{due.month}月{due.day}日前将整改情况及佐证材料" in text


def test_send_back_reopens_rectification_with_a_new_deadline(personas, login):
    item = _rectified(personas)
    county = login(personas.supervisor)
    r = _post(county, f"/items/{item.uuid}/return", {"note": "", "new_due_date": (TODAY + dt.timedelta(days=5)).isoformat()})
    assert r.status_code == 400 and "退回时请写明退回原因" in r.json()["message"]
    r = _post(county, f"/items/{item.uuid}/return", {"note": "缺少佐证材料"})
    assert r.status_code == 422 and r.json()["field"] == "new_due_date"
    new_due = TODAY + dt.timedelta(days=5)
    r = _post(county, f"/items/{item.uuid}/return", {"note": "缺少佐证材料", "new_due_date": new_due.isoformat()})
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["status"], body["due_date"], body["return_count"]) == ("received", new_due.isoformat(), 1)
    assert body["feedbacks"][0]["verdict_display"] == "退回" and body["feedbacks"][0]["review_note"] == "缺少佐证材料"
    assert [d["due_date"] for d in body["deadlines"]] == [new_due.isoformat()]
    # The office may report again.
    r = _post(login(personas.owner), f"/items/{item.uuid}/rectify", {"text": "已补充上传归档台账及卷宗照片。"})
    assert r.status_code == 200 and r.json()["status"] == "rectified" and len(r.json()["feedbacks"]) == 2


def test_each_side_may_only_take_its_own_steps(personas, login):
    item = factories.item(personas)
    county, office = login(personas.supervisor), login(personas.owner)
    r = _post(county, f"/items/{item.uuid}/receive")
    assert r.status_code == 403 and "签收督办事项" in r.json()["message"]
    item_rectify(actor=personas.owner, item=item_receive(actor=personas.owner, item=item), text=FEEDBACK)
    assert _post(office, f"/items/{item.uuid}/verify").status_code == 403
    assert _post(office, f"/items/{item.uuid}/return", {"note": "x", "new_due_date": (TODAY + dt.timedelta(days=3)).isoformat()}).status_code == 403
    warning = factories.warning(personas, period="2026-04")
    r = _post(office, f"/warnings/{warning.uuid}/issue", {})
    assert r.status_code == 403 and "下发督办" in r.json()["message"]
    item.refresh_from_db()
    assert item.status == ItemStatus.RECTIFIED and not warning.items.exists()


def test_wrong_state_and_bad_input_are_chinese_errors_that_save_nothing(personas, login):
    item = factories.item(personas)
    office = login(personas.owner)
    r = _post(office, f"/items/{item.uuid}/rectify", {"text": FEEDBACK})
    assert r.status_code == 400 and r.json()["message"] == "请先签收该督办事项，再报送整改情况"
    item_receive(actor=personas.owner, item=item)
    r = _post(office, f"/items/{item.uuid}/rectify", {"text": "已整改"})
    assert r.status_code == 400 and r.json()["field"] == "text" and "不少于10个字" in r.json()["message"]
    r = _post(office, f"/items/{item.uuid}/rectify", {"text": FEEDBACK, "files": []})
    assert r.status_code == 422 and r.json()["message"] == "“files”不允许的字段"
    assert not item.feedbacks.exists()

    county = login(personas.supervisor)
    warning = factories.warning(personas, period="2026-04")
    r = _post(county, f"/warnings/{warning.uuid}/issue", {"due_date": TODAY.isoformat()})
    assert r.status_code == 400 and r.json()["field"] == "due_date" and "整改期限须晚于今天" in r.json()["message"]
    r = _post(county, f"/warnings/{warning.uuid}/issue", {"doc_kind": "supervision_interview"})
    assert r.status_code == 400 and r.json()["message"] == "约谈通知书须写明约谈时间和地点"
    warning_close(actor=personas.supervisor, warning=warning, reason="核实为误报")
    r = _post(county, f"/warnings/{warning.uuid}/issue", {})
    assert r.status_code == 400 and "该预警已关闭（核实为误报）" in r.json()["message"]
    assert SupervisionItem.objects.count() == 1


def test_lists_are_scoped_per_persona_and_use_the_pages_filters(personas, login):
    mine = factories.warning(personas, facts="西屯的预警事实")
    factories.warning(personas, org=personas.other_office, facts="平庄镇的预警事实")
    factories.item(personas, source=mine)
    for who in ("owner", "supervisor", "readonly"):
        c = login(getattr(personas, who))
        assert [w["facts"] for w in c.get(f"{BASE}/warnings").json()["items"]] == ["西屯的预警事实"], who
        assert c.get(f"{BASE}/items").json()["count"] == 1, who
    outsider = login(personas.outsider)
    assert [w["facts"] for w in outsider.get(f"{BASE}/warnings").json()["items"]] == ["平庄镇的预警事实"]
    assert outsider.get(f"{BASE}/items").json() == {"items": [], "count": 0}

    county = login(personas.supervisor)
    warning = county.get(f"{BASE}/warnings", {"rule_code": "YJ01", "status": "open", "org": "西屯"}).json()["items"][0]
    assert (warning["rule_code"], warning["owner_name"], warning["item_count"]) == ("YJ01", "李所长", 1)
    assert county.get(f"{BASE}/warnings", {"rule_code": "YJ02"}).json()["count"] == 0
    assert county.get(f"{BASE}/items", {"overdue": True}).json()["count"] == 0
    assert county.get(f"{BASE}/items", {"doc_kind": "supervision_letter", "q": "超期"}).json()["count"] == 1
    r = county.get(f"{BASE}/warnings", {"level": "purple"})
    assert r.status_code == 422 and r.json()["field"] == "level" and "'red'" in r.json()["message"]  # a fixed enumeration


def test_outsider_gets_404_and_learns_nothing(personas, login):
    item = _rectified(personas)
    outsider = login(personas.outsider)
    for path in (f"/warnings/{item.warning.uuid}", f"/items/{item.uuid}"):
        r = outsider.get(BASE + path)
        assert r.status_code == 404 and r.json()["code"] == "not_found"
    for path, body in ((f"/items/{item.uuid}/receive", {}), (f"/items/{item.uuid}/verify", {}),
                       (f"/warnings/{item.warning.uuid}/issue", {}), (f"/warnings/{item.warning.uuid}/close", {"reason": "误报"})):
        assert _post(outsider, path, body).status_code == 404, path
    item.refresh_from_db()
    assert item.status == ItemStatus.RECTIFIED and item.warning.status == WarningStatus.OPEN


def test_readonly_reads_but_gets_403_for_every_step(personas, login):
    item = _rectified(personas)
    auditor = login(personas.readonly)
    assert auditor.get(f"{BASE}/items/{item.uuid}").json()["feedbacks"][0]["text"] == FEEDBACK
    assert auditor.get(f"{BASE}/warnings/{item.warning.uuid}").status_code == 200
    due = (TODAY + dt.timedelta(days=5)).isoformat()
    for path, body in ((f"/items/{item.uuid}/receive", {}), (f"/items/{item.uuid}/rectify", {"text": FEEDBACK}),
                       (f"/items/{item.uuid}/verify", {}), (f"/items/{item.uuid}/return", {"note": "不到位", "new_due_date": due}),
                       (f"/warnings/{item.warning.uuid}/issue", {}), (f"/warnings/{item.warning.uuid}/close", {"reason": "误报"})):
        assert _post(auditor, path, body).status_code == 403, path
    item.refresh_from_db()
    assert item.status == ItemStatus.RECTIFIED and item.feedbacks.count() == 1 and SupervisionItem.objects.count() == 1


def test_anonymous_gets_401(personas, client):
    item = factories.item(personas)
    for path in ("/warnings", f"/warnings/{item.warning.uuid}", "/items", f"/items/{item.uuid}"):
        r = client.get(BASE + path)
        assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
    r = _post(client, f"/items/{item.uuid}/receive")
    assert r.status_code == 401
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED and Deadline.objects.filter(status=Deadline.Status.OPEN).count() == 1


@pytest.mark.parametrize(("path", "build"), [
    ("/warnings", lambda p, n: factories.warning(p, period=f"2025-{n:02d}")),
    ("/items", lambda p, n: factories.item(p, source=factories.warning(p, period=f"2025-{n:02d}"))),
])
def test_list_query_count_does_not_grow_with_rows(personas, login, path, build):
    build(personas, 1)
    c = login(personas.supervisor)
    c.get(BASE + path)
    with CaptureQueriesContext(connection) as one:
        assert c.get(BASE + path).json()["count"] == 1
    for n in range(2, 13):
        build(personas, n)
    with CaptureQueriesContext(connection) as many:
        assert c.get(BASE + path).json()["count"] == 12
    assert len(many) == len(one)
