"""社区矫正: the offenders a 司法所 supervises in the community on behalf of the county 社区矫正机构
(社区矫正法 第九条第二款: 司法所根据社区矫正机构的委托，承担社区矫正相关工作)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db import models

from core.models import OrgOwnedModel
from corrections.choices import REPORTING_TYPES, CorrectionType, EndReason, Status


def months_after(start: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or that month's last day when it has no such day (no holiday shift: a
    sentence's term is not a procedural period)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_text(start: dt.date, end: dt.date) -> str:
    """A correction term as a judgment writes it, both ends counted: 2026-01-10 to 2027-01-09 is "1年"."""
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if months_after(start, months) > after:
        months -= 1
    days = (after - months_after(start, months)).days
    parts = []
    if months // 12:
        parts.append(f"{months // 12}年")
    if months % 12:
        parts.append(f"{months % 12}个月")
    if days:
        parts.append(f"{days}日")
    return "".join(parts) or "0日"


class Subject(OrgOwnedModel):
    """社区矫正对象 (社区矫正法 第二条): an offender under 管制, 缓刑, 假释 or 暂予监外执行, received by the 司法所 in charge
    (``org``) after reporting (第二十一条) with the legal documents checked and identity verified (第二十二条)."""

    person = models.ForeignKey("people.Person", verbose_name="社区矫正对象", on_delete=models.PROTECT,
                               related_name="correction_subjects")
    correction_type = models.CharField("矫正类别", max_length=20, choices=CorrectionType.choices, db_index=True)
    decision_organ = models.CharField("社区矫正决定机关", max_length=100,
                                      help_text="作出判决、裁定或暂予监外执行决定的机关，如 赤峰市红山区人民法院")
    decision_number = models.CharField("法律文书文号", max_length=60, help_text="如 （2026）内0402刑初123号")
    crime = models.CharField("罪名", max_length=200)
    effective_date = models.DateField("判决、裁定或决定生效日期")
    start_date = models.DateField("矫正期限起")
    end_date = models.DateField("矫正期限止", db_index=True)
    report_due_date = models.DateField(
        "应报到日期", null=True, blank=True,
        help_text="生效之日起十日内（社区矫正法 第二十一条）；暂予监外执行由看守所、监狱移送，不计算",
    )
    reported_date = models.DateField("报到日期", db_index=True)
    status = models.CharField("矫正状态", max_length=20, choices=Status.choices, default=Status.IN_CORRECTION, db_index=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="矫正责任人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="负责日常监督管理的司法所工作人员",
    )
    ended_date = models.DateField("解除（终止）日期", null=True, blank=True)
    end_reason = models.CharField("解除（终止）原因", max_length=20, blank=True, choices=EndReason.choices)
    end_note = models.CharField("解除（终止）说明", max_length=200, blank=True,
                                help_text="如 解除社区矫正证明书编号，或撤销缓刑裁定书文号")

    class Meta:
        verbose_name = "社区矫正对象"
        verbose_name_plural = "社区矫正对象"
        ordering = ["-reported_date", "-id"]
        indexes = [
            models.Index(fields=["org", "status"], name="corrections_subject_org_status"),
            models.Index(fields=["org", "reported_date"], name="corrections_subject_org_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gt=models.F("start_date")), name="corrections_subject_period"),
            models.CheckConstraint(condition=models.Q(reported_date__gte=models.F("effective_date")),
                                   name="corrections_subject_reported_after_effective"),
            # One natural person is under one correction at a time; a new sentence after 解除/终止 is a new record.
            models.UniqueConstraint(fields=["person"], condition=models.Q(status="in_correction"),
                                    name="corrections_subject_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_correction_type_display()}）"

    def get_absolute_url(self) -> str:
        return f"/corrections/{self.uuid}/"

    @property
    def period_text(self) -> str:
        return period_text(self.start_date, self.end_date)

    @property
    def reported_late_days(self) -> int:
        """Days reported after the ten-day window of 社区矫正法 第二十一条 (0 when on time or not computed). Late
        reporting may ground a 训诫 or 警告 under the 实施办法 (its text is not held here); the office judges the reason,
        the platform only shows the delay."""
        if self.report_due_date is None or self.reported_date <= self.report_due_date:
            return 0
        return (self.reported_date - self.report_due_date).days

    @property
    def reports_in_person(self) -> bool:
        return self.correction_type in REPORTING_TYPES
