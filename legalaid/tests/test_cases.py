"""法律援助人员名册 and 法律援助案件: the roster's licence check, the 指派 with the 第二十六条 experience rule, the 第三十六条
lawyer rule and the conflict check, the change of provider, progress, 结案 with its clock and subsidy, 终止 on a
第四十八条 ground, 评查 and 回访, and the overdue 结案 in supervision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import ValidationErrors, ValidationFailed
from core.models import Deadline, WorkEvent
from legalaid import cases
from legalaid.cases import ProviderInput
from legalaid.choices import TerminationGround
from legalaid.models import Assignment, Provider, Review, SubsidyStandard
from legalaid.tests import factories

pytestmark = pytest.mark.django_db


def _messages(exc: Exception) -> str:
    errors = getattr(exc, "errors", [exc])
    return " ".join(str(e) for e in errors)


def test_a_provider_without_a_licence_number_is_refused_in_chinese_and_nothing_is_saved(personas):
    data = ProviderInput(kind="lawyer", name="白律师", licence_number="", firm="红山律师事务所",
                         practice_since=dt.date(2015, 3, 1))
    with pytest.raises((ValidationFailed, ValidationErrors)) as exc:
        cases.provider_create(actor=factories.centre_user(personas), org=factories.centre(personas), data=data)
    assert "执业证号为必填项" in _messages(exc.value)
    assert not Provider.objects.exists()


def test_a_lawyer_licence_must_have_seventeen_digits_and_may_not_be_entered_twice(personas):
    user, org = factories.centre_user(personas), factories.centre(personas)
    data = ProviderInput(kind="lawyer", name="白律师", licence_number="1150420", firm="红山律师事务所",
                         practice_since=dt.date(2015, 3, 1))
    with pytest.raises((ValidationFailed, ValidationErrors)) as exc:
        cases.provider_create(actor=user, org=org, data=data)
    assert "17位数字" in _messages(exc.value)
    data.licence_number = "11504201510123456"
    cases.provider_create(actor=user, org=org, data=data)
    with pytest.raises((ValidationFailed, ValidationErrors)) as exc:
        cases.provider_create(actor=user, org=org, data=data)
    assert "已在本机构名册中" in _messages(exc.value)
    worker = ProviderInput(kind="grassroots", name="李工作者", licence_number="JC-2019-0031", firm="西屯基层法律服务所",
                           practice_since=dt.date(2019, 1, 1))
    assert cases.provider_create(actor=user, org=org, data=worker).licence_number == "JC-2019-0031"


def test_assigning_from_the_roster_closes_the_three_day_clock_and_opens_the_case(personas):
    review = factories.granted_review(personas)
    assert Deadline.objects.filter(kind="legalaid.assign", status="open", object_id=str(review.pk)).exists()
    provider = factories.provider(personas)
    case = cases.assignment_create(actor=factories.centre_user(personas), review=review, provider=provider)
    review.refresh_from_db()
    assert review.status == "assigned" and review.provider_name == "韩律师" and review.provider_unit == "红山律师事务所"
    assert case.status == "handling" and case.assigned_date == timezone.localdate()
    assert not Deadline.objects.filter(kind="legalaid.assign", status="open", object_id=str(review.pk)).exists()
    assert WorkEvent.objects.filter(event_type="legal_aid.assigned").exists()


def test_the_conflict_check_blocks_a_provider_who_represents_the_opposing_party_in_another_case(personas):
    user = factories.centre_user(personas)
    provider = factories.provider(personas)
    # In another aid case the provider acts for 刘建军 …
    other = factories.granted_review(personas, name="刘建军", opposing_party="某劳务公司")
    cases.assignment_create(actor=user, review=other, provider=provider)
    # … who is the opposing party of this one.
    review = factories.granted_review(personas, name="马国庆", opposing_party="刘建军")
    with pytest.raises((ValidationFailed, ValidationErrors)) as exc:
        cases.assignment_create(actor=user, review=review, provider=provider)
    assert "利益冲突" in _messages(exc.value) and "刘建军" in _messages(exc.value)
    assert Review.objects.get(pk=review.pk).status == "granted"
    assert not Assignment.objects.filter(review=review).exists()
    # Another provider without the conflict is assigned.
    assert cases.assignment_create(actor=user, review=review, provider=factories.provider(personas, name="苏律师")).pk


def test_a_life_or_death_notice_needs_a_lawyer_with_three_years_practice(personas):
    from legalaid.centre import review_register_notice
    from people.services import PersonInput

    user = factories.centre_user(personas)
    review = review_register_notice(
        actor=user, centre=factories.centre(personas), authority="court", organ="红山区人民法院", received_date=None,
        facts="被告人涉嫌故意杀人，可能被判处无期徒刑、死刑", life_or_death=True,
        person=PersonInput(name="包某", id_number=factories.valid_id_number(birth="19900301", seq="287")))
    junior = factories.provider(personas, name="新律师", years=2)
    with pytest.raises((ValidationFailed, ValidationErrors)) as exc:
        cases.assignment_create(actor=user, review=review, provider=junior)
    assert "第二十六条" in _messages(exc.value) and "执业2年" in _messages(exc.value)
    worker = factories.provider(personas, name="李工作者", kind="grassroots", years=10, firm="西屯基层法律服务所")
    with pytest.raises((ValidationFailed, ValidationErrors)) as exc:
        cases.assignment_create(actor=user, review=review, provider=worker)
    assert "第三十六条" in _messages(exc.value)
    senior = factories.provider(personas, name="资深律师", years=3)
    assert cases.assignment_create(actor=user, review=review, provider=senior).provider == senior


def test_changing_the_provider_keeps_the_reason_and_starts_a_new_case(personas):
    case = factories.case(personas)
    new = factories.provider(personas, name="苏律师", firm="北方律师事务所")
    with pytest.raises((ValidationFailed, ValidationErrors)):
        cases.assignment_change(actor=factories.centre_user(personas), assignment=case, provider=new, reason="")
    successor = cases.assignment_change(actor=factories.centre_user(personas), assignment=case, provider=new,
                                        reason="受援人有正当理由申请更换")
    case.refresh_from_db()
    assert case.status == "replaced" and case.replaced_reason == "受援人有正当理由申请更换"
    assert successor.provider == new and successor.status == "handling"
    assert Review.objects.get(pk=case.review_id).provider_name == "苏律师"
    assert WorkEvent.objects.filter(event_type="legal_aid.provider_changed").exists()


def test_progress_end_close_with_subsidy_quality_and_visit(personas):
    user = factories.centre_user(personas)
    case = factories.case(personas)
    cases.progress_record(actor=user, assignment=case, kind="meeting", note="会见受援人，了解欠薪情况")
    cases.progress_record(actor=user, assignment=case, kind="hearing", note="出庭参加劳动仲裁庭审")
    with pytest.raises(ValidationFailed, match="请先登记案件办结"):
        cases.assignment_close(actor=user, assignment=case, report="代理劳动仲裁，裁决支付欠薪。", materials="裁决书副本")
    with pytest.raises(ValidationFailed, match="结案或终止后"):
        cases.assignment_quality_review(actor=user, assignment=case, grade="good", note="")
    cases.assignment_end(actor=user, assignment=case, result="仲裁委裁决支付拖欠工资两万三千元")
    clock = Deadline.objects.get(kind="legalaid.close", object_id=str(case.pk))
    assert clock.status == "open" and clock.owner == user
    SubsidyStandard.objects.filter(matter="labour").update(amount=Decimal("1800.00"))
    cases.assignment_close(actor=user, assignment=case, report="代理劳动仲裁，裁决支付全部欠薪两万三千元。",
                           materials="仲裁裁决书副本、办理情况报告")
    case.refresh_from_db()
    clock.refresh_from_db()
    assert case.status == "closed" and case.subsidy == Decimal("1800.00") and clock.status == "done"
    with pytest.raises(ValidationFailed, match="写明存在的问题"):
        cases.assignment_quality_review(actor=user, assignment=case, grade="fail", note="")
    cases.assignment_quality_review(actor=user, assignment=case, grade="excellent", note="证据充分，文书规范")
    cases.assignment_visit(actor=user, assignment=case, satisfaction="satisfied", note="对承办律师很满意")
    case.refresh_from_db()
    assert case.get_quality_grade_display() == "优秀" and case.get_satisfaction_display() == "满意"
    events = set(WorkEvent.objects.values_list("event_type", flat=True))
    assert {"legal_aid.progress_reported", "legal_aid.case_ended", "legal_aid.case_closed", "legal_aid.quality_reviewed",
            "legal_aid.recipient_visited"} <= events


def test_the_closing_clock_follows_the_configured_days_across_a_holiday(personas, settings):
    from core import calendar

    settings.LEGALAID_CLOSING_DAYS = 10
    user = factories.centre_user(personas)
    case = factories.case(personas)
    day = timezone.localdate()
    cases.assignment_end(actor=user, assignment=case, result="法院调解结案", date=day)
    case.refresh_from_db()
    assert case.closing_due == calendar.add_calendar_days(day, 10)


def test_the_subsidy_falls_back_to_the_default_row(personas):
    user = factories.centre_user(personas)
    case = factories.case(personas, matter="maintenance")
    cases.assignment_end(actor=user, assignment=case, result="法院判决支付赡养费")
    cases.assignment_close(actor=user, assignment=case, report="代理赡养纠纷诉讼，法院判决支持诉请。", materials="判决书副本")
    case.refresh_from_db()
    assert case.subsidy == SubsidyStandard.objects.get(matter="").amount


def test_termination_names_a_ground_of_article_48_and_cancels_the_closing_clock(personas):
    user = factories.centre_user(personas)
    case = factories.case(personas)
    assert len(TerminationGround.choices) == 8
    cases.assignment_end(actor=user, assignment=case, result="对方撤诉")
    with pytest.raises((ValidationFailed, ValidationErrors)) as exc:
        cases.assignment_terminate(actor=user, assignment=case, ground="bored", note="受援人自行委托律师")
    assert "第四十八条" in _messages(exc.value)
    cases.assignment_terminate(actor=user, assignment=case, ground="own_counsel", note="受援人自行委托律师代理")
    case.refresh_from_db()
    assert case.status == "terminated" and "自行委托律师" in case.get_termination_ground_display()
    assert Deadline.objects.get(kind="legalaid.close", object_id=str(case.pk)).status == "cancelled"


def test_an_overdue_closing_raises_a_warning_naming_the_owner(personas):
    from supervision.warnings import legal_aid_closing_overdue

    user = factories.centre_user(personas)
    case = factories.case(personas, name="乌日娜")
    cases.assignment_end(actor=user, assignment=case, result="法院判决")
    case.refresh_from_db()
    assert case.closing_due is not None
    later = case.closing_due + dt.timedelta(days=1)
    findings = legal_aid_closing_overdue({"min_count": 1}, later).findings
    assert len(findings) == 1 and findings[0].org_id == case.org_id
    assert "乌日娜" in findings[0].facts and "责任人周审查" in findings[0].facts
    assert not legal_aid_closing_overdue({"min_count": 1}, case.closing_due).findings


def test_the_closing_warning_rule_is_loaded():
    from supervision.models import WarningRule

    assert WarningRule.objects.filter(code="YJ12", evaluator="legal_aid_closing_overdue", enabled=True).exists()


def test_the_providers_steps_make_one_line_of_the_days_work_log(personas):
    from worklog.services import derived_events, log_lines

    user = factories.centre_user(personas)
    case = factories.case(personas, name="乌日娜")
    cases.progress_record(actor=user, assignment=case, kind="meeting", note="会见受援人")
    cases.assignment_end(actor=user, assignment=case, result="法院调解结案")
    lines = {line.text: line.link for line in log_lines(derived_events(user, timezone.localdate()))}
    assert lines["法律援助办案进展、法律援助事项办结：乌日娜 法律援助案件（韩律师）"] == case.get_absolute_url()
