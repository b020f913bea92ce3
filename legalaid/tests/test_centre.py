"""The county 法律援助机构's queue: receipt, 审查 within seven days (法律援助法 第四十三条), 一次性告知 that stops the
clock and lapses into a withdrawal, 先行提供 (第四十四条), grant or refusal, 异议 (第四十九条), 通知辩护 (第三十六条)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from core.deadlines import open_deadlines_for
from core.errors import ValidationErrors, ValidationFailed
from core.models import CalendarOverride, Deadline, WorkEvent
from legalaid import centre as c
from legalaid.choices import ReviewSource, ReviewStatus
from legalaid.eligibility import assess
from legalaid.models import HardshipStandard, Review
from legalaid.selectors import review_list
from legalaid.services import application_forward
from legalaid.tests import factories

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def test_a_forwarded_application_enters_the_centres_queue_with_a_seven_day_clock(personas):
    review = factories.forwarded_review(personas)
    user = factories.centre_user(personas)
    assert review.org == factories.centre(personas) and review.source == ReviewSource.FORWARDED
    clock = open_deadlines_for(review, c.DEADLINE_DECIDE).get()
    assert clock.start_date == review.received_date
    assert (clock.due_date - review.received_date).days >= 7 and clock.due_date == review.decision_due
    # The centre and the county see it in the queue; the forwarding office and another county's office do not.
    assert list(review_list(user)) == [review]
    assert list(review_list(personas.supervisor)) == [review]
    assert not review_list(personas.owner).exists() and not review_list(personas.outsider).exists()
    assert WorkEvent.objects.filter(event_type="legal_aid.review_received", org=review.org).count() == 1


def test_without_a_centre_on_the_platform_the_office_still_forwards(personas):
    application = factories.application(personas)
    application_forward(actor=personas.owner, application=application)
    assert not Review.objects.exists()


def test_the_seven_days_are_calendar_days_and_a_period_ending_on_a_holiday_moves_to_the_next_working_day(personas):
    received = today() - dt.timedelta(days=30)
    CalendarOverride.objects.bulk_create(
        [CalendarOverride(date=received + dt.timedelta(days=n), is_workday=False, note="国庆") for n in (7, 8, 9)]
        + [CalendarOverride(date=received + dt.timedelta(days=n), is_workday=True, note="调休上班") for n in (6, 10)])
    review = factories.forwarded_review(personas, received_date=received, date=received)
    assert review.decision_due == received + dt.timedelta(days=10)


def test_the_one_time_notice_stops_the_clock_and_the_reply_restarts_it_with_the_days_left(personas):
    received = today() - dt.timedelta(days=12)
    review = factories.forwarded_review(personas, received_date=received, date=received)
    user = factories.centre_user(personas)
    CalendarOverride.objects.bulk_create([CalendarOverride(date=received + dt.timedelta(days=n), is_workday=True, note="")
                                          for n in range(0, 20)])
    review.decision_due = received + dt.timedelta(days=7)
    review.save(update_fields=["decision_due"])
    c.review_request_materials(actor=user, review=review, materials="劳动合同或工资欠条；家庭经济困难状况说明",
                               date=received + dt.timedelta(days=2), reply_due=today())
    assert review.status == ReviewStatus.AWAITING_MATERIALS
    assert not open_deadlines_for(review, c.DEADLINE_DECIDE).exists()
    assert open_deadlines_for(review, c.DEADLINE_MATERIALS).get().due_date == today()
    with pytest.raises(ValidationFailed, match="一次性告知"):
        c.review_request_materials(actor=user, review=review, materials="再补充身份证复印件")
    c.review_materials_receive(actor=user, review=review, date=received + dt.timedelta(days=9))
    # Five days were left at the notice (day 2 of 7); they run from the day the materials came.
    assert review.decision_due == received + dt.timedelta(days=14)
    assert open_deadlines_for(review, c.DEADLINE_DECIDE).get().due_date == review.decision_due
    assert not open_deadlines_for(review, c.DEADLINE_MATERIALS).exists()


def test_no_reply_by_the_date_set_counts_as_withdrawn(personas):
    received = today() - dt.timedelta(days=20)
    review = factories.forwarded_review(personas, received_date=received, date=received)
    c.review_request_materials(actor=factories.centre_user(personas), review=review, materials="工资欠条原件",
                               date=received + dt.timedelta(days=1), reply_due=today() - dt.timedelta(days=1))
    assert c.reviews_withdraw_lapsed(today=today() - dt.timedelta(days=1)) == 0  # the last day still counts
    assert c.reviews_withdraw_lapsed() == 1
    review.refresh_from_db()
    assert review.status == ReviewStatus.WITHDRAWN and review.withdrawn_date == today()
    assert not Deadline.objects.filter(status=Deadline.Status.OPEN).exclude(kind="legalaid.forward").exists()
    assert WorkEvent.objects.filter(event_type="legal_aid.review_withdrawn").count() == 1
    assert c.reviews_withdraw_lapsed() == 0


def test_a_grant_opens_the_three_day_assignment_and_counts_for_the_forwarding_office(personas):
    review = factories.forwarded_review(personas)
    user = factories.centre_user(personas)
    c.review_decide(actor=user, review=review, grant=True, pledge_signed=True, monthly_income=Decimal("900"))
    assert review.status == ReviewStatus.GRANTED and review.hardship_test == "required"
    assert "诚信承诺" in review.eligibility_note and "低于经济困难标准" in review.eligibility_note
    assign = open_deadlines_for(review, c.DEADLINE_ASSIGN).get()
    assert (assign.due_date - review.decision_date).days >= 3
    assert WorkEvent.objects.filter(event_type="legal_aid.case_assisted", org=personas.office).count() == 1
    c.review_assign(actor=user, review=review, provider_name="韩律师", provider_unit="红山律师事务所")
    assert review.status == ReviewStatus.ASSIGNED and not open_deadlines_for(review).exists()


def test_a_refusal_needs_written_reasons_and_the_objection_goes_to_the_bureau(personas):
    review = factories.forwarded_review(personas)
    user = factories.centre_user(personas)
    with pytest.raises(ValidationFailed) as caught:
        c.review_decide(actor=user, review=review, grant=False, reason="")
    assert caught.value.field == "reason"
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.REVIEWING
    c.review_decide(actor=user, review=review, grant=False, reason="申请人家庭月人均收入高于本省经济困难标准")
    assert review.status == ReviewStatus.REFUSED
    c.review_objection_record(actor=user, review=review, text="申请人认为其收入计算有误，提出异议")
    clock = open_deadlines_for(review, c.DEADLINE_OBJECTION).get()
    assert clock.org == personas.county and (clock.due_date - review.objection_date).days >= 5
    c.review_objection_decide(actor=personas.supervisor, review=review, result="corrected", note="收入计算有误，责令重新审查")
    review.refresh_from_db()
    assert review.status == ReviewStatus.REVIEWING and review.decision_date is None
    assert open_deadlines_for(review, c.DEADLINE_DECIDE).exists() and not open_deadlines_for(review, c.DEADLINE_OBJECTION).exists()


def test_advance_aid_before_the_decision_then_the_grant_needs_no_second_assignment(personas):
    review = factories.forwarded_review(personas, is_urgent=True, urgent_reason="距劳动仲裁时效届满不足七日")
    user = factories.centre_user(personas)
    c.review_advance(actor=user, review=review, reason="距劳动仲裁时效届满不足七日", provider_name="韩律师")
    assert open_deadlines_for(review, c.DEADLINE_DECIDE).exists()  # the decision still follows
    c.review_decide(actor=user, review=review, grant=True)
    assert review.status == ReviewStatus.ASSIGNED and not open_deadlines_for(review).exists()


def test_a_notice_from_the_court_has_a_three_day_assignment_and_no_decision(personas):
    review = factories.notice(personas)
    user = factories.centre_user(personas)
    assert review.source == ReviewSource.NOTICE and review.decision_due is None
    assert open_deadlines_for(review, c.DEADLINE_ASSIGN).exists()
    with pytest.raises(ValidationFailed, match="无需审查决定"):
        c.review_decide(actor=user, review=review, grant=True)
    with pytest.raises(ValidationFailed, match="律师事务所"):
        c.review_assign(actor=user, review=review, provider_name="韩律师")
    c.review_assign(actor=user, review=review, provider_name="韩律师", provider_unit="红山律师事务所")
    assert review.status == ReviewStatus.ASSIGNED


def test_the_notice_reports_every_missing_field_at_once(personas):
    from people.services import PersonInput

    with pytest.raises(ValidationErrors) as caught:
        c.review_register_notice(actor=factories.centre_user(personas), centre=factories.centre(personas), authority="",
                                 organ="", received_date=None, facts="", person=PersonInput(name="包小军"))
    assert {e.field for e in caught.value.errors} == {"authority", "organ", "facts", "id_number"}
    assert not Review.objects.exists()


def test_the_eligibility_helper_names_the_rule_and_the_unconfirmed_standard(personas):
    labour = factories.application(personas)
    found = assess(labour, monthly_income=Decimal("2000"))
    assert found.test == "required" and found.below_standard is False and "未经核实" in found.text
    HardshipStandard.objects.filter(province="").update(confirmed=True)
    assert "未经核实" not in assess(labour, monthly_income=Decimal("1000")).text
    exempt = factories.application(personas, name="杨树林", hardship_basis="minimum_living", hardship_detail="最低生活保障证")
    assert assess(exempt).test == "exempt" and "第四十二条第二项" in assess(exempt).text
    abuse = factories.application(personas, name="孙秀兰", matter="abuse_victim", hardship_basis="not_required", hardship_detail="")
    assert assess(abuse).test == "not_applicable" and "第三十二条" in assess(abuse).text


def test_an_overdue_decision_raises_the_legal_aid_warning_naming_its_owner(personas):
    from supervision.models import EarlyWarning, WarningRule
    from supervision.services import rule_evaluate

    received = today() - dt.timedelta(days=20)
    review = factories.forwarded_review(personas, received_date=received, date=received)
    rule = WarningRule.objects.get(code="YJ11")
    rule_evaluate(rule=rule, today=today())
    warning = EarlyWarning.objects.get(rule=rule)
    assert warning.org == review.org and "审查法律援助申请：马国庆" in warning.facts and "责任人周审查" in warning.facts
    c.review_decide(actor=factories.centre_user(personas), review=review, grant=True)
    open_deadlines_for(review, c.DEADLINE_ASSIGN).update(due_date=today())
    rule_evaluate(rule=rule, today=today())
    warning.refresh_from_db()
    assert warning.status != "open"
