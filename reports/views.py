"""统计报表 pages: choose a table, an org inside the user's scope and a month, quarter, half-year or year; preview the table
and download it as Excel or Word with the standard header. Every figure is computed from the records at the
moment of the request; nothing is typed in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record
from core.errors import AccessDenied
from core.http import AuthedRequest
from orgs.models import Org
from reports import selectors
from reports.exports import FORMATS, column_chunks, file_response
from reports.forms import ReportChoiceForm
from reports.registry import Period, ReportTable, table_get, tables_for


def _tables(request: AuthedRequest) -> list[ReportTable]:
    tables = tables_for(request.user)
    if not tables:
        raise AccessDenied("您没有查看统计报表的权限，请联系系统管理员分配业务查看权限")
    return tables


def _resolve(request: AuthedRequest, code: str, org_code: str, token: str) -> tuple[ReportTable, Org, Period]:
    _tables(request)
    table = table_get(code)
    if not request.user.has_perm(table.perm):
        raise AccessDenied(f"您没有查看“{table.title}”的权限")
    org = selectors.report_org(request.user, org_code)
    period = selectors.period_parse(token, today=timezone.localdate())
    return table, org, period


def _page(request: AuthedRequest, *, form: ReportChoiceForm, report: selectors.Report | None) -> HttpResponse:
    context: dict[str, Any] = {"title": "统计报表", "form": form, "report": report, "breadcrumbs": [("统计报表", "")]}
    if report is not None:
        kwargs = {"code": report.table.code, "org": report.org.code, "period": report.period.token}
        context |= {
            "parts": report_parts(report),
            "downloads": [(label, reverse("reports:download", kwargs={**kwargs, "fmt": fmt}), fmt)
                          for fmt, (_, _, label) in FORMATS.items()],
        }
    return render(request, "reports/report.html", context)


def report_parts(report: selectors.Report) -> list[dict[str, Any]]:
    """The table as the page shows it: in the same pieces as the Word file, so that a table wider than a 1366 px
    screen (the dispute-type table, three figures for each of 15 types) continues in 续表 with the unit column
    repeated, instead of scrolling sideways; a table that fits is one piece."""
    parts = []
    for n, indexes in enumerate(column_chunks(report.columns)):
        columns = [report.columns[i] for i in indexes]
        top, sub = report.header_rows(columns)
        parts.append({
            "caption": f"（续表{n}）" if n else "", "header_top": top, "header_sub": sub, "width": len(columns) + 1,
            "has_groups": any(c.group for c in columns),
            "rows": [(row, [row.texts[i] for i in indexes]) for row in report.rows],
            "total": [report.total.texts[i] for i in indexes],
        })
    return parts


def _form(request: AuthedRequest, tables: list[ReportTable], data: Any = None, initial: Any = None) -> ReportChoiceForm:
    return ReportChoiceForm(data, initial=initial, tables=tables, orgs=list(selectors.report_orgs(request.user)),
                            today=timezone.localdate())


def _build(request: AuthedRequest, table: ReportTable, org: Org, period: Period) -> selectors.Report:
    return selectors.report_build(request.user, table=table, org=org, period=period, prepared_on=timezone.localdate())


@login_required
def report_index(request: AuthedRequest) -> HttpResponse:
    """With a choice submitted: its table's address, or the form with what to correct. Without one: last month's
    first table for the user's own org."""
    tables = _tables(request)
    if "table" in request.GET:
        form = _form(request, tables, data=request.GET)
        if form.is_valid() and form.period is not None:
            return redirect("reports:table", code=form.cleaned_data["table"], org=form.cleaned_data["org"],
                            period=form.period.token)
        return _page(request, form=form, report=None)
    org = selectors.default_org(request.user)
    period = selectors.default_period(timezone.localdate())
    if org is None:
        return _page(request, form=_form(request, tables), report=None)
    initial = ReportChoiceForm.initial_for(table=tables[0].code, org=org, period=period)
    return _page(request, form=_form(request, tables, initial=initial), report=_build(request, tables[0], org, period))


@login_required
def report_table(request: AuthedRequest, code: str, org: str, period: str) -> HttpResponse:
    table, unit, when = _resolve(request, code, org, period)
    initial = ReportChoiceForm.initial_for(table=table.code, org=unit, period=when)
    return _page(request, form=_form(request, _tables(request), initial=initial), report=_build(request, table, unit, when))


@login_required
def report_download(request: AuthedRequest, code: str, org: str, period: str, fmt: str) -> HttpResponse:
    table, unit, when = _resolve(request, code, org, period)
    render_file, content_type, label = FORMATS[fmt]
    report = _build(request, table, unit, when)
    content = render_file(report)
    audit_record(actor=request.user, action="export", org=unit, summary=f"导出统计报表（{label}）：{report.file_stem}",
                 ip_address=request.META.get("REMOTE_ADDR"))
    return file_response(content=content, filename=f"{report.file_stem}.{fmt}", content_type=content_type)
