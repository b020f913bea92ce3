from __future__ import annotations

import django_filters
from django import forms
from django.db.models import OuterRef, Q, QuerySet, Subquery

from core.idsearch import IdNumberKeyFilter
from corrections.choices import ArrivalStatus, CommissioningBody, CorrectionType, InvestigationStatus, Status
from corrections.models import ExpectedArrival, GradeChange, Investigation, ManagementLevel, Subject

_text = {"class": "form-control form-control-sm"}
_select = {"class": "form-select form-select-sm"}
_date = {**_text, "type": "date"}


NO_LEVEL = "none"


def level_choices() -> list[tuple[str, str]]:
    """The configured management levels (names are editable), strictest first, and 未评定."""
    return [*ManagementLevel.objects.order_by("rank").values_list("code", "name"), (NO_LEVEL, "未评定")]


class SubjectFilterSet(django_filters.FilterSet):
    """社区矫正对象台账 filter, shared by the list page, the export and the API."""

    q = django_filters.CharFilter(label="关键字", method="filter_q",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "姓名、罪名、文书文号、决定机关"}))
    id_key = IdNumberKeyFilter(field_name="person__id_number_hash")
    correction_type = django_filters.ChoiceFilter(label="矫正类别", choices=CorrectionType.choices, empty_label="全部",
                                                  widget=forms.Select(attrs=_select))
    status = django_filters.ChoiceFilter(label="矫正状态", choices=Status.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))
    reported_from = django_filters.DateFilter(label="报到日期起", field_name="reported_date", lookup_expr="gte",
                                              widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    reported_to = django_filters.DateFilter(label="报到日期止", field_name="reported_date", lookup_expr="lte",
                                            widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    officer = django_filters.CharFilter(label="矫正责任人", field_name="officer__full_name", lookup_expr="contains",
                                        widget=forms.TextInput(attrs=_text))
    level = django_filters.ChoiceFilter(label="管理等级", choices=lambda: level_choices(), empty_label="全部", method="filter_level",
                                        widget=forms.Select(attrs=_select))
    org = django_filters.CharFilter(label="司法所", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    class Meta:
        model = Subject
        fields: list[str] = []

    def filter_level(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The current management level (the latest 等级确定或调整); ``none`` for subjects not yet graded."""
        latest = GradeChange.objects.filter(subject=OuterRef("pk")).order_by("-effective_date", "-id").values("level__code")[:1]
        queryset = queryset.alias(current_level=Subquery(latest))
        return queryset.filter(current_level__isnull=True) if value == NO_LEVEL else queryset.filter(current_level=value)

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(person__name__contains=value) | Q(crime__contains=value) | Q(decision_number__contains=value)
                               | Q(decision_organ__contains=value))


# --- 调查评估, 交付接收 ----------------------------------------------------------------------------------------


class InvestigationFilterSet(django_filters.FilterSet):
    """调查评估台账 filter (page, export and API)."""

    q = django_filters.CharFilter(label="关键字", method="filter_q",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "姓名、委托机关、案号、罪名"}))
    status = django_filters.ChoiceFilter(label="办理状态", choices=InvestigationStatus.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))
    body_type = django_filters.ChoiceFilter(label="委托机关类别", choices=CommissioningBody.choices, empty_label="全部",
                                            widget=forms.Select(attrs=_select))
    received_from = django_filters.DateFilter(label="收到委托起", field_name="received_date", lookup_expr="gte",
                                              widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    received_to = django_filters.DateFilter(label="收到委托止", field_name="received_date", lookup_expr="lte",
                                            widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    org = django_filters.CharFilter(label="司法所", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    class Meta:
        model = Investigation
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(person__name__contains=value) | Q(body_name__contains=value) | Q(case_number__contains=value)
                               | Q(crime__contains=value))


class ArrivalFilterSet(django_filters.FilterSet):
    """待接收社区矫正对象 filter (page, export and API)."""

    q = django_filters.CharFilter(label="关键字", method="filter_q",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "姓名、决定机关、文书文号"}))
    status = django_filters.ChoiceFilter(label="状态", choices=ArrivalStatus.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))
    org = django_filters.CharFilter(label="司法所", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    class Meta:
        model = ExpectedArrival
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(person__name__contains=value) | Q(decision_organ__contains=value)
                               | Q(decision_number__contains=value))
