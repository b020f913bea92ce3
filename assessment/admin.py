"""Django admin for the 千分制 tables. A standard's items are edited here only while it is a draft, and it is
published only from the 考核标准 page, whose service checks the 1000 points; manual scores and adjustments are
read-only here (they are given, with evidence or a reason, on the 得分明细 page)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from assessment.models import Adjustment, ManualScore, Standard, StandardItem
from core.admin import AuditedAdmin


def _draft(obj: Any) -> bool:
    return obj is None or obj.status == Standard.Status.DRAFT


class StandardItemInline(admin.TabularInline):
    model = StandardItem
    extra = 0
    fields = ("code", "part", "name", "max_points", "rule", "event_types", "denominator", "target_per_month", "threshold",
              "per_unit", "basis", "sort_order")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return _draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return _draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return _draft(obj) and super().has_delete_permission(request, obj)


@admin.register(Standard)
class StandardAdmin(AuditedAdmin):
    list_display = ("name", "year", "version", "status", "updated_at")
    list_filter = ("status", "year")
    readonly_fields = ("status",)
    inlines = [StandardItemInline]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return _draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return _draft(obj) and super().has_delete_permission(request, obj)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(ManualScore)
class ManualScoreAdmin(_ReadOnly):
    list_display = ("org", "item", "points", "period_start", "period_end", "created_by", "created_at")
    list_filter = ("item__standard",)
    search_fields = ("org__name", "item__code", "evidence")
    list_select_related = ("org", "item", "created_by")


@admin.register(Adjustment)
class AdjustmentAdmin(_ReadOnly):
    list_display = ("org", "item", "delta", "reason", "period_start", "period_end", "created_by", "created_at")
    list_filter = ("item__standard",)
    search_fields = ("org__name", "item__code", "reason")
    list_select_related = ("org", "item", "created_by")
