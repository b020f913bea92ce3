"""工作日志 over the API: the signed-in user's day (pre-filled from the work ledger), a range of days, a manual line,
the one-click confirmation, the office head's review and the completion rate per office."""

import datetime as dt
import uuid as uuid_lib
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from core.access import require_perm
from core.api import ErrorOut, In
from core.errors import ValidationFailed
from core.routes import action_route
from worklog import selectors, services
from worklog.models import WorkLog

router = Router(tags=["工作日志"])

MAX_RANGE_DAYS = 93  # a quarter: enough for a monthly or quarterly summary, bounded so one call stays small


class EntryOut(Schema):
    id: int
    description: str
    quantity: Decimal
    derived: bool = Field(..., description="由业务台账自动生成（否则为手工填写）")
    item_code: str = Field(..., description="手工事项代码（码表 worklog_item）")
    link: str = Field(..., description="所依据记录的页面地址")

    @staticmethod
    def resolve_derived(obj: Any) -> bool:
        return bool(obj.is_derived)


class PendingOut(Schema):
    description: str
    link: str


class DayOut(Schema):
    uuid: uuid_lib.UUID
    date: dt.date
    status: str = Field(..., description="状态：draft 未确认，confirmed 已确认，reviewed 已审阅")
    status_display: str = Field(..., alias="get_status_display")
    summary: str
    org_code: str = Field(..., alias="org.code")
    org_name: str = Field(..., alias="org.name")
    user: str
    confirmed_at: dt.datetime | None
    reviewed_by: str
    reviewed_at: dt.datetime | None
    review_note: str
    entries: list[EntryOut]
    pending: list[PendingOut] = Field(..., description="尚未确认的当天台账事项（确认时写入日志）；已确认的日志为空")

    @staticmethod
    def resolve_user(obj: WorkLog) -> str:
        return str(obj.user)

    @staticmethod
    def resolve_reviewed_by(obj: WorkLog) -> str:
        return str(obj.reviewed_by) if obj.reviewed_by else ""

    @staticmethod
    def resolve_entries(obj: WorkLog) -> list[Any]:
        return list(obj.entries.all())

    @staticmethod
    def resolve_pending(obj: WorkLog) -> list[dict[str, str]]:
        if obj.status != WorkLog.Status.DRAFT:
            return []
        return [{"description": line.text, "link": line.link}
                for line in services.log_lines(services.derived_events(obj.user, obj.date))]


class LogBrief(Schema):
    uuid: uuid_lib.UUID
    date: dt.date
    status: str
    status_display: str = Field(..., alias="get_status_display")
    summary: str
    user: str
    org_name: str = Field(..., alias="org.name")
    entry_count: int

    @staticmethod
    def resolve_user(obj: WorkLog) -> str:
        return str(obj.user)


class RangeFilters(Schema):
    start: dt.date = Field(..., description="开始日期")
    end: dt.date = Field(..., description=f"结束日期（不晚于今天，与开始日期相距不超过{MAX_RANGE_DAYS}天）")


class ManualIn(In):
    item_code: str = Field(..., max_length=40, description="工作事项代码（码表 worklog_item，如 meeting、training）")
    description: str = Field(..., min_length=1, max_length=200, description="工作内容，如：参加县局人民调解业务培训半天")
    quantity: int = Field(1, ge=1, le=10000, description="数量")


class ConfirmIn(In):
    summary: str = Field("", max_length=300, description="当日小结；当天没有任何工作记录时必填（如请假、外出）")


class ReviewIn(In):
    note: str = Field("", max_length=200, description="审阅意见；退回时必填")
    send_back: bool = Field(False, description="退回重填")


class CompletionFilters(Schema):
    start: dt.date | None = Field(None, description="开始日期，默认本月1日")
    end: dt.date | None = Field(None, description="结束日期，默认今天")


class CompletionOut(Schema):
    office_code: str
    office_name: str
    staff: int = Field(..., description="在岗人数（所长和工作人员）")
    expected: int = Field(..., description="应填报（在岗人数 × 工作日数）")
    confirmed: int = Field(..., description="已确认或已审阅的日志数")
    rate: float | None = Field(..., description="完成率（%）；无应填报时为空")


def _log(request: HttpRequest, day: dt.date) -> WorkLog:
    log = services.worklog_open(user=request.user, day=day)
    return WorkLog.objects.select_related("org", "user", "reviewed_by").prefetch_related("entries").get(pk=log.pk)


@router.get("/days", response={200: list[LogBrief], 400: ErrorOut}, summary="我的工作日志（日期范围）")
def worklog_range(request: HttpRequest, filters: Query[RangeFilters]) -> list[WorkLog]:
    """本人在日期范围内已打开过的日志（未打开过的日子没有日志）。"""
    if filters.end < filters.start:
        raise ValidationFailed("结束日期不能早于开始日期", field="end")
    if (filters.end - filters.start).days > MAX_RANGE_DAYS:
        raise ValidationFailed(f"日期范围不能超过{MAX_RANGE_DAYS}天，请分段查询", field="end")
    mine = WorkLog.objects.visible_to(request.user, "view").filter(user=request.user)  # type: ignore[misc]
    rows = mine.filter(date__range=(filters.start, filters.end)).select_related("org", "user")
    return list(rows.annotate(entry_count=Count("entries")).order_by("date"))


@router.get("/days/{day}", response={200: DayOut, 400: ErrorOut}, summary="我的某日工作日志")
def worklog_day(request: HttpRequest, day: dt.date) -> WorkLog:
    """本人当天的日志，首次打开时建立；未确认时 pending 列出当天业务台账中将写入日志的事项（“每天一分钟”）。"""
    return _log(request, day)


@router.post("/days/{day}/entries", response={201: DayOut, 400: ErrorOut}, summary="添加手工事项")
def worklog_add(request: HttpRequest, day: dt.date, payload: ManualIn) -> Status:
    """业务模块没有记录的工作（会议、培训、普法……），同时记入业务台账；日志确认后不能再添加。"""
    log = services.worklog_open(user=request.user, day=day)
    services.worklog_add_manual(actor=request.user, log=log, item_code=payload.item_code, description=payload.description,
                                quantity=payload.quantity)
    return Status(201, _log(request, day))


@router.post("/days/{day}/confirm", response={200: DayOut, 400: ErrorOut}, summary="确认当日日志")
def worklog_confirm(request: HttpRequest, day: dt.date, payload: ConfirmIn) -> WorkLog:
    """一键确认：当天的台账事项按现状写入日志。"""
    log = services.worklog_open(user=request.user, day=day)
    services.worklog_confirm(actor=request.user, log=log, summary=payload.summary)
    return _log(request, day)


@router.get("/review", response={200: list[LogBrief], 403: ErrorOut}, summary="待审阅的工作日志")
def worklog_review_list(request: HttpRequest) -> list[WorkLog]:
    """所长审阅本所人员已确认的日志（最近200篇）；须有 worklog.review_worklog 权限。"""
    require_perm(request.user, "worklog.review_worklog", what="审阅工作日志")
    return list(selectors.logs_to_review(request.user)[:200])


action_route(
    router, "/review/{uuid}", name="worklog_review", model=WorkLog, payload=ReviewIn, response=DayOut, summary="审阅工作日志",
    perm=("worklog.review_worklog", "审阅工作日志"), description="审阅通过，或填写原因退回重填（退回后填报人收到提醒）。",
    run=lambda request, log, p: services.worklog_review(actor=request.user, log=log, note=p.note, send_back=p.send_back),
    answer=lambda request, log, _: WorkLog.objects.select_related("org", "user", "reviewed_by").prefetch_related("entries").get(pk=log.pk),
)


@router.get("/completion", response={200: list[CompletionOut], 400: ErrorOut}, summary="日志完成率")
def worklog_completion(request: HttpRequest, filters: Query[CompletionFilters]) -> list[dict[str, Any]]:
    """数据权限范围内各司法所的日志完成率：已确认日志 ÷（在岗人数 × 工作日数）。"""
    today = timezone.localdate()
    start, end = filters.start or today.replace(day=1), filters.end or today
    if end < start:
        raise ValidationFailed("结束日期不能早于开始日期", field="end")
    if (end - start).days > 3660:
        raise ValidationFailed("统计期间不能超过十年，请缩短期间", field="start")
    rows = selectors.completion_by_office(request.user, start=start, end=end)
    return [{"office_code": r["office"].code, "office_name": r["office"].name, "staff": r["staff"], "expected": r["expected"],
             "confirmed": r["confirmed"], "rate": r["rate"]} for r in rows]
