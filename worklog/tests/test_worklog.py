from __future__ import annotations

import datetime as dt

import pytest

from core.errors import ValidationFailed
from core.ledger import ledger_record
from core.models import Notification, WorkEvent
from mediation.services import dispute_accept, session_record
from mediation.tests import factories
from worklog.models import WorkLog
from worklog.services import (
    derived_events,
    log_lines,
    worklog_add_manual,
    worklog_confirm,
    worklog_open,
    worklog_remind_missing,
    worklog_review,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _busy_day(personas):
    d = factories.dispute(personas, received=TODAY)
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY)
    session_record(actor=personas.owner, dispute=d, date=TODAY, place="调解室", hosts="张明", record="双方陈述")
    return d


def test_day_opens_prefilled_from_the_ledger_and_confirms_in_one_click(personas, login):
    d = _busy_day(personas)
    c = login(personas.owner)
    page = c.get(f"/worklog/day/{TODAY}/").content.decode()
    assert f"登记矛盾纠纷、受理矛盾纠纷、主持调解：{d.title}" in page and f'href="/mediation/disputes/{d.uuid}/"' in page
    assert page.count('data-testid="btn-confirm-log') == 2  # the confirm button at the top and at the bottom
    r = c.post(f"/worklog/day/{TODAY}/confirm/")
    assert r.status_code == 302
    log = WorkLog.objects.get(user=personas.owner, date=TODAY)
    assert log.status == "confirmed"
    texts = list(log.entries.values_list("description", flat=True))
    assert texts == [f"登记矛盾纠纷、受理矛盾纠纷、主持调解：{d.title}"]  # one line per case; the parties' registration is none
    assert log.entries.get().link == f"/mediation/disputes/{d.uuid}/"
    assert "已确认" in c.get(f"/worklog/day/{TODAY}/").content.decode()


def test_log_lines_fold_a_case_s_steps_and_skip_incidental_record_keeping(personas):
    d = _busy_day(personas)
    session_record(actor=personas.owner, dispute=d, date=TODAY, place="调解室", hosts="张明", record="再次调解")
    other = factories.dispute(personas, received=TODAY, title="赵某与钱某相邻通行纠纷")
    lines = log_lines(derived_events(personas.owner, TODAY))
    # Four parties were registered (two per dispute): the ledger counts them, the log does not list them.
    assert WorkEvent.objects.filter(actor=personas.owner, date=TODAY, event_type="people.person_registered").count() == 4
    assert [line.text for line in lines] == [
        f"登记矛盾纠纷、受理矛盾纠纷、主持调解（2次）：{d.title}",
        f"登记矛盾纠纷：{other.title}",
    ]
    assert [line.link for line in lines] == [d.get_absolute_url(), other.get_absolute_url()]
    assert [len(line.events) for line in lines] == [4, 1]
    assert lines[0].quantity == 4 and lines[1].quantity == 1


def test_an_entry_without_a_record_is_its_own_line_and_amounts_keep_their_unit(personas):
    ledger_record(org=personas.office, actor=personas.owner, event_type="mediation.session")
    ledger_record(org=personas.office, actor=personas.owner, event_type="mediation.session")
    d = factories.dispute(personas, received=TODAY)
    ledger_record(org=personas.office, actor=personas.owner, event_type="mediation.settled_amount", target=d, quantity=5000)
    lines = log_lines(derived_events(personas.owner, TODAY))
    assert [line.text for line in lines] == ["主持调解", "主持调解", f"登记矛盾纠纷、调解协议涉及金额（5000元）：{d.title}"]
    assert lines[0].link == ""


def test_a_day_of_only_incidental_entries_needs_a_summary(personas):
    factories.person(personas, "周某")
    log = worklog_open(user=personas.owner, day=TODAY)
    assert log_lines(derived_events(personas.owner, TODAY)) == []
    with pytest.raises(ValidationFailed, match="当日小结"):
        worklog_confirm(actor=personas.owner, log=log)


def test_manual_entries_enter_the_ledger(personas):
    log = worklog_open(user=personas.owner, day=TODAY)
    worklog_add_manual(actor=personas.owner, log=log, item_code="training", description="参加县局调解业务培训")
    assert WorkEvent.objects.filter(event_type="worklog.manual", actor=personas.owner, date=TODAY).count() == 1
    with pytest.raises(ValidationFailed, match="请选择工作事项"):
        worklog_add_manual(actor=personas.owner, log=log, item_code="nope", description="x")
    with pytest.raises(ValidationFailed, match="只能填写自己的"):
        worklog_add_manual(actor=personas.head, log=log, item_code="training", description="x")
    worklog_confirm(actor=personas.owner, log=log)
    with pytest.raises(ValidationFailed, match="已确认"):
        worklog_add_manual(actor=personas.owner, log=log, item_code="meeting", description="x")


def test_empty_day_needs_a_summary_and_future_days_are_refused(personas):
    log = worklog_open(user=personas.owner, day=TODAY)
    with pytest.raises(ValidationFailed, match="当日小结"):
        worklog_confirm(actor=personas.owner, log=log)
    worklog_confirm(actor=personas.owner, log=log, summary="全天外出参加县局会议")
    with pytest.raises(ValidationFailed, match="今天以后"):
        worklog_open(user=personas.owner, day=TODAY + dt.timedelta(days=1))


def test_head_reviews_or_sends_back(personas, login):
    _busy_day(personas)
    log = worklog_open(user=personas.owner, day=TODAY)
    worklog_confirm(actor=personas.owner, log=log)
    assert login(personas.owner).get("/worklog/review/").status_code == 403
    head = login(personas.head)
    assert log.date.strftime("%Y-%m-%d") in head.get("/worklog/review/").content.decode()
    with pytest.raises(ValidationFailed, match="退回原因"):
        worklog_review(actor=personas.head, log=log, send_back=True)
    worklog_review(actor=personas.head, log=log, note="调解记录请补充", send_back=True)
    log.refresh_from_db()
    assert log.status == "draft" and not log.entries.filter(event_type__gt="").exists()
    assert Notification.objects.filter(user=personas.owner, title__contains="被退回").exists()
    worklog_confirm(actor=personas.owner, log=log)
    r = head.post(f"/worklog/review/{log.uuid}/", {"note": "好"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204 and WorkLog.objects.get(pk=log.pk).status == "reviewed"
    assert login(personas.outsider).get(f"/worklog/review/{log.uuid}/").status_code == 404


def test_missing_logs_remind_the_user_then_the_head(personas):
    monday = dt.date(2026, 11, 23)
    counts = worklog_remind_missing(today=monday)
    assert counts["users"] == 3  # the office's staff and head, and the other county's office staff
    owner_note = Notification.objects.get(user=personas.owner)
    assert "个工作日未确认工作日志" in owner_note.title
    assert Notification.objects.filter(user=personas.head, title__contains="张明 已连续").exists()

    # A second run the same day (the worker restarted) sends nothing again.
    sent = Notification.objects.count()
    assert worklog_remind_missing(today=monday)["sent"] == 0 and Notification.objects.count() == sent


def test_completion_rate_per_office(personas, login):
    _busy_day(personas)
    worklog_confirm(actor=personas.owner, log=worklog_open(user=personas.owner, day=TODAY))
    page = login(personas.supervisor).get(f"/worklog/completion/?start={TODAY}&end={TODAY}")
    body = page.content.decode()
    assert personas.office.name in body and personas.other_office.name not in body
    rows = page.context["rows"]
    row = next(r for r in rows if r["office"] == personas.office)
    workday = 1 if __import__("core.calendar", fromlist=["is_workday"]).is_workday(TODAY) else 0
    assert row["staff"] == 2 and row["confirmed"] == 1 and row["expected"] == 2 * workday
