from __future__ import annotations

from django.contrib import admin

from agency.models import ForwardingRule, ServiceGuide


@admin.register(ForwardingRule)
class ForwardingRuleAdmin(admin.ModelAdmin):
    """代收代办转交期限 (working days). No national rule for a 司法所 代收点: UNCONFIRMED until the county confirms it."""

    list_display = ("service", "working_days", "confirmed", "basis")
    list_editable = ("working_days", "confirmed")
    list_display_links = ("service",)


@admin.register(ServiceGuide)
class ServiceGuideAdmin(admin.ModelAdmin):
    """公证仲裁办事指引, seeded with the demo city's 公证处 and 仲裁委; the county keeps it current."""

    list_display = ("institution", "kind", "phone", "order")
    list_filter = ("kind",)
    search_fields = ("institution", "matters", "materials")
