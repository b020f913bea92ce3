"""调解统计 page: the 人民调解 statistics table for a period, grouped by county, office, category or source,
with KPI tiles, a bar chart of 调解成功数, click-through to the 台账 and an Excel export."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.scope import grants_for
from core.access import require_perm
from core.audit import audit_record
from core.exports import workbook_bytes, xlsx_response
from core.http import AuthedRequest
from mediation import statistics
from orgs.models import Org

PERIOD_CHOICES = [("month", "本月"), ("quarter", "本季度"), ("year", "本年"), ("custom", "自定义")]
_select = {"class": "form-select form-select-sm"}
_date = {"class": "form-control form-control-sm", "type": "date"}


class StatisticsForm(forms.Form):
    period = forms.ChoiceField(label="统计期间", choices=PERIOD_CHOICES, required=False, widget=forms.Select(attrs=_select))
    date_from = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    date_to = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs=_date, format="%Y-%m-%d"))
    group_by = forms.ChoiceField(label="统计维度", choices=statistics.GROUP_BY_CHOICES, required=False,
                                 widget=forms.Select(attrs=_select))
    under = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        if cd.get("period") == "custom":
            if not cd.get("date_from") or not cd.get("date_to"):
                raise forms.ValidationError("自定义期间请填写开始日期和结束日期")
            if cd["date_to"] < cd["date_from"]:
                raise forms.ValidationError("结束日期不能早于开始日期")
        return cd


def period_dates(period: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """本月 / 本季度 / 本年 up to today (nothing can be recorded in the future)."""
    if period == "year":
        return today.replace(month=1, day=1), today
    if period == "quarter":
        return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today
    return today.replace(day=1), today


def default_group_by(user: Any) -> str:
    """A city user compares counties, a county user offices, an office user (one row by office) categories."""
    if user.is_superuser:
        return "county"
    depth = min((len(g.org_path) // Org.steplen for g in grants_for(user)), default=3)
    return {1: "county", 2: "office"}.get(depth, "category")


@login_required
def dispute_statistics(request: AuthedRequest) -> HttpResponse:
    require_perm(request.user, "mediation.view_dispute", what="查看调解统计")
    form = StatisticsForm(request.GET or None)
    today = timezone.localdate()
    cd: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    period = cd.get("period") or "month"
    if period == "custom":
        date_from, date_to = cd["date_from"], cd["date_to"]
    else:
        date_from, date_to = period_dates(period, today)
    group_by = cd.get("group_by") or default_group_by(request.user)
    under_org = None
    if cd.get("under"):
        under_org = Org.objects.visible_to(request.user, "view").filter(code=cd["under"]).first()
        if under_org is None:
            raise Http404("未找到该单位，或您无权查看")
    result = statistics.dispute_statistics(request.user, date_from=date_from, date_to=date_to, group_by=group_by,
                                           under_org=under_org)
    scope_name = under_org.name if under_org else "本辖区"
    if request.GET.get("export") == "xlsx":
        title = f"调解统计（{date_from:%Y-%m-%d}至{date_to:%Y-%m-%d}）"
        content = workbook_bytes(title="调解统计", columns=statistics.export_columns(), rows=[*result.rows, result.total])
        audit_record(actor=request.user, action="export", summary=f"导出{scope_name}{title}",
                     ip_address=request.META.get("REMOTE_ADDR"))
        return xlsx_response(filename="调解统计", content=content)
    top, sub = statistics.header_rows()
    most = max([r.values["success"] for r in result.rows] + [1])
    bars = [{"label": r.label, "value": r.values["success"], "width": round(r.values["success"] * 100 / most, 1),
             "url": r.cell("success").url} for r in result.rows]
    form_initial = {"period": period, "date_from": date_from, "date_to": date_to, "group_by": group_by,
                    "under": under_org.code if under_org else ""}
    export_query = urlencode({**form_initial, "period": "custom", "date_from": date_from.isoformat(),
                              "date_to": date_to.isoformat(), "export": "xlsx"})
    return render(request, "mediation/statistics.html", {
        "title": "调解统计",
        "form": StatisticsForm(initial=form_initial) if not form.is_bound or cd else form,
        "result": result,
        "scope_name": scope_name,
        "header_top": top,
        "header_sub": sub,
        "bars": bars,
        "export_url": f"?{export_query}",
        "kpi": {key: result.total.cell(key) for key in ("accepted", "rate", "amount", "criminal", "criminal_people")},
        "group_label": dict(statistics.GROUP_BY_CHOICES)[group_by].removeprefix("按"),
        "breadcrumbs": [("矛盾纠纷台账", "/mediation/disputes/"), ("调解统计", "")],
    })
