from __future__ import annotations

from typing import Any

from django import forms

from core.dictionaries import dict_choices
from core.forms import StyledForm


class ManualEntryForm(StyledForm):
    item_code = forms.ChoiceField(label="工作事项")
    description = forms.CharField(label="工作内容", max_length=200, help_text="如：参加县局人民调解业务培训半天")
    quantity = forms.IntegerField(label="数量", min_value=1, initial=1)

    wide_fields = ("description",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item_code"].choices = [("", "请选择"), *dict_choices("worklog_item")]  # type: ignore[attr-defined]


class ReviewForm(StyledForm):
    note = forms.CharField(label="审阅意见", max_length=200, required=False)
    send_back = forms.BooleanField(label="退回重填", required=False)
