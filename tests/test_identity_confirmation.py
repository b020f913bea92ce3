"""No silent identity merges (issue 16 item 2), on every office form and API route that links a typed ID number to the
people registry: a number the office has registered under another name is not filed under the stored person until
the user confirms the same person. The page shows the question at the ID-number field with the 同一人 / 录入有误
choice; the API answers 409 ``needs_confirmation`` until the request carries ``same_person: true``. Once confirmed,
the record names the registered person and the phone typed is recorded on it (the old one in the audit entry)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from consultation.models import Consultation
from consultation.services import ConsultationInput, consultation_record
from core.crypto import keyed_hash
from core.models import AuditEvent
from core.testing import Personas, valid_id_number
from corrections.models import ExpectedArrival, Investigation, Subject
from legalaid.models import Application
from mediation.models import DisputeParty, Mediator
from people.models import Person
from people.services import PersonInput, person_create
from resettlement.models import Released

pytestmark = pytest.mark.django_db

NUMBER = valid_id_number(birth="19790912", seq="253")  # 17th digit odd: a man
STORED_NAME, STORED_PHONE = "郑登记", "13911112222"
TYPED_NAME, TYPED_PHONE = "郑另名", "13755556666"
TODAY = timezone.localdate()


def _stored(p: Personas) -> Person:
    return person_create(actor=p.owner, org=p.office, data=PersonInput(name=STORED_NAME, id_number=NUMBER, phone=STORED_PHONE))


def _judgment() -> dict[str, str]:
    effective = TODAY - dt.timedelta(days=4)
    return {"correction_type": "probation", "crime": "盗窃罪", "decision_organ": "赤峰市元宝山区人民法院",
            "decision_number": "（2026）内0403刑初88号", "effective_date": effective.isoformat(),
            "start_date": effective.isoformat(), "end_date": (effective + dt.timedelta(days=400)).isoformat(),
            "reported_date": TODAY.isoformat()}


LEGAL_AID = {"received_date": TODAY.isoformat(), "matter": "labour", "facts": "包工头拖欠工资两万三千元，多次讨要未果。",
             "request": "请求指派律师代理劳动仲裁。", "hardship_basis": "statement", "hardship_detail": "务工为唯一收入来源。"}


def _own_consultation(p: Personas) -> Consultation:
    return consultation_record(actor=p.owner, org=p.office, person=PersonInput(name="孙某某"), data=ConsultationInput(
        date=TODAY, channel="phone", topic="labour", question="借款不还怎么办？", answer="可申请人民调解。"))


# Each form: (url, data, the ID-number field, the party named in the message, the record that must name the person).
Form = tuple[str, dict[str, Any], str, str, Callable[[Person], bool]]


def _dispute_form(p: Personas) -> Form:
    return "/mediation/disputes/new/", {
        "org": p.office.pk, "title": "孙某与郑某借款纠纷", "category": "contract", "source": "application",
        "received_date": TODAY.isoformat(), "facts": "借款5000元到期未还。", "claims": "归还借款", "amount": "5000", "people_count": "2",
        "applicant_name": "孙某某", "applicant_id_number": "", "applicant_phone": "",
        "respondent_name": TYPED_NAME, "respondent_id_number": NUMBER, "respondent_phone": TYPED_PHONE,
    }, "respondent_id_number", "被申请人的身份证号码", lambda who: DisputeParty.objects.filter(person=who, role="respondent").exists()


def _mediator_form(p: Personas) -> Form:
    return "/mediation/mediators/new/", {"org": p.office.pk, "name": TYPED_NAME, "id_number": NUMBER, "sex": "1",
                                         "phone": TYPED_PHONE, "position": "member"}, \
        "id_number", "身份证号码", lambda who: Mediator.objects.filter(person=who).exists()


def _consultation_form(p: Personas) -> Form:
    return "/consultation/new/", {
        "org": p.office.pk, "date": TODAY.isoformat(), "channel": "phone", "name": TYPED_NAME, "id_number": NUMBER,
        "phone": TYPED_PHONE, "topic": "labour", "question": "工资被拖欠怎么办？", "answer": "可申请劳动仲裁。", "follow_up": "none",
        "duration_minutes": "20"}, "id_number", "身份证号码", \
        lambda who: Consultation.objects.filter(person=who).exists()


def _consultation_convert(p: Personas) -> Form:
    own = _own_consultation(p)
    return f"/consultation/{own.uuid}/convert/", {
        "org": p.office.pk, "title": "孙某某与郑某借款纠纷", "category": "contract", "received_date": TODAY.isoformat(),
        "respondent_name": TYPED_NAME, "respondent_id_number": NUMBER, "respondent_phone": TYPED_PHONE}, \
        "respondent_id_number", "被申请人的身份证号码", lambda who: DisputeParty.objects.filter(person=who).exists()


def _legalaid_form(p: Personas) -> Form:
    return "/legalaid/new/", {"org": p.office.pk, "channel": "window", "name": TYPED_NAME, "id_number": NUMBER,
                              "phone": TYPED_PHONE, **LEGAL_AID}, \
        "id_number", "身份证号码", lambda who: Application.objects.filter(applicant=who).exists()


def _corrections_form(p: Personas) -> Form:
    return "/corrections/receive/", {"org": p.office.pk, "name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE,
                                     **_judgment()}, "id_number", "身份证号码", lambda who: Subject.objects.filter(person=who).exists()


def _investigation_form(p: Personas) -> Form:
    return "/corrections/investigations/register/", {
        "org": p.office.pk, "name": TYPED_NAME, "id_number": NUMBER, "body_type": "court", "body_name": "赤峰市红山区人民法院",
        "case_number": "（2026）内0402刑初501号", "proposed_type": "probation", "crime": "危险驾驶罪",
        "received_date": TODAY.isoformat()}, "id_number", "身份证号码", lambda who: Investigation.objects.filter(person=who).exists()


def _arrival_form(p: Personas) -> Form:
    return "/corrections/arrivals/notice/", {
        "org": p.office.pk, "name": TYPED_NAME, "id_number": NUMBER, "correction_type": "probation",
        "decision_organ": "赤峰市红山区人民法院", "decision_number": "（2026）内0402刑初612号",
        "effective_date": (TODAY - dt.timedelta(days=2)).isoformat(), "notice_date": TODAY.isoformat()}, \
        "id_number", "身份证号码", lambda who: ExpectedArrival.objects.filter(person=who).exists()


def _resettlement_form(p: Personas) -> Form:
    return "/resettlement/register/", {
        "org": p.office.pk, "name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE, "category": "released",
        "crime": "抢劫罪", "sentence": "有期徒刑五年", "prison": "内蒙古自治区赤峰监狱",
        "release_date": (TODAY - dt.timedelta(days=1)).isoformat(), "notice_date": (TODAY - dt.timedelta(days=30)).isoformat()}, \
        "id_number", "身份证号码", lambda who: Released.objects.filter(person=who).exists()


def _reconsideration_form(p: Personas) -> Form:
    from agency.choices import REVIEW_CHECKLIST_KEYS
    from agency.models import ReviewApplication

    return "/agency/review/new/", {
        "org": p.office.pk, "form": "written", "name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE,
        "respondent": "某镇人民政府", "act": "罚款决定", "act_known_date": (TODAY - dt.timedelta(days=5)).isoformat(),
        "request": "撤销罚款决定", "facts": "认为处罚认定事实不清。", "checklist": list(REVIEW_CHECKLIST_KEYS)}, \
        "id_number", "身份证号码", lambda who: ReviewApplication.objects.filter(applicant=who).exists()


def _agency_case_form(p: Personas) -> Form:
    from agency.models import AgencyCase

    return "/agency/cases/new/", {
        "org": p.office.pk, "kind": "notary", "received_date": TODAY.isoformat(), "name": TYPED_NAME, "id_number": NUMBER,
        "phone": TYPED_PHONE, "matter": "继承公证", "institution": "赤峰市红山公证处"}, \
        "id_number", "身份证号码", lambda who: AgencyCase.objects.filter(person=who).exists()


FORMS: dict[str, Callable[[Personas], Form]] = {
    "dispute form": _dispute_form, "mediator appointment": _mediator_form, "consultation form": _consultation_form,
    "consultation to dispute": _consultation_convert, "legal aid form": _legalaid_form,
    "corrections reception form": _corrections_form, "investigation form": _investigation_form,
    "arrival notice form": _arrival_form, "resettlement form": _resettlement_form,
    "reconsideration receipt form": _reconsideration_form, "agency case form": _agency_case_form,
}
# Forms that take no phone: the stored phone stays.
NO_PHONE = {"investigation form", "arrival notice form"}


def _assert_saved_under_the_stored_person(stored: Person, name: str, linked: Callable[[Person], bool]) -> None:
    assert Person.objects.filter(id_number_hash=keyed_hash(NUMBER)).count() == 1, name
    stored.refresh_from_db()
    assert stored.name == STORED_NAME and linked(stored), name
    assert stored.phone == (STORED_PHONE if name in NO_PHONE else TYPED_PHONE), name
    event = AuditEvent.objects.get(object_id=str(stored.pk), summary__startswith="确认同一人")
    assert f"所填姓名“{TYPED_NAME}”与登记姓名“{STORED_NAME}”为同一人" in event.summary
    if name not in NO_PHONE:
        assert (event.before or {}).get("phone") == STORED_PHONE and (event.after or {}).get("phone") == TYPED_PHONE


def _same_person_answer(body: str) -> str:
    """The value of the 同一人 radio button the form offers (it names the ID numbers it was asked about)."""
    import re

    found = re.search(r'type="radio" name="same_person" value="(same_person:[^"]+)"', body)
    assert found, body[:400]
    return found.group(1)


@pytest.mark.parametrize("name", FORMS)
def test_a_form_asks_at_the_id_number_field_and_saves_only_when_the_same_person_is_confirmed(personas, login, name):
    stored = _stored(personas)
    url, data, field, subject, linked = FORMS[name](personas)
    c = login(personas.owner)
    r = c.post(url, data, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 422, (name, r.status_code, body[:400])
    assert f'data-testid="error-{field}">{subject}' in body, name
    assert f"已登记为另一姓名（{STORED_NAME}）" in body, name
    assert 'type="radio" name="same_person" value="same_person:' in body and "同一人，更新联系方式" in body, name
    same_person = _same_person_answer(body)
    assert "录入有误，返回修改" in body, name
    assert not linked(stored), name
    # 录入有误: nothing is saved, the question stays.
    r = c.post(url, {**data, "same_person": "data_error"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "已登记为另一姓名" in r.content.decode(), name
    assert not linked(stored), name
    # An answer that names no asked number confirms nothing.
    r = c.post(url, {**data, "same_person": "same_person"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and not linked(stored), name
    r = c.post(url, {**data, "same_person": same_person}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204, (name, r.status_code, r.content.decode()[:600])
    _assert_saved_under_the_stored_person(stored, name, linked)


def test_the_choice_is_hidden_until_the_question_arises(personas, login):
    c = login(personas.owner)
    body = c.get("/mediation/disputes/new/", HTTP_HX_REQUEST="true").content.decode()
    assert '<input type="hidden" name="same_person"' in body and "同一人，更新联系方式" not in body


def test_the_party_is_named_in_the_message(personas, login):
    _stored(personas)
    url, data, field, _subject, _linked = _dispute_form(personas)
    body = login(personas.owner).post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert f'data-testid="error-{field}">被申请人的身份证号码 {NUMBER[:6]}' in body


# Each API route: (url, body, the record that must name the person).
Api = tuple[str, dict[str, Any], Callable[[Person], bool]]


def _dispute_api(p: Personas) -> Api:
    return "/api/v1/mediation/disputes", {
        "org": p.office.code, "title": "孙某与郑某借款纠纷", "category": "contract", "facts": "借款5000元到期未还。",
        "parties": [{"role": "applicant", "name": "孙某某"},
                    {"role": "respondent", "name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE}]}, \
        lambda who: DisputeParty.objects.filter(person=who).exists()


def _mediator_api(p: Personas) -> Api:
    return "/api/v1/mediation/mediators", {"org": p.office.code, "name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE}, \
        lambda who: Mediator.objects.filter(person=who).exists()


def _consultation_api(p: Personas) -> Api:
    return "/api/v1/consultation/consultations", {
        "org": p.office.code, "channel": "phone", "topic": "labour", "question": "工资被拖欠怎么办？", "answer": "可申请劳动仲裁。",
        "person": {"name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE}}, \
        lambda who: Consultation.objects.filter(person=who).exists()


def _convert_api(p: Personas) -> Api:
    own = _own_consultation(p)
    return f"/api/v1/consultation/consultations/{own.uuid}/convert", {
        "title": "孙某某与郑某借款纠纷", "category": "contract", "respondent_name": TYPED_NAME, "respondent_id_number": NUMBER,
        "respondent_phone": TYPED_PHONE}, lambda who: DisputeParty.objects.filter(person=who).exists()


def _legalaid_api(p: Personas) -> Api:
    return "/api/v1/legalaid/applications", {
        "org": p.office.code, "applicant": {"name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE},
        **{k: LEGAL_AID[k] for k in ("matter", "facts", "hardship_basis", "hardship_detail")}}, \
        lambda who: Application.objects.filter(applicant=who).exists()


def _corrections_api(p: Personas) -> Api:
    return "/api/v1/corrections/subjects", {
        "org": p.office.code, "person": {"name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE}, **_judgment()}, \
        lambda who: Subject.objects.filter(person=who).exists()


def _investigation_api(p: Personas) -> Api:
    return "/api/v1/corrections/investigations", {
        "org": p.office.code, "name": TYPED_NAME, "id_number": NUMBER, "body_type": "court", "body_name": "赤峰市红山区人民法院",
        "case_number": "（2026）内0402刑初501号", "proposed_type": "probation", "crime": "危险驾驶罪"}, \
        lambda who: Investigation.objects.filter(person=who).exists()


def _arrival_api(p: Personas) -> Api:
    return "/api/v1/corrections/arrivals", {
        "org": p.office.code, "name": TYPED_NAME, "id_number": NUMBER, "correction_type": "probation",
        "decision_organ": "赤峰市红山区人民法院", "decision_number": "（2026）内0402刑初612号",
        "effective_date": (TODAY - dt.timedelta(days=2)).isoformat()}, \
        lambda who: ExpectedArrival.objects.filter(person=who).exists()


def _resettlement_api(p: Personas) -> Api:
    return "/api/v1/resettlement/released", {
        "org": p.office.code, "person": {"name": TYPED_NAME, "id_number": NUMBER, "phone": TYPED_PHONE}, "category": "released",
        "crime": "抢劫罪", "sentence": "有期徒刑五年", "prison": "内蒙古自治区赤峰监狱",
        "release_date": (TODAY - dt.timedelta(days=1)).isoformat()}, lambda who: Released.objects.filter(person=who).exists()


APIS: dict[str, Callable[[Personas], Api]] = {
    "dispute API": _dispute_api, "mediator API": _mediator_api, "consultation API": _consultation_api,
    "consultation to dispute API": _convert_api, "legal aid API": _legalaid_api, "corrections reception API": _corrections_api,
    "investigation API": _investigation_api, "arrival notice API": _arrival_api, "resettlement API": _resettlement_api,
}
API_NO_PHONE = {"investigation API": "investigation form", "arrival notice API": "arrival notice form"}


def _post(c: Client, url: str, body: dict[str, Any]) -> Any:
    return c.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("name", APIS)
def test_an_api_route_answers_409_needs_confirmation_until_same_person_is_sent(personas, login, name):
    stored = _stored(personas)
    url, body, linked = APIS[name](personas)
    c = login(personas.owner)
    r = _post(c, url, body)
    assert r.status_code == 409, (name, r.status_code, r.content.decode()[:400])
    answer = r.json()
    assert answer["code"] == "needs_confirmation" and "id_number" in answer["field"], (name, answer)
    assert f"已登记为另一姓名（{STORED_NAME}）" in answer["message"]
    assert not linked(stored)
    r = _post(c, url, {**body, "same_person": True})
    assert r.status_code == 201, (name, r.status_code, r.content.decode()[:600])
    _assert_saved_under_the_stored_person(stored, API_NO_PHONE.get(name, name), linked)


def test_the_openapi_document_lists_the_409_answer_and_the_same_person_field(personas, login):
    schema = login(personas.owner).get("/api/v1/openapi.json").json()
    for path in ("/api/v1/mediation/disputes", "/api/v1/consultation/consultations", "/api/v1/legalaid/applications",
                 "/api/v1/corrections/subjects", "/api/v1/corrections/investigations", "/api/v1/corrections/arrivals",
                 "/api/v1/resettlement/released", "/api/v1/mediation/mediators"):
        answer = schema["paths"][path]["post"]["responses"]["409"]
        assert "needs_confirmation" in answer["description"] and "application/json" in answer["content"], path
    assert "same_person" in schema["components"]["schemas"]["DisputeRegisterIn"]["properties"]


def test_an_outsider_with_the_number_is_asked_nothing_and_learns_nothing(personas, login):
    """The registry-privacy rule holds: outside the owner's scope there is no question, no name, no 409."""
    _stored(personas)
    url, body, _linked = _consultation_api(personas)
    r = _post(login(personas.outsider), url, {**body, "org": personas.other_office.code})
    assert r.status_code == 201 and STORED_NAME not in r.content.decode() and "needs_confirmation" not in r.content.decode()


def test_an_import_row_under_another_name_is_reported_and_nothing_imported(personas, login):
    """An import cannot ask: the row is reported with what to do, and (all or nothing) no dispute is imported."""
    from mediation.models import Dispute
    from mediation.tests.test_import import _row, _upload

    stored = _stored(personas)
    r = _upload(login(personas.owner), personas, [_row(), _row(respondent_name=TYPED_NAME, respondent_id_number=NUMBER)])
    body = r.content.decode()
    assert "第3行" in body and f"已登记为另一姓名（{STORED_NAME}）" in body and "同一人的请按已登记的姓名填写" in body
    assert "请选择“同一人" not in body
    assert Dispute.objects.count() == 0 and not DisputeParty.objects.filter(person=stored).exists()


def test_the_answer_confirms_only_the_numbers_it_was_asked_about(personas, login):
    """同一人 given for the respondent's number does not carry over to the applicant's number typed afterwards: that
    one is asked about afresh, and both are confirmed together only when both were asked."""
    _stored(personas)
    other = valid_id_number(birth="19850301", seq="161")
    person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="钱登记", id_number=other, phone="13922223333"))
    url, data, _field, _subject, _linked = _dispute_form(personas)
    c = login(personas.owner)
    answer = _same_person_answer(c.post(url, data, HTTP_HX_REQUEST="true").content.decode())
    changed = {**data, "applicant_name": "钱另名", "applicant_id_number": other, "same_person": answer}
    r = c.post(url, changed, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 422 and 'data-testid="error-applicant_id_number">申请人' in body
    assert not DisputeParty.objects.exists()
    both = _same_person_answer(body)  # the respondent's number stays confirmed, the applicant's is added
    r = c.post(url, {**changed, "same_person": both}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204, r.content.decode()[:600]
    assert DisputeParty.objects.filter(person__name="钱登记", role="applicant").exists()
    assert DisputeParty.objects.filter(person__name=STORED_NAME, role="respondent").exists()


def test_two_numbers_asked_at_once_are_named_in_the_one_answer(personas, login):
    _stored(personas)
    other = valid_id_number(birth="19850301", seq="161")
    person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="钱登记", id_number=other, phone="13922223333"))
    url, data, _field, _subject, _linked = _dispute_form(personas)
    data = {**data, "applicant_name": "钱另名", "applicant_id_number": other}
    c = login(personas.owner)
    body = c.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "均为同一人，更新联系方式（上述2人）" in body
    assert 'data-testid="error-applicant_id_number">申请人' in body and 'data-testid="error-respondent_id_number">被申请人' in body
    r = c.post(url, {**data, "same_person": _same_person_answer(body)}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204, r.content.decode()[:600]
