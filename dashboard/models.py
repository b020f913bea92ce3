"""Rollups (汇总) of the work ledger that the 数据驾驶舱 reads: per org, per day or month, per event type, the number
of ledger entries and their summed quantity. Derived data: ``rollups_rebuild`` recomputes them from the ledger."""

from __future__ import annotations

from django.db import models

from core.scoping import RestrictedQuerySet


class DailyRollup(models.Model):
    """日汇总: one org's ledger entries of one event type on one day (件数 and 数量合计)."""

    org = models.ForeignKey("orgs.Org", verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    date = models.DateField("日期")
    event_type = models.CharField("事项类型", max_length=64)
    count = models.PositiveIntegerField("条数", default=0)
    quantity = models.DecimalField("数量合计", max_digits=14, decimal_places=2, default=0)

    objects = RestrictedQuerySet.as_manager()
    scope_org_field = "org"
    scope_owner_field = ""

    class Meta:
        verbose_name = "台账日汇总"
        verbose_name_plural = "台账日汇总"
        constraints = [models.UniqueConstraint(fields=["org", "date", "event_type"], name="dailyrollup_unique_org_date_type")]
        indexes = [models.Index(fields=["date", "event_type"], name="dailyrollup_date_type")]
        # Recounting every rollup is heavy work for the system administrator, not a right of the business roles.
        permissions = [("rebuild_rollups", "重建台账汇总")]

    def __str__(self) -> str:
        return f"{self.date} {self.event_type} {self.count}"


class MonthlyRollup(models.Model):
    """月汇总: one org's ledger entries of one event type in one calendar month (``month`` is its first day)."""

    org = models.ForeignKey("orgs.Org", verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    month = models.DateField("月份")
    event_type = models.CharField("事项类型", max_length=64)
    count = models.PositiveIntegerField("条数", default=0)
    quantity = models.DecimalField("数量合计", max_digits=16, decimal_places=2, default=0)

    objects = RestrictedQuerySet.as_manager()
    scope_org_field = "org"
    scope_owner_field = ""

    class Meta:
        verbose_name = "台账月汇总"
        verbose_name_plural = "台账月汇总"
        constraints = [models.UniqueConstraint(fields=["org", "month", "event_type"], name="monthlyrollup_unique_org_month_type")]
        indexes = [models.Index(fields=["month", "event_type"], name="monthlyrollup_month_type")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.event_type} {self.count}"
