from __future__ import annotations

from django_tasks import task

from supervision.services import warnings_evaluate


@task()
def warnings_evaluate_task() -> dict[str, dict[str, int]]:
    """Periodic: evaluate every enabled warning rule over the platform's data and notify the office heads."""
    return warnings_evaluate()


# Run by the task worker (``manage.py run_worker``) every so many seconds: once a day.
PERIODIC = [(warnings_evaluate_task, 24 * 3600)]
