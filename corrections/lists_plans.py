"""Filters, tables and selectors of the 分类管理 lists (矫正方案台账, 管理等级变更记录, 等级调整建议), shared by the
pages, the exports and the API."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html

from corrections.models import CorrectionPlan, GradeChange, ManagementLevel, RegradeProposal

_text = {"class": "form-control form-control-sm"}
_select = {"class": "form-select form-select-sm"}
_date = {**_text, "type": "date"}
BADGE = {"red": "danger", "yellow": "warning", "blue": "primary"}


def level_badge(level: ManagementLevel | None) -> str:
    if level is None:
        return "—"
    return format_html('<span class="badge bg-{}" data-level="{}">{}（{}）</span>', BADGE.get(level.colour, "secondary"), level.code,
                       level.name, level.colour_name)


def plan_rows(user: Any) -> QuerySet[CorrectionPlan]:
    return CorrectionPlan.objects.visible_to(user, "view").select_related("subject__person", "org", "level", "approved_by")


def grade_rows(user: Any) -> QuerySet[GradeChange]:
    return GradeChange.objects.visible_to(user, "view").select_related("subject__person", "org", "level", "previous", "decided_by")


def proposal_rows(user: Any) -> QuerySet[RegradeProposal]:
    return RegradeProposal.objects.visible_to(user, "view").select_related("subject__person", "org", "from_level", "to_level",
                                                                           "decided_by")


class _Base(django_filters.FilterSet):
    name = django_filters.CharFilter(label="姓名", field_name="subject__person__name", lookup_expr="contains",
                                     widget=forms.TextInput(attrs=_text))
    org = django_filters.CharFilter(label="司法所", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))


class PlanFilterSet(_Base):
    """矫正方案台账 filter."""

    status = django_filters.ChoiceFilter(label="状态", choices=CorrectionPlan.Status.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))
    level = django_filters.ModelChoiceFilter(label="管理等级", queryset=ManagementLevel.objects.all(), empty_label="全部",
                                             widget=forms.Select(attrs=_select))

    class Meta:
        model = CorrectionPlan
        fields: list[str] = []


class GradeFilterSet(_Base):
    """管理等级变更记录 filter."""

    level = django_filters.ModelChoiceFilter(label="管理等级", queryset=ManagementLevel.objects.all(), empty_label="全部",
                                             widget=forms.Select(attrs=_select))
    source = django_filters.ChoiceFilter(label="调整依据", choices=GradeChange.Source.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))
    date_from = django_filters.DateFilter(label="生效日期起", field_name="effective_date", lookup_expr="gte",
                                          widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(label="生效日期止", field_name="effective_date", lookup_expr="lte",
                                        widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))

    class Meta:
        model = GradeChange
        fields: list[str] = []


class ProposalFilterSet(_Base):
    """等级调整建议 filter."""

    status = django_filters.ChoiceFilter(label="状态", choices=RegradeProposal.Status.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))
    source = django_filters.ChoiceFilter(label="建议依据", choices=GradeChange.Source.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))

    class Meta:
        model = RegradeProposal
        fields: list[str] = []


_attrs = {"class": "table table-sm table-hover table-bordered"}


class PlanTable(tables.Table):
    name = tables.Column(verbose_name="姓名", accessor="subject__person__name", order_by="subject__person__name",
                         linkify=lambda record: record.get_absolute_url())
    version = tables.Column(verbose_name="版本")
    status = tables.Column(verbose_name="状态")
    level = tables.Column(verbose_name="管理等级", order_by="level__rank")
    trigger = tables.Column(verbose_name="制定原因")
    drafted_on = tables.DateColumn(verbose_name="拟定日期", format="Y-m-d")
    approved_on = tables.DateColumn(verbose_name="审批日期", format="Y-m-d", default="—")
    org = tables.Column(verbose_name="司法所", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = CorrectionPlan
        fields = ("name", "version", "status", "level", "trigger", "drafted_on", "approved_on", "org")
        attrs = {**_attrs, "data-testid": "plan-table"}

    def render_level(self, record: CorrectionPlan) -> str:
        return level_badge(record.level)

    def render_version(self, value: int) -> str:
        return f"第{value}版"


class GradeTable(tables.Table):
    name = tables.Column(verbose_name="姓名", accessor="subject__person__name", order_by="subject__person__name",
                         linkify=lambda record: f"/corrections/{record.subject.uuid}/grading/")
    level = tables.Column(verbose_name="管理等级", order_by="level__rank")
    previous = tables.Column(verbose_name="原等级", default="—")
    source = tables.Column(verbose_name="调整依据")
    reason = tables.Column(verbose_name="理由")
    effective_date = tables.DateColumn(verbose_name="生效日期", format="Y-m-d")
    decided_by = tables.Column(verbose_name="确定人", accessor="decided_by__full_name")
    org = tables.Column(verbose_name="司法所", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = GradeChange
        fields = ("name", "level", "previous", "source", "reason", "effective_date", "decided_by", "org")
        attrs = {**_attrs, "data-testid": "grade-table"}

    def render_level(self, record: GradeChange) -> str:
        return level_badge(record.level)

    def render_previous(self, record: GradeChange) -> str:
        return record.previous.name if record.previous else "—"


class ProposalTable(tables.Table):
    name = tables.Column(verbose_name="姓名", accessor="subject__person__name", order_by="subject__person__name",
                         linkify=lambda record: f"/corrections/{record.subject.uuid}/grading/")
    from_level = tables.Column(verbose_name="现等级", default="—")
    to_level = tables.Column(verbose_name="建议等级")
    source = tables.Column(verbose_name="建议依据")
    reason = tables.Column(verbose_name="理由")
    proposed_on = tables.DateColumn(verbose_name="提出日期", format="Y-m-d")
    status = tables.Column(verbose_name="状态")
    actions = tables.Column(verbose_name="操作", empty_values=(), orderable=False)
    org = tables.Column(verbose_name="司法所", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = RegradeProposal
        fields = ("name", "from_level", "to_level", "source", "reason", "proposed_on", "status", "actions", "org")
        attrs = {**_attrs, "data-testid": "proposal-table"}

    def render_from_level(self, record: RegradeProposal) -> str:
        return level_badge(record.from_level)

    def render_to_level(self, record: RegradeProposal) -> str:
        return level_badge(record.to_level)

    def render_actions(self, record: RegradeProposal) -> str:
        if record.status != RegradeProposal.Status.PENDING:
            return record.decision_note or "—"
        return format_html('<button class="btn btn-sm btn-outline-primary" hx-get="/corrections/regrade/{}/decide/" '
                           'hx-target="#dialog-content" data-action="decide">审批</button>', record.uuid)


PLAN_EXPORT = [
    ("姓名", lambda p: p.subject.person.name), ("版本", lambda p: p.version), ("状态", lambda p: p.get_status_display()),
    ("管理等级", lambda p: p.level.name), ("制定原因", lambda p: p.trigger), ("拟定日期", lambda p: p.drafted_on),
    ("审批人", lambda p: p.approved_by.display_name if p.approved_by else ""), ("审批日期", lambda p: p.approved_on),
    ("司法所", lambda p: p.org.name),
]
GRADE_EXPORT = [
    ("姓名", lambda g: g.subject.person.name), ("管理等级", lambda g: g.level.name), ("颜色", lambda g: g.level.colour_name),
    ("原等级", lambda g: g.previous.name if g.previous else ""), ("调整依据", lambda g: g.get_source_display()),
    ("理由", lambda g: g.reason), ("生效日期", lambda g: g.effective_date), ("确定人", lambda g: g.decided_by.display_name),
    ("司法所", lambda g: g.org.name),
]
PROPOSAL_EXPORT = [
    ("姓名", lambda p: p.subject.person.name), ("现等级", lambda p: p.from_level.name if p.from_level else ""),
    ("建议等级", lambda p: p.to_level.name), ("建议依据", lambda p: p.get_source_display()), ("理由", lambda p: p.reason),
    ("提出日期", lambda p: p.proposed_on), ("状态", lambda p: p.get_status_display()),
    ("审批人", lambda p: p.decided_by.display_name if p.decided_by else ""), ("审批日期", lambda p: p.decided_on),
    ("审批意见", lambda p: p.decision_note), ("司法所", lambda p: p.org.name),
]
