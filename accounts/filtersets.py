"""Filters of 用户管理, 角色管理 and 登录日志 (list page and export share them)."""

from __future__ import annotations

import django_filters
from django import forms

from accounts.models import LoginLog, Membership, Role, User

_text = {"class": "form-control form-control-sm"}
_select = {"class": "form-select form-select-sm"}
_date = {**_text, "type": "date"}


class UserFilterSet(django_filters.FilterSet):
    username = django_filters.CharFilter(label="用户名", lookup_expr="icontains", widget=forms.TextInput(attrs=_text))
    full_name = django_filters.CharFilter(label="姓名", lookup_expr="contains", widget=forms.TextInput(attrs=_text))
    org = django_filters.CharFilter(label="任职单位", method="filter_org", widget=forms.TextInput(attrs={**_text, "placeholder": "单位名称"}))
    role = django_filters.ModelChoiceFilter(label="角色", queryset=Role.objects.all(), method="filter_role", empty_label="全部",
                                            widget=forms.Select(attrs=_select))
    is_active = django_filters.BooleanFilter(label="状态", widget=forms.Select(
        attrs=_select, choices=[("", "全部"), ("true", "启用"), ("false", "停用")]))

    class Meta:
        model = User
        fields: list[str] = []

    def filter_org(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(pk__in=Membership.objects.filter(org__name__contains=value).values("user_id"))

    def filter_role(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(pk__in=Membership.objects.filter(role=value).values("user_id"))


class RoleFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(label="角色名称", lookup_expr="contains", widget=forms.TextInput(attrs=_text))

    class Meta:
        model = Role
        fields: list[str] = []


class LoginLogFilterSet(django_filters.FilterSet):
    username = django_filters.CharFilter(label="用户名", lookup_expr="icontains", widget=forms.TextInput(attrs=_text))
    success = django_filters.BooleanFilter(label="结果", widget=forms.Select(
        attrs=_select, choices=[("", "全部"), ("true", "成功"), ("false", "失败")]))
    date_from = django_filters.DateFilter(label="开始日期", field_name="created_at", lookup_expr="date__gte",
                                          widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(label="结束日期", field_name="created_at", lookup_expr="date__lte",
                                        widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))

    class Meta:
        model = LoginLog
        fields: list[str] = []
