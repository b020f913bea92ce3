"""文书: Word (and optionally PDF) documents generated from business records, each with its 文号."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.models import OrgOwnedModel


class GeneratedDocument(OrgOwnedModel):
    """A document the office issued from one record: the Word file as generated (never edited in place),
    its 文号 (issued once, never reused), the template version it came from, and an optional PDF copy."""

    class PdfStatus(models.TextChoices):
        NONE = "none", "未生成"
        PENDING = "pending", "生成中"
        DONE = "done", "已生成"
        FAILED = "failed", "生成失败"

    kind = models.CharField("文书类型", max_length=64, db_index=True)
    version = models.CharField("模板版本", max_length=20)
    number = models.CharField("文号", max_length=64, db_index=True)
    title = models.CharField("标题", max_length=200)
    file = models.FileField("Word 文件", upload_to="documents/%Y/", max_length=300)
    pdf_file = models.FileField("PDF 文件", upload_to="documents/%Y/", max_length=300, blank=True)
    pdf_status = models.CharField("PDF 状态", max_length=16, choices=PdfStatus.choices, default=PdfStatus.NONE)
    pdf_message = models.CharField("PDF 说明", max_length=300, blank=True)
    pdf_run = models.ForeignKey(
        "core.TaskRun", verbose_name="PDF 任务", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, verbose_name="来源类型", on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField("来源编号", max_length=64)
    part_id = models.CharField("来源子记录", max_length=64, blank=True, help_text="按子记录生成的文书（如某次调查的调查记录）所依据的子记录")
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="gendoc_target")]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def kind_label(self) -> str:
        from documents.registry import kind_label

        return kind_label(self.kind)

    @property
    def download_name(self) -> str:
        return f"{self.title}{self.number}"
