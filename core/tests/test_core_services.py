from __future__ import annotations

import json
import logging
import threading

import pytest
from django.apps import apps
from django.db import connection

from core.ledger import EVENT_TYPES, ledger_record
from core.logging import RedactPersonalNumbersFilter, redact_id_numbers
from core.models import TaskRun, WorkerHeartbeat
from core.numbering import document_number_issue
from core.taskruns import taskrun_finish, taskrun_progress, taskrun_start
from core.testing import valid_id_number
from people.services import PersonInput, person_create


@pytest.mark.django_db
def test_document_numbers_count_per_org_year_and_kind(personas):
    first = document_number_issue(org=personas.office, kind="person_sheet", year=2026)
    second = document_number_issue(org=personas.office, kind="person_sheet", year=2026)
    other_office = document_number_issue(org=personas.sibling_office, kind="person_sheet", year=2026)
    next_year = document_number_issue(org=personas.office, kind="person_sheet", year=2027)
    assert (first, second) == ("（2026）红西司登字第1号", "（2026）红西司登字第2号")
    assert other_office == "（2026）红三司登字第1号"
    assert next_year == "（2027）红西司登字第1号"


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbering_never_repeats_a_number(personas):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("内存 SQLite 不支持多线程并发连接；PostgreSQL 测试中执行")
    results: list[str] = []
    errors: list[Exception] = []

    def worker() -> None:
        try:
            for _ in range(5):
                results.append(document_number_issue(org=personas.office, kind="person_sheet", year=2026))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 20 and len(set(results)) == 20


@pytest.mark.django_db
def test_ledger_rejects_undeclared_event_types(personas):
    assert "people.person_registered" in EVENT_TYPES
    with pytest.raises(ValueError, match="unregistered"):
        ledger_record(org=personas.office, actor=personas.owner, event_type="nobody.declared_this")


@pytest.mark.django_db
def test_taskrun_progress_is_polled_by_its_owner_only(personas, login):
    run = taskrun_start(label="导入人员", user=personas.owner, total=10)
    taskrun_progress(run, done=4, message="已处理4行")
    c = login(personas.owner)
    r = c.get(f"/tasks/{run.uuid}/", HTTP_ACCEPT="application/json")
    assert r.json()["percent"] == 40 and r.json()["message"] == "已处理4行"
    html = c.get(f"/tasks/{run.uuid}/").content.decode()
    assert "40%" in html and 'hx-trigger="every 1s"' in html
    taskrun_finish(run, message="导入完成")
    assert TaskRun.objects.get(pk=run.pk).percent == 100
    assert "every 1s" not in c.get(f"/tasks/{run.uuid}/").content.decode()
    # Nobody else may learn that the run exists, not even someone above the owner in the org tree.
    for other in (personas.outsider, personas.supervisor, personas.readonly):
        assert login(other).get(f"/tasks/{run.uuid}/").status_code == 404


@pytest.mark.django_db
def test_healthz_reports_database_and_worker(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["database"] == "ok" and r.json()["worker"] == "absent"
    from django.utils import timezone

    WorkerHeartbeat.objects.create(name="w", seen_at=timezone.now())
    assert client.get("/healthz").json()["worker"] == "ok"


def test_log_filter_masks_id_numbers():
    number = valid_id_number()
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "bad input %s", (number,), None)
    RedactPersonalNumbersFilter().filter(record)
    assert number not in record.getMessage()
    assert redact_id_numbers(f"id={number};") == f"id={number[:6]}********{number[-4:]};"


@pytest.mark.django_db
def test_no_id_number_in_plain_text_anywhere_in_the_database(personas, login, caplog):
    number = valid_id_number(seq="357")
    person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="孙二", id_number=number))
    # Also through the page, with a failing second attempt that may be logged.
    login(personas.owner).post("/people/new/", {"name": "孙二", "id_number": number, "sex": "9", "ethnicity": "01",
                                                "org": personas.office.pk})
    login(personas.owner).post(f"/people/{personas.office.pk}/reveal/")
    found = []
    for model in apps.get_models():
        for row in model._default_manager.all().values():
            text = json.dumps(row, default=str, ensure_ascii=False)
            if number in text or number[:17] in text:
                found.append(model._meta.label)
    assert found == []
    assert number not in caplog.text
