"""The province-scale benchmark's measurements (bench/dashboard.py) run on the personas' small tree and measure what
they say: no timing is asserted here, only that each measurement opens its pages and counts the right things."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from bench import dashboard as bench
from core.ledger import ledger_record
from core.models import WorkEvent
from core.testing import make_user
from dashboard.models import DailyRollup


def test_dashboard_benchmark_measurements_run_on_a_small_tree(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    make_user("city_admin", org=personas.city, role="city_staff")
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        for days in (1, 40, 200):
            ledger_record(org=personas.office, actor=personas.owner, event_type="mediation.dispute_accepted",
                          date=today - dt.timedelta(days=days))
        ledger_record(org=personas.other_office, actor=personas.outsider, event_type="consultation.recorded",
                      date=today - dt.timedelta(days=3))

    samples = bench._latency(runs=2, warmup=0)
    assert set(samples) == {f"{level} {period}" for level in bench.PAGES for period in bench.PERIODS}
    assert all(len(v) == 2 and min(v) > 0 for v in samples.values())

    queries = bench._queries()
    assert list(queries) == ["city", "county", "office", "records"]
    assert all(q["queries"] > 0 for q in queries.values())
    assert queries["records"]["rows"] == 3  # the office's three accepted disputes within the last 365 days

    score = bench._score(runs=1)
    assert score["events"] == 4 and score["offices"] == 3 and len(score["seconds"]) == 1

    before = set(DailyRollup.objects.values_list("org_id", "date", "event_type", "count"))
    rebuilt = bench._rebuild()
    assert rebuilt["events"] == WorkEvent.objects.count() == 4 and rebuilt["differences"] == 0
    assert set(DailyRollup.objects.values_list("org_id", "date", "event_type", "count")) == before


def test_history_cut_keeps_recent_and_recorded_work_and_recounts_the_rollups(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    from core.demo import HISTORY_NOTE
    from dashboard.rollups import rollups_differences

    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        for days, note in ((10, HISTORY_NOTE), (100, HISTORY_NOTE), (100, "")):
            ledger_record(org=personas.office, actor=personas.owner, event_type="consultation.recorded",
                          date=today - dt.timedelta(days=days), note=note)
    bench._history_cut(30)
    assert sorted((today - e.date).days for e in WorkEvent.objects.all()) == [10, 100]
    assert not WorkEvent.objects.filter(note=HISTORY_NOTE, date__lt=today - dt.timedelta(days=30)).exists()
    assert rollups_differences() == []
