from __future__ import annotations

import datetime as dt

import pytest

from core.errors import ScopeViolation, ValidationFailed
from core.models import AuditEvent, Deadline, WorkEvent
from corrections.models import Subject, period_text
from corrections.services import subject_receive, subject_update
from corrections.tests import factories
from people.models import Person
from worklog.services import worklog_confirm, worklog_open

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def test_receiving_registers_the_person_audits_counts_one_intake_and_opens_the_term_clock(personas):
    s = factories.subject(personas)
    assert s.status == "in_correction" and s.officer == personas.owner and s.person.name == "刘建军"
    assert s.person.id_number_masked.startswith("150402") and "*" in s.person.id_number_masked
    event = WorkEvent.objects.get(event_type="corrections.intake")
    assert (event.org, event.actor, event.date, event.target) == (personas.office, personas.owner, s.reported_date, s)
    assert AuditEvent.objects.filter(action="create", summary="接收社区矫正对象 刘建军").count() == 1
    clock = Deadline.objects.get(kind="corrections.discharge")
    assert (clock.due_date, clock.owner, clock.link) == (s.end_date, personas.owner, s.get_absolute_url())
    assert "社区矫正法 第四十四条" in clock.basis
    assert s.period_text == "1年"


def test_the_same_person_is_found_in_the_registry_and_cannot_be_received_twice_while_in_correction(personas):
    first = factories.subject(personas)
    from core.crypto import decrypt_text

    number = decrypt_text(first.person.id_number_encrypted)
    with pytest.raises(ValidationFailed, match="已是在矫社区矫正对象") as exc:
        subject_receive(actor=personas.owner, org=personas.office, person=factories.person(id_number=number), data=factories.data())
    assert exc.value.field == "id_number"
    Subject.objects.filter(pk=first.pk).update(status="discharged")
    again = subject_receive(actor=personas.owner, org=personas.office, person=factories.person(id_number=number),
                            data=factories.data(decision_number="（2026）内0402刑初200号"))
    assert again.person == first.person and Person.objects.count() == 1


def test_report_due_date_is_ten_days_after_effect_and_late_reporting_is_shown(personas):
    effective = TODAY - dt.timedelta(days=40)
    s = factories.subject(personas, effective_date=effective, start_date=effective, reported_date=TODAY - dt.timedelta(days=2),
                          end_date=effective.replace(year=effective.year + 2))
    assert s.report_due_date is not None and s.report_due_date >= effective + dt.timedelta(days=10)
    assert s.reported_late_days == (s.reported_date - s.report_due_date).days > 0
    on_time = factories.subject(personas, name="周丽")
    assert on_time.reported_late_days == 0
    outside = factories.subject(personas, name="韩志强", correction_type="temporary_outside")
    assert outside.report_due_date is None and outside.reported_late_days == 0


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"reported_date": TODAY + dt.timedelta(days=1)}, "reported_date", "报到日期不能晚于今天"),
        ({"reported_date": TODAY - dt.timedelta(days=6)}, "reported_date", "报到日期不能早于生效日期"),
        ({"effective_date": TODAY + dt.timedelta(days=1)}, "effective_date", "生效日期不能晚于今天"),
        ({"end_date": TODAY - dt.timedelta(days=5)}, "end_date", "矫正期限止必须晚于矫正期限起"),
        ({"start_date": TODAY - dt.timedelta(days=4)}, "start_date", "从判决确定之日起计算"),
        ({"end_date": TODAY + dt.timedelta(days=20)}, "end_date", "不能少于二个月"),
        ({"end_date": TODAY.replace(year=TODAY.year + 6)}, "end_date", "不能超过五年"),
        ({"correction_type": "control", "end_date": TODAY.replace(year=TODAY.year + 4)}, "end_date", "不能超过三年"),
        ({"correction_type": "deprivation"}, "correction_type", "请选择矫正类别"),
        ({"decision_number": " "}, "decision_number", "请填写判决书"),
        ({"crime": ""}, "crime", "请填写罪名"),
    ],
)
def test_invalid_input_is_refused_with_a_chinese_message_on_its_field(personas, over, field, message):
    with pytest.raises(ValidationFailed, match=message) as exc:
        factories.subject(personas, **over)
    assert exc.value.field == field
    assert not Subject.objects.exists() and not WorkEvent.objects.filter(event_type="corrections.intake").exists()


def test_id_number_is_required_and_checked_by_the_people_registry(personas):
    with pytest.raises(ValidationFailed, match="须核实身份") as exc:
        subject_receive(actor=personas.owner, org=personas.office, person=factories.PersonInput(name="刘建军"), data=factories.data())
    assert exc.value.field == "id_number"
    with pytest.raises(ValidationFailed, match="校验") as exc:
        subject_receive(actor=personas.owner, org=personas.office,
                        person=factories.PersonInput(name="刘建军", id_number="150402198506123001"), data=factories.data())
    assert exc.value.field == "id_number" and not Person.objects.exists()


def test_only_a_judicial_office_receives_and_the_officer_must_serve_there(personas):
    with pytest.raises(ValidationFailed, match="不是司法所"):
        factories.subject(personas, org=personas.county)
    with pytest.raises(ValidationFailed, match="矫正责任人"):
        factories.subject(personas, officer=personas.outsider)
    s = factories.subject(personas, officer=personas.supervisor)  # the county bureau's staff may be named
    assert s.officer == personas.supervisor


def test_outsider_cannot_receive_into_another_office(personas):
    with pytest.raises(ScopeViolation):
        subject_receive(actor=personas.outsider, org=personas.office, person=factories.person(), data=factories.data())
    assert not Subject.objects.exists()


def test_update_records_before_and_after_and_moves_the_ledger_day_and_the_term_clock(personas):
    s = factories.subject(personas)
    new_end = s.end_date.replace(year=s.end_date.year + 1)
    data = factories.data(reported_date=TODAY, end_date=new_end, crime="交通肇事罪", officer=personas.head)
    subject_update(actor=personas.owner, subject=s, data=data)
    s.refresh_from_db()
    assert (s.crime, s.end_date, s.reported_date, s.officer) == ("交通肇事罪", new_end, TODAY, personas.head)
    assert WorkEvent.objects.get(event_type="corrections.intake").date == TODAY
    clock = Deadline.objects.get(kind="corrections.discharge")
    assert (clock.due_date, clock.owner) == (new_end, personas.head)
    audit = AuditEvent.objects.get(action="update")
    assert audit.before["crime"] == "危险驾驶罪" and audit.after["crime"] == "交通肇事罪"
    assert set(audit.after) == {"crime", "end_date", "reported_date", "officer_id", "updated_at"}


def test_a_received_subject_is_prefilled_in_that_days_work_log_with_a_link(personas):
    s = factories.subject(personas, reported_date=TODAY)
    log = worklog_open(user=personas.owner, day=TODAY)
    worklog_confirm(actor=personas.owner, log=log)
    # One line per case and day, naming its steps (the reception among them) and linking to the subject.
    [entry] = [e for e in log.entries.all() if e.link == s.get_absolute_url()]
    assert "接收社区矫正对象报到" in entry.description and entry.description.endswith("：刘建军（缓刑）")


def test_period_text_counts_both_ends():
    assert period_text(dt.date(2026, 1, 10), dt.date(2027, 1, 9)) == "1年"
    assert period_text(dt.date(2026, 1, 31), dt.date(2026, 3, 30)) == "2个月"
    assert period_text(dt.date(2026, 1, 10), dt.date(2026, 7, 24)) == "6个月15日"


def test_a_received_subject_scores_on_the_standard_s_reporting_item(personas):
    from assessment.scoring import score_offices
    from assessment.selectors import standard_in_force

    factories.subject(personas, reported_date=TODAY)
    standard, _ = standard_in_force(TODAY.year)
    month = (TODAY.replace(day=1), TODAY)
    [office] = score_offices(None, standard, [personas.office], *month, counted_end=TODAY)
    item = next(i for i in office.items if i.item.code == "I04")  # 社区矫正报到登记制度
    assert item.connected and item.count == 1 and item.points > 0
