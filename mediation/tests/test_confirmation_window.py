"""The 30-day 司法确认 window (人民调解法 第三十三条) is the parties' time to apply, not work of the office: when it runs
out unused it lapses (the periodic deadline task closes it as 已届满) — no 超期 reminder, no 工作事项超期 warning, no
已超期 entry in 今日待办. The follow-up clock of the same agreement, which is the office's work, still turns overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.deadlines import deadlines_refresh
from core.models import Deadline, Notification
from mediation.choices import Outcome
from mediation.models import Agreement
from mediation.services import AgreementInput, agreement_make, confirmation_record, dispute_accept
from mediation.tests import factories
from supervision.warnings import deadlines_overdue

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
WINDOW = "mediation.judicial_confirmation"


def _agreement(personas: Any, *, signed_days_ago: int) -> Agreement:
    d = factories.dispute(personas, received=TODAY - dt.timedelta(days=signed_days_ago + 5))
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY - dt.timedelta(days=signed_days_ago + 5))
    return agreement_make(actor=personas.owner, dispute=d, data=AgreementInput(
        kind=Outcome.WRITTEN, facts="宅基地界址争议", content="李二河于十日内拆除围墙。",
        signed_date=TODAY - dt.timedelta(days=signed_days_ago)))


def _overdue_facts(today: dt.date) -> str:
    return " ".join(f.facts for f in deadlines_overdue({"min_count": 1}, today).findings)


def test_an_unused_window_lapses_when_it_runs_out_and_is_not_overdue_work(personas: Any) -> None:
    agreement = _agreement(personas, signed_days_ago=5)
    window = Deadline.objects.get(kind=WINDOW)
    assert window.status == Deadline.Status.OPEN and window.due_date == agreement.confirmation_deadline
    later = agreement.confirmation_deadline + dt.timedelta(days=3)  # the follow-up clock (30 days) has run out too

    # Before the deadline task has run, the 超期 rule already leaves the window out, but counts the follow-up.
    facts = _overdue_facts(later)
    assert "回访：" in facts and "司法确认申请期" not in facts

    counts = deadlines_refresh(today=later)
    window.refresh_from_db()
    assert counts[Deadline.Status.LAPSED] == 1
    assert window.status == Deadline.Status.LAPSED and window.get_status_display() == "已届满" and window.completed_at
    assert Deadline.objects.get(kind="mediation.followup").state == Deadline.State.OVERDUE
    titles = list(Notification.objects.filter(user=personas.owner).values_list("title", flat=True))
    assert any(t.startswith("回访：") and "已超期" in t for t in titles)
    assert not any("司法确认申请期" in t for t in titles)
    assert "司法确认申请期" not in _overdue_facts(later)
    assert deadlines_refresh(today=later)[Deadline.Status.LAPSED] == 0  # once


def test_an_application_in_time_closes_the_window_as_done(personas: Any) -> None:
    agreement = _agreement(personas, signed_days_ago=5)
    confirmation_record(actor=personas.owner, agreement=agreement, applied_date=TODAY)
    deadlines_refresh(today=agreement.confirmation_deadline + dt.timedelta(days=1))
    assert Deadline.objects.get(kind=WINDOW).status == Deadline.Status.DONE


def test_an_agreement_recorded_after_its_window_opens_it_lapsed_and_a_late_recorded_application_closes_it(personas: Any) -> None:
    agreement = _agreement(personas, signed_days_ago=45)
    window = Deadline.objects.get(kind=WINDOW)
    assert window.status == Deadline.Status.LAPSED
    assert "司法确认申请期" not in _overdue_facts(TODAY)
    # The parties did apply within the 30 days; the office records it only now.
    confirmation_record(actor=personas.owner, agreement=agreement, applied_date=agreement.effective_date + dt.timedelta(days=10))
    window.refresh_from_db()
    assert window.status == Deadline.Status.DONE


def test_home_page_does_not_list_a_lapsed_window(personas: Any, login: Any) -> None:
    _agreement(personas, signed_days_ago=5)
    # The window ran out yesterday (as if 30 days had passed) with the state the last refresh gave it.
    Deadline.objects.filter(kind=WINDOW).update(due_date=TODAY - dt.timedelta(days=1), state=Deadline.State.DUE_SOON)
    Deadline.objects.filter(kind="mediation.followup").update(due_date=TODAY - dt.timedelta(days=1))
    deadlines_refresh()
    for user in (personas.owner, personas.supervisor):
        body = login(user).get("/").content.decode()
        assert "回访：" in body and "已超期" in body
        assert "司法确认申请期" not in body
