"""Dialog forms of 社区矫正; each maps onto one service call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from core.forms import SamePersonField, StyledForm
from corrections.choices import (
    CommissioningBody,
    CorrectionType,
    EndReason,
    IntervieweeKind,
    Opinion,
    TeamRole,
    TemporaryOutsideReason,
)
from orgs.models import Org


class SubjectFields(StyledForm):
    """The judgment and reception data, shared by the reception and the edit dialog."""

    correction_type = forms.ChoiceField(label="矫正类别", choices=[("", "请选择"), *CorrectionType.choices])
    crime = forms.CharField(label="罪名", max_length=200, help_text="如 危险驾驶罪；数罪的用顿号分隔")
    decision_organ = forms.CharField(label="社区矫正决定机关", max_length=100, help_text="如 赤峰市红山区人民法院")
    decision_number = forms.CharField(label="法律文书文号", max_length=60, help_text="判决书、裁定书或决定书文号，如 （2026）内0402刑初123号")
    effective_date = forms.DateField(label="生效日期", help_text="判决、裁定或决定生效之日")
    start_date = forms.DateField(label="矫正期限起", help_text="缓刑从判决确定之日起计算（刑法 第七十三条）")
    end_date = forms.DateField(label="矫正期限止")
    reported_date = forms.DateField(label="报到日期", initial=timezone.localdate,
                                    help_text="应自判决、裁定生效之日起十日内报到（社区矫正法 第二十一条）")
    officer = forms.ModelChoiceField(label="矫正责任人", queryset=Org.objects.none(), required=False, help_text="不选则为本人")

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]
        self.fields["officer"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]


class ReceiveForm(SubjectFields):
    """接收报到登记: who reported (identity verified by the ID number) and the legal documents they brought."""

    org = forms.ModelChoiceField(label="接收司法所", queryset=Org.objects.none())
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号码", max_length=18, help_text="核实身份后填写；与人员信息库自动关联")
    same_person = SamePersonField()
    phone = forms.CharField(label="联系电话", max_length=20, required=False)

    temporary_reason = forms.ChoiceField(label="暂予监外执行情形", required=False,
                                         choices=[("", "不适用"), *TemporaryOutsideReason.choices])
    has_prohibition = forms.BooleanField(label="判决宣告了禁止令", required=False)
    prohibition = forms.CharField(label="禁止令内容", max_length=200, required=False, help_text="勾选“判决宣告了禁止令”的必填，照判决书原文")

    field_order = ["org", "name", "id_number", "same_person", "phone", "correction_type", "crime", "decision_organ", "decision_number",
                   "effective_date", "start_date", "end_date", "reported_date", "officer", "temporary_reason",
                   "has_prohibition", "prohibition"]

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        if orgs.count() == 1:
            self.fields["org"].initial = orgs.first()


class ReleaseForm(StyledForm):
    """解除或终止社区矫正 (社区矫正法 第四十四条、第四十五条)."""

    reason = forms.ChoiceField(label="原因", choices=EndReason.choices,
                               help_text="矫正期满、被赦免为解除（第四十四条）；撤销缓刑、撤销假释、收监执行、死亡为终止（第四十五条）")
    date = forms.DateField(label="解除（终止）日期", initial=timezone.localdate)
    note = forms.CharField(label="说明", max_length=200, required=False,
                           help_text="如 解除社区矫正证明书编号，或撤销缓刑裁定书文号")


# --- 调查评估 ---------------------------------------------------------------------------------------------------


class InvestigationForm(StyledForm):
    """登记调查评估委托 (社区矫正法 第十八条)."""

    org = forms.ModelChoiceField(label="承办司法所", queryset=Org.objects.none())
    body_type = forms.ChoiceField(label="委托机关类别", choices=[("", "请选择"), *CommissioningBody.choices])
    body_name = forms.CharField(label="委托机关", max_length=100, help_text="如 赤峰市红山区人民法院")
    case_number = forms.CharField(label="委托函文号或案号", max_length=60, help_text="如 （2026）内0402刑初456号")
    name = forms.CharField(label="被调查人姓名", max_length=50)
    id_number = forms.CharField(label="身份证号码", max_length=18, required=False, help_text="委托函载明的，填写后与人员信息库关联")
    same_person = SamePersonField()
    proposed_type = forms.ChoiceField(label="拟适用矫正类别", choices=[("", "请选择"), *CorrectionType.choices])
    crime = forms.CharField(label="涉嫌（所犯）罪名", max_length=200)
    received_date = forms.DateField(label="收到委托日期", initial=timezone.localdate,
                                    help_text="收到委托函及所附材料之日，期限自次日起按工作日计算")
    fast_track = forms.BooleanField(label="适用速裁程序（五个工作日内完成）", required=False)

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        if orgs.count() == 1:
            self.fields["org"].initial = orgs.first()


class ExtendForm(StyledForm):
    due_date = forms.DateField(label="延长至", help_text="须为工作日")
    reason = forms.CharField(label="延期理由及委托机关同意情况", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


class InterviewForm(StyledForm):
    date = forms.DateField(label="走访日期", initial=timezone.localdate)
    kind = forms.ChoiceField(label="走访对象类别", choices=IntervieweeKind.choices)
    interviewee = forms.CharField(label="被走访人", max_length=100)
    place = forms.CharField(label="地点", max_length=100, required=False)
    content = forms.CharField(label="走访情况", widget=forms.Textarea(attrs={"rows": 4}))


class IssueForm(StyledForm):
    findings = forms.CharField(label="调查情况", widget=forms.Textarea(attrs={"rows": 6}),
                               help_text="居所、家庭和社会关系、一贯表现、犯罪行为的后果和影响、村（居）委会和被害人意见等，每项一行")
    opinion = forms.ChoiceField(label="评估意见", choices=[("", "请选择"), *Opinion.choices])
    reasons = forms.CharField(label="意见理由", widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(label="出具意见日期", initial=timezone.localdate)


class ConfirmForm(StyledForm):
    """A confirmation without fields (报备案)."""


class ReviewForm(StyledForm):
    decision = forms.ChoiceField(label="审查结果", choices=[("accept", "同意备案"), ("return", "退回补正")])
    note = forms.CharField(label="审查意见", max_length=200, required=False, help_text="退回的必须写明理由")


# --- 交付与接收 -------------------------------------------------------------------------------------------------


class ArrivalForm(StyledForm):
    """登记交付通知 (社区矫正法 第二十条)."""

    org = forms.ModelChoiceField(label="接收司法所", queryset=Org.objects.none())
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号码", max_length=18)
    same_person = SamePersonField()
    correction_type = forms.ChoiceField(label="矫正类别", choices=[("", "请选择"), *CorrectionType.choices])
    decision_organ = forms.CharField(label="社区矫正决定机关", max_length=100)
    decision_number = forms.CharField(label="法律文书文号", max_length=60)
    effective_date = forms.DateField(label="生效日期")
    notice_date = forms.DateField(label="收到通知日期", initial=timezone.localdate)

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        if orgs.count() == 1:
            self.fields["org"].initial = orgs.first()


class MissingForm(StyledForm):
    note = forms.CharField(label="查找经过", max_length=200, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="电话联系、走访住所、协查公安机关等情况")


class ProhibitionForm(StyledForm):
    content = forms.CharField(label="禁止令内容", max_length=200, help_text="照判决书原文填写")
    start_date = forms.DateField(label="期限起", required=False)
    end_date = forms.DateField(label="期限止", required=False)


class ReceptionForm(StyledForm):
    temporary_reason = forms.ChoiceField(label="暂予监外执行情形", required=False,
                                         choices=[("", "不适用"), *TemporaryOutsideReason.choices])
    announced_date = forms.DateField(label="入矫宣告日期", required=False)
    place = forms.CharField(label="宣告地点", max_length=100, required=False)


class MemberForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50)
    role = forms.ChoiceField(label="身份", choices=TeamRole.choices)
    sex = forms.ChoiceField(label="性别", choices=[("", "请选择"), ("1", "男"), ("2", "女")])
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    knows_minors = forms.BooleanField(label="熟悉未成年人身心特点", required=False)


class HandoverForm(StyledForm):
    appraisal = forms.CharField(label="期满鉴定意见", widget=forms.Textarea(attrs={"rows": 5}))
    needs = forms.CharField(label="帮扶需求", max_length=200, required=False)
    handed_to = forms.CharField(label="接收安置帮教的单位或人员", max_length=100, required=False)
    handover_date = forms.DateField(label="交接日期", required=False)
    announced_date = forms.DateField(label="解矫宣告日期", required=False)
