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

from core.discovery import app_modules
from core.models import WorkerHeartbeat

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
    last_run: dict[str, float] = {}
    while not stop.is_set():
        try:
            close_old_connections()
            WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
            now = time.monotonic()
            for periodic_task, interval in periodic:
                key = periodic_task.module_path
                if now - last_run.get(key, -1e9) >= interval:
                    periodic_task.enqueue()
                    last_run[key] = now
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
