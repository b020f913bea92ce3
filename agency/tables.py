from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.text import Truncator

from agency.models import AgencyCase, ReviewApplication, ServiceGuide

_attrs = {"class": "table table-sm table-hover table-bordered"}


class ReviewTable(tables.Table):
    applicant = tables.Column(verbose_name="申请人", accessor="applicant__name", order_by="applicant__name",
                              linkify=lambda record: record.get_absolute_url())
    received_at = tables.DateTimeColumn(verbose_name="收件时间", format="Y-m-d H:i")
    form = tables.Column(verbose_name="方式")
    respondent = tables.Column(verbose_name="被申请人")
    act = tables.Column(verbose_name="行政行为", orderable=False)
    forward_due = tables.DateColumn(verbose_name="转交期限", format="Y-m-d")
    status = tables.Column(verbose_name="办理状态")
    org = tables.Column(verbose_name="代收单位", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = ReviewApplication
        fields = ("applicant", "received_at", "form", "respondent", "act", "forward_due", "status", "org")
        attrs = {**_attrs, "data-testid": "review-table"}

    def render_act(self, value: str) -> str:
        return Truncator(value).chars(30)

    def render_status(self, record: ReviewApplication) -> str:
        colour = {"received": "warning text-dark", "forwarded": "primary", "accepted": "info text-dark", "decided": "success",
                  "not_accepted": "secondary", "withdrawn": "light text-dark"}
        return format_html('<span class="badge bg-{}">{}</span>', colour.get(record.status, "secondary"), record.get_status_display())


class CaseTable(tables.Table):
    person = tables.Column(verbose_name="当事人", accessor="person__name", order_by="person__name",
                           linkify=lambda record: record.get_absolute_url())
    kind = tables.Column(verbose_name="类别")
    received_date = tables.DateColumn(verbose_name="受托日期", format="Y-m-d")
    matter = tables.Column(verbose_name="事项")
    institution = tables.Column(verbose_name="办理机构")
    status = tables.Column(verbose_name="办理状态")
    org = tables.Column(verbose_name="受托单位", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = AgencyCase
        fields = ("person", "kind", "received_date", "matter", "institution", "status", "org")
        attrs = {**_attrs, "data-testid": "agency-case-table"}


class GuideTable(tables.Table):
    institution = tables.Column(verbose_name="办理机构")
    kind = tables.Column(verbose_name="类别")
    matters = tables.Column(verbose_name="受理事项", orderable=False)
    materials = tables.Column(verbose_name="所需材料", orderable=False)
    address = tables.Column(verbose_name="地址", orderable=False)
    phone = tables.Column(verbose_name="电话", orderable=False)
    limitation = tables.Column(verbose_name="时效或期限提示", orderable=False)

    class Meta:
        model = ServiceGuide
        fields = ("institution", "kind", "matters", "materials", "address", "phone", "limitation")
        attrs = {**_attrs, "data-testid": "guide-table"}
