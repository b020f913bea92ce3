from __future__ import annotations

import django_filters
from django import forms

from core.crypto import keyed_hash
from core.errors import ValidationFailed
from core.validators import validate_id_number
from people.choices import Sex
from people.models import Person

_text = {"class": "form-control form-control-sm"}


class PersonFilterSet(django_filters.FilterSet):
    """One filter for the list page, the API and the export."""

    name = django_filters.CharFilter(label="姓名", lookup_expr="contains", widget=forms.TextInput(attrs={**_text, "placeholder": "姓名"}))
    id_number = django_filters.CharFilter(
        label="身份证号码", method="filter_id_number", widget=forms.TextInput(attrs={**_text, "placeholder": "完整号码精确查找"})
    )
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

    def filter_id_number(self, queryset, name, value):  # type: ignore[no-untyped-def]
        value = (value or "").strip()
        if not value:
            return queryset
        try:
            number = validate_id_number(value).number
        except ValidationFailed:
            return queryset.none()
        return queryset.filter(id_number_hash=keyed_hash(number))
