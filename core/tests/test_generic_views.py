"""The generic list, record page, dialog and API routes (``core.lists``, ``core.details``, ``core.forms.record_dialog``,
``core.routes``) as a module declares them (``core/tests/urls_generic.py``): every persona gets what the permission
walk expects — the outsider office 404 as for a record that does not exist, the read-only auditor 403 on a write and
nothing changed — the export holds only the user's rows, a bad page number is a 400, and a service's refusal leaves
the API as ``{code, message, field}`` with its status."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from core.models import AuditEvent
from people.services import PersonInput, person_create

pytestmark = [pytest.mark.django_db, pytest.mark.urls("core.tests.urls_generic")]

API = "/generic/api"


@pytest.fixture
def people(personas):  # type: ignore[no-untyped-def]
    """One person of the owner office and one of the outsider's office."""
    ours = person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="王小红", phone="13800000001"))
    theirs = person_create(actor=personas.outsider, org=personas.other_office, data=PersonInput(name="赵外人"))
    return ours, theirs


def _post(client, url, data):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(data), content_type="application/json")


# --- list page -------------------------------------------------------------------------------------------------


def test_list_shows_only_the_users_rows(personas, login, people):
    for who, shown in (("owner", True), ("supervisor", True), ("readonly", True), ("outsider", False)):
        html = login(getattr(personas, who)).get("/generic/people/").content.decode()
        assert ("王小红" in html) is shown, who
        assert ("赵外人" in html) is (who == "outsider"), who


def test_export_holds_only_the_users_rows_and_is_audited(personas, login, people):
    for who, expected in (("owner", ["王小红"]), ("outsider", ["赵外人"])):
        response = login(getattr(personas, who)).get("/generic/people/", {"export": "xlsx"})
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert [row[0] for row in rows] == expected, who
    assert AuditEvent.objects.filter(action="export", summary__startswith="导出人员（测试）").count() == 2


def test_a_page_number_that_is_not_one_is_a_400(personas, login, people):
    response = login(personas.owner).get("/generic/people/", {"page": "abc"})
    assert response.status_code == 400 and "应为从 1 开始的整数" in response.content.decode()
    assert login(personas.owner).get("/generic/people/", {"page": "99"}).status_code == 200  # past the end: the last page


def test_list_sends_the_anonymous_to_login(client):
    response = client.get("/generic/people/")
    assert response.status_code == 302 and "/login" in response["Location"]


# --- record page -----------------------------------------------------------------------------------------------


def test_record_page_shows_its_panels_and_is_404_outside_the_scope(personas, login, people):
    ours, theirs = people
    url = f"/generic/people/{ours.uuid}/"
    for who in ("owner", "supervisor", "readonly"):
        response = login(getattr(personas, who)).get(url)
        html = response.content.decode()
        assert response.status_code == 200, who
        assert html.count('data-testid="panel"') == 2 and "登记信息" in html and "西屯街道司法所" in html and "未说明" in html
        assert "13800000001" in html and response.context["breadcrumbs"] == [("人员（测试）", "/generic/people/"), ("王小红", "")]
    assert login(personas.owner).get(url).context["can_change"] is True
    assert login(personas.readonly).get(url).context["can_change"] is False
    assert login(personas.outsider).get(url).status_code == 404
    assert login(personas.owner).get(f"/generic/people/{theirs.uuid}/").status_code == 404


# --- dialog ----------------------------------------------------------------------------------------------------


def test_dialog_saves_through_the_service_for_the_owner(personas, login, people):
    ours, _ = people
    c = login(personas.owner)
    assert c.get(f"/generic/people/{ours.uuid}/note/").status_code == 200
    response = c.post(f"/generic/people/{ours.uuid}/note/", {"note": "已核实"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and json.loads(response["HX-Trigger"])["toast"]["message"] == "已保存备注"
    ours.refresh_from_db()
    assert ours.note == "已核实"


def test_dialog_shows_the_services_refusal_on_its_field_and_saves_nothing(personas, login, people):
    ours, _ = people
    response = login(personas.owner).post(f"/generic/people/{ours.uuid}/note/", {"note": "invalid"})
    assert response.status_code == 422 and "备注不能是 invalid" in response.content.decode()
    assert response.context["form"].errors["note"] == ["备注不能是 invalid，请改写"]
    ours.refresh_from_db()
    assert ours.note == ""


def test_dialog_is_404_for_the_outsider_403_read_only_and_changes_nothing(personas, login, people):
    ours, _ = people
    url = f"/generic/people/{ours.uuid}/note/"
    assert login(personas.outsider).post(url, {"note": "改"}).status_code == 404
    assert login(personas.readonly).post(url, {"note": "改"}).status_code == 403
    assert login(personas.readonly).get(url).status_code == 403
    ours.refresh_from_db()
    assert ours.note == ""


# --- API -------------------------------------------------------------------------------------------------------


def test_api_list_is_scoped_filtered_and_paged(personas, login, people):
    person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="王小明"))
    c = login(personas.owner)
    body = c.get(f"{API}/people").json()
    assert body["count"] == 2 and [p["name"] for p in body["items"]] == ["王小明", "王小红"]  # order_by name
    assert c.get(f"{API}/people", {"name": "小明"}).json()["count"] == 1
    assert c.get(f"{API}/people", {"limit": 1, "offset": 1}).json()["items"][0]["name"] == "王小红"
    assert c.get(f"{API}/people", {"limit": 0}).status_code == 422
    assert login(personas.outsider).get(f"{API}/people").json()["items"][0]["name"] == "赵外人"


def test_api_detail_is_404_outside_the_scope_like_a_missing_record(personas, login, people):
    ours, _ = people
    assert login(personas.readonly).get(f"{API}/people/{ours.uuid}").json()["name"] == "王小红"
    outside = login(personas.outsider).get(f"{API}/people/{ours.uuid}")
    missing = login(personas.outsider).get(f"{API}/people/00000000-0000-0000-0000-000000000000")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json() == {"code": "not_found", "message": "未找到该人员，或您无权查看", "field": None}


def test_api_action_calls_the_service_and_answers_the_record(personas, login, people):
    ours, _ = people
    response = _post(login(personas.owner), f"{API}/people/{ours.uuid}/note", {"note": "已核实"})
    assert response.status_code == 200 and response.json()["note"] == "已核实"


@pytest.mark.parametrize(("note", "status", "code"), [("invalid", 400, "invalid"), ("duplicate", 409, "duplicate"),
                                                       ("forbidden", 403, "forbidden")])
def test_api_action_maps_the_services_errors(personas, login, people, note, status, code):
    ours, _ = people
    response = _post(login(personas.owner), f"{API}/people/{ours.uuid}/note", {"note": note})
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code and body["message"] and body["field"] == (None if note == "forbidden" else "note")
    ours.refresh_from_db()
    assert ours.note == ""


def test_api_action_is_404_for_the_outsider_403_read_only_and_changes_nothing(personas, login, people):
    ours, _ = people
    before = AuditEvent.objects.count()
    assert _post(login(personas.outsider), f"{API}/people/{ours.uuid}/note", {"note": "改"}).status_code == 404
    refused = _post(login(personas.readonly), f"{API}/people/{ours.uuid}/note", {"note": "改"})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    ours.refresh_from_db()
    assert ours.note == "" and AuditEvent.objects.count() == before


def test_api_action_permission_and_status(personas, login, people):
    ours, _ = people
    refused = _post(login(personas.supervisor), f"{API}/people/{ours.uuid}/reveal", {})  # sees the person, lacks the permission
    assert refused.status_code == 403 and "查看完整身份证号码" in refused.json()["message"]
    assert _post(login(personas.owner), f"{API}/people/{ours.uuid}/reveal", {}).status_code == 201
    assert _post(login(personas.outsider), f"{API}/people/{ours.uuid}/reveal", {}).status_code == 404


def test_api_routes_keep_their_names_and_anonymous_gets_401(client, people):
    from django.urls import reverse

    ours, _ = people
    assert reverse("generic_api:generic_person_detail", kwargs={"uuid": ours.uuid}) == f"{API}/people/{ours.uuid}"
    response = client.get(f"{API}/people")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_api_document_names_each_operation_by_its_declared_name():
    from core.tests.urls_generic import api

    operations = {op["operationId"]: op for methods in api.get_openapi_schema()["paths"].values() for op in methods.values()}
    assert set(operations) == {"generic_person_list", "generic_person_detail", "generic_person_note", "generic_person_reveal"}
    assert {str(status) for status in operations["generic_person_note"]["responses"]} >= {"200", "400", "403", "404"}
    assert 201 in operations["generic_person_reveal"]["responses"]
