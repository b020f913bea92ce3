"""数据驾驶舱 over the API: every figure of an org (city → county → office) per business group, the same figure for
each unit one level below, and the records behind a figure, exactly what it counts. Figures are sums over the work
ledger (or counts of live records), scoped by ``visible_to`` like the dashboard pages."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from core.access import require_perm
from core.api import ERRORS_READ, ErrorOut, Pagination, TaskRunOut
from core.errors import NotFound, ValidationFailed
from core.forms import client_ip
from core.ledger import EVENT_TYPES
from core.taskruns import taskrun_status
from dashboard import selectors
from dashboard.tasks import rollups_rebuild_start
from dashboard.views import PERM, PeriodForm, period_of
from orgs.models import Org

router = Router(tags=["数据驾驶舱"])

READ_ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, **ERRORS_READ}


class PeriodFilters(Schema):
    period: Literal["last30", "month", "quarter", "year", "custom"] | None = Field(
        None, description="统计期间：last30 近30日（今天及之前29天），month 本月，quarter 本季度，year 本年（均截至今天），"
                          "custom 自定义（须给出起止日期）；默认近30日")
    date_from: dt.date | None = Field(None, description="自定义期间的开始日期")
    date_to: dt.date | None = Field(None, description="自定义期间的结束日期（不超过十年）")


class FigureOut(Schema):
    key: str = Field(..., description="统计项代码，查看明细时用它")
    label: str
    unit: str
    value: Decimal | None = Field(..., description="数值；未接入的统计项（或没有已发布考核标准时的考核得分）为空")
    text: str = Field(..., description="显示的文字（不含单位），如 12、612.5/1000（千分制得分）、—（比率无分母）、未接入")
    note: str = Field("", description="统计口径说明；比率无分母时为“无分母”")
    has_records: bool = Field(..., description="可以用 records 接口查看构成该数字的记录")


class GroupOut(Schema):
    key: str
    label: str
    connected: bool = Field(..., description="该业务模块已接入")
    figures: list[FigureOut]


class UnitOut(Schema):
    code: str
    name: str
    values: dict[str, Decimal | None] = Field(..., description="统计项代码 → 该下级单位的数值")


class BoardOut(Schema):
    org_code: str
    org_name: str
    level: str = Field(..., description="层级：全市、全旗县区或全所")
    date_from: dt.date
    date_to: dt.date
    groups: list[GroupOut]
    units: list[UnitOut] = Field(..., description="下一级各单位（市 → 旗县区，县 → 司法所，司法所 → 调委会）")


class RecordOut(Schema):
    date: dt.date | None = Field(..., description="台账日期；反映当前状态的统计项为空")
    org_name: str
    text: str
    link: str = Field(..., description="记录的页面地址")
    quantity: Decimal | None = Field(..., description="台账数量；反映当前状态的统计项为空")
    actor: str


def _period(request: HttpRequest, filters: PeriodFilters) -> tuple[dt.date, dt.date]:
    data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in filters.dict().items() if v is not None}
    form = PeriodForm(data)
    if not form.is_valid():
        message = next(iter(e for errors in form.errors.values() for e in errors))
        raise ValidationFailed(str(message), field="period")
    _, period = period_of(form.cleaned_data, timezone.localdate())
    return period


def _board(request: HttpRequest, org: Org, filters: PeriodFilters) -> dict[str, Any]:
    require_perm(request.user, PERM, what="查看数据驾驶舱")
    period = _period(request, filters)
    b = selectors.board(request.user, org, period, today=timezone.localdate())
    return {
        "org_code": org.code, "org_name": org.name, "level": selectors.LEVEL_LABELS.get(org.kind, org.name),
        "date_from": period[0], "date_to": period[1],
        "groups": [{"key": g.group.key, "label": g.group.label, "connected": g.connected, "figures": [
            {"key": c.figure.key, "label": c.figure.label, "unit": c.figure.unit, "value": c.value, "has_records": bool(c.url),
             "text": c.text, "note": c.title} for c in g.cells]} for g in b.groups],
        "units": [{"code": r.org.code, "name": r.org.name, "values": r.values} for r in b.rows],
    }


@router.get("", response={200: BoardOut, **READ_ERRORS}, summary="本单位数据驾驶舱")
def board_home(request: HttpRequest, filters: Query[PeriodFilters]) -> dict[str, Any]:
    """本人任职单位（市局、县局或司法所）的各项统计数字。"""
    require_perm(request.user, PERM, what="查看数据驾驶舱")
    org = selectors.home_org(request.user)
    if org is None:
        raise NotFound("您没有任职单位，无法查看数据驾驶舱；请联系管理员为您分配单位")
    return _board(request, org, filters)


@router.get("/{code}", response={200: BoardOut, **READ_ERRORS}, summary="单位数据驾驶舱")
def board_org(request: HttpRequest, code: str, filters: Query[PeriodFilters]) -> dict[str, Any]:
    """数据权限范围内某一单位的各项统计数字及其下一级各单位的数字。"""
    return _board(request, selectors.org_for(request.user, code), filters)


def _record(obj: Any, figure: Any) -> dict[str, Any]:
    if figure.live is not None:
        current = obj
        for part in figure.live.org_path.split("__")[:-1]:
            current = getattr(current, part)
        return {"date": None, "org_name": str(getattr(current, "name", current)), "text": figure.live.describe(obj),
                "link": figure.live.link(obj), "quantity": None, "actor": ""}
    spec = EVENT_TYPES.get(obj.event_type)
    target = obj.target
    return {"date": obj.date, "org_name": obj.org.name, "quantity": obj.quantity, "actor": obj.actor.display_name if obj.actor else "",
            "text": f"{spec.label if spec else obj.event_type}：{target if target is not None else obj.note}",
            "link": target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else ""}


@router.get("/{code}/records/{figure}", response={200: list[RecordOut], **READ_ERRORS}, summary="统计数字的明细记录")
@paginate(Pagination)
def board_records(request: HttpRequest, code: str, figure: str, filters: Query[PeriodFilters]) -> list[dict[str, Any]]:
    """构成某一统计数字的记录，正是该数字所计的那些：数字总能打开它背后的记录。"""
    require_perm(request.user, PERM, what="查看数据驾驶舱")
    org = selectors.org_for(request.user, code)
    _, fig = selectors.figure_or_404(figure)
    qs: QuerySet = selectors.figure_records(request.user, org, fig, _period(request, filters))
    return _Rows(qs, fig)  # type: ignore[return-value]


class _Rows:
    """The records of a figure as rows, described only for the page the paginator slices."""

    def __init__(self, queryset: QuerySet, figure: Any) -> None:
        self.queryset, self.figure = queryset, figure

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [_record(obj, self.figure) for obj in self.queryset[index]]


@router.post("/rollups/rebuild", response={202: TaskRunOut, 403: ErrorOut}, summary="重建汇总")
def rollups_rebuild(request: HttpRequest) -> Status:
    """按工作台账重新计算数据驾驶舱的全部日汇总和月汇总（台账被更正或导入历史数据之后），在后台进行，应答 202 与后台任务；
    用 GET /api/v1/tasks/{uuid} 查询进度。须有“重建台账汇总”权限（系统管理员）。"""
    run = rollups_rebuild_start(actor=request.user, ip_address=client_ip(request))
    return Status(202, taskrun_status(run))
