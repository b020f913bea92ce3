"""Dialog forms of 安置帮教; each maps onto one service call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from core.forms import SamePersonField, StyledForm
from orgs.models import Org
from resettlement.choices import (
    AssistanceKind,
    AssistReason,
    AssistResult,
    Category,
    EndReason,
    GroupRole,
    HandoverMethod,
    RiskLevel,
    VisitKind,
)


def _choices(choices: Any) -> list[tuple[str, str]]:
    return [("", "请选择"), *choices]


class RegisterForm(StyledForm):
    """登记刑满释放人员通知: who is released, from where, when, and whether 必接必送 applies."""

    org = forms.ModelChoiceField(label="户籍地司法所", queryset=Org.objects.none())
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号码", max_length=18, help_text="与人员信息库自动关联")
    same_person = SamePersonField()
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    category = forms.ChoiceField(label="对象类别", choices=Category.choices, initial=Category.RELEASED)
    crime = forms.CharField(label="原罪名", max_length=200, help_text="如 盗窃罪")
    sentence = forms.CharField(label="原判刑期", max_length=60, help_text="如 有期徒刑三年六个月")
    prison = forms.CharField(label="服刑场所", max_length=100, help_text="如 内蒙古自治区赤峰监狱")
    release_date = forms.DateField(label="释放（解除）日期")
    notice_date = forms.DateField(label="收到通知日期", required=False, initial=timezone.localdate,
                                  help_text="释放后才发现的留空")
    key_subject = forms.BooleanField(label="重点帮教对象（必接必送）", required=False)
    key_ground = forms.CharField(label="列为重点的理由", max_length=200, required=False,
                                 help_text="如 涉毒、暴力犯罪、累犯、三无人员")
    officer = forms.ModelChoiceField(label="帮教责任人", queryset=Org.objects.none(), required=False, help_text="不选则为本人")

    def __init__(self, *args: Any, orgs: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        if orgs.count() == 1:
            self.fields["org"].initial = orgs.first()
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]
        self.fields["officer"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]


class HandoverForm(StyledForm):
    date = forms.DateField(label="衔接日期", initial=timezone.localdate)
    # 解除社区矫正移交 is recorded by the corrections hand-over itself, never in this dialog.
    method = forms.ChoiceField(label="衔接方式", choices=_choices([c for c in HandoverMethod.choices if c[0] != HandoverMethod.TRANSFER]))
    collected_by = forms.CharField(label="接回人", max_length=100, required=False, help_text="工作人员或家属姓名；自行返回的不填")


class FileForm(StyledForm):
    prison_conduct = forms.CharField(label="服刑期间表现", max_length=300, required=False)
    family = forms.CharField(label="家庭情况", max_length=300, help_text="家庭成员、婚姻、与家人关系")
    education = forms.CharField(label="文化程度", max_length=20, required=False)
    skills = forms.CharField(label="劳动技能", max_length=200, required=False)
    housing = forms.CharField(label="住房情况", max_length=200)
    income = forms.CharField(label="生活来源", max_length=200)


class RiskForm(StyledForm):
    date = forms.DateField(label="评估日期", initial=timezone.localdate)
    level = forms.ChoiceField(label="风险等级", choices=_choices(RiskLevel.choices))
    reason = forms.CharField(label="评定理由", max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="犯罪原因和类型、危害程度、悔罪表现、家庭和社会关系")
    key_subject = forms.BooleanField(label="重点帮教对象", required=False)
    key_ground = forms.CharField(label="列为重点的理由", max_length=200, required=False)


class VisitForm(StyledForm):
    date = forms.DateField(label="走访日期", initial=timezone.localdate)
    kind = forms.ChoiceField(label="方式", choices=VisitKind.choices, initial=VisitKind.HOME)
    met = forms.BooleanField(label="见到本人", required=False, initial=True)
    content = forms.CharField(label="走访情况", widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="思想、生活、就业、家庭情况和需要的帮助")


class AssistanceForm(StyledForm):
    date = forms.DateField(label="帮扶日期", initial=timezone.localdate)
    kind = forms.ChoiceField(label="帮扶种类", choices=_choices(AssistanceKind.choices))
    content = forms.CharField(label="帮扶内容", max_length=300)


class LostForm(StyledForm):
    date = forms.DateField(label="失联日期", initial=timezone.localdate)
    note = forms.CharField(label="失联情况和查找措施", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class EndForm(StyledForm):
    reason = forms.ChoiceField(label="结束原因", choices=_choices(EndReason.choices))
    date = forms.DateField(label="结束日期", initial=timezone.localdate)
    reoffence = forms.CharField(label="重新犯罪罪名", max_length=200, required=False, help_text="重新犯罪的填写")


class GroupMemberForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50)
    role = forms.ChoiceField(label="身份", choices=_choices(GroupRole.choices))
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    task = forms.CharField(label="帮教任务", max_length=200, help_text="如 每月谈心一次、帮助联系就业、日常联系")


def _org_label(o: Any) -> str:
    return str(o.name)


class CoManageForm(StyledForm):
    """双列管: the office of the actual residence; empty ends it."""

    co_org = forms.ModelChoiceField(label="居住地司法所", queryset=Org.objects.none(), required=False,
                                    help_text="户籍地与居住地不一致的，由两地司法所共同管理；留空则解除双列管")
    co_note = forms.CharField(label="双列管说明", max_length=200, required=False, help_text="如 现居住地址、工作单位")

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["co_org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["co_org"].label_from_instance = _org_label  # type: ignore[attr-defined]


class AssistRequestForm(StyledForm):
    to_org = forms.ModelChoiceField(label="协查单位", queryset=Org.objects.none(), help_text="可能的去向地司法所，或县级司法局")
    reason = forms.ChoiceField(label="协查原因", choices=_choices(AssistReason.choices))
    details = forms.CharField(label="协查事项", widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="已掌握的线索：可能的去向、联系人、最后联系时间等")
    date = forms.DateField(label="发出日期", initial=timezone.localdate)

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["to_org"].label_from_instance = _org_label  # type: ignore[attr-defined]


class AssistReplyForm(StyledForm):
    result = forms.ChoiceField(label="协查结果", choices=_choices(AssistResult.choices))
    reply = forms.CharField(label="回复情况", widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="查到的写明现住址、联系方式和现状；未查到的写明已采取的查找措施")
    date = forms.DateField(label="回复日期", initial=timezone.localdate)


class PointsForm(StyledForm):
    item = forms.ModelChoiceField(label="积分项目", queryset=Org.objects.none())
    date = forms.DateField(label="日期", initial=timezone.localdate)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
