from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from core.dictionaries import dict_choices
from legalaid.models import Application, Assignment, Provider, Review

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


class ProviderTable(tables.Table):
    """法律援助人员名册."""

    name = tables.Column(verbose_name="姓名", linkify=lambda record: record.get_absolute_url())
    kind = tables.Column(verbose_name="人员类别")
    licence_number = tables.Column(verbose_name="执业证号")
    firm = tables.Column(verbose_name="执业机构")
    specialities = tables.Column(verbose_name="擅长领域", orderable=False)
    years = tables.Column(verbose_name="执业年限", accessor="practice_since", orderable=False)
    workload = tables.Column(verbose_name="在办案件")
    is_active = tables.BooleanColumn(verbose_name="在册", yesno="是,否")

    class Meta:
        model = Provider
        fields = ("name", "kind", "licence_number", "firm", "specialities", "years", "workload", "is_active")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "provider-table"}

    def render_years(self, record: Provider) -> str:
        return f"{record.years_of_practice()}年"


CASE_COLOURS = {"handling": "primary", "ended": "warning text-dark", "closed": "success", "terminated": "secondary",
                "replaced": "light text-dark"}


class AssignmentTable(tables.Table):
    """法律援助案件."""

    recipient = tables.Column(verbose_name="受援人", accessor="review__application__applicant__name",
                              order_by="review__application__applicant__name", linkify=lambda record: record.get_absolute_url())
    assigned_date = tables.DateColumn(verbose_name="指派日期", format="Y-m-d")
    provider = tables.Column(verbose_name="法律援助人员", accessor="provider__name", order_by="provider__name")
    firm = tables.Column(verbose_name="执业机构", accessor="provider__firm", orderable=False)
    status = tables.Column(verbose_name="办理状态")
    closing_due = tables.DateColumn(verbose_name="结案期限", format="Y-m-d")
    quality_grade = tables.Column(verbose_name="评查等次")
    org = tables.Column(verbose_name="法律援助机构", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = Assignment
        fields = ("recipient", "assigned_date", "provider", "firm", "status", "closing_due", "quality_grade", "org")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "case-table"}

    def render_status(self, record: Assignment) -> str:
        return format_html('<span class="badge bg-{}">{}</span>', CASE_COLOURS.get(record.status, "secondary"),
                           record.get_status_display())

    def render_quality_grade(self, record: Assignment) -> str:
        return record.get_quality_grade_display()
