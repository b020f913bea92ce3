"""工作日志: one log per staff member and day, mostly derived from the work ledger ("每天一分钟")."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import OrgOwnedModel


class WorkLog(OrgOwnedModel):
    """A staff member's log of one working day; ``org`` is the office they worked for."""

    class Status(models.TextChoices):
        DRAFT = "draft", "未确认"
        CONFIRMED = "confirmed", "已确认"
        REVIEWED = "reviewed", "已审阅"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, related_name="work_logs")
    date = models.DateField("日期", db_index=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    summary = models.CharField("当日小结", max_length=300, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审阅人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("审阅时间", null=True, blank=True)
    review_note = models.CharField("审阅意见", max_length=200, blank=True)

    scope_owner_field = "user"

    class Meta:
        verbose_name = "工作日志"
        verbose_name_plural = "工作日志"
        ordering = ["-date", "user_id"]
        permissions = [("review_worklog", "审阅工作日志")]
        constraints = [models.UniqueConstraint(fields=["user", "date"], name="worklog_one_per_user_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.date}"


class WorkLogEntry(models.Model):
    """One line of a log: derived from a ledger entry (linked to its record) or entered by hand."""

    log = models.ForeignKey(WorkLog, on_delete=models.CASCADE, related_name="entries")
    event = models.ForeignKey("core.WorkEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    event_type = models.CharField("事项类型", max_length=64, blank=True)
    item_code = models.CharField("手工事项", max_length=40, blank=True)
    description = models.CharField("工作内容", max_length=300)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2, default=1)
    link = models.CharField("链接", max_length=300, blank=True)

    class Meta:
        verbose_name = "日志条目"
        verbose_name_plural = "日志条目"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_derived(self) -> bool:
        return bool(self.event_type)
