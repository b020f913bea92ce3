from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone

from supervision.choices import IssueDocument, ItemStatus, Level, WarningStatus
from supervision.models import EarlyWarning, PeriodReport, SupervisionItem, WarningRule

_text = {"class": "form-control form-control-sm"}
_select = {"class": "form-select form-select-sm"}
_date = {**_text, "type": "date"}


class EarlyWarningFilterSet(django_filters.FilterSet):
    """预警中心 filter, shared by the list page and its export."""

    level = django_filters.ChoiceFilter(label="预警等级", choices=Level.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    status = django_filters.ChoiceFilter(label="状态", choices=WarningStatus.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    rule = django_filters.ModelChoiceFilter(label="预警类别", queryset=WarningRule.objects.order_by("sort_order"), empty_label="全部",
                                            widget=forms.Select(attrs=_select))
    org = django_filters.CharFilter(label="单位", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))
    period = django_filters.CharFilter(label="预警期", widget=forms.TextInput(attrs={**_text, "placeholder": "如 2026-05"}))
    date_from = django_filters.DateFilter(label="发现日期起", field_name="detected_on", lookup_expr="gte",
                                          widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(label="发现日期止", field_name="detected_on", lookup_expr="lte",
                                        widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))

    class Meta:
        model = EarlyWarning
        fields: list[str] = []


class SupervisionItemFilterSet(django_filters.FilterSet):
    """督办事项 filter."""

    q = django_filters.CharFilter(label="关键字", method="filter_q", widget=forms.TextInput(attrs={**_text, "placeholder": "事项、文号"}))
    status = django_filters.ChoiceFilter(label="状态", choices=ItemStatus.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    doc_kind = django_filters.ChoiceFilter(label="督办文书", choices=IssueDocument.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    org = django_filters.CharFilter(label="被督办单位", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))
    overdue = django_filters.BooleanFilter(label="逾期未反馈", method="filter_overdue",
                                           widget=forms.Select(attrs=_select, choices=[("", "全部"), ("true", "是"), ("false", "否")]))

    class Meta:
        model = SupervisionItem
        fields: list[str] = []

    def filter_q(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from django.db.models import Q

        return queryset.filter(Q(title__contains=value) | Q(number__contains=value))

    def filter_overdue(self, queryset, name, value):  # type: ignore[no-untyped-def]
        late = {"due_date__lt": timezone.localdate(), "status__in": [ItemStatus.ISSUED, ItemStatus.RECEIVED]}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class PeriodReportFilterSet(django_filters.FilterSet):
    org = django_filters.CharFilter(label="单位", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    class Meta:
        model = PeriodReport
        fields: list[str] = []
