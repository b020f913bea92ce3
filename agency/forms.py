"""Dialog forms of 代收代办; each maps onto one service call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from agency.choices import REVIEW_CHECKLIST, CaseKind, ReviewDecision, ReviewForm
from agency.models import ServiceGuide
from agency.services import CaseInput, ReviewInput, case_check, review_check
from core.forms import PROMPT, IdNumberField, PhoneField, SamePersonField, StyledForm, group_choices
from orgs.models import Org
from orgs.selectors import org_choice_groups
from people.services import PersonInput

_today = timezone.localdate


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _person(cleaned: dict[str, Any]) -> PersonInput:
    return PersonInput(name=cleaned.get("name") or "", id_number=cleaned.get("id_number") or "", phone=cleaned.get("phone") or "",
                       same_person=SamePersonField.confirmed(cleaned, cleaned.get("id_number") or ""))


class _OfficeForm(StyledForm):
    org = forms.ModelChoiceField(label="办理单位", queryset=Org.objects.none())

    def __init__(self, *args: Any, orgs: Any, handlers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        group_choices(self.fields["org"], org_choice_groups(orgs))  # type: ignore[arg-type]
        self.fields["handler"].queryset = handlers  # type: ignore[attr-defined]
        self.fields["handler"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]


class ReviewReceiveForm(_OfficeForm):
    """代收行政复议申请."""

    received_at = forms.DateTimeField(label="收件时间", required=False, help_text="不填为现在；请按实际收到申请书或制作笔录的时间填写",
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    form = forms.ChoiceField(label="申请方式", choices=ReviewForm.choices)
    name = forms.CharField(label="申请人姓名", max_length=50)
    id_number = IdNumberField(label="申请人身份证号码", party="申请人")
    same_person = SamePersonField()
    phone = PhoneField(label="申请人联系电话", party="申请人", required=False)
    respondent = forms.CharField(label="被申请人", max_length=100, help_text="作出行政行为的行政机关，如 某镇人民政府")
    act = forms.CharField(label="行政行为", max_length=200, help_text="作出机关、日期、文号或内容")
    act_known_date = forms.DateField(label="知道行政行为之日", help_text="申请期限自知道或者应当知道之日起六十日（行政复议法 第二十条）")
    request = forms.CharField(label="行政复议请求", widget=_textarea(2))
    facts = forms.CharField(label="主要事实和理由", widget=_textarea(4))
    oral_record = forms.CharField(label="口头申请笔录", widget=_textarea(5), required=False,
                                  help_text="口头申请时当场记录申请人的基本情况、行政复议请求、主要事实、理由和时间（第二十二条第三款）")
    checklist = forms.MultipleChoiceField(label="申请书已载明事项", required=False,
                                          choices=[(key, f"{label}（{basis}）") for key, label, basis in REVIEW_CHECKLIST],
                                          widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    late_reason = forms.CharField(label="超过六十日的正当理由", widget=_textarea(2), required=False,
                                  help_text="超过六十日时必填：不可抗力或其他正当理由，或行政机关未告知复议权利和期限（第二十条第二款、第三款）")
    handler = forms.ModelChoiceField(label="接收人", queryset=Org.objects.none(), required=False, help_text="不选则为本人")

    field_order = ["org", "received_at", "form", "name", "id_number", "same_person", "phone", "respondent", "act", "act_known_date",
                   "request", "facts", "oral_record", "checklist", "late_reason", "handler"]

    @staticmethod
    def input(cleaned: dict[str, Any]) -> ReviewInput:
        received = cleaned.get("received_at")
        return ReviewInput(
            form=cleaned.get("form") or "", respondent=cleaned.get("respondent") or "", act=cleaned.get("act") or "",
            act_known_date=cleaned.get("act_known_date"), request=cleaned.get("request") or "", facts=cleaned.get("facts") or "",
            received_at=received, oral_record=cleaned.get("oral_record") or "", checklist=list(cleaned.get("checklist") or []),
            late_reason=cleaned.get("late_reason") or "", handler=cleaned.get("handler"))

    def service_check(self, cleaned: dict[str, Any]) -> None:
        if cleaned.get("org") is not None:
            review_check(org=cleaned["org"], person=_person(cleaned), data=self.input(cleaned))


class ForwardForm(StyledForm):
    date = forms.DateField(label="转交日期", initial=_today)
    review_body = forms.CharField(label="复议机构", max_length=100)


class AcceptanceForm(StyledForm):
    accepted = forms.TypedChoiceField(label="受理结果", choices=[("", PROMPT), ("1", "受理"), ("0", "不予受理")],
                                      coerce=lambda v: v == "1")
    date = forms.DateField(label="日期", initial=_today)
    reason = forms.CharField(label="不予受理理由", widget=_textarea(2), required=False)


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(label="复议决定", choices=[("", PROMPT), *ReviewDecision.choices])
    date = forms.DateField(label="决定日期", initial=_today)
    note = forms.CharField(label="决定要点", widget=_textarea(3), required=False)


class WithdrawForm(StyledForm):
    date = forms.DateField(label="撤回日期", initial=_today)
    reason = forms.CharField(label="撤回情况", widget=_textarea(2))


class CaseForm(_OfficeForm):
    """受托公证仲裁代办."""

    kind = forms.ChoiceField(label="类别", choices=[("", PROMPT), *CaseKind.choices])
    received_date = forms.DateField(label="受托日期", initial=_today)
    name = forms.CharField(label="当事人姓名", max_length=50)
    id_number = IdNumberField(label="当事人身份证号码", party="当事人")
    same_person = SamePersonField()
    phone = PhoneField(label="当事人联系电话", party="当事人", required=False)
    matter = forms.CharField(label="事项", max_length=200, help_text="如 继承公证、追索劳动报酬")
    guide = forms.ModelChoiceField(label="办事指引", queryset=ServiceGuide.objects.all(), required=False,
                                   help_text="选择后带入办理机构")
    institution = forms.CharField(label="办理机构", max_length=100, required=False)
    rights_known_date = forms.DateField(label="知道权利被侵害之日", required=False,
                                        help_text="劳动人事争议仲裁必填：仲裁时效一年，由此起算（劳动争议调解仲裁法 第二十七条）")
    detail = forms.CharField(label="情况说明", widget=_textarea(3), required=False)
    handler = forms.ModelChoiceField(label="经办人", queryset=Org.objects.none(), required=False, help_text="不选则为本人")

    field_order = ["org", "kind", "received_date", "name", "id_number", "same_person", "phone", "matter", "guide", "institution",
                   "rights_known_date", "detail", "handler"]

    @staticmethod
    def input(cleaned: dict[str, Any]) -> CaseInput:
        return CaseInput(kind=cleaned.get("kind") or "", matter=cleaned.get("matter") or "",
                         institution=cleaned.get("institution") or "", detail=cleaned.get("detail") or "",
                         received_date=cleaned.get("received_date"), rights_known_date=cleaned.get("rights_known_date"),
                         guide=cleaned.get("guide"), handler=cleaned.get("handler"))

    def service_check(self, cleaned: dict[str, Any]) -> None:
        if cleaned.get("org") is not None:
            case_check(org=cleaned["org"], person=_person(cleaned), data=self.input(cleaned))


class CaseForwardForm(StyledForm):
    date = forms.DateField(label="转交日期", initial=_today)


class CaseResultForm(StyledForm):
    done = forms.TypedChoiceField(label="结果", choices=[("", PROMPT), ("1", "已办结"), ("0", "未办成")], coerce=lambda v: v == "1")
    date = forms.DateField(label="结果日期", initial=_today)
    result = forms.CharField(label="办理结果", widget=_textarea(3))
