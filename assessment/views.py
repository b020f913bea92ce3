"""千分制考核 pages: the standard (maintained by the city bureau), rankings, an office's score down to the
ledger entries and records behind each point, and the reviewers' 人工评分 and 复核调整 dialogs."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessment import selectors, services
from assessment.forms import AdjustmentForm, ManualScoreForm, NewVersionForm, StandardItemForm
from assessment.models import Part, Rule, Standard, StandardItem, num
from assessment.periods import Period, period_check_started, period_choices, period_current, period_parse
from assessment.scoring import item_events
from core.access import require_perm
from core.audit import audit_record
from core.errors import NotFound, SifasuoError
from core.exports import workbook_bytes, xlsx_response
from core.forms import handle_dialog
from core.http import AuthedRequest
from core.ledger import EVENT_TYPES

VIEW_RESULTS = "assessment.view_manualscore"


def _period(request: AuthedRequest) -> Period:
    code = request.GET.get("period", "")
    return period_parse(code) if code else period_current(timezone.localdate())


def _period_context(request: AuthedRequest) -> tuple[Period | None, dict[str, Any]]:
    """The requested period, or None with the message saying why it cannot be scored (nothing is computed then)."""
    today = timezone.localdate()
    try:
        period = _period(request)
        period_check_started(period, today)
    except SifasuoError as exc:
        return None, {"error": exc.message, "period_code": request.GET.get("period", ""), "periods": period_choices(today)}
    return period, {"period": period, "period_code": period.code, "periods": period_choices(today)}


# ---------------------------------------------------------------- 考核标准

@login_required
def standard_list(request: AuthedRequest) -> HttpResponse:
    require_perm(request.user, "assessment.view_standard", what="查看考核标准")
    standards = Standard.objects.annotate(points=Sum("items__max_points")).order_by("-year", "-version")
    return render(request, "assessment/standard_list.html", {
        "title": "考核标准", "standards": standards, "breadcrumbs": [("考核标准", "")],
        "can_manage": request.user.has_perm("assessment.manage_standard"),
    })


@login_required
def standard_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "assessment.view_standard", what="查看考核标准")
    standard = selectors.standard_with_items(pk)
    parts = selectors.standard_parts(standard)
    can_manage = request.user.has_perm("assessment.manage_standard")
    return render(request, "assessment/standard_detail.html", {
        "title": str(standard), "standard": standard, "parts": parts, "can_manage": can_manage,
        "positive": sum((p.points for p in parts if p.code != Part.NEGATIVE), Decimal(0)),
        "problems": services.standard_problems(standard) if standard.status == Standard.Status.DRAFT else [],
        "auto_rules": [Rule.COUNT, Rule.RATE, Rule.DEDUCT_COUNT],
        "breadcrumbs": [("考核标准", reverse("assessment:standard_list")), (str(standard), "")],
    })


@login_required
def standard_new_version(request: AuthedRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "assessment.manage_standard", what="维护考核标准")
    source = selectors.standard_with_items(pk)
    form = NewVersionForm(request.POST or None, initial={"year": max(source.year + 1, timezone.localdate().year)})
    created: list[Standard] = []

    def save(cd: dict[str, Any]) -> str:
        created.append(services.standard_new_version(actor=request.user, source=source, year=cd["year"]))
        return f"已新建{created[0]}，修改后请发布"

    return handle_dialog(request, form=form, title=f"新建版本（复制{source}）", save=save, follow=True,
                         redirect_to=lambda: reverse("assessment:standard_detail", args=[created[0].pk]))


@login_required
def standard_item_edit(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    require_perm(request.user, "assessment.manage_standard", what="维护考核标准")
    item = StandardItem.objects.select_related("standard").filter(pk=item_pk, standard_id=pk).first()
    if item is None:
        raise NotFound("未找到该考核项目")
    form = StandardItemForm(request.POST or None, item=item)
    return handle_dialog(
        request, form=form, title=f"编辑考核项目 {item.code}", redirect_to=reverse("assessment:standard_detail", args=[pk]),
        save=lambda cd: (services.standard_item_update(actor=request.user, item=item, data=cd), f"已保存 {item.code}")[1],
    )


@login_required
@require_POST
def standard_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "assessment.manage_standard", what="维护考核标准")
    standard = selectors.standard_with_items(pk)
    try:
        services.standard_publish(actor=request.user, standard=standard)
    except SifasuoError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{standard}已发布，{standard.year}年度按此标准计分")
    return redirect("assessment:standard_detail", pk=pk)


# ---------------------------------------------------------------- 得分排名

def _export_ranking(request: AuthedRequest, result: selectors.Ranking) -> HttpResponse:
    columns: list[tuple[str, Any]] = [
        ("县内排名", lambda r: f"{r.county_rank}/{r.county_size}"), ("全市排名", lambda r: f"{r.city_rank}/{r.city_size}"),
        ("旗县区", lambda r: r.county.name), ("司法所", lambda r: r.office.name), ("总分", lambda r: float(r.total)),
    ]
    for code, label in Part.choices:
        columns.append((label, lambda r, code=code: float(r.score.part_total(code))))
    title = f"千分制考核得分排名（{result.period.label}）"
    content = workbook_bytes(title="得分排名", columns=columns, rows=result.rows)
    audit_record(actor=request.user, action="export", summary=f"导出{title}", ip_address=request.META.get("REMOTE_ADDR"))
    return xlsx_response(filename=f"考核排名_{result.period.code}", content=content)


@login_required
def ranking(request: AuthedRequest) -> HttpResponse:
    """得分排名 of the offices the user may see, within each county and across the city."""
    require_perm(request.user, VIEW_RESULTS, what="查看考核结果")
    period, context = _period_context(request)
    county = request.GET.get("county", "")
    result = None
    if period is not None:
        try:
            result = selectors.ranking(request.user, period, county_code=county)
        except SifasuoError as exc:
            context["error"] = exc.message
    if result is not None and request.GET.get("export") == "xlsx":
        return _export_ranking(request, result)
    chart = None
    if result is not None and result.rows:
        shown = result.rows[:60]
        chart = json.dumps({
            "names": [r.office.short_name or r.office.name for r in shown],
            "series": [{"name": label, "data": [float(r.score.part_total(code)) for r in shown]} for code, label in Part.choices],
            "totals": [float(r.total) for r in shown], "full": int(services.TOTAL_POINTS),
        }, ensure_ascii=False)
    return render(request, "assessment/ranking.html", {
        **context, "title": "得分排名", "result": result, "county": county, "chart": chart,
        "running": period is not None and period.end > timezone.localdate(),
        "parts": Part.choices, "breadcrumbs": [("得分排名", "")], "score_full": int(services.TOTAL_POINTS),
    })


# ---------------------------------------------------------------- 得分明细

def _item(detail_standard: Standard, item_pk: int) -> StandardItem:
    item = StandardItem.objects.select_related("standard").filter(pk=item_pk, standard=detail_standard).first()
    if item is None:
        raise NotFound("未找到该考核项目")
    return item


@login_required
def office_detail(request: AuthedRequest, code: str) -> HttpResponse:
    """得分明细: every item with its points and how they were earned or lost."""
    office = selectors.office_for_scoring(request.user, code)
    require_perm(request.user, VIEW_RESULTS, what="查看考核结果")
    period, context = _period_context(request)
    detail = None
    if period is not None:
        try:
            detail = selectors.office_detail(request.user, office, period)
        except SifasuoError as exc:
            context["error"] = exc.message
    return render(request, "assessment/office_detail.html", {
        **context, "title": f"{office.name} 得分明细", "office": office, "detail": detail,
        "can_score": request.user.has_perm("assessment.score_office"),
        "manual_rules": [Rule.MANUAL, Rule.DEDUCT_MANUAL], "score_full": int(services.TOTAL_POINTS),
        "breadcrumbs": [("得分排名", reverse("assessment:ranking") + (f"?period={period.code}" if period else "")), (office.name, "")],
    })


@login_required
def office_item_events(request: AuthedRequest, code: str, item_pk: int) -> HttpResponse:
    """The ledger entries behind an automatic item, each linked to its record."""
    office = selectors.office_for_scoring(request.user, code)
    require_perm(request.user, VIEW_RESULTS, what="查看考核结果")
    period, context = _period_context(request)
    if period is None:
        return render(request, "assessment/item_events.html", {**context, "title": "台账明细", "office": office})
    standard, _ = selectors.standard_in_force(period.year)
    item = _item(standard, item_pk)
    end = period.counted_end(timezone.localdate())
    events = list(item_events(request.user, office, item, period.start, end))
    numerator = set(item.event_types or [])
    rows = []
    totals = {"numerator": Decimal(0), "denominator": Decimal(0)}
    for e in events:
        target = e.target
        link = target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else ""
        side = "numerator" if e.event_type in numerator else "denominator"
        totals[side] += e.quantity
        spec = EVENT_TYPES.get(e.event_type)
        rows.append({"event": e, "label": spec.label if spec else e.event_type, "unit": spec.unit if spec else "件",
                     "target": target, "link": link, "side": side})
    return render(request, "assessment/item_events.html", {
        **context, "title": f"{item.code} {item.name} 台账明细", "office": office, "item": item, "rows": rows, "totals": totals,
        "end": end,
        "breadcrumbs": [("得分排名", reverse("assessment:ranking") + f"?period={period.code}"),
                        (office.name, reverse("assessment:office_detail", args=[office.code]) + f"?period={period.code}"),
                        (f"{item.code} 台账明细", "")],
    })


def _review_dialog(request: AuthedRequest, code: str, item_pk: int, *, adjust: bool) -> HttpResponse:
    office = selectors.office_for_scoring(request.user, code)
    require_perm(request.user, "assessment.score_office", what="考核评分与复核调整")
    period = _period(request)
    standard, _ = selectors.standard_in_force(period.year)
    item = _item(standard, item_pk)
    deduct = item.rule == Rule.DEDUCT_MANUAL
    form: Any = AdjustmentForm(request.POST or None) if adjust else ManualScoreForm(request.POST or None, deduct=deduct)

    def save(cd: dict[str, Any]) -> str:
        if adjust:
            services.score_adjust(actor=request.user, office=office, item=item, start=period.start, end=period.end,
                                  delta=cd["delta"], reason=cd["reason"])
            return f"已调整 {office.name} {item.code} {num(cd['delta'], sign=True)}分"
        services.manual_score_record(actor=request.user, office=office, item=item, start=period.start, end=period.end,
                                     points=cd["points"], evidence=cd["evidence"])
        return f"已{'扣' if deduct else '评'} {office.name} {item.code} {num(cd['points'])}分"

    verb = "复核调整" if adjust else ("人工扣分" if deduct else "人工评分")
    intro = (f"{item.code} {item.name}（{'最多扣' if deduct else '满分'}{num(item.max_points)}分）｜{office.name}｜考核期 {period.label}"
             + ("｜同一考核期再次评分将替换原评分" if not adjust else "｜调整将记入得分明细，须写明理由"))
    return handle_dialog(request, form=form, title=verb, save=save, extra={"intro": intro},
                         redirect_to=reverse("assessment:office_detail", args=[office.code]) + f"?period={period.code}")


@login_required
def manual_score(request: AuthedRequest, code: str, item_pk: int) -> HttpResponse:
    return _review_dialog(request, code, item_pk, adjust=False)


@login_required
def adjust(request: AuthedRequest, code: str, item_pk: int) -> HttpResponse:
    return _review_dialog(request, code, item_pk, adjust=True)
