from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from core.dictionaries import dict_choices
from core.idsearch import IdNumberKeyFilter
from legalaid.choices import AssignmentStatus, Channel, HardshipBasis, ProviderKind, ReviewSource, ReviewStatus, Status
from legalaid.models import Application, Assignment, Provider, Review

_text = {"class": "form-control form-control-sm"}
_select = {"class": "form-select form-select-sm"}
_date = {**_text, "type": "date"}
_yes_no = [("true", "是"), ("false", "否")]


class ApplicationFilterSet(django_filters.FilterSet):
    """法律援助申请台账 filter, shared by the list page, the export and the API."""

    q = django_filters.CharFilter(label="关键字", method="filter_q",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "申请人、对方当事人、案情"}))
    id_key = IdNumberKeyFilter(field_name="applicant__id_number_hash", label="申请人身份证号码")
    date_from = django_filters.DateFilter(label="接收日期起", field_name="received_date", lookup_expr="gte",
                                          widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(label="接收日期止", field_name="received_date", lookup_expr="lte",
                                        widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    status = django_filters.ChoiceFilter(label="办理状态", choices=Status.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    matter = django_filters.ChoiceFilter(label="事项类别", choices=[], empty_label="全部", widget=forms.Select(attrs=_select))
    channel = django_filters.ChoiceFilter(label="申请方式", choices=Channel.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    hardship_basis = django_filters.ChoiceFilter(label="经济困难依据", choices=HardshipBasis.choices, empty_label="全部",
                                                 widget=forms.Select(attrs=_select))
    is_criminal = django_filters.ChoiceFilter(label="刑事案件", choices=_yes_no, empty_label="全部", method="filter_flag",
                                              widget=forms.Select(attrs=_select))
    is_urgent = django_filters.ChoiceFilter(label="紧急", choices=_yes_no, empty_label="全部", method="filter_flag",
                                            widget=forms.Select(attrs=_select))
    org = django_filters.CharFilter(label="接收单位", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.filters["matter"].extra["choices"] = dict_choices("legal_aid_matter")

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(applicant__name__contains=value) | Q(opposing_party__contains=value) | Q(facts__contains=value))

    def filter_flag(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{name: value == "true"})


class ReviewFilterSet(django_filters.FilterSet):
    """The 法律援助机构's queue filter, shared by the page, the export and the API."""

    q = django_filters.CharFilter(label="关键字", method="filter_q",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "申请人、通知机关、法律援助人员"}))
    date_from = django_filters.DateFilter(label="收到日期起", field_name="received_date", lookup_expr="gte",
                                          widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(label="收到日期止", field_name="received_date", lookup_expr="lte",
                                        widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    status = django_filters.ChoiceFilter(label="审查状态", choices=ReviewStatus.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))
    source = django_filters.ChoiceFilter(label="来源", choices=ReviewSource.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))

    class Meta:
        model = Review
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(application__applicant__name__contains=value) | Q(notifying_organ__contains=value)
                               | Q(provider_name__contains=value))


class ProviderFilterSet(django_filters.FilterSet):
    """法律援助人员名册 filter, shared by the page, the export and the API."""

    q = django_filters.CharFilter(label="关键字", method="filter_q",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "姓名、执业证号、执业机构、擅长领域"}))
    kind = django_filters.ChoiceFilter(label="人员类别", choices=ProviderKind.choices, empty_label="全部",
                                       widget=forms.Select(attrs=_select))
    is_active = django_filters.ChoiceFilter(label="在册", choices=_yes_no, empty_label="全部", method="filter_flag",
                                            widget=forms.Select(attrs=_select))

    class Meta:
        model = Provider
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(licence_number__contains=value) | Q(firm__contains=value)
                               | Q(specialities__contains=value))

    def filter_flag(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{name: value == "true"})


class AssignmentFilterSet(django_filters.FilterSet):
    """法律援助案件 filter, shared by the page, the export and the API."""

    q = django_filters.CharFilter(label="关键字", method="filter_q",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "受援人、法律援助人员、执业机构"}))
    date_from = django_filters.DateFilter(label="指派日期起", field_name="assigned_date", lookup_expr="gte",
                                          widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(label="指派日期止", field_name="assigned_date", lookup_expr="lte",
                                        widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    status = django_filters.ChoiceFilter(label="办理状态", choices=AssignmentStatus.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))

    class Meta:
        model = Assignment
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(review__application__applicant__name__contains=value) | Q(provider__name__contains=value)
                               | Q(provider__firm__contains=value))
