from __future__ import annotations

from django.contrib import admin

from supervision.models import WarningRule
from supervision.rules import EVALUATORS


@admin.register(WarningRule)
class WarningRuleAdmin(admin.ModelAdmin):
    """预警规则: thresholds, level and switch of each rule; the form checks the parameters against the evaluator."""

    list_display = ("code", "name", "evaluator_label", "level", "params_text", "enabled", "sort_order")
    list_editable = ("enabled",)
    list_filter = ("level", "enabled")
    search_fields = ("code", "name")

    @admin.display(description="检测方法")
    def evaluator_label(self, obj: WarningRule) -> str:
        evaluator = EVALUATORS.get(obj.evaluator)
        return evaluator.label if evaluator else f"{obj.evaluator}（未登记）"

    @admin.display(description="阈值参数")
    def params_text(self, obj: WarningRule) -> str:
        evaluator = EVALUATORS.get(obj.evaluator)
        return evaluator.describe_params(obj.params) if evaluator else ""
