"""人民调解 over the API: the dispute's whole life cycle (登记 → 受理/不予受理 → 指派 → 调查 → 调解 → 协议或调解不成
→ 履行 → 回访 → 结案 → 归档), plus the committees and mediators that handle it.

Reads are scoped by ``visible_to``; every write goes through ``mediation.services`` (which checks the legal rules
and writes the audit row, the ledger entries, the timeline and the deadlines in one transaction), and every error
leaves as ``{code, message, field}`` in Chinese. ID numbers are only ever shown masked."""

import datetime as dt
import uuid as uuid_lib
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.selectors import writable_orgs
from core.access import access_object, require_perm
from core.api import DeadlineOut, ErrorOut, IdKeyFilters, In, Pagination, filter_queryset
from core.deadlines import open_deadlines_for
from core.dictionaries import dict_label
from core.errors import AccessDenied, NotFound, SifasuoError, ValidationFailed
from mediation import selectors, services
from mediation.choices import CommitteeType, ExpertKind, PartyRole, RejectReason, Source
from mediation.filtersets import CommitteeFilterSet, DisputeFilterSet, ExpertFilterSet, MediatorFilterSet
from mediation.models import CommitteeProfile, Dispute, DisputeParty, Expert, Mediator, PerformanceItem
from mediation.tables import committee_type_text
from orgs.models import Org
from orgs.selectors import registering_office
from people.services import PersonInput, person_find_or_create

router = Router(tags=["人民调解"])

HANDLING_KINDS = (Org.Kind.COMMITTEE, Org.Kind.OFFICE)
WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _choice_list(choices: Any) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


# ---------------------------------------------------------------------------------------------------------------
# Output


class PartyOut(Schema):
    id: int = Field(..., description="当事人编号（本纠纷内），履行事项的履行人用它")
    role: str
    role_display: str
    name: str
    id_number_masked: str = Field(..., description="部分隐藏的身份证号码")
    phone: str
    occupation: str
    claim: str

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
    status: str | None = Field(None, max_length=20, description="状态代码，如 lead、accepted、mediating、agreed")
    source: str | None = Field(None, max_length=20, description="案件来源代码")
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


# ---------------------------------------------------------------------------------------------------------------
# Input


class PartyIn(In):
    role: str = Field(..., description="身份：applicant 申请人，respondent 被申请人，third 第三人")
    name: str = Field(..., max_length=50, description="姓名")
    id_number: str = Field("", max_length=18, description="公民身份号码；本单位已登记的人员按号码复用，其他单位的登记不会带出")
    phone: str = Field("", max_length=20)
    occupation: str = Field("", max_length=50, description="职业或职务")
    claim: str = Field("", max_length=2000, description="该当事人的主张")


class DisputeFields(In):
    title: str = Field(..., max_length=100, description="纠纷名称，如：王某与李某宅基地纠纷")
    category: str = Field(..., max_length=40, description="纠纷类型代码（码表 dispute_category）")
    source: str = Field(Source.APPLICATION.value, max_length=20, description=f"案件来源：{_choice_list(Source.choices)}")
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


class DisputePatchIn(In):
    title: str | None = Field(None, max_length=100)
    category: str | None = Field(None, max_length=40)
    source: str | None = Field(None, max_length=20)
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
    reason: str = Field(..., max_length=30, description=f"不予受理事由：{_choice_list(RejectReason.choices)}")
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
    kind: str = Field(..., max_length=10, description="协议形式：written 书面协议，oral 口头协议")
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
    performance: str = Field(..., max_length=10, description="履行情况：full 已全部履行，partial 部分履行，none 未履行")
    satisfaction: str = Field(..., max_length=12, description="满意度：satisfied 满意，basic 基本满意，unsatisfied 不满意")
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


# ---------------------------------------------------------------------------------------------------------------
# Helpers


def _today(value: dt.date | None) -> dt.date:
    return value or timezone.localdate()


def _detail(request: HttpRequest, uuid: uuid_lib.UUID) -> Dispute:
    dispute = selectors.dispute_detail(request.user, uuid)
    if dispute is None:
        raise NotFound("未找到该矛盾纠纷，或您无权查看")
    agreement = getattr(dispute, "agreement", None)
    if agreement is not None:
        prefetch_related_objects([agreement], Prefetch("items", queryset=PerformanceItem.objects.select_related("obligor__person")))
    return dispute


def _changing(request: HttpRequest, uuid: uuid_lib.UUID) -> Dispute:
    """The dispute the user may change: 404 outside the scope, 403 when it may only be read."""
    return access_object(request.user, Dispute, action="change", uuid=uuid)


def _check_source(source: str) -> None:
    if source not in Source.values:
        raise ValidationFailed(f"案件来源“{source}”不正确，应为 {_choice_list(Source.choices)} 之一", field="source")


def _handling_org(request: HttpRequest, code: str) -> Org:
    """The committee or office named by ``code`` if the user may register disputes there (invisible 404, read-only 403)."""
    if not code.strip():
        raise ValidationFailed("请填写受理组织的机构编码", field="org")
    org = writable_orgs(request.user, Dispute).filter(kind__in=HANDLING_KINDS, code=code).first()
    if org is not None:
        return org  # type: ignore[no-any-return]
    visible = access_object(request.user, Org, code=code)
    if visible.kind not in HANDLING_KINDS:
        raise ValidationFailed(f"“{visible.name}”不是人民调解委员会或司法所，请填写受理纠纷的调解组织", field="org")
    raise AccessDenied(f"您不能在“{visible.name}”登记矛盾纠纷，请选择您所在或有权管理的调解组织", code="org_not_writable")


def _pks(request: HttpRequest, model: type[Mediator] | type[Expert], uuids: list[uuid_lib.UUID], field: str, label: str) -> list[int]:
    """Public uuids → primary keys the service expects; a uuid the user cannot see is an input error."""
    wanted = set(uuids)
    rows = selectors.expert_pool(request.user) if model is Expert else model.objects.visible_to(request.user, "view")
    found = dict(rows.filter(uuid__in=wanted).values_list("uuid", "pk"))
    missing = wanted - set(found)
    if missing:
        raise ValidationFailed(f"{label}“{sorted(map(str, missing))[0]}”不存在或不在您的管理范围内，请通过{label}列表接口查询", field=field)
    return [found[u] for u in uuids]


def _party_inputs(request: HttpRequest, org: Org, parties: list[PartyIn]) -> list[services.PartyInput]:
    """Each party found in (or added to) the people registry, the same way the registration dialog does it."""
    out = []
    for index, party in enumerate(parties):
        where = f"parties.{index}"
        if party.role not in PartyRole.values:
            raise ValidationFailed(f"第{index + 1}位当事人的身份应为 {_choice_list(PartyRole.choices)} 之一", field=f"{where}.role")
        try:
            person = person_find_or_create(actor=request.user, org=registering_office(org), data=PersonInput(
                name=party.name, id_number=party.id_number, phone=party.phone))
        except SifasuoError as exc:
            raise type(exc)(f"第{index + 1}位当事人：{exc.message}", code=exc.code,
                            field=f"{where}.{exc.field}" if exc.field else where) from None
        out.append(services.PartyInput(person=person, role=party.role, occupation=party.occupation, claim=party.claim))
    return out


# ---------------------------------------------------------------------------------------------------------------
# Disputes


@router.get("/disputes", response=list[DisputeOut], summary="矛盾纠纷列表")
@paginate(Pagination)
def dispute_list(request: HttpRequest, filters: Query[DisputeFilters]) -> QuerySet:
    """数据权限范围内的矛盾纠纷，筛选条件与“矛盾纠纷台账”页面相同。"""
    return filter_queryset(DisputeFilterSet, filters, selectors.dispute_list(request.user), request)


@router.post("/disputes", response={201: DisputeDetailOut, **WRITE_ERRORS}, summary="登记矛盾纠纷")
@sensitive_variables("payload")
def dispute_register(request: HttpRequest, payload: DisputeRegisterIn) -> Status:
    """登记一起矛盾纠纷（待受理）。当事人按身份证号码与人员信息库中的人员对应，没有号码或尚未登记的新建人员。
    可能激化为治安、刑事案件或群体性纠纷时，所长会收到风险预警。"""
    require_perm(request.user, "mediation.add_dispute", what="登记矛盾纠纷")
    org = _handling_org(request, payload.org)
    _check_source(payload.source)
    with transaction.atomic():  # the parties added to the registry go with the dispute, or not at all
        parties = _party_inputs(request, org, payload.parties)
        dispute = services.dispute_register(actor=request.user, org=org, data=services.DisputeInput(
            title=payload.title, category=payload.category, facts=payload.facts, received_date=_today(payload.received_date),
            source=payload.source, claims=payload.claims, amount=payload.amount, people_count=payload.people_count,
            is_group=payload.is_group, may_turn_criminal=payload.may_turn_criminal, parties=parties))
    return Status(201, _detail(request, dispute.uuid))


@router.get("/disputes/{uuid}", response={200: DisputeDetailOut, 404: ErrorOut}, summary="矛盾纠纷详情")
def dispute_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> Dispute:
    """当事人、办理过程、调查和调解记录、调解协议及履行事项、回访记录和进行中的期限。"""
    return _detail(request, uuid)


@router.patch("/disputes/{uuid}", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="修改矛盾纠纷基本情况")
def dispute_update(request: HttpRequest, uuid: uuid_lib.UUID, payload: DisputePatchIn) -> Dispute:
    """只修改请求中给出的字段；办结后不能再修改。"""
    dispute = _changing(request, uuid)
    changes = payload.dict(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise ValidationFailed(f"“{name}”不能为空；不修改的字段请不要放在请求中", field=name)
    if "source" in changes:
        _check_source(changes["source"])
    services.dispute_update(actor=request.user, dispute=dispute, changes=changes)
    return _detail(request, uuid)


@router.post("/disputes/{uuid}/accept", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="受理")
def dispute_accept(request: HttpRequest, uuid: uuid_lib.UUID, payload: AcceptIn) -> Dispute:
    """受理并生成受理编号，开始计算调结期限（人民调解工作若干规定 第三十三条：一般在一个月内调结）。"""
    dispute = _changing(request, uuid)
    mediator_ids = _pks(request, Mediator, payload.mediators, "mediators", "调解员") if payload.mediators else None
    services.dispute_accept(actor=request.user, dispute=dispute, accepted_date=_today(payload.accepted_date), mediator_ids=mediator_ids)
    return _detail(request, uuid)


@router.post("/disputes/{uuid}/reject", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="不予受理")
def dispute_reject(request: HttpRequest, uuid: uuid_lib.UUID, payload: RejectIn) -> Dispute:
    """不予受理，须写明法定事由（人民调解工作若干规定 第二十二条；人民调解法 第十七条）。"""
    dispute = _changing(request, uuid)
    services.dispute_reject(actor=request.user, dispute=dispute, reason=payload.reason, date=_today(payload.date))
    return _detail(request, uuid)


@router.post("/disputes/{uuid}/assign", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="指派调解员")
def dispute_assign(request: HttpRequest, uuid: uuid_lib.UUID, payload: AssignIn) -> Dispute:
    """指派调解员，可同时邀请专家（人民调解法 第十九条、第二十条）。"""
    dispute = _changing(request, uuid)
    if not payload.mediators:
        raise ValidationFailed("请至少指派一名调解员", field="mediators")
    expert_ids = _pks(request, Expert, payload.experts, "experts", "专家") if payload.experts is not None else None
    services.dispute_assign(actor=request.user, dispute=dispute, expert_ids=expert_ids, chosen_by_parties=payload.chosen_by_parties,
                            mediator_ids=_pks(request, Mediator, payload.mediators, "mediators", "调解员"))
    return _detail(request, uuid)


@router.post("/disputes/{uuid}/escalate", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="升级调处")
def dispute_escalate(request: HttpRequest, uuid: uuid_lib.UUID, payload: EscalateIn) -> Dispute:
    """分级调处：提交上级调解组织或司法所，办理过程保留。"""
    dispute = _changing(request, uuid)
    targets = selectors.escalation_targets(dispute)
    to_org = targets.filter(code=payload.to_org).first()
    if to_org is None:
        offered = "、".join(f"{o.code}（{o.name}）" for o in targets) or "无"
        raise ValidationFailed(f"只能提交给上级调解组织或司法所，可选：{offered}", field="to_org")
    services.dispute_escalate(actor=request.user, dispute=dispute, to_org=to_org, reason=payload.reason,
                              joint_bodies=payload.joint_bodies)
    return _detail(request, uuid)


@router.post("/disputes/{uuid}/risk", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="报告公安机关（防民转刑）")
def dispute_report_risk(request: HttpRequest, uuid: uuid_lib.UUID, payload: RiskIn) -> Dispute:
    """人民调解法 第二十五条：可能激化为治安案件、刑事案件的纠纷，应当及时向公安机关报告。"""
    dispute = _changing(request, uuid)
    services.dispute_report_risk(actor=request.user, dispute=dispute, date=_today(payload.date), note=payload.note)
    return _detail(request, uuid)


@router.post("/disputes/{uuid}/investigations", response={201: DisputeDetailOut, **WRITE_ERRORS}, summary="调查记录")
def dispute_investigation(request: HttpRequest, uuid: uuid_lib.UUID, payload: InvestigationIn) -> Status:
    """调查核实纠纷事实（人民调解工作若干规定 第二十七条）。"""
    dispute = _changing(request, uuid)
    services.investigation_record(actor=request.user, dispute=dispute, date=_today(payload.date), place=payload.place,
                                  investigators=payload.investigators, respondent=payload.respondent, content=payload.content)
    return Status(201, _detail(request, uuid))


@router.post("/disputes/{uuid}/sessions", response={201: DisputeDetailOut, **WRITE_ERRORS}, summary="调解记录")
def dispute_session(request: HttpRequest, uuid: uuid_lib.UUID, payload: SessionIn) -> Status:
    """记录一次调解（人民调解法 第二十七条）；第一次调解后纠纷转为“调解中”。"""
    dispute = _changing(request, uuid)
    services.session_record(actor=request.user, dispute=dispute, date=_today(payload.date), place=payload.place, hosts=payload.hosts,
                            record=payload.record, attendees=payload.attendees, recorder=payload.recorder, is_public=payload.is_public)
    return Status(201, _detail(request, uuid))


@router.post("/disputes/{uuid}/agreement", response={201: DisputeDetailOut, **WRITE_ERRORS}, summary="达成调解协议")
def dispute_agreement(request: HttpRequest, uuid: uuid_lib.UUID, payload: AgreementIn) -> Status:
    """书面协议（人民调解法 第二十九条）或口头协议（第三十条）；开始计算司法确认申请期（第三十三条）、履行期限和回访期限。"""
    dispute = _changing(request, uuid)
    services.agreement_make(actor=request.user, dispute=dispute, data=services.AgreementInput(
        kind=payload.kind, facts=payload.facts, content=payload.content, signed_date=_today(payload.signed_date),
        responsibilities=payload.responsibilities, performance_method=payload.performance_method, amount=payload.amount,
        copies=payload.copies,
        items=[services.PerformanceInput(obligor_party_id=i.obligor_party_id, description=i.description, due_date=i.due_date,
                                         amount=i.amount) for i in payload.items]))
    return Status(201, _detail(request, uuid))


@router.post("/disputes/{uuid}/fail", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="调解不成，终止调解")
def dispute_fail(request: HttpRequest, uuid: uuid_lib.UUID, payload: FailIn) -> Dispute:
    """人民调解法 第二十六条：调解不成的，应当终止调解，并告知当事人可以依法通过仲裁、行政、司法等途径维护权利。"""
    dispute = _changing(request, uuid)
    services.dispute_fail(actor=request.user, dispute=dispute, date=_today(payload.date), routes=payload.routes)
    return _detail(request, uuid)


@router.post("/disputes/{uuid}/performance", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="记录协议履行")
def dispute_performance(request: HttpRequest, uuid: uuid_lib.UUID, payload: PerformanceIn) -> Dispute:
    """记录一项履行事项已履行（人民调解法 第三十一条）；全部履行后纠纷转为“已履行”。"""
    dispute = _changing(request, uuid)
    item = PerformanceItem.objects.select_related("agreement__dispute").filter(agreement__dispute=dispute, pk=payload.item).first()
    if item is None:
        raise ValidationFailed("该纠纷的调解协议中没有这个履行事项，请按纠纷详情 agreement.items 中的 id 填写", field="item")
    services.performance_record(actor=request.user, item=item, performed_date=_today(payload.performed_date))
    return _detail(request, uuid)


@router.post("/disputes/{uuid}/unperformed", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="记录未履行的后续处理")
def dispute_unperformed(request: HttpRequest, uuid: uuid_lib.UUID, payload: UnperformedIn) -> Dispute:
    """一项履行事项未履行时记录后续处理（告知途径、申请司法确认或起诉，人民调解法 第三十二条、第三十三条），之后才能结案。"""
    dispute = _changing(request, uuid)
    item = PerformanceItem.objects.select_related("agreement__dispute").filter(agreement__dispute=dispute, pk=payload.item).first()
    if item is None:
        raise ValidationFailed("该纠纷的调解协议中没有这个履行事项，请按纠纷详情 agreement.items 中的 id 填写", field="item")
    services.performance_unperformed_record(actor=request.user, item=item, route=payload.route, note=payload.note,
                                            date=_today(payload.date))
    return _detail(request, uuid)


@router.post("/disputes/{uuid}/confirmation", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="司法确认")
def dispute_confirmation(request: HttpRequest, uuid: uuid_lib.UUID, payload: ConfirmationIn) -> Dispute:
    """当事人申请司法确认（人民调解法 第三十三条：自协议生效之日起三十日内）及人民法院的确认结果。"""
    dispute = _changing(request, uuid)
    agreement = getattr(dispute, "agreement", None)
    if agreement is None:
        raise ValidationFailed("该纠纷还没有调解协议，不能申请司法确认")
    services.confirmation_record(actor=request.user, agreement=agreement, applied_date=_today(payload.applied_date), result=payload.result)
    return _detail(request, uuid)


@router.post("/disputes/{uuid}/followups", response={201: DisputeDetailOut, **WRITE_ERRORS}, summary="回访")
def dispute_followup(request: HttpRequest, uuid: uuid_lib.UUID, payload: FollowUpIn) -> Status:
    """回访当事人：履行情况、满意度和新的矛盾隐患（发现隐患时所长收到预警）。"""
    dispute = _changing(request, uuid)
    services.followup_record(actor=request.user, dispute=dispute, date=_today(payload.date), visitor=payload.visitor,
                             visited=payload.visited, performance=payload.performance, satisfaction=payload.satisfaction,
                             situation=payload.situation, risk_found=payload.risk_found,
                             performed_items=payload.performed_items)
    return Status(201, _detail(request, uuid))


@router.post("/disputes/{uuid}/close", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="结案")
def dispute_close(request: HttpRequest, uuid: uuid_lib.UUID, payload: DateIn) -> Dispute:
    """达成协议（及履行）或调解不成之后结案。"""
    dispute = _changing(request, uuid)
    services.dispute_close(actor=request.user, dispute=dispute, date=_today(payload.date))
    return _detail(request, uuid)


@router.post("/disputes/{uuid}/archive", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="立卷归档")
def dispute_archive(request: HttpRequest, uuid: uuid_lib.UUID, payload: DateIn) -> Dispute:
    """结案或不予受理的纠纷立卷归档（人民调解法 第二十七条）。"""
    dispute = _changing(request, uuid)
    services.dispute_archive(actor=request.user, dispute=dispute, date=_today(payload.date))
    return _detail(request, uuid)


# ---------------------------------------------------------------------------------------------------------------
# Committees and mediators


class MediatorOut(Schema):
    uuid: uuid_lib.UUID
    name: str
    sex_display: str
    phone: str
    org_code: str
    org_name: str
    position: str
    position_display: str
    is_full_time: bool
    specialities: str
    term_start: dt.date | None
    term_end: dt.date | None
    training_hours: Decimal
    is_active: bool

    @staticmethod
    def resolve_name(obj: Mediator) -> str:
        return obj.person.name

    @staticmethod
    def resolve_sex_display(obj: Mediator) -> str:
        return obj.person.get_sex_display()

    @staticmethod
    def resolve_phone(obj: Mediator) -> str:
        return obj.person.phone

    @staticmethod
    def resolve_org_code(obj: Mediator) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: Mediator) -> str:
        return obj.org.name

    @staticmethod
    def resolve_position_display(obj: Mediator) -> str:
        return obj.get_position_display()


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
    region_name: str
    member_count: int = Field(..., description="在任调解员人数")
    women_count: int = Field(..., description="在任女性委员人数")
    committee_type: str | None = Field(None, description=f"类型代码（未登记为空）：{_choice_list(CommitteeType.choices)}")
    committee_type_display: str = Field(..., description="类型，行业性、专业性调委会带行业领域")
    trade: str | None = Field(None, description="行业领域")
    term_end: dt.date | None = Field(None, description="本届任期届满日期（人民调解法 第九条：每届任期三年）")

    @staticmethod
    def resolve_region_name(obj: Org) -> str:
        return obj.region.name

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


@router.get("/mediators", response=list[MediatorRecordOut], summary="人民调解员列表")
@paginate(Pagination)
def mediator_list(request: HttpRequest, filters: Query[MediatorFilters]) -> QuerySet:
    return filter_queryset(MediatorFilterSet, filters, selectors.mediator_registry(request.user), request)


@router.get("/mediators/{uuid}", response={200: MediatorRecordOut, 404: ErrorOut}, summary="人民调解员详情")
def mediator_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> Mediator:
    mediator = selectors.mediator_registry(request.user).filter(uuid=uuid).first()
    if mediator is None:
        raise NotFound("未找到该人民调解员，或您无权查看")
    return mediator


@router.get("/committees", response=list[CommitteeOut], summary="人民调解委员会列表")
@paginate(Pagination)
def committee_list(request: HttpRequest, filters: Query[CommitteeFilters]) -> QuerySet:
    """在任调解员和女性委员人数随列表一次查出（人民调解法 第八条：应当有妇女成员）。"""
    return filter_queryset(CommitteeFilterSet, filters, selectors.committee_list(request.user), request).order_by("path")


@router.get("/committees/{code}", response={200: CommitteeDetailOut, 404: ErrorOut}, summary="人民调解委员会详情")
def committee_detail(request: HttpRequest, code: str) -> Org:
    """委员名单和组成上的问题（人民调解法 第八条：委员三至九人，设主任，应当有妇女成员；第九条：任期三年）。"""
    committee = selectors.committee_list(request.user).filter(code=code).first()
    if committee is None:
        raise NotFound("未找到该人民调解委员会，或您无权查看")
    members = list(selectors.mediator_list(request.user).filter(org=committee).order_by("position", "id"))
    committee.members = members  # type: ignore[attr-defined]
    profile = CommitteeProfile.objects.filter(org=committee).first()
    committee.profile = profile  # type: ignore[attr-defined]
    committee.warnings = (  # type: ignore[attr-defined]
        services.committee_profile_warnings(profile) + services.committee_composition_warnings(members))
    return committee


# ---------------------------------------------------------------------------------------------------------------
# 专家库


class ExpertOut(ExpertBrief):
    """A member of the 专家库 the user may invite for 专家会诊 (人民调解法 第二十条)."""

    kind: str = Field(..., description=f"类别代码：{_choice_list(ExpertKind.choices)}")
    employer: str
    phone: str
    is_active: bool = Field(..., description="可邀请")
    org_code: str = Field(..., description="登记专家的单位（本单位、或上级司法局的专家库）")
    org_name: str

    @staticmethod
    def resolve_org_code(obj: Expert) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: Expert) -> str:
        return obj.org.name


class ExpertFilters(Schema):
    name: str | None = Field(None, max_length=50, description="姓名包含")
    kind: str | None = Field(None, max_length=30, description="类别代码")
    speciality: str | None = Field(None, max_length=50, description="专业领域包含")


@router.get("/experts", response=list[ExpertOut], summary="调解专家库")
@paginate(Pagination)
def expert_list(request: HttpRequest, filters: Query[ExpertFilters]) -> QuerySet:
    """可邀请参加专家会诊的专家（人民调解法 第二十条）：数据权限范围内登记的专家，以及上级司法局专家库中的专家。
    筛选条件与“调解专家库”页面相同。"""
    return filter_queryset(ExpertFilterSet, filters, selectors.expert_pool(request.user), request).order_by("kind", "name", "id")
