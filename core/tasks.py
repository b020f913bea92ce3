"""Background tasks of the platform core."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from core.deadlines import deadlines_refresh


@task()
def deadlines_refresh_task() -> dict[str, int]:
    """Periodic: mark due-soon and overdue deadlines and notify their owners."""
    return deadlines_refresh()


IMPORT_CRASHED = "导入时发生系统错误，未写入任何数据；请稍后重新导入，如仍失败请联系系统管理员"


@task()
def import_task(*, run_uuid: str, importer: str, actor_id: int, org_id: int, update_existing: bool) -> dict:
    """Run an all-or-nothing Excel import (``importer`` is the dotted path of a function taking actor, org, content,
    update_existing and progress) on the run's uploaded file and record its row-level report. The run is held under a
    lease while it works; the file is deleted when the run ends, however it ends. A run the sweep cancelled while it
    waited (``TASK_START_TIMEOUT_SECONDS``) is left as it is."""
    from core.models import TaskRun
    from core.taskruns import TaskRunGone, taskrun_hold

    run = TaskRun.objects.get(uuid=run_uuid)
    try:
        with taskrun_hold(run):
            return _import_held(run, importer=importer, actor_id=actor_id, org_id=org_id, update_existing=update_existing)
    except TaskRunGone as exc:  # cancelled by the sweep before a worker reached it: its file is gone, nothing to do
        return {"ok": False, "message": str(exc)}


def _import_held(run: Any, *, importer: str, actor_id: int, org_id: int, update_existing: bool) -> dict:
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.core.files.storage import default_storage
    from django.utils.module_loading import import_string

    from core.errors import SifasuoError
    from core.imports import ImportRejected
    from core.taskruns import taskrun_finish, taskrun_progress

    # The org every record belongs to, named as core's models name it ("orgs.Org"): orgs is a layer above core.
    org_model = apps.get_model("orgs", "Org")
    try:
        taskrun_progress(run, done=0, message="正在读取文件……")
        with default_storage.open(run.upload) as upload:
            content = upload.read()
        report = import_string(importer)(
            actor=get_user_model().objects.get(pk=actor_id), org=org_model.objects.get(pk=org_id), content=content,
            update_existing=update_existing,
            progress=lambda done, total, message: taskrun_progress(run, done=done, total=total, message=message),
        )
    except ImportRejected as exc:
        report = exc.report
    except SifasuoError as exc:
        taskrun_finish(run, message=exc.message, failed=True)
        return {"ok": False, "message": exc.message}
    except Exception:
        taskrun_finish(run, message=IMPORT_CRASHED, failed=True)
        raise
    taskrun_finish(run, message=report.summary(), failed=not report.ok, report=report.as_dict())
    return report.as_dict()


# Run by the task worker (``manage.py run_worker``) every so many seconds: due-soon and overdue states stay current within ten minutes.
PERIODIC = [(deadlines_refresh_task, 600)]
