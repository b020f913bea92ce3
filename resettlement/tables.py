from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from resettlement.models import AssistRequest, Released

STATUS_COLOURS = {"pending": "warning", "active": "primary", "ended": "secondary"}
RISK_COLOURS = {"high": "danger", "medium": "warning", "low": "info"}


class ReleasedTable(tables.Table):
    name = tables.Column(verbose_name="姓名", accessor="person__name", order_by="person__name",
                         linkify=lambda record: record.get_absolute_url())
    id_number = tables.Column(verbose_name="身份证号码", accessor="person__id_number_masked", orderable=False)
    category = tables.Column(verbose_name="对象类别")
    crime = tables.Column(verbose_name="原罪名")
    release_date = tables.DateColumn(verbose_name="释放日期", format="Y-m-d")
    risk_level = tables.Column(verbose_name="风险等级")
    key_subject = tables.BooleanColumn(verbose_name="重点", yesno="是,")
    status = tables.Column(verbose_name="帮教状态")
    period_end = tables.DateColumn(verbose_name="帮教期止", format="Y-m-d")
    officer = tables.Column(verbose_name="帮教责任人", accessor="officer__full_name", default="—")
    org = tables.Column(verbose_name="司法所", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = Released
        fields = ("name", "id_number", "category", "crime", "release_date", "risk_level", "key_subject", "status",
                  "period_end", "officer", "org")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "released-table"}

    def render_status(self, record: Released) -> str:
        return format_html('<span class="badge bg-{}">{}</span>', STATUS_COLOURS.get(record.status, "secondary"),
                           record.get_status_display())

    def render_risk_level(self, record: Released) -> str:
        return format_html('<span class="badge bg-{}">{}</span>', RISK_COLOURS.get(record.risk_level, "secondary"),
                           record.get_risk_level_display())


class AssistTable(tables.Table):
    name = tables.Column(verbose_name="帮教对象", accessor="released__person__name", order_by="released__person__name",
                         linkify=lambda record: record.get_absolute_url())
    reason = tables.Column(verbose_name="协查原因")
    org = tables.Column(verbose_name="发出单位", accessor="org__short_name", order_by="org__name")
    to_org = tables.Column(verbose_name="协查单位", accessor="to_org__short_name", order_by="to_org__name")
    sent_date = tables.DateColumn(verbose_name="发出日期", format="Y-m-d")
    due_date = tables.DateColumn(verbose_name="回复期限", format="Y-m-d")
    status = tables.Column(verbose_name="状态")
    result = tables.Column(verbose_name="协查结果", default="—")

    class Meta:
        model = AssistRequest
        fields = ("name", "reason", "org", "to_org", "sent_date", "due_date", "status", "result")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "assist-table"}

    def render_status(self, record: AssistRequest) -> str:
        return format_html('<span class="badge bg-{}">{}</span>', "warning" if record.status == "open" else "success",
                           record.get_status_display())
