"""A citizen's online application that gives an ID number the office registered under another name (issue 16 item 2):
recorded as the citizen typed it and flagged 身份待核实; the office merges (same person) or corrects it, audited; the
citizen follows the application by POST with the receipt code and the phone or ID number given on that application."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from core.models import AuditEvent
from core.testing import valid_id_number
from mediation.models import Dispute, DisputeParty
from mediation.receipts import receipt_find
from people.models import Person
from people.services import PersonInput, person_create

pytestmark = pytest.mark.django_db

NUMBER = valid_id_number(birth="19850206", seq="262")
STORED_NAME, STORED_PHONE = "冯登记", "13911113333"
TYPED_NAME, TYPED_PHONE = "冯另名", "13755557777"


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


def _stored(personas) -> Person:
    return person_create(actor=personas.owner, org=personas.office,
                         data=PersonInput(name=STORED_NAME, id_number=NUMBER, phone=STORED_PHONE))


def _apply(client, personas, **over):
    data = {"office": personas.office.pk, "applicant_name": TYPED_NAME, "applicant_id_number": NUMBER,
            "applicant_phone": TYPED_PHONE, "respondent_name": "李雷", "respondent_phone": "", "category": "neighbour",
            "facts": "楼上漏水导致我家天花板损坏。", "claims": "修复并赔偿", "consent": "on", "website": ""}
    data.update(over)
    r = client.post("/portal/mediation/apply/", data)
    assert r.status_code == 200, r.content.decode()[:500]
    return r.context["code"]


def _applicant() -> DisputeParty:
    return DisputeParty.objects.select_related("person", "dispute").get(role="applicant")


def test_the_application_is_recorded_as_given_and_flagged_for_the_office(personas, client, login):
    stored = _stored(personas)
    _apply(client, personas)
    party = _applicant()
    assert party.identity_unverified and party.person_id != stored.pk
    assert (party.person.name, party.person.phone) == (TYPED_NAME, TYPED_PHONE)
    assert party.dispute.title.startswith(TYPED_NAME)
    stored.refresh_from_db()
    assert (stored.name, stored.phone) == (STORED_NAME, STORED_PHONE)
    page = login(personas.owner).get(party.dispute.get_absolute_url()).content.decode()
    assert 'data-testid="identity-unverified" title="网上申请所填身份证号码在本所已登记为另一姓名，按申请人所填记录">身份待核实' in page
    assert 'data-action="identity-merge">合并（同一人）' in page and 'data-action="identity-correct">更正' in page
    dialog = login(personas.owner).get(f"/mediation/disputes/{party.dispute.uuid}/identity-merge/?party={party.pk}",
                                       HTTP_HX_REQUEST="true").content.decode()
    assert f"本所登记为“{STORED_NAME}”" in dialog
    assert party.dispute.parties.get(role="respondent").identity_unverified is False


def test_an_application_under_the_registered_name_is_not_flagged(personas, client):
    _stored(personas)
    _apply(client, personas, applicant_name=STORED_NAME)
    assert not _applicant().identity_unverified


def test_merge_files_the_case_under_the_registered_person_with_the_new_phone_and_an_audit(personas, client, login):
    stored = _stored(personas)
    code = _apply(client, personas)
    party = _applicant()
    typed_pk = party.person_id
    office = login(personas.owner)
    r = office.post(f"/mediation/disputes/{party.dispute.uuid}/identity-merge/?party={party.pk}", {"party": party.pk},
                    HTTP_HX_REQUEST="true")
    assert r.status_code == 204, r.content.decode()[:500]
    party.refresh_from_db()
    stored.refresh_from_db()
    assert party.person_id == stored.pk and not party.identity_unverified and not Person.objects.filter(pk=typed_pk).exists()
    assert stored.name == STORED_NAME and stored.phone == TYPED_PHONE
    phone_event = AuditEvent.objects.get(object_id=str(stored.pk), summary__startswith="确认同一人")
    assert phone_event.before["phone"] == STORED_PHONE and phone_event.after["phone"] == TYPED_PHONE
    assert AuditEvent.objects.filter(summary__startswith=f"合并重复人员：{TYPED_NAME}").exists()
    assert AuditEvent.objects.filter(object_id=str(party.dispute.pk), actor=personas.owner,
                                     summary=f"核实当事人身份：网上申请所填“{TYPED_NAME}”与已登记的“{STORED_NAME}”为同一人，已合并").exists()
    page = office.get(party.dispute.get_absolute_url()).content.decode()
    assert 'data-testid="identity-unverified"' not in page
    # The citizen still follows the application with what the citizen gave, and sees nothing of the stored person.
    track = client.post("/portal/track/", {"code": code, "contact": TYPED_PHONE}).content.decode()
    assert 'data-testid="track-result"' in track and STORED_NAME not in track and STORED_PHONE not in track


def test_correct_takes_the_checked_number_and_clears_the_flag(personas, client, login):
    _stored(personas)
    _apply(client, personas)
    party = _applicant()
    office = login(personas.owner)
    url = f"/mediation/disputes/{party.dispute.uuid}/identity-correct/?party={party.pk}"
    # The number still registered under the other name is refused, at the field.
    r = office.post(url, {"party": party.pk, "name": TYPED_NAME, "id_number": NUMBER}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and 'data-testid="error-id_number"' in r.content.decode()
    right = valid_id_number(birth="19850206", seq="264")
    r = office.post(url, {"party": party.pk, "name": TYPED_NAME, "id_number": right}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204, r.content.decode()[:500]
    party.refresh_from_db()
    party.person.refresh_from_db()
    assert not party.identity_unverified and party.person.reveal_id_number() == right and party.person.name == TYPED_NAME
    assert AuditEvent.objects.filter(object_id=str(party.person.pk), action="update", summary__startswith="修改人员").exists()
    assert AuditEvent.objects.filter(object_id=str(party.dispute.pk), summary__startswith="核实当事人身份：更正").exists()


def test_the_identity_actions_over_the_api(personas, client, login):
    stored = _stored(personas)
    _apply(client, personas)
    party = _applicant()
    api = login(personas.owner)
    detail = api.get(f"/api/v1/mediation/disputes/{party.dispute.uuid}").json()
    flagged = [p for p in detail["parties"] if p["identity_unverified"]]
    assert [p["id"] for p in flagged] == [party.pk]
    r = api.post(f"/api/v1/mediation/disputes/{party.dispute.uuid}/identity-merge", json.dumps({"party": party.pk}),
                 content_type="application/json")
    assert r.status_code == 200, r.content
    applicant = next(p for p in r.json()["parties"] if p["role"] == "applicant")
    assert applicant["name"] == STORED_NAME and not applicant["identity_unverified"]
    r = api.post(f"/api/v1/mediation/disputes/{party.dispute.uuid}/identity-merge", json.dumps({"party": party.pk}),
                 content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "party"
    assert DisputeParty.objects.get(pk=party.pk).person_id == stored.pk


def test_correct_over_the_api(personas, client, login):
    _stored(personas)
    _apply(client, personas)
    party = _applicant()
    right = valid_id_number(birth="19850206", seq="264")
    r = login(personas.owner).post(f"/api/v1/mediation/disputes/{party.dispute.uuid}/identity-correct",
                                   json.dumps({"party": party.pk, "name": TYPED_NAME, "id_number": right}),
                                   content_type="application/json")
    assert r.status_code == 200, r.content
    assert not DisputeParty.objects.get(pk=party.pk).identity_unverified


@pytest.mark.parametrize("action", ["identity-merge", "identity-correct"])
def test_outsider_office_gets_404_and_read_only_403(personas, client, login, action):
    _stored(personas)
    _apply(client, personas)
    party = _applicant()
    body: dict = {"party": party.pk}
    if action == "identity-correct":
        body.update(name=TYPED_NAME, id_number=valid_id_number(birth="19850206", seq="264"))
    page = f"/mediation/disputes/{party.dispute.uuid}/{action}/"
    api = f"/api/v1/mediation/disputes/{party.dispute.uuid}/{action}"
    outsider, readonly = login(personas.outsider), login(personas.readonly)
    assert outsider.get(page, HTTP_HX_REQUEST="true").status_code == 404
    assert outsider.post(page, body, HTTP_HX_REQUEST="true").status_code == 404
    r = outsider.post(api, json.dumps(body), content_type="application/json")
    assert r.status_code == 404 and STORED_NAME not in r.content.decode()
    assert readonly.get(page, HTTP_HX_REQUEST="true").status_code == 403
    assert readonly.post(page, body, HTTP_HX_REQUEST="true").status_code == 403
    assert readonly.post(api, json.dumps(body), content_type="application/json").status_code == 403
    assert 'data-action="identity-merge"' not in readonly.get(party.dispute.get_absolute_url()).content.decode()
    assert DisputeParty.objects.get(pk=party.pk).identity_unverified


# 办理进度查询


def test_lookup_by_post_with_the_phone_or_the_id_number_of_that_application(personas, client):
    _stored(personas)
    code = _apply(client, personas)
    for contact in (TYPED_PHONE, NUMBER, NUMBER.lower()):
        r = client.post("/portal/track/", {"code": code.lower(), "contact": contact})
        assert r.status_code == 200 and 'data-testid="track-result"' in r.content.decode(), contact
    dispute = Dispute.objects.get()
    assert TYPED_PHONE not in dispute.receipt_phone_key and len(dispute.receipt_phone_key) == 64
    assert NUMBER not in dispute.receipt_id_key and len(dispute.receipt_id_key) == 64
    assert receipt_find(code, STORED_PHONE) is None


def test_a_phone_in_the_query_string_is_not_accepted(personas, client):
    code = _apply(client, personas)
    r = client.get("/portal/track/", {"code": code, "contact": TYPED_PHONE, "phone": TYPED_PHONE})
    body = r.content.decode()
    assert r.status_code == 200 and 'data-testid="track-result"' not in body
    assert 'method="post"' in body and TYPED_PHONE not in body


def test_every_wrong_combination_gives_one_generic_message(personas, client):
    _stored(personas)
    code = _apply(client, personas)
    other = valid_id_number(birth="19850206", seq="266")
    answers = set()
    for data in ({"code": code, "contact": "13900000000"}, {"code": code, "contact": STORED_PHONE}, {"code": code, "contact": other},
                 {"code": "ZZZZZZZZZZ", "contact": TYPED_PHONE}, {"code": code, "contact": "abc"}):
        r = Client().post("/portal/track/", data, REMOTE_ADDR="10.0.0.9")
        body = r.content.decode()
        assert r.status_code == 422 and 'data-testid="track-result"' not in body and TYPED_NAME not in body
        answers.add(body.split('data-testid="track-error">')[1].split("<")[0])
    assert answers == {"查询码与手机号码或身份证号码不匹配，请核对后再查询"}


def test_repeated_failures_from_one_address_wait(personas, client):
    code = _apply(client, personas)
    for _ in range(20):
        client.post("/portal/track/", {"code": code, "contact": "13900000000"}, REMOTE_ADDR="10.0.0.7")
    r = client.post("/portal/track/", {"code": code, "contact": TYPED_PHONE}, REMOTE_ADDR="10.0.0.7")
    assert "查询失败次数过多" in r.content.decode() and 'data-testid="track-result"' not in r.content.decode()
