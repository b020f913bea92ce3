"""No silent identity merges (issue 16 item 2): an ID number the office has registered under another name is not reused
until the user says it is the same person; then the phone typed is recorded and the old one kept in the audit entry."""

from __future__ import annotations

import pytest

from core.errors import ErrorCollector, NeedsConfirmation, ValidationErrors
from core.models import AuditEvent
from core.testing import valid_id_number
from people.models import Person
from people.services import PersonInput, person_create, person_find_or_create, registered_under_other_name

pytestmark = pytest.mark.django_db

NUMBER = valid_id_number(birth="19820704", seq="241")


def _stored(personas, name="周登记", phone="13911110000"):
    return person_create(actor=personas.owner, org=personas.office, data=PersonInput(name=name, id_number=NUMBER, phone=phone))


def test_a_different_name_asks_at_the_id_number_field_and_saves_nothing(personas):
    stored = _stored(personas)
    with pytest.raises(NeedsConfirmation) as caught:
        person_find_or_create(actor=personas.owner, org=personas.office,
                              data=PersonInput(name="周另名", id_number=NUMBER, phone="13722223333"))
    error = caught.value
    assert error.field == "id_number" and error.code == "needs_confirmation" and error.status == 409
    assert "已登记为另一姓名（周登记）" in error.message and "周另名" in error.message
    stored.refresh_from_db()
    assert stored.phone == "13911110000" and Person.objects.count() == 1


def test_the_error_names_the_party_at_the_party_field(personas):
    _stored(personas)
    errors = ErrorCollector()
    with errors.check(prefix="respondent_", party="被申请人"):
        person_find_or_create(actor=personas.owner, org=personas.office, data=PersonInput(name="周另名", id_number=NUMBER))
    with errors.check(prefix="applicant_", party="申请人"):
        person_find_or_create(actor=personas.owner, org=personas.office, data=PersonInput(name="周登记", phone="12"))
    with pytest.raises(ValidationErrors) as caught:
        errors.raise_if_any()
    by_field = {e.field: e for e in caught.value.errors}
    assert by_field["respondent_id_number"].message.startswith("被申请人的身份证号码")
    assert "已登记为另一姓名" in by_field["respondent_id_number"].message
    assert by_field["respondent_id_number"].code == "needs_confirmation"
    assert caught.value.status == 400  # with an input error beside it, the answer is the input error's


def test_confirming_the_same_person_links_the_row_and_records_the_new_phone(personas):
    stored = _stored(personas)
    found = person_find_or_create(actor=personas.owner, org=personas.office,
                                  data=PersonInput(name="周另名", id_number=NUMBER, phone="13722223333", same_person=True))
    assert found.pk == stored.pk and Person.objects.count() == 1
    found.refresh_from_db()
    assert found.name == "周登记" and found.phone == "13722223333"
    event = AuditEvent.objects.get(object_id=str(stored.pk), summary__startswith="确认同一人")
    assert "所填姓名“周另名”与登记姓名“周登记”为同一人，更新联系电话" in event.summary
    assert event.actor == personas.owner
    assert event.before["phone"] == "13911110000" and event.after["phone"] == "13722223333"


def test_the_same_name_is_reused_without_a_question(personas):
    stored = _stored(personas)
    found = person_find_or_create(actor=personas.owner, org=personas.office, data=PersonInput(name=" 周登记 ", id_number=NUMBER))
    assert found.pk == stored.pk
    assert not AuditEvent.objects.filter(summary__startswith="确认同一人").exists()


def test_a_number_known_only_outside_the_scope_is_not_asked_about(personas):
    _stored(personas)
    own = person_find_or_create(actor=personas.outsider, org=personas.other_office,
                                data=PersonInput(name="周另名", id_number=NUMBER, phone="13722223333"))
    assert own.org == personas.other_office and own.name == "周另名"


def test_an_online_application_under_another_name_is_recognised_for_the_office_only(personas):
    stored = _stored(personas)
    applied = person_find_or_create(actor=None, org=personas.office, data=PersonInput(name="周另名", id_number=NUMBER))
    assert applied.pk != stored.pk and applied.name == "周另名"
    assert registered_under_other_name(applied) == stored
    same = person_find_or_create(actor=None, org=personas.office, data=PersonInput(name="周登记", id_number=NUMBER))
    assert registered_under_other_name(same) == applied  # the other name on file is the earlier application's
    elsewhere = person_find_or_create(actor=None, org=personas.other_office, data=PersonInput(name="周另名", id_number=NUMBER))
    assert registered_under_other_name(elsewhere) is None
