"""法律咨询 over the API: list with the page's filters, one record, registration through the service, scoping by
persona, Chinese errors that save nothing, and the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from consultation.models import Consultation
from consultation.services import consultation_record
from consultation.tests import factories
from core.models import AuditEvent, WorkEvent
from core.testing import TokenApi, token_api, valid_id_number

pytestmark = pytest.mark.django_db
BASE = "/api/v1/consultation"
TODAY = dt.date.today()


def _api(user: Any, password: str) -> TokenApi:
    return token_api(user, password, base=BASE, name="台账同步")


def _body(personas: Any, **over: Any) -> dict[str, Any]:
    body = {
        "org": personas.office.code, "date": TODAY.isoformat(), "channel": "hotline", "topic": "inheritance",
        "person": {"name": "韩桂芝", "id_number": valid_id_number(birth="19620704", seq="822"), "phone": "13947612345"},
        "question": "父亲去世没留遗嘱，留下一处平房，哥哥说房子都归他，我能不能分？",
        "answer": "父亲未立遗嘱的，按法定继承办理，子女同为第一顺序继承人，份额一般均等。",
        "laws_cited": ["中华人民共和国民法典 第一千一百二十七条", "中华人民共和国民法典 第一千一百三十条"], "duration_minutes": 20,
    }
    body.update(over)
    return body


def test_a_consultation_is_registered_then_read_back(personas, password):
    api = _api(personas.owner, password)
    r = api.post("/consultations", _body(personas))
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["person_name"], body["channel_display"], body["topic_display"], body["handler_name"]) == (
        "韩桂芝", "12348热线", "继承", "张明")
    assert body["laws_cited"] == ["中华人民共和国民法典 第一千一百二十七条", "中华人民共和国民法典 第一千一百三十条"]
    assert "id_number" not in body and body["person_id_number_masked"].startswith("150402") and "*" in body["person_id_number_masked"]
    consultation = Consultation.objects.get()
    assert WorkEvent.objects.filter(event_type="consultation.recorded", object_id=str(consultation.pk)).count() == 1
    assert AuditEvent.objects.filter(summary="登记法律咨询 韩桂芝").exists()
    assert api.get(f"/consultations/{consultation.uuid}").json()["question"] == consultation.question


def test_list_uses_the_page_filters_and_the_scope(personas, password):
    factories.consultation(personas, name="孙秀兰", topic="marriage_family")
    factories.consultation(personas, name="韩桂芝", topic="inheritance", channel="phone")
    consultation_record(actor=personas.outsider, org=personas.other_office, person=factories.person("冯外县"), data=factories.data())
    api = _api(personas.owner, password)
    body = api.get("/consultations").json()
    assert body["count"] == 2 and {c["person_name"] for c in body["items"]} == {"孙秀兰", "韩桂芝"}
    assert [c["person_name"] for c in api.get("/consultations", {"topic": "inheritance"}).json()["items"]] == ["韩桂芝"]
    assert [c["person_name"] for c in api.get("/consultations", {"q": "孙秀"}).json()["items"]] == ["孙秀兰"]
    # 咨询方式 is a fixed enumeration in the schema: another value is refused before any query, naming the field.
    refused = api.get("/consultations", {"channel": "carrier_pigeon"})
    assert refused.status_code == 422 and refused.json()["field"] == "channel"
    assert _api(personas.supervisor, password).get("/consultations").json()["count"] == 2
    assert _api(personas.readonly, password).get("/consultations").json()["count"] == 2
    assert [c["person_name"] for c in _api(personas.outsider, password).get("/consultations").json()["items"]] == ["冯外县"]


def test_personas_on_detail_and_create(personas, password):
    consultation = factories.consultation(personas, name="孙秀兰")
    path = f"/consultations/{consultation.uuid}"
    for persona in (personas.owner, personas.supervisor, personas.readonly):
        assert _api(persona, password).get(path).status_code == 200
    outsider = _api(personas.outsider, password).get(path)
    assert outsider.status_code == 404 and outsider.json()["message"] == "未找到该法律咨询，或您无权查看"
    assert Client().get(BASE + path).status_code == 401

    readonly = _api(personas.readonly, password).post("/consultations", _body(personas))
    assert readonly.status_code == 403
    assert _api(personas.outsider, password).post("/consultations", _body(personas)).status_code == 404
    assert Client().post(BASE + "/consultations", json.dumps(_body(personas)), content_type="application/json").status_code == 401
    assert Consultation.objects.count() == 1
    # The county reads its offices' consultations but does not record them (办案范围): 403, as in the registration dialog;
    # a county role granted case writes may.
    assert _api(personas.supervisor, password).post("/consultations", _body(personas)).status_code == 403
    assert Consultation.objects.count() == 1
    assert _api(personas.caseworker, password).post("/consultations", _body(personas)).status_code == 201


@pytest.mark.parametrize(("change", "status", "field", "message"), [
    ({"question": " "}, 400, "question", "请填写咨询问题"),
    ({"answer": ""}, 400, "answer", "请填写解答意见"),
    ({"follow_up": "dispute"}, 400, "follow_up", "转为矛盾纠纷请保存咨询后在详情页点击"),
    ({"follow_up": "referred", "answer": ""}, 400, "referred_to", "请填写转介单位"),
    ({"topic": "astrology"}, 400, "topic", "请选择咨询类别"),
    ({"date": (TODAY + dt.timedelta(days=1)).isoformat()}, 400, "date", "不能晚于今天"),
    ({"org": "150402001001"}, 400, "org", "不是司法所"),
])
def test_bad_input_gives_a_chinese_message_and_saves_nothing(personas, password, change, status, field, message):
    r = _api(personas.owner, password).post("/consultations", _body(personas, **change))
    assert r.status_code == status, r.content
    assert r.json()["field"] == field and message in r.json()["message"]
    assert not Consultation.objects.exists() and not WorkEvent.objects.filter(event_type="consultation.recorded").exists()


def test_unknown_fields_are_refused(personas, password):
    r = _api(personas.owner, password).post("/consultations", _body(personas, handler="someone"))
    assert r.status_code in (400, 422) and not Consultation.objects.exists()


def test_openapi_document_describes_the_consultation_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json()
    operations = {op["operationId"]: (method, path, op) for path, ops in doc["paths"].items() for method, op in ops.items()}
    expected = {"consultation_list": ("get", "/consultations"), "consultation_detail": ("get", "/consultations/{uuid}"),
                "consultation_create": ("post", "/consultations")}
    for operation_id, (method, path) in expected.items():
        found_method, found_path, op = operations[operation_id]
        assert (found_method, found_path) == (method, BASE + path), operation_id
        assert op["tags"] == ["法律咨询"] and "法律咨询" in op["summary"], operation_id
    assert {"400", "403", "404"} <= set(operations["consultation_create"][2]["responses"])
    params = {p["name"] for p in operations["consultation_list"][2]["parameters"]}
    assert {"q", "date_from", "date_to", "channel", "topic", "follow_up", "limit", "offset"} <= params
    schemas = doc["components"]["schemas"]
    assert schemas["ConsultationCreateIn"]["additionalProperties"] is False
    assert "id_number_masked" in str(schemas["ConsultationOut"]["properties"]) and "person_id_number" not in schemas["ConsultationOut"]["properties"]


def test_transcript_proposes_question_answer_and_laws_and_saves_nothing(personas, password):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = _api(personas.owner, password)
    text = ("接待人：请讲。\n咨询人韩桂芝：父亲去世没留遗嘱，我能不能分房子？\n"
            "接待人：依照中华人民共和国民法典第一千一百二十七条，子女是第一顺序继承人，可以分。\n")
    before = Consultation.objects.count()
    r = api.client.post(f"{BASE}/transcript", {"file": SimpleUploadedFile("笔录.txt", text.encode())}, **api.headers)
    assert r.status_code == 200, r.content
    body = r.json()
    assert "遗嘱" in body["question"] and "第一顺序继承人" in body["answer"] and body["laws_cited"]
    assert Consultation.objects.count() == before
    wrong = api.client.post(f"{BASE}/transcript", {"file": SimpleUploadedFile("笔录.pdf", b"%PDF")}, **api.headers)
    assert wrong.status_code == 400 and wrong.json()["field"] == "file"


def test_patch_and_convert_to_a_dispute(personas, password):
    c = factories.consultation(personas, name="孙秀兰")
    api = _api(personas.owner, password)
    patched = api.send("patch", f"/consultations/{c.uuid}", {"answer": "建议先行调解。"})
    assert patched.status_code == 200 and patched.json()["answer"] == "建议先行调解。"
    converted = api.post(f"/consultations/{c.uuid}/convert", {"title": "孙秀兰与周德明离婚纠纷", "category": "marriage_family",
                                                             "respondent_name": "周德明"})
    assert converted.status_code == 201, converted.content
    assert converted.json()["consultation"]["dispute_uuid"] == converted.json()["dispute_uuid"]
    again = api.post(f"/consultations/{c.uuid}/convert", {"title": "重复", "category": "marriage_family", "respondent_name": "周德明"})
    assert again.status_code == 400 and "不能重复转办" in again.json()["message"]
