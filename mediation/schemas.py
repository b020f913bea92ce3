"""The request and response schemas of mediation/api.py (the OpenAPI document's components for this module)."""

import datetime as dt
import uuid as uuid_lib
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from core.api import SAME_PERSON_HELP, DeadlineOut, IdKeyFilters, In, choice_schema
from core.deadlines import open_deadlines_for
from core.dictionaries import dict_label
from mediation import selectors
from mediation.choices import CommitteeType, ExpertKind, MemberPosition, PartyRole, RejectReason, Source, Status
from mediation.models import Dispute, DisputeParty, Expert, FollowUp, Mediator, PerformanceItem
from mediation.tables import committee_type_text
from orgs.models import Org


def choice_list(choices: Any) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


class PartyOut(Schema):
    id: int = Field(..., description="当事人编号（本纠纷内），履行事项的履行人用它")
    role: str
    role_display: str
    name: str
    id_number_masked: str = Field(..., description="部分隐藏的身份证号码")
    phone: str
    occupation: str
    claim: str
    identity_unverified: bool = Field(..., description="身份待核实：网上申请所填身份证号码在本所已登记为另一姓名，待合并或更正")

    @staticmethod
    def resolve_role_display(obj: DisputeParty) -> str:
        return obj.get_role_display()

    @staticmethod
    def resolve_name(obj: DisputeParty) -> str:
        return obj.person.name

    @staticmethod
    def resolve_id_number_masked(obj: DisputeParty) -> str:
        return obj.person.id_number_masked

    @staticmethod
    def resolve_phone(obj: DisputeParty) -> str:
        return obj.person.phone


class MediatorBrief(Schema):
    uuid: uuid_lib.UUID
    name: str
    org_name: str

    @staticmethod
    def resolve_name(obj: Mediator) -> str:
        return obj.person.name

    @staticmethod
    def resolve_org_name(obj: Mediator) -> str:
        return obj.org.name


class DisputeOut(Schema):
    uuid: uuid_lib.UUID
    number: str = Field(..., description="受理编号，受理后生成")
    title: str
    category: str = Field(..., description="纠纷类型代码（码表 dispute_category）")
    category_display: str
    source: str
    source_display: str
    status: str
    status_display: str
    level: str
    level_display: str
    joint_bodies: list[str] = Field(..., description="联合调解参与单位（调处层级为联合调解时）")
    received_date: dt.date
    accepted_date: dt.date | None
    concluded_date: dt.date | None
    closed_date: dt.date | None
    archived_date: dt.date | None
    outcome: str
    outcome_display: str
    reject_reason: str
    reject_reason_display: str
    amount: Decimal = Field(..., description="涉及金额（元）")
    people_count: int
    is_group: bool
    may_turn_criminal: bool
    reported_to_police_date: dt.date | None
    org_code: str
    org_name: str
    parties: list[PartyOut]
    mediators: list[MediatorBrief]

    @staticmethod
    def resolve_category_display(obj: Dispute) -> str:
        return dict_label("dispute_category", obj.category)

    @staticmethod
    def resolve_source_display(obj: Dispute) -> str:
        return obj.get_source_display()

    @staticmethod
    def resolve_status_display(obj: Dispute) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_level_display(obj: Dispute) -> str:
        return obj.get_level_display()

    @staticmethod
    def resolve_outcome_display(obj: Dispute) -> str:
        return obj.get_outcome_display()

    @staticmethod
    def resolve_reject_reason_display(obj: Dispute) -> str:
        return obj.get_reject_reason_display()

    @staticmethod
    def resolve_org_code(obj: Dispute) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: Dispute) -> str:
        return obj.org.name

    @staticmethod
    def resolve_parties(obj: Dispute) -> list[DisputeParty]:
        return list(obj.parties.all())

    @staticmethod
    def resolve_mediators(obj: Dispute) -> list[Mediator]:
        return list(obj.mediators.all())


class StepOut(Schema):
    date: dt.date
    kind: str
    summary: str


class InvestigationOut(Schema):
    id: int
    date: dt.date
    place: str
    investigators: str
    respondent: str
    content: str


class SessionOut(Schema):
    id: int
    date: dt.date
    place: str
    hosts: str
    attendees: str
    recorder: str
    is_public: bool
    joint_bodies: list[str] = Field(..., description="记录本次调解时参加联合调解的单位")
    record: str


class ItemOut(Schema):
    id: int = Field(..., description="履行事项编号，记录履行时用它")
    obligor_party_id: int
    obligor_name: str
    description: str
    amount: Decimal
    due_date: dt.date
    performed_date: dt.date | None
    unperformed_route: str = Field("", description="未履行的后续处理：next_step 已告知后续途径，confirmation 已申请司法确认，"
                                                   "litigation 已向人民法院起诉")
    unperformed_note: str = ""

    @staticmethod
    def resolve_obligor_party_id(obj: PerformanceItem) -> int:
        return obj.obligor_id

    @staticmethod
    def resolve_obligor_name(obj: PerformanceItem) -> str:
        return obj.obligor.person.name


class AgreementOut(Schema):
    kind: str
    kind_display: str
    number: str
    facts: str
    responsibilities: str
    content: str
    performance_method: str
    amount: Decimal
    signed_date: dt.date
    effective_date: dt.date
    copies: int
    confirmation_deadline: dt.date = Field(..., description="人民调解法 第三十三条：自协议生效之日起三十日内共同申请司法确认")
    confirmation_applied: dt.date | None
    confirmation_result: str
    items: list[ItemOut]

    @staticmethod
    def resolve_kind_display(obj: Any) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_items(obj: Any) -> list[PerformanceItem]:
        return list(obj.items.all())


class FollowUpOut(Schema):
    id: int
    date: dt.date
    visitor: str
    visited: str
    performance: str
    performance_display: str
    satisfaction: str
    satisfaction_display: str
    situation: str
    risk_found: bool

    @staticmethod
    def resolve_performance_display(obj: Any) -> str:
        return obj.get_performance_display()

    @staticmethod
    def resolve_satisfaction_display(obj: Any) -> str:
        return obj.get_satisfaction_display()


class ExpertBrief(Schema):
    uuid: uuid_lib.UUID
    name: str
    kind_display: str
    speciality: str

    @staticmethod
    def resolve_kind_display(obj: Expert) -> str:
        return obj.get_kind_display()


class DisputeDetailOut(DisputeOut):
    facts: str
    claims: str
    failure_routes: str
    experts: list[ExpertBrief]
    steps: list[StepOut] = Field(..., description="办理过程")
    investigations: list[InvestigationOut]
    sessions: list[SessionOut]
    agreement: AgreementOut | None
    followups: list[FollowUpOut]
    deadlines: list[DeadlineOut] = Field(..., description="进行中的期限")

    @staticmethod
    def resolve_experts(obj: Dispute) -> list[Expert]:
        return list(obj.experts.all())

    @staticmethod
    def resolve_steps(obj: Dispute) -> list[Any]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_investigations(obj: Dispute) -> list[Any]:
        return list(obj.investigations.all())

    @staticmethod
    def resolve_sessions(obj: Dispute) -> list[Any]:
        return list(obj.sessions.all())

    @staticmethod
    def resolve_agreement(obj: Dispute) -> Any:
        return getattr(obj, "agreement", None)

    @staticmethod
    def resolve_followups(obj: Dispute) -> list[Any]:
        return list(obj.followups.all())

    @staticmethod
    def resolve_deadlines(obj: Dispute) -> list[Any]:
        return list(open_deadlines_for(obj).order_by("due_date", "id"))


class DisputeFilters(IdKeyFilters):
    """The filters of the 矛盾纠纷台账 page (mediation.filtersets.DisputeFilterSet)."""

    q: str | None = Field(None, max_length=50, description="关键字：名称、受理编号或当事人姓名包含")
    category: str | None = Field(None, max_length=40, description="纠纷类型代码")
    status: Annotated[Status, choice_schema(Status, description="状态")] | None = None
    source: Annotated[Source, choice_schema(Source, description="案件来源")] | None = None
    mediator: str | None = Field(None, max_length=50, description="调解员姓名包含")
    date_from: dt.date | None = Field(None, description="登记日期起")
    date_to: dt.date | None = Field(None, description="登记日期止")
    overdue: bool | None = Field(None, description="是否有已超期的期限")
    org: str | None = Field(None, max_length=100, description="办理单位名称包含")
    org_under: str | None = Field(None, max_length=32, description="机构编码：该单位及其下级办理的纠纷")
    accepted_from: dt.date | None = Field(None, description="受理日期起")
    accepted_to: dt.date | None = Field(None, description="受理日期止")
    concluded_from: dt.date | None = Field(None, description="调结日期起")
    concluded_to: dt.date | None = Field(None, description="调结日期止")
    may_turn_criminal: bool | None = Field(None, description="可能激化为治安、刑事案件")
    is_group: bool | None = Field(None, description="群体性纠纷")


class PartyIn(In):
    role: Annotated[PartyRole, choice_schema(PartyRole, description="身份")]
    name: str = Field(..., max_length=50, description="姓名")
    id_number: str = Field("", max_length=18, description="公民身份号码；本单位已登记的人员按号码复用，其他单位的登记不会带出")
    phone: str = Field("", max_length=20)
    occupation: str = Field("", max_length=50, description="职业或职务")
    claim: str = Field("", max_length=2000, description="该当事人的主张")


class DisputeFields(In):
    title: str = Field(..., max_length=100, description="纠纷名称，如：王某与李某宅基地纠纷")
    category: str = Field(..., max_length=40, description="纠纷类型代码（码表 dispute_category）")
    source: Annotated[Source, choice_schema(Source, description="案件来源")] = Source.APPLICATION
    facts: str = Field(..., max_length=5000, description="纠纷简要情况")
    claims: str = Field("", max_length=2000, description="申请事项")
    amount: Decimal = Field(Decimal(0), max_digits=14, decimal_places=2, description="涉及金额（元）")
    people_count: int = Field(2, ge=1, le=100000, description="涉及人数")
    is_group: bool = Field(False, description="群体性纠纷")
    may_turn_criminal: bool = Field(False, description="可能激化为治安、刑事案件")


class DisputeRegisterIn(DisputeFields):
    org: str = Field(..., max_length=32, description="受理组织（人民调解委员会或司法所）的机构编码")
    received_date: dt.date | None = Field(None, description="登记日期，默认今天")
    parties: list[PartyIn] = Field(..., description="当事人：至少一名申请人和一名被申请人")
    same_person: bool = Field(False, description=SAME_PERSON_HELP)


class DisputePatchIn(In):
    title: str | None = Field(None, max_length=100)
    category: str | None = Field(None, max_length=40)
    source: Annotated[Source, choice_schema(Source, description="案件来源")] | None = None
    facts: str | None = Field(None, max_length=5000)
    claims: str | None = Field(None, max_length=2000)
    amount: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    people_count: int | None = Field(None, ge=1, le=100000)
    is_group: bool | None = None
    may_turn_criminal: bool | None = None


class AcceptIn(In):
    accepted_date: dt.date | None = Field(None, description="受理日期，默认今天")
    mediators: list[uuid_lib.UUID] = Field(default_factory=list, description="同时指派的调解员（调解员接口中的 uuid），可不填")


class RejectIn(In):
    reason: Annotated[RejectReason, choice_schema(RejectReason, description="不予受理事由")]
    date: dt.date | None = Field(None, description="日期，默认今天")


class AssignIn(In):
    mediators: list[uuid_lib.UUID] = Field(..., description="调解员 uuid，至少一名")
    experts: list[uuid_lib.UUID] | None = Field(None, description="邀请的专家 uuid（专家会诊）；不填则不改变")
    chosen_by_parties: bool = Field(False, description="调解员由当事人选择（否则为调委会指定；人民调解法 第十九条）")


class EscalateIn(In):
    to_org: str = Field(..., max_length=32, description="上级调解组织或司法所的机构编码")
    reason: str = Field(..., max_length=1000, description="升级调处的原因")
    joint_bodies: list[str] = Field([], max_length=10, description="提交后组织联合调解的参与单位，如 派出所、人民法庭、信访办")


class RiskIn(In):
    date: dt.date | None = Field(None, description="报告公安机关日期，默认今天")
    note: str = Field(..., max_length=200, description="报告情况")


class InvestigationIn(In):
    date: dt.date | None = Field(None, description="调查时间，默认今天")
    place: str = Field(..., max_length=100)
    investigators: str = Field(..., max_length=100, description="调查人")
    respondent: str = Field(..., max_length=100, description="被调查人")
    content: str = Field(..., max_length=20000, description="调查内容")


class SessionIn(In):
    date: dt.date | None = Field(None, description="调解时间，默认今天")
    place: str = Field(..., max_length=100)
    hosts: str = Field(..., max_length=100, description="主持调解员")
    attendees: str = Field("", max_length=200, description="参加人（受邀的亲属、邻里、专家等）")
    recorder: str = Field("", max_length=50, description="记录人")
    is_public: bool = Field(False, description="公开调解")
    record: str = Field(..., max_length=100000, description="调解情况")


class ItemIn(In):
    obligor_party_id: int = Field(..., description="履行人：纠纷详情中当事人的 id")
    description: str = Field(..., max_length=200, description="履行内容")
    amount: Decimal = Field(Decimal(0), max_digits=14, decimal_places=2, description="金额（元）")
    due_date: dt.date = Field(..., description="履行期限")


class AgreementIn(In):
    kind: Literal["written", "oral"] = Field(..., description="协议形式：written 书面协议（人民调解法 第二十九条），oral 口头协议（第三十条）")
    signed_date: dt.date | None = Field(None, description="当事人签字（口头协议为达成协议）日期，默认今天")
    facts: str = Field(..., max_length=5000, description="纠纷主要事实、争议事项")
    responsibilities: str = Field("", max_length=5000, description="各方当事人的责任")
    content: str = Field(..., max_length=10000, description="协议内容")
    performance_method: str = Field("", max_length=200, description="履行方式")
    amount: Decimal = Field(Decimal(0), max_digits=14, decimal_places=2, description="协议金额（元）")
    copies: int = Field(0, ge=0, le=50, description="份数；不填则为当事人人数加一（当事人各执一份，调委会留存一份）")
    items: list[ItemIn] = Field(default_factory=list, description="履行事项及期限")


class FailIn(In):
    date: dt.date | None = Field(None, description="终止调解日期，默认今天")
    routes: str = Field(..., max_length=2000, description="已告知当事人的其他解决途径（人民调解法 第二十六条）")


class PerformanceIn(In):
    item: int = Field(..., description="履行事项的 id（纠纷详情 agreement.items）")
    performed_date: dt.date | None = Field(None, description="实际履行日期，默认今天")


class ConfirmationIn(In):
    applied_date: dt.date | None = Field(None, description="申请司法确认日期，默认今天")
    result: str = Field("", max_length=20, description="确认结果，如：已裁定确认有效")


class FollowUpIn(In):
    date: dt.date | None = Field(None, description="回访时间，默认今天")
    visitor: str = Field(..., max_length=50, description="回访人")
    visited: str = Field(..., max_length=100, description="回访对象")
    performance: Annotated[FollowUp.Performance, choice_schema(FollowUp.Performance, description="履行情况")]
    satisfaction: Annotated[FollowUp.Satisfaction, choice_schema(FollowUp.Satisfaction, description="满意度")]
    situation: str = Field(..., max_length=5000, description="回访情况")
    risk_found: bool = Field(False, description="发现新的矛盾隐患")
    performed_items: list[int] = Field([], description="部分履行时已履行事项的 id（纠纷详情 agreement.items）；"
                                                       "已全部履行时全部未履行事项记为回访当日已履行")


class UnperformedIn(In):
    item: int = Field(..., description="履行事项的 id（纠纷详情 agreement.items）")
    route: str = Field(..., max_length=20, description="后续处理：next_step 已告知后续途径，confirmation 已申请司法确认，"
                                                       "litigation 已向人民法院起诉")
    note: str = Field("", max_length=200, description="说明；已告知后续途径时必填")
    date: dt.date | None = Field(None, description="处理日期，默认今天")


class DateIn(In):
    date: dt.date | None = Field(None, description="日期，默认今天")


class IdentityMergeIn(In):
    party: int = Field(..., description="身份待核实的当事人：纠纷详情中该当事人的 id（identity_unverified 为 true）")


class IdentityCorrectIn(IdentityMergeIn):
    name: str = Field(..., min_length=1, max_length=50, description="核实后的姓名")
    id_number: str = Field(..., min_length=1, max_length=18, description="核实后的身份证号码")


class MediatorOut(Schema):
    uuid: uuid_lib.UUID
    name: str = Field(..., alias="person.name")
    sex_display: str
    phone: str = Field(..., alias="person.phone")
    org_code: str = Field(..., alias="org.code")
    org_name: str = Field(..., alias="org.name")
    position: str
    position_display: str = Field(..., alias="get_position_display")
    is_full_time: bool
    specialities: str
    term_start: dt.date | None
    term_end: dt.date | None
    training_hours: Decimal
    is_active: bool

    @staticmethod
    def resolve_sex_display(obj: Mediator) -> str:
        return obj.person.get_sex_display()


class MediatorRecordOut(MediatorOut):
    """A mediator of the registry with their record (调解员名册: 办理纠纷数、调解成功率)."""

    cases_handled: int = Field(..., description="办理纠纷数（已受理并指派给该调解员的纠纷）")
    cases_mediated: int = Field(..., description="调解数（已达成协议或调解不成）")
    cases_settled: int = Field(..., description="调解成功数（达成书面或口头协议）")
    success_rate: float | None = Field(..., description="调解成功率（%，调解成功数 ÷ 调解数，保留一位小数）")

    @staticmethod
    def resolve_success_rate(obj: Mediator) -> float | None:
        return selectors.success_rate(obj.cases_settled, obj.cases_mediated)  # type: ignore[attr-defined]


class MediatorFilters(Schema):
    name: str | None = Field(None, max_length=50, description="姓名包含")
    org: str | None = Field(None, max_length=100, description="调解组织名称包含")
    speciality: str | None = Field(None, max_length=50, description="擅长领域包含")


class CommitteeOut(Schema):
    code: str
    name: str
    region_name: str = Field(..., alias="region.name")
    member_count: int = Field(..., description="在任调解员人数")
    women_count: int = Field(..., description="在任女性委员人数")
    committee_type: str | None = Field(None, description=f"类型代码（未登记为空）：{choice_list(CommitteeType.choices)}")
    committee_type_display: str = Field(..., description="类型，行业性、专业性调委会带行业领域")
    trade: str | None = Field(None, description="行业领域")
    term_end: dt.date | None = Field(None, description="本届任期届满日期（人民调解法 第九条：每届任期三年）")

    @staticmethod
    def resolve_committee_type_display(obj: Org) -> str:
        return committee_type_text(getattr(obj, "committee_type", None), getattr(obj, "trade", None))


class CommitteeDetailOut(CommitteeOut):
    members: list[MediatorOut]
    warnings: list[str] = Field(..., description="登记信息与组成上的问题（人民调解法 第八条、第九条）")
    established: dt.date | None = Field(None, description="成立日期")
    term_start: dt.date | None = Field(None, description="本届任期开始日期")

    @staticmethod
    def resolve_established(obj: Org) -> dt.date | None:
        return obj.profile.established if getattr(obj, "profile", None) else None  # type: ignore[attr-defined]

    @staticmethod
    def resolve_term_start(obj: Org) -> dt.date | None:
        return obj.profile.term_start if getattr(obj, "profile", None) else None  # type: ignore[attr-defined]


class CommitteeFilters(Schema):
    name: str | None = Field(None, max_length=100, description="名称包含")
    without_women: bool | None = Field(None, description="缺少女性委员")


class ExpertOut(ExpertBrief):
    """A member of the 专家库 the user may invite for 专家会诊 (人民调解法 第二十条)."""

    kind: str = Field(..., description=f"类别代码：{choice_list(ExpertKind.choices)}")
    employer: str
    phone: str
    is_active: bool = Field(..., description="可邀请")
    org_code: str = Field(..., alias="org.code", description="登记专家的单位（本单位、或上级司法局的专家库）")
    org_name: str = Field(..., alias="org.name")


class ExpertFilters(Schema):
    name: str | None = Field(None, max_length=50, description="姓名包含")
    kind: Annotated[ExpertKind, choice_schema(ExpertKind, description="类别")] | None = None
    speciality: str | None = Field(None, max_length=50, description="专业领域包含")


class TranscriptAgreementOut(Schema):
    """The 达成协议 body the transcript proposes; POST it to /agreement after checking every field."""

    kind: str
    signed_date: dt.date
    facts: str
    content: str
    performance_method: str
    amount: Decimal
    items: list[ItemIn]


class TranscriptOut(Schema):
    filename: str
    turns: int = Field(..., description="识别出的发言段数")
    session: SessionIn = Field(..., description="预填的调解记录：核对后 POST 到 /sessions 才会保存")
    agreement: TranscriptAgreementOut | None = Field(..., description="笔录中达成协议时预填的调解协议：核对后 POST 到 /agreement")
    notes: list[str] = Field(..., description="需要人工核对之处")


class MediatorAppointIn(In):
    """选聘人民调解员 (人民调解法 第十三条、第十四条): the person is found in (or added to) the people registry."""

    org: str = Field(..., max_length=32, description="人民调解委员会或司法所的机构编码")
    name: str = Field(..., min_length=1, max_length=50)
    id_number: str = Field("", max_length=18, description="身份证号码；已登记的人员按号码复用")
    sex: Literal["1", "2"] = Field("1", description="性别：1 男，2 女（填写身份证号码时以号码为准）")
    phone: str = Field("", max_length=20)
    position: Annotated[MemberPosition, choice_schema(MemberPosition, description="职务")] = MemberPosition.MEMBER
    is_full_time: bool = Field(False, description="专职调解员")
    specialities: str = Field("", max_length=200, description="擅长领域，如 婚姻家庭、邻里、土地")
    term_start: dt.date | None = Field(None, description="任职开始")
    term_end: dt.date | None = Field(None, description="任期届满；不填则按三年任期计算（人民调解法 第九条）")
    same_person: bool = Field(False, description=SAME_PERSON_HELP)


class TrainingIn(In):
    date: dt.date | None = Field(None, description="培训日期，默认今天")
    hours: Decimal = Field(..., gt=0, le=1000, max_digits=6, decimal_places=1, description="学时")
    topic: str = Field(..., min_length=1, max_length=200, description="培训内容")


class CommitteeProfileIn(In):
    """调委会信息 (人民调解法 第八条、第九条、第三十四条); the whole record is replaced."""

    committee_type: Annotated[CommitteeType, choice_schema(CommitteeType, description="调委会类型")]
    trade: str = Field("", max_length=50, description="行业领域（行业性、专业性调委会必填），如 医疗、交通、劳动、物业")
    established: dt.date | None = Field(None, description="成立日期")
    term_start: dt.date | None = Field(None, description="本届任期开始日期")
    term_end: dt.date | None = Field(None, description="本届任期届满日期；不填则为开始后三年")


class ExpertIn(In):
    name: str = Field(..., min_length=1, max_length=50)
    kind: Annotated[ExpertKind, choice_schema(ExpertKind, description="类别")]
    speciality: str = Field(..., min_length=1, max_length=200, description="专业领域")
    employer: str = Field("", max_length=100, description="工作单位")
    phone: str = Field("", max_length=20)


class StatisticsFilters(Schema):
    period: Literal["month", "quarter", "year", "custom"] = Field(
        "month", description="统计期间：month 本月，quarter 本季度，year 本年（均截至今天），custom 自定义")
    date_from: dt.date | None = Field(None, description="自定义期间的开始日期")
    date_to: dt.date | None = Field(None, description="自定义期间的结束日期")
    group_by: Literal["county", "office", "category", "source"] | None = Field(
        None, description="统计维度：county 按旗县区，office 按司法所，category 按纠纷类型，source 按案件来源；默认按用户层级")
    under: str | None = Field(None, max_length=32, description="只统计该单位（机构编码）及其下级")


class StatisticsColumnOut(Schema):
    key: str
    label: str
    group: str = Field(..., description="跨列的表头，如“达成协议”")
    kind: str = Field(..., description="count 件数，people 人数，amount 金额（元）")


class StatisticsRowOut(Schema):
    key: str
    label: str = Field(..., description="单位或类别；最后一行为合计")
    values: dict[str, Any]


class StatisticsOut(Schema):
    date_from: dt.date
    date_to: dt.date
    group_by: str
    columns: list[StatisticsColumnOut]
    rows: list[StatisticsRowOut]
