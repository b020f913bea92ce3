"""The task worker's periodic work is declared by each module in ``<app>/tasks.py`` (``PERIODIC``) and found by
``run_worker``: core's deadline refresh, the work-log reminders and the supervision warnings all run."""

from core.management.commands.run_worker import periodic_tasks


def test_the_worker_finds_every_modules_periodic_tasks_with_their_intervals():
    found = {task.module_path: interval for task, interval in periodic_tasks()}
    assert found == {
        "core.tasks.deadlines_refresh_task": 600,
        "worklog.tasks.worklog_remind_missing_task": 24 * 3600,
        "supervision.tasks.warnings_evaluate_task": 24 * 3600,
        "corrections.tasks.obligations_sweep_task": 12 * 3600,
        "resettlement.tasks.periods_close_task": 24 * 3600,
        "legalaid.tasks.reviews_withdraw_lapsed_task": 24 * 3600,
    }
