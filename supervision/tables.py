from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from supervision.choices import ItemStatus
from supervision.models import EarlyWarning, PeriodReport, SupervisionItem

STATUS_BADGE = {"issued": "secondary", "received": "primary", "rectified": "info", "verified": "success"}


def level_badge(record: EarlyWarning) -> str:
    css = {"red": "bg-danger", "orange": "bg-warning text-dark", "yellow": "bg-light text-dark border border-warning"}
    return format_html('<span class="badge {}" data-level="{}">{}</span>', css.get(record.level, "bg-secondary"), record.level,
                       record.get_level_display())


class EarlyWarningTable(tables.Table):
    level = tables.Column(verbose_name="等级")
    org = tables.Column(verbose_name="单位", accessor="org__name", linkify=lambda record: record.get_absolute_url())
    rule = tables.Column(verbose_name="预警类别", accessor="rule__name")
    period = tables.Column(verbose_name="预警期")
    facts = tables.Column(verbose_name="预警事实", orderable=False)
    detected_on = tables.DateColumn(verbose_name="发现日期", format="Y-m-d")
    owner = tables.Column(verbose_name="责任人", accessor="owner__full_name", default="—")
    item_count = tables.Column(verbose_name="督办", orderable=False)
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = EarlyWarning
        fields = ("level", "org", "rule", "period", "facts", "detected_on", "owner", "item_count", "status")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "warning-table"}

    def render_level(self, record: EarlyWarning) -> str:
        return level_badge(record)

    def render_facts(self, value: str) -> str:
        return value if len(value) <= 80 else value[:80] + "…"

    def render_item_count(self, value: int) -> str:
        return f"{value}件" if value else "—"


class SupervisionItemTable(tables.Table):
    number = tables.Column(verbose_name="文号", default="—")
    title = tables.Column(verbose_name="督办事项", linkify=lambda record: record.get_absolute_url())
    doc_kind = tables.Column(verbose_name="督办文书")
    org = tables.Column(verbose_name="被督办单位", accessor="org__name")
    issuing_org = tables.Column(verbose_name="督办单位", accessor="issuing_org__name")
    issued_on = tables.DateColumn(verbose_name="下发日期", format="Y-m-d")
    due_date = tables.DateColumn(verbose_name="整改期限", format="Y-m-d")
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = SupervisionItem
        fields = ("number", "title", "doc_kind", "org", "issuing_org", "issued_on", "due_date", "status")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "item-table"}

    def render_status(self, record: SupervisionItem) -> str:
        late = record.status in (ItemStatus.ISSUED, ItemStatus.RECEIVED) and record.due_date < timezone.localdate()
        badge = format_html('<span class="badge bg-{}">{}</span>', STATUS_BADGE.get(record.status, "secondary"), record.get_status_display())
        return format_html('{} <span class="badge bg-danger">逾期</span>', badge) if late else badge


class PeriodReportTable(tables.Table):
    org = tables.Column(verbose_name="单位", accessor="org__name", linkify=lambda record: record.get_absolute_url())
    period_start = tables.DateColumn(verbose_name="统计期起", format="Y-m-d")
    period_end = tables.DateColumn(verbose_name="统计期止", format="Y-m-d")
    issuing_org = tables.Column(verbose_name="出具单位", accessor="issuing_org__name")
    created_by = tables.Column(verbose_name="新建人", accessor="created_by__full_name", default="—")
    created_at = tables.DateTimeColumn(verbose_name="新建时间", format="Y-m-d H:i")

    class Meta:
        model = PeriodReport
        fields = ("org", "period_start", "period_end", "issuing_org", "created_by", "created_at")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "report-table"}
