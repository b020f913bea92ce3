"""Dialog forms of 重新违法犯罪 and 变更执行地; each maps onto one service (corrections.reoffences, corrections.transfers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from core.forms import PROMPT, StyledForm, group_choices
from corrections.choices_duties import ReoffenceNature, ReoffenceOutcome
from orgs.models import Org
from orgs.selectors import org_choice_groups


class ReoffenceForm(StyledForm):
    """登记或更新重新违法犯罪 (考核 N03)."""

    wide_fields = ("description",)
    discovered_date = forms.DateField(label="发现日期", initial=timezone.localdate)
    nature = forms.ChoiceField(label="性质", choices=[("", PROMPT), *ReoffenceNature.choices],
                               help_text="违法：如 被治安管理处罚；犯罪：涉嫌新的犯罪")
    description = forms.CharField(label="违法犯罪事实", widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="时间、地点、行为和后果")
    authority = forms.CharField(label="处理机关", max_length=100, help_text="如 赤峰市公安局红山区分局")
    outcome = forms.ChoiceField(label="处理结果", choices=ReoffenceOutcome.choices, initial=ReoffenceOutcome.PENDING)
    outcome_date = forms.DateField(label="处理日期", required=False, help_text="处罚决定、强制措施或提请建议的日期；处理中不填")
    outcome_note = forms.CharField(label="处理情况", max_length=300, required=False, help_text="如 行政拘留十日；撤销缓刑建议书文号")


class TransferForm(StyledForm):
    """登记变更执行地决定 (社区矫正法 第二十七条第二款)."""

    to_office = forms.ModelChoiceField(label="新执行地司法所", queryset=Org.objects.none())
    new_address = forms.CharField(label="新居住地", max_length=200, help_text="到县区、乡镇街道，如 元宝山区平庄镇")
    reason = forms.CharField(label="变更理由", max_length=300, help_text="如 因工作调动迁居")
    decision_date = forms.DateField(label="变更决定日期", initial=timezone.localdate, help_text="县级社区矫正机构作出决定的日期")
    decision_number = forms.CharField(label="决定书文号", max_length=60, required=False)
    notified_date = forms.DateField(label="对象收到决定日期", required=False, help_text="七日报到期限自此日起算；不填同决定日期")

    def __init__(self, *args: Any, exclude: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = Org.objects.filter(kind=Org.Kind.OFFICE, is_active=True).exclude(pk=getattr(exclude, "pk", None)).order_by("path")
        field = self.fields["to_office"]
        field.queryset = offices  # type: ignore[attr-defined]
        group_choices(field, org_choice_groups(offices))  # type: ignore[arg-type]


class HandoverDateForm(StyledForm):
    date = forms.DateField(label="交接日期", initial=timezone.localdate, help_text="法律文书和矫正档案移交新执行地的日期")


class TransferCancelForm(StyledForm):
    reason = forms.CharField(label="撤销原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="如 县级社区矫正机构撤销变更决定、对象放弃迁居、录入有误",
                             error_messages={"required": "请填写撤销原因"})
    date = forms.DateField(label="撤销日期", initial=timezone.localdate)


class TransferReportForm(StyledForm):
    date = forms.DateField(label="报到日期", initial=timezone.localdate)
    # The new office's staff, given by the view.
    officer: forms.ModelChoiceField = forms.ModelChoiceField(label="矫正责任人", queryset=None, required=False, help_text="不选为本人")

    def __init__(self, *args: Any, officers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]
