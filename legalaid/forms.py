"""Dialog forms of 法律援助申请; each maps onto one service call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from core.dictionaries import dict_choices
from core.forms import PROMPT, IdNumberField, PhoneField, SamePersonField, StyledForm, group_choices
from legalaid.choices import (
    Channel,
    HardshipBasis,
    NotifyingAuthority,
    ObjectionResult,
    ProgressKind,
    ProviderKind,
    QualityGrade,
    Satisfaction,
    TerminationGround,
)
from legalaid.models import Provider
from legalaid.services import ApplicationInput, application_check
from orgs.models import Org
from orgs.selectors import org_choice_groups

_today = timezone.localdate

# Which 法律援助事项 a consultation topic usually is; only a suggestion the user can change in the dialog.
MATTER_FOR_TOPIC = {
    "labour": "labour", "migrant_wages": "labour", "traffic": "personal_injury", "personal_injury": "personal_injury",
    "marriage_family": "maintenance", "inheritance": "other",
}


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ApplicationFields(StyledForm):
    """The fields of the application itself, shared by the receiving, conversion and edit dialogs."""

    received_date = forms.DateField(label="接收日期", initial=_today)
    matter = forms.ChoiceField(label="申请事项类别")
    opposing_party = forms.CharField(label="对方当事人", max_length=100, required=False)
    handler = forms.ModelChoiceField(label="接待人", queryset=Org.objects.none(), required=False, help_text="不选则为本人")
    facts = forms.CharField(label="案情及申请理由", widget=_textarea(4))
    request = forms.CharField(label="申请援助事项", widget=_textarea(2), required=False,
                              help_text="如：指派律师代理追索劳动报酬的劳动仲裁")
    hardship_basis = forms.ChoiceField(label="经济困难依据", choices=[("", PROMPT), *HardshipBasis.choices],
                                       help_text="法律援助法 第四十一条（如实说明）、第四十二条（免予核查）、第三十二条（不受经济困难条件限制）")
    hardship_detail = forms.CharField(label="经济困难状况说明或证明材料", widget=_textarea(2), required=False,
                                      help_text="如实说明的：家庭人口、收入来源、月收入；免予核查的：证明材料名称，如 最低生活保障证")
    is_criminal = forms.BooleanField(label="刑事案件", required=False)
    is_urgent = forms.BooleanField(label="紧急（法律援助法 第四十四条）", required=False)
    urgent_reason = forms.CharField(label="紧急情形", max_length=200, required=False,
                                    help_text="如：距诉讼时效届满不足七日、需要立即申请财产保全")

    def __init__(self, *args: Any, handlers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers  # type: ignore[attr-defined]
        self.fields["handler"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]
        self.fields["matter"].choices = [("", PROMPT), *dict_choices("legal_aid_matter")]  # type: ignore[attr-defined]


class ApplicationForm(ApplicationFields):
    """接收法律援助申请 at the window or online; the applicant is typed once and kept in 人员信息库."""

    org = forms.ModelChoiceField(label="接收单位", queryset=Org.objects.none())
    channel = forms.ChoiceField(label="申请方式", choices=[c for c in Channel.choices if c[0] != Channel.CONSULTATION])
    name = forms.CharField(label="申请人姓名", max_length=50)
    id_number = IdNumberField(label="申请人身份证号码", party="申请人")
    same_person = SamePersonField()
    phone = PhoneField(label="申请人联系电话", party="申请人", required=False)

    field_order = ["org", "received_date", "channel", "name", "id_number", "same_person", "phone", "matter", "opposing_party", "handler",
                   "facts", "request", "hardship_basis", "hardship_detail", "is_criminal", "is_urgent", "urgent_reason"]

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        group_choices(self.fields["org"], org_choice_groups(orgs))  # type: ignore[arg-type]
        if orgs.count() == 1:
            self.fields["org"].initial = orgs.first()

    def service_check(self, cleaned: dict[str, Any]) -> None:
        application_check(ApplicationInput(
            received_date=cleaned.get("received_date") or timezone.localdate(), matter=cleaned.get("matter") or "",
            facts=cleaned.get("facts") or "", hardship_basis=cleaned.get("hardship_basis") or "",
            hardship_detail=cleaned.get("hardship_detail") or "", request=cleaned.get("request") or "",
            opposing_party=cleaned.get("opposing_party") or "", channel=cleaned.get("channel") or "",
            is_criminal=bool(cleaned.get("is_criminal")), is_urgent=bool(cleaned.get("is_urgent")),
            urgent_reason=cleaned.get("urgent_reason") or ""))


class FromConsultationForm(ApplicationFields):
    """转为法律援助申请: the applicant and the facts come from the consultation; the ID number is asked only when the
    person was registered without one."""

    id_number = IdNumberField(label="申请人身份证号码", party="申请人",
                              help_text="人员信息库中没有该咨询人的身份证号码，申请法律援助须提供身份证明")

    def __init__(self, *args: Any, needs_id: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if needs_id:
            self.order_fields(["received_date", "id_number"])
        else:
            del self.fields["id_number"]


class ForwardForm(StyledForm):
    date = forms.DateField(label="转交日期", initial=_today)
    centre_name = forms.CharField(label="接收的法律援助机构", max_length=100)


class NotAcceptForm(StyledForm):
    date = forms.DateField(label="不予受理日期", initial=_today)
    reason = forms.CharField(label="不予受理理由", widget=_textarea(3),
                             help_text="将告知申请人，如：申请事项不属于法律援助范围、申请人已委托律师、申请人撤回申请")


# ------------------------------------------------------------------------------------------- the 法律援助机构's queue


class DirectApplicationForm(ApplicationForm):
    """直接申请 at the 法律援助机构's window (法律援助法 第三十八条); the 机构 is chosen instead of a 司法所."""

    field_order = ["org", "received_date", "name", "id_number", "phone", "matter", "opposing_party", "facts", "request",
                   "hardship_basis", "hardship_detail", "is_criminal", "is_urgent", "urgent_reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].label = "法律援助机构"
        del self.fields["channel"], self.fields["handler"]

    def service_check(self, cleaned: dict[str, Any]) -> None:
        super().service_check({**cleaned, "channel": Channel.WINDOW})


class NoticeForm(StyledForm):
    """通知辩护/通知代理 (第二十五条、第二十八条、第三十六条)."""

    org = forms.ModelChoiceField(label="法律援助机构", queryset=Org.objects.none())
    received_date = forms.DateField(label="收到通知日期", initial=_today)
    authority = forms.ChoiceField(label="通知机关类别", choices=[("", PROMPT), *NotifyingAuthority.choices])
    organ = forms.CharField(label="通知机关", max_length=100, help_text="如：红山区人民法院")
    notice_number = forms.CharField(label="通知书文号", max_length=60, required=False)
    matter = forms.ChoiceField(label="事项", choices=[("criminal_defence", "通知辩护"), ("criminal_victim", "通知代理")])
    name = forms.CharField(label="犯罪嫌疑人、被告人姓名", max_length=50)
    id_number = IdNumberField(label="身份证号码", party="犯罪嫌疑人、被告人")
    facts = forms.CharField(label="通知的情形", widget=_textarea(3),
                            help_text="如：被告人系未成年人；可能被判处无期徒刑、死刑（法律援助法 第二十五条）")
    same_person = SamePersonField()
    life_or_death = forms.BooleanField(label="可能判处无期徒刑、死刑", required=False,
                                       help_text="须指派具有三年以上相关执业经历的律师（法律援助法 第二十六条）")

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        if orgs.count() == 1:
            self.fields["org"].initial = orgs.first()


class MaterialsForm(StyledForm):
    date = forms.DateField(label="告知日期", initial=_today)
    materials = forms.CharField(label="需补充的全部材料或说明", widget=_textarea(4),
                                help_text="一次性告知（法律援助法 第四十三条第二款），告知后不能再次要求补充")
    reply_due = forms.DateField(label="补充期限", required=False, help_text="不填按告知之日起十五日；逾期未补充的视为撤回申请")


class DateOnlyForm(StyledForm):
    date = forms.DateField(label="补齐材料日期", initial=_today)


class AdvanceForm(StyledForm):
    date = forms.DateField(label="先行提供日期", initial=_today)
    reason = forms.CharField(label="紧急情形", max_length=200,
                             help_text="距法定时效或期限届满不足七日，或需要立即申请财产保全、证据保全、先予执行（第四十四条）")
    provider_name = forms.CharField(label="法律援助人员", max_length=50)
    provider_unit = forms.CharField(label="所在律师事务所或基层法律服务所", max_length=100, required=False)


class DecideForm(StyledForm):
    date = forms.DateField(label="决定日期", initial=_today)
    grant = forms.TypedChoiceField(label="决定", choices=[("", PROMPT), ("1", "给予法律援助"), ("0", "不予法律援助")],
                                   coerce=lambda v: v == "1")
    monthly_income = forms.DecimalField(label="家庭月人均收入（元）", required=False, min_value=0, max_digits=10, decimal_places=2,
                                        help_text="须审查经济困难状况的事项填写，与本省经济困难标准比较（第三十四条）")
    pledge_signed = forms.BooleanField(label="申请人已作个人诚信承诺（第四十一条）", required=False)
    reason = forms.CharField(label="不予法律援助的理由", widget=_textarea(3), required=False,
                             help_text="不予法律援助的须书面说明理由（第四十三条），写入不予法律援助决定书")


class AssignForm(StyledForm):
    """指派 from the 机构's roster; the service checks 第二十六条, 第三十六条 and conflicts."""

    date = forms.DateField(label="指派日期", initial=_today)
    provider = forms.ModelChoiceField(label="法律援助人员", queryset=Provider.objects.none(),
                                      help_text="按在办案件数从少到多排列；通知辩护、通知代理须指派律师（第三十六条）")

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        field.queryset = providers  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"{p.name}（{p.get_kind_display()}，{p.firm}，执业{p.years_of_practice()}年，在办{p.workload}件）")


class ChangeProviderForm(AssignForm):
    date = forms.DateField(label="更换日期", initial=_today)
    reason = forms.CharField(label="更换理由", widget=_textarea(2))


class ProviderForm(StyledForm):
    """法律援助人员名册的一条."""

    org = forms.ModelChoiceField(label="法律援助机构", queryset=Org.objects.none())
    kind = forms.ChoiceField(label="人员类别", choices=ProviderKind.choices)
    name = forms.CharField(label="姓名", max_length=50)
    licence_number = forms.CharField(label="执业证号", max_length=30, required=False,
                                     help_text="必填；律师为17位执业证号")
    firm = forms.CharField(label="执业机构", max_length=100, required=False, help_text="律师事务所或基层法律服务所")
    practice_since = forms.DateField(label="执业起始日期", required=False)
    specialities = forms.CharField(label="擅长领域", max_length=200, required=False, help_text="如：劳动争议、刑事辩护")
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    is_active = forms.BooleanField(label="在册", required=False, initial=True)

    def __init__(self, *args: Any, orgs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class ProgressForm(StyledForm):
    date = forms.DateField(label="日期", initial=_today)
    kind = forms.ChoiceField(label="事项", choices=[("", PROMPT), *ProgressKind.choices])
    note = forms.CharField(label="情况", widget=_textarea(3))


class CaseEndForm(StyledForm):
    date = forms.DateField(label="案件办结日期", initial=_today, help_text="判决、裁定、调解、撤诉等之日")
    result = forms.CharField(label="办理结果", widget=_textarea(2))


class CloseForm(StyledForm):
    date = forms.DateField(label="结案日期", initial=_today)
    report = forms.CharField(label="结案报告", widget=_textarea(5), help_text="承办经过、主要工作和办理结果（法律援助法 第五十条）")
    materials = forms.CharField(label="结案材料", widget=_textarea(2), help_text="法律文书副本或者复印件、办理情况报告等")


class TerminateForm(StyledForm):
    date = forms.DateField(label="终止日期", initial=_today)
    ground = forms.ChoiceField(label="终止情形", choices=[("", PROMPT), *TerminationGround.choices],
                               help_text="法律援助法 第四十八条")
    note = forms.CharField(label="终止的事实和依据", widget=_textarea(3))


class QualityForm(StyledForm):
    date = forms.DateField(label="评查日期", initial=_today)
    grade = forms.ChoiceField(label="评查等次", choices=[("", PROMPT), *QualityGrade.choices])
    note = forms.CharField(label="评查意见", widget=_textarea(3), required=False)


class VisitForm(StyledForm):
    date = forms.DateField(label="回访日期", initial=_today)
    satisfaction = forms.ChoiceField(label="受援人满意度", choices=[("", PROMPT), *Satisfaction.choices])
    note = forms.CharField(label="回访情况", widget=_textarea(3), required=False)


class ObjectionForm(StyledForm):
    date = forms.DateField(label="提出异议日期", initial=_today)
    text = forms.CharField(label="异议内容及理由", widget=_textarea(3))


class ObjectionDecideForm(StyledForm):
    date = forms.DateField(label="审查日期", initial=_today)
    result = forms.ChoiceField(label="审查结果", choices=[("", PROMPT), *ObjectionResult.choices])
    note = forms.CharField(label="审查意见", widget=_textarea(3))
