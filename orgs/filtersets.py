from __future__ import annotations

import django_filters
from django import forms

from orgs.models import Org

_text = {"class": "form-control form-control-sm"}
_select = {"class": "form-select form-select-sm"}


def _counties(request):  # type: ignore[no-untyped-def]
    if request is None:
        return Org.objects.none()
    return Org.objects.visible_to(request.user, "view").filter(kind=Org.Kind.COUNTY_BUREAU)


class OrgFilterSet(django_filters.FilterSet):
    """机构管理 search: name or code, kind, and the county the org belongs to."""

    name = django_filters.CharFilter(label="名称或编码", method="filter_name", widget=forms.TextInput(attrs=_text))
    kind = django_filters.ChoiceFilter(label="类型", choices=Org.Kind.choices, empty_label="全部", widget=forms.Select(attrs=_select))
    county = django_filters.ModelChoiceFilter(label="所属县级司法局", queryset=_counties, method="filter_county", empty_label="全部",
                                              widget=forms.Select(attrs=_select))
    is_active = django_filters.BooleanFilter(label="状态", widget=forms.Select(
        attrs=_select, choices=[("", "全部"), ("true", "启用"), ("false", "停用")]))

    class Meta:
        model = Org
        fields: list[str] = []

    def filter_name(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from django.db.models import Q

        return queryset.filter(Q(name__contains=value) | Q(short_name__contains=value) | Q(code__startswith=value))

    def filter_county(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(path__startswith=value.path)
