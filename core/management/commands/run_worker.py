"""Task worker: runs django-tasks-db's worker and, beside it, one thread that keeps the process's sign of life: the
heartbeat /healthz reports, the leases of the task runs it is executing, the periodic tasks, and the sweep that fails
the runs of workers that died and deletes their uploaded files."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from core.discovery import app_modules
from core.models import WorkerHeartbeat
from core.taskruns import taskruns_renew, taskruns_sweep

HEARTBEAT_SECONDS = 30


def periodic_tasks() -> list[tuple[Any, int]]:
    """(task, interval in seconds) of every installed app that declares ``PERIODIC = [(task, seconds), …]`` in its
    ``<app>/tasks.py``, in INSTALLED_APPS order: a module schedules its own periodic work, the worker only finds it."""
    found: list[tuple[Any, int]] = []
    for module in app_modules("tasks"):
        found.extend(getattr(module, "PERIODIC", []))
    return found


def _scheduler(stop: threading.Event, name: str) -> None:
    periodic = periodic_tasks()
    # A lease is renewed three times within its length, so one slow renewal (a write waiting for the database) is harmless.
    tick = min(HEARTBEAT_SECONDS, settings.TASK_LEASE_SECONDS / 3)
    last_run: dict[str, float] = {}
    last_sweep = -1e9
    while not stop.is_set():
        try:
            close_old_connections()
            taskruns_renew()
            WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
            now = time.monotonic()
            if now - last_sweep >= settings.TASK_LEASE_SECONDS:
                taskruns_sweep()
                last_sweep = now
            for periodic_task, interval in periodic:
                key = periodic_task.module_path
                if now - last_run.get(key, -1e9) >= interval:
                    periodic_task.enqueue()
                    last_run[key] = now
        except Exception as exc:  # keep the scheduler alive through a database hiccup
            print(f"调度线程出错：{exc}", flush=True)
        stop.wait(tick)


class Command(BaseCommand):
    help = "启动后台任务进程（执行排队任务、定时任务，续租正在执行的任务，清理中断任务，并向 /healthz 报告心跳）"

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        name = f"{socket.gethostname()}-worker"
        thread = threading.Thread(target=_scheduler, args=(stop, name), daemon=True)
        thread.start()
        try:
            # Tasks run in this process (no autoreloader child): the thread above renews the leases of what it runs.
            call_command("db_worker", interval=1, reload=False)
        finally:
            stop.set()
