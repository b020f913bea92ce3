"""Progress of long work: a task updates its ``TaskRun``; the browser polls it.

A running task holds a lease on its run (``TASK_LEASE_SECONDS``), renewed by each progress report and, between them,
by its worker process (``taskruns_renew``, called from ``run_worker``'s heartbeat thread). A worker that dies — killed,
out of memory, the machine restarted — stops renewing: ``taskruns_sweep`` (run by the worker periodically, by
``manage.py sweep_taskruns`` and when the run's page is polled) marks such runs failed and deletes the files they were
given. An import writes its rows in one transaction, which the database rolls back when the worker dies, so the
message can say that nothing was written.

A run still waiting to start after ``TASK_START_TIMEOUT_SECONDS`` (no worker running, or the queue stuck) is cancelled
the same way: failed with a message saying so, its uploaded file deleted; its task, if a worker reaches it later, finds
the run no longer waiting and does nothing (``taskrun_hold`` claims only a waiting run). In both cases the task queue's
own record of the task (django-tasks-db's result row, found by ``TaskRun.task_result_id``) is marked failed too, through
its public ``set_failed``: otherwise it would show "running" for ever, and a cancelled one would still be run."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid as uuid_lib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.models import TaskRun

logger = logging.getLogger(__name__)

LOST_MESSAGE = "后台任务意外中断，请重新操作"
LOST_IMPORT_MESSAGE = "后台任务意外中断，请重新导入；未写入任何数据"
NEVER_STARTED_MESSAGE = "后台任务排队超过{minutes}分钟仍未开始（后台任务进程可能没有运行），已取消；请联系系统管理员检查后重新操作"
NEVER_STARTED_IMPORT_MESSAGE = ("后台任务排队超过{minutes}分钟仍未开始（后台任务进程可能没有运行），已取消并删除上传的文件，"
                                "未写入任何数据；请联系系统管理员检查后重新导入")
# Files under the import folder that no pending or running run names are left-overs (a crash between storing the file
# and recording it, or a run deleted by hand); they are removed once they are this old.
ORPHAN_GRACE = dt.timedelta(minutes=10)
UPLOAD_FOLDER = "imports"

# The runs this process is executing now: its heartbeat thread renews their leases.
_held: set[int] = set()
_held_lock = threading.Lock()


class TaskRunGone(Exception):
    """The run is no longer waiting when its task starts: the sweep cancelled it (it waited too long) or it ran already."""


class TaskWorkerLost(RuntimeError):
    """The failure recorded in the task queue for a task whose worker died, or that never started."""


def _start_bound() -> dt.timedelta:
    return dt.timedelta(seconds=settings.TASK_START_TIMEOUT_SECONDS)


def _never_started_message(run: TaskRun) -> str:
    minutes = max(1, round(settings.TASK_START_TIMEOUT_SECONDS / 60))
    return (NEVER_STARTED_IMPORT_MESSAGE if run.upload else NEVER_STARTED_MESSAGE).format(minutes=minutes)


def _lease_until() -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=settings.TASK_LEASE_SECONDS)


def taskrun_start(*, label: str, user: Any, total: int = 0, upload: str = "") -> TaskRun:
    return TaskRun.objects.create(label=label, user=user if getattr(user, "pk", None) else None, total=total, upload=upload)


def taskrun_enqueue(run: TaskRun, task: Any, *args: Any, **kwargs: Any) -> Any:
    """Queue ``task`` for ``run`` and remember the queue's id of it, so the sweep can fail the queue's record as well."""
    result = task.enqueue(*args, **kwargs)
    TaskRun.objects.filter(pk=run.pk).update(task_result_id=str(result.id))
    run.task_result_id = str(result.id)
    return result


def taskrun_progress(run: TaskRun, *, done: int, total: int | None = None, message: str = "") -> None:
    """Record progress (committed at once when called outside a transaction) and renew the run's lease."""
    fields: dict[str, Any] = {"done": done, "status": TaskRun.Status.RUNNING, "message": message[:300], "lease_until": _lease_until()}
    if total is not None:
        fields["total"] = total
    TaskRun.objects.filter(pk=run.pk).update(**fields)
    for key, value in fields.items():
        setattr(run, key, value)


def _discard_upload(name: str) -> None:
    if name:
        default_storage.delete(name)


def taskrun_finish(
    run: TaskRun, *, message: str = "已完成", result_url: str = "", failed: bool = False, report: dict[str, Any] | None = None
) -> None:
    """The run's outcome; its uploaded file, if any, is deleted (an upload is never kept beyond its task)."""
    status = TaskRun.Status.FAILED if failed else TaskRun.Status.DONE
    TaskRun.objects.filter(pk=run.pk).update(status=status, message=message[:300], result_url=result_url, report=report,
                                             lease_until=None, upload="")
    _discard_upload(run.upload)
    run.status, run.message, run.result_url, run.report, run.lease_until, run.upload = status, message, result_url, report, None, ""


def taskrun_claim(run: TaskRun) -> bool:
    """Start the run if it is still waiting (one conditional write, so the sweep and the worker cannot both have it);
    False when the sweep cancelled it meanwhile or it ran already. ``run`` is refreshed either way."""
    claimed = TaskRun.objects.filter(pk=run.pk, status=TaskRun.Status.PENDING).update(
        status=TaskRun.Status.RUNNING, lease_until=_lease_until())
    run.refresh_from_db()
    return bool(claimed)


@contextmanager
def taskrun_hold(run: TaskRun) -> Iterator[TaskRun]:
    """Claim the waiting run for this process: it is running, under a lease the process renews until the block ends.
    Raises ``TaskRunGone`` (before the block runs) when the run is no longer waiting."""
    if not taskrun_claim(run):
        raise TaskRunGone(f"后台任务“{run.label}”{run.get_status_display()}，不再执行：{run.message}")
    with _held_lock:
        _held.add(run.pk)
    try:
        yield run
    finally:
        with _held_lock:
            _held.discard(run.pk)


def taskruns_renew() -> int:
    """Extend the leases of the runs this process is executing (the worker's heartbeat)."""
    with _held_lock:
        held = list(_held)
    if not held:
        return 0
    return TaskRun.objects.filter(pk__in=held, status=TaskRun.Status.RUNNING).update(lease_until=_lease_until())


def taskruns_sweep(*, runs: Any = None) -> dict[str, int]:
    """Fail the running runs whose lease ran out and cancel the runs that waited longer than the start bound; delete
    their uploads and fail the task queue's records of them; delete orphaned upload files. ``runs`` narrows the first
    two steps to some runs (the page of one run checks only that one)."""
    now = timezone.now()
    expired = TaskRun.objects.filter(status=TaskRun.Status.RUNNING, lease_until__lt=now)
    waiting = TaskRun.objects.filter(status=TaskRun.Status.PENDING, created_at__lt=now - _start_bound())
    if runs is not None:
        expired, waiting = expired.filter(pk__in=runs), waiting.filter(pk__in=runs)
    lost = 0
    for run in expired.only("pk", "upload", "task_result_id"):
        message = LOST_IMPORT_MESSAGE if run.upload else LOST_MESSAGE
        # Only if still expired: a worker that renewed in the meantime keeps its run.
        if TaskRun.objects.filter(pk=run.pk, status=TaskRun.Status.RUNNING, lease_until__lt=now).update(
                status=TaskRun.Status.FAILED, message=message, lease_until=None, upload=""):
            _discard_upload(run.upload)
            _fail_queued(run.task_result_id, message)
            lost += 1
            logger.warning("后台任务 %s 的执行进程已中断，已标记为失败", run.pk)
    never_started = 0
    for run in waiting.only("pk", "upload", "task_result_id"):
        message = _never_started_message(run)
        # Only if still waiting: a worker that claimed it in the meantime keeps it.
        if TaskRun.objects.filter(pk=run.pk, status=TaskRun.Status.PENDING).update(
                status=TaskRun.Status.FAILED, message=message, lease_until=None, upload=""):
            _discard_upload(run.upload)
            _fail_queued(run.task_result_id, message)
            never_started += 1
            logger.warning("后台任务 %s 排队过久仍未开始，已取消", run.pk)
    orphans = 0 if runs is not None else _sweep_orphan_uploads(now)
    return {"lost": lost, "never_started": never_started, "orphans": orphans}


def _fail_queued(result_id: str, message: str) -> None:
    """Fail django-tasks-db's record of the run's task if it is still waiting or running: a killed worker leaves it
    "running" for ever, and a waiting one would still be run. A row a worker is claiming right now (locked) is left to
    that worker; its task then finds the run no longer waiting and stops."""
    if not result_id or not apps.is_installed("django_tasks_db"):
        return
    try:
        key = uuid_lib.UUID(result_id)
    except ValueError:
        return  # another backend's id: it keeps no record to correct
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        row = (DBTaskResult.objects.filter(id=key, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
               .select_for_update(skip_locked=True).first())
        if row is not None:
            row.set_failed(TaskWorkerLost(message))


def _sweep_orphan_uploads(now: dt.datetime) -> int:
    try:
        _, files = default_storage.listdir(UPLOAD_FOLDER)
    except FileNotFoundError:
        return 0
    live = set(TaskRun.objects.filter(Q(status=TaskRun.Status.PENDING) | Q(status=TaskRun.Status.RUNNING))
               .exclude(upload="").values_list("upload", flat=True))
    removed = 0
    for filename in files:
        name = f"{UPLOAD_FOLDER}/{filename}"
        if name in live or now - default_storage.get_modified_time(name) < ORPHAN_GRACE:
            continue
        default_storage.delete(name)
        removed += 1
    return removed


def taskrun_current(run: TaskRun) -> TaskRun:
    """The run as it stands, a run whose worker died or that never started already shown as failed (no wait for the
    periodic sweep)."""
    now = timezone.now()
    lost = run.status == TaskRun.Status.RUNNING and run.lease_until is not None and run.lease_until < now
    stuck = run.status == TaskRun.Status.PENDING and run.created_at < now - _start_bound()
    if lost or stuck:
        taskruns_sweep(runs=[run.pk])
        run.refresh_from_db()
    return run


def taskrun_status(run: TaskRun) -> dict[str, Any]:
    """What the progress page shows, for API clients: status, progress, message and the row-level report."""
    return {"uuid": str(run.uuid), "label": run.label, "status": run.status, "status_display": run.get_status_display(),
            "percent": run.percent, "done": run.done, "total": run.total, "message": run.message,
            "result_url": run.result_url, "report": run.report}
