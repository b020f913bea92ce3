"""Task worker: runs django-tasks-db's worker and, beside it, the scheduler of periodic tasks and the
heartbeat that /healthz reports."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from core.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 30
# (task import path, interval in seconds)
PERIODIC = [("core.tasks.deadlines_refresh_task", 600), ("worklog.tasks.worklog_remind_missing_task", 24 * 3600),
            ("supervision.tasks.warnings_evaluate_task", 24 * 3600)]


def _scheduler(stop: threading.Event, name: str) -> None:
    from django.utils.module_loading import import_string

    last_run: dict[str, float] = {}
    while not stop.is_set():
        try:
            close_old_connections()
            WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
            now = time.monotonic()
            for path, interval in PERIODIC:
                if now - last_run.get(path, -1e9) >= interval:
                    import_string(path).enqueue()
                    last_run[path] = now
        except Exception as exc:  # keep the scheduler alive through a database hiccup
            print(f"调度线程出错：{exc}", flush=True)
        stop.wait(HEARTBEAT_SECONDS)


class Command(BaseCommand):
    help = "启动后台任务进程（执行排队任务、定时任务，并向 /healthz 报告心跳）"

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        name = f"{socket.gethostname()}-worker"
        thread = threading.Thread(target=_scheduler, args=(stop, name), daemon=True)
        thread.start()
        try:
            call_command("db_worker", interval=1)
        finally:
            stop.set()
