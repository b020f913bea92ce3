from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from core.dictionaries import dict_choices
from legalaid.models import Application, Review

STATUS_COLOURS = {"received": "warning text-dark", "forwarded": "success", "not_accepted": "secondary"}


class ApplicationTable(tables.Table):
    received_date = tables.DateColumn(verbose_name="接收日期", format="Y-m-d")
    applicant = tables.Column(verbose_name="申请人", accessor="applicant__name", order_by="applicant__name")
    matter = tables.Column(verbose_name="事项类别")
    facts = tables.Column(verbose_name="案情", linkify=lambda record: record.get_absolute_url(), orderable=False)
    channel = tables.Column(verbose_name="申请方式")
    hardship_basis = tables.Column(verbose_name="经济困难依据")
    status = tables.Column(verbose_name="办理状态")
    org = tables.Column(verbose_name="接收单位", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = Application
        fields = ("received_date", "applicant", "matter", "facts", "channel", "hardship_basis", "status", "org")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "application-table"}

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.matters = dict(dict_choices("legal_aid_matter"))  # one query per page, not per row

    def render_matter(self, value: str) -> str:
        return Truncator(self.matters.get(value, value)).chars(16)

    def render_facts(self, record: Application) -> str:
        flags = [(colour, label) for flag, colour, label in ((record.is_urgent, "danger", "紧急"), (record.is_criminal, "dark", "刑事"))
                 if flag]
        return format_html("{}{}", Truncator(record.facts).chars(36),
                           format_html_join("", ' <span class="badge bg-{}">{}</span>', flags))

    def render_hardship_basis(self, record: Application) -> str:
        return Truncator(record.get_hardship_basis_display()).chars(12)

    def render_status(self, record: Application) -> str:
        return format_html('<span class="badge bg-{}">{}</span>', STATUS_COLOURS.get(record.status, "secondary"),
                           record.get_status_display())


REVIEW_COLOURS = {"reviewing": "warning text-dark", "awaiting_materials": "info text-dark", "granted": "primary",
                  "refused": "secondary", "withdrawn": "light text-dark", "assigned": "success"}


class ReviewTable(tables.Table):
    """The 法律援助机构's queue."""

    applicant = tables.Column(verbose_name="申请人", accessor="application__applicant__name",
                              order_by="application__applicant__name", linkify=lambda record: record.get_absolute_url())
    received_date = tables.DateColumn(verbose_name="收到日期", format="Y-m-d")
    source = tables.Column(verbose_name="来源")
    matter = tables.Column(verbose_name="事项类别", accessor="application__matter", orderable=False)
    status = tables.Column(verbose_name="审查状态")
    decision_due = tables.DateColumn(verbose_name="决定期限", format="Y-m-d")
    forwarded_by = tables.Column(verbose_name="转交单位", accessor="application__org__short_name", orderable=False)
    org = tables.Column(verbose_name="法律援助机构", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = Review
        fields = ("applicant", "received_date", "source", "matter", "status", "decision_due", "forwarded_by", "org")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "review-table"}

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.matters = dict(dict_choices("legal_aid_matter"))

    def render_matter(self, value: str) -> str:
        return Truncator(self.matters.get(value, value)).chars(16)

    def render_source(self, record: Review) -> str:
        flags = [("danger", "先行提供")] if record.advance_aid else []
        return format_html("{}{}", record.get_source_display(),
                           format_html_join("", ' <span class="badge bg-{}">{}</span>', flags))

    def render_status(self, record: Review) -> str:
        return format_html('<span class="badge bg-{}">{}</span>', REVIEW_COLOURS.get(record.status, "secondary"),
                           record.get_status_display())

    def render_forwarded_by(self, record: Review) -> str:
        return record.application.org.short_name if record.source == "forwarded" else "—"
