from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html

from corrections.models import ExpectedArrival, Investigation, Subject


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
    level_name = tables.Column(verbose_name="管理等级", default="未评定", orderable=False)
    officer = tables.Column(verbose_name="矫正责任人", accessor="officer__full_name", default="—")
    org = tables.Column(verbose_name="司法所", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = Subject
        fields = ("name", "id_number", "correction_type", "crime", "start_date", "end_date", "reported_date", "status", "level_name",
                  "officer", "org")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "subject-table"}

    def before_render(self, request: Any) -> None:
        from corrections.privacy import office_ids

        self.viewer_offices = office_ids(request.user)

    def render_name(self, value: str, record: Subject) -> str:
        from corrections.privacy import masked_name, must_mask

        # 社区矫正法 第五十四条: a minor's identity stays with the owning office.
        return masked_name(value) if must_mask(record, getattr(self, "viewer_offices", set())) else value

    def render_id_number(self, value: str, record: Subject) -> str:
        from corrections.privacy import must_mask

        return "—" if must_mask(record, getattr(self, "viewer_offices", set())) else value

    def render_status(self, record: Subject) -> str:
        colour = {"in_correction": "primary", "discharged": "success", "terminated": "secondary"}
        return format_html('<span class="badge bg-{}">{}</span>', colour.get(record.status, "secondary"), record.get_status_display())


class InvestigationTable(tables.Table):
    name = tables.Column(verbose_name="被调查人", accessor="person__name", order_by="person__name",
                         linkify=lambda record: record.get_absolute_url())
    body_name = tables.Column(verbose_name="委托机关")
    case_number = tables.Column(verbose_name="委托函文号或案号")
    received_date = tables.DateColumn(verbose_name="收到委托", format="Y-m-d")
    due_date = tables.DateColumn(verbose_name="应完成", format="Y-m-d")
    fast_track = tables.BooleanColumn(verbose_name="速裁", yesno="是,")
    status = tables.Column(verbose_name="办理状态")
    opinion = tables.Column(verbose_name="评估意见", default="—")
    org = tables.Column(verbose_name="司法所", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = Investigation
        fields = ("name", "body_name", "case_number", "received_date", "due_date", "fast_track", "status", "opinion", "org")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "investigation-table"}

    def render_status(self, record: Investigation) -> str:
        colour = {"investigating": "primary", "issued": "info", "submitted": "warning", "returned": "danger", "filed": "success"}
        return format_html('<span class="badge bg-{}">{}</span>', colour.get(record.status, "secondary"), record.get_status_display())


class ArrivalTable(tables.Table):
    name = tables.Column(verbose_name="姓名", accessor="person__name", order_by="person__name",
                         linkify=lambda record: record.get_absolute_url())
    correction_type = tables.Column(verbose_name="矫正类别")
    decision_organ = tables.Column(verbose_name="决定机关")
    effective_date = tables.DateColumn(verbose_name="生效日期", format="Y-m-d")
    notice_date = tables.DateColumn(verbose_name="收到通知", format="Y-m-d")
    due_date = tables.DateColumn(verbose_name="应报到日期", format="Y-m-d")
    status = tables.Column(verbose_name="状态")
    org = tables.Column(verbose_name="司法所", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = ExpectedArrival
        fields = ("name", "correction_type", "decision_organ", "effective_date", "notice_date", "due_date", "status", "org")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "arrival-table"}
