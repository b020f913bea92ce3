from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from core.idsearch import IdNumberKeyFilter
from resettlement.choices import AssistReason, AssistStatus, Category, RiskLevel, Status
from resettlement.models import AssistRequest, Released

_text = {"class": "form-control form-control-sm"}
_select = {"class": "form-select form-select-sm"}
_date = {**_text, "type": "date"}


class ReleasedFilterSet(django_filters.FilterSet):
    """安置帮教对象名册 filter, shared by the list page, the export and the API."""

    q = django_filters.CharFilter(label="关键字", method="filter_q",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "姓名、原罪名、服刑场所"}))
    id_key = IdNumberKeyFilter(field_name="person__id_number_hash")
    category = django_filters.ChoiceFilter(label="对象类别", choices=Category.choices, empty_label="全部",
                                           widget=forms.Select(attrs=_select))
    status = django_filters.ChoiceFilter(label="帮教状态", choices=Status.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))
    risk_level = django_filters.ChoiceFilter(label="风险等级", choices=RiskLevel.choices, empty_label="全部",
                                             widget=forms.Select(attrs=_select))
    key_subject = django_filters.BooleanFilter(label="重点帮教对象", widget=forms.Select(
        attrs=_select, choices=[("", "全部"), ("true", "是"), ("false", "否")]))
    released_from = django_filters.DateFilter(label="释放日期起", field_name="release_date", lookup_expr="gte",
                                              widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    released_to = django_filters.DateFilter(label="释放日期止", field_name="release_date", lookup_expr="lte",
                                            widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    org = django_filters.CharFilter(label="司法所", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    class Meta:
        model = Released
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(person__name__contains=value) | Q(crime__contains=value) | Q(prison__contains=value))


class AssistFilterSet(django_filters.FilterSet):
    """安置帮教协查 filter, shared by the list page, the export and the API."""

    q = django_filters.CharFilter(label="关键字", field_name="released__person__name", lookup_expr="contains",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "帮教对象姓名"}))
    status = django_filters.ChoiceFilter(label="状态", choices=AssistStatus.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))
    reason = django_filters.ChoiceFilter(label="协查原因", choices=AssistReason.choices, empty_label="全部",
                                         widget=forms.Select(attrs=_select))
    to_org = django_filters.CharFilter(label="协查单位", field_name="to_org__name", lookup_expr="contains",
                                       widget=forms.TextInput(attrs=_text))

    class Meta:
        model = AssistRequest
        fields: list[str] = []
