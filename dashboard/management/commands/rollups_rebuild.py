"""rollups_rebuild: recount the 数据驾驶舱 rollups from the whole work ledger, or (--check) compare them with it."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dashboard.rollups import rollups_differences, rollups_rebuild


class Command(BaseCommand):
    help = "按工作台账重新计算数据驾驶舱的日汇总和月汇总；--check 只核对现有汇总与台账是否一致（不一致时返回非零状态）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="只核对，不重建：列出汇总与台账不一致之处")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        if check:
            problems = rollups_differences()
            if problems:
                for line in problems:
                    self.stderr.write(line)
                raise CommandError("汇总与工作台账不一致（以上最多列出20处），请运行 manage.py rollups_rebuild 重建")
            self.stdout.write(self.style.SUCCESS("汇总与工作台账一致。"))
            return
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  已汇总 {done}/{total} 个月", ending="\r" if done < total else "\n")

        totals = rollups_rebuild(progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"汇总已重建：{totals['months']} 个月，日汇总 {totals['daily']} 行，月汇总 {totals['monthly']} 行"
            f"（{time.monotonic() - started:.1f} 秒）。"
        ))
