"""Administrators edit the 积分项目 of 安置帮教 (no national rule sets them: the shipped rows are a default)."""

from __future__ import annotations

from django.contrib import admin

from resettlement.models import PointsItem


@admin.register(PointsItem)
class PointsItemAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "points", "is_active", "order")
    list_filter = ("kind", "is_active")
    list_editable = ("points", "is_active", "order")
