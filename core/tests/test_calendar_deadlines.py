from __future__ import annotations

import datetime as dt
import re

import pytest

from core import calendar
from core.deadlines import deadline_close, deadline_open, deadlines_refresh
from core.models import CalendarOverride, Deadline, Notification

pytestmark = pytest.mark.django_db


def test_national_day_holiday_and_makeup_workday():
    assert not calendar.is_workday(dt.date(2025, 10, 1))  # 国庆节
    assert calendar.is_workday(dt.date(2025, 9, 28))  # Sunday 调休上班
    assert not calendar.is_workday(dt.date(2025, 10, 4))  # Saturday


def test_add_working_days_skips_the_golden_week():
    # Five working days from 2025-09-30: 10-1..10-8 are holidays, 10-9, 10-10, 10-11 (Sat, makeup), 10-13, 10-14.
    assert calendar.add_working_days(dt.date(2025, 9, 30), 5) == dt.date(2025, 10, 14)


def test_override_table_wins_for_unknown_years():
    day = dt.date(2031, 1, 1)  # a Wednesday the package does not know
    assert calendar.is_workday(day)
    CalendarOverride.objects.create(date=day, is_workday=False, note="元旦")
    assert not calendar.is_workday(day)
    assert calendar.add_working_days(dt.date(2030, 12, 31), 1) == dt.date(2031, 1, 2)


def test_calendar_days_period_extends_past_holiday():
    # 民事诉讼法 第八十五条: a period ending on a holiday ends on the next working day.
    assert calendar.add_calendar_days(dt.date(2025, 9, 1), 30) == dt.date(2025, 10, 9)


def test_working_days_between():
    assert calendar.working_days_between(dt.date(2025, 9, 30), dt.date(2025, 10, 14)) == 5
    assert calendar.working_days_between(dt.date(2025, 10, 14), dt.date(2025, 9, 30)) == -5


def test_refresh_marks_states_and_notifies_owner_once(personas):
    today = dt.date(2026, 11, 23)  # Monday
    overdue = deadline_open(org=personas.office, owner=personas.owner, kind="people.info_check", title="甲事项",
                            start_date=today - dt.timedelta(days=40), due_date=today - dt.timedelta(days=1))
    soon = deadline_open(org=personas.office, owner=personas.owner, kind="people.info_check", title="乙事项",
                         start_date=today, due_date=today + dt.timedelta(days=2))
    later = deadline_open(org=personas.office, owner=personas.owner, kind="people.info_check", title="丙事项",
                          start_date=today, due_date=today + dt.timedelta(days=30))
    counts = deadlines_refresh(today=today)
    states = dict(Deadline.objects.values_list("title", "state"))
    assert states == {"甲事项": "overdue", "乙事项": "due_soon", "丙事项": "normal"}
    assert counts["notified"] == 2
    titles = sorted(Notification.objects.filter(user=personas.owner).values_list("title", flat=True))
    assert any("甲事项已超期" in t for t in titles) and any("乙事项即将到期" in t for t in titles)
    deadlines_refresh(today=today)
    assert Notification.objects.count() == 2  # no repeated reminder for the same state
    deadline_close(deadline=overdue)
    assert Deadline.objects.get(pk=overdue.pk).status == "done"
    assert soon.pk and later.pk


def test_home_lists_own_due_items_and_supervisor_sees_office_warnings(personas, login):
    today = dt.date.today()
    deadline_open(org=personas.office, owner=personas.owner, kind="people.info_check", title="回访到期",
                  start_date=today - dt.timedelta(days=10), due_date=today - dt.timedelta(days=1))
    deadlines_refresh()
    body = login(personas.owner).get("/").content.decode()
    assert "回访到期" in body and "已超期" in body
    assert "回访到期" in login(personas.supervisor).get("/").content.decode()
    assert "回访到期" not in login(personas.outsider).get("/").content.decode()


def test_home_rows_show_every_column_with_a_fixed_number_of_queries(personas, login):
    """今日待办 reads only the columns it prints: each row still shows its title link, org, basis, due date, state
    and (in 辖区预警) its owner, and one row or three take the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = dt.date.today()

    def due(title: str) -> Deadline:
        return deadline_open(org=personas.office, owner=personas.owner, kind="people.info_check", title=title, basis="第二十条",
                             start_date=today - dt.timedelta(days=10), due_date=today - dt.timedelta(days=1), link="/people/")

    due("甲回访")
    deadlines_refresh()
    owner, supervisor = login(personas.owner), login(personas.supervisor)
    owner.get("/"), supervisor.get("/")
    with CaptureQueriesContext(connection) as one_owner:
        owner.get("/")
    with CaptureQueriesContext(connection) as one_supervisor:
        supervisor.get("/")
    due("乙回访"), due("丙回访")
    deadlines_refresh()
    with CaptureQueriesContext(connection) as three_owner:
        body = owner.get("/").content.decode()
    with CaptureQueriesContext(connection) as three_supervisor:
        warnings = supervisor.get("/").content.decode()
    assert len(three_owner.captured_queries) == len(one_owner.captured_queries)
    assert len(three_supervisor.captured_queries) == len(one_supervisor.captured_queries)
    row = re.search(r'<tr><td data-label="事项"><a href="/people/">乙回访</a></td><td data-label="单位">([^<]*)</td>'
                    r'<td data-label="依据" class="small text-muted">([^<]*)</td><td data-label="到期日"[^>]*>([^<]*)</td>'
                    r'<td data-label="状态"[^>]*><span class="badge badge-state-overdue">已超期</span></td></tr>', body)
    assert row and row.groups() == (personas.office.short_name, "第二十条", f"{today - dt.timedelta(days=1):%Y-%m-%d}")
    assert (f'>丙回访</a></td><td data-label="单位">{personas.office.short_name}</td>'
            f'<td data-label="责任人">{personas.owner}</td>') in warnings
