"""Fail the background tasks whose worker died (lease expired), cancel those that never started within the bound, and
delete the uploaded files no task needs any more."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from core.taskruns import taskruns_sweep


class Command(BaseCommand):
    help = "清理中断的后台任务：将执行进程已中断的任务标记为失败，取消排队过久未开始的任务，并删除不再需要的上传文件"

    def handle(self, *args: Any, **options: Any) -> None:
        result = taskruns_sweep()
        self.stdout.write(f"已将 {result['lost']} 个中断的任务标记为失败，取消 {result['never_started']} 个排队过久未开始的任务，"
                          f"删除 {result['orphans']} 个遗留的上传文件")
