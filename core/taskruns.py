"""Progress of long work: a task updates its ``TaskRun``; the browser polls it."""

from __future__ import annotations

from typing import Any

from core.models import TaskRun


def taskrun_start(*, label: str, user: Any, total: int = 0) -> TaskRun:
    return TaskRun.objects.create(label=label, user=user if getattr(user, "pk", None) else None, total=total)


def taskrun_progress(run: TaskRun, *, done: int, total: int | None = None, message: str = "") -> None:
    fields: dict[str, Any] = {"done": done, "status": TaskRun.Status.RUNNING, "message": message[:300]}
    if total is not None:
        fields["total"] = total
    TaskRun.objects.filter(pk=run.pk).update(**fields)
    for key, value in fields.items():
        setattr(run, key, value)


def taskrun_finish(
    run: TaskRun, *, message: str = "已完成", result_url: str = "", failed: bool = False, report: dict[str, Any] | None = None
) -> None:
    status = TaskRun.Status.FAILED if failed else TaskRun.Status.DONE
    TaskRun.objects.filter(pk=run.pk).update(status=status, message=message[:300], result_url=result_url, report=report)
    run.status, run.message, run.result_url, run.report = status, message, result_url, report
