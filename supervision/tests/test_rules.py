"""The warning engine over real records: overdue clocks, missing work logs, a falling 调解成功率 and a low 千分制
score each raise one warning per office with its facts, level and owner (the office head); a second run changes
nothing; a cleared condition closes the warning; a rule over data the platform does not hold (社区矫正) raises none."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core import calendar
from core.deadlines import deadline_close, deadline_open
from core.models import AuditEvent, Notification
from mediation.choices import Outcome
from mediation.services import AgreementInput, agreement_make, dispute_accept, dispute_fail
from mediation.tests import factories as mediation_factories
from supervision.choices import WarningStatus
from supervision.models import EarlyWarning, WarningRule
from supervision.rules import month_key, previous_month
from supervision.services import item_receive, item_rectify, item_verify, rule_evaluate, warnings_evaluate
from supervision.tests import factories
from worklog.services import worklog_confirm, worklog_open

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _rule(code: str, **changes: Any) -> WarningRule:
    rule = WarningRule.objects.get(code=code)
    for key, value in changes.items():
        setattr(rule, key, value)
    rule.save()
    return rule


def _overdue(p: Any, title: str, *, org: Any = None, days_late: int = 5) -> Any:
    due = TODAY - dt.timedelta(days=days_late)
    return deadline_open(org=org or p.office, owner=p.owner, kind="people.info_check", title=title,
                         start_date=due - dt.timedelta(days=30), due_date=due)


# ------------------------------------------------------------------------------------------------ 工作事项超期


def test_overdue_clocks_raise_one_warning_per_office_with_the_items_and_the_head_as_owner(personas):
    _overdue(personas, "人员信息核对：王大山", days_late=10)
    _overdue(personas, "司法确认申请期：王大山与李二河纠纷", org=personas.committee, days_late=3)  # its 调委会 counts
    _overdue(personas, "人员信息核对：尚未到期", days_late=-5)  # not yet due
    closed = _overdue(personas, "人员信息核对：已办结")
    deadline_close(deadline=closed)
    _overdue(personas, "人员信息核对：平庄镇", org=personas.other_office)

    counts = rule_evaluate(rule=WarningRule.objects.get(code="YJ01"), today=TODAY)

    assert counts == {"created": 2, "updated": 0, "reopened": 0, "closed": 0}
    warning = EarlyWarning.objects.get(org=personas.office)
    assert warning.level == "orange" and warning.period == month_key(TODAY) and warning.value == 2
    assert warning.owner == personas.head
    first_due = TODAY - dt.timedelta(days=10)
    assert f"该所有2项工作超过期限仍未办结，最早于{first_due.year}年{first_due.month}月{first_due.day}日到期" in warning.facts
    assert "人员信息核对：王大山" in warning.facts and "司法确认申请期：王大山与李二河纠纷" in warning.facts
    assert "尚未到期" not in warning.facts and "已办结" not in warning.facts
    assert EarlyWarning.objects.get(org=personas.other_office).value == 1
    assert not EarlyWarning.objects.filter(org=personas.sibling_office).exists()
    note = Notification.objects.get(user=personas.head)
    assert note.title.startswith("新增橙色预警：工作事项超期预警") and note.link == warning.get_absolute_url()


def test_second_run_is_idempotent_and_a_cleared_condition_closes_the_warning(personas):
    deadline = _overdue(personas, "人员信息核对：王大山")
    rule = WarningRule.objects.get(code="YJ01")
    rule_evaluate(rule=rule, today=TODAY)

    again = rule_evaluate(rule=rule, today=TODAY)
    assert again == {"created": 0, "updated": 1, "reopened": 0, "closed": 0}
    assert EarlyWarning.objects.count() == 1 and Notification.objects.filter(user=personas.head).count() == 1

    deadline_close(deadline=deadline)
    assert rule_evaluate(rule=rule, today=TODAY)["closed"] == 1
    warning = EarlyWarning.objects.get()
    assert warning.status == WarningStatus.CLOSED and warning.close_reason == "预警条件已消除（系统自动关闭）"

    _overdue(personas, "人员信息核对：李二河")  # the condition returns in the same period
    assert rule_evaluate(rule=rule, today=TODAY)["reopened"] == 1
    warning.refresh_from_db()
    assert warning.status == WarningStatus.OPEN and "人员信息核对：李二河" in warning.facts
    assert Notification.objects.filter(user=personas.head, title__startswith="再次触发").count() == 1


def test_a_warning_closed_by_verified_supervision_is_not_raised_again_in_the_same_period(personas):
    _overdue(personas, "人员信息核对：王大山")
    rule = WarningRule.objects.get(code="YJ01")
    rule_evaluate(rule=rule, today=TODAY)
    warning = EarlyWarning.objects.get()
    item = factories.item(personas, source=warning)
    item_receive(actor=personas.head, item=item)
    item_rectify(actor=personas.head, item=item, text="已逐件清理超期事项，已办结并补录台账。")
    item_verify(actor=personas.supervisor, item=item, accept=True, note="核查属实")

    counts = rule_evaluate(rule=rule, today=TODAY)  # the clock is still open: the finding is still there

    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED and counts["reopened"] == 0


# ------------------------------------------------------------------------------------------------ 工作日志漏填


def test_staff_without_confirmed_logs_for_three_working_days_raise_a_yellow_warning(personas):
    workdays = calendar.workdays_in(TODAY - dt.timedelta(days=20), TODAY - dt.timedelta(days=1))
    for user in (personas.head, personas.outsider):
        for day in workdays[-4:]:
            worklog_confirm(actor=user, log=worklog_open(user=user, day=day), summary="值班接待来访群众")
    # 张明 confirmed only the fifth working day back: four days in a row are missing since.
    worklog_confirm(actor=personas.owner, log=worklog_open(user=personas.owner, day=workdays[-5]), summary="整理卷宗")

    rule_evaluate(rule=WarningRule.objects.get(code="YJ02"), today=TODAY)

    warning = EarlyWarning.objects.get()
    assert warning.org == personas.office and warning.level == "yellow" and warning.value == 1
    since = workdays[-4]
    assert f"张明（4个工作日，自{since.month}月{since.day}日起）" in warning.facts
    assert "李所长" not in warning.facts


# ------------------------------------------------------------------------------------------------ 调解成功率


def _mediated(p: Any, org: Any, day: dt.date, *, success: bool) -> None:
    """A dispute of ``org`` accepted and concluded on ``day``, recorded by a county user whose role grants case writes
    for every office of the county."""
    actor = p.caseworker
    dispute = mediation_factories.dispute(SimpleNamespace(owner=actor, office=org), received=day - dt.timedelta(days=3))
    dispute_accept(actor=actor, dispute=dispute, accepted_date=day - dt.timedelta(days=2))
    if success:
        agreement_make(actor=actor, dispute=dispute, data=AgreementInput(
            kind=Outcome.ORAL, facts="争议事项", content="双方同意和解。", signed_date=day, amount=Decimal(0)))
    else:
        dispute_fail(actor=actor, dispute=dispute, date=day, routes="告知可向人民法院起诉")


def test_success_rate_below_the_line_last_month_raises_a_warning_and_too_few_cases_are_not_judged(personas):
    start, _ = previous_month(TODAY)
    day = start + dt.timedelta(days=9)
    for success in (True, True, False, False):  # 西屯: 2 of 4 = 50.0%
        _mediated(personas, personas.office, day, success=success)
    for success in (True, False):  # 三中街: 1 of 2, below the minimum of 3 cases
        _mediated(personas, personas.sibling_office, day, success=success)

    rule_evaluate(rule=WarningRule.objects.get(code="YJ03"), today=TODAY)

    warning = EarlyWarning.objects.get()
    assert warning.org == personas.office and warning.period == month_key(start) and warning.value == Decimal("50.0")
    assert f"{start.year}年{start.month}月该所调解矛盾纠纷4件，调解成功2件，调解成功率50.0%，低于80%的预警线" in warning.facts


def test_a_drop_from_the_month_before_raises_a_warning_above_the_line(personas):
    start, _ = previous_month(TODAY)
    before_start, _ = previous_month(start)
    for success in (True, True, True):  # 100.0% the month before
        _mediated(personas, personas.office, before_start + dt.timedelta(days=9), success=success)
    for success in (True, True, False):  # 66.7% last month
        _mediated(personas, personas.office, start + dt.timedelta(days=9), success=success)
    rule = _rule("YJ03", params={"min_rate": 60, "max_drop": 15, "min_cases": 3})

    rule_evaluate(rule=rule, today=TODAY)

    facts = EarlyWarning.objects.get(org=personas.office).facts
    assert "调解成功率66.7%，较上月（100.0%）下降33.3个百分点" in facts and "预警线" not in facts


# ------------------------------------------------------------------------------------------------ 千分制得分


def test_low_score_raises_a_red_warning_for_offices_with_accounts_only(personas):
    start, _ = previous_month(TODAY)

    rule_evaluate(rule=WarningRule.objects.get(code="YJ04"), today=TODAY)

    warned = {w.org for w in EarlyWarning.objects.all()}
    # 三中街 has no account on the platform: its empty ledger is not judged.
    assert warned == {personas.office, personas.other_office}
    warning = EarlyWarning.objects.get(org=personas.office)
    assert warning.level == "red" and warning.period == month_key(start) and warning.value < 300
    assert f"该所{start.year}年{start.month}月千分制考核得分" in warning.facts and "低于300分的预警线" in warning.facts


# ------------------------------------------------------------------------------------------------ 未接入 and rule checks


def test_social_correction_rule_now_runs_on_the_expected_arrivals(personas, login):
    """YJ05 was 未接入 until 社区矫正 recorded the decision organs' notices; it now fires for a person past the last day
    to report (社区矫正法 第二十一条)."""
    from corrections.tests import factories as correction_factories
    from supervision.rules import not_connected

    rule = WarningRule.objects.get(code="YJ05")
    assert rule.enabled and rule.evaluator == "subject_not_reported" and not_connected("subject_not_reported") is None
    correction_factories.arrival(personas, name="周晓东", effective=TODAY - dt.timedelta(days=40))

    report = warnings_evaluate(today=TODAY)

    assert report["YJ05"]["created"] == 1
    warning = EarlyWarning.objects.get(rule=rule)
    assert warning.org == personas.office and "周晓东" in warning.facts
    page = login(personas.owner).get("/supervision/rules/").content.decode()
    row = page.split('data-rule="YJ05"')[1].split("</tr>")[0]
    assert "未接入" not in row


def test_rule_parameters_are_checked_with_chinese_messages(personas):
    rule = WarningRule.objects.get(code="YJ02")
    rule.params = {"days": 0}
    with pytest.raises(ValidationError, match="不能小于1"):
        rule.clean()
    rule.params = {"weeks": 2}
    with pytest.raises(ValidationError, match="参数“weeks”不属于该检测方法"):
        rule.clean()
    rule.params, rule.evaluator = {}, "nonexistent"
    with pytest.raises(ValidationError, match="没有“nonexistent”这种检测方法"):
        rule.clean()
    reporting = WarningRule.objects.get(code="YJ05")
    reporting.params = {"days": -1}
    with pytest.raises(ValidationError, match="不能小于0"):
        reporting.clean()


def test_a_rule_naming_an_unknown_method_is_reported_and_the_others_still_run(personas):
    _overdue(personas, "人员信息核对：王大山")
    WarningRule.objects.create(code="YJ99", name="错误规则", evaluator="nonexistent", sort_order=1)

    report = warnings_evaluate(today=TODAY)

    assert report["YJ99"] == {"error": 1} and report["YJ01"]["created"] == 1
    assert AuditEvent.objects.filter(summary__startswith="预警规则 YJ99 未能执行").exists()
