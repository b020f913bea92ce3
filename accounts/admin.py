"""Admin for roles: create a role and edit its name and description here; its permissions, data scope
and 2FA requirement are set on the 角色管理 page, whose service checks and audits them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from accounts.models import LoginLog, Role
from core.admin import AuditedAdmin


@admin.register(Role)
class RoleAdmin(AuditedAdmin):
    list_display = ("name", "code", "data_scope", "requires_2fa", "is_builtin", "sort_order", "rights_link")
    list_filter = ("data_scope", "requires_2fa", "is_builtin")
    search_fields = ("code", "name")
    fields = ("code", "name", "description", "sort_order", "is_read_only", "data_scope", "requires_2fa", "is_builtin")
    readonly_fields = ("data_scope", "requires_2fa", "is_builtin")

    @admin.display(description="功能权限与数据权限")
    def rights_link(self, obj: Role) -> str:
        return format_html('<a href="{}">在角色管理中设置</a>', reverse("accounts:role_detail", args=[obj.code]))

    def get_readonly_fields(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        # A role's code is how the default roles are kept in step on every migrate.
        return (*self.readonly_fields, "code") if obj is not None else self.readonly_fields

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        if obj is not None and (obj.is_builtin or obj.memberships.exists()):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(LoginLog)
class LoginLogAdmin(admin.ModelAdmin):
    """Read-only: a login log nobody can edit or delete."""

    list_display = ("created_at", "username", "success", "reason", "ip_address")
    list_filter = ("success",)
    search_fields = ("username", "ip_address")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
