"""千分制考核 over the API: the 考核标准 versions and their items, the ranking of offices for a 考核期, one office's
score item by item with the ledger entries behind an item, and the reviewers' 人工评分 and 复核调整 (with reasons).

A 考核期 is written ``2026-11`` (month), ``2026-Q4`` (quarter) or ``2026`` (year); one not yet begun is refused (400)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from assessment import selectors, services
from assessment.models import Part, Rule, Standard, StandardItem
from assessment.periods import Period, period_check_started, period_current, period_parse
from assessment.scoring import ItemScore, item_events
from core.access import require_perm
from core.api import ERRORS_READ, ERRORS_WRITE, ErrorOut, In, choice_schema
from core.errors import NotFound, ValidationFailed
from core.ledger import EVENT_TYPES

router = Router(tags=["千分制考核"])

VIEW_RESULTS = "assessment.view_manualscore"
READ_ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, **ERRORS_READ}


class StandardOut(Schema):
    id: int
    year: int
    version: int
    name: str
    status: Annotated[Standard.Status, choice_schema(Standard.Status, description="状态")]
    status_display: str
    note: str
    points: Decimal | None = Field(..., description="各项分值合计")


class StandardItemOut(Schema):
    id: int
    code: str
    part: str = Field(..., description="部分代码：" + "、".join(f"{v}（{label}）" for v, label in Part.choices))
    part_display: str
    name: str
    max_points: Decimal
    rule: str = Field(..., description="评分方式代码：" + "、".join(f"{v}（{label}）" for v, label in Rule.choices))
    rule_display: str
    event_types: list[str] = Field(..., description="计分的台账事项")
    denominator: list[str] = Field(..., description="比率的分母事项")
    target_per_month: Decimal | None
    threshold: Decimal | None
    per_unit: Decimal | None
    basis: str

    @staticmethod
    def resolve_part_display(obj: StandardItem) -> str:
        return obj.get_part_display()

    @staticmethod
    def resolve_rule_display(obj: StandardItem) -> str:
        return obj.get_rule_display()


class StandardDetailOut(StandardOut):
    items: list[StandardItemOut]


class PeriodFilter(Schema):
    period: str | None = Field(None, max_length=10, description="考核期：2026-11（月）、2026-Q4（季度）或 2026（年度），默认本月")


class RankingFilters(PeriodFilter):
    county: str | None = Field(None, max_length=32, description="旗县区司法局的机构编码：只看该县的司法所，按县内名次排序")


class PartScoreOut(Schema):
    part: str
    label: str
    points: Decimal


class RankedOut(Schema):
    office_code: str
    office_name: str
    county_code: str
    county_name: str
    total: Decimal = Field(..., description="总分")
    county_rank: int = Field(..., description="县内名次（同分同名次）")
    county_size: int
    city_rank: int = Field(..., description="全市名次")
    city_size: int
    parts: list[PartScoreOut]


class PeriodOut(Schema):
    code: str
    label: str
    start: dt.date
    end: dt.date


class ScoredPeriodOut(Schema):
    period: PeriodOut
    standard: StandardOut
    note: str = Field(..., description="本年度标准未发布、暂按以前年度标准计分时的说明")
    running: bool = Field(..., description="考核期尚未结束，按截至今天的台账计分")


class RankingOut(ScoredPeriodOut):
    rows: list[RankedOut]


class ItemScoreOut(Schema):
    item_id: int
    code: str
    name: str
    part: str
    max_points: Decimal
    rule: str
    points: Decimal = Field(..., description="得分 = auto + manual + adjustment + capped")
    auto: Decimal = Field(..., description="按台账自动计得（负面清单为扣分）")
    manual: Decimal = Field(..., description="人工评分或扣分")
    adjustment: Decimal = Field(..., description="复核调整")
    capped: Decimal = Field(..., description="超出分值范围而截去的分")
    count: Decimal = Field(..., description="计分的台账事项数")
    denominator: Decimal = Field(..., description="比率的分母事项数")
    detail: str = Field(..., description="得分说明")


class ManualScoreOut(Schema):
    id: int
    item_code: str
    period_start: dt.date
    period_end: dt.date
    points: Decimal
    evidence: str
    created_by: str
    created_at: dt.datetime


class AdjustmentOut(Schema):
    id: int
    item_code: str
    period_start: dt.date
    period_end: dt.date
    delta: Decimal
    reason: str
    created_by: str
    created_at: dt.datetime


class OfficeScoreOut(ScoredPeriodOut, RankedOut):
    items: list[ItemScoreOut]
    manual_scores: list[ManualScoreOut]
    adjustments: list[AdjustmentOut]


class EventOut(Schema):
    date: dt.date
    event_type: str
    label: str
    quantity: Decimal
    side: str = Field(..., description="numerator 计分事项，denominator 比率的分母事项")
    record: str = Field(..., description="所依据的记录")
    link: str = Field(..., description="记录的页面地址")
    actor: str


class ItemEventsOut(Schema):
    period: PeriodOut
    counted_end: dt.date = Field(..., description="计入的最后一天（进行中的考核期为今天）")
    item: StandardItemOut
    numerator: Decimal
    denominator: Decimal
    events: list[EventOut]


class ManualScoreIn(In):
    points: Decimal = Field(..., max_digits=6, decimal_places=1, description="得分（人工扣分项填扣去的分数，正数）")
    evidence: str = Field(..., min_length=1, max_length=5000, description="评分依据和佐证材料")


class AdjustmentIn(In):
    delta: Decimal = Field(..., max_digits=6, decimal_places=1, description="调整分值：加分填正数，减分填负数，如 -2")
    reason: str = Field(..., min_length=1, max_length=300, description="调整理由（记入得分明细）")


def _period(code: str | None) -> Period:
    today = timezone.localdate()
    period = period_parse(code) if code else period_current(today)
    period_check_started(period, today)
    return period


def _period_out(period: Period) -> dict[str, Any]:
    return {"code": period.code, "label": period.label, "start": period.start, "end": period.end}


def _standard_out(standard: Standard) -> dict[str, Any]:
    return {"id": standard.pk, "year": standard.year, "version": standard.version, "name": standard.name, "status": standard.status,
            "status_display": standard.get_status_display(), "note": standard.note,
            "points": sum((i.max_points for i in standard.items.all()), Decimal(0))}


def _ranked_out(r: selectors.Ranked) -> dict[str, Any]:
    return {"office_code": r.office.code, "office_name": r.office.name, "county_code": r.county.code, "county_name": r.county.name,
            "total": r.total, "county_rank": r.county_rank, "county_size": r.county_size, "city_rank": r.city_rank,
            "city_size": r.city_size,
            "parts": [{"part": code, "label": label, "points": r.score.part_total(code)} for code, label in Part.choices]}


def _item_score_out(s: ItemScore) -> dict[str, Any]:
    item = s.item
    return {"item_id": item.pk, "code": item.code, "name": item.name, "part": item.part, "max_points": item.max_points,
            "rule": item.rule, "points": s.points, "auto": s.auto, "manual": s.manual, "adjustment": s.adjustment,
            "capped": s.capped, "count": s.count, "denominator": s.denominator, "detail": s.detail}


def _item(standard: Standard, item_pk: int) -> StandardItem:
    item = StandardItem.objects.select_related("standard").filter(pk=item_pk, standard=standard).first()
    if item is None:
        raise NotFound("该考核期适用的考核标准中没有这个考核项目，请按得分明细中的 item_id 填写")
    return item


# ---------------------------------------------------------------- 考核标准

@router.get("/standards", response={200: list[StandardOut], 403: ErrorOut}, summary="考核标准（各年度各版本）")
def standard_list(request: HttpRequest) -> Any:
    require_perm(request.user, "assessment.view_standard", what="查看考核标准")
    return [_standard_out(s) for s in Standard.objects.prefetch_related("items").order_by("-year", "-version")]


@router.get("/standards/{pk}", response={200: StandardDetailOut, 403: ErrorOut, **ERRORS_READ}, summary="考核标准及考核项目")
def standard_detail(request: HttpRequest, pk: int) -> Any:
    require_perm(request.user, "assessment.view_standard", what="查看考核标准")
    if not 0 < pk < 2**31:
        raise NotFound("未找到该考核标准")
    standard = selectors.standard_with_items(pk)
    return _standard_out(standard) | {"items": list(standard.items.all())}


class NewVersionIn(In):
    year: int = Field(..., ge=2000, le=2100, description="新版本的年度：复制该标准的全部项目，生成该年度的新版本草稿")


class StandardItemPatchIn(In):
    """考核项目 of a draft: only the fields given change; the whole standard is checked when it is published."""

    part: Annotated[Part, choice_schema(Part, description="部分")] | None = None
    name: str | None = Field(None, min_length=1, max_length=200, description="考核内容")
    max_points: Decimal | None = Field(None, gt=0, max_digits=6, decimal_places=1, description="分值；负面清单为该项最多扣分")
    rule: Annotated[Rule, choice_schema(Rule, description="评分方式")] | None = None
    event_types: list[str] | None = Field(None, max_length=50, description="自动计分的台账事项代码，如 mediation.dispute_registered")
    denominator: list[str] | None = Field(None, max_length=50, description="按比率计分时的分母事项代码")
    target_per_month: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2, description="每月目标数")
    threshold: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=1, description="达标比率（%）")
    per_unit: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=1, description="每件扣分")
    basis: str | None = Field(None, max_length=200, description="依据")
    sort_order: int | None = Field(None, ge=0, le=10000, description="排序")


def _standard_pk(pk: int) -> int:
    if not 0 < pk < 2**31:
        raise NotFound("未找到该考核标准")
    return pk


def _event_codes(given: list[str], current: list[str], field: str) -> list[str]:
    """Ledger event types a module records, or those the item already names (kept though no module records them yet)."""
    unknown = [code for code in given if code not in EVENT_TYPES and code not in current]
    if unknown:
        raise ValidationFailed(f"台账事项代码“{unknown[0]}”不存在，请按台账事项的代码填写（如 mediation.dispute_registered）", field=field)
    return list(dict.fromkeys(given))


@router.post("/standards/{pk}/versions", response={201: StandardDetailOut, **ERRORS_WRITE}, summary="新建考核标准版本")
def standard_new_version(request: HttpRequest, pk: int, payload: NewVersionIn) -> Status:
    """复制该考核标准的全部项目，生成 ``year`` 年度的新版本草稿（版本号顺延）；该年度已有草稿时 400。须有“维护考核标准”权限。"""
    require_perm(request.user, "assessment.manage_standard", what="维护考核标准")
    source = selectors.standard_with_items(_standard_pk(pk))
    created = services.standard_new_version(actor=request.user, source=source, year=payload.year)
    standard = selectors.standard_with_items(created.pk)
    return Status(201, _standard_out(standard) | {"items": list(standard.items.all())})


@router.patch("/standards/{pk}/items/{item_pk}", response={200: StandardItemOut, **ERRORS_WRITE}, summary="修改考核项目")
def standard_item_update(request: HttpRequest, pk: int, item_pk: int, payload: StandardItemPatchIn) -> StandardItem:
    """修改草稿中的一个考核项目（只改给出的字段）；已发布的标准不能修改（400），请先新建版本。须有“维护考核标准”权限。"""
    require_perm(request.user, "assessment.manage_standard", what="维护考核标准")
    item = StandardItem.objects.select_related("standard").filter(pk=item_pk, standard_id=_standard_pk(pk)).first() \
        if 0 < item_pk < 2**31 else None
    if item is None:
        raise NotFound("未找到该考核项目")
    data = payload.dict(exclude_unset=True)
    for name in ("event_types", "denominator"):
        if data.get(name) is not None:
            data[name] = _event_codes(data[name], list(getattr(item, name) or []), name)
    for name in ("part", "name", "max_points", "rule", "sort_order"):
        if name in data and data[name] is None:
            raise ValidationFailed("该项不能为空", field=name)
    return services.standard_item_update(actor=request.user, item=item, data=data)


@router.post("/standards/{pk}/publish", response={200: StandardOut, **ERRORS_WRITE}, summary="发布考核标准")
def standard_publish(request: HttpRequest, pk: int) -> Any:
    """发布草稿：各项分值合计须为1000分等检查通过后，该年度按此标准计分，标准冻结；该年度已按现行版本人工评分或复核调整时不能再发布（400）。"""
    require_perm(request.user, "assessment.manage_standard", what="维护考核标准")
    standard = selectors.standard_with_items(_standard_pk(pk))
    services.standard_publish(actor=request.user, standard=standard)
    return _standard_out(selectors.standard_with_items(standard.pk))


# ---------------------------------------------------------------- 得分排名与明细

@router.get("/ranking", response={200: RankingOut, 400: ErrorOut, 403: ErrorOut}, summary="得分排名")
def score_ranking(request: HttpRequest, filters: Query[RankingFilters]) -> dict[str, Any]:
    """数据权限范围内各司法所的得分和名次（县内、全市）；名次按全市所有司法所计算，谁看都一样。"""
    require_perm(request.user, VIEW_RESULTS, what="查看考核结果")
    period = _period(filters.period)
    result = selectors.ranking(request.user, period, county_code=filters.county or "")
    return {"period": _period_out(period), "standard": _standard_out(result.standard), "note": result.note,
            "running": period.end > timezone.localdate(), "rows": [_ranked_out(r) for r in result.rows]}


@router.get("/offices/{code}", response={200: OfficeScoreOut, **READ_ERRORS}, summary="司法所得分明细")
def office_score(request: HttpRequest, code: str, filters: Query[PeriodFilter]) -> dict[str, Any]:
    """逐项得分及其来源（台账自动计分、人工评分及佐证、复核调整及理由）。"""
    office = selectors.office_for_scoring(request.user, code)
    require_perm(request.user, VIEW_RESULTS, what="查看考核结果")
    period = _period(filters.period)
    detail = selectors.office_detail(request.user, office, period)
    r = detail.ranked
    return {
        **_ranked_out(r), "period": _period_out(period), "standard": _standard_out(detail.standard), "note": detail.note,
        "running": period.end > timezone.localdate(),
        "items": [_item_score_out(s) for s in r.score.items],
        "manual_scores": [{"id": m.pk, "item_code": m.item.code, "period_start": m.period_start, "period_end": m.period_end,
                           "points": m.points, "evidence": m.evidence, "created_by": str(m.created_by or ""),
                           "created_at": m.created_at} for m in detail.manual_scores],
        "adjustments": [{"id": a.pk, "item_code": a.item.code, "period_start": a.period_start, "period_end": a.period_end,
                         "delta": a.delta, "reason": a.reason, "created_by": str(a.created_by or ""), "created_at": a.created_at}
                        for a in detail.adjustments],
    }


@router.get("/offices/{code}/items/{item_pk}/events", response={200: ItemEventsOut, **READ_ERRORS}, summary="得分所依据的台账")
def office_item_events(request: HttpRequest, code: str, item_pk: int, filters: Query[PeriodFilter]) -> dict[str, Any]:
    """一个自动计分项目在考核期内计入的台账事项，每条链接到它的记录：得分可以追溯到每一件事。"""
    office = selectors.office_for_scoring(request.user, code)
    require_perm(request.user, VIEW_RESULTS, what="查看考核结果")
    period = _period(filters.period)
    standard, _ = selectors.standard_in_force(period.year)
    item = _item(standard, item_pk)
    end = period.counted_end(timezone.localdate())
    numerator = set(item.event_types or [])
    totals = {"numerator": Decimal(0), "denominator": Decimal(0)}
    events = []
    for e in item_events(request.user, office, item, period.start, end):
        target = e.target
        side = "numerator" if e.event_type in numerator else "denominator"
        totals[side] += e.quantity
        spec = EVENT_TYPES.get(e.event_type)
        events.append({"date": e.date, "event_type": e.event_type, "label": spec.label if spec else e.event_type, "quantity": e.quantity,
                       "side": side, "record": str(target) if target is not None else e.note,
                       "link": target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else "",
                       "actor": str(e.actor) if e.actor_id else ""})
    return {"period": _period_out(period), "counted_end": end, "item": item, "events": events, **totals}


def _review_target(request: HttpRequest, code: str, item_pk: int, period_code: str | None) -> tuple[Any, StandardItem, Period]:
    office = selectors.office_for_scoring(request.user, code)
    require_perm(request.user, "assessment.score_office", what="考核评分与复核调整")
    period = _period(period_code)
    standard, _ = selectors.standard_in_force(period.year)
    return office, _item(standard, item_pk), period


@router.post("/offices/{code}/items/{item_pk}/score", response={201: ManualScoreOut, **ERRORS_WRITE}, summary="人工评分")
def office_manual_score(request: HttpRequest, code: str, item_pk: int, payload: ManualScoreIn, filters: Query[PeriodFilter]) -> Status:
    """县、市司法局考核人员对人工评分（或人工扣分）项目评分，须写明依据；同一考核期再次评分替换原评分。"""
    office, item, period = _review_target(request, code, item_pk, filters.period)
    score = services.manual_score_record(actor=request.user, office=office, item=item, start=period.start, end=period.end,
                                         points=payload.points, evidence=payload.evidence)
    return Status(201, {"id": score.pk, "item_code": item.code, "period_start": score.period_start, "period_end": score.period_end,
                        "points": score.points, "evidence": score.evidence, "created_by": str(request.user),
                        "created_at": score.created_at})


@router.post("/offices/{code}/items/{item_pk}/adjust", response={201: AdjustmentOut, **ERRORS_WRITE}, summary="复核调整")
def office_adjust(request: HttpRequest, code: str, item_pk: int, payload: AdjustmentIn, filters: Query[PeriodFilter]) -> Status:
    """县、市司法局复核后加减分，须写明理由；调整记入得分明细。"""
    office, item, period = _review_target(request, code, item_pk, filters.period)
    adjustment = services.score_adjust(actor=request.user, office=office, item=item, start=period.start, end=period.end,
                                       delta=payload.delta, reason=payload.reason)
    return Status(201, {"id": adjustment.pk, "item_code": item.code, "period_start": adjustment.period_start,
                        "period_end": adjustment.period_end, "delta": adjustment.delta, "reason": adjustment.reason,
                        "created_by": str(request.user), "created_at": adjustment.created_at})
