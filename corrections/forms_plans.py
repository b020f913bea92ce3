"""Dialog forms of 分类管理 and the 矫正方案; each maps onto one service of ``corrections.plans``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from core.forms import StyledForm
from corrections import plans
from corrections.models import ManagementLevel, Period, RiskAssessment, RuleSet, StrategyMeasure
from orgs.models import Org


class ConditionsForm(StyledForm):
    """矫正对象基本情况: one choice per entered condition (the derived ones are shown, not asked)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for condition in plans.ENTERED:
            self.fields[condition.key] = forms.ChoiceField(label=condition.label, required=False,
                                                           choices=[("", "未填写"), *condition.choices], help_text=condition.help)
            self.style_field(condition.key, self.fields[condition.key])


class AssessmentForm(StyledForm):
    """风险需求评估: every item of the active rule set, then the level the assessor sets if not the suggested one."""

    kind = forms.ChoiceField(label="评估类型", choices=RiskAssessment.Kind.choices)
    assessed_on = forms.DateField(label="评估日期", initial=timezone.localdate)
    override_level = forms.ChoiceField(label="调整为其他等级", required=False,
                                       help_text="一般按量表建议；确需调整的选择等级并写明理由")
    override_reason = forms.CharField(label="调整理由", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, rule_set: RuleSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["override_level"].choices = [("", "按量表建议"), *((lv.code, lv.name) for lv in ManagementLevel.objects.all())]  # type: ignore[attr-defined]
        self.item_codes = []
        for item in rule_set.items.all():
            key = f"item_{item.code}"
            self.fields[key] = forms.ChoiceField(
                label=f"{item.domain}：{item.question}", choices=[("", "请选择"), *((str(o["value"]), f"{o['label']}（{o['points']}分）")
                                                                                for o in item.options)])
            self.style_field(key, self.fields[key])
            self.item_codes.append(item.code)

    def answers(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"item_{code}"] for code in self.item_codes}


class GradeForm(StyledForm):
    level = forms.ChoiceField(label="调整为")
    reason = forms.CharField(label="理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="如 受到警告、连续三个月考核合格；记入等级变更记录")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "请选择"), *((lv.code, lv.name) for lv in ManagementLevel.objects.all())]  # type: ignore[attr-defined]


class PlanForm(StyledForm):
    basic_facts = forms.CharField(label="基本情况", widget=forms.Textarea(attrs={"rows": 4}))
    assessment_result = forms.CharField(label="综合评估结果", widget=forms.Textarea(attrs={"rows": 4}))
    psychology = forms.CharField(label="心理状态和其他特殊情况分析", widget=forms.Textarea(attrs={"rows": 4}))


class MeasureForm(StyledForm):
    section = forms.ChoiceField(label="方案部分", choices=StrategyMeasure.Section.choices)
    obligation = forms.ChoiceField(label="排期事项", required=False, choices=[("", "不排期"), *StrategyMeasure.Obligation.choices])
    count = forms.IntegerField(label="次数", required=False, min_value=1, max_value=31)
    period = forms.ChoiceField(label="周期", required=False, choices=[("", "—"), *Period.choices])
    hours_per_month = forms.IntegerField(label="小时/月", required=False, min_value=1, max_value=100)
    title = forms.CharField(label="措施", max_length=200)
    legal_basis = forms.CharField(label="法律依据", max_length=300, help_text="如 社区矫正法 第三十六条")
    note = forms.CharField(label="增加理由", max_length=100, required=False, help_text="新增措施须说明理由")
    wide_fields = ("title", "legal_basis", "note")


class DecideForm(StyledForm):
    approve = forms.TypedChoiceField(label="审批结果", choices=[("1", "同意调整"), ("0", "不予调整")], coerce=lambda v: v == "1")
    note = forms.CharField(label="审批意见", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="不予调整的须写明理由")


class RegradeRunForm(StyledForm):
    org = forms.ModelChoiceField(label="司法所", queryset=Org.objects.none())

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
