"""法律援助 over the API: list with the page's filters, one record, receiving (window and from a consultation) and
forwarding through the services, scoping by persona, Chinese errors that save nothing, and the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from consultation.tests import factories as consultation_factories
from core.models import Deadline, WorkEvent
from core.testing import TokenApi, token_api, valid_id_number
from legalaid.models import Application
from legalaid.tests import factories

pytestmark = pytest.mark.django_db
BASE = "/api/v1/legalaid"
TODAY = dt.date.today()


def _api(user: Any, password: str) -> TokenApi:
    return token_api(user, password, base=BASE, name="法援同步")


def _body(personas: Any, **over: Any) -> dict[str, Any]:
    return {"org": personas.office.code, "applicant": {"name": "白玉山", "id_number": valid_id_number(birth="19700101", seq="615"),
                                                        "phone": "13947612345"},
            "matter": "labour", "facts": factories.FACTS, "request": factories.REQUEST, "hardship_basis": "statement",
            "hardship_detail": factories.HARDSHIP, **over}


def test_an_application_is_received_forwarded_and_read_back(personas, password):
    api = _api(personas.owner, password)
    r = api.post("/applications", _body(personas))
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["applicant_name"] == "白玉山" and out["status"] == "received" and out["status_display"] == "已接收待转交"
    assert out["matter_display"] == "请求确认劳动关系或者支付劳动报酬" and out["received_date"] == TODAY.isoformat()
    assert out["handler_name"] == "张明" and out["org_code"] == personas.office.code and out["consultation_uuid"] is None
    assert "*" in out["applicant_id_number_masked"] and "id_number" not in out
    assert Deadline.objects.get(kind="legalaid.forward").status == "open"
    r = api.post(f"/applications/{out['uuid']}/forward", {})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "forwarded" and r.json()["centre_name"] == "红山区法律援助中心"
    assert r.json()["forwarded_date"] == TODAY.isoformat()
    assert Deadline.objects.get(kind="legalaid.forward").status == "done"
    again = api.post(f"/applications/{out['uuid']}/forward", {})
    assert again.status_code == 400 and "不能再转交" in again.json()["message"]
    assert api.get(f"/applications/{out['uuid']}").json()["status_display"] == "已转交法律援助机构"


def test_a_consultation_becomes_an_application_over_the_api(personas, password):
    c = consultation_factories.consultation(personas)
    r = _api(personas.owner, password).post("/applications", {
        "consultation": str(c.uuid), "matter": "abuse_victim", "hardship_basis": "not_required"})
    assert r.status_code == 201, r.content
    out = r.json()
    c.refresh_from_db()
    assert out["consultation_uuid"] == str(c.uuid) and out["channel"] == "consultation" and out["facts"] == c.question
    assert out["applicant_name"] == c.person.name and c.follow_up == "legal_aid"
    mixed = _api(personas.owner, password).post("/applications", {
        "consultation": str(c.uuid), "org": personas.office.code, "matter": "labour", "hardship_basis": "statement"})
    assert mixed.status_code == 400 and mixed.json()["field"] == "applicant"


def test_list_uses_the_page_filters_and_the_scope(personas, password):
    factories.application(personas, name="甲申请人", matter="labour")
    factories.application(personas, name="乙申请人", matter="abuse_victim", hardship_basis="not_required",
                          is_urgent=True, urgent_reason="需要立即申请人身安全保护令")
    api = _api(personas.owner, password)
    names = {a["applicant_name"] for a in api.get("/applications").json()["items"]}
    assert names == {"甲申请人", "乙申请人"}
    assert [a["applicant_name"] for a in api.get("/applications", {"matter": "labour"}).json()["items"]] == ["甲申请人"]
    assert [a["applicant_name"] for a in api.get("/applications", {"is_urgent": "true"}).json()["items"]] == ["乙申请人"]
    assert _api(personas.supervisor, password).get("/applications").json()["count"] == 2
    assert _api(personas.outsider, password).get("/applications").json()["count"] == 0


def test_personas_on_detail_create_and_forward(personas, password):
    a = factories.application(personas)
    path = f"/applications/{a.uuid}"
    assert Client().get(BASE + path).status_code == 401
    assert Client().post(BASE + "/applications", json.dumps(_body(personas)), content_type="application/json").status_code == 401
    assert _api(personas.outsider, password).get(path).status_code == 404
    assert _api(personas.readonly, password).get(path).status_code == 200
    assert _api(personas.outsider, password).post(path + "/forward", {}).status_code == 404
    assert _api(personas.readonly, password).post(path + "/forward", {}).status_code == 403
    assert _api(personas.readonly, password).post("/applications", _body(personas)).status_code == 403
    assert _api(personas.outsider, password).post("/applications", _body(personas)).status_code == 404
    a.refresh_from_db()
    assert a.status == "received" and Application.objects.count() == 1


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"applicant": {"name": "白玉山", "id_number": ""}}, "id_number", "请填写申请人身份证号码"),
    ({"hardship_basis": "not_required"}, "hardship_basis", "第三十一条"),
    ({"hardship_detail": ""}, "hardship_detail", "第四十一条"),
    ({"matter": "astrology"}, "matter", "请选择申请事项类别"),
    ({"channel": "consultation"}, "channel", "转为法律援助申请"),
    ({"is_urgent": True}, "urgent_reason", "第四十四条"),
    ({"org": "150402001001"}, "org", "不是司法所"),
    ({"received_date": (TODAY + dt.timedelta(days=1)).isoformat()}, "received_date", "不能晚于今天"),
])
def test_bad_input_gives_a_chinese_message_and_saves_nothing(personas, password, change, field, message):
    r = _api(personas.owner, password).post("/applications", _body(personas, **change))
    assert r.status_code == 400, r.content
    assert r.json()["field"] == field and message in r.json()["message"]
    assert not Application.objects.exists() and not WorkEvent.objects.filter(event_type__startswith="legal_aid.").exists()


def test_unknown_fields_are_refused(personas, password):
    r = _api(personas.owner, password).post("/applications", _body(personas, status="forwarded"))
    assert r.status_code in (400, 422) and not Application.objects.exists()


def test_openapi_document_describes_the_legal_aid_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json()
    operations = {op["operationId"]: (method, path, op) for path, ops in doc["paths"].items() for method, op in ops.items()}
    expected = {"legal_aid_application_list": ("get", "/applications"),
                "legal_aid_application_detail": ("get", "/applications/{uuid}"),
                "legal_aid_application_create": ("post", "/applications"),
                "legal_aid_application_forward": ("post", "/applications/{uuid}/forward")}
    for operation_id, (method, path) in expected.items():
        found_method, found_path, op = operations[operation_id]
        assert (found_method, found_path) == (method, BASE + path), operation_id
        assert op["tags"] == ["法律援助"], operation_id
    params = {p["name"] for p in operations["legal_aid_application_list"][2]["parameters"]}
    assert {"q", "date_from", "date_to", "status", "matter", "is_urgent", "limit", "offset"} <= params
    schemas = doc["components"]["schemas"]
    assert schemas["LegalAidApplicationCreateIn"]["additionalProperties"] is False
    assert "applicant_id_number_masked" in schemas["LegalAidApplicationOut"]["properties"]
