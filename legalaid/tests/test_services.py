"""法律援助申请 services: receiving (ID validated, registry shared), the legal hardship rules, the forwarding clock on
今日待办, forwarding and not accepting, and 转为法律援助申请 from a consultation without retyping."""

from __future__ import annotations

import datetime as dt

import pytest

from consultation.choices import FollowUp
from consultation.services import ConversionInput, consultation_record, consultation_to_dispute
from consultation.tests import factories as consultation_factories
from core import calendar
from core.deadlines import deadlines_refresh
from core.errors import ValidationFailed
from core.models import AuditEvent, Deadline, WorkEvent
from core.testing import valid_id_number
from legalaid import services
from legalaid.models import Application
from legalaid.tests import factories
from people.models import Person
from people.services import PersonInput

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _events(code: str) -> list[WorkEvent]:
    return list(WorkEvent.objects.filter(event_type=code))


def test_receive_registers_applicant_ledger_audit_and_forwarding_clock(personas):
    a = factories.application(personas)
    assert a.status == "received" and a.channel == "window" and a.handler == personas.owner and a.org == personas.office
    assert a.applicant.id_number_masked and a.applicant.id_number_masked != a.applicant.reveal_id_number()
    assert [e.date for e in _events("legal_aid.application_received")] == [a.received_date]
    assert AuditEvent.objects.filter(summary="接收法律援助申请 马国庆").exists()
    clock = Deadline.objects.get(kind="legalaid.forward")
    assert clock.status == "open" and clock.owner == personas.owner and clock.link == a.get_absolute_url()
    assert clock.due_date == calendar.add_working_days(a.received_date, 3)
    assert "法律援助法 第四十三条" in clock.basis


def test_the_same_person_is_found_again_by_id_number(personas):
    person = factories.applicant()
    first = services.application_receive(actor=personas.owner, org=personas.office, applicant=person, data=factories.data())
    second = services.application_receive(actor=personas.owner, org=personas.office, applicant=person, data=factories.data())
    assert first.applicant_id == second.applicant_id and Person.objects.count() == 1


@pytest.mark.parametrize("id_number, message", [("", "请填写申请人身份证号码"), ("150402197809153002", "校验")])
def test_an_application_needs_a_valid_id_number(personas, id_number, message):
    with pytest.raises(ValidationFailed, match=message) as exc:
        services.application_receive(actor=personas.owner, org=personas.office,
                                     applicant=PersonInput(name="马国庆", id_number=id_number), data=factories.data())
    assert exc.value.field == "id_number"
    assert not Application.objects.exists() and not Person.objects.exists() and not Deadline.objects.exists()


@pytest.mark.parametrize("over, field, message", [
    ({"matter": "labour", "hardship_basis": "not_required"}, "hardship_basis", "第三十一条"),
    ({"matter": "maintenance", "hardship_basis": "migrant_worker", "hardship_detail": "务工证明"}, "hardship_basis", "第四十二条第三项"),
    ({"hardship_basis": "statement", "hardship_detail": " "}, "hardship_detail", "第四十一条"),
    ({"hardship_basis": "minimum_living", "hardship_detail": ""}, "hardship_detail", "证明材料"),
    ({"matter": "no_such"}, "matter", "请选择申请事项类别"),
    ({"facts": "  "}, "facts", "案情"),
    ({"is_urgent": True, "urgent_reason": ""}, "urgent_reason", "第四十四条"),
    ({"received_date": TODAY + dt.timedelta(days=1)}, "received_date", "不能晚于今天"),
])
def test_hardship_and_form_rules_refuse_with_the_field_to_fix(personas, over, field, message):
    with pytest.raises(ValidationFailed, match=message) as exc:
        factories.application(personas, **over)
    assert exc.value.field == field and not Application.objects.exists()


def test_matters_of_article_32_need_no_hardship_and_criminal_matters_are_flagged(personas):
    abuse = factories.application(personas, matter="abuse_victim", hardship_basis="not_required", hardship_detail="")
    assert abuse.hardship_basis == "not_required" and not abuse.check_exempt and not abuse.is_criminal
    defence = factories.application(personas, name="白玉山", matter="criminal_defence", hardship_basis="not_required")
    assert defence.is_criminal
    migrant = factories.application(personas, name="高占军", hardship_basis="migrant_worker", hardship_detail="劳动合同、工地考勤表")
    assert migrant.check_exempt


def test_an_urgent_application_is_due_the_next_working_day(personas):
    a = factories.application(personas, is_urgent=True, urgent_reason="距劳动仲裁时效届满不足七日")
    clock = Deadline.objects.get(kind="legalaid.forward")
    assert clock.due_date == calendar.add_working_days(a.received_date, 1) and "紧急" in clock.title


def test_only_an_office_receives_applications(personas):
    with pytest.raises(ValidationFailed, match="请选择司法所"):
        factories.application(personas, org=personas.committee)
    assert not Application.objects.exists()


def test_forward_closes_the_clock_and_counts_once(personas):
    a = factories.application(personas)
    services.application_forward(actor=personas.owner, application=a)
    a.refresh_from_db()
    assert a.status == "forwarded" and a.forwarded_date == TODAY and a.centre_name == "红山区法律援助中心"
    assert Deadline.objects.get(kind="legalaid.forward").status == "done"
    assert [e.date for e in _events("legal_aid.application_forwarded")] == [TODAY]
    with pytest.raises(ValidationFailed, match="已转交法律援助机构，不能再转交"):
        services.application_forward(actor=personas.owner, application=a)
    with pytest.raises(ValidationFailed, match="不能再修改"):
        services.application_update(actor=personas.owner, application=a, data=factories.data())
    assert len(_events("legal_aid.application_forwarded")) == 1


def test_forward_date_cannot_precede_receipt(personas):
    a = factories.application(personas)
    with pytest.raises(ValidationFailed, match="不能早于接收日期") as exc:
        services.application_forward(actor=personas.owner, application=a, date=a.received_date - dt.timedelta(days=1))
    assert exc.value.field == "date"
    a.refresh_from_db()
    assert a.status == "received"


def test_not_accepting_needs_a_reason_and_cancels_the_clock(personas):
    a = factories.application(personas)
    with pytest.raises(ValidationFailed, match="请写明不予受理的理由"):
        services.application_not_accept(actor=personas.owner, application=a, reason="  ")
    services.application_not_accept(actor=personas.owner, application=a, reason="申请人已自行委托律师，撤回申请")
    a.refresh_from_db()
    assert a.status == "not_accepted" and a.not_accepted_date == TODAY
    assert Deadline.objects.get(kind="legalaid.forward").status == "cancelled"
    assert len(_events("legal_aid.application_not_accepted")) == 1
    with pytest.raises(ValidationFailed, match="不予受理，不能再转交"):
        services.application_forward(actor=personas.owner, application=a)


def test_a_forwarding_clock_that_runs_out_enters_the_ledger_once(personas):
    a = factories.application(personas, received_date=TODAY - dt.timedelta(days=20))
    deadlines_refresh()
    deadlines_refresh()
    assert [e.object_id for e in _events("legal_aid.forward_overdue")] == [str(a.pk)]
    assert Deadline.objects.get(kind="legalaid.forward").state == "overdue"


def test_update_moves_the_ledger_date_and_the_clock(personas):
    a = factories.application(personas)
    new_day = TODAY - dt.timedelta(days=4)
    services.application_update(actor=personas.owner, application=a, data=factories.data(received_date=new_day, request="追索工资"))
    a.refresh_from_db()
    assert a.received_date == new_day and a.request == "追索工资"
    assert [e.date for e in _events("legal_aid.application_received")] == [new_day]
    clocks = Deadline.objects.filter(kind="legalaid.forward")
    assert sorted(clocks.values_list("status", flat=True)) == ["cancelled", "open"]
    assert clocks.get(status="open").due_date == calendar.add_working_days(new_day, 3)


def test_consultation_becomes_an_application_without_retyping(personas):
    c = consultation_factories.consultation(personas, topic="labour", question="工地拖欠我八个月工资，想找律师帮忙。")
    a = services.application_from_consultation(actor=personas.owner, consultation=c,
                                               data=factories.data(facts="", received_date=TODAY))
    c.refresh_from_db()
    assert a.applicant_id == c.person_id and a.facts == c.question and a.channel == "consultation" and a.org == c.org
    assert c.follow_up == FollowUp.LEGAL_AID and c.legal_aid_application == a and a.consultation == c
    assert len(_events("legal_aid.application_received")) == 1
    assert AuditEvent.objects.filter(summary=f"法律咨询转为法律援助申请 {c.person.name}").exists()
    with pytest.raises(ValidationFailed, match="不能重复转办"):
        services.application_from_consultation(actor=personas.owner, consultation=c, data=factories.data())


def test_consultation_marked_legal_aid_earlier_can_still_be_converted(personas):
    c = consultation_factories.consultation(personas, follow_up="legal_aid")
    a = services.application_from_consultation(actor=personas.owner, consultation=c, data=factories.data(facts=""))
    assert a.consultation == c


def test_received_date_cannot_precede_the_consultation(personas):
    c = consultation_factories.consultation(personas)
    with pytest.raises(ValidationFailed, match="不能早于法律咨询日期"):
        services.application_from_consultation(actor=personas.owner, consultation=c,
                                               data=factories.data(received_date=c.date - dt.timedelta(days=1)))
    assert not Application.objects.exists()


def test_consultation_without_id_number_asks_for_it_and_records_it_in_the_registry(personas):
    c = consultation_record(
        actor=personas.owner, org=personas.office, person=consultation_factories.person("韩桂芝", with_id=False),
        data=consultation_factories.data())
    with pytest.raises(ValidationFailed, match="没有身份证号码") as exc:
        services.application_from_consultation(actor=personas.owner, consultation=c, data=factories.data(facts=""))
    assert exc.value.field == "id_number" and not Application.objects.exists()
    number = valid_id_number(birth="19620704", seq="822")
    a = services.application_from_consultation(actor=personas.owner, consultation=c, data=factories.data(facts=""), id_number=number)
    a.applicant.refresh_from_db()
    assert a.applicant_id == c.person_id and a.applicant.reveal_id_number() == number


def test_a_consultation_turned_into_a_dispute_cannot_become_an_application(personas):
    c = consultation_factories.consultation(personas)
    consultation_to_dispute(actor=personas.owner, consultation=c, data=ConversionInput(
        title="孙秀兰与周德明离婚纠纷", category="marriage_family", respondent_name="周德明"))
    with pytest.raises(ValidationFailed, match="已转为矛盾纠纷"):
        services.application_from_consultation(actor=personas.owner, consultation=c, data=factories.data())
    assert not Application.objects.exists()


def test_a_consultation_with_an_application_keeps_its_follow_up(personas):
    from consultation.services import consultation_update

    c = consultation_factories.consultation(personas, topic="labour", question="工地拖欠我八个月工资，想找律师帮忙。")
    services.application_from_consultation(actor=personas.owner, consultation=c, data=factories.data(facts="", received_date=TODAY))
    c.refresh_from_db()
    edit = consultation_factories.data(topic="labour", question=c.question, follow_up="none")
    with pytest.raises(ValidationFailed, match="已转为法律援助申请") as info:
        consultation_update(actor=personas.owner, consultation=c, data=edit)
    assert info.value.field == "follow_up"
    c.refresh_from_db()
    assert c.follow_up == FollowUp.LEGAL_AID
    # Other corrections still go through.
    consultation_update(actor=personas.owner, consultation=c, data=consultation_factories.data(
        topic="labour", question=c.question, follow_up="legal_aid", answer="可申请法律援助，已协助填写申请表。"))
    c.refresh_from_db()
    assert c.answer == "可申请法律援助，已协助填写申请表。" and c.legal_aid_application.consultation_id == c.pk
