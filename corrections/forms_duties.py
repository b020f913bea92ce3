"""Dialog forms of the daily supervision of 社区矫正; each maps onto one service of ``corrections.duties``."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from core.forms import StyledForm
from corrections.choices_duties import Level, MonitoringTrigger, RequestKind, SanctionKind


class ScheduleForm(StyledForm):
    """按管理等级安排履行事项 (until the 矫正方案 is approved)."""

    level = forms.ChoiceField(label="管理等级", choices=Level.choices, help_text="按系统参数中该等级的默认标准安排；矫正方案批准后按方案重排")
    start = forms.DateField(label="起始日期", initial=timezone.localdate)
    end = forms.DateField(label="截止日期", help_text="不超过矫正期限止")


class FulfilForm(StyledForm):
    date = forms.DateField(label="履行日期", initial=timezone.localdate)
    hours = forms.DecimalField(label="本次时数", max_digits=4, decimal_places=1, required=False, help_text="教育学习、公益活动填写")
    note = forms.CharField(label="履行情况", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="如 谈话内容、走访对象、核查方式")


class ExcuseForm(StyledForm):
    reason = forms.CharField(label="免除理由", max_length=300, help_text="如 经批准外出期间、住院治疗")


class RequestForm(StyledForm):
    kind = forms.ChoiceField(label="申请事项", choices=RequestKind.choices)
    reason = forms.CharField(label="事由", max_length=300, help_text="就医、就学、参与诉讼、处理家庭或工作重要事务等")
    destination = forms.CharField(label="目的地、会见对象或新居住地", max_length=200, required=False)
    start_date = forms.DateField(label="起始日期")
    end_date = forms.DateField(label="结束日期")
    applied_date = forms.DateField(label="申请日期", initial=timezone.localdate)


class DecideForm(StyledForm):
    approve = forms.TypedChoiceField(label="审批结果", choices=[("1", "批准"), ("0", "不予批准")], coerce=lambda v: v == "1")
    note = forms.CharField(label="审批意见", max_length=300, required=False, help_text="不予批准的须写明理由")


class NoteForm(StyledForm):
    note = forms.CharField(label="说明", max_length=300, required=False)


class DateForm(StyledForm):
    date = forms.DateField(label="日期", initial=timezone.localdate)


class MonitoringForm(StyledForm):
    trigger = forms.ChoiceField(label="适用情形", choices=MonitoringTrigger.choices, help_text="社区矫正法 第二十九条第一款规定的五种情形")
    facts = forms.CharField(label="事实", max_length=300)
    approver = forms.CharField(label="批准人", max_length=50, help_text="县级司法行政部门负责人")
    approval_date = forms.DateField(label="批准日期", initial=timezone.localdate)
    start_date = forms.DateField(label="开始日期", initial=timezone.localdate)
    end_date = forms.DateField(label="期满日期", help_text="不超过三个月（第二十九条第二款）")
    device = forms.CharField(label="装置编号", max_length=50)


class RenewForm(StyledForm):
    facts = forms.CharField(label="继续使用的必要性", max_length=300)
    approver = forms.CharField(label="批准人", max_length=50, help_text="县级司法行政部门负责人")
    approval_date = forms.DateField(label="批准日期", initial=timezone.localdate)
    end_date = forms.DateField(label="延长至", help_text="每次延长不超过三个月")


class EndForm(StyledForm):
    date = forms.DateField(label="解除日期", initial=timezone.localdate)
    note = forms.CharField(label="解除说明", max_length=200, help_text="如 期满解除、经评估不需要继续使用")


class HandleForm(StyledForm):
    date = forms.DateField(label="处置日期", initial=timezone.localdate)
    handling = forms.CharField(label="处置情况", max_length=300, help_text="如 电话核实、实地查找、通报公安机关")


class AbscondForm(StyledForm):
    lost_date = forms.DateField(label="失去联系日期", initial=timezone.localdate)
    steps = forms.CharField(label="查找措施", widget=forms.Textarea(attrs={"rows": 3}), help_text="电话联系、信息化核查、实地查访、通报公安机关等")


class StepForm(StyledForm):
    step = forms.CharField(label="查找措施", max_length=300)


class FoundForm(StyledForm):
    found_date = forms.DateField(label="查找到日期", initial=timezone.localdate)
    result = forms.CharField(label="查找结果和失去联系的原因", max_length=300)


class SanctionForm(StyledForm):
    kind = forms.ChoiceField(label="奖惩类别", choices=SanctionKind.choices)
    facts = forms.CharField(label="事实和理由", widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(label="依据", max_length=200, initial="社区矫正法 第二十八条")
    decision_date = forms.DateField(label="决定日期", initial=timezone.localdate)
    suggested = forms.BooleanField(label="采纳平台建议", required=False, widget=forms.HiddenInput)


class ReviewForm(StyledForm):
    period = forms.CharField(label="考核期", max_length=10, help_text="如 2026-11（月度）或 2026Q4（季度）")


class MobileLoginForm(StyledForm):
    id_number = forms.CharField(label="身份证号码", max_length=18)
    code = forms.CharField(label="短信验证码", max_length=6, required=False)


class MobileReportForm(StyledForm):
    text = forms.CharField(label="报告内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
                           help_text="遵纪守法、接受监督管理、参加教育学习和公益活动的情况；居所、工作变动等须立即报告")
    photo = forms.FileField(label="附件照片", required=False, help_text="JPG 或 PNG，不超过 5MB")
