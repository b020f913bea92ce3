"""Background work of 安置帮教: the 帮教期 ends by itself when five years have passed (daily)."""

from __future__ import annotations

from django_tasks import task

from resettlement.services import periods_close


@task()
def periods_close_task() -> int:
    return periods_close()


PERIODIC = [(periods_close_task, 24 * 3600)]
