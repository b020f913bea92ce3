"""Background work of the dashboards."""

from __future__ import annotations

from typing import Any

from django_tasks import task

REBUILD_LABEL = "重建数据驾驶舱汇总"


def rollups_rebuild_start(*, actor: Any, ip_address: str | None = None) -> Any:
    """重建汇总: start recounting every rollup from the ledger in the background (audited); returns the task's run,
    whose progress the page and ``GET /api/v1/tasks/{uuid}`` show. Only a holder of 重建台账汇总 may."""
    from django.db import transaction

    from core.access import require_perm
    from core.audit import audit_record
    from core.taskruns import taskrun_enqueue, taskrun_start

    require_perm(actor, "dashboard.rebuild_rollups", what="重建台账汇总")
    with transaction.atomic():
        run = taskrun_start(label=REBUILD_LABEL, user=actor)
        audit_record(actor=actor, action="update", summary=REBUILD_LABEL, ip_address=ip_address)
        taskrun_enqueue(run, rollups_rebuild_task, run_uuid=str(run.uuid))
    run.refresh_from_db()
    return run


@task()
def rollups_rebuild_task(*, run_uuid: str) -> dict[str, int]:
    """Recount every rollup from the ledger, reporting progress month by month on the ``TaskRun``."""
    from core.models import TaskRun
    from core.taskruns import TaskRunGone, taskrun_finish, taskrun_hold, taskrun_progress
    from dashboard.rollups import rollups_rebuild

    run = TaskRun.objects.get(uuid=run_uuid)
    try:
        with taskrun_hold(run):
            taskrun_progress(run, done=0, message="正在读取工作台账……")
            totals = rollups_rebuild(
                progress=lambda done, total: taskrun_progress(run, done=done, total=total, message=f"已汇总 {done}/{total} 个月")
            )
            taskrun_finish(run, message=f"汇总已重建：{totals['months']} 个月，日汇总 {totals['daily']} 行，月汇总 {totals['monthly']} 行")
    except TaskRunGone:  # cancelled by the sweep while it waited: nothing was recounted
        return {}
    return totals
