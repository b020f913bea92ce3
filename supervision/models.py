"""预警督办 (赤峰“数字司法所”: 智慧预警 and the ten documents “一表一报告两函三单三书”): rules that watch the
platform's own data, the warnings they raise per office, and the 督办 loop that follows a warning — issued by the
supervising bureau, received and rectified by the office, verified (销号) or sent back by the bureau."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.models import OrgOwnedModel, TimeStampedModel
from supervision.choices import IssueDocument, ItemStatus, Level, StepKind, WarningStatus


class WarningRule(TimeStampedModel):
    """预警规则: which evaluator watches which figure, at what threshold and level. Administrators edit these rows;
    the evaluators themselves are registered in code by the modules that own the data (``<app>/warnings.py``)."""

    code = models.CharField("规则编号", max_length=32, unique=True)
    name = models.CharField("规则名称", max_length=100)
    evaluator = models.CharField("检测方法", max_length=64, help_text="由业务模块登记的检测方法编码，如 deadline_overdue")
    level = models.CharField("预警等级", max_length=10, choices=Level.choices, default=Level.YELLOW)
    params = models.JSONField("阈值参数", default=dict, blank=True, help_text="如 {\"min_count\": 1}；未填写的参数取默认值")
    enabled = models.BooleanField("启用", default=True)
    description = models.CharField("说明", max_length=300, blank=True)
    sort_order = models.IntegerField("排序", default=0)

    class Meta:
        verbose_name = "预警规则"
        verbose_name_plural = "预警规则"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        from supervision.rules import EVALUATORS, PLANNED, not_connected

        evaluator = EVALUATORS.get(self.evaluator)
        if evaluator is None and not_connected(self.evaluator):
            if self.params:
                raise ValidationError({"params": "该检测方法所需的业务数据尚未接入，暂不能设置阈值参数"})
            return
        if evaluator is None:
            choices = "、".join(sorted([*EVALUATORS, *(c for c in PLANNED if not_connected(c))]))
            raise ValidationError({"evaluator": f"没有“{self.evaluator}”这种检测方法，可选：{choices}"})
        try:
            self.params = evaluator.clean_params(self.params)
        except ValueError as exc:
            raise ValidationError({"params": str(exc)}) from None


class EarlyWarning(OrgOwnedModel):
    """预警: one rule firing for one office in one period (e.g. 2026-05). One row per office, rule and period:
    a later run updates the facts, closes the warning when the condition clears and reopens it if it returns.
    ``owner`` is the office head who must answer for it."""

    rule = models.ForeignKey(WarningRule, verbose_name="预警规则", on_delete=models.PROTECT, related_name="warnings")
    level = models.CharField("预警等级", max_length=10, choices=Level.choices, db_index=True)
    period = models.CharField("预警期", max_length=20)
    facts = models.TextField("预警事实")
    value = models.DecimalField("指标值", max_digits=12, decimal_places=2, null=True, blank=True)
    detected_on = models.DateField("发现日期", db_index=True)
    last_seen_on = models.DateField("最近检测日期")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="责任人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=WarningStatus.choices, default=WarningStatus.OPEN, db_index=True)
    closed_on = models.DateField("关闭日期", null=True, blank=True)
    close_reason = models.CharField("关闭原因", max_length=200, blank=True)

    scope_owner_field = "owner"

    class Meta:
        verbose_name = "预警"
        verbose_name_plural = "预警"
        ordering = ["-detected_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "rule", "period"], name="warning_one_per_office_rule_period")]
        indexes = [models.Index(fields=["status", "level"], name="warning_status_level")]

    def __str__(self) -> str:
        return f"{self.org.name} {self.rule.name}（{self.period}）"

    def get_absolute_url(self) -> str:
        return f"/supervision/warnings/{self.uuid}/"


class SupervisionItem(OrgOwnedModel):
    """督办事项: what the supervising bureau (``issuing_org``) requires of an office (``org``) by a deadline, issued
    with a numbered 函/单/书 and closed only when the bureau verifies the rectification (销号)."""

    issuing_org = models.ForeignKey("orgs.Org", verbose_name="督办单位", on_delete=models.PROTECT, related_name="+")
    warning = models.ForeignKey(
        EarlyWarning, verbose_name="来源预警", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    doc_kind = models.CharField("督办文书", max_length=32, choices=IssueDocument.choices, default=IssueDocument.LETTER)
    title = models.CharField("督办事项", max_length=200)
    facts = models.TextField("问题事实")
    requirements = models.TextField("整改要求")
    due_date = models.DateField("整改期限", db_index=True)
    meeting_time = models.CharField("约谈时间", max_length=50, blank=True)
    meeting_place = models.CharField("约谈地点", max_length=100, blank=True)
    status = models.CharField("状态", max_length=12, choices=ItemStatus.choices, default=ItemStatus.ISSUED, db_index=True)
    number = models.CharField("督办文号", max_length=64, blank=True)
    document = models.ForeignKey(
        "documents.GeneratedDocument", verbose_name="督办文书", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField("下发日期")
    received_at = models.DateTimeField("签收时间", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签收人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField("销号时间", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="销号人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_count = models.PositiveIntegerField("退回次数", default=0)

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办事项"
        ordering = ["-issued_on", "-id"]
        permissions = [
            ("issue_supervisionitem", "下发督办事项、核查销号"),
            ("rectify_supervisionitem", "签收督办事项、反馈整改情况"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/supervision/items/{self.uuid}/"

    @property
    def latest_feedback(self) -> Feedback | None:
        return self.feedbacks.order_by("-id").first()


class SupervisionStep(models.Model):
    """办理过程 of a 督办事项: who issued, received, rectified, sent back or verified it, and when."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField("环节", max_length=12, choices=StepKind.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    org = models.ForeignKey("orgs.Org", verbose_name="办理单位", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "督办过程"
        verbose_name_plural = "督办过程"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.note}"


class Feedback(TimeStampedModel):
    """整改反馈: the office's account of what it did, with evidence, and the bureau's verdict on it."""

    class Verdict(models.TextChoices):
        PENDING = "", "待核查"
        ACCEPTED = "accepted", "核查通过"
        RETURNED = "returned", "退回"

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="feedbacks")
    text = models.TextField("整改措施及成效")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="反馈人", null=True, on_delete=models.SET_NULL, related_name="+")
    verdict = models.CharField("核查结果", max_length=10, choices=Verdict.choices, blank=True, default=Verdict.PENDING)
    review_note = models.CharField("核查意见", max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核查人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("核查时间", null=True, blank=True)

    class Meta:
        verbose_name = "整改反馈"
        verbose_name_plural = "整改反馈"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item} 整改反馈"


class FeedbackAttachment(models.Model):
    """佐证材料 of a 整改反馈 (photos, scanned records), checked by extension, content and size before storing."""

    uuid = models.UUIDField("公开编号", default=uuid.uuid4, unique=True, editable=False)
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="supervision/%Y/", max_length=300)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class PeriodReport(OrgOwnedModel):
    """统计报告: an org's figures for a period, the source of 统计表, 分析报告 and (for an office) 考核结果通知书;
    ``issuing_org`` is the bureau whose 文号 series numbers them."""

    issuing_org = models.ForeignKey("orgs.Org", verbose_name="出具单位", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField("统计期起")
    period_end = models.DateField("统计期止")

    class Meta:
        verbose_name = "统计报告"
        verbose_name_plural = "统计报告"
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return f"{self.org.name} {self.period_start:%Y年%m月%d日}至{self.period_end:%Y年%m月%d日}"

    def get_absolute_url(self) -> str:
        return f"/supervision/reports/{self.uuid}/"
