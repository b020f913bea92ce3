from __future__ import annotations

import pytest

from core.errors import DuplicateRecord, ScopeViolation, ValidationErrors, ValidationFailed
from core.models import AuditEvent, WorkEvent
from core.testing import valid_id_number
from people.models import Person
from people.services import PersonInput, person_create, person_update

pytestmark = pytest.mark.django_db


def _create(personas, **kw):
    data = PersonInput(name=kw.pop("name", "王小红"), id_number=kw.pop("id_number", valid_id_number(seq="124")), **kw)
    return person_create(actor=personas.owner, org=personas.office, data=data)


def test_create_encrypts_id_number_and_writes_audit_and_ledger(personas):
    number = valid_id_number(seq="124")
    person = _create(personas, id_number=number)
    person.refresh_from_db()
    assert number not in person.id_number_encrypted
    assert person.id_number_masked == number[:6] + "********" + number[-4:]
    assert person.reveal_id_number() == number
    assert person.sex == "2" and str(person.birth_date) == "1980-01-01"
    assert AuditEvent.objects.filter(action="create", object_id=str(person.pk)).exists()
    assert WorkEvent.objects.get(event_type="people.person_registered").org == personas.office


def test_wrong_check_digit_is_rejected_and_nothing_saved(personas):
    number = valid_id_number()
    bad = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationFailed, match="校验位错误"):
        _create(personas, id_number=bad)
    assert Person.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_impossible_birth_date_is_rejected(personas):
    body = "15040219800231123"
    with pytest.raises(ValidationFailed, match="出生日期“19800231”不存在"):
        _create(personas, id_number=body + "0")


def test_same_id_number_twice_in_one_office_is_a_duplicate_naming_the_own_record(personas):
    _create(personas)
    with pytest.raises(DuplicateRecord, match="已在西屯街道司法所登记（王小红）"):
        _create(personas, name="王晓红")
    assert Person.objects.count() == 1


def test_another_county_registers_the_same_number_as_its_own_row_without_learning_anything(personas):
    mine = _create(personas, phone="13900000001")
    theirs = person_create(actor=personas.outsider, org=personas.other_office,
                           data=PersonInput(name="王晓虹", id_number=valid_id_number(seq="124"), phone="13700000007"))
    assert theirs.pk != mine.pk and theirs.org == personas.other_office
    assert (theirs.name, theirs.phone) == ("王晓虹", "13700000007")
    mine.refresh_from_db()
    assert (mine.name, mine.phone, mine.org) == ("王小红", "13900000001", personas.office)


def test_a_supervisor_who_sees_the_number_in_another_office_is_warned_and_may_confirm(personas):
    _create(personas)
    with pytest.raises(DuplicateRecord, match=r"西屯街道司法所已登记身份证号码 150402\*{8}1240 的人员（王小红）") as exc:
        person_create(actor=personas.caseworker, org=personas.sibling_office,
                      data=PersonInput(name="王小红", id_number=valid_id_number(seq="124")))
    assert exc.value.code == "possible_duplicate"
    person_create(actor=personas.caseworker, org=personas.sibling_office, confirm_duplicate=True,
                  data=PersonInput(name="王小红", id_number=valid_id_number(seq="124")))
    assert Person.objects.filter(org=personas.sibling_office).count() == 1


def test_same_name_and_birth_date_warns_until_confirmed(personas):
    _create(personas, id_number="", birth_date=__import__("datetime").date(1990, 5, 1))
    with pytest.raises(DuplicateRecord, match="可能是同一人"):
        _create(personas, id_number="", birth_date=__import__("datetime").date(1990, 5, 1))
    person_create(actor=personas.owner, org=personas.office, confirm_duplicate=True,
                  data=PersonInput(name="王小红", birth_date=__import__("datetime").date(1990, 5, 1)))
    assert Person.objects.count() == 2


def test_moving_a_record_out_of_scope_is_rolled_back(personas):
    person = _create(personas)
    with pytest.raises(ScopeViolation):
        person_update(actor=personas.owner, person=person, org=personas.other_office,
                      data=PersonInput(name="王小红改"))
    person.refresh_from_db()
    assert person.name == "王小红" and person.org == personas.office


def test_scope_owner_county_outsider(personas):
    person = _create(personas)
    assert Person.objects.visible_to(personas.owner).filter(pk=person.pk).exists()
    assert Person.objects.visible_to(personas.supervisor).filter(pk=person.pk).exists()
    assert Person.objects.visible_to(personas.readonly).filter(pk=person.pk).exists()
    assert not Person.objects.visible_to(personas.readonly, "change").filter(pk=person.pk).exists()
    assert not Person.objects.visible_to(personas.outsider).filter(pk=person.pk).exists()


def test_pages_for_each_persona(personas, login, client):
    person = _create(personas)
    url = f"/people/{person.uuid}/"
    assert client.get(url).status_code == 302
    assert login(personas.owner).get(url).status_code == 200
    assert login(personas.supervisor).get(url).status_code == 200
    assert login(personas.outsider).get(url).status_code == 404
    assert login(personas.readonly).get(url).status_code == 200
    assert login(personas.readonly).get(url + "edit/").status_code == 403
    assert login(personas.outsider).post(url + "edit/", {"name": "x"}).status_code == 404
    listing = login(personas.outsider).get("/people/")
    assert listing.status_code == 200 and "王小红" not in listing.content.decode()
    assert "王小红" in login(personas.owner).get("/people/").content.decode()


def test_create_through_dialog_shows_chinese_error_and_saves_nothing(personas, login):
    c = login(personas.owner)
    r = c.post("/people/new/", {"name": "李四", "id_number": "150402198001011230", "sex": "9", "ethnicity": "01",
                                "org": personas.office.pk}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422
    assert "校验位错误" in r.content.decode()
    assert Person.objects.count() == 0
    r = c.post("/people/new/", {"name": "李四", "id_number": valid_id_number(seq="131"), "sex": "9", "ethnicity": "01",
                                "org": personas.office.pk}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    assert Person.objects.get().name == "李四"


def test_the_dialog_reports_the_form_s_and_the_registry_s_errors_at_once(personas, login):
    c = login(personas.owner)
    number = valid_id_number(birth="19800101", seq="131")  # a man born 1980-01-01
    r = c.post("/people/new/", {"name": "", "id_number": number, "sex": "2", "birth_date": "1981-02-03", "phone": "12",
                                "org": personas.office.pk}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 422
    for field, message in [
        ("name", "请填写姓名"), ("sex", "性别与身份证号码第17位不一致"), ("birth_date", "出生日期与身份证号码不一致（号码中为 1980-01-01）"),
        ("phone", "电话号码格式不正确"),
    ]:
        assert f'data-testid="error-{field}">{message}' in body, field
    assert Person.objects.count() == 0


def test_the_registry_reports_every_problem_of_a_person_at_once(personas):
    with pytest.raises(ValidationErrors) as raised:
        person_create(actor=personas.owner, org=personas.office, data=PersonInput(
            name=" ", id_number="150402198001011230", phone="12"))
    assert [e.field for e in raised.value.errors] == ["name", "id_number", "phone"]


def test_reveal_is_audited_and_needs_permission(personas, login):
    person = _create(personas)
    r = login(personas.owner).post(f"/people/{person.uuid}/reveal/")
    assert r.status_code == 200 and valid_id_number(seq="124") in r.content.decode()
    assert AuditEvent.objects.filter(action="reveal", actor=personas.owner).count() == 1
    assert login(personas.readonly).post(f"/people/{person.uuid}/reveal/").status_code == 403
    assert login(personas.outsider).post(f"/people/{person.uuid}/reveal/").status_code == 404


def test_export_contains_masked_numbers_only(personas, login):
    person = _create(personas)
    r = login(personas.owner).get("/people/?export=xlsx")
    assert r.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(r.content)).active
    rows = list(ws.values)
    assert rows[0][0] == "姓名" and rows[1][0] == "王小红"
    assert person.id_number_masked in rows[1] and valid_id_number(seq="124") not in rows[1]


def test_a_malformed_id_number_filter_lists_nothing(personas, login):
    """A malformed number gets a key no record has, and a malformed key matches no one (``none()``): the page shows
    the empty table, it does not fail."""
    _create(personas)
    for who in (personas.owner, personas.supervisor):
        response = login(who).post("/people/", {"per_page": "50", "id_number": "123"}, follow=True)
        assert response.status_code == 200 and "123" not in response.redirect_chain[-1][0]
        assert "暂无数据" in response.content.decode() and response.context["table"].paginator.count == 0
        response = login(who).get("/people/?per_page=50&id_key=123")
        assert response.status_code == 200
        assert "暂无数据" in response.content.decode() and response.context["table"].paginator.count == 0


def test_list_reads_only_the_shown_columns_and_the_export_whole_rows(personas, login):
    """The 50-row page loads only the fields its table shows (``table_only``); every cell still prints, no row
    loads a deferred field on its own, and the export, which prints the address, reads whole rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = _create(personas)
    second = _create(personas, name="赵大海", id_number=valid_id_number(seq="135"), phone="13800000000")
    c = login(personas.owner)
    c.get("/people/?per_page=50")
    with CaptureQueriesContext(connection) as two_rows:
        html = c.get("/people/?per_page=50").content.decode()
    for person in (first, second):
        assert f'<a href="/people/{person.uuid}/">{person.name}</a>' in html
        assert person.id_number_masked in html and person.get_ethnicity_display() in html
    assert "13800000000" in html and personas.office.short_name in html
    row_query = next(q["sql"] for q in two_rows.captured_queries if 'FROM "people_person" INNER JOIN' in q["sql"] and "LIMIT" in q["sql"])
    assert '"people_person"."note"' not in row_query and '"people_person"."id_number_encrypted"' not in row_query
    with CaptureQueriesContext(connection) as one_row:
        c.get("/people/?per_page=1")
    assert len(one_row.captured_queries) == len(two_rows.captured_queries)
    if connection.vendor == "sqlite":  # the scope's orgs select the people through the (org, 登记时间) index
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {row_query}")
            plan = [row[-1] for row in cursor.fetchall()]
        assert any("INDEX person_org_created" in step for step in plan), plan
    Person.objects.filter(pk=second.pk).update(address_detail="新华路8号")
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(c.get("/people/?export=xlsx").content)).active.values)
    assert any(row[0] == "赵大海" and "新华路8号" in (row[6] or "") for row in rows)
