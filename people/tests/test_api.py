import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from core.testing import valid_id_number
from people.models import Person
from people.services import PersonInput, person_create

pytestmark = pytest.mark.django_db

NUMBER = valid_id_number(seq="124")


def _person(personas, name="王小红", number=NUMBER, org=None):
    return person_create(actor=personas.owner, org=org or personas.office, data=PersonInput(name=name, id_number=number))


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def test_list_is_scoped_per_persona_and_never_shows_the_full_number(personas, login):
    person = _person(personas)
    for who in ("owner", "supervisor", "readonly"):
        body = login(getattr(personas, who)).get("/api/v1/people").json()
        assert body["count"] == 1 and body["items"][0]["uuid"] == str(person.uuid), who
    item = login(personas.owner).get("/api/v1/people").json()["items"][0]
    assert item["id_number_masked"] == person.id_number_masked and item["org_code"] == personas.office.code
    assert NUMBER not in json.dumps(item)
    assert login(personas.outsider).get("/api/v1/people").json() == {"items": [], "count": 0}


def test_list_filters_reuse_the_filterset(personas, login):
    _person(personas)
    _person(personas, name="李四", number=valid_id_number(seq="131"))
    c = login(personas.owner)
    assert [p["name"] for p in c.get("/api/v1/people", {"name": "李"}).json()["items"]] == ["李四"]
    key = c.post("/api/v1/id-key", {"id_number": NUMBER}, content_type="application/json").json()["id_key"]
    assert [p["name"] for p in c.get("/api/v1/people", {"id_key": key}).json()["items"]] == ["王小红"]
    assert c.get("/api/v1/people", {"id_key": NUMBER}).status_code == 422  # the number itself is refused in a URL
    assert c.get("/api/v1/people", {"org": "西屯"}).json()["count"] == 2
    assert c.get("/api/v1/people", {"org": "平庄"}).json()["count"] == 0
    page = c.get("/api/v1/people", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and len(page["items"]) == 1
    r = c.get("/api/v1/people", {"sex": "7"})
    assert r.status_code == 400 and r.json()["field"] == "sex"


def test_list_query_count_does_not_grow_with_rows(personas, login):
    c = login(personas.owner)
    _person(personas)
    c.get("/api/v1/people")
    with CaptureQueriesContext(connection) as one:
        c.get("/api/v1/people")
    for i in range(10):
        _person(personas, name=f"人员{i}", number=valid_id_number(seq=f"{200 + i}"))
    with CaptureQueriesContext(connection) as many:
        assert c.get("/api/v1/people").json()["count"] == 11
    assert len(many) == len(one)


def test_detail_404_for_outsider_and_200_for_county(personas, login):
    person = _person(personas)
    url = f"/api/v1/people/{person.uuid}"
    assert login(personas.supervisor).get(url).json()["name"] == "王小红"
    r = login(personas.outsider).get(url)
    assert r.status_code == 404 and r.json()["code"] == "not_found" and "无权查看" in r.json()["message"]
    assert login(personas.owner).get("/api/v1/people/not-a-uuid").status_code == 422


def test_create_through_the_service_with_chinese_errors(personas, login):
    c = login(personas.owner)
    bad = NUMBER[:17] + ("0" if NUMBER[17] != "0" else "1")
    r = _post(c, "/api/v1/people", {"name": "李四", "id_number": bad, "org": personas.office.code})
    assert r.status_code == 400 and r.json()["field"] == "id_number" and "校验位错误" in r.json()["message"]
    r = _post(c, "/api/v1/people", {"name": "李四", "org": personas.office.code, "sex": "5"})
    assert r.status_code == 400 and r.json()["field"] == "sex"
    r = _post(c, "/api/v1/people", {"name": "李四", "org": personas.office.code, "region": "999999"})
    assert r.status_code == 400 and "住址区划代码" in r.json()["message"]
    r = _post(c, "/api/v1/people", {"org": personas.office.code})
    assert r.status_code == 422 and r.json()["field"] == "name" and "缺少必填项" in r.json()["message"]
    r = _post(c, "/api/v1/people", {"name": "李四", "org": personas.office.code, "birth_date": "1980-13-01"})
    assert r.status_code == 422 and r.json()["field"] == "birth_date" and "YYYY-MM-DD" in r.json()["message"]
    assert Person.objects.count() == 0
    r = _post(c, "/api/v1/people", {"name": "李四", "id_number": NUMBER, "org": personas.office.code, "region": "150402001"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["sex"] == "2" and body["birth_date"] == "1980-01-01" and body["region_code"] == "150402001"
    assert NUMBER not in r.content.decode()
    assert AuditEvent.objects.filter(action="create", actor=personas.owner).count() == 1


def test_create_org_must_be_writable(personas, login):
    data = {"name": "李四", "org": personas.office.code}
    assert _post(login(personas.outsider), "/api/v1/people", data).status_code == 404
    r = _post(login(personas.readonly), "/api/v1/people", data)
    assert r.status_code == 403 and "登记人员" in r.json()["message"]
    r = _post(login(personas.owner), "/api/v1/people", {**data, "org": personas.committee.code})
    assert r.status_code == 403 and r.json()["code"] == "org_not_writable"
    assert Person.objects.count() == 0


def test_duplicate_id_number_is_409_and_possible_duplicate_needs_confirmation(personas, login):
    _person(personas)
    c = login(personas.owner)
    r = _post(c, "/api/v1/people", {"name": "王小红", "id_number": NUMBER, "org": personas.office.code})
    assert r.status_code == 409 and r.json()["code"] == "duplicate" and "已在西屯街道司法所登记（王小红）" in r.json()["message"]
    twin = {"name": "张三", "birth_date": "1990-05-01", "org": personas.office.code}
    assert _post(c, "/api/v1/people", twin).status_code == 201
    r = _post(c, "/api/v1/people", twin)
    assert r.status_code == 409 and r.json()["code"] == "possible_duplicate" and r.json()["field"] == "confirm_duplicate"
    assert _post(c, "/api/v1/people", {**twin, "confirm_duplicate": True}).status_code == 201
    assert Person.objects.filter(name="张三").count() == 2


def test_patch_changes_only_given_fields_and_keeps_the_id_number(personas, login):
    person = _person(personas)
    url = f"/api/v1/people/{person.uuid}"
    r = _patch(login(personas.owner), url, {"phone": "13800000000", "note": "已核对"})
    assert r.status_code == 200, r.content
    person.refresh_from_db()
    assert person.phone == "13800000000" and person.note == "已核对" and person.name == "王小红"
    assert person.reveal_id_number() == NUMBER
    assert AuditEvent.objects.filter(action="update", object_id=str(person.pk)).exists()


def test_patch_is_403_for_readonly_404_for_outsider_and_changes_nothing(personas, login):
    person = _person(personas)
    url = f"/api/v1/people/{person.uuid}"
    assert _patch(login(personas.readonly), url, {"name": "改名"}).status_code == 403
    assert _patch(login(personas.outsider), url, {"name": "改名"}).status_code == 404
    r = _patch(login(personas.owner), url, {"org": personas.other_office.code})
    assert r.status_code == 404
    person.refresh_from_db()
    assert person.name == "王小红" and person.org == personas.office


def test_reveal_returns_the_number_and_is_audited(personas, login):
    person = _person(personas)
    url = f"/api/v1/people/{person.uuid}/reveal-id"
    r = login(personas.owner).post(url)
    assert r.status_code == 200 and r.json() == {"id_number": NUMBER}
    assert AuditEvent.objects.filter(action="reveal", actor=personas.owner, object_id=str(person.pk)).count() == 1
    assert login(personas.readonly).post(url).status_code == 403
    assert login(personas.outsider).post(url).status_code == 404
    assert AuditEvent.objects.filter(action="reveal").count() == 1
