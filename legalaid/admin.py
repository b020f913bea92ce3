from __future__ import annotations

from django.contrib import admin

from legalaid.models import HardshipStandard, SubsidyStandard


@admin.register(HardshipStandard)
class HardshipStandardAdmin(admin.ModelAdmin):
    """经济困难标准 per province (法律援助法 第三十四条); the eligibility helper reads it, the reviewer decides."""

    list_display = ("province", "monthly_income_per_person", "confirmed", "basis")
    list_editable = ("monthly_income_per_person", "confirmed")
    list_display_links = ("province",)


@admin.register(SubsidyStandard)
class SubsidyStandardAdmin(admin.ModelAdmin):
    """办案补贴 per matter (法律援助法 第五十二条); the defaults are UNCONFIRMED until the province's table is entered."""

    list_display = ("matter", "amount", "confirmed", "basis")
    list_editable = ("amount", "confirmed")
    list_display_links = ("matter",)
