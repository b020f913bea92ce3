"""Dialog forms of 法律咨询; each maps onto one service call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from consultation.choices import Channel, FollowUp
from consultation.services import ConsultationInput, consultation_check
from core.dictionaries import dict_choices
from core.forms import PROMPT, IdNumberField, PhoneField, SamePersonField, StyledForm, group_choices
from orgs.models import Org
from orgs.selectors import org_choice_groups

_today = timezone.localdate

# Which 矛盾纠纷类型 a consultation topic usually becomes; only a suggestion the user can change in the dialog.
DISPUTE_CATEGORY_FOR_TOPIC = {
    "marriage_family": "marriage_family", "inheritance": "marriage_family", "loan": "contract", "contract": "contract",
    "labour": "labour", "migrant_wages": "labour", "land_contract": "forest_land", "homestead": "housing_homestead",
    "property": "property_management", "traffic": "traffic", "personal_injury": "damages", "consumer": "consumer",
}


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ConsultationFields(StyledForm):
    """The fields of the consultation itself, shared by the create and the edit dialog."""

    date = forms.DateField(label="咨询日期", initial=_today)
    channel = forms.ChoiceField(label="咨询方式", choices=Channel.choices)
    number = forms.CharField(label="登记编号", max_length=40, required=False)
    topic = forms.ChoiceField(label="咨询类别")
    handler = forms.ModelChoiceField(label="接待人", queryset=Org.objects.none(), required=False, help_text="不选则为本人")
    duration_minutes = forms.IntegerField(label="用时（分钟）", required=False, min_value=1)
    question = forms.CharField(label="咨询问题", widget=_textarea(4))
    answer = forms.CharField(label="解答意见", widget=_textarea(5), required=False)
    laws_cited = forms.CharField(label="引用法条", widget=_textarea(3), required=False,
                                 help_text="每行一条，如：中华人民共和国民法典 第一千零七十九条")
    follow_up = forms.ChoiceField(label="后续处理")
    referred_to = forms.CharField(label="转介单位", max_length=100, required=False, help_text="后续处理为“转介其他部门”时填写")

    def __init__(self, *args: Any, handlers: Any, converted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers  # type: ignore[attr-defined]
        self.fields["handler"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]
        self.fields["topic"].choices = [("", PROMPT), *dict_choices("consultation_topic")]  # type: ignore[attr-defined]
        # 转为矛盾纠纷 is done by the conversion dialog, which also creates the dispute.
        follow_ups = [c for c in FollowUp.choices if (c[0] == FollowUp.DISPUTE) == converted]
        self.fields["follow_up"].choices = follow_ups  # type: ignore[attr-defined]


class ConsultationForm(ConsultationFields):
    org = forms.ModelChoiceField(label="登记单位", queryset=Org.objects.none())
    name = forms.CharField(label="咨询人姓名", max_length=50)
    id_number = IdNumberField(label="咨询人身份证号码", party="咨询人", required=False, help_text="可不填；填写后与人员信息库自动关联")
    same_person = SamePersonField()
    phone = PhoneField(label="咨询人联系电话", party="咨询人", required=False)

    field_order = ["org", "date", "channel", "number", "name", "id_number", "same_person", "phone", "topic", "handler", "duration_minutes",
                   "question", "answer", "laws_cited", "follow_up", "referred_to"]

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        group_choices(self.fields["org"], org_choice_groups(orgs))  # type: ignore[arg-type]
        if orgs.count() == 1:
            self.fields["org"].initial = orgs.first()

    def service_check(self, cleaned: dict[str, Any]) -> None:
        org = cleaned.get("org")
        consultation_check(org=org, data=ConsultationInput(
            date=cleaned.get("date") or timezone.localdate(), channel=cleaned.get("channel") or "",
            topic=cleaned.get("topic") or "", question=cleaned.get("question") or "", answer=cleaned.get("answer") or "",
            laws_cited=cleaned.get("laws_cited") or "", handler=cleaned.get("handler") if org else None,
            duration_minutes=cleaned.get("duration_minutes"), follow_up=cleaned.get("follow_up") or "",
            referred_to=cleaned.get("referred_to") or "", number=cleaned.get("number") or ""))


class ConvertForm(StyledForm):
    """转为矛盾纠纷: the consulting person and the question are carried over; only the other party is new."""

    org = forms.ModelChoiceField(label="受理组织", queryset=Org.objects.none())
    title = forms.CharField(label="纠纷名称", max_length=100)
    category = forms.ChoiceField(label="纠纷类型")
    received_date = forms.DateField(label="登记日期", initial=_today)
    respondent_name = forms.CharField(label="被申请人姓名", max_length=50)
    respondent_id_number = IdNumberField(label="被申请人身份证号码", party="被申请人", required=False)
    same_person = SamePersonField()
    respondent_phone = PhoneField(label="被申请人联系电话", party="被申请人", required=False)
    amount = forms.DecimalField(label="涉及金额（元）", required=False, min_value=0, decimal_places=2, max_digits=14)
    claims = forms.CharField(label="申请事项", required=False, widget=_textarea(2))

    wide_fields = ("title",)

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        group_choices(self.fields["org"], org_choice_groups(orgs))  # type: ignore[arg-type]
        self.fields["category"].choices = [("", PROMPT), *dict_choices("dispute_category")]  # type: ignore[attr-defined]
