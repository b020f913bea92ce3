"""Django admin for the small reference tables administrators edit: 码表, 节假日调整, 系统参数.
Each edit clears the cached copy at once (``core.cache.clear_on_change``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction

from core.audit import audit_record, diff, snapshot
from core.models import CalendarOverride, DictItem, DictType, Parameter


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits land in 操作日志 like every other write, in the same transaction."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            old, new = diff(before, snapshot(obj))
            if new:
                verb = "修改" if change else "新增"
                audit_record(actor=request.user, action="update" if change else "create",
                             summary=f"{verb}{obj._meta.verbose_name}：{obj}", obj=obj, org=None,
                             before=old or None, after=new, ip_address=request.META.get("REMOTE_ADDR"))

    def delete_model(self, request: Any, obj: Any) -> None:
        with transaction.atomic():
            audit_record(actor=request.user, action="delete", summary=f"删除{obj._meta.verbose_name}：{obj}", obj=obj, org=None,
                         before=snapshot(obj), ip_address=request.META.get("REMOTE_ADDR"))
            super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_record(actor=request.user, action="delete", summary=f"删除{obj._meta.verbose_name}：{obj}", obj=obj,
                             org=None, before=snapshot(obj), ip_address=request.META.get("REMOTE_ADDR"))
            super().delete_queryset(request, queryset)


class DictItemInline(admin.TabularInline):
    model = DictItem
    extra = 1
    fields = ("code", "label", "sort_order", "is_active")
    verbose_name = "码表项"
    verbose_name_plural = "码表项（停用的项不再出现在下拉框中，已保存的记录仍显示原名称）"


@admin.register(DictType)
class DictTypeAdmin(AuditedAdmin):
    list_display = ("code", "name", "description", "item_count")
    search_fields = ("code", "name", "items__label")
    inlines = [DictItemInline]

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            touched = [*formset.new_objects, *(o for o, _ in formset.changed_objects), *formset.deleted_objects]
            if touched:
                audit_record(actor=request.user, action="update", summary=f"修改码表“{form.instance}”的{len(touched)}个码表项",
                             obj=form.instance, org=None, after={"items": sorted(o.code for o in touched)},
                             ip_address=request.META.get("REMOTE_ADDR"))

    @admin.display(description="码表项数")
    def item_count(self, obj: DictType) -> int:
        return obj.items.count()

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # The code is referenced by the modules' forms; renaming it would orphan every list that uses it.
        return ("code",) if obj is not None else ()

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).prefetch_related("items")


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(AuditedAdmin):
    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday",)
    date_hierarchy = "date"
    search_fields = ("note",)


@admin.register(Parameter)
class ParameterAdmin(AuditedAdmin):
    list_display = ("label", "key", "value", "note")
    search_fields = ("key", "label")

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return ("key",) if obj is not None else ()
