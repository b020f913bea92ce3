"""Background tasks of the platform core."""

from __future__ import annotations

from django_tasks import task

from core.deadlines import deadlines_refresh


@task()
def deadlines_refresh_task() -> dict[str, int]:
    """Periodic: mark due-soon and overdue deadlines and notify their owners."""
    return deadlines_refresh()


@task()
def import_task(*, run_uuid: str, path: str, importer: str, actor_id: int, org_id: int, update_existing: bool) -> dict:
    """Run an all-or-nothing Excel import (``importer`` is the dotted path of a function taking
    actor, org, content, update_existing and progress) and record its row-level report."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils.module_loading import import_string

    from core.errors import SifasuoError
    from core.models import TaskRun
    from core.taskruns import taskrun_finish, taskrun_progress

    # The org every record belongs to, named as core's models name it ("orgs.Org"): orgs is a layer above core.
    org_model = apps.get_model("orgs", "Org")

    run = TaskRun.objects.get(uuid=run_uuid)
    file_path = Path(settings.MEDIA_ROOT) / path
    try:
        taskrun_progress(run, done=0, message="正在读取文件……")
        report = import_string(importer)(
            actor=get_user_model().objects.get(pk=actor_id), org=org_model.objects.get(pk=org_id), content=file_path.read_bytes(),
            update_existing=update_existing,
            progress=lambda done, total: taskrun_progress(run, done=done, total=total, message=f"已校验 {done}/{total} 行"),
        )
    except SifasuoError as exc:
        taskrun_finish(run, message=exc.message, failed=True)
        return {"ok": False, "message": exc.message}
    finally:
        file_path.unlink(missing_ok=True)
    taskrun_finish(run, message=report.summary(), failed=not report.ok, report=report.as_dict())
    return report.as_dict()


# Run by the task worker (``manage.py run_worker``) every so many seconds: due-soon and overdue states stay current within ten minutes.
PERIODIC = [(deadlines_refresh_task, 600)]
