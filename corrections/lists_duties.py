"""Lists of the daily supervision of 社区矫正: the scoped selectors, one FilterSet per list (shared by the page, the
Excel export and the API) and the django-tables2 tables. Every row joins its subject and person in the same query."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html

from corrections.choices_duties import (
    AlertKind,
    MonitoringTrigger,
    ObligationKind,
    ObligationStatus,
    RequestKind,
    RequestStatus,
    ReviewResult,
    SanctionKind,
)
from corrections.models import Abscond, CheckIn, FulfilmentReview, LocationAlert, Monitoring, Obligation, Sanction, SubjectRequest

_text = {"class": "form-control form-control-sm"}
_select = {"class": "form-select form-select-sm"}
_date = {**_text, "type": "date"}
_TABLE = {"class": "table table-sm table-hover table-bordered"}
_JOIN = ("org", "subject", "subject__person")


def scoped(model: Any, user: Any) -> QuerySet:
    return model.objects.visible_to(user, "view").select_related(*_JOIN)  # type: ignore[no-any-return]


def obligation_list(user: Any) -> QuerySet:
    return scoped(Obligation, user)


def checkin_list(user: Any) -> QuerySet:
    return scoped(CheckIn, user).select_related("obligation")


def request_list(user: Any) -> QuerySet:
    return scoped(SubjectRequest, user).select_related("decided_by")


def monitoring_list(user: Any) -> QuerySet:
    return scoped(Monitoring, user)


def alert_list(user: Any) -> QuerySet:
    return scoped(LocationAlert, user).select_related("monitoring")


def abscond_list(user: Any) -> QuerySet:
    return scoped(Abscond, user)


def sanction_list(user: Any) -> QuerySet:
    return scoped(Sanction, user).select_related("decided_by")


def review_list(user: Any) -> QuerySet:
    return scoped(FulfilmentReview, user)


def _name_filter() -> django_filters.CharFilter:
    return django_filters.CharFilter(label="姓名", field_name="subject__person__name", lookup_expr="contains",
                                     widget=forms.TextInput(attrs=_text))


def _choice(label: str, choices: Any) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(label=label, choices=choices, empty_label="全部", widget=forms.Select(attrs=_select))


def _date_filter(label: str, field: str, lookup: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(label=label, field_name=field, lookup_expr=lookup, widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))


class _Base(django_filters.FilterSet):
    name = _name_filter()
    org = django_filters.CharFilter(label="司法所", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))


class ObligationFilterSet(_Base):
    kind = _choice("事项类别", ObligationKind.choices)
    status = _choice("状态", ObligationStatus.choices)
    due_from = _date_filter("截止日期起", "due_date", "gte")
    due_to = _date_filter("截止日期止", "due_date", "lte")

    class Meta:
        model = Obligation
        fields: list[str] = []


class CheckInFilterSet(_Base):
    is_report = django_filters.BooleanFilter(label="书面报告", widget=forms.Select(
        attrs=_select, choices=[("", "全部"), ("true", "书面报告"), ("false", "签到")]))
    at_from = _date_filter("时间起", "at__date", "gte")
    at_to = _date_filter("时间止", "at__date", "lte")

    class Meta:
        model = CheckIn
        fields: list[str] = []


class RequestFilterSet(_Base):
    kind = _choice("申请事项", RequestKind.choices)
    status = _choice("状态", RequestStatus.choices)
    start_from = _date_filter("起始日期起", "start_date", "gte")
    start_to = _date_filter("起始日期止", "start_date", "lte")

    class Meta:
        model = SubjectRequest
        fields: list[str] = []


class MonitoringFilterSet(_Base):
    trigger = _choice("适用情形", MonitoringTrigger.choices)
    active = django_filters.BooleanFilter(label="正在使用", field_name="ended_date", lookup_expr="isnull",
                                          widget=forms.Select(attrs=_select, choices=[("", "全部"), ("true", "正在使用"), ("false", "已解除")]))

    class Meta:
        model = Monitoring
        fields: list[str] = []


class AlertFilterSet(_Base):
    kind = _choice("报警类型", AlertKind.choices)
    open = django_filters.BooleanFilter(label="未处置", field_name="handled_date", lookup_expr="isnull",
                                        widget=forms.Select(attrs=_select, choices=[("", "全部"), ("true", "未处置"), ("false", "已处置")]))

    class Meta:
        model = LocationAlert
        fields: list[str] = []


class AbscondFilterSet(_Base):
    open = django_filters.BooleanFilter(label="尚未查找到", field_name="found_date", lookup_expr="isnull",
                                        widget=forms.Select(attrs=_select, choices=[("", "全部"), ("true", "尚未查找到"), ("false", "已查找到")]))
    lost_from = _date_filter("失去联系日期起", "lost_date", "gte")
    lost_to = _date_filter("失去联系日期止", "lost_date", "lte")

    class Meta:
        model = Abscond
        fields: list[str] = []


class SanctionFilterSet(_Base):
    kind = _choice("奖惩类别", SanctionKind.choices)
    date_from = _date_filter("决定日期起", "decision_date", "gte")
    date_to = _date_filter("决定日期止", "decision_date", "lte")

    class Meta:
        model = Sanction
        fields: list[str] = []


class ReviewFilterSet(_Base):
    result = _choice("考核结果", ReviewResult.choices)
    period = django_filters.CharFilter(label="考核期", lookup_expr="startswith",
                                       widget=forms.TextInput(attrs={**_text, "placeholder": "2026-11 或 2026Q4"}))

    class Meta:
        model = FulfilmentReview
        fields: list[str] = []


def _duties_url(record: Any) -> str:
    return f"/corrections/{record.subject.uuid}/duties/"


class _Table(tables.Table):
    name = tables.Column(verbose_name="姓名", accessor="subject__person__name", order_by="subject__person__name", linkify=_duties_url)
    org = tables.Column(verbose_name="司法所", accessor="org__short_name", order_by="org__name")


class ObligationTable(_Table):
    title = tables.Column(verbose_name="事项")
    window_start = tables.DateColumn(verbose_name="起始", format="Y-m-d")
    due_date = tables.DateColumn(verbose_name="截止", format="Y-m-d")
    hours = tables.Column(verbose_name="时数", empty_values=(), orderable=False)
    status = tables.Column(verbose_name="状态")
    note = tables.Column(verbose_name="履行情况")

    class Meta:
        model = Obligation
        fields = ("name", "title", "window_start", "due_date", "hours", "status", "note", "org")
        attrs = {**_TABLE, "data-testid": "obligation-table"}

    def render_hours(self, record: Obligation) -> str:
        return f"{record.done_hours}/{record.hours}" if record.hours is not None else "—"

    def render_status(self, record: Obligation) -> str:
        colour = {"pending": "secondary", "done": "success", "missed": "danger", "excused": "light text-dark"}
        return format_html('<span class="badge bg-{}">{}</span>', colour.get(record.status, "secondary"), record.get_status_display())


class CheckInTable(_Table):
    at = tables.DateTimeColumn(verbose_name="时间", format="Y-m-d H:i")
    is_report = tables.BooleanColumn(verbose_name="书面报告", yesno="是,否")
    obligation = tables.Column(verbose_name="对应事项", accessor="obligation__title", default="—")
    place = tables.Column(verbose_name="位置", empty_values=(), orderable=False)

    class Meta:
        model = CheckIn
        fields = ("name", "at", "is_report", "obligation", "place", "org")
        attrs = {**_TABLE, "data-testid": "checkin-table"}

    def render_place(self, record: CheckIn) -> str:
        return f"{record.latitude},{record.longitude}" if record.latitude is not None else "未提供"


class RequestTable(_Table):
    kind = tables.Column(verbose_name="申请事项")
    reason = tables.Column(verbose_name="事由")
    destination = tables.Column(verbose_name="目的地")
    start_date = tables.DateColumn(verbose_name="起", format="Y-m-d")
    end_date = tables.DateColumn(verbose_name="止", format="Y-m-d")
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = SubjectRequest
        fields = ("name", "kind", "reason", "destination", "start_date", "end_date", "status", "org")
        attrs = {**_TABLE, "data-testid": "request-table"}


class MonitoringTable(_Table):
    trigger = tables.Column(verbose_name="适用情形")
    device = tables.Column(verbose_name="装置编号")
    start_date = tables.DateColumn(verbose_name="开始", format="Y-m-d")
    end_date = tables.DateColumn(verbose_name="期满", format="Y-m-d")
    ended_date = tables.DateColumn(verbose_name="解除", format="Y-m-d", default="使用中")

    class Meta:
        model = Monitoring
        fields = ("name", "trigger", "device", "start_date", "end_date", "ended_date", "org")
        attrs = {**_TABLE, "data-testid": "monitoring-table"}


class AlertTable(_Table):
    occurred_at = tables.DateTimeColumn(verbose_name="报警时间", format="Y-m-d H:i")
    kind = tables.Column(verbose_name="报警类型")
    detail = tables.Column(verbose_name="说明")
    handling = tables.Column(verbose_name="处置情况", default="未处置")

    class Meta:
        model = LocationAlert
        fields = ("name", "occurred_at", "kind", "detail", "handling", "org")
        attrs = {**_TABLE, "data-testid": "alert-table"}


class AbscondTable(_Table):
    lost_date = tables.DateColumn(verbose_name="失去联系", format="Y-m-d")
    found_date = tables.DateColumn(verbose_name="查找到", format="Y-m-d", default="尚未查找到")
    days = tables.Column(verbose_name="脱管天数", empty_values=(), orderable=False)
    result = tables.Column(verbose_name="结果与原因")

    class Meta:
        model = Abscond
        fields = ("name", "lost_date", "found_date", "days", "result", "org")
        attrs = {**_TABLE, "data-testid": "abscond-table"}

    def render_days(self, record: Abscond) -> int:
        from django.utils import timezone

        return record.days_on(timezone.localdate())


class SanctionTable(_Table):
    kind = tables.Column(verbose_name="奖惩类别")
    decision_date = tables.DateColumn(verbose_name="决定日期", format="Y-m-d")
    facts = tables.Column(verbose_name="事实和理由")
    basis = tables.Column(verbose_name="依据")

    class Meta:
        model = Sanction
        fields = ("name", "kind", "decision_date", "facts", "basis", "org")
        attrs = {**_TABLE, "data-testid": "sanction-table"}


class ReviewTable(_Table):
    period = tables.Column(verbose_name="考核期")
    due = tables.Column(verbose_name="应履行")
    done = tables.Column(verbose_name="已履行")
    missed = tables.Column(verbose_name="未履行")
    result = tables.Column(verbose_name="结果")

    class Meta:
        model = FulfilmentReview
        fields = ("name", "period", "due", "done", "missed", "result", "org")
        attrs = {**_TABLE, "data-testid": "review-table"}
