"""Progress of long work: a task updates its ``TaskRun``; the browser polls it.

A running task holds a lease on its run (``TASK_LEASE_SECONDS``), renewed by each progress report and, between them,
by its worker process (``taskruns_renew``, called from ``run_worker``'s heartbeat thread). A worker that dies — killed,
out of memory, the machine restarted — stops renewing: ``taskruns_sweep`` (run by the worker periodically, by
``manage.py sweep_taskruns`` and when the run's page is polled) marks such runs failed and deletes the files they were
given. An import writes its rows in one transaction, which the database rolls back when the worker dies, so the
message can say that nothing was written."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from core.models import TaskRun

logger = logging.getLogger(__name__)

LOST_MESSAGE = "后台任务意外中断，请重新操作"
LOST_IMPORT_MESSAGE = "后台任务意外中断，请重新导入；未写入任何数据"
# Files under the import folder that no pending or running run names are left-overs (a crash between storing the file
# and recording it, or a run deleted by hand); they are removed once they are this old.
ORPHAN_GRACE = dt.timedelta(minutes=10)
UPLOAD_FOLDER = "imports"

# The runs this process is executing now: its heartbeat thread renews their leases.
_held: set[int] = set()
_held_lock = threading.Lock()


def _lease_until() -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=settings.TASK_LEASE_SECONDS)


def taskrun_start(*, label: str, user: Any, total: int = 0, upload: str = "") -> TaskRun:
    return TaskRun.objects.create(label=label, user=user if getattr(user, "pk", None) else None, total=total, upload=upload)


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


@contextmanager
def taskrun_hold(run: TaskRun) -> Iterator[TaskRun]:
    """Claim the run for this process: it is running, under a lease the process renews until the block ends."""
    taskrun_progress(run, done=run.done)
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
    """Fail the running runs whose lease ran out and delete their uploads; delete orphaned upload files.
    ``runs`` narrows the first step to some runs (the page of one run checks only that one)."""
    now = timezone.now()
    expired = TaskRun.objects.filter(status=TaskRun.Status.RUNNING, lease_until__lt=now)
    if runs is not None:
        expired = expired.filter(pk__in=runs)
    lost = 0
    for run in expired.only("pk", "upload"):
        message = LOST_IMPORT_MESSAGE if run.upload else LOST_MESSAGE
        # Only if still expired: a worker that renewed in the meantime keeps its run.
        if TaskRun.objects.filter(pk=run.pk, status=TaskRun.Status.RUNNING, lease_until__lt=now).update(
                status=TaskRun.Status.FAILED, message=message, lease_until=None, upload=""):
            _discard_upload(run.upload)
            lost += 1
            logger.warning("后台任务 %s 的执行进程已中断，已标记为失败", run.pk)
    orphans = 0 if runs is not None else _sweep_orphan_uploads(now)
    return {"lost": lost, "orphans": orphans}


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
    """The run as it stands, a run whose worker died already shown as failed (no wait for the periodic sweep)."""
    if run.status == TaskRun.Status.RUNNING and run.lease_until is not None and run.lease_until < timezone.now():
        taskruns_sweep(runs=[run.pk])
        run.refresh_from_db()
    return run


def taskrun_status(run: TaskRun) -> dict[str, Any]:
    """What the progress page shows, for API clients: status, progress, message and the row-level report."""
    return {"uuid": str(run.uuid), "label": run.label, "status": run.status, "status_display": run.get_status_display(),
            "percent": run.percent, "done": run.done, "total": run.total, "message": run.message,
            "result_url": run.result_url, "report": run.report}
