"""Background work of the dashboards."""

from __future__ import annotations

from django_tasks import task


@task()
def rollups_rebuild_task(*, run_uuid: str) -> dict[str, int]:
    """Recount every rollup from the ledger, reporting progress month by month on the ``TaskRun``."""
    from core.models import TaskRun
    from core.taskruns import taskrun_finish, taskrun_hold, taskrun_progress
    from dashboard.rollups import rollups_rebuild

    run = TaskRun.objects.get(uuid=run_uuid)
    with taskrun_hold(run):
        taskrun_progress(run, done=0, message="正在读取工作台账……")
        totals = rollups_rebuild(
            progress=lambda done, total: taskrun_progress(run, done=done, total=total, message=f"已汇总 {done}/{total} 个月")
        )
        taskrun_finish(run, message=f"汇总已重建：{totals['months']} 个月，日汇总 {totals['daily']} 行，月汇总 {totals['monthly']} 行")
    return totals
