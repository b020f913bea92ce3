from __future__ import annotations

from typing import Any

from django import forms

from assessment.models import Part, Rule, StandardItem
from core.forms import StyledForm
from core.ledger import EVENT_TYPES


def _event_choices(current: list[str]) -> list[tuple[str, str]]:
    """Every registered ledger event type, plus those the item names that no module records yet (shown as 未接入)."""
    known = sorted(((code, f"{t.label}（{code}）") for code, t in EVENT_TYPES.items()), key=lambda c: c[0])
    missing = [(code, f"未接入：{code}") for code in current if code not in EVENT_TYPES]
    return missing + known


class NewVersionForm(StyledForm):
    year = forms.IntegerField(label="年度", help_text="复制当前标准的全部项目，生成该年度的新版本草稿")


class StandardItemForm(StyledForm):
    part = forms.ChoiceField(label="部分", choices=Part.choices)
    name = forms.CharField(label="考核内容", max_length=200)
    max_points = forms.DecimalField(label="分值", max_digits=6, decimal_places=1, min_value=0.1,
                                    help_text="负面清单为该项最多扣分")
    rule = forms.ChoiceField(label="评分方式", choices=Rule.choices)
    event_types = forms.MultipleChoiceField(label="台账事项", required=False, help_text="自动计分项目按这些台账事项计数")
    denominator = forms.MultipleChoiceField(label="比率分母事项", required=False, help_text="按比率计分时的分母")
    target_per_month = forms.DecimalField(label="每月目标数", max_digits=12, decimal_places=2, min_value=0, required=False)
    threshold = forms.DecimalField(label="达标比率（%）", max_digits=5, decimal_places=1, min_value=0, max_value=100, required=False)
    per_unit = forms.DecimalField(label="每件扣分", max_digits=6, decimal_places=1, min_value=0, required=False)
    basis = forms.CharField(label="依据", max_length=200, required=False)
    sort_order = forms.IntegerField(label="排序")

    wide_fields = ("name", "event_types", "denominator", "basis")

    def __init__(self, *args: Any, item: StandardItem, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {f: getattr(item, f) for f in self.base_fields})
        super().__init__(*args, **kwargs)
        self.fields["event_types"].choices = _event_choices(list(item.event_types or []))  # type: ignore[attr-defined]
        self.fields["denominator"].choices = _event_choices(list(item.denominator or []))  # type: ignore[attr-defined]
        for name in ("event_types", "denominator"):
            self.fields[name].widget.attrs["size"] = 6


class ManualScoreForm(StyledForm):
    points = forms.DecimalField(label="得分", max_digits=6, decimal_places=1)
    evidence = forms.CharField(label="依据和佐证材料", widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="写明检查方式、发现的情况和佐证材料（如：5月12日实地检查，调委会委员5人，其中女性2人，有选举记录）")

    def __init__(self, *args: Any, deduct: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if deduct:
            self.fields["points"].label = "扣分"
            self.fields["points"].error_messages["required"] = "请填写扣分"


class AdjustmentForm(StyledForm):
    delta = forms.DecimalField(label="调整分值", max_digits=6, decimal_places=1, help_text="加分填正数，减分填负数，如 -2")
    reason = forms.CharField(label="调整理由", max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="写明复核发现的情况，如：台账漏登2件调解案件，经核实卷宗予以补加")
