"""数据驾驶舱 pages: the dashboard of an org (city → county → office) with its map or ranking, the 大屏 of the
command centre, the records behind a figure, and the rebuild of the rollups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.access import require_perm
from core.errors import NotFound
from core.http import AuthedRequest
from core.ledger import EVENT_TYPES
from core.models import TaskRun
from dashboard import selectors
from dashboard.figures import DEFAULT_FIGURE, FIGURES, KPI_KEYS
from dashboard.tasks import REBUILD_LABEL, rollups_rebuild_start
from orgs.models import Org

PERM = "dashboard.view_monthlyrollup"
UNIT_LABELS: dict[str, str] = {Org.Kind.CITY_BUREAU: "旗县区", Org.Kind.COUNTY_BUREAU: "司法所", Org.Kind.OFFICE: "调委会"}
PERIOD_CHOICES = [("last30", "近30日"), ("month", "本月"), ("quarter", "本季度"), ("year", "本年"), ("custom", "自定义")]
DEFAULT_PERIOD = "last30"  # early in a month 本月 holds a day or two of work; the last 30 days always mean something
_select = {"class": "form-select form-select-sm"}
_date = {"class": "form-control form-control-sm", "type": "date"}


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label="统计期间", choices=PERIOD_CHOICES, required=False, widget=forms.Select(attrs=_select))
    date_from = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    date_to = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    figure = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        if cd.get("period") == "custom":
            if not cd.get("date_from") or not cd.get("date_to"):
                raise forms.ValidationError("自定义期间请填写开始日期和结束日期")
            if cd["date_to"] < cd["date_from"]:
                raise forms.ValidationError("结束日期不能早于开始日期")
            if (cd["date_to"] - cd["date_from"]).days > 3660:
                raise forms.ValidationError("自定义期间不能超过十年，请缩短统计期间")
        return cd


def period_of(cd: dict[str, Any], today: dt.date) -> tuple[str, tuple[dt.date, dt.date]]:
    """近30日 (the default: today and the 29 days before it), 本月 / 本季度 / 本年 up to today (nothing is recorded in
    the future), or the custom dates."""
    period = cd.get("period") or DEFAULT_PERIOD
    if period == "last30":
        return period, (today - dt.timedelta(days=29), today)
    if period == "custom":
        return period, (cd["date_from"], cd["date_to"])
    if period == "year":
        return period, (today.replace(month=1, day=1), today)
    if period == "quarter":
        return period, (today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today)
    return period, (today.replace(day=1), today)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _board_context(request: AuthedRequest, org: Org) -> dict[str, Any]:
    require_perm(request.user, PERM, what="查看数据驾驶舱")
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    cd: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    period_code, period = period_of(cd, today)
    b = selectors.board(request.user, org, period, today=today)
    chosen = cd.get("figure") or DEFAULT_FIGURE
    if chosen not in b.totals:
        chosen = DEFAULT_FIGURE
    group, figure = FIGURES[chosen]
    trend = selectors.month_trend(request.user, org, figure, months=12, today=today) if figure.kind == "ledger" else []
    ranking = [
        {"org": r.org, "url": r.url, "value": r.values.get(chosen), "text": selectors.figure_text(figure, r.values.get(chosen)),
         "title": selectors.figure_title(figure, r.values.get(chosen))}
        for r in sorted(b.rows, key=lambda r: (r.values.get(chosen) is None, -(r.values.get(chosen) or 0), r.org.code))
    ]
    kpis = [c for g in b.groups for c in g.cells if c.figure.key in KPI_KEYS]
    kpis.sort(key=lambda c: KPI_KEYS.index(c.figure.key))
    selectable = [(g.label, [(f.key, f.label) for f in g.figures if f.key in b.totals]) for g in (gv.group for gv in b.groups)]
    is_city_map = org.kind == Org.Kind.CITY_BUREAU and org.region.code == "150400"
    chart = {
        "figure": {"key": chosen, "label": f"{group.label}·{figure.label}", "unit": figure.unit,
                   "full": selectors.SCORE_FULL if figure.score else None},
        "map": is_city_map,
        "units": [{"name": r.org.region.name if is_city_map else (r.org.short_name or r.org.name), "value": _number(r.values.get(chosen)),
                   "url": f"{r.url}&figure={chosen}"} for r in b.rows],
        "trend": [{"month": m.strftime("%Y-%m"), "value": float(v)} for m, v in trend],
    }
    parents = list(Org.objects.visible_to(request.user, "view").filter(
        path__in=[org.path[:n] for n in range(Org.steplen, len(org.path), Org.steplen)]).order_by("depth"))
    query = request.GET.copy()
    query.pop("figure", None)
    return {
        "title": f"{org.name}数据驾驶舱",
        "org": org,
        "board": b,
        "form": form,
        "period_code": period_code,
        "period": period,
        "kpis": kpis,
        "chosen": chosen,
        "chosen_figure": figure,
        "selectable": selectable,
        "ranking": ranking,
        "chart": chart,
        "level_label": selectors.LEVEL_LABELS.get(org.kind, org.name),
        "unit_label": UNIT_LABELS.get(org.kind, "下级单位"),
        "query": query.urlencode(),
        "breadcrumbs": [("数据驾驶舱", reverse("dashboard:home"))]
        + [(p.name, reverse("dashboard:org", kwargs={"code": p.code})) for p in parents] + [(org.name, "")],
        "screen_url": reverse("dashboard:screen", kwargs={"code": org.code}),
        "today": today,
    }


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The viewer's own dashboard: the city for the city bureau, the county for a county, the office for an office."""
    require_perm(request.user, PERM, what="查看数据驾驶舱")
    org = selectors.home_org(request.user)
    if org is None:
        raise NotFound("您没有任职单位，无法查看数据驾驶舱；请联系管理员为您分配单位")
    return render(request, "dashboard/board.html", _board_context(request, org))


@login_required
def landing(request: AuthedRequest) -> HttpResponse:
    """After login: city and county bureau users land on the dashboard, everyone else on 今日待办."""
    org = selectors.home_org(request.user)
    bureau = org is not None and org.kind in (Org.Kind.CITY_BUREAU, Org.Kind.COUNTY_BUREAU)
    return redirect("dashboard:home" if bureau and request.user.has_perm(PERM) else "core:home")


@login_required
def org_board(request: AuthedRequest, code: str) -> HttpResponse:
    org = selectors.org_for(request.user, code)
    return render(request, "dashboard/board.html", _board_context(request, org))


@login_required
def screen(request: AuthedRequest, code: str) -> HttpResponse:
    """大屏: the same figures on a dark full-screen page that refreshes itself."""
    org = selectors.org_for(request.user, code)
    context = _board_context(request, org)
    context["refresh_seconds"] = 300
    context.update(screen_columns(context["board"].groups))
    context["period_label"] = dict(PERIOD_CHOICES).get(context["period_code"], "")
    context["board_url"] = reverse("dashboard:org", kwargs={"code": org.code}) + (f"?{context['query']}" if context["query"] else "")
    return render(request, "dashboard/screen.html", context)


def screen_columns(groups: list[selectors.GroupView]) -> dict[str, list[selectors.GroupView]]:
    """The 大屏's two side columns: the groups of the modules in use, split so that the left column (which has no
    ranking above it) holds a little more than half of the figure rows; the groups not in use are named in one line."""
    live = [_headline(g) for g in groups if g.connected]
    rows = [max(1, -(-len(g.cells) // 3)) + 1 for g in live]  # three figures a row, plus the heading
    ranking_rows = 4
    half = (sum(rows) + ranking_rows) / 2
    left, count = 0, 0
    while left < len(live) and count + rows[left] <= half + 1:
        count += rows[left]
        left += 1
    return {"screen_left": live[:left], "screen_right": live[left:], "screen_off": [g for g in groups if not g.connected]}


def _headline(gv: selectors.GroupView) -> selectors.GroupView:
    """The group with only the figures its 大屏 row shows (``Group.screen``), in that order."""
    cells = {c.figure.key: c for c in gv.cells}
    return selectors.GroupView(gv.group, gv.connected, [cells[k] for k in gv.group.screen_keys if k in cells])


@login_required
def records(request: AuthedRequest, code: str, figure: str) -> HttpResponse:
    """The records behind one figure of one org for the period: exactly what the figure counts."""
    require_perm(request.user, PERM, what="查看数据驾驶舱")
    org = selectors.org_for(request.user, code)
    group, fig = selectors.figure_or_404(figure)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    cd: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    _, period = period_of(cd, today)
    qs = selectors.figure_records(request.user, org, fig, period)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = []
    if fig.live is not None:
        rows = [{"date": "", "org": _org_name(obj, fig.live.org_path), "text": fig.live.describe(obj), "url": fig.live.link(obj),
                 "quantity": ""} for obj in page]
    else:
        for e in page:
            spec = EVENT_TYPES.get(e.event_type)
            target = e.target
            rows.append({
                "date": e.date, "org": e.org.name, "text": f"{spec.label if spec else e.event_type}：{target if target is not None else e.note}",
                "url": target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else "",
                "quantity": f"{e.quantity.normalize():f}{spec.unit if spec else ''}", "actor": e.actor.display_name if e.actor else "",
            })
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "dashboard/records.html", {
        "title": f"{org.name} {group.label}·{fig.label}",
        "org": org, "group": group, "figure": fig, "period": period, "page": page, "rows": rows, "query": query.urlencode(),
        "dated": fig.live is None or fig.live.dated,
        "list_url": fig.live.list_url(org, period) if fig.live is not None and fig.live.list_url is not None else "",
        "board_url": reverse("dashboard:org", kwargs={"code": org.code}) + (f"?{query.urlencode()}" if query else ""),
        "breadcrumbs": [("数据驾驶舱", reverse("dashboard:home")),
                        (org.name, reverse("dashboard:org", kwargs={"code": org.code})), (f"{group.label}·{fig.label}", "")],
    })


def _org_name(obj: Any, path_lookup: str) -> str:
    current = obj
    for part in path_lookup.split("__")[:-1]:
        current = getattr(current, part)
    return str(current.name if hasattr(current, "name") else current)


@login_required
@require_http_methods(["GET", "POST"])
def rollups_rebuild(request: AuthedRequest) -> HttpResponse:
    """重建汇总: recount every rollup from the ledger in the background, with a progress bar."""
    require_perm(request.user, "dashboard.rebuild_rollups", what="重建台账汇总")
    run = None
    if request.method == "POST":
        run = rollups_rebuild_start(actor=request.user, ip_address=request.META.get("REMOTE_ADDR"))
    recent = TaskRun.objects.filter(label=REBUILD_LABEL, user=request.user).order_by("-id")[:5]
    return render(request, "dashboard/rebuild.html", {
        "title": "重建汇总", "run": run, "recent": recent,
        "breadcrumbs": [("数据驾驶舱", reverse("dashboard:home")), ("重建汇总", "")],
    })

