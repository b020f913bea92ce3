"""日常监管 of 社区矫正 over the API: the lists with the pages' filters, a subject's schedule and the suggested 奖惩
steps, every action of the pages (scheduling, fulfilment, requests and their approval, 电子定位, alerts, 脱管, 考核,
奖惩 decisions), and the signed endpoint through which the external positioning system pushes its alerts.

Reads are scoped by ``visible_to``; writes go through ``corrections.duties`` (one transaction, audit row, ledger
entry); errors leave as ``{code, message, field}`` in Chinese. Coordinates of a check-in or an alert are not served in
lists (社区矫正法 第二十九条第三款: 位置信息应当严格保密)."""

import datetime as dt
import uuid as uuid_lib
from decimal import Decimal
from typing import Annotated, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticError

from core.access import access_object
from core.api import ErrorOut, In, Pagination, Unauthenticated, choice_schema, filter_queryset, validation_error_body
from core.errors import ValidationFailed
from corrections import duties
from corrections import lists_duties as lists
from corrections.choices_duties import AlertKind, Level, MonitoringTrigger, RequestKind, SanctionKind
from corrections.models import Abscond, LocationAlert, Monitoring, Obligation, Subject, SubjectRequest

router = Router(tags=["社区矫正 日常监管"])
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _subject(request: HttpRequest, uuid: uuid_lib.UUID, action: str = "change") -> Subject:
    return access_object(request.user, Subject, action=action, uuid=uuid)


class _DutyRow(Schema):
    uuid: uuid_lib.UUID
    subject_uuid: uuid_lib.UUID
    subject_name: str
    org_name: str

    @staticmethod
    def resolve_subject_uuid(obj: Any) -> Any:
        return obj.subject.uuid

    @staticmethod
    def resolve_subject_name(obj: Any) -> str:
        return obj.subject.person.name  # type: ignore[no-any-return]

    @staticmethod
    def resolve_org_name(obj: Any) -> str:
        return obj.org.name  # type: ignore[no-any-return]


class ObligationOut(_DutyRow):
    kind: str
    title: str
    window_start: dt.date = Field(..., description="起始日期")
    due_date: dt.date = Field(..., description="截止日期")
    hours: Decimal | None = Field(None, description="应完成时数（教育学习、公益活动）")
    done_hours: Decimal
    status: str = Field(..., description="pending 待履行、done 已履行、missed 未履行、excused 免除")
    done_date: dt.date | None = None
    note: str
    basis: str
    source: str


class CheckInOut(_DutyRow):
    at: dt.datetime
    is_report: bool
    obligation_title: str
    located: bool = Field(..., description="是否提供了位置（坐标不在列表中提供）")
    has_photo: bool
    text: str

    @staticmethod
    def resolve_obligation_title(obj: Any) -> str:
        return obj.obligation.title if obj.obligation else ""

    @staticmethod
    def resolve_located(obj: Any) -> bool:
        return obj.latitude is not None

    @staticmethod
    def resolve_has_photo(obj: Any) -> bool:
        return bool(obj.photo)


class SubjectRequestOut(_DutyRow):
    kind: str
    reason: str
    destination: str
    start_date: dt.date
    end_date: dt.date
    days: int
    applied_date: dt.date
    status: str
    decided_date: dt.date | None = None
    decision_note: str
    returned_date: dt.date | None = None


class MonitoringOut(_DutyRow):
    trigger: str
    facts: str
    approver: str
    approval_date: dt.date
    start_date: dt.date
    end_date: dt.date
    device: str
    renewal: bool
    ended_date: dt.date | None = None
    end_note: str

    @staticmethod
    def resolve_renewal(obj: Any) -> bool:
        return obj.renewal_of_id is not None


class LocationAlertOut(_DutyRow):
    kind: str
    occurred_at: dt.datetime
    detail: str
    handled_date: dt.date | None = None
    handling: str


class AbscondOut(_DutyRow):
    lost_date: dt.date
    found_date: dt.date | None = None
    days: int = Field(..., description="脱管天数（至查找到之日或今天，首尾都计）")
    steps: str
    result: str

    @staticmethod
    def resolve_days(obj: Any) -> int:
        return obj.days_on(timezone.localdate())  # type: ignore[no-any-return]


class SanctionOut(_DutyRow):
    kind: str
    facts: str
    basis: str
    decision_date: dt.date
    suggested: bool


class FulfilmentReviewOut(_DutyRow):
    period: str
    start_date: dt.date
    end_date: dt.date
    due: int
    done: int
    missed: int
    result: str
    evidence: list[dict[str, str]]


class SanctionSuggestionOut(Schema):
    kind: str
    label: str
    reason: str
    basis: str


class _DutyFilters(Schema):
    name: str | None = Field(None, max_length=50, description="姓名包含")
    org: str | None = Field(None, max_length=100, description="司法所名称包含")


class ObligationFilters(_DutyFilters):
    kind: str | None = Field(None, max_length=20)
    status: str | None = Field(None, max_length=20)
    due_from: dt.date | None = None
    due_to: dt.date | None = None


class CheckInFilters(_DutyFilters):
    is_report: bool | None = None
    at_from: dt.date | None = None
    at_to: dt.date | None = None


class SubjectRequestFilters(_DutyFilters):
    kind: str | None = Field(None, max_length=20)
    status: str | None = Field(None, max_length=20)
    start_from: dt.date | None = None
    start_to: dt.date | None = None


class MonitoringFilters(_DutyFilters):
    trigger: str | None = Field(None, max_length=20)
    active: bool | None = None


class LocationAlertFilters(_DutyFilters):
    kind: str | None = Field(None, max_length=20)
    open: bool | None = None


class AbscondFilters(_DutyFilters):
    open: bool | None = None
    lost_from: dt.date | None = None
    lost_to: dt.date | None = None


class SanctionFilters(_DutyFilters):
    kind: str | None = Field(None, max_length=20)
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class FulfilmentReviewFilters(_DutyFilters):
    result: str | None = Field(None, max_length=10)
    period: str | None = Field(None, max_length=10)


@router.get("/obligations", response=list[ObligationOut], summary="履行事项列表")
@paginate(Pagination)
def obligation_list(request: HttpRequest, filters: Query[ObligationFilters]) -> QuerySet:
    """数据权限范围内的履行事项（报到、书面报告、教育学习、公益活动、个别谈话、走访、信息化核查、病情复查）。"""
    return filter_queryset(lists.ObligationFilterSet, filters, lists.obligation_list(request.user), request)


@router.get("/checkins", response=list[CheckInOut], summary="签到报告列表")
@paginate(Pagination)
def checkin_list(request: HttpRequest, filters: Query[CheckInFilters]) -> QuerySet:
    """社区矫正对象手机端的签到和书面报告；坐标保密，不在列表中提供。"""
    return filter_queryset(lists.CheckInFilterSet, filters, lists.checkin_list(request.user), request)


@router.get("/requests", response=list[SubjectRequestOut], summary="外出、会客、迁居申请列表")
@paginate(Pagination)
def subject_request_list(request: HttpRequest, filters: Query[SubjectRequestFilters]) -> QuerySet:
    return filter_queryset(lists.RequestFilterSet, filters, lists.request_list(request.user), request)


@router.get("/monitorings", response=list[MonitoringOut], summary="电子定位列表")
@paginate(Pagination)
def monitoring_list(request: HttpRequest, filters: Query[MonitoringFilters]) -> QuerySet:
    return filter_queryset(lists.MonitoringFilterSet, filters, lists.monitoring_list(request.user), request)


@router.get("/location-alerts", response=list[LocationAlertOut], summary="定位报警列表")
@paginate(Pagination)
def location_alert_list(request: HttpRequest, filters: Query[LocationAlertFilters]) -> QuerySet:
    return filter_queryset(lists.AlertFilterSet, filters, lists.alert_list(request.user), request)


@router.get("/absconds", response=list[AbscondOut], summary="脱管列表")
@paginate(Pagination)
def abscond_list(request: HttpRequest, filters: Query[AbscondFilters]) -> QuerySet:
    return filter_queryset(lists.AbscondFilterSet, filters, lists.abscond_list(request.user), request)


@router.get("/sanctions", response=list[SanctionOut], summary="考核奖惩列表")
@paginate(Pagination)
def sanction_list(request: HttpRequest, filters: Query[SanctionFilters]) -> QuerySet:
    return filter_queryset(lists.SanctionFilterSet, filters, lists.sanction_list(request.user), request)


@router.get("/reviews", response=list[FulfilmentReviewOut], summary="月度、季度考核列表")
@paginate(Pagination)
def review_list(request: HttpRequest, filters: Query[FulfilmentReviewFilters]) -> QuerySet:
    return filter_queryset(lists.ReviewFilterSet, filters, lists.review_list(request.user), request)


@router.get("/subjects/{uuid}/suggestions", response={200: list[SanctionSuggestionOut], 404: ErrorOut}, summary="奖惩建议")
def sanction_suggestion_list(request: HttpRequest, uuid: uuid_lib.UUID) -> list[dict[str, str]]:
    """法定情形指向的考核奖惩步骤（如 脱管超过十日建议警告），每项写明事实和依据；由工作人员决定是否采纳。"""
    subject = _subject(request, uuid, "view")
    return [{"kind": s.kind, "label": s.label, "reason": s.reason, "basis": s.basis} for s in duties.sanction_suggestions(subject)]


# ------------------------------------------------------------------------------------------------------- writes


class PlanMeasureIn(In):
    kind: str = Field(..., max_length=30, description="report、written_report、education、community_service、talk、visit、"
                                                      "info_check、health_report 或其他")
    title: str = Field(..., max_length=100)
    frequency: str | int | None = Field(None, description="weekly、biweekly、monthly、bimonthly、quarterly 或每月次数")
    hours_per_month: Decimal | None = Field(None, description="每月时数（教育学习、公益活动）")
    legal_basis: str = Field("", max_length=200)


class ObligationScheduleIn(In):
    level: Annotated[Level, choice_schema(Level, description="管理等级（不给措施时按该等级的默认标准安排）")] | None = None
    measures: list[PlanMeasureIn] = Field(default_factory=list, description="矫正方案的措施；与 level 二选一")
    start: dt.date
    end: dt.date


class ScheduledOut(Schema):
    created: int


@router.post("/subjects/{uuid}/schedule", response={200: ScheduledOut, **WRITE}, summary="安排履行事项")
def obligations_schedule(request: HttpRequest, uuid: uuid_lib.UUID, payload: ObligationScheduleIn) -> dict[str, int]:
    """按矫正方案的措施或管理等级的默认标准安排履行事项；起始日以后尚未履行的事项被替换。"""
    subject = _subject(request, uuid)
    with transaction.atomic():
        if payload.measures:
            created = duties.obligations_schedule(actor=request.user, subject=subject, start=payload.start, end=payload.end,
                                                  measures=[m.dict() for m in payload.measures])
        elif payload.level:
            created = duties.schedule_by_level(actor=request.user, subject=subject, level=payload.level, start=payload.start,
                                               end=payload.end)
        else:
            raise ValidationFailed("请给出措施（measures）或管理等级（level）", field="measures")
    return {"created": len(created)}


class ObligationFulfilIn(In):
    date: dt.date
    hours: Decimal | None = Field(None, description="本次时数（教育学习、公益活动）")
    note: str = Field("", max_length=300)


@router.post("/obligations/{uuid}/fulfil", response={200: ObligationOut, **WRITE}, summary="登记履行")
def obligation_fulfil(request: HttpRequest, uuid: uuid_lib.UUID, payload: ObligationFulfilIn) -> Obligation:
    obligation = access_object(request.user, Obligation, action="change", uuid=uuid)
    return duties.obligation_fulfil(actor=request.user, obligation=obligation, date=payload.date, hours=payload.hours, note=payload.note)


class ExcuseIn(In):
    reason: str = Field(..., max_length=300)


@router.post("/obligations/{uuid}/excuse", response={200: ObligationOut, **WRITE}, summary="免除履行事项")
def obligation_excuse(request: HttpRequest, uuid: uuid_lib.UUID, payload: ExcuseIn) -> Obligation:
    obligation = access_object(request.user, Obligation, action="change", uuid=uuid)
    return duties.obligation_excuse(actor=request.user, obligation=obligation, reason=payload.reason)


class SubjectRequestIn(In):
    kind: Annotated[RequestKind, choice_schema(RequestKind, description="申请事项")]
    reason: str = Field(..., max_length=300)
    destination: str = Field("", max_length=200)
    start_date: dt.date
    end_date: dt.date
    applied_date: dt.date | None = None


@router.post("/subjects/{uuid}/requests", response={201: SubjectRequestOut, **WRITE}, summary="登记外出、会客、迁居申请")
def subject_request_submit(request: HttpRequest, uuid: uuid_lib.UUID, payload: SubjectRequestIn) -> Status:
    """外出申请按上限检查：一次不超过三十日、每月次数、二个月累计天数（系统参数）。"""
    subject = _subject(request, uuid, "view")
    return Status(201, duties.request_submit(actor=request.user, subject=subject, data=duties.RequestInput(**payload.dict())))


class ReferIn(In):
    note: str = Field("", max_length=300)


class RequestDecideIn(In):
    approve: bool
    note: str = Field("", max_length=300, description="审批意见；不予批准的须写明理由")


def _request(request: HttpRequest, uuid: uuid_lib.UUID) -> SubjectRequest:
    return access_object(request.user, SubjectRequest, action="change", uuid=uuid)


@router.post("/requests/{uuid}/refer", response={200: SubjectRequestOut, **WRITE}, summary="报县级社区矫正机构审批")
def subject_request_refer(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReferIn) -> SubjectRequest:
    return duties.request_refer(actor=request.user, request=_request(request, uuid), note=payload.note)


@router.post("/requests/{uuid}/decide", response={200: SubjectRequestOut, **WRITE}, summary="审批申请")
def subject_request_decide(request: HttpRequest, uuid: uuid_lib.UUID, payload: RequestDecideIn) -> SubjectRequest:
    """司法所批准七日以内的外出，超过七日和变更执行地由县级社区矫正机构批准；已报县级审批的申请由县级社区矫正机构审批，
    这是其监督职责，不受角色“办案范围”的限制。"""
    found = access_object(request.user, SubjectRequest, uuid=uuid)
    item = access_object(request.user, SubjectRequest, action=duties.request_right(found), uuid=uuid)
    return duties.request_decide(actor=request.user, request=item, approve=payload.approve, note=payload.note)


class TripReturnIn(In):
    date: dt.date


@router.post("/requests/{uuid}/return", response={200: SubjectRequestOut, **WRITE}, summary="外出返回销假")
def subject_request_return(request: HttpRequest, uuid: uuid_lib.UUID, payload: TripReturnIn) -> SubjectRequest:
    return duties.request_return(actor=request.user, request=_request(request, uuid), date=payload.date)


class MonitoringIn(In):
    trigger: Annotated[MonitoringTrigger, choice_schema(MonitoringTrigger, description="社区矫正法 第二十九条的适用情形")]
    facts: str = Field(..., max_length=300)
    approver: str = Field(..., max_length=50, description="县级司法行政部门负责人")
    approval_date: dt.date
    start_date: dt.date
    end_date: dt.date = Field(..., description="不超过三个月")
    device: str = Field(..., max_length=50)


@router.post("/subjects/{uuid}/monitorings", response={201: MonitoringOut, **WRITE}, summary="使用电子定位装置")
def monitoring_start(request: HttpRequest, uuid: uuid_lib.UUID, payload: MonitoringIn) -> Status:
    subject = _subject(request, uuid, "view")
    return Status(201, duties.monitoring_start(actor=request.user, subject=subject, data=duties.MonitoringInput(**payload.dict())))


class MonitoringRenewIn(In):
    facts: str = Field(..., max_length=300)
    approver: str = Field(..., max_length=50)
    approval_date: dt.date
    end_date: dt.date


@router.post("/monitorings/{uuid}/renew", response={201: MonitoringOut, **WRITE}, summary="延长电子定位")
def monitoring_renew(request: HttpRequest, uuid: uuid_lib.UUID, payload: MonitoringRenewIn) -> Status:
    monitoring = access_object(request.user, Monitoring, action="change", uuid=uuid)
    return Status(201, duties.monitoring_renew(actor=request.user, monitoring=monitoring, **payload.dict()))


class MonitoringEndIn(In):
    date: dt.date
    note: str = Field(..., max_length=200)


@router.post("/monitorings/{uuid}/end", response={200: MonitoringOut, **WRITE}, summary="解除电子定位")
def monitoring_end(request: HttpRequest, uuid: uuid_lib.UUID, payload: MonitoringEndIn) -> Monitoring:
    monitoring = access_object(request.user, Monitoring, action="change", uuid=uuid)
    return duties.monitoring_end(actor=request.user, monitoring=monitoring, date=payload.date, note=payload.note)


class AlertHandleIn(In):
    date: dt.date
    handling: str = Field(..., max_length=300)


@router.post("/location-alerts/{uuid}/handle", response={200: LocationAlertOut, **WRITE}, summary="处置定位报警")
def location_alert_handle(request: HttpRequest, uuid: uuid_lib.UUID, payload: AlertHandleIn) -> LocationAlert:
    alert = access_object(request.user, LocationAlert, action="change", uuid=uuid)
    return duties.location_alert_handle(actor=request.user, alert=alert, date=payload.date, handling=payload.handling)


class AbscondIn(In):
    lost_date: dt.date
    steps: str = Field(..., max_length=2000)


@router.post("/subjects/{uuid}/absconds", response={201: AbscondOut, **WRITE}, summary="登记脱管")
def abscond_register(request: HttpRequest, uuid: uuid_lib.UUID, payload: AbscondIn) -> Status:
    subject = _subject(request, uuid, "view")
    return Status(201, duties.abscond_register(actor=request.user, subject=subject, lost_date=payload.lost_date, steps=payload.steps))


class AbscondStepIn(In):
    step: str = Field(..., max_length=300)


@router.post("/absconds/{uuid}/steps", response={200: AbscondOut, **WRITE}, summary="补充查找措施")
def abscond_step(request: HttpRequest, uuid: uuid_lib.UUID, payload: AbscondStepIn) -> Abscond:
    episode = access_object(request.user, Abscond, action="change", uuid=uuid)
    return duties.abscond_step(actor=request.user, abscond=episode, step=payload.step)


class AbscondFoundIn(In):
    found_date: dt.date
    result: str = Field(..., max_length=300)


@router.post("/absconds/{uuid}/found", response={200: AbscondOut, **WRITE}, summary="查找到脱管对象")
def abscond_found(request: HttpRequest, uuid: uuid_lib.UUID, payload: AbscondFoundIn) -> Abscond:
    episode = access_object(request.user, Abscond, action="change", uuid=uuid)
    return duties.abscond_found(actor=request.user, abscond=episode, found_date=payload.found_date, result=payload.result)


class SanctionIn(In):
    kind: Annotated[SanctionKind, choice_schema(SanctionKind, description="奖惩类别")]
    facts: str = Field(..., max_length=2000)
    basis: str = Field(..., max_length=200)
    decision_date: dt.date
    suggested: bool = Field(False, description="是否采纳平台建议")


@router.post("/subjects/{uuid}/sanctions", response={201: SanctionOut, **WRITE}, summary="考核奖惩决定")
def sanction_decide(request: HttpRequest, uuid: uuid_lib.UUID, payload: SanctionIn) -> Status:
    """表扬、训诫、警告，或提请治安管理处罚、撤销缓刑、撤销假释、收监执行；同时生成编号的决定书或建议书。"""
    subject = _subject(request, uuid, "view")
    return Status(201, duties.sanction_decide(actor=request.user, subject=subject, data=duties.SanctionInput(**payload.dict())))


class ReviewPeriodIn(In):
    period: str = Field(..., max_length=10, description="2026-11（月度）或 2026Q4（季度）")


@router.post("/subjects/{uuid}/reviews", response={201: FulfilmentReviewOut, **WRITE}, summary="月度、季度考核")
def review_record(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReviewPeriodIn) -> Status:
    subject = _subject(request, uuid, "view")
    return Status(201, duties.review_record(actor=request.user, subject=subject, period=payload.period))


# ---------------------------------------------------------------------------------- the positioning system's push


class LocationAlertPushIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    alert_id: str = Field(..., min_length=1, max_length=64, description="定位系统的报警编号（重复推送只保存一次）")
    device: str = Field(..., min_length=1, max_length=50, description="装置编号")
    kind: str = Field(..., max_length=20, description="、".join(f"{v}（{lbl}）" for v, lbl in AlertKind.choices))
    occurred_at: dt.datetime
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    detail: str = Field("", max_length=300)


class LocationAlertPushOut(Schema):
    uuid: uuid_lib.UUID
    created: bool


BAD_SIGNATURE = ("签名校验失败，报警未保存：请用约定的密钥对“X-Timestamp 的值 + 换行 + 请求体原文”计算 HMAC-SHA256，"
                 "十六进制放在 X-Signature 请求头中，并确认 X-Timestamp 与当前时间相差不超过五分钟")


PUSH_ANSWERS = {200: LocationAlertPushOut, 201: LocationAlertPushOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut}


@router.post("/positioning/alerts", auth=None, response=PUSH_ANSWERS,
             summary="接收定位报警（定位系统推送）",
             openapi_extra={"requestBody": {"required": True,
                                            "content": {"application/json": {"schema": LocationAlertPushIn.model_json_schema()}}},
                            "security": [], "parameters": [
                                {"in": "header", "name": "X-Timestamp", "required": True, "schema": {"type": "string"},
                                 "description": "Unix 时间戳（秒）"},
                                {"in": "header", "name": "X-Signature", "required": True, "schema": {"type": "string"},
                                 "description": "HMAC-SHA256(密钥, 时间戳 + \"\\n\" + 请求体) 的十六进制"}]})
def location_alert_push(request: HttpRequest) -> Status:
    """外部电子定位系统推送报警。以共享密钥的 HMAC-SHA256 签名认证（不用登录会话或访问令牌）；签名不符返回 401，不保存任何内容。
    报警按装置编号对应正在执行的电子定位，通知矫正责任人。"""
    body = request.body
    if not duties.positioning_verify(timestamp=request.headers.get("X-Timestamp", ""), signature=request.headers.get("X-Signature", ""),
                                     body=body):
        raise Unauthenticated(BAD_SIGNATURE, code="bad_signature")
    try:
        data = LocationAlertPushIn.model_validate_json(body)
    except PydanticError as exc:
        first = validation_error_body([dict(e) for e in exc.errors()])
        raise ValidationFailed(f"报警内容不完整或格式不对：{first['message']}", field=first.get("field")) from None
    alert, created = duties.location_alert_receive(data=duties.AlertInput(
        alert_id=data.alert_id, device=data.device, kind=data.kind, occurred_at=data.occurred_at, latitude=data.latitude,
        longitude=data.longitude, detail=data.detail))
    return Status(201 if created else 200, {"uuid": alert.uuid, "created": created})
