"""Demo data: the dashboards' rollups, recounted from the whole ledger once the other modules have seeded it
(this app is installed last, so its plug-in runs last; the bulk-written history bypasses the incremental path)."""

from __future__ import annotations

from typing import Any

from dashboard.rollups import rollups_rebuild


def seed(ctx: Any) -> None:
    totals = rollups_rebuild()
    ctx.out(f"  汇总 {totals['months']} 个月，日汇总 {totals['daily']} 行，月汇总 {totals['monthly']} 行")
