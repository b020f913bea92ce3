"""The people registry does not disclose across offices: every page, API route and import that accepts an ID number is
tried by an office of another county with a number that the owner office registered (a community-corrections subject,
the most sensitive person the platform holds). Nothing of the stored person comes back, and the outsider's own row holds
exactly what the outsider typed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from consultation.models import Consultation
from consultation.services import ConsultationInput, consultation_record
from core.crypto import keyed_hash
from core.testing import Personas, valid_id_number
from corrections.models import Subject
from corrections.services import SubjectInput, subject_receive
from legalaid.models import Application
from mediation.imports import COLUMNS as DISPUTE_COLUMNS
from mediation.models import DisputeParty, Mediator
from people.models import Person
from people.services import PersonInput, person_create

pytestmark = pytest.mark.django_db

NUMBER = valid_id_number(birth="19750315", seq="338")  # 17th digit even: a woman
STORED = {"name": "苏秘藏", "phone": "13911112222", "address": "秘密巷9号"}
TYPED_NAME, TYPED_PHONE = "钱自述", "13755556666"
# What would tell the outsider that the number is known elsewhere, or who it is.
DISCLOSURES = (STORED["name"], STORED["phone"], STORED["address"], "已在人员信息库中登记", "已登记身份证号码", "已是在矫",
               "红山区", "西屯街道")
TODAY = dt.date.today().isoformat()


def _judgment() -> dict[str, str]:
    effective = dt.date.today() - dt.timedelta(days=4)
    return {"correction_type": "probation", "crime": "盗窃罪", "decision_organ": "赤峰市元宝山区人民法院",
            "decision_number": "（2026）内0403刑初88号", "effective_date": effective.isoformat(),
            "start_date": effective.isoformat(), "end_date": (effective + dt.timedelta(days=400)).isoformat(),
            "reported_date": TODAY}


def _stored(personas: Personas) -> Person:
    person = person_create(actor=personas.owner, org=personas.office, data=PersonInput(
        name=STORED["name"], id_number=NUMBER, phone=STORED["phone"], address_detail=STORED["address"]))
    j = _judgment()
    subject_receive(actor=personas.owner, org=personas.office, person=PersonInput(name=STORED["name"], id_number=NUMBER),
                    data=SubjectInput(correction_type=j["correction_type"], crime=j["crime"], decision_organ=j["decision_organ"],
                                      decision_number=j["decision_number"], **{k: dt.date.fromisoformat(j[k]) for k in (
                                          "effective_date", "start_date", "end_date", "reported_date")}))
    return person


def _json(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def _xlsx(header: list[str], row: list[Any]) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("rows.xlsx", buf.getvalue())


def _own_person(p: Personas, **kw: Any) -> Person:
    return person_create(actor=p.outsider, org=p.other_office, data=PersonInput(name=TYPED_NAME, phone=TYPED_PHONE, **kw))


def _asked(question: str, answer: str) -> ConsultationInput:
    return ConsultationInput(date=dt.date.today(), channel="phone", topic="labour", question=question, answer=answer)


def _own_consultation(p: Personas) -> Consultation:
    return consultation_record(actor=p.outsider, org=p.other_office, person=PersonInput(name=TYPED_NAME, phone=TYPED_PHONE),
                               data=_asked("工资被拖欠怎么办？", "可申请劳动仲裁。"))


def _people_form(p: Personas, c: Client) -> Any:
    return c.post("/people/new/", {"name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE, "sex": "9", "ethnicity": "01",
                                   "org": p.other_office.pk}, HTTP_HX_REQUEST="true")


def _people_api(p: Personas, c: Client) -> Any:
    return _json(c, "post", "/api/v1/people", {"name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE, "org": p.other_office.code})


def _people_api_patch(p: Personas, c: Client) -> Any:
    return _json(c, "patch", f"/api/v1/people/{_own_person(p).uuid}", {"id_number": NUMBER})


def _people_edit_form(p: Personas, c: Client) -> Any:
    return c.post(f"/people/{_own_person(p).uuid}/edit/", {"name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE, "sex": "9",
                                                           "ethnicity": "01", "org": p.other_office.pk}, HTTP_HX_REQUEST="true")


def _people_import(p: Personas, c: Client) -> Any:
    header = ["姓名*", "身份证号码", "性别", "民族", "出生日期", "联系电话", "住址区划代码", "详细地址", "备注"]
    upload = _xlsx(header, [TYPED_NAME, NUMBER, "", "", "", TYPED_PHONE, "", "", ""])
    return c.post("/people/import/", {"file": upload, "org": p.other_office.pk, "update_existing": "on"}, HTTP_HX_REQUEST="true")


def _people_import_api(p: Personas, c: Client) -> Any:
    header = ["姓名*", "身份证号码", "性别", "民族", "出生日期", "联系电话", "住址区划代码", "详细地址", "备注"]
    upload = _xlsx(header, [TYPED_NAME, NUMBER, "", "", "", TYPED_PHONE, "", "", ""])
    return c.post("/api/v1/people/import", {"file": upload, "org": p.other_office.code, "update_existing": "true"})


def _dispute_form(p: Personas, c: Client) -> Any:
    return c.post("/mediation/disputes/new/", {
        "org": p.other_office.pk, "title": "钱某与孙某借款纠纷", "category": "contract", "source": "application",
        "received_date": TODAY, "facts": "孙某借钱某5000元到期未还。", "claims": "归还借款", "amount": "5000", "people_count": "2",
        "applicant_name": TYPED_NAME, "applicant_id_number": NUMBER, "applicant_phone": TYPED_PHONE,
        "respondent_name": "孙某某", "respondent_id_number": "", "respondent_phone": ""}, HTTP_HX_REQUEST="true")


def _dispute_api(p: Personas, c: Client) -> Any:
    return _json(c, "post", "/api/v1/mediation/disputes", {
        "org": p.other_office.code, "title": "钱某与孙某借款纠纷", "category": "contract", "facts": "孙某借钱某5000元到期未还。",
        "parties": [{"role": "applicant", "name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE},
                    {"role": "respondent", "name": "孙某某"}]})


def _dispute_import(p: Personas, c: Client) -> Any:
    values = {"title": "钱某与孙某邻里纠纷", "category": "邻里纠纷", "source": "当事人申请", "received_date": TODAY,
              "facts": "排水沟堵塞引发争执", "applicant_name": TYPED_NAME, "applicant_id_number": NUMBER,
              "applicant_phone": TYPED_PHONE, "respondent_name": "孙某某", "is_group": "否"}
    upload = _xlsx([col.header for col in DISPUTE_COLUMNS], [values.get(col.key, "") for col in DISPUTE_COLUMNS])
    return c.post("/mediation/disputes/import/", {"file": upload, "org": p.other_office.pk, "update_existing": "on"},
                  HTTP_HX_REQUEST="true")


def _dispute_import_api(p: Personas, c: Client) -> Any:
    values = {"title": "钱某与孙某邻里纠纷", "category": "邻里纠纷", "source": "当事人申请", "received_date": TODAY,
              "facts": "排水沟堵塞引发争执", "applicant_name": TYPED_NAME, "applicant_id_number": NUMBER,
              "applicant_phone": TYPED_PHONE, "respondent_name": "孙某某", "is_group": "否"}
    upload = _xlsx([col.header for col in DISPUTE_COLUMNS], [values.get(col.key, "") for col in DISPUTE_COLUMNS])
    return c.post("/api/v1/mediation/disputes/import", {"file": upload, "org": p.other_office.code, "update_existing": "true"})


def _mediator_form(p: Personas, c: Client) -> Any:
    return c.post("/mediation/mediators/new/", {"org": p.other_office.pk, "name": TYPED_NAME, "id_number": NUMBER, "sex": "2",
                                                "phone": TYPED_PHONE, "position": "member"}, HTTP_HX_REQUEST="true")


def _consultation_form(p: Personas, c: Client) -> Any:
    return c.post("/consultation/new/", {
        "org": p.other_office.pk, "date": TODAY, "channel": "phone", "name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE,
        "topic": "labour", "question": "工资被拖欠怎么办？", "answer": "可申请劳动仲裁。", "follow_up": "none", "duration_minutes": "20",
    }, HTTP_HX_REQUEST="true")


def _consultation_api(p: Personas, c: Client) -> Any:
    return _json(c, "post", "/api/v1/consultation/consultations", {
        "org": p.other_office.code, "channel": "phone", "topic": "labour", "question": "工资被拖欠怎么办？", "answer": "可申请劳动仲裁。",
        "person": {"name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE}})


def _consultation_convert(p: Personas, c: Client) -> Any:
    own = consultation_record(actor=p.outsider, org=p.other_office, person=PersonInput(name="孙某某"),
                              data=_asked("借款不还怎么办？", "可申请人民调解。"))
    return c.post(f"/consultation/{own.uuid}/convert/", {
        "org": p.other_office.pk, "title": "孙某某与钱某借款纠纷", "category": "contract", "received_date": TODAY,
        "respondent_name": TYPED_NAME, "respondent_id_number": NUMBER, "respondent_phone": TYPED_PHONE}, HTTP_HX_REQUEST="true")


LEGAL_AID = {"received_date": TODAY, "matter": "labour", "facts": "包工头拖欠工资两万三千元，多次讨要未果。",
             "request": "请求指派律师代理劳动仲裁。", "hardship_basis": "statement", "hardship_detail": "务工为唯一收入来源。"}


def _legalaid_form(p: Personas, c: Client) -> Any:
    return c.post("/legalaid/new/", {"org": p.other_office.pk, "channel": "window", "name": TYPED_NAME, "id_number": NUMBER,
                                     "phone": TYPED_PHONE, **LEGAL_AID}, HTTP_HX_REQUEST="true")


def _legalaid_api(p: Personas, c: Client) -> Any:
    return _json(c, "post", "/api/v1/legalaid/applications", {
        "org": p.other_office.code, "applicant": {"name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE},
        **{k: LEGAL_AID[k] for k in ("matter", "facts", "hardship_basis", "hardship_detail")}})


def _legalaid_from_consultation(p: Personas, c: Client) -> Any:
    return c.post(f"/legalaid/from-consultation/{_own_consultation(p).uuid}/", {"id_number": NUMBER, **LEGAL_AID},
                  HTTP_HX_REQUEST="true")


def _legalaid_api_from_consultation(p: Personas, c: Client) -> Any:
    return _json(c, "post", "/api/v1/legalaid/applications", {
        "consultation": str(_own_consultation(p).uuid), "applicant_id_number": NUMBER,
        **{k: LEGAL_AID[k] for k in ("matter", "hardship_basis", "hardship_detail")}})


def _corrections_form(p: Personas, c: Client) -> Any:
    return c.post("/corrections/receive/", {"org": p.other_office.pk, "name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE,
                                            **_judgment()}, HTTP_HX_REQUEST="true")


def _corrections_api(p: Personas, c: Client) -> Any:
    return _json(c, "post", "/api/v1/corrections/subjects", {
        "org": p.other_office.code, "person": {"name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE}, **_judgment()})


ENDPOINTS: dict[str, Callable[[Personas, Client], Any]] = {
    "people form": _people_form, "people API": _people_api, "people API patch": _people_api_patch,
    "people edit form": _people_edit_form, "people import (update existing)": _people_import,
    "people import API (update existing)": _people_import_api,
    "dispute form": _dispute_form, "dispute API": _dispute_api, "dispute import (update existing)": _dispute_import,
    "dispute import API (update existing)": _dispute_import_api,
    "mediator appointment": _mediator_form, "consultation form": _consultation_form, "consultation API": _consultation_api,
    "consultation to dispute": _consultation_convert, "legal aid form": _legalaid_form, "legal aid API": _legalaid_api,
    "legal aid from consultation": _legalaid_from_consultation,
    "legal aid API from consultation": _legalaid_api_from_consultation, "corrections reception form": _corrections_form,
    "corrections reception API": _corrections_api,
}


def _seen(response: Any) -> str:
    """Everything the client reads: the body, and the message an htmx dialog's success sends in HX-Trigger."""
    trigger = response.headers.get("HX-Trigger")
    return response.content.decode() + (json.dumps(json.loads(trigger), ensure_ascii=False) if trigger else "")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_office_of_another_county_learns_nothing_of_a_registered_number(personas, login, endpoint):
    stored = _stored(personas)
    response = ENDPOINTS[endpoint](personas, login(personas.outsider))
    assert response.status_code in (200, 201, 202, 204, 302), (endpoint, response.status_code, response.content[:500])
    seen = _seen(response)
    for text in DISCLOSURES:
        assert text not in seen, (endpoint, text)
    assert "导入失败" not in seen and "错误" not in seen, endpoint
    own = Person.objects.get(org=personas.other_office, id_number_hash=keyed_hash(NUMBER))
    assert (own.name, own.phone, own.address_detail) == (TYPED_NAME, TYPED_PHONE, ""), endpoint
    assert own.reveal_id_number() == NUMBER
    # The outsider's business record names the outsider's row; the stored row is untouched and used by no one else.
    stored_now = Person.objects.get(pk=stored.pk)
    assert (stored_now.name, stored_now.phone, stored_now.address_detail, stored_now.org) == (
        STORED["name"], STORED["phone"], STORED["address"], personas.office)
    assert Subject.objects.filter(person=stored).count() == 1
    for model, field in ((DisputeParty, "person"), (Consultation, "person"), (Application, "applicant"), (Mediator, "person")):
        assert not model.objects.filter(**{field: stored}).exists(), (endpoint, model)
    # What the outsider can read afterwards shows only its own row.
    listing = login(personas.outsider).get("/people/", {"id_number": NUMBER}, follow=True).content.decode()
    assert TYPED_NAME in listing and STORED["name"] not in listing


def test_the_outsider_registering_twice_reuses_its_own_row_only(personas, login):
    _stored(personas)
    c = login(personas.outsider)
    _consultation_form(personas, c)
    _corrections_form(personas, c)
    own = Person.objects.get(org=personas.other_office)
    assert Subject.objects.get(org=personas.other_office).person == own
    assert Person.objects.filter(id_number_hash=keyed_hash(NUMBER)).count() == 2


def test_a_citizen_applying_online_with_a_registered_number_records_what_the_citizen_typed(personas, client):
    from django.core.cache import cache

    cache.clear()
    stored = _stored(personas)
    r = client.post("/portal/mediation/apply/", {
        "office": personas.office.pk, "applicant_name": TYPED_NAME, "applicant_id_number": NUMBER, "applicant_phone": TYPED_PHONE,
        "respondent_name": "李雷", "respondent_phone": "", "category": "neighbour", "facts": "楼上漏水导致我家天花板损坏。",
        "claims": "修复并赔偿", "consent": "on", "website": ""})
    assert r.status_code == 200
    seen = _seen(r)
    for text in DISCLOSURES[:5]:
        assert text not in seen, text
    party = DisputeParty.objects.select_related("person", "dispute").get(role="applicant")
    assert party.person_id != stored.pk and party.person.org == personas.office
    assert (party.person.name, party.person.phone) == (TYPED_NAME, TYPED_PHONE)
    assert party.dispute.title.startswith(TYPED_NAME)
    stored.refresh_from_db()
    assert (stored.name, stored.phone) == (STORED["name"], STORED["phone"])
    # The citizen follows the application with the phone the citizen typed, not the one stored.
    track = client.post("/portal/track/", {"code": party.dispute.receipt_code, "contact": TYPED_PHONE}).content.decode()
    assert 'data-testid="track-result"' in track and STORED["name"] not in track
    assert "查询码与手机号码或身份证号码不匹配" in client.post("/portal/track/", {"code": party.dispute.receipt_code,
                                                                         "contact": STORED["phone"]}).content.decode()


# 合并重复人员


def _sibling_row(personas: Personas) -> Person:
    """The same person registered by the sibling office of the same county, with a consultation there."""
    consultation_record(actor=personas.caseworker, org=personas.sibling_office,
                        person=PersonInput(name="苏密藏", id_number=NUMBER, phone="13800001111"),
                        data=_asked("社区矫正期间能外出务工吗？", "须经执行地社区矫正机构批准。"))
    return Person.objects.get(org=personas.sibling_office)


def test_a_county_caseworker_sees_the_duplicate_and_merges_it_in_one_audited_step(personas, login):
    # Merging changes both offices' rows: a county role granted case writes (办案范围) may; the county supervisor, who
    # reads the offices' people but does not change them, is not offered it.
    stored = _stored(personas)
    sibling = _sibling_row(personas)
    assert 'data-testid="btn-merge"' not in login(personas.supervisor).get(f"/people/{stored.uuid}/").content.decode()
    c = login(personas.caseworker)
    page = c.get(f"/people/{stored.uuid}/").content.decode()
    assert "合并重复人员（1）" in page
    dialog = c.get(f"/people/{stored.uuid}/merge/").content.decode()
    assert "苏密藏" in dialog and "三中街街道司法所" in dialog
    r = c.post(f"/people/{stored.uuid}/merge/", {"other": str(sibling.uuid)}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    assert not Person.objects.filter(pk=sibling.pk).exists()
    assert Consultation.objects.get(org=personas.sibling_office).person == stored
    assert Subject.objects.get().person == stored
    log = login(personas.readonly).get("/audit/", {"per_page": 50}).content.decode()
    assert "合并重复人员：苏密藏（三中街街道司法所登记）并入 苏秘藏（西屯街道司法所登记），转移业务记录 1 条" in log
    after = c.get(f"/people/{stored.uuid}/").content.decode()
    assert 'data-testid="btn-merge"' not in after and "合并重复人员：苏密藏" in after  # the history names it


def test_the_merge_api_for_a_county_caseworker_and_its_duplicates_list(personas, login):
    stored = _stored(personas)
    sibling = _sibling_row(personas)
    supervisor = login(personas.supervisor)
    assert supervisor.get(f"/api/v1/people/{stored.uuid}/duplicates").status_code == 403
    assert _json(supervisor, "post", f"/api/v1/people/{stored.uuid}/merge", {"other": str(sibling.uuid)}).status_code == 403
    c = login(personas.caseworker)
    listed = c.get(f"/api/v1/people/{stored.uuid}/duplicates").json()
    assert [p["uuid"] for p in listed] == [str(sibling.uuid)]
    r = _json(c, "post", f"/api/v1/people/{stored.uuid}/merge", {"other": str(sibling.uuid)})
    assert r.status_code == 200 and r.json()["uuid"] == str(stored.uuid) and r.json()["name"] == STORED["name"]
    assert Consultation.objects.get(org=personas.sibling_office).person == stored


def test_the_owner_office_and_an_outsider_cannot_merge_what_they_cannot_see(personas, login):
    stored = _stored(personas)
    sibling = _sibling_row(personas)
    outsiders_row = _own_person(personas, id_number=NUMBER)
    owner = login(personas.owner)
    # The owner office does not see the sibling office's row: not offered, not listed, refused as not found.
    page = owner.get(f"/people/{stored.uuid}/").content.decode()
    assert 'data-testid="btn-merge"' not in page and "苏密藏" not in page
    assert owner.get(f"/api/v1/people/{stored.uuid}/duplicates").json() == []
    assert "三中街" not in owner.get(f"/people/{stored.uuid}/merge/").content.decode()
    for other in (sibling, outsiders_row):
        assert owner.post(f"/people/{stored.uuid}/merge/", {"other": str(other.uuid)}, HTTP_HX_REQUEST="true").status_code == 404
        assert _json(owner, "post", f"/api/v1/people/{stored.uuid}/merge", {"other": str(other.uuid)}).status_code == 404
    outsider = login(personas.outsider)
    assert outsider.get(f"/people/{stored.uuid}/merge/").status_code == 404
    assert outsider.post(f"/people/{outsiders_row.uuid}/merge/", {"other": str(stored.uuid)}, HTTP_HX_REQUEST="true").status_code == 404
    r = _json(outsider, "post", f"/api/v1/people/{outsiders_row.uuid}/merge", {"other": str(stored.uuid)})
    assert r.status_code == 404 and STORED["name"] not in r.content.decode()
    assert outsider.get(f"/api/v1/people/{outsiders_row.uuid}/duplicates").json() == []
    assert Person.objects.filter(id_number_hash=keyed_hash(NUMBER)).count() == 3


def test_read_only_and_anonymous_cannot_merge(personas, login):
    stored = _stored(personas)
    sibling = _sibling_row(personas)
    readonly = login(personas.readonly)
    assert readonly.get(f"/people/{stored.uuid}/merge/").status_code == 403
    assert readonly.post(f"/people/{stored.uuid}/merge/", {"other": str(sibling.uuid)}).status_code == 403
    assert _json(readonly, "post", f"/api/v1/people/{stored.uuid}/merge", {"other": str(sibling.uuid)}).status_code == 403
    anonymous = Client()
    r = anonymous.post(f"/people/{stored.uuid}/merge/", {"other": str(sibling.uuid)})
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert _json(anonymous, "post", f"/api/v1/people/{stored.uuid}/merge", {"other": str(sibling.uuid)}).status_code == 401
    assert readonly.get(f"/api/v1/people/{stored.uuid}/duplicates").status_code == 403
    assert anonymous.get(f"/api/v1/people/{stored.uuid}/duplicates").status_code == 401
    assert login(personas.outsider).get(f"/api/v1/people/{stored.uuid}/duplicates").status_code == 404
    assert Person.objects.filter(id_number_hash=keyed_hash(NUMBER)).count() == 2


def test_merge_refuses_different_numbers_and_two_parties_of_one_dispute(personas, login):
    from mediation.tests import factories

    stored = _stored(personas)
    other = person_create(actor=personas.owner, org=personas.office, confirm_duplicate=True,
                          data=PersonInput(name=STORED["name"], id_number=valid_id_number(birth="19750315", seq="346")))
    c = login(personas.owner)
    r = _json(c, "post", f"/api/v1/people/{stored.uuid}/merge", {"other": str(other.uuid)})
    assert r.status_code == 400 and "两人的身份证号码不同，不是同一人，不能合并" in r.json()["message"]
    twin = person_create(actor=None, org=personas.office, data=PersonInput(name="苏密藏", id_number=NUMBER))
    dispute = factories.dispute(personas)
    DisputeParty.objects.filter(dispute=dispute, role="applicant").update(person=stored)
    DisputeParty.objects.filter(dispute=dispute, role="respondent").update(person=twin)
    r = c.post(f"/people/{stored.uuid}/merge/", {"other": str(twin.uuid)}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "两人同时出现在同一当事人中，不能合并" in r.content.decode()
    assert Person.objects.filter(pk=twin.pk).exists()
