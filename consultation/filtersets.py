from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from consultation.choices import Channel, FollowUp
from consultation.models import Consultation
from core.dictionaries import dict_choices
from core.idsearch import IdNumberKeyFilter

_text = {"class": "form-control form-control-sm"}
_select = {"class": "form-select form-select-sm"}
_date = {**_text, "type": "date"}


class ConsultationFilterSet(django_filters.FilterSet):
    """法律咨询台账 filter, shared by the list page and the export."""

    q = django_filters.CharFilter(label="关键字", method="filter_q",
                                  widget=forms.TextInput(attrs={**_text, "placeholder": "咨询人、问题、解答、编号"}))
    id_key = IdNumberKeyFilter(field_name="person__id_number_hash", label="咨询人身份证号码")
    date_from = django_filters.DateFilter(label="咨询日期起", field_name="date", lookup_expr="gte",
                                          widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(label="咨询日期止", field_name="date", lookup_expr="lte",
                                        widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    channel = django_filters.ChoiceFilter(label="咨询方式", choices=Channel.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    topic = django_filters.ChoiceFilter(label="咨询类别", choices=[], empty_label="全部", widget=forms.Select(attrs=_select))
    handler = django_filters.CharFilter(label="接待人", field_name="handler__full_name", lookup_expr="contains",
                                        widget=forms.TextInput(attrs=_text))
    follow_up = django_filters.ChoiceFilter(label="后续处理", choices=FollowUp.choices, empty_label="全部",
                                            widget=forms.Select(attrs=_select))
    org = django_filters.CharFilter(label="登记单位", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    class Meta:
        model = Consultation
        fields: list[str] = []

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.filters["topic"].extra["choices"] = dict_choices("consultation_topic")

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(person__name__contains=value) | Q(question__contains=value) | Q(answer__contains=value)
                               | Q(number__contains=value))
