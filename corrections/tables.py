from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from corrections.models import Subject


class SubjectTable(tables.Table):
    name = tables.Column(verbose_name="姓名", accessor="person__name", order_by="person__name",
                         linkify=lambda record: record.get_absolute_url())
    id_number = tables.Column(verbose_name="身份证号码", accessor="person__id_number_masked", orderable=False)
    correction_type = tables.Column(verbose_name="矫正类别")
    crime = tables.Column(verbose_name="罪名")
    start_date = tables.DateColumn(verbose_name="矫正期限起", format="Y-m-d")
    end_date = tables.DateColumn(verbose_name="矫正期限止", format="Y-m-d")
    reported_date = tables.DateColumn(verbose_name="报到日期", format="Y-m-d")
    status = tables.Column(verbose_name="状态")
    officer = tables.Column(verbose_name="矫正责任人", accessor="officer__full_name", default="—")
    org = tables.Column(verbose_name="司法所", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = Subject
        fields = ("name", "id_number", "correction_type", "crime", "start_date", "end_date", "reported_date", "status", "officer", "org")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "subject-table"}

    def render_status(self, record: Subject) -> str:
        colour = {"in_correction": "primary", "discharged": "success", "terminated": "secondary"}
        return format_html('<span class="badge bg-{}">{}</span>', colour.get(record.status, "secondary"), record.get_status_display())
