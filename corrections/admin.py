"""Administrators edit the reference data of 分类管理 and 个别化矫正: the management levels and their contact
standards, the versions of the risk/needs instrument and the strategy library (defaults loaded from corrections/data/)."""

from __future__ import annotations

from django.contrib import admin

from corrections.models import ManagementLevel, RuleItem, RuleSet, StrategyCategory, StrategyMeasure


@admin.register(ManagementLevel)
class ManagementLevelAdmin(admin.ModelAdmin):
    list_display = ("name", "rank", "colour_name", "reports_count", "reports_period", "study_hours", "service_hours", "unconfirmed")
    ordering = ("rank",)


class RuleItemInline(admin.TabularInline):
    model = RuleItem
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    """A new version of the instrument is a new rule set: past assessments keep their own copy of every item."""

    list_display = ("code", "name", "effective_from", "active", "strict_from", "lenient_below")
    list_filter = ("active",)
    inlines = [RuleItemInline]


class StrategyMeasureInline(admin.TabularInline):
    model = StrategyMeasure
    extra = 0
    fields = ("code", "title", "section", "obligation", "count", "period", "hours_per_month", "conditions", "match", "legal_basis",
              "active", "sort_order")


@admin.register(StrategyCategory)
class StrategyCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order")
    inlines = [StrategyMeasureInline]


@admin.register(StrategyMeasure)
class StrategyMeasureAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "section", "obligation", "count", "period", "hours_per_month", "active")
    list_filter = ("category", "section", "active")
    search_fields = ("title", "code", "legal_basis")
