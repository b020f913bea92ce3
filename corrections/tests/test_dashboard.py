"""The 数据驾驶舱's 社区矫正 group: 在矫人数 counted on the records now, 本期接收 from the ledger's intake entries of
the period; both open exactly the subjects they count, inside the viewer's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from corrections.models import Subject
from corrections.services import subject_receive
from corrections.tests import factories
from dashboard.selectors import board

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
MONTH = (TODAY.replace(day=1), TODAY)


@pytest.fixture
def subjects(personas: Any, django_capture_on_commit_callbacks: Any) -> Any:
    with django_capture_on_commit_callbacks(execute=True):
        factories.subject(personas, name="刘建军", reported_date=TODAY)
        factories.subject(personas, name="周丽", reported_date=TODAY)
        old = factories.subject(personas, name="韩志强", effective_date=TODAY - dt.timedelta(days=80),
                                start_date=TODAY - dt.timedelta(days=80), reported_date=TODAY - dt.timedelta(days=75),
                                end_date=TODAY + dt.timedelta(days=300))
        subject_receive(actor=personas.outsider, org=personas.other_office, person=factories.person("冯外县"), data=factories.data())
    Subject.objects.filter(pk=old.pk).update(status="discharged")
    return personas


def test_the_group_is_connected_and_counts_in_correction_and_received_in_the_period(subjects: Any) -> None:
    county = board(subjects.supervisor, subjects.county, MONTH, today=TODAY)
    group = next(g for g in county.groups if g.group.key == "corrections")
    assert group.connected
    assert county.totals["corrections.in_correction"] == 2  # the discharged one is no longer counted
    received_this_month = 2 + (TODAY - dt.timedelta(days=75) >= MONTH[0])
    assert county.totals["corrections.received"] == received_this_month
    city = board(subjects.sysadmin, subjects.city, MONTH, today=TODAY)
    assert city.totals["corrections.in_correction"] == 3
    outsider = board(subjects.outsider, subjects.other_office, MONTH, today=TODAY)
    assert outsider.totals["corrections.in_correction"] == 1


def test_the_figure_opens_exactly_the_subjects_it_counts(subjects: Any, login: Any) -> None:
    url = reverse("dashboard:records", kwargs={"code": subjects.county.code, "figure": "corrections.in_correction"})
    html = login(subjects.supervisor).get(url).content.decode()
    assert "刘建军" in html and "周丽" in html and "韩志强" not in html and "冯外县" not in html
    subject = Subject.objects.get(person__name="刘建军")
    assert subject.get_absolute_url() in html
