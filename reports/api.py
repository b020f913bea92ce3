"""统计报表 over the API: the tables a user may read, one table for an org and a month, quarter, half-year or year (every figure
computed from the records at the moment of the request), and its Excel or Word file with the standard header."""

from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema

from core.api import ERRORS_READ, ErrorOut, file_answer
from core.audit import audit_record
from core.errors import AccessDenied
from core.forms import client_ip
from orgs.models import Org
from reports import selectors
from reports.exports import DOCX, FORMATS, XLSX, file_response
from reports.registry import NOT_APPLICABLE, Period, ReportTable, table_get, tables_for

router = Router(tags=["统计报表"])

READ_ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, **ERRORS_READ}
PERIOD_HELP = "统计期间：2026-11（月报）、2026-Q4（季报）、2026-H1（半年报，H2 为下半年）或 2026（年报）"


class TableOut(Schema):
    code: str
    title: str
    notes: list[str]


class ColumnOut(Schema):
    key: str
    label: str
    group: str = Field(..., description="跨列的表头（如“达成协议”下的书面、口头），没有为空")
    kind: str = Field(..., description="count 件数，amount 金额（元），rate 比率（%）")


class RowOut(Schema):
    key: str
    label: str
    is_total: bool
    values: dict[str, Decimal | None] = Field(..., description="列代码 → 数值；比率无分母时为空，模块未启用的列见 not_applicable")
    not_applicable: list[str] = Field(..., description="不适用的列（该业务模块未启用或无权查看）")


class ReportOut(Schema):
    table: TableOut
    org_code: str
    org_name: str
    period: str = Field(..., description=PERIOD_HELP)
    period_label: str
    in_progress: bool = Field(..., description="期间尚未结束，统计至今天")
    columns: list[ColumnOut]
    rows: list[RowOut] = Field(..., description="下一级各单位（本级有记录时含本级），最后一行为合计")
    prepared_by: str
    prepared_on: str


def _table(request: HttpRequest, code: str) -> ReportTable:
    if not tables_for(request.user):
        raise AccessDenied("您没有查看统计报表的权限，请联系系统管理员分配业务查看权限")
    table = table_get(code)
    if not request.user.has_perm(table.perm):
        raise AccessDenied(f"您没有查看“{table.title}”的权限")
    return table


def _resolve(request: HttpRequest, code: str, org: str, period: str) -> tuple[ReportTable, Org, Period]:
    table = _table(request, code)
    unit = selectors.report_org(request.user, org)
    return table, unit, selectors.period_parse(period, today=timezone.localdate())


def _build(request: HttpRequest, code: str, org: str, period: str) -> selectors.Report:
    table, unit, when = _resolve(request, code, org, period)
    return selectors.report_build(request.user, table=table, org=unit, period=when, prepared_on=timezone.localdate())


def _row(row: selectors.ReportRow) -> dict[str, Any]:
    values = {k: (None if v is NOT_APPLICABLE else v) for k, v in row.values.items()}
    return {"key": row.key, "label": row.label, "is_total": row.is_total, "values": values,
            "not_applicable": sorted(k for k, v in row.values.items() if v is NOT_APPLICABLE)}


@router.get("", response={200: list[TableOut], 403: ErrorOut}, summary="可查看的统计报表")
def report_table_list(request: HttpRequest) -> list[dict[str, Any]]:
    tables = tables_for(request.user)
    if not tables:
        raise AccessDenied("您没有查看统计报表的权限，请联系系统管理员分配业务查看权限")
    return [{"code": t.code, "title": t.title, "notes": list(t.notes)} for t in tables]


@router.get("/{code}/{org}/{period}", response={200: ReportOut, **READ_ERRORS}, summary="统计报表")
def report_table(request: HttpRequest, code: str, org: str, period: str) -> dict[str, Any]:
    """某一单位（数据权限范围内的市局、县局或司法所）在某一期间的报表，每个数字在请求时从业务记录算出。"""
    report = _build(request, code, org, period)
    return {
        "table": {"code": report.table.code, "title": report.table.title, "notes": list(report.table.notes)},
        "org_code": report.org.code, "org_name": report.org.name, "period": report.period.token, "period_label": report.period.label,
        "in_progress": report.period.in_progress, "prepared_by": report.prepared_by, "prepared_on": report.prepared_on.isoformat(),
        "columns": [{"key": c.key, "label": c.label, "group": c.group, "kind": c.kind} for c in report.columns],
        "rows": [_row(r) for r in [*report.rows, report.total]],
    }


@router.get("/{code}/{org}/{period}/{fmt}", response=READ_ERRORS, summary="导出统计报表（Excel 或 Word）",
            openapi_extra=file_answer("带标准表头的报表文件", XLSX, DOCX))
def report_download(request: HttpRequest, code: str, org: str, period: str,
                    fmt: Literal["xlsx", "docx"]) -> HttpResponse:
    """与页面上的“下载”相同的文件：fmt 为 xlsx（Excel）或 docx（Word）；每次导出记入操作日志。"""
    report = _build(request, code, org, period)
    render_file, content_type, label = FORMATS[fmt]
    content = render_file(report)
    audit_record(actor=request.user, action="export", org=report.org, summary=f"导出统计报表（{label}）：{report.file_stem}",
                 ip_address=client_ip(request))
    return file_response(content=content, filename=f"{report.file_stem}.{fmt}", content_type=content_type)
