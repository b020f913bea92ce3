from __future__ import annotations

import django_filters
from django import forms

from core.idsearch import IdNumberKeyFilter
from people.choices import Sex
from people.models import Person

_text = {"class": "form-control form-control-sm"}


class PersonFilterSet(django_filters.FilterSet):
    """One filter for the list page, the API and the export."""

    name = django_filters.CharFilter(label="姓名", lookup_expr="contains", widget=forms.TextInput(attrs={**_text, "placeholder": "姓名"}))
    id_key = IdNumberKeyFilter(field_name="id_number_hash")
    sex = django_filters.ChoiceFilter(
        label="性别", choices=Sex.choices, empty_label="全部", widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    org = django_filters.CharFilter(
        label="登记单位", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs={**_text, "placeholder": "单位名称"})
    )
    phone = django_filters.CharFilter(label="联系电话", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    class Meta:
        model = Person
        fields: list[str] = []

