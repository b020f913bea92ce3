"""Filters of the 代收代办 lists, shared by the page, the API and the export."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from agency.choices import CaseKind, CaseStatus, GuideKind, ReviewDecision, ReviewForm, ReviewStatus
from agency.models import AgencyCase, ReviewApplication, ServiceGuide
from core.idsearch import IdNumberKeyFilter

_text = {"class": "form-control form-control-sm"}
_select = {"class": "form-select form-select-sm"}
_date = {**_text, "type": "date"}


class ReviewFilterSet(django_filters.FilterSet):
    """行政复议申请代收台账."""

    q = django_filters.CharFilter(label="关键字", method="filter_q",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "申请人、被申请人、行政行为"}))
    id_key = IdNumberKeyFilter(field_name="applicant__id_number_hash", label="申请人身份证号码")
    date_from = django_filters.DateFilter(label="收件日期起", field_name="received_at", lookup_expr="date__gte",
                                          widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(label="收件日期止", field_name="received_at", lookup_expr="date__lte",
                                        widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    form = django_filters.ChoiceFilter(label="申请方式", choices=ReviewForm.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    status = django_filters.ChoiceFilter(label="办理状态", choices=ReviewStatus.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))
    decision = django_filters.ChoiceFilter(label="复议决定", choices=ReviewDecision.choices, empty_label="全部",
                                           widget=forms.Select(attrs=_select))
    org = django_filters.CharFilter(label="代收单位", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    class Meta:
        model = ReviewApplication
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(applicant__name__contains=value) | Q(respondent__contains=value) | Q(act__contains=value))


class CaseFilterSet(django_filters.FilterSet):
    """公证仲裁代办台账."""

    q = django_filters.CharFilter(label="关键字", method="filter_q",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "当事人、事项、办理机构"}))
    id_key = IdNumberKeyFilter(field_name="person__id_number_hash", label="当事人身份证号码")
    kind = django_filters.ChoiceFilter(label="类别", choices=CaseKind.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    status = django_filters.ChoiceFilter(label="办理状态", choices=CaseStatus.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))
    date_from = django_filters.DateFilter(label="受托日期起", field_name="received_date", lookup_expr="gte",
                                          widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(label="受托日期止", field_name="received_date", lookup_expr="lte",
                                        widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    org = django_filters.CharFilter(label="受托单位", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    class Meta:
        model = AgencyCase
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(person__name__contains=value) | Q(matter__contains=value) | Q(institution__contains=value))


class GuideFilterSet(django_filters.FilterSet):
    """公证仲裁办事指引."""

    q = django_filters.CharFilter(label="关键字", method="filter_q",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "机构、事项、材料"}))
    kind = django_filters.ChoiceFilter(label="类别", choices=GuideKind.choices, empty_label="全部", widget=forms.Select(attrs=_select))

    class Meta:
        model = ServiceGuide
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(institution__contains=value) | Q(matters__contains=value) | Q(materials__contains=value))
