"""社区矫正 over the API: list with the page's filters, one subject, reception through the service, scoping by
persona, Chinese errors that save nothing, and the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from core.models import AuditEvent, Deadline, WorkEvent
from core.testing import TokenApi, token_api, valid_id_number
from corrections.models import Subject
from corrections.services import subject_receive
from corrections.tests import factories

pytestmark = pytest.mark.django_db
BASE = "/api/v1/corrections"
TODAY = dt.date.today()
NUMBER = valid_id_number(birth="19900214", seq="517")


def _api(user: Any, password: str) -> TokenApi:
    return token_api(user, password, base=BASE, name="矫正同步")


def _body(personas: Any, **over: Any) -> dict[str, Any]:
    effective = TODAY - dt.timedelta(days=4)
    body = {
        "org": personas.office.code, "person": {"name": "高志远", "id_number": NUMBER, "phone": "13947612345"},
        "correction_type": "probation", "crime": "盗窃罪", "decision_organ": "赤峰市红山区人民法院",
        "decision_number": "（2026）内0402刑初321号", "effective_date": effective.isoformat(), "start_date": effective.isoformat(),
        "end_date": (effective + dt.timedelta(days=400)).isoformat(),
    }
    body.update(over)
    return body


def test_a_subject_is_received_then_read_back_with_the_id_number_masked(personas, password):
    api = _api(personas.owner, password)
    r = api.post("/subjects", _body(personas))
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["person_name"], body["correction_type_display"], body["status_display"], body["officer_name"]) == (
        "高志远", "缓刑", "在矫", "张明")
    assert body["reported_date"] == TODAY.isoformat() and body["reported_late_days"] == 0
    assert NUMBER not in r.content.decode() and "*" in body["person_id_number_masked"]
    subject = Subject.objects.get()
    assert WorkEvent.objects.filter(event_type="corrections.intake", object_id=str(subject.pk), date=TODAY).count() == 1
    assert Deadline.objects.filter(kind="corrections.discharge", object_id=str(subject.pk)).exists()
    detail = api.get(f"/subjects/{subject.uuid}")
    assert detail.json()["decision_number"] == "（2026）内0402刑初321号" and NUMBER not in detail.content.decode()
    assert AuditEvent.objects.filter(action="other", summary="查阅社区矫正对象档案 高志远").count() == 1


def test_list_uses_the_page_filters_and_the_scope(personas, password):
    factories.subject(personas, name="刘建军")
    factories.subject(personas, name="周丽", correction_type="control")
    subject_receive(actor=personas.outsider, org=personas.other_office, person=factories.person("冯外县"), data=factories.data())
    api = _api(personas.owner, password)
    body = api.get("/subjects").json()
    assert body["count"] == 2 and {s["person_name"] for s in body["items"]} == {"刘建军", "周丽"}
    assert [s["person_name"] for s in api.get("/subjects", {"correction_type": "control"}).json()["items"]] == ["周丽"]
    assert [s["person_name"] for s in api.get("/subjects", {"q": "刘建"}).json()["items"]] == ["刘建军"]
    refused = api.get("/subjects", {"status": "escaped"})  # a fixed enumeration: refused by the schema, with the codes
    assert refused.status_code == 422 and refused.json()["field"] == "status" and "'in_correction'" in refused.json()["message"]
    assert _api(personas.supervisor, password).get("/subjects").json()["count"] == 2
    assert _api(personas.readonly, password).get("/subjects").json()["count"] == 2
    assert [s["person_name"] for s in _api(personas.outsider, password).get("/subjects").json()["items"]] == ["冯外县"]


def test_personas_on_detail_and_receive(personas, password):
    subject = factories.subject(personas)
    path = f"/subjects/{subject.uuid}"
    for persona in (personas.owner, personas.supervisor, personas.readonly):
        assert _api(persona, password).get(path).status_code == 200
    outsider = _api(personas.outsider, password).get(path)
    assert outsider.status_code == 404 and outsider.json()["message"] == "未找到该社区矫正对象，或您无权查看"
    assert Client().get(BASE + path).status_code == 401
    assert _api(personas.readonly, password).post("/subjects", _body(personas)).status_code == 403
    assert _api(personas.outsider, password).post("/subjects", _body(personas)).status_code == 404
    assert Client().post(BASE + "/subjects", json.dumps(_body(personas)), content_type="application/json").status_code == 401
    assert Subject.objects.count() == 1


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"crime": " "}, "crime", "请填写罪名"),
    ({"person": {"name": "高志远", "id_number": "150402199002145170"}}, "id_number", "校验位"),
    ({"reported_date": (TODAY + dt.timedelta(days=1)).isoformat()}, "reported_date", "不能晚于今天"),
    ({"end_date": (TODAY - dt.timedelta(days=30)).isoformat()}, "end_date", "必须晚于矫正期限起"),
    ({"org": "150402001001"}, "org", "不是司法所"),
])
def test_bad_input_gives_a_chinese_message_and_saves_nothing(personas, password, change, field, message):
    r = _api(personas.owner, password).post("/subjects", _body(personas, **change))
    assert r.status_code == 400, r.content
    assert r.json()["field"] == field and message in r.json()["message"]
    assert not Subject.objects.exists() and not WorkEvent.objects.filter(event_type="corrections.intake").exists()


def test_unknown_fields_are_refused(personas, password):
    r = _api(personas.owner, password).post("/subjects", _body(personas, address="某村"))
    assert r.status_code in (400, 422) and not Subject.objects.exists()


def test_openapi_document_describes_the_corrections_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json()
    operations = {op["operationId"]: (method, path, op) for path, ops in doc["paths"].items() for method, op in ops.items()}
    expected = {"subject_list": ("get", "/subjects"), "subject_detail": ("get", "/subjects/{uuid}"),
                "subject_receive": ("post", "/subjects")}
    for operation_id, (method, path) in expected.items():
        found_method, found_path, op = operations[operation_id]
        assert (found_method, found_path) == (method, BASE + path), operation_id
        assert op["tags"] == ["社区矫正"] and "社区矫正" in op["summary"], operation_id
    params = {p["name"] for p in operations["subject_list"][2]["parameters"]}
    assert {"q", "correction_type", "status", "reported_from", "reported_to", "limit", "offset"} <= params
    schemas = doc["components"]["schemas"]
    assert schemas["SubjectReceiveIn"]["additionalProperties"] is False
    assert "person_id_number" not in schemas["SubjectOut"]["properties"]


def test_an_unknown_correction_type_is_refused_with_the_codes(personas, password):
    r = _api(personas.owner, password).post("/subjects", _body(personas, correction_type="deprivation"))
    assert r.status_code == 422 and r.json()["field"] == "correction_type" and "'probation'" in r.json()["message"]
