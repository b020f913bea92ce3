from __future__ import annotations

from typing import Any

from django import forms

from core.dictionaries import dict_choices
from core.forms import PROMPT, IdNumberField, PhoneField, StyledForm, group_choices
from orgs.models import Org
from orgs.selectors import org_choice_groups


class OfficeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Org) -> str:
        return obj.name


class MediationApplicationForm(StyledForm):
    """人民调解申请 (人民调解法 第十七条), filled in by the citizen."""

    office = OfficeChoiceField(label="向哪个司法所申请", queryset=Org.objects.none(),
                               error_messages={"invalid_choice": "请从列表中选择司法所"})
    applicant_name = forms.CharField(label="申请人姓名", max_length=50)
    applicant_id_number = IdNumberField(label="申请人身份证号码", party="申请人")
    applicant_phone = PhoneField(label="申请人手机号码", party="申请人", help_text="用于联系您和查询办理进度")
    respondent_name = forms.CharField(label="对方当事人姓名", max_length=50)
    respondent_phone = PhoneField(label="对方联系电话", party="对方当事人", required=False)
    category = forms.ChoiceField(label="纠纷类型")
    facts = forms.CharField(label="纠纷简要情况", widget=forms.Textarea(attrs={"rows": 4}))
    claims = forms.CharField(label="申请事项", widget=forms.Textarea(attrs={"rows": 2}), help_text="您希望通过调解解决什么")
    preferred_mediators = forms.CharField(label="希望选择的调解员", max_length=100, required=False,
                                          help_text="可不填；人民调解法 第十九条：当事人可以选择一名或者数名人民调解员")
    consent = forms.BooleanField(label="我已知悉人民调解遵循自愿、平等原则，不收取费用，自愿申请调解",
                                 error_messages={"required": "请确认已知悉人民调解的原则并自愿申请"})
    website = forms.CharField(label="网站", required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = Org.objects.filter(kind=Org.Kind.OFFICE, is_active=True).order_by("path")
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        group_choices(self.fields["office"], org_choice_groups(offices))  # type: ignore[arg-type]
        self.fields["category"].choices = [("", PROMPT), *dict_choices("dispute_category")]  # type: ignore[attr-defined]


class TrackForm(StyledForm):
    """办理进度查询: posted, so that the phone or ID number never appears in a URL."""

    code = forms.CharField(label="查询码", max_length=12)
    contact = forms.CharField(label="申请时填写的手机号码或身份证号码", max_length=20,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
