"""Excel imports: bounded input and report, uploads never kept beyond their task, leases and the sweep of runs whose
worker died. The tests marked ``shared_db`` run an import beside other connections (a thread, a worker process):
they need PostgreSQL or SQLite in a file (``SQLITE_TEST_FILE=1``)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from openpyxl import Workbook

from core.errors import ValidationFailed
from core.imports import read_rows
from core.models import TaskRun
from core.taskruns import (
    LOST_IMPORT_MESSAGE,
    NEVER_STARTED_IMPORT_MESSAGE,
    ORPHAN_GRACE,
    taskrun_enqueue,
    taskrun_hold,
    taskrun_start,
    taskruns_renew,
    taskruns_sweep,
)
from core.tasks import IMPORT_CRASHED, import_task
from core.testing import build_personas, reload_reference_data
from people.imports import COLUMNS as PEOPLE_COLUMNS
from people.models import Person
from people.services import PersonInput, person_create

HEADER = [c.header for c in PEOPLE_COLUMNS]


def _xlsx(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _people(n: int) -> bytes:
    return _xlsx([[f"导入{i}", "", "女", "汉族", "1980-01-01", "", "", "", ""] for i in range(n)])


def _post(client: Any, personas: Any, content: bytes, url: str = "/people/import/") -> Any:
    return client.post(url, {"file": SimpleUploadedFile("people.xlsx", content), "org": personas.office.pk},
                       HTTP_HX_REQUEST="true")


def _uploads() -> list[str]:
    try:
        return default_storage.listdir("imports")[1]
    except FileNotFoundError:
        return []


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- bounds ------------------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_one_huge_cell_repeated_on_every_row_gives_a_short_report(personas, login, media):
    huge = "张" * 20000
    content = _xlsx([[huge, "", "", "", "", "", "", "", ""] for _ in range(150)])
    assert len(content) < 100 * 1024
    body = _post(login(personas.owner), personas, content).content.decode()
    run = TaskRun.objects.get()
    assert run.status == "failed" and Person.objects.count() == 0
    assert run.report["error_count"] == 150 and len(run.report["errors"]) == django_settings.IMPORT_MAX_REPORTED_ERRORS
    assert run.report["errors"][0] == {"row": 2, "key": "姓名", "message": "第2行‘姓名’超过50个字符，请缩短后重新导入"}
    assert len(json.dumps(run.report, ensure_ascii=False)) < 30_000
    assert "共 150 条数据格式不正确（下表列出前 100 条）" in body and "第2行‘姓名’超过50个字符，请缩短后重新导入" in body
    assert huge not in body


@pytest.mark.django_db
def test_a_file_over_the_size_bound_is_refused_before_it_is_stored(personas, login, media, settings):
    settings.IMPORT_MAX_BYTES = 4096
    r = _post(login(personas.owner), personas, _people(300))
    assert r.status_code == 422 and "单个文件不能超过" in r.content.decode()
    assert not TaskRun.objects.exists() and _uploads() == []


def test_a_file_that_unpacks_to_far_more_than_the_bound_is_refused_before_parsing(settings):
    settings.IMPORT_MAX_BYTES = 20 * 1024
    content = _xlsx([["张三", "", "", "", "", "", "", "", "x" * 5000] for _ in range(400)])
    assert len(content) < settings.IMPORT_MAX_BYTES
    with pytest.raises(ValidationFailed, match="文件内容过大"):
        read_rows(content, PEOPLE_COLUMNS)


@pytest.mark.django_db
def test_row_limit_is_a_setting_and_a_dispute_file_may_hold_a_tenth(personas, login, media, settings):
    settings.IMPORT_MAX_ROWS = 10
    body = _post(login(personas.owner), personas, _people(11)).content.decode()
    assert "一次最多导入 10 行，请拆分文件后分批导入" in body and Person.objects.count() == 0
    from mediation.imports import COLUMNS as DISPUTE_COLUMNS

    header = [c.header for c in DISPUTE_COLUMNS]
    disputes = _xlsx([["", f"纠纷{i}", "邻里纠纷"] + [""] * (len(header) - 3) for i in range(2)], header=header)
    body = _post(login(personas.owner), personas, disputes, url="/mediation/disputes/import/").content.decode()
    assert "一次最多导入 1 行" in body


# --- uploads are not kept ----------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_uploaded_file_is_deleted_after_success_and_after_failure(personas, login, media):
    c = login(personas.owner)
    _post(c, personas, _people(3))
    assert TaskRun.objects.get().status == "done" and Person.objects.count() == 3
    assert _uploads() == []
    _post(c, personas, _xlsx([["", "", "", "", "", "", "", "", "缺姓名"]]))
    assert TaskRun.objects.latest("id").status == "failed" and _uploads() == []


def exploding_import(**kwargs: Any) -> Any:
    raise RuntimeError("数据库连接中断")


@pytest.mark.django_db
def test_an_import_that_crashes_is_failed_with_a_message_and_its_file_deleted(personas, media):
    name = default_storage.save("imports/crash.xlsx", ContentFile(_people(1)))
    run = taskrun_start(label="导入人员信息", user=personas.owner, upload=name)
    with pytest.raises(RuntimeError):
        import_task.call(run_uuid=str(run.uuid), importer=f"{__name__}.exploding_import", actor_id=personas.owner.pk,
                         org_id=personas.office.pk, update_existing=False)
    run.refresh_from_db()
    assert run.status == "failed" and run.message == IMPORT_CRASHED and _uploads() == []


# --- leases and the sweep ----------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_held_run_has_a_lease_its_worker_renews(personas, settings):
    settings.TASK_LEASE_SECONDS = 60
    run = taskrun_start(label="导入人员信息", user=personas.owner)
    with taskrun_hold(run):
        TaskRun.objects.filter(pk=run.pk).update(lease_until=timezone.now())
        assert taskruns_renew() == 1
        lease = TaskRun.objects.get(pk=run.pk).lease_until
        assert lease is not None and lease > timezone.now() + dt.timedelta(seconds=50)
    assert taskruns_renew() == 0


@pytest.mark.django_db
def test_sweep_fails_runs_whose_lease_ran_out_and_removes_their_files_and_orphans(personas, login, media):
    name = default_storage.save("imports/lost.xlsx", ContentFile(b"x"))
    lost = taskrun_start(label="导入人员信息", user=personas.owner, upload=name)
    TaskRun.objects.filter(pk=lost.pk).update(status="running", done=40, total=100,
                                              lease_until=timezone.now() - dt.timedelta(seconds=1))
    alive_name = default_storage.save("imports/alive.xlsx", ContentFile(b"x"))
    alive = taskrun_start(label="导入人员信息", user=personas.owner, upload=alive_name)
    TaskRun.objects.filter(pk=alive.pk).update(status="running", lease_until=timezone.now() + dt.timedelta(minutes=1))
    orphan = default_storage.save("imports/orphan.xlsx", ContentFile(b"x"))
    fresh = default_storage.save("imports/fresh.xlsx", ContentFile(b"x"))
    old = time.time() - ORPHAN_GRACE.total_seconds() - 60
    os.utime(default_storage.path(orphan), (old, old))

    out = BytesIO()
    call_command("sweep_taskruns", stdout=_Text(out))
    assert "已将 1 个中断的任务标记为失败，取消 0 个排队过久未开始的任务，删除 1 个遗留的上传文件" in out.getvalue().decode()
    assert sorted(_uploads()) == ["alive.xlsx", "fresh.xlsx"] and fresh.endswith("fresh.xlsx")
    lost.refresh_from_db()
    assert lost.status == "failed" and lost.message == LOST_IMPORT_MESSAGE and lost.upload == ""
    assert TaskRun.objects.get(pk=alive.pk).status == "running"
    page = login(personas.owner).get(f"/tasks/{lost.uuid}/").content.decode()
    assert "后台任务意外中断，请重新导入；未写入任何数据" in page and 'data-status="failed"' in page


@pytest.mark.django_db
def test_progress_page_and_api_report_a_dead_worker_without_waiting_for_the_sweep(personas, login, media):
    name = default_storage.save("imports/lost.xlsx", ContentFile(b"x"))
    run = taskrun_start(label="导入人员信息", user=personas.owner, upload=name)
    TaskRun.objects.filter(pk=run.pk).update(status="running", lease_until=timezone.now() - dt.timedelta(seconds=1))
    api = login(personas.owner).get(f"/api/v1/tasks/{run.uuid}")
    assert api.status_code == 200
    assert api.json()["status"] == "failed" and api.json()["message"] == LOST_IMPORT_MESSAGE
    assert _uploads() == []
    assert login(personas.outsider).get(f"/api/v1/tasks/{run.uuid}").status_code == 404


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "ENQUEUE_ON_COMMIT": False}}


def _queued_import(personas: Any) -> tuple[TaskRun, Any]:
    """An import queued on the database task backend, as production queues it: its run and the queue's record."""
    from django_tasks_db.models import DBTaskResult

    name = default_storage.save("imports/queued.xlsx", ContentFile(_people(2)))
    run = taskrun_start(label="导入人员信息", user=personas.owner, upload=name)
    with override_settings(TASKS=DB_TASKS):
        taskrun_enqueue(run, import_task, run_uuid=str(run.uuid), importer="people.imports.people_import",
                        actor_id=personas.owner.pk, org_id=personas.office.pk, update_existing=False)
    return run, DBTaskResult.objects.get(id=run.task_result_id)


@pytest.mark.django_db
def test_the_sweep_fails_the_task_queues_record_of_a_task_whose_worker_died(personas, media):
    run, queued = _queued_import(personas)
    queued.claim("worker-1")  # a worker took the task, held the run, and then died
    TaskRun.objects.filter(pk=run.pk).update(status="running", lease_until=timezone.now() - dt.timedelta(seconds=1))
    assert queued.status == "RUNNING"
    assert taskruns_sweep()["lost"] == 1
    queued.refresh_from_db()
    assert queued.status == "FAILED" and queued.finished_at is not None
    assert "TaskWorkerLost" in queued.exception_class_path and LOST_IMPORT_MESSAGE in queued.traceback
    assert TaskRun.objects.get(pk=run.pk).status == "failed" and _uploads() == []


@pytest.mark.django_db
def test_a_task_that_never_starts_is_cancelled_with_its_file_and_never_runs_later(personas, login, media, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASK_START_TIMEOUT_SECONDS = 600
    run, queued = _queued_import(personas)
    fresh, _ = _queued_import(personas)
    TaskRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(seconds=601))
    assert len(_uploads()) == 2

    out = BytesIO()
    call_command("sweep_taskruns", stdout=_Text(out))
    assert "取消 1 个排队过久未开始的任务" in out.getvalue().decode()
    run.refresh_from_db()
    message = NEVER_STARTED_IMPORT_MESSAGE.format(minutes=10)
    assert run.status == "failed" and run.message == message and run.upload == ""
    assert "已取消并删除上传的文件，未写入任何数据" in message
    assert _uploads() == [Path(TaskRun.objects.get(pk=fresh.pk).upload).name]  # the other run keeps waiting, with its file
    queued.refresh_from_db()
    assert queued.status == "FAILED" and message in queued.traceback
    assert not DBTaskResult.objects.ready().filter(pk=queued.pk).exists()  # no worker will take it any more

    # A worker that reached the task anyway (it claimed it just before the sweep) leaves the cancelled run alone.
    outcome = import_task.call(run_uuid=str(run.uuid), importer="people.imports.people_import", actor_id=personas.owner.pk,
                               org_id=personas.office.pk, update_existing=False)
    assert outcome["ok"] is False and Person.objects.count() == 0
    assert TaskRun.objects.get(pk=run.pk).message == message
    api = login(personas.owner).get(f"/api/v1/tasks/{run.uuid}").json()
    assert api["status"] == "failed" and api["message"] == message


@pytest.mark.django_db
def test_the_progress_page_cancels_a_run_waiting_past_the_bound_without_waiting_for_the_sweep(personas, login, media, settings):
    settings.TASK_START_TIMEOUT_SECONDS = 60
    name = default_storage.save("imports/waiting.xlsx", ContentFile(b"x"))
    run = taskrun_start(label="导入人员信息", user=personas.owner, upload=name)
    TaskRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(seconds=61))
    page = login(personas.owner).get(f"/tasks/{run.uuid}/").content.decode()
    assert "排队超过1分钟仍未开始" in page and 'data-status="failed"' in page and _uploads() == []


class _Text:
    """A text stream over bytes for ``call_command(stdout=...)``."""

    def __init__(self, buf: BytesIO) -> None:
        self.buf = buf

    def write(self, text: str) -> None:
        self.buf.write(text.encode())

    def flush(self) -> None:
        pass


# --- sharing the database with other connections ----------------------------------------------------------------------

@pytest.fixture
def shared_personas(transactional_db: None) -> Any:  # type: ignore[no-untyped-def]
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):  # :memory: or mode=memory
        pytest.skip("需要其他连接可访问的数据库：PostgreSQL，或 SQLITE_TEST_FILE=1 的 SQLite 文件库")
    reload_reference_data()  # an earlier transactional test of this process flushed what the migrations loaded
    return build_personas()


def _wait_for(predicate: Any, *, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"等待超时：{what}")


@pytest.mark.shared_db
def test_other_users_write_while_an_import_runs_and_its_progress_is_visible(shared_personas, media):
    p = shared_personas
    name = default_storage.save("imports/big.xlsx", ContentFile(_people(1000)))
    run = taskrun_start(label="导入人员信息", user=p.owner, upload=name)
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = import_task.call(run_uuid=str(run.uuid), importer="people.imports.people_import",
                                                 actor_id=p.owner.pk, org_id=p.office.pk, update_existing=False)
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    try:
        midway = _wait_for(lambda: TaskRun.objects.filter(pk=run.pk, status="running", done__gt=0, done__lt=1000).first(),
                           timeout=60, what="导入进度")
        assert midway.message.startswith("已校验")
        person_create(actor=p.owner, org=p.office, data=PersonInput(name="窗口登记一"))
        assert TaskRun.objects.get(pk=run.pk).status == "running"  # written while the import was still checking rows
        _wait_for(lambda: TaskRun.objects.filter(pk=run.pk, message__startswith="校验通过").exists()
                  or TaskRun.objects.filter(pk=run.pk, status="done").exists(), timeout=60, what="写入阶段")
        person_create(actor=p.owner, org=p.office, data=PersonInput(name="窗口登记二"))  # waits for the write, then succeeds
    finally:
        thread.join(timeout=120)
    run.refresh_from_db()
    assert run.status == "done" and outcome["result"]["created"] == 1000
    assert Person.objects.filter(name__startswith="导入").count() == 1000
    assert Person.objects.filter(name__startswith="窗口登记").count() == 2
    assert _uploads() == []


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.shared_db
def test_a_worker_killed_mid_import_writes_nothing_and_its_run_fails_when_the_lease_runs_out(shared_personas, media, login):
    p = shared_personas
    name = default_storage.save("imports/killed.xlsx", ContentFile(_people(2500)))
    run = taskrun_start(label="导入人员信息", user=p.owner, upload=name)
    with override_settings(TASKS=DB_TASKS):
        taskrun_enqueue(run, import_task, run_uuid=str(run.uuid), importer="people.imports.people_import",
                        actor_id=p.owner.pk, org_id=p.office.pk, update_existing=False)
    env = {**os.environ, "DATABASE_URL": _database_url(), "MEDIA_ROOT": str(media), "TASK_LEASE_SECONDS": "3",
           "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
           "DEBUG": "1"}  # the development keys of this test process (production would refuse to start without its own)
    log = media.parent / "worker.log"
    with log.open("w") as out:
        worker = subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=django_settings.BASE_DIR, env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(lambda: TaskRun.objects.filter(pk=run.pk, message__startswith="校验通过").exists(), timeout=180,
                  what=f"后台进程开始写入（日志：{log}）")
        time.sleep(0.5)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == -signal.SIGKILL
    assert TaskRun.objects.get(pk=run.pk).status == "running"  # nobody knows yet
    assert Person.objects.count() == 0  # the open write transaction died with the worker
    time.sleep(3.5)  # the lease runs out
    page = login(p.owner).get(f"/tasks/{run.uuid}/").content.decode()
    assert "后台任务意外中断，请重新导入；未写入任何数据" in page and 'data-status="failed"' in page
    run.refresh_from_db()
    assert run.status == "failed" and run.upload == "" and _uploads() == []
    assert Person.objects.count() == 0
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.get(id=run.task_result_id)  # the queue no longer shows the task running
    assert queued.status == "FAILED" and LOST_IMPORT_MESSAGE in queued.traceback


@pytest.mark.shared_db
def test_a_dispute_import_at_its_row_limit_lets_other_users_write_during_its_write(shared_personas, media):
    """The dispute import's row limit (``IMPORT_MAX_ROWS // ROW_WRITE_COST``) keeps its one write transaction short
    enough that another user's write waits for it and succeeds (SQLite's busy timeout; PostgreSQL row locks)."""
    from mediation.imports import COLUMNS as DISPUTE_COLUMNS
    from mediation.imports import ROW_WRITE_COST
    from mediation.models import Dispute

    p = shared_personas
    limit = django_settings.IMPORT_MAX_ROWS // ROW_WRITE_COST
    rows = [["", f"导入纠纷{i}", "邻里纠纷", "当事人申请", "2026-03-01", "2026-03-02", "因排水沟发生争执。", "", f"甲{i}", "", "",
             f"乙{i}", "", "", "", "2", "否", "否"] for i in range(limit)]
    name = default_storage.save("imports/disputes.xlsx", ContentFile(_xlsx(rows, [c.header for c in DISPUTE_COLUMNS])))
    run = taskrun_start(label="导入矛盾纠纷", user=p.owner, upload=name)
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = import_task.call(run_uuid=str(run.uuid), importer="mediation.imports.dispute_import",
                                                 actor_id=p.owner.pk, org_id=p.office.pk, update_existing=False)
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    try:
        _wait_for(lambda: TaskRun.objects.filter(pk=run.pk, message__startswith="校验通过").exists()
                  or TaskRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).exists(), timeout=300, what="写入阶段")
        started = time.monotonic()
        person_create(actor=p.owner, org=p.office, data=PersonInput(name="窗口登记"))  # waits for the write, then succeeds
        waited = time.monotonic() - started
    finally:
        thread.join(timeout=300)
    run.refresh_from_db()
    assert run.status == "done", run.message
    assert outcome["result"]["created"] == limit and Dispute.objects.filter(title__startswith="导入纠纷").count() == limit
    assert Person.objects.filter(name="窗口登记").exists()
    print(f"dispute import of {limit} rows: another user's write waited {waited:.1f} s")
