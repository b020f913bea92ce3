from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from documents.models import GeneratedDocument


class GeneratedDocumentTable(tables.Table):
    number = tables.Column(verbose_name="文号")
    title = tables.Column(verbose_name="标题")
    kind = tables.Column(verbose_name="文书类型")
    org = tables.Column(verbose_name="所属单位", accessor="org__short_name", order_by="org__name")
    created_by = tables.Column(verbose_name="生成人")
    created_at = tables.DateTimeColumn(verbose_name="生成时间", format="Y-m-d H:i")
    actions = tables.Column(verbose_name="下载", empty_values=(), orderable=False)

    class Meta:
        model = GeneratedDocument
        fields = ("number", "title", "kind", "org", "created_by", "created_at")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "document-table"}

    def render_kind(self, record: GeneratedDocument) -> str:
        return record.kind_label

    def render_actions(self, record: GeneratedDocument) -> str:
        word = format_html('<a class="btn btn-link btn-sm p-0 me-2" href="/documents/{}/download/">Word</a>', record.uuid)
        if record.pdf_status == GeneratedDocument.PdfStatus.DONE:
            return format_html('{}<a class="btn btn-link btn-sm p-0" href="/documents/{}/pdf/">PDF</a>', word, record.uuid)
        return word
