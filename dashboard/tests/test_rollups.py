"""Rollups follow the ledger after each commit, and a rebuild from scratch gives exactly the same rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from consultation.services import consultation_update
from consultation.tests import factories as consultation_factories
from core import ledger
from core.deadlines import deadline_open, deadlines_refresh
from core.ledger import ledger_record
from core.models import TaskRun, WorkEvent
from core.taskruns import taskrun_start
from dashboard.models import DailyRollup, MonthlyRollup
from dashboard.rollups import rollups_differences, rollups_rebuild
from dashboard.tasks import rollups_rebuild_task
from mediation.services import dispute_accept
from mediation.tests import factories

TODAY = dt.date.today()


def _rows() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    daily = {(r.org_id, r.date, r.event_type, r.count, r.quantity.normalize()) for r in DailyRollup.objects.all()}
    monthly = {(r.org_id, r.month, r.event_type, r.count, r.quantity.normalize()) for r in MonthlyRollup.objects.all()}
    return daily, monthly


def _history(personas: Any) -> None:
    """Work in two counties over three months, through the services and straight into the ledger."""
    last_month = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=10)
    for day in (TODAY, last_month):
        dispute = factories.dispute(personas, received=day)
        dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=day)
    for org, actor in ((personas.sibling_office, personas.supervisor), (personas.other_office, personas.outsider)):
        ledger_record(org=org, actor=actor, event_type="mediation.dispute_accepted", date=last_month)
    ledger_record(org=personas.committee, actor=personas.owner, event_type="mediation.settled_amount", date=TODAY, quantity=Decimal("2500.50"))
    ledger_record(org=personas.committee, actor=personas.owner, event_type="mediation.settled_amount", date=TODAY, quantity=Decimal("100"))
    ledger_record(org=personas.other_office, actor=personas.outsider, event_type="worklog.manual",
                  date=TODAY - dt.timedelta(days=70), quantity=3)


def test_incremental_rollups_equal_a_rebuild_from_scratch(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _history(personas)
        # A consultation moved to another day leaves its old day and counts on the new one.
        consultation = consultation_factories.consultation(personas, date=TODAY - dt.timedelta(days=40))
    with django_capture_on_commit_callbacks(execute=True):
        consultation_update(actor=personas.owner, consultation=consultation, data=consultation_factories.data(date=TODAY - dt.timedelta(days=3)))
        # A clock that ran out enters the ledger through a bulk insert.
        dispute = factories.dispute(personas, received=TODAY - dt.timedelta(days=60))
        deadline_open(org=personas.office, owner=personas.owner, kind="mediation.conclude", title="调结期限",
                      start_date=TODAY - dt.timedelta(days=60), due_date=TODAY - dt.timedelta(days=2), target=dispute)
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_refresh(today=TODAY)
    assert WorkEvent.objects.filter(event_type="mediation.overdue").exists()
    assert DailyRollup.objects.filter(event_type="mediation.overdue", date=TODAY).exists()

    incremental = _rows()
    assert incremental[0] and incremental[1]
    assert rollups_differences() == []
    assert DailyRollup.objects.get(org=personas.committee, date=TODAY, event_type="mediation.settled_amount").quantity == Decimal("2600.50")
    assert not DailyRollup.objects.filter(event_type="consultation.recorded", date=TODAY - dt.timedelta(days=40)).exists()

    totals = rollups_rebuild()
    assert _rows() == incremental
    assert totals["daily"] == len(incremental[0])
    assert totals["monthly"] == len(incremental[1])


def test_check_option_reports_rollups_that_differ_from_the_ledger(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _history(personas)
    out = StringIO()
    call_command("rollups_rebuild", "--check", stdout=out)
    assert "一致" in out.getvalue()

    DailyRollup.objects.filter(event_type="mediation.dispute_accepted").update(count=7)
    err = StringIO()
    with pytest.raises(CommandError, match="不一致"):
        call_command("rollups_rebuild", "--check", stdout=StringIO(), stderr=err)
    assert "mediation.dispute_accepted" in err.getvalue()

    call_command("rollups_rebuild", stdout=StringIO())
    assert rollups_differences() == []


def test_entries_of_one_transaction_reach_the_rollups_in_one_batch(personas: Any, django_capture_on_commit_callbacks: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    batches: list[set[tuple[int, dt.date]]] = []
    monkeypatch.setattr(ledger, "LEDGER_LISTENERS", [*ledger.LEDGER_LISTENERS, batches.append])
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for n in range(5):
                ledger_record(org=personas.office, actor=personas.owner, event_type="worklog.manual", date=TODAY - dt.timedelta(days=n))
    assert batches == [{(personas.office.pk, TODAY - dt.timedelta(days=n)) for n in range(5)}]
    assert DailyRollup.objects.filter(org=personas.office, event_type="worklog.manual").count() == 5


def test_a_rolled_back_transaction_leaves_the_rollups_unchanged(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                ledger_record(org=personas.office, actor=personas.owner, event_type="worklog.manual", date=TODAY)
                raise RuntimeError("业务校验失败")
        except RuntimeError:
            pass
        ledger_record(org=personas.sibling_office, actor=personas.owner, event_type="worklog.manual", date=TODAY)
    assert not DailyRollup.objects.filter(org=personas.office).exists()
    assert DailyRollup.objects.get(org=personas.sibling_office).count == 1


def test_rebuild_task_reports_progress_month_by_month(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _history(personas)
    DailyRollup.objects.all().delete()
    run = taskrun_start(label="重建数据驾驶舱汇总", user=personas.sysadmin)
    rollups_rebuild_task.enqueue(run_uuid=str(run.uuid))
    run = TaskRun.objects.get(pk=run.pk)
    assert run.status == TaskRun.Status.DONE
    assert run.total >= 3 and run.done == run.total and run.percent == 100
    assert rollups_differences() == []


def test_rebuild_page_is_for_the_administrator_and_starts_the_task(personas: Any, login: Any) -> None:
    from django.urls import reverse

    url = reverse("dashboard:rollups_rebuild")
    assert login(personas.supervisor).post(url).status_code == 403
    response = login(personas.sysadmin).post(url)
    assert response.status_code == 200
    run = TaskRun.objects.get(label="重建数据驾驶舱汇总")
    assert run.status == TaskRun.Status.DONE
    assert "汇总已重建" in response.content.decode()


def test_rebuild_over_the_api_answers_202_with_the_task(personas: Any, login: Any, django_capture_on_commit_callbacks: Any) -> None:
    from core.models import AuditEvent

    with django_capture_on_commit_callbacks(execute=True):
        _history(personas)
    DailyRollup.objects.all().delete()
    assert login(personas.supervisor).post("/api/v1/dashboard/rollups/rebuild").status_code == 403
    assert not TaskRun.objects.exists()
    c = login(personas.sysadmin)
    response = c.post("/api/v1/dashboard/rollups/rebuild")
    assert response.status_code == 202, response.content
    task = c.get(f"/api/v1/tasks/{response.json()['uuid']}").json()
    assert task["status"] == "done" and task["percent"] == 100 and task["report"] is None
    assert rollups_differences() == [] and AuditEvent.objects.filter(summary="重建数据驾驶舱汇总").exists()
