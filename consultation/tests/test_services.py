from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from consultation.models import Consultation
from consultation.services import ConversionInput, consultation_record, consultation_to_dispute, consultation_update
from consultation.tests import factories
from core.errors import ScopeViolation, ValidationFailed
from core.models import AuditEvent, WorkEvent
from mediation.models import Dispute
from people.models import Person

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _record(personas, **over):
    return consultation_record(actor=personas.owner, org=personas.office, person=factories.person(), data=factories.data(**over))


def test_recording_registers_the_person_once_and_counts_one_visit(personas):
    c = factories.consultation(personas)
    assert c.person.name == "孙秀兰" and c.handler == personas.owner
    assert c.laws == ["中华人民共和国民法典 第一千零七十九条", "中华人民共和国反家庭暴力法 第二十三条"]
    again = consultation_record(actor=personas.owner, org=personas.office,
                                person=factories.PersonInput(name="孙秀兰", id_number=_id_of(c)),
                                data=factories.data(topic="inheritance"))
    assert again.person == c.person and Person.objects.count() == 1
    events = WorkEvent.objects.filter(event_type="consultation.recorded")
    assert events.count() == 2 and {e.date for e in events} == {c.date}
    assert AuditEvent.objects.filter(action="create", summary__contains="登记法律咨询").count() == 2


def _id_of(c: Consultation) -> str:
    from core.crypto import decrypt_text

    return decrypt_text(c.person.id_number_encrypted)


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"date": TODAY + dt.timedelta(days=1)}, "date", "咨询日期不能晚于今天"),
        ({"question": "  "}, "question", "请填写咨询问题"),
        ({"answer": ""}, "answer", "请填写解答意见"),
        ({"topic": "no_such_topic"}, "topic", "请选择咨询类别"),
        ({"channel": "letter"}, "channel", "请选择咨询方式"),
        ({"follow_up": "referred", "referred_to": ""}, "referred_to", "请填写转介单位"),
        ({"follow_up": "dispute"}, "follow_up", "转为矛盾纠纷"),
        ({"duration_minutes": 0}, "duration_minutes", "用时应在1至480分钟之间"),
    ],
)
def test_recording_rejects_bad_input_with_a_chinese_message_and_saves_nothing(personas, over, field, message):
    with pytest.raises(ValidationFailed) as exc:
        _record(personas, **over)
    assert exc.value.field == field and message in exc.value.message
    assert Consultation.objects.count() == 0 and Person.objects.count() == 0
    assert not WorkEvent.objects.filter(event_type="consultation.recorded").exists()


def test_a_referral_needs_no_answer_and_keeps_where_it_went(personas):
    c = _record(personas, answer="", follow_up="referred", referred_to="红山区人力资源和社会保障局劳动保障监察大队")
    assert c.follow_up == "referred" and c.referred_to.startswith("红山区人力资源")
    plain = _record(personas, referred_to="不该保存的转介单位")
    assert plain.referred_to == ""


def test_handler_must_serve_at_the_office_or_above(personas):
    assert _record(personas, handler=personas.supervisor).handler == personas.supervisor
    with pytest.raises(ValidationFailed) as exc:
        _record(personas, handler=personas.outsider)
    assert "不是西屯街道司法所或其上级单位的工作人员" in exc.value.message


def test_outsider_cannot_record_for_another_office(personas):
    with pytest.raises(ScopeViolation):
        consultation_record(actor=personas.outsider, org=personas.office, person=factories.person(), data=factories.data())
    assert Consultation.objects.count() == 0


def test_update_moves_the_ledger_date_and_audits_the_change(personas):
    c = factories.consultation(personas)
    new_date = TODAY - dt.timedelta(days=10)
    consultation_update(actor=personas.owner, consultation=c, data=factories.data(date=new_date, answer="补充解答：可申请法律援助。"))
    c.refresh_from_db()
    assert c.date == new_date and c.answer == "补充解答：可申请法律援助。"
    assert WorkEvent.objects.get(event_type="consultation.recorded").date == new_date
    audit = AuditEvent.objects.filter(action="update").latest("id")
    assert audit.after["answer"] == "补充解答：可申请法律援助。" and "question" not in audit.after


def _convert(personas, c, **over):
    values = {"title": "孙秀兰与周德明离婚纠纷", "category": "marriage_family", "respondent_name": "周德明",
              "respondent_phone": "13804760001", "claims": "解除婚姻关系", "amount": Decimal("0")}
    values.update(over)
    return consultation_to_dispute(actor=personas.owner, consultation=c, data=ConversionInput(**values))


def test_conversion_creates_a_dispute_with_the_same_person_and_facts(personas):
    c = factories.consultation(personas)
    dispute = _convert(personas, c)
    applicant = dispute.parties.get(role="applicant")
    respondent = dispute.parties.get(role="respondent")
    assert applicant.person_id == c.person_id and respondent.person.name == "周德明"
    assert dispute.facts == c.question and dispute.source == "application" and dispute.status == "lead"
    assert dispute.org == c.org and dispute.received_date == TODAY
    c.refresh_from_db()
    assert c.follow_up == "dispute" and c.dispute == dispute
    assert WorkEvent.objects.filter(event_type="consultation.converted_to_dispute", object_id=str(c.pk)).count() == 1
    assert WorkEvent.objects.filter(event_type="mediation.dispute_registered", object_id=str(dispute.pk)).count() == 1
    assert Person.objects.count() == 2


def test_conversion_happens_once(personas):
    c = factories.consultation(personas)
    _convert(personas, c)
    with pytest.raises(ValidationFailed) as exc:
        _convert(personas, c)
    assert "已转为矛盾纠纷" in exc.value.message and Dispute.objects.count() == 1


def test_conversion_errors_roll_back_everything(personas):
    c = factories.consultation(personas)
    with pytest.raises(ValidationFailed) as exc:
        _convert(personas, c, respondent_name="")
    assert exc.value.field == "respondent_name"
    with pytest.raises(ValidationFailed) as exc:
        _convert(personas, c, received_date=c.date - dt.timedelta(days=1))
    assert "不能早于咨询日期" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        _convert(personas, c, org=personas.sibling_office)
    assert "本司法所或其下属" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        _convert(personas, c, title="")
    assert "请填写纠纷名称" in exc.value.message
    c.refresh_from_db()
    assert c.follow_up == "none" and c.dispute is None
    assert Dispute.objects.count() == 0 and Person.objects.count() == 1
    assert not WorkEvent.objects.filter(event_type="consultation.converted_to_dispute").exists()


def test_converted_consultation_keeps_its_follow_up(personas):
    c = factories.consultation(personas)
    _convert(personas, c)
    with pytest.raises(ValidationFailed) as exc:
        consultation_update(actor=personas.owner, consultation=c, data=factories.data(follow_up="none"))
    assert "后续处理不能再修改" in exc.value.message
    consultation_update(actor=personas.owner, consultation=c, data=factories.data(follow_up="dispute", answer="已转人民调解"))
    c.refresh_from_db()
    assert c.answer == "已转人民调解" and c.dispute is not None


def test_conversion_to_a_village_committee_under_the_office(personas):
    c = factories.consultation(personas)
    dispute = _convert(personas, c, org=personas.committee)
    assert dispute.org == personas.committee and dispute.level == "village"


def test_update_without_a_handler_keeps_the_one_recorded(personas):
    c = factories.consultation(personas, handler=personas.head)
    consultation_update(actor=personas.owner, consultation=c, data=factories.data(handler=None))
    c.refresh_from_db()
    assert c.handler == personas.head
