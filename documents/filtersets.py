from __future__ import annotations

import django_filters
from django import forms

from documents.models import GeneratedDocument
from documents.registry import DOCUMENT_KINDS

_text = {"class": "form-control form-control-sm"}
_select = {"class": "form-select form-select-sm"}


def _kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.label) for kind in DOCUMENT_KINDS.values()]


class GeneratedDocumentFilterSet(django_filters.FilterSet):
    """One filter for the list page and its export."""

    title = django_filters.CharFilter(
        label="标题", lookup_expr="contains", widget=forms.TextInput(attrs={**_text, "placeholder": "标题或当事人姓名"})
    )
    number = django_filters.CharFilter(label="文号", lookup_expr="contains", widget=forms.TextInput(attrs={**_text, "placeholder": "文号"}))
    kind = django_filters.ChoiceFilter(label="文书类型", choices=_kind_choices, empty_label="全部", widget=forms.Select(attrs=_select))
    org = django_filters.CharFilter(
        label="所属单位", field_name="org__name", lookup_expr="contains", widget=forms.TextInput(attrs={**_text, "placeholder": "单位名称"})
    )
    created_after = django_filters.DateFilter(
        label="生成日期起", field_name="created_at", lookup_expr="date__gte", widget=forms.DateInput(attrs={**_text, "type": "date"})
    )
    created_before = django_filters.DateFilter(
        label="生成日期止", field_name="created_at", lookup_expr="date__lte", widget=forms.DateInput(attrs={**_text, "type": "date"})
    )

    class Meta:
        model = GeneratedDocument
        fields: list[str] = []
