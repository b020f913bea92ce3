from __future__ import annotations

from django_tasks import task

from worklog.services import worklog_remind_missing


@task()
def worklog_remind_missing_task() -> dict[str, int]:
    """Periodic: remind staff (and then their office head) of unconfirmed daily logs."""
    return worklog_remind_missing()


# Run by the task worker (``manage.py run_worker``) every so many seconds: once a day.
PERIODIC = [(worklog_remind_missing_task, 24 * 3600)]
