"""Admin for the org tree and the division codes: read-mostly. The tree's shape (adding, moving or
removing a node) changes only through the org services and the import commands, which keep the
materialised paths and the division codes consistent; here an administrator corrects contact details,
the 文书代字 and whether an org is in use."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from core.admin import AuditedAdmin
from orgs.models import Org, Region


@admin.register(Org)
class OrgAdmin(AuditedAdmin):
    list_display = ("name", "code", "kind", "doc_abbr", "phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "short_name")
    fields = ("code", "name", "short_name", "kind", "region", "doc_abbr", "address", "phone", "is_active")
    readonly_fields = ("code", "kind", "region")
    ordering = ("path",)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level")
    list_filter = ("level",)
    search_fields = ("code", "name")
    ordering = ("path",)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
