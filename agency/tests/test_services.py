"""行政复议申请代收 and 公证仲裁代办 services: the 60-day window (行政复议法 第二十条), the 申请书 checklist (第二十二条),
the working-day forwarding clock with its admin-editable period, the 复议机构's acceptance and decision, and the one-year
labour-arbitration limitation (劳动争议调解仲裁法 第二十七条)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from agency import services
from agency.models import AgencyCase, ForwardingRule, ReviewApplication
from agency.tests import factories
from core import calendar
from core.errors import ValidationFailed
from core.models import Deadline, WorkEvent
from people.models import Person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _errors(exc: ValidationFailed) -> list[ValidationFailed]:
    return list(getattr(exc, "errors", [exc]))


def test_receiving_records_the_time_opens_the_next_working_day_clock_and_counts_in_the_ledger(personas):
    a = factories.review(personas)
    assert a.status == "received" and a.handler == personas.owner and a.received_date == TODAY
    assert a.forward_due == calendar.add_working_days(TODAY, 1)
    clock = Deadline.objects.get(kind="agency.review_forward")
    assert clock.status == "open" and clock.due_date == a.forward_due and "第二十条" in clock.basis
    assert WorkEvent.objects.filter(event_type="agency.review_received", org=personas.office).count() == 1
    assert a.window_end == a.act_known_date + dt.timedelta(days=60)


def test_the_forwarding_period_is_the_admin_setting(personas):
    ForwardingRule.objects.filter(service="review").update(working_days=3)
    a = factories.review(personas)
    assert a.forward_due == calendar.add_working_days(TODAY, 3)
    assert not ForwardingRule.objects.get(service="review").confirmed  # seeded as UNCONFIRMED


def test_past_sixty_days_without_a_reason_is_refused_and_nothing_saved(personas):
    with pytest.raises(ValidationFailed) as exc:
        factories.review(personas, act_known_date=TODAY - dt.timedelta(days=61))
    assert any(e.field == "late_reason" and "超过六十日申请期限" in e.message and "第二十条" in e.message for e in _errors(exc.value))
    assert not ReviewApplication.objects.exists() and not Person.objects.filter(name="包金花").exists()
    assert not Deadline.objects.exists()


def test_past_sixty_days_with_a_recorded_reason_is_received(personas):
    a = factories.review(personas, act_known_date=TODAY - dt.timedelta(days=90), late_reason="申请人住院治疗两个月，出院后即来申请")
    assert a.late_reason.startswith("申请人住院")
    # Exactly sixty days is still within the window; a stray reason is dropped.
    b = factories.review(personas, name="乌云", act_known_date=TODAY - dt.timedelta(days=60), late_reason="无")
    assert b.late_reason == ""


def test_oral_application_needs_the_record_and_each_act_its_own_application(personas):
    with pytest.raises(ValidationFailed) as exc:
        factories.review(personas, form="oral", oral_record="", checklist=["applicant", "request"])
    fields = {e.field: e.message for e in _errors(exc.value)}
    assert "第二十二条第三款" in fields["oral_record"] and "第二十二条第四款" in fields["checklist"]
    assert not ReviewApplication.objects.exists()


def test_missing_checklist_items_are_kept_for_the_review_body(personas):
    a = factories.review(personas, checklist=["one_act", "request", "facts"])
    assert a.missing_items == ["申请人的基本情况（姓名、身份证号码、住所、联系方式）", "被申请人的名称",
                               "申请人签名或者盖章（口头申请为笔录签名确认）", "申请时间"]


def test_bad_id_number_is_a_chinese_error_and_saves_nothing(personas):
    from people.services import PersonInput

    with pytest.raises(ValidationFailed) as exc:
        services.review_receive(actor=personas.owner, org=personas.office,
                                applicant=PersonInput(name="包金花", id_number="150402197001016150"),
                                data=factories.review_data())
    assert "身份证" in str(exc.value)
    assert not ReviewApplication.objects.exists() and not Deadline.objects.exists()


def test_forward_acceptance_and_decision(personas):
    a = factories.review(personas)
    services.review_forward(actor=personas.owner, application=a)
    assert a.status == "forwarded" and a.review_body.endswith("司法局）") and a.forwarded_date == TODAY
    assert Deadline.objects.get(kind="agency.review_forward").status == "done"
    with pytest.raises(ValidationFailed, match="不能转交"):
        services.review_forward(actor=personas.owner, application=a)
    with pytest.raises(ValidationFailed, match="不予受理的理由"):
        services.review_acceptance(actor=personas.owner, application=a, accepted=False)
    services.review_acceptance(actor=personas.owner, application=a, accepted=True)
    with pytest.raises(ValidationFailed, match="请选择复议决定"):
        services.review_decide(actor=personas.owner, application=a, decision="maybe")
    services.review_decide(actor=personas.owner, application=a, decision="revoke", note="责令重新作出")
    a.refresh_from_db()
    assert a.status == "decided" and a.get_decision_display().startswith("撤销")
    assert set(WorkEvent.objects.filter(event_type__startswith="agency.").values_list("event_type", flat=True)) == {
        "agency.review_received", "agency.review_forwarded", "agency.review_outcome"}


def test_not_accepted_keeps_the_reason(personas):
    a = services.review_forward(actor=personas.owner, application=factories.review(personas))
    services.review_acceptance(actor=personas.owner, application=a, accepted=False, reason="已向人民法院提起行政诉讼")
    assert a.status == "not_accepted" and a.not_accepted_reason == "已向人民法院提起行政诉讼"


def test_notary_case_forward_and_result(personas):
    c = factories.case(personas)
    assert c.status == "received" and c.forward_due == calendar.add_working_days(TODAY, 1)
    assert Deadline.objects.get(kind="agency.case_forward").status == "open"
    services.case_forward(actor=personas.owner, case=c)
    assert Deadline.objects.get(kind="agency.case_forward").status == "done"
    services.case_result(actor=personas.owner, case=c, done=True, result="已出具继承公证书")
    assert AgencyCase.objects.get().status == "done"


def test_labour_arbitration_needs_the_known_date_and_warns_of_the_limitation(personas):
    with pytest.raises(ValidationFailed) as exc:
        factories.case(personas, kind="labour_arbitration", matter="追索劳动报酬", institution="赤峰市劳动人事争议仲裁委员会")
    assert "第二十七条" in _errors(exc.value)[0].message
    late = factories.case(personas, kind="labour_arbitration", matter="追索劳动报酬", institution="赤峰市劳动人事争议仲裁委员会",
                          rights_known_date=TODAY - dt.timedelta(days=400))
    assert late.limitation_end is not None and late.limitation_end < TODAY
    assert "已于" in services.limitation_warning(late.rights_known_date)
    soon = TODAY - dt.timedelta(days=350)
    assert "仅剩" in services.limitation_warning(soon)
    assert services.limitation_warning(TODAY - dt.timedelta(days=30)) == ""


def test_an_unforwarded_application_becomes_overdue_a_supervision_warning_and_a_ledger_entry(personas):
    from core.deadlines import deadlines_refresh
    from supervision.warnings import deadlines_overdue

    a = factories.review(personas)
    later = calendar.add_working_days(a.forward_due, 2)
    deadlines_refresh(today=later)
    clock = Deadline.objects.get(kind="agency.review_forward")
    assert clock.state == Deadline.State.OVERDUE
    assert WorkEvent.objects.filter(event_type="agency.review_forward_overdue", org=personas.office).count() == 1
    facts = " ".join(f.facts for f in deadlines_overdue({"min_count": 1}, later).findings)
    assert clock.title in facts


def test_the_day_s_work_log_shows_the_receipt_and_the_forwarding(personas):
    from worklog.services import derived_events, log_lines

    a = services.review_forward(actor=personas.owner, application=factories.review(personas))
    lines = [line.text for line in log_lines(derived_events(personas.owner, TODAY))]
    assert f"代收行政复议申请、转交行政复议申请：{a}" in lines
