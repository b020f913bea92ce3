"""Dialog forms of 社区矫正; each maps onto one service call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from core.forms import StyledForm
from corrections.choices import CorrectionType, EndReason
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
    phone = forms.CharField(label="联系电话", max_length=20, required=False)

    field_order = ["org", "name", "id_number", "phone", "correction_type", "crime", "decision_organ", "decision_number",
                   "effective_date", "start_date", "end_date", "reported_date", "officer"]

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
