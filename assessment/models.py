"""千分制考核: a versioned standard of about 85 items in six parts, scored per office and period mostly
from the work ledger, the rest by reviewers with evidence."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from core.models import OrgOwnedModel, TimeStampedModel


class Part(models.TextChoices):
    """The six parts of the standard (赤峰“数字司法所”: 基础性、制度性、重点性、日常性、业绩突出工作和负面清单)."""

    BASIC = "basic", "基础性工作"
    INSTITUTIONAL = "institutional", "制度性工作"
    KEY = "key", "重点性工作"
    DAILY = "daily", "日常性工作"
    OUTSTANDING = "outstanding", "业绩突出工作"
    NEGATIVE = "negative", "负面清单"


class Rule(models.TextChoices):
    COUNT = "count", "自动：按台账计数"
    RATE = "rate", "自动：按比率"
    MANUAL = "manual", "人工评分"
    DEDUCT_COUNT = "deduct_count", "自动扣分"
    DEDUCT_MANUAL = "deduct_manual", "人工扣分"


AUTO_RULES = (Rule.COUNT, Rule.RATE, Rule.DEDUCT_COUNT)


def num(value: Decimal | int | float, *, sign: bool = False) -> str:
    """A figure as people write it: 15, 2.5, 1005 (not 15.0 or 3.00); ``sign`` adds + to a positive one."""
    text = f"{Decimal(value).normalize():f}"
    return f"+{text}" if sign and Decimal(value) > 0 else text


class Standard(TimeStampedModel):
    """考核标准 for one year; a published version is frozen, changes make a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    year = models.PositiveIntegerField("年度")
    version = models.PositiveIntegerField("版本", default=1)
    name = models.CharField("名称", max_length=100)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "考核标准"
        verbose_name_plural = "考核标准"
        ordering = ["-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "version"], name="standard_unique_year_version")]
        # The standard is set by the city bureau for every office, so maintaining it is a right of its own,
        # not one of the add/change rights every business role holds.
        permissions = [("manage_standard", "维护考核标准")]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class StandardItem(models.Model):
    """One item: its points and how they are earned (ledger event types, target per month, rate threshold)."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="items")
    code = models.CharField("编号", max_length=10)
    part = models.CharField("部分", max_length=16, choices=Part.choices)
    name = models.CharField("考核内容", max_length=200)
    max_points = models.DecimalField("分值", max_digits=6, decimal_places=1)
    rule = models.CharField("评分方式", max_length=16, choices=Rule.choices)
    event_types = models.JSONField("台账事项", default=list, blank=True)
    denominator = models.JSONField("比率分母事项", default=list, blank=True)
    target_per_month = models.DecimalField("每月目标数", max_digits=12, decimal_places=2, null=True, blank=True)
    threshold = models.DecimalField("达标比率（%）", max_digits=5, decimal_places=1, null=True, blank=True)
    per_unit = models.DecimalField("每件扣分", max_digits=6, decimal_places=1, null=True, blank=True)
    basis = models.CharField("依据", max_length=200, blank=True)
    sort_order = models.IntegerField("排序", default=0)

    class Meta:
        verbose_name = "考核项目"
        verbose_name_plural = "考核项目"
        ordering = ["sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="standard_item_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_auto(self) -> bool:
        return self.rule in AUTO_RULES

    @property
    def rule_text(self) -> str:
        """The scoring rule in words, as reviewers and offices read it."""
        from core.ledger import EVENT_TYPES

        def names(codes: list[str]) -> str:
            return "、".join(f"“{EVENT_TYPES[c].label}”" if c in EVENT_TYPES else f"“{c}”（未接入）" for c in codes)

        types, points = list(self.event_types or []), num(self.max_points)
        unit = EVENT_TYPES[types[0]].unit if types and types[0] in EVENT_TYPES else "件"
        if self.rule == Rule.COUNT:
            target = num(self.target_per_month or 0)
            return f"按台账{names(types)}计数，每月目标{target}{unit}，达到目标得满分{points}分，不足按比例得分"
        if self.rule == Rule.RATE:
            return (f"{names(types)}÷{names(list(self.denominator or []))}的比率达到{num(self.threshold or 100)}%得满分{points}分，"
                    "不足按比例得分")
        if self.rule == Rule.DEDUCT_COUNT:
            return f"台账每有一件{names(types)}扣{num(self.per_unit or 0)}分，最多扣{points}分"
        if self.rule == Rule.MANUAL:
            return f"由县级以上司法局检查评分，最高{points}分，须写明依据和佐证材料"
        return f"由县级以上司法局核实后扣分，最多扣{points}分，须写明依据"


class ManualScore(OrgOwnedModel):
    """人工评分 or 人工扣分 of one item for one office and period, with the evidence; ``org`` is the office scored."""

    item = models.ForeignKey(StandardItem, verbose_name="考核项目", on_delete=models.PROTECT, related_name="manual_scores")
    period_start = models.DateField("考核期起")
    period_end = models.DateField("考核期止")
    points = models.DecimalField("得分（扣分为负）", max_digits=6, decimal_places=1)
    evidence = models.TextField("依据和佐证")

    class Meta:
        verbose_name = "人工评分"
        verbose_name_plural = "人工评分"
        ordering = ["item__sort_order", "id"]
        permissions = [("score_office", "考核评分与复核调整")]

    def __str__(self) -> str:
        return f"{self.org} {self.item.code} {self.points}"


class Adjustment(OrgOwnedModel):
    """县局复核调整: a reviewer's change to an office's score for an item, always with a reason."""

    item = models.ForeignKey(StandardItem, verbose_name="考核项目", on_delete=models.PROTECT, related_name="adjustments")
    period_start = models.DateField("考核期起")
    period_end = models.DateField("考核期止")
    delta = models.DecimalField("调整分值", max_digits=6, decimal_places=1)
    reason = models.CharField("调整理由", max_length=300)

    class Meta:
        verbose_name = "复核调整"
        verbose_name_plural = "复核调整"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.org} {self.item.code} {self.delta:+}"
