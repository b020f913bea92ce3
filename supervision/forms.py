from __future__ import annotations

from typing import Any

from django import forms

from core.forms import StyledForm
from supervision.choices import IssueDocument


class IssueForm(StyledForm):
    """下发督办: prefilled from the warning; the bureau edits the wording and sets the deadline."""

    doc_kind = forms.ChoiceField(label="督办文书", choices=IssueDocument.choices, initial=IssueDocument.LETTER)
    due_date = forms.DateField(label="整改期限")
    title = forms.CharField(label="督办事项", max_length=200)
    facts = forms.CharField(label="问题事实", widget=forms.Textarea(attrs={"rows": 4}))
    requirements = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 4}), help_text="每行一条要求")
    meeting_time = forms.CharField(label="约谈时间", max_length=50, required=False, help_text="仅约谈通知书填写，如 2026年6月10日上午9时")
    meeting_place = forms.CharField(label="约谈地点", max_length=100, required=False, help_text="仅约谈通知书填写")


class ReasonForm(StyledForm):
    reason = forms.CharField(label="关闭原因", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class RectifyForm(StyledForm):
    text = forms.CharField(label="整改措施及成效", widget=forms.Textarea(attrs={"rows": 6}))
    evidence = MultipleFileField(label="佐证材料", required=False, help_text="可多选；支持 PDF、JPG、PNG、Word、Excel，单个文件不超过10MB")


class VerifyForm(StyledForm):
    decision = forms.ChoiceField(label="核查结论", choices=[("accept", "整改到位，予以销号"), ("return", "整改不到位，退回重新整改")])
    note = forms.CharField(label="核查意见", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="退回时必填")
    new_due_date = forms.DateField(label="新的整改期限", required=False, help_text="退回时必填")


class ReportForm(StyledForm):
    org: forms.ModelChoiceField = forms.ModelChoiceField(label="统计单位", queryset=None, empty_label="请选择")
    period_start = forms.DateField(label="统计期起")
    period_end = forms.DateField(label="统计期止")

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["org"].error_messages["invalid_choice"] = "请选择您有权出具报告的单位"
