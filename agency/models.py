"""代收代办 at the 司法所: 行政复议申请 received for the county 行政复议机构 (行政复议法 2023; the office is a 代收点, not a
statutory body, so it records and forwards and the 复议机构 alone accepts and decides), and 公证/劳动人事争议仲裁 matters
it guides, takes in and passes on to the 公证处 or 仲裁委 (公证法; 劳动争议调解仲裁法)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from agency.choices import (
    REVIEW_CHECKLIST,
    CaseKind,
    CaseStatus,
    ForwardService,
    GuideKind,
    ReviewDecision,
    ReviewForm,
    ReviewStatus,
)
from core.models import OrgOwnedModel

# 行政复议法 第二十条第一款: 自知道或者应当知道该行政行为之日起六十日内提出.
REVIEW_WINDOW_DAYS = 60


class ForwardingRule(models.Model):
    """How many working days an office has to pass on what it received. No national rule sets it for a 司法所 代收点
    (UNCONFIRMED: a local work requirement), so it is editable in the admin and shown as unconfirmed until a county
    confirms it."""

    service = models.CharField("业务", max_length=20, choices=ForwardService.choices, unique=True)
    working_days = models.PositiveSmallIntegerField("转交期限（工作日）", default=1)
    confirmed = models.BooleanField("已确认", default=False, help_text="未确认：全国没有统一规定，为本地工作要求的默认值")
    basis = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "代收代办转交期限"
        verbose_name_plural = "代收代办转交期限"

    def __str__(self) -> str:
        return f"{self.get_service_display()}：{self.working_days}个工作日"


class ReviewApplication(OrgOwnedModel):
    """行政复议申请代收登记: who applies against which 行政行为 of which 被申请人, when the office received it, what the
    申请书 (or the 口头申请笔录) contains, and what the 复议机构 did with it (``org`` is the receiving office)."""

    received_at = models.DateTimeField("收件时间", db_index=True)
    form = models.CharField("申请方式", max_length=20, choices=ReviewForm.choices, default=ReviewForm.WRITTEN)
    applicant = models.ForeignKey("people.Person", verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    respondent = models.CharField("被申请人", max_length=100)
    act = models.CharField("行政行为", max_length=200, help_text="如 某镇人民政府2026年3月2日作出的责令限期拆除决定")
    act_known_date = models.DateField("知道行政行为之日")
    request = models.TextField("行政复议请求")
    facts = models.TextField("主要事实和理由")
    oral_record = models.TextField("口头申请笔录", blank=True)
    checklist = models.JSONField("申请书已载明事项", default=list, blank=True)
    late_reason = models.TextField("超过六十日的正当理由", blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("办理状态", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.RECEIVED,
                              db_index=True)
    forward_due = models.DateField("转交期限", null=True, blank=True)
    review_body = models.CharField("复议机构", max_length=100, blank=True)
    forwarded_date = models.DateField("转交日期", null=True, blank=True)
    accepted_date = models.DateField("受理日期", null=True, blank=True)
    not_accepted_reason = models.TextField("不予受理理由", blank=True)
    decision = models.CharField("复议决定", max_length=20, choices=ReviewDecision.choices, blank=True)
    decision_date = models.DateField("决定日期", null=True, blank=True)
    decision_note = models.TextField("决定要点", blank=True)

    class Meta:
        verbose_name = "行政复议申请代收"
        verbose_name_plural = "行政复议申请代收"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["org", "received_at"], name="agency_review_org_received")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="received") | models.Q(status="withdrawn")
                | (models.Q(forwarded_date__isnull=False) & ~models.Q(review_body="")),
                name="agency_review_forwarded_has_date_and_body",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="decided") | (models.Q(decision_date__isnull=False) & ~models.Q(decision="")),
                name="agency_review_decided_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant.name} {self.received_at:%Y-%m-%d} 行政复议申请"

    def get_absolute_url(self) -> str:
        return f"/agency/review/{self.uuid}/"

    @property
    def received_date(self) -> dt.date:
        from django.utils import timezone

        return timezone.localtime(self.received_at).date()

    @property
    def window_end(self) -> dt.date:
        """The last day of the 60-day window (第二十条第一款), counted from the day after 知道之日."""
        return self.act_known_date + dt.timedelta(days=REVIEW_WINDOW_DAYS)

    @property
    def missing_items(self) -> list[str]:
        present = set(self.checklist or [])
        return [label for key, label, _ in REVIEW_CHECKLIST if key not in present]


class ServiceGuide(models.Model):
    """公证、仲裁办事指引: which 公证处 or 仲裁委 handles which matters, where, and what to bring. Reference data the
    county keeps in the admin; offices read it when they guide a person and prefill a 代办 with it."""

    kind = models.CharField("类别", max_length=30, choices=GuideKind.choices, db_index=True)
    institution = models.CharField("办理机构", max_length=100)
    matters = models.TextField("受理事项")
    materials = models.TextField("所需材料")
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    limitation = models.CharField("时效或期限提示", max_length=200, blank=True)
    basis = models.CharField("依据", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "公证仲裁办事指引"
        verbose_name_plural = "公证仲裁办事指引"
        ordering = ["kind", "order", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.institution}"


class AgencyCase(OrgOwnedModel):
    """公证代办 or 劳动人事争议仲裁转介: a person's matter the office takes in, passes to the 公证处 or 仲裁委, and whose
    result it follows (``org`` is the office that took it in)."""

    kind = models.CharField("类别", max_length=30, choices=CaseKind.choices, db_index=True)
    received_date = models.DateField("受托日期", db_index=True)
    person = models.ForeignKey("people.Person", verbose_name="当事人", on_delete=models.PROTECT, related_name="+")
    matter = models.CharField("事项", max_length=200)
    detail = models.TextField("情况说明", blank=True)
    institution = models.CharField("办理机构", max_length=100)
    guide = models.ForeignKey(ServiceGuide, verbose_name="办事指引", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    # 劳动争议调解仲裁法 第二十七条: 一年, from when the worker knew or should have known his right was infringed.
    rights_known_date = models.DateField("知道权利被侵害之日", null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("办理状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED, db_index=True)
    forward_due = models.DateField("转交期限", null=True, blank=True)
    forwarded_date = models.DateField("转交日期", null=True, blank=True)
    result = models.TextField("办理结果", blank=True)
    result_date = models.DateField("结果日期", null=True, blank=True)

    class Meta:
        verbose_name = "公证仲裁代办"
        verbose_name_plural = "公证仲裁代办"
        ordering = ["-received_date", "-id"]
        indexes = [models.Index(fields=["org", "received_date"], name="agency_case_org_received")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="labour_arbitration") | models.Q(rights_known_date__isnull=False),
                name="agency_case_labour_has_known_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["done", "failed"]) | (models.Q(result_date__isnull=False) & ~models.Q(result="")),
                name="agency_case_result_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_kind_display()} {self.matter}"

    def get_absolute_url(self) -> str:
        return f"/agency/cases/{self.uuid}/"

    @property
    def limitation_end(self) -> dt.date | None:
        """劳动争议仲裁时效届满日 (第二十七条第一款 一年; 中断、中止 and the wage-arrears rule of 第四款 are judged by the
        仲裁委, so this is a warning, never a refusal)."""
        from core.calendar import add_months

        if self.kind != CaseKind.LABOUR_ARBITRATION or self.rights_known_date is None:
            return None
        return add_months(self.rights_known_date, 12)
