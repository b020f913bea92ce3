"""Dialog forms of 人民调解; each maps onto one service call."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from core.dictionaries import dict_choices
from core.errors import ErrorCollector
from core.forms import PROMPT, IdNumberField, PhoneField, SamePersonField, StyledForm, group_choices
from mediation import services
from mediation.choices import CommitteeType, ExpertKind, MemberPosition, Outcome, RejectReason, Source, UnperformedRoute
from mediation.models import Dispute, FollowUp, Mediator
from orgs.selectors import org_choice_groups
from people.services import PersonInput, person_input_check

_today = timezone.localdate


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def mediator_groups(mediators: Any) -> list[tuple[str, list[tuple[Any, str]]]]:
    """Mediators for a picker, grouped by their committee (or office), full-time ones marked."""
    groups: dict[str, list[tuple[Any, str]]] = {}
    for m in mediators.select_related("org", "person").order_by("org__path", "person__name"):
        groups.setdefault(m.org.name, []).append((m.pk, f"{m.person.name}{'（专职）' if m.is_full_time else ''}"))
    return list(groups.items())


class DisputeRegisterForm(StyledForm):
    org = forms.ModelChoiceField(label="受理组织", queryset=Mediator.objects.none())
    title = forms.CharField(label="纠纷名称", max_length=100, help_text="如：王某与李某宅基地纠纷")
    category = forms.ChoiceField(label="纠纷类型")
    source = forms.ChoiceField(label="案件来源", choices=Source.choices)
    received_date = forms.DateField(label="登记日期", initial=_today)
    facts = forms.CharField(label="纠纷简要情况", widget=_textarea(4))
    claims = forms.CharField(label="申请事项", required=False, widget=_textarea(2))
    amount = forms.DecimalField(label="涉及金额（元）", required=False, min_value=0, decimal_places=2, max_digits=14)
    people_count = forms.IntegerField(label="涉及人数", min_value=1, initial=2)
    is_group = forms.BooleanField(label="群体性纠纷", required=False)
    may_turn_criminal = forms.BooleanField(label="可能激化为治安、刑事案件", required=False)
    applicant_name = forms.CharField(label="申请人姓名", max_length=50)
    applicant_id_number = IdNumberField(label="申请人身份证号码", party="申请人", required=False)
    applicant_phone = PhoneField(label="申请人联系电话", party="申请人", required=False)
    respondent_name = forms.CharField(label="被申请人姓名", max_length=50)
    respondent_id_number = IdNumberField(label="被申请人身份证号码", party="被申请人", required=False)
    same_person = SamePersonField()
    respondent_phone = PhoneField(label="被申请人联系电话", party="被申请人", required=False)

    wide_fields = ("title",)

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        group_choices(self.fields["org"], org_choice_groups(orgs))  # type: ignore[arg-type]
        if orgs.count() == 1:
            self.fields["org"].initial = orgs.first()
        self.fields["category"].choices = [("", PROMPT), *dict_choices("dispute_category")]  # type: ignore[attr-defined]

    def service_check(self, cleaned: dict[str, Any]) -> None:
        """The registration's and each party's rules in the same round as the required fields (a future 登记日期
        beside an empty 纠纷名称), each party's error at its own field naming the party."""
        errors = ErrorCollector()
        with errors.check():
            services.dispute_input_check(services.DisputeInput(
                title=cleaned.get("title") or "", category=cleaned.get("category") or "", facts=cleaned.get("facts") or "",
                received_date=cleaned.get("received_date"),  # type: ignore[arg-type]  # None: left empty, the form says so
                amount=cleaned.get("amount") or Decimal(0)), parties=False)
        for prefix, party in (("applicant_", "申请人"), ("respondent_", "被申请人")):
            if cleaned.get(f"{prefix}name"):
                with errors.check(prefix=prefix, party=party):
                    person_input_check(PersonInput(name=cleaned[f"{prefix}name"], id_number=cleaned.get(f"{prefix}id_number") or "",
                                                   phone=cleaned.get(f"{prefix}phone") or ""))
        errors.raise_if_any()


class DisputeStepForm(StyledForm):
    """A dialog of one step of a dispute: ``dispute`` (None for a preview) lets it run the step's service checks
    (its dates against the dispute's) in the same round as its own."""

    def __init__(self, *args: Any, dispute: Dispute | None = None, **kwargs: Any) -> None:
        self.dispute = dispute
        super().__init__(*args, **kwargs)


class AcceptForm(DisputeStepForm):
    accepted_date = forms.DateField(label="受理日期", initial=_today)
    mediators = forms.ModelMultipleChoiceField(label="指派调解员", queryset=Mediator.objects.none(), required=False,
                                               help_text="可多选；也可在受理后再指派")
    chosen_by_parties = forms.BooleanField(label="调解员由当事人选择", required=False,
                                           help_text="人民调解法 第十九条：调委会指定，或由当事人选择")

    def __init__(self, *args: Any, mediators: Any, requested: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediators"].queryset = mediators  # type: ignore[attr-defined]
        group_choices(self.fields["mediators"], mediator_groups(mediators))  # type: ignore[arg-type]
        if requested:
            self.fields["mediators"].help_text = f"当事人希望选择：{requested}"
            self.fields["chosen_by_parties"].initial = True

    def service_check(self, cleaned: dict[str, Any]) -> None:
        if self.dispute is not None:
            services.accept_check(self.dispute, cleaned.get("accepted_date"))


class RejectForm(StyledForm):
    reason = forms.ChoiceField(label="不予受理事由", choices=[("", PROMPT), *RejectReason.choices])
    date = forms.DateField(label="日期", initial=_today)


class AssignForm(StyledForm):
    mediators = forms.ModelMultipleChoiceField(label="调解员", queryset=Mediator.objects.none())
    chosen_by_parties = forms.BooleanField(label="调解员由当事人选择", required=False,
                                           help_text="人民调解法 第十九条：调委会指定，或由当事人选择")
    experts = forms.ModelMultipleChoiceField(label="邀请专家（专家会诊）", queryset=Mediator.objects.none(), required=False)

    def __init__(self, *args: Any, mediators: Any, experts: Any, requested: str = "", chosen: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediators"].queryset = mediators  # type: ignore[attr-defined]
        group_choices(self.fields["mediators"], mediator_groups(mediators))  # type: ignore[arg-type]
        self.fields["experts"].queryset = experts  # type: ignore[attr-defined]
        if requested:
            self.fields["mediators"].help_text = f"当事人希望选择：{requested}"
        self.fields["chosen_by_parties"].initial = chosen or bool(requested)


class InvestigationForm(StyledForm):
    date = forms.DateField(label="调查时间", initial=_today)
    place = forms.CharField(label="调查地点", max_length=100)
    investigators = forms.CharField(label="调查人", max_length=100)
    respondent = forms.CharField(label="被调查人", max_length=100)
    content = forms.CharField(label="调查内容", widget=_textarea(5))


class SessionForm(DisputeStepForm):
    date = forms.DateField(label="调解时间", initial=_today)
    place = forms.CharField(label="调解地点", max_length=100, initial="司法所调解室")
    hosts = forms.CharField(label="主持调解员", max_length=100)
    recorder = forms.CharField(label="记录人", max_length=50, required=False)
    attendees = forms.CharField(label="参加人", max_length=200, required=False, help_text="受邀的亲属、邻里、专家等")
    is_public = forms.BooleanField(label="公开调解", required=False)
    record = forms.CharField(label="调解情况", widget=_textarea(8))

    def service_check(self, cleaned: dict[str, Any]) -> None:
        if self.dispute is not None:
            services.session_check(self.dispute, date=cleaned.get("date"), record=None)


def split_bodies(text: str) -> list[str]:
    """派出所、人民法庭，信访办 → the names, split on 顿号, commas, semicolons or new lines."""
    return [b for b in re.split(r"[、，,；;\n]+", text or "") if b.strip()]


_JOINT_HELP = "多个单位用顿号分隔，如 派出所、人民法庭、信访办、人社局、住建局"


class EscalateForm(StyledForm):
    to_org = forms.ModelChoiceField(label="提交至", queryset=Mediator.objects.none())
    reason = forms.CharField(label="升级原因", widget=_textarea(3))
    joint_bodies = forms.CharField(label="联合调解参与单位", max_length=300, required=False,
                                   help_text=f"提交后组织联合调解的填写；{_JOINT_HELP}")

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = orgs  # type: ignore[attr-defined]

    def clean_joint_bodies(self) -> list[str]:
        return split_bodies(self.cleaned_data["joint_bodies"])


class JointMediationForm(StyledForm):
    """联合调解: the bodies taking part; naming them again replaces the list (the timeline keeps each version)."""

    joint_bodies = forms.CharField(label="参加联合调解的单位", max_length=300, help_text=_JOINT_HELP)
    note = forms.CharField(label="说明", max_length=100, required=False, help_text="如：涉及工程款，邀请住建局参加")

    wide_fields = ("joint_bodies",)

    def clean_joint_bodies(self) -> list[str]:
        return split_bodies(self.cleaned_data["joint_bodies"])


class RiskForm(StyledForm):
    date = forms.DateField(label="报告公安机关日期", initial=_today)
    note = forms.CharField(
        label="报告情况", max_length=200, help_text="人民调解法 第二十五条：可能激化为治安案件、刑事案件的，应当及时向公安机关报告"
    )


class AgreementForm(DisputeStepForm):
    kind = forms.ChoiceField(label="协议形式", choices=Outcome.choices[:2])
    signed_date = forms.DateField(label="当事人签字（达成协议）日期", required=False,
                                  help_text="书面协议自各方当事人签名、调解员签名并加盖调委会印章之日起生效")
    facts = forms.CharField(label="纠纷主要事实、争议事项", widget=_textarea(3))
    responsibilities = forms.CharField(label="各方当事人的责任", required=False, widget=_textarea(2))
    content = forms.CharField(label="协议内容", widget=_textarea(4))
    performance_method = forms.CharField(label="履行方式", max_length=200, required=False)
    amount = forms.DecimalField(label="协议金额（元）", required=False, min_value=0, decimal_places=2, max_digits=14)

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "（无）"), *[(str(p.pk), f"{p.get_role_display()} {p.person.name}") for p in parties]]
        for i in (1, 2, 3):
            self.fields[f"item{i}_obligor"] = forms.ChoiceField(label=f"履行事项{i}：履行人", choices=choices, required=False)
            self.fields[f"item{i}_description"] = forms.CharField(label=f"履行事项{i}：内容", max_length=200, required=False)
            self.fields[f"item{i}_amount"] = forms.DecimalField(label=f"履行事项{i}：金额（元）", required=False, min_value=0)
            self.fields[f"item{i}_due"] = forms.DateField(label=f"履行事项{i}：期限", required=False)
        for name in [n for n in self.fields if n.startswith("item")]:
            self.style_field(name, self.fields[name])

    def _items(self, cleaned: dict[str, Any], errors: ErrorCollector) -> list[services.PerformanceInput]:
        """The performance items filled in; an item half filled in is an error at its first empty field."""
        out = []
        for i in (1, 2, 3):
            obligor = cleaned.get(f"item{i}_obligor")
            description = cleaned.get(f"item{i}_description") or ""
            due = cleaned.get(f"item{i}_due")
            if not obligor and not description and not due and not self.has_error(f"item{i}_due"):
                continue
            if not (obligor and description and due):
                empty = next(n for n, v in (("obligor", obligor), ("description", description), ("due", due)) if not v)
                if not self.has_error(f"item{i}_{empty}"):
                    errors.add(f"履行事项{i}须同时填写履行人、内容和期限", field=f"item{i}_{empty}")
                continue
            out.append(services.PerformanceInput(obligor_party_id=int(obligor), description=description, due_date=due,
                                                 amount=cleaned.get(f"item{i}_amount") or Decimal(0), field=f"item{i}"))
        return out

    def items(self) -> list[tuple[int, str, Decimal, dt.date]]:
        errors = ErrorCollector()
        items = self._items(self.cleaned_data, errors)
        errors.raise_if_any()
        return [(i.obligor_party_id, i.description, i.amount, i.due_date) for i in items]

    def service_check(self, cleaned: dict[str, Any]) -> None:
        """Every rule of the agreement in the same round as the required fields: a 签字日期 before the 受理日期, a
        履行期限 before the 签字日期, an item half filled in, each at its field."""
        errors = ErrorCollector()
        items = self._items(cleaned, errors)
        if self.dispute is not None:
            with errors.check():
                services.agreement_check(self.dispute, services.AgreementInput(
                    kind=cleaned.get("kind") or "", facts=cleaned.get("facts") or "", content=cleaned.get("content") or "",
                    signed_date=cleaned.get("signed_date") or None,  # type: ignore[arg-type]
                    items=items))
        errors.raise_if_any()


class FailForm(StyledForm):
    date = forms.DateField(label="终止调解日期", initial=_today)
    routes = forms.CharField(label="已告知当事人的其他途径", widget=_textarea(3),
                             initial="已告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利。",
                             help_text="人民调解法 第二十六条")


class PerformanceForm(StyledForm):
    item = forms.ChoiceField(label="履行事项")
    performed_date = forms.DateField(label="实际履行日期", initial=_today)

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(str(i.pk), f"{i.description}（期限 {i.due_date:%Y-%m-%d}）") for i in items]  # type: ignore[attr-defined]


class ConfirmationForm(StyledForm):
    applied_date = forms.DateField(label="申请司法确认日期", initial=_today)
    result = forms.CharField(label="确认结果", max_length=20, required=False, help_text="如：已裁定确认有效")


class FollowUpForm(DisputeStepForm):
    date = forms.DateField(label="回访时间", initial=_today)
    visitor = forms.CharField(label="回访人", max_length=50)
    visited = forms.CharField(label="回访对象", max_length=100)
    # No default: what the visit found is chosen by the visitor (a preset 已全部履行 would close the items unseen).
    performance = forms.ChoiceField(label="履行情况", choices=[("", PROMPT), *FollowUp.Performance.choices])
    satisfaction = forms.ChoiceField(label="满意度", choices=[("", PROMPT), *FollowUp.Satisfaction.choices])
    performed_items = forms.TypedMultipleChoiceField(
        label="已履行的事项", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="“已全部履行”时全部未履行事项记为回访当日已履行；“部分履行”时请勾选已履行的事项",
    )
    risk_found = forms.BooleanField(label="发现新的矛盾隐患", required=False)
    situation = forms.CharField(label="回访情况", widget=_textarea(4))

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(i.pk, f"{i.description}（期限 {i.due_date:%Y-%m-%d}）") for i in items]
        if choices:
            self.fields["performed_items"].choices = choices  # type: ignore[attr-defined]
        else:
            del self.fields["performed_items"]

    def service_check(self, cleaned: dict[str, Any]) -> None:
        if self.dispute is not None:
            services.followup_check(self.dispute, date=cleaned.get("date"), performance=None, satisfaction=None, situation=None)


class UnperformedForm(StyledForm):
    item = forms.TypedChoiceField(label="履行事项", coerce=int)
    route = forms.ChoiceField(label="后续处理", choices=UnperformedRoute.choices)
    note = forms.CharField(label="说明", max_length=200, required=False,
                           help_text="如 已告知当事人可以就协议履行向人民法院提起诉讼（人民调解法 第三十二条）")
    date = forms.DateField(label="处理日期", initial=_today)

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.pk, f"{i.description}（期限 {i.due_date:%Y-%m-%d}）") for i in items]  # type: ignore[attr-defined]


class DateForm(StyledForm):
    date = forms.DateField(label="日期", initial=_today)


class MediatorAppointForm(StyledForm):
    org = forms.ModelChoiceField(label="调解组织", queryset=Mediator.objects.none())
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号码", max_length=18, required=False)
    same_person = SamePersonField()
    sex = forms.ChoiceField(label="性别", choices=[("1", "男"), ("2", "女")], help_text="填写身份证号码时以号码为准")
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    position = forms.ChoiceField(label="职务", choices=MemberPosition.choices, initial=MemberPosition.MEMBER)
    is_full_time = forms.BooleanField(label="专职调解员", required=False)
    specialities = forms.CharField(label="擅长领域", max_length=200, required=False, help_text="如 婚姻家庭、邻里、土地")
    term_start = forms.DateField(label="任职开始", required=False)
    term_end = forms.DateField(label="任期届满", required=False, help_text="不填则按三年任期计算（人民调解法 第九条）")

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        group_choices(self.fields["org"], org_choice_groups(orgs))  # type: ignore[arg-type]


class TrainingForm(StyledForm):
    date = forms.DateField(label="培训日期", initial=_today)
    hours = forms.DecimalField(label="培训学时", min_value=Decimal("0.5"), max_value=Decimal(200), decimal_places=1, max_digits=4)
    topic = forms.CharField(label="培训内容", max_length=100, help_text="如：民法典婚姻家庭编与婚约财产纠纷调解")


class ExpertForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50)
    kind = forms.ChoiceField(label="类别", choices=ExpertKind.choices)
    speciality = forms.CharField(label="专业领域", max_length=200)
    employer = forms.CharField(label="工作单位", max_length=100, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)


class DisputeEditForm(StyledForm):
    title = forms.CharField(label="纠纷名称", max_length=100)
    category = forms.ChoiceField(label="纠纷类型")
    source = forms.ChoiceField(label="案件来源", choices=Source.choices)
    facts = forms.CharField(label="纠纷简要情况", widget=_textarea(4))
    claims = forms.CharField(label="申请事项", required=False, widget=_textarea(2))
    amount = forms.DecimalField(label="涉及金额（元）", min_value=0, decimal_places=2, max_digits=14)
    people_count = forms.IntegerField(label="涉及人数", min_value=1)
    is_group = forms.BooleanField(label="群体性纠纷", required=False)
    may_turn_criminal = forms.BooleanField(label="可能激化为治安、刑事案件", required=False)

    wide_fields = ("title",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = dict_choices("dispute_category")  # type: ignore[attr-defined]


class GridReportForm(StyledForm):
    """网格员上报: the few facts a grid worker knows on the spot."""

    org = forms.ModelChoiceField(label="所在村（社区）调委会", queryset=Mediator.objects.none())
    category = forms.ChoiceField(label="纠纷类型")
    facts = forms.CharField(label="纠纷情况", widget=_textarea(4), help_text="时间、地点、起因、目前状态")
    applicant_name = forms.CharField(label="一方当事人", max_length=50)
    applicant_phone = PhoneField(label="联系电话", party="一方当事人", required=False)
    respondent_name = forms.CharField(label="另一方当事人", max_length=50)
    respondent_phone = PhoneField(label="联系电话 ", party="另一方当事人", required=False)
    people_count = forms.IntegerField(label="涉及人数", min_value=2, initial=2)
    may_turn_criminal = forms.BooleanField(label="情绪激烈，可能引发治安或刑事案件", required=False)
    is_group = forms.BooleanField(label="涉及多人（群体性）", required=False)

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        group_choices(self.fields["org"], org_choice_groups(orgs))  # type: ignore[arg-type]
        if orgs.count() == 1:
            self.fields["org"].initial = orgs.first()
        self.fields["category"].choices = [("", PROMPT), *dict_choices("dispute_category")]  # type: ignore[attr-defined]


class TranscriptUploadForm(StyledForm):
    """上传笔录: a typed 调解笔录 or a speech-recognition result; read, never stored."""

    file = forms.FileField(
        label="笔录文件", error_messages={"required": "请选择要上传的笔录文件（.txt 或 .json）"},
        help_text="文本笔录每段话前注明身份，如“调解员王五：”“申请人：”；语音转写文件为含 speaker 和 text 的 JSON",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".txt,.json"
        self.fields["file"].wide = True  # type: ignore[attr-defined]


class CommitteeProfileForm(StyledForm):
    """调委会信息: type, trade, establishment and the current term (人民调解法 第八条、第九条、第三十四条)."""

    committee_type = forms.ChoiceField(label="调委会类型", choices=CommitteeType.choices)
    trade = forms.CharField(label="行业领域", max_length=50, required=False, help_text="行业性、专业性调委会填写，如 医疗、交通、劳动、物业")
    established = forms.DateField(label="成立日期", required=False)
    term_start = forms.DateField(label="本届任期开始", required=False)
    term_end = forms.DateField(label="本届任期届满", required=False, help_text="不填则按三年任期计算（人民调解法 第九条）")


class IdentityPartyForm(StyledForm):
    """身份待核实: which party of an online application (only the flagged ones are offered)."""

    party = forms.TypedChoiceField(label="当事人", coerce=int)

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(p.pk, f"{p.get_role_display()} {p.person.name}（{p.person.id_number_masked}）") for p in parties]
        self.fields["party"].choices = choices if len(choices) == 1 else [("", PROMPT), *choices]  # type: ignore[attr-defined]


class IdentityCorrectForm(IdentityPartyForm):
    """更正（录入有误）: the name and ID number as checked against the identity card."""

    name = forms.CharField(label="核实后的姓名", max_length=50)
    id_number = IdNumberField(label="核实后的身份证号码", help_text="照身份证原样填写")
