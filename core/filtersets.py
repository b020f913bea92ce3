from __future__ import annotations

import django_filters
from django import forms

from core.models import AuditEvent

_text = {"class": "form-control form-control-sm"}


class AuditEventFilterSet(django_filters.FilterSet):
    """操作日志 search: who, what, when."""

    actor = django_filters.CharFilter(label="操作人", method="filter_actor", widget=forms.TextInput(attrs=_text))
    action = django_filters.ChoiceFilter(label="操作类型", choices=AuditEvent.Action.choices, empty_label="全部",
                                         widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    summary = django_filters.CharFilter(label="操作内容", lookup_expr="contains", widget=forms.TextInput(attrs=_text))
    date_from = django_filters.DateFilter(label="开始日期", field_name="created_at", lookup_expr="date__gte",
                                          widget=forms.DateInput(attrs={**_text, "type": "date"}, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(label="结束日期", field_name="created_at", lookup_expr="date__lte",
                                        widget=forms.DateInput(attrs={**_text, "type": "date"}, format="%Y-%m-%d"))

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def filter_actor(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from django.db.models import Q

        return queryset.filter(Q(actor__username__contains=value) | Q(actor__full_name__contains=value))
