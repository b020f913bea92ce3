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
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from accounts.selectors import writable_orgs
from core.access import access_object, require_perm, supervised_object
from core.api import IMPORT_ANSWERS, IMPORT_DESCRIPTION, NEEDS_CONFIRMATION, ErrorOut, ImportIn, Pagination, filter_queryset
from core.errors import AccessDenied, ErrorCollector, NotFound, ValidationFailed
from core.forms import client_ip
from core.imports import import_start
from core.routes import action_route, detail_route, list_route
from core.taskruns import taskrun_status
from mediation import selectors, services
from mediation.filtersets import CommitteeFilterSet, DisputeFilterSet, ExpertFilterSet, MediatorFilterSet
from mediation.models import CommitteeProfile, Dispute, Expert, Mediator, PerformanceItem
from mediation.schemas import (
    AcceptIn,
    AgreementIn,
    AssignIn,
    CommitteeDetailOut,
    CommitteeFilters,
    CommitteeOut,
    CommitteeProfileIn,
    ConfirmationIn,
    DateIn,
    DisputeDetailOut,
    DisputeFilters,
    DisputeOut,
    DisputePatchIn,
    DisputeRegisterIn,
    EscalateIn,
    ExpertFilters,
    ExpertIn,
    ExpertOut,
    FailIn,
    FollowUpIn,
    IdentityCorrectIn,
    IdentityMergeIn,
    InvestigationIn,
    MediatorAppointIn,
    MediatorFilters,
    MediatorRecordOut,
    PartyIn,
    PerformanceIn,
    RejectIn,
    RiskIn,
    SessionIn,
    StatisticsFilters,
    StatisticsOut,
    TrainingIn,
    TranscriptOut,
    UnperformedIn,
)
from orgs.models import Org
from orgs.selectors import registering_office
from people.services import PersonInput, person_find_or_create

router = Router(tags=["人民调解"])

HANDLING_KINDS = (Org.Kind.COMMITTEE, Org.Kind.OFFICE)
WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# ---------------------------------------------------------------------------------------------------------------
# Output


# ---------------------------------------------------------------------------------------------------------------
# Input


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


def _party_inputs(request: HttpRequest, org: Org, parties: list[PartyIn], *, same_person: bool = False) -> list[services.PartyInput]:
    """Each party found in (or added to) the people registry, the same way the registration dialog does it; the errors
    of every party are answered together, each at its field (``parties.1.id_number``) and naming the party."""
    out, errors = [], ErrorCollector()
    for index, party in enumerate(parties):
        with errors.check(prefix=f"parties.{index}.", party=f"第{index + 1}位当事人"):
            person = person_find_or_create(actor=request.user, org=registering_office(org), data=PersonInput(
                name=party.name, id_number=party.id_number, phone=party.phone, same_person=same_person))
            out.append(services.PartyInput(person=person, role=party.role, occupation=party.occupation, claim=party.claim))
    errors.raise_if_any()
    return out


# ---------------------------------------------------------------------------------------------------------------
# Disputes


@router.get("/disputes", response=list[DisputeOut], summary="矛盾纠纷列表")
@paginate(Pagination)
def dispute_list(request: HttpRequest, filters: Query[DisputeFilters]) -> QuerySet:
    """数据权限范围内的矛盾纠纷，筛选条件与“矛盾纠纷台账”页面相同。"""
    return filter_queryset(DisputeFilterSet, filters, selectors.dispute_list(request.user), request)


@router.post("/disputes/import", response=IMPORT_ANSWERS, summary="导入矛盾纠纷台账（Excel）", description=(
    "与“矛盾纠纷”页面的导入相同：新纠纷按登记的同一业务规则登记（填写受理日期的同时受理），``update_existing`` 时按受理编号"
    "更新您有权修改的纠纷的基本信息；``org`` 为受理的人民调解委员会或司法所。" + IMPORT_DESCRIPTION))
def dispute_import(request: HttpRequest, file: File[UploadedFile], data: Form[ImportIn]) -> Status:
    """The page's import dialog over the API: the same ``core.imports.import_start`` and task."""
    require_perm(request.user, "mediation.add_dispute", what="导入矛盾纠纷")
    org = _handling_org(request, data.org)
    run = import_start(actor=request.user, org=org, upload=file, importer="mediation.imports.dispute_import",
                       label="导入矛盾纠纷", update_existing=data.update_existing, ip_address=client_ip(request))
    return Status(202, taskrun_status(run))


@router.post("/disputes", response={201: DisputeDetailOut, **WRITE_ERRORS, **NEEDS_CONFIRMATION}, summary="登记矛盾纠纷")
@sensitive_variables("payload")
def dispute_register(request: HttpRequest, payload: DisputeRegisterIn) -> Status:
    """登记一起矛盾纠纷（待受理）。当事人按身份证号码与人员信息库中的人员对应，没有号码或尚未登记的新建人员。
    可能激化为治安、刑事案件或群体性纠纷时，所长会收到风险预警。"""
    require_perm(request.user, "mediation.add_dispute", what="登记矛盾纠纷")
    org = _handling_org(request, payload.org)
    with transaction.atomic():  # the parties added to the registry go with the dispute, or not at all
        parties = _party_inputs(request, org, payload.parties, same_person=payload.same_person)
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
    """分级调处：提交上级调解组织或司法所，办理过程保留。县局提级联合调解是其监督职责，不受角色“办案范围”的限制。"""
    dispute = supervised_object(request.user, Dispute, uuid=uuid)
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


@router.post("/disputes/{uuid}/identity-merge", response={200: DisputeDetailOut, **WRITE_ERRORS}, summary="核实身份：合并（同一人）")
def dispute_identity_merge(request: HttpRequest, uuid: uuid_lib.UUID, payload: IdentityMergeIn) -> Dispute:
    """网上申请的当事人身份待核实，核实后为本所已登记的同一人：合并两条人员记录（业务记录归入已登记的人员），
    申请人所填电话记入该人员，原电话记入操作日志。进度查询仍凭申请时所填的手机号码或身份证号码。"""
    dispute = _changing(request, uuid)
    services.party_identity_merge(actor=request.user, dispute=dispute, party_id=payload.party, ip_address=client_ip(request))
    return _detail(request, uuid)


@router.post("/disputes/{uuid}/identity-correct", response={200: DisputeDetailOut, 409: ErrorOut, **WRITE_ERRORS},
             summary="核实身份：更正")
@sensitive_variables("payload")
def dispute_identity_correct(request: HttpRequest, uuid: uuid_lib.UUID, payload: IdentityCorrectIn) -> Dispute:
    """网上申请所填姓名或身份证号码有误：按核实后的信息更正该当事人的人员记录（操作日志记录更正前后）；
    更正后的号码仍登记为另一姓名的，不予更正，请使用合并。"""
    dispute = _changing(request, uuid)
    services.party_identity_correct(actor=request.user, dispute=dispute, party_id=payload.party, name=payload.name,
                                    id_number=payload.id_number, ip_address=client_ip(request))
    return _detail(request, uuid)


# ---------------------------------------------------------------------------------------------------------------
# Committees and mediators


list_route(router, "/mediators", name="mediator_list", response=MediatorRecordOut, summary="人民调解员列表",
           filters=MediatorFilters, filterset=MediatorFilterSet, selector=selectors.mediator_registry)
_mediator = detail_route(router, "/mediators/{uuid}", name="mediator_detail", response=MediatorRecordOut,
                         summary="人民调解员详情", model=Mediator, selector=selectors.mediator_registry)
list_route(router, "/committees", name="committee_list", response=CommitteeOut, summary="人民调解委员会列表",
           filters=CommitteeFilters, filterset=CommitteeFilterSet, selector=selectors.committee_list, order_by=("path",),
           description="在任调解员和女性委员人数随列表一次查出（人民调解法 第八条：应当有妇女成员）。")


def _committee(request: HttpRequest, code: str) -> Org | None:
    """The committee with its members, its profile and the problems of its composition."""
    committee = selectors.committee_list(request.user).filter(code=code).first()
    if committee is None:
        return None
    members = list(selectors.mediator_list(request.user).filter(org=committee).order_by("position", "id"))
    committee.members = members  # type: ignore[attr-defined]
    profile = CommitteeProfile.objects.filter(org=committee).first()
    committee.profile = profile  # type: ignore[attr-defined]
    committee.warnings = (  # type: ignore[attr-defined]
        services.committee_profile_warnings(profile) + services.committee_composition_warnings(members))
    return committee


_committee_detail = detail_route(
    router, "/committees/{code}", name="committee_detail", response=CommitteeDetailOut, summary="人民调解委员会详情",
    model=Org, lookup="code", noun="人民调解委员会", fetch=_committee,
    description="委员名单和组成上的问题（人民调解法 第八条：委员三至九人，设主任，应当有妇女成员；第九条：任期三年）。",
)


# ---------------------------------------------------------------------------------------------------------------
# 专家库


list_route(router, "/experts", name="expert_list", response=ExpertOut, summary="调解专家库", filters=ExpertFilters,
           filterset=ExpertFilterSet, selector=selectors.expert_pool, order_by=("kind", "name", "id"),
           description="可邀请参加专家会诊的专家（人民调解法 第二十条）：数据权限范围内登记的专家，以及上级司法局专家库中的专家。\n"
                       "    筛选条件与“调解专家库”页面相同。")


# ---------------------------------------------------------------------------------------------------------------
# 上传笔录


TRANSCRIPT_STATUSES = ("accepted", "mediating")


def _proposed_items(fields: dict[str, Any]) -> list[dict[str, Any]]:
    """The dialog's item1…item3 fields as the agreement body's items."""
    items = []
    for n in (1, 2, 3):
        if fields.get(f"item{n}_obligor"):
            items.append({"obligor_party_id": int(fields[f"item{n}_obligor"]), "description": fields[f"item{n}_description"],
                          "amount": fields.get(f"item{n}_amount") or Decimal(0), "due_date": fields[f"item{n}_due"]})
    return items


@router.post("/disputes/{uuid}/transcript", response={200: TranscriptOut, **WRITE_ERRORS}, summary="上传笔录，预填调解记录和协议")
def dispute_transcript(request: HttpRequest, uuid: uuid_lib.UUID, file: File[UploadedFile]) -> dict[str, Any]:
    """读取文本调解笔录（.txt）或语音转写结果（.json），区分说话人身份，预填调解记录（人民调解法 第二十七条）和调解协议
    （第二十九条）。这里不保存任何内容：调解员核对修改后，把 session 提交到 /sessions、把 agreement 提交到 /agreement。"""
    from core.llm import llm_enabled
    from mediation import transcripts

    dispute = _changing(request, uuid)
    if dispute.status not in TRANSCRIPT_STATUSES:
        raise ValidationFailed(f"该纠纷当前为“{dispute.get_status_display()}”，受理后、调结前才能上传调解笔录", code="wrong_status")
    segments = transcripts.parse_transcript(transcripts.read_upload(file), file.name or "")
    proposal = transcripts.extract(segments, use_llm=llm_enabled())
    parties = [(p.pk, p.person.name, p.role) for p in dispute.parties.select_related("person")]
    agreement = None
    if proposal.agreed:
        fields = proposal.agreement_fields(parties)
        agreement = {"kind": fields["kind"], "signed_date": fields["signed_date"], "facts": fields["facts"], "content": fields["content"],
                     "performance_method": fields["performance_method"], "amount": fields["amount"] or Decimal(0),
                     "items": _proposed_items(fields)}
    else:
        proposal.notes.append("笔录中双方没有达成协议，未预填调解协议；调解不成的，请使用 /fail 记录告知当事人的其他途径")
    session = proposal.session_fields()
    session.setdefault("place", "")
    return {"filename": file.name or "", "turns": sum(1 for s in segments if not s.header), "session": session,
            "agreement": agreement, "notes": proposal.notes}


# ---------------------------------------------------------------------------------------------------------------
# 调解员、调委会信息、专家库的登记


@router.post("/mediators", response={201: MediatorRecordOut, **WRITE_ERRORS, **NEEDS_CONFIRMATION}, summary="选聘人民调解员")
@sensitive_variables("payload")
def mediator_appoint(request: HttpRequest, payload: MediatorAppointIn) -> Status:
    """在人民调解委员会或司法所选聘调解员（人民调解法 第十三条、第十四条）；人员按身份证号码与人员信息库对应。"""
    require_perm(request.user, "mediation.add_mediator", what="选聘人民调解员")
    org = writable_orgs(request.user, Mediator).filter(kind__in=HANDLING_KINDS, code=payload.org).first()
    if org is None:
        visible = access_object(request.user, Org, code=payload.org)
        if visible.kind not in HANDLING_KINDS:
            raise ValidationFailed(f"“{visible.name}”不是人民调解委员会或司法所，请填写选聘调解员的调解组织", field="org")
        raise AccessDenied(f"您不能在“{visible.name}”选聘调解员，请选择您所在或有权管理的调解组织", code="org_not_writable")
    with transaction.atomic():
        person = person_find_or_create(actor=request.user, org=registering_office(org), data=PersonInput(
            name=payload.name, id_number=payload.id_number, phone=payload.phone, sex=payload.sex,
            same_person=payload.same_person))
        mediator = services.mediator_appoint(actor=request.user, org=org, person=person, data=services.MediatorInput(
            position=payload.position, is_full_time=payload.is_full_time, specialities=payload.specialities,
            term_start=payload.term_start, term_end=payload.term_end))
    return Status(201, selectors.mediator_registry(request.user).get(pk=mediator.pk))


action_route(
    router, "/mediators/{uuid}/trainings", name="mediator_training", model=Mediator, payload=TrainingIn, status=201,
    response=MediatorRecordOut, reader=_mediator, summary="记录调解员培训",
    description="记录一次业务培训，学时计入累计培训学时（人民调解法 第十四条：县级司法行政部门应当定期对人民调解员进行业务培训）。",
    run=lambda request, mediator, p: services.mediator_training_record(
        actor=request.user, mediator=mediator, date=p.date or timezone.localdate(), hours=p.hours, topic=p.topic),
)


@router.put("/committees/{code}/profile", response={200: CommitteeDetailOut, **WRITE_ERRORS}, summary="登记调委会信息")
def committee_profile_save(request: HttpRequest, code: str, payload: CommitteeProfileIn) -> Org:
    """调委会类型、行业领域、成立日期和本届任期（人民调解法 第八条、第九条、第三十四条）；整条替换。"""
    committee = access_object(request.user, Org, code=code, kind=Org.Kind.COMMITTEE)
    if not writable_orgs(request.user, CommitteeProfile).filter(pk=committee.pk).exists():
        raise AccessDenied("您没有编辑该人民调解委员会信息的权限")
    services.committee_profile_save(actor=request.user, committee=committee, data=services.CommitteeProfileInput(
        committee_type=payload.committee_type, trade=payload.trade, established=payload.established, term_start=payload.term_start,
        term_end=payload.term_end))
    return _committee_detail(request, code)


@router.post("/experts", response={201: ExpertOut, **WRITE_ERRORS}, summary="登记调解专家")
def expert_create(request: HttpRequest, payload: ExpertIn) -> Status:
    """在本单位的专家库登记一名专家（人民调解法 第二十条：邀请具有专门知识、特定经验的人员参与调解）。"""
    require_perm(request.user, "mediation.add_expert", what="登记调解专家")
    org = writable_orgs(request.user, Expert).exclude(kind=Org.Kind.COMMITTEE).order_by("depth").first()
    if org is None:
        raise AccessDenied("您没有可登记专家的单位")
    expert = services.expert_add(actor=request.user, org=org, name=payload.name, kind=payload.kind, speciality=payload.speciality,
                                 employer=payload.employer, phone=payload.phone)
    return Status(201, Expert.objects.select_related("org").get(pk=expert.pk))


# ---------------------------------------------------------------------------------------------------------------
# 调解统计


@router.get("/statistics", response={200: StatisticsOut, **WRITE_ERRORS}, summary="调解统计")
def dispute_statistics(request: HttpRequest, filters: Query[StatisticsFilters]) -> dict[str, Any]:
    """受理数、调解数、调解成功数、协议形式、涉及人数和金额等，按旗县区、司法所、纠纷类型或案件来源分组，与“调解统计”页面相同。"""
    from mediation import statistics
    from mediation.views_stats import default_group_by, period_dates

    require_perm(request.user, "mediation.view_dispute", what="查看调解统计")
    today = timezone.localdate()
    if filters.period == "custom":
        if not filters.date_from or not filters.date_to:
            raise ValidationFailed("自定义期间请填写开始日期和结束日期", field="date_from")
        if filters.date_to < filters.date_from:
            raise ValidationFailed("结束日期不能早于开始日期", field="date_to")
        date_from, date_to = filters.date_from, filters.date_to
    else:
        date_from, date_to = period_dates(filters.period, today)
    under_org = access_object(request.user, Org, code=filters.under) if filters.under else None
    result = statistics.dispute_statistics(request.user, date_from=date_from, date_to=date_to,
                                           group_by=filters.group_by or default_group_by(request.user), under_org=under_org)
    columns = [{"key": m.key, "label": m.label, "group": m.group, "kind": m.kind} for m in statistics.MEASURES]
    return {"date_from": date_from, "date_to": date_to, "group_by": result.group_by, "columns": columns,
            "rows": [{"key": r.key, "label": r.label, "values": r.values} for r in [*result.rows, result.total]]}
