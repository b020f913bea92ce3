"""预警督办 over the API: the warnings of the user's scope, and the 督办 loop that follows one — issued by the bureau with
its numbered 函/单/书 (下发), received (签收) and rectified (整改反馈) by the office, verified (核查销号) or sent back
(退回重新整改) by the bureau.

Reads are scoped by ``visible_to``; every write goes through ``supervision.services`` (one transaction with the audit
row, the ledger entry, the rectification clock and the notices) after the same checks as the pages: a record outside
the scope is 404, one the user may only read is 403. Errors leave as ``{code, message, field}`` in Chinese."""

import uuid as uuid_lib
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from accounts.selectors import writable_orgs
from core.access import access_object, require_perm
from core.api import ERRORS_READ, ERRORS_WRITE, Pagination, file_answer, filter_queryset
from core.audit import audit_record
from core.errors import AccessDenied, NotFound
from core.forms import client_ip
from core.routes import action_route, detail_route, list_route
from documents.selectors import documents_of
from orgs.models import Org
from supervision import selectors, services
from supervision.filtersets import EarlyWarningFilterSet, PeriodReportFilterSet, SupervisionItemFilterSet
from supervision.models import EarlyWarning, FeedbackAttachment, PeriodReport, SupervisionItem
from supervision.rules import EVALUATORS, not_connected
from supervision.schemas import (
    ItemIssueIn,
    ItemRectifyIn,
    ItemReturnIn,
    ItemVerifyIn,
    PeriodReportDetailOut,
    PeriodReportFilters,
    PeriodReportIn,
    PeriodReportOut,
    RuleOut,
    SupervisionItemDetailOut,
    SupervisionItemFilters,
    SupervisionItemOut,
    WarningCloseIn,
    WarningDetailOut,
    WarningFilters,
    WarningOut,
)

router = Router(tags=["预警督办"])

ISSUE_PERM, RECTIFY_PERM = services.ISSUE_PERM, services.RECTIFY_PERM


# ---------------------------------------------------------------------------------------------------------------
# Output


# ---------------------------------------------------------------------------------------------------------------
# Input


# ---------------------------------------------------------------------------------------------------------------
# Helpers


def _item(request: HttpRequest, uuid: uuid_lib.UUID) -> SupervisionItem:
    item = selectors.item_detail(request.user, uuid)
    if item is None:
        raise NotFound("未找到该督办事项，或您无权查看")
    item.documents = list(documents_of(request.user, item))  # type: ignore[attr-defined]
    return item


# ---------------------------------------------------------------------------------------------------------------
# Warnings


@router.get("/warnings", response=list[WarningOut], summary="预警列表")
@paginate(Pagination)
def warning_list(request: HttpRequest, filters: Query[WarningFilters]) -> QuerySet:
    """数据权限范围内的预警，筛选条件与“预警中心”页面相同；最新发现的在前。"""
    warnings = selectors.warning_list(request.user)
    if filters.rule_code:
        warnings = warnings.filter(rule__code=filters.rule_code)
    return filter_queryset(EarlyWarningFilterSet, filters, warnings, request)


_warning = detail_route(router, "/warnings/{uuid}", name="warning_detail", response=WarningDetailOut, summary="预警详情",
                        model=EarlyWarning, fetch=lambda request, uuid: selectors.warning_detail(request.user, uuid),
                        description="预警事实、所依据的规则和阈值、工作建议，以及据此下发的督办事项。")
action_route(router, "/warnings/{uuid}/close", name="warning_close", model=EarlyWarning, payload=WarningCloseIn,
             perm=(ISSUE_PERM, "关闭预警"), response=WarningDetailOut, reader=_warning, summary="关闭预警",
             description="上级司法局核实为误报或已另行处理时关闭预警，须写明原因。",
             run=lambda request, warning, p: services.warning_close(actor=request.user, warning=warning, reason=p.reason))


@router.post("/warnings/{uuid}/issue", response={201: SupervisionItemDetailOut, **ERRORS_WRITE}, summary="下发督办")
def item_issue(request: HttpRequest, uuid: uuid_lib.UUID, payload: ItemIssueIn) -> Status:
    """据预警向司法所下发督办函、整改通知书等：生成督办单位文号的 Word 文书，开始计算整改期限，并通知所长。
    未填写的内容按预警生成，与网页端“下发督办”对话框的预填内容相同。"""
    warning = access_object(request.user, EarlyWarning, action="change", uuid=uuid)
    require_perm(request.user, ISSUE_PERM, what="下发督办")
    defaults = services.issue_defaults(warning)
    data = services.IssueInput(**{**{k: defaults[k] for k in ("title", "facts", "requirements", "due_date")},
                                  **payload.dict(exclude_none=True)})
    item = services.item_issue(actor=request.user, office=warning.org, warning=warning, data=data, ip_address=client_ip(request))
    return Status(201, _item(request, item.uuid))


# ---------------------------------------------------------------------------------------------------------------
# 督办事项 and the loop


list_route(router, "/items", name="item_list", response=SupervisionItemOut, summary="督办事项列表", filters=SupervisionItemFilters,
           filterset=SupervisionItemFilterSet, selector=selectors.item_list,
           description="数据权限范围内的督办事项及其办理状态（待签收 → 整改中 → 待核查 → 已销号）和下发的督办文书。")
detail_route(router, "/items/{uuid}", name="item_detail", response=SupervisionItemDetailOut, summary="督办事项详情",
             model=SupervisionItem, fetch=_item, description="督办内容、整改反馈及核查意见、办理过程、进行中的期限和生成的文书。")


def _item_action(path: str, name: str, summary: str, description: str, perm: tuple[str, str], payload: Any,
                 run: Callable[..., Any]) -> None:
    """An action in the 督办 loop, checked as the page's dialogs do: 404 outside the scope, 403 when the item may only
    be read or the user is on the wrong side of the loop."""
    action_route(router, path, name=name, model=SupervisionItem, payload=payload, perm=perm, response=SupervisionItemDetailOut,
                 reader=_item, summary=summary, description=description, run=run)


_item_action("/items/{uuid}/receive", "item_receive", "签收", "被督办的司法所签收督办文书，开始整改。", (RECTIFY_PERM, "签收督办事项"),
             None, lambda request, item, _: services.item_receive(actor=request.user, item=item))
_item_action("/items/{uuid}/rectify", "item_rectify", "报送整改反馈", "司法所报送整改措施及成效；整改期限停止计算，督办单位收到核查提醒。",
             (RECTIFY_PERM, "报送整改反馈"), ItemRectifyIn,
             lambda request, item, p: services.item_rectify(actor=request.user, item=item, text=p.text))
_item_action("/items/{uuid}/verify", "item_verify", "核查销号", "督办单位核查整改到位，予以销号；来源预警随之关闭，本预警期内不再重复预警。",
             (ISSUE_PERM, "核查销号"), ItemVerifyIn,
             lambda request, item, p: services.item_verify(actor=request.user, item=item, accept=True, note=p.note))
_item_action("/items/{uuid}/return", "item_return", "退回重新整改", "整改不到位的，写明原因并重新确定整改期限，退回司法所重新整改。",
             (ISSUE_PERM, "退回整改反馈"), ItemReturnIn,
             lambda request, item, p: services.item_verify(actor=request.user, item=item, accept=False, note=p.note,
                                                           new_due_date=p.new_due_date))


# ---------------------------------------------------------------------------------------------------------------
# 预警规则、佐证材料、统计报告


@router.get("/rules", response=list[RuleOut], summary="预警规则")
def rule_list(request: HttpRequest) -> list[dict[str, Any]]:
    """正在执行的预警规则：检测什么、阈值多少、是否启用；规则由管理员在系统管理中维护。"""
    rows = []
    for rule in selectors.rules_in_force():
        evaluator, planned = EVALUATORS.get(rule.evaluator), not_connected(rule.evaluator)
        if planned is not None:
            method, threshold, state = planned.label, "", f"未接入：{planned.module}模块尚未上线，暂不检测"
        elif evaluator is None:
            method, threshold, state = rule.evaluator, "", "检测方法未登记，请在系统管理中改正"
        else:
            method, threshold, state = evaluator.label, evaluator.describe_params(rule.params), "启用" if rule.enabled else "停用"
        rows.append({"code": rule.code, "name": rule.name, "level": rule.level, "level_display": rule.get_level_display(),
                     "method": method, "threshold": threshold, "state": state, "description": rule.description})
    return rows


@router.get("/attachments/{uuid}", response=ERRORS_READ, summary="下载佐证材料",
            openapi_extra=file_answer("整改反馈所附的佐证材料", "application/octet-stream"))
def attachment_download(request: HttpRequest, uuid: uuid_lib.UUID) -> FileResponse:
    """佐证材料对能查看该督办事项的人可见；每次下载记入操作日志。"""
    attachment = (FeedbackAttachment.objects.select_related("feedback__item")
                  .filter(uuid=uuid, feedback__item__in=SupervisionItem.objects.visible_to(request.user, "view")).first())
    if attachment is None:
        raise NotFound("未找到该材料，或您无权查看")
    audit_record(actor=request.user, action="export", summary=f"下载佐证材料 {attachment.name}", obj=attachment.feedback.item,
                 ip_address=client_ip(request))
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type="application/octet-stream")


list_route(router, "/reports", name="report_list", response=PeriodReportOut, summary="统计报告列表", filters=PeriodReportFilters,
           filterset=PeriodReportFilterSet, selector=selectors.report_list, order_by=("-created_at", "-id"))


def _report_detail(request: HttpRequest, report: PeriodReport) -> dict[str, Any]:
    from supervision.statistics import period_figures

    figures = period_figures(request.user, report.org, report.period_start, report.period_end)

    def row(r: Any) -> dict[str, Any]:
        return {"org_code": r.org.code, "org_name": r.org.name, "events": r.events, "accepted": r.accepted, "success": r.success,
                "failed": r.failed, "rate": r.rate, "worklog_days": r.worklog_days, "overdue": r.overdue, "warnings": r.warnings,
                "red": r.red, "items": r.items, "items_verified": r.items_verified}

    return {"uuid": report.uuid, "org_code": report.org.code, "org_name": report.org.name, "issuing_org_name": report.issuing_org.name,
            "period_start": report.period_start, "period_end": report.period_end, "created_at": report.created_at,
            "created_by": str(report.created_by) if report.created_by else "", "rows": [row(r) for r in figures.rows],
            "total": row(figures.total), "warnings_by_level": figures.warnings_by_level, "items_open": figures.items_open,
            "items_overdue": figures.items_overdue}


@router.get("/reports/{uuid}", response={200: PeriodReportDetailOut, **ERRORS_READ}, summary="统计报告")
def report_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> dict[str, Any]:
    """统计期内各司法所的台账、调解、日志、超期、预警和督办数字，请求时从台账算出。"""
    return _report_detail(request, access_object(request.user, PeriodReport, uuid=uuid))


@router.post("/reports", response={201: PeriodReportDetailOut, **ERRORS_WRITE}, summary="新建统计报告")
def report_create(request: HttpRequest, payload: PeriodReportIn) -> Status:
    require_perm(request.user, "supervision.add_periodreport", what="新建统计报告")
    kinds = (Org.Kind.OFFICE, Org.Kind.COUNTY_BUREAU, Org.Kind.CITY_BUREAU)
    org = writable_orgs(request.user, PeriodReport).filter(kind__in=kinds, code=payload.org).first()
    if org is None:
        visible = access_object(request.user, Org, code=payload.org)
        raise AccessDenied(f"您不能为“{visible.name}”出具统计报告，请选择您有权出具报告的单位", code="org_not_writable")
    report = services.report_create(actor=request.user, org=org, start=payload.period_start, end=payload.period_end)
    return Status(201, _report_detail(request, selectors.report_list(request.user).get(pk=report.pk)))
