"""Background tasks of 社区矫正."""

from __future__ import annotations

from django_tasks import task

from corrections.duties import obligations_sweep


@task()
def obligations_sweep_task() -> dict[str, int]:
    """Periodic: reminders before each obligation, missed items for the officer, last month's 考核."""
    return obligations_sweep()


# Run by the task worker (``manage.py run_worker``) every so many seconds: twice a day, so a reminder sent in the
# morning reaches the subject before an item due the next day.
PERIODIC = [(obligations_sweep_task, 12 * 3600)]
