"""预警督办 pages: 预警中心 and a warning's page, issuing 督办 from a warning, the 督办事项 list and page with the
office's receive/rectify and the bureau's verify dialogs, evidence downloads, 统计报告 and the rules in force."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.selectors import writable_orgs
from core.audit import audit_record
from core.deadlines import open_deadlines_for
from core.details import RecordView
from core.forms import StyledForm, client_ip, record_dialog
from core.http import AuthedRequest
from core.lists import ScopedListView
from orgs.models import Org
from supervision import forms as f
from supervision import selectors, services
from supervision.choices import ItemStatus, WarningStatus
from supervision.filtersets import EarlyWarningFilterSet, PeriodReportFilterSet, SupervisionItemFilterSet
from supervision.models import EarlyWarning, FeedbackAttachment, PeriodReport, SupervisionItem
from supervision.rules import EVALUATORS, not_connected
from supervision.tables import EarlyWarningTable, PeriodReportTable, SupervisionItemTable

ISSUE_PERM, RECTIFY_PERM = services.ISSUE_PERM, services.RECTIFY_PERM


class WarningListView(ScopedListView):
    model = EarlyWarning
    filterset_class = EarlyWarningFilterSet
    table_class = EarlyWarningTable
    selector = selectors.warning_list
    title = "预警中心"
    export_filename = "预警清单"
    export_columns = [
        ("预警等级", lambda w: w.get_level_display()),
        ("单位", lambda w: w.org.name),
        ("预警类别", lambda w: w.rule.name),
        ("预警期", lambda w: w.period),
        ("预警事实", lambda w: w.facts),
        ("指标值", lambda w: float(w.value) if w.value is not None else ""),
        ("发现日期", lambda w: w.detected_on),
        ("最近检测", lambda w: w.last_seen_on),
        ("责任人", lambda w: str(w.owner) if w.owner else ""),
        ("督办事项", lambda w: w.item_count),
        ("状态", lambda w: w.get_status_display()),
        ("关闭原因", lambda w: w.close_reason),
    ]


class WarningDetailView(RecordView):
    model = EarlyWarning
    template_name = "supervision/warning_detail.html"
    object_name = "warning"
    list_title, list_url_name = "预警中心", "supervision:warning_list"
    heading, crumb_text = "{obj.org.name} {obj.rule.name}", "{obj}"

    def get_object(self, request: HttpRequest, value: Any) -> EarlyWarning | None:
        return selectors.warning_detail(request.user, value)

    def get_context(self, request: HttpRequest, warning: EarlyWarning, *, can_change: bool) -> dict[str, Any]:
        evaluator = EVALUATORS.get(warning.rule.evaluator)
        return {"evaluator": evaluator, "params": evaluator.describe_params(warning.rule.params) if evaluator else "",
                "items": list(warning.items.all()),
                "can_issue": can_change and request.user.has_perm(ISSUE_PERM) and warning.status == WarningStatus.OPEN}


warning_close = record_dialog(
    EarlyWarning, form=f.ReasonForm, title="关闭预警：{obj}", perm=(ISSUE_PERM, "关闭预警"), message="预警已关闭",
    save=lambda request, warning, cd: services.warning_close(actor=request.user, warning=warning, reason=cd["reason"]),
)


def _issue(request: AuthedRequest, warning: EarlyWarning, cd: dict[str, Any]) -> str:
    item = services.item_issue(actor=request.user, office=warning.org, warning=warning, ip_address=client_ip(request),
                               data=services.IssueInput(**{k: cd[k] for k in ("doc_kind", "title", "facts", "requirements",
                                                                              "due_date", "meeting_time", "meeting_place")}))
    return f"已下发{item.get_doc_kind_display()} {item.number}"


# 下发督办 from a warning: the dialog is prefilled from the warning's facts and the rule's advice.
item_issue = record_dialog(
    EarlyWarning, form=f.IssueForm, title="下发督办：{obj.org.name}", perm=(ISSUE_PERM, "下发督办"), save=_issue,
    form_kwargs=lambda request, warning: {"initial": services.issue_defaults(warning)},
)


class ItemListView(ScopedListView):
    model = SupervisionItem
    filterset_class = SupervisionItemFilterSet
    table_class = SupervisionItemTable
    selector = selectors.item_list
    title = "督办事项"
    export_filename = "督办事项台账"
    export_columns = [
        ("文号", lambda i: i.number),
        ("督办事项", lambda i: i.title),
        ("督办文书", lambda i: i.get_doc_kind_display()),
        ("被督办单位", lambda i: i.org.name),
        ("督办单位", lambda i: i.issuing_org.name),
        ("来源预警", lambda i: i.warning.rule.name if i.warning else ""),
        ("下发日期", lambda i: i.issued_on),
        ("整改期限", lambda i: i.due_date),
        ("状态", lambda i: i.get_status_display()),
        ("退回次数", lambda i: i.return_count),
        ("销号时间", lambda i: i.verified_at),
    ]


class ItemDetailView(RecordView):
    model = SupervisionItem
    template_name = "supervision/item_detail.html"
    object_name = "item"
    list_title, list_url_name = "督办事项", "supervision:item_list"
    heading = "{obj.title}"

    def get_object(self, request: HttpRequest, value: Any) -> SupervisionItem | None:
        return selectors.item_detail(request.user, value)

    def get_context(self, request: HttpRequest, item: SupervisionItem, *, can_change: bool) -> dict[str, Any]:
        office_side = can_change and request.user.has_perm(RECTIFY_PERM)
        bureau_side = can_change and request.user.has_perm(ISSUE_PERM)
        actions = []
        if office_side and item.status == ItemStatus.ISSUED:
            actions.append(("supervision:item_receive", "签收", "primary"))
        if office_side and item.status == ItemStatus.RECEIVED:
            actions.append(("supervision:item_rectify", "报送整改反馈", "primary"))
        if bureau_side and item.status == ItemStatus.RECTIFIED:
            actions.append(("supervision:item_verify", "核查销号", "success"))
        return {"actions": actions, "feedbacks": list(item.feedbacks.all()),
                "deadlines": list(open_deadlines_for(item).order_by("due_date")),
                "overdue": item.status in (ItemStatus.ISSUED, ItemStatus.RECEIVED) and item.due_date < timezone.localdate()}


class ConfirmForm(StyledForm):
    """A dialog with nothing to fill in: the button is the decision."""


item_receive = record_dialog(
    SupervisionItem, form=ConfirmForm, confirm=True, title="签收：{obj.title}", perm=(RECTIFY_PERM, "签收督办事项"),
    save=lambda request, item, cd: services.item_receive(actor=request.user, item=item), message="已签收，请按期报送整改情况",
    intro=lambda item: f"签收后请于{item.due_date:%Y年%m月%d日}前报送整改反馈。",
)

item_rectify = record_dialog(
    SupervisionItem, form=f.RectifyForm, title="报送整改反馈：{obj.title}", perm=(RECTIFY_PERM, "报送整改反馈"),
    save=lambda request, item, cd: services.item_rectify(actor=request.user, item=item, text=cd["text"], files=cd["evidence"]),
    message="已报送整改反馈，等待核查",
)


def _verify(request: AuthedRequest, item: SupervisionItem, cd: dict[str, Any]) -> str:
    accept = cd["decision"] == "accept"
    services.item_verify(actor=request.user, item=item, accept=accept, note=cd["note"], new_due_date=cd["new_due_date"])
    return "已核查销号" if accept else "已退回重新整改"


item_verify = record_dialog(
    SupervisionItem, form=f.VerifyForm, title="核查：{obj.title}", perm=(ISSUE_PERM, "核查销号"), save=_verify,
    form_kwargs=lambda request, item: {"initial": {"decision": "accept"}},
)


@login_required
def attachment_download(request: AuthedRequest, uuid: str) -> FileResponse:
    """佐证材料: visible exactly to those who may see the 督办事项."""
    attachment = (FeedbackAttachment.objects.select_related("feedback__item")
                  .filter(uuid=uuid, feedback__item__in=SupervisionItem.objects.visible_to(request.user, "view")).first())
    if attachment is None:
        raise Http404("未找到该材料，或您无权查看")
    audit_record(actor=request.user, action="export", summary=f"下载佐证材料 {attachment.name}", obj=attachment.feedback.item,
                 ip_address=client_ip(request))
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


class ReportListView(ScopedListView):
    model = PeriodReport
    filterset_class = PeriodReportFilterSet
    table_class = PeriodReportTable
    selector = selectors.report_list
    title = "统计报告"
    create_url_name = "supervision:report_create"
    export_filename = "统计报告"
    export_columns = [
        ("单位", lambda r: r.org.name), ("统计期起", lambda r: r.period_start), ("统计期止", lambda r: r.period_end),
        ("出具单位", lambda r: r.issuing_org.name), ("新建时间", lambda r: r.created_at),
    ]


def _report_form(request: AuthedRequest, _: None) -> dict[str, Any]:
    kinds = (Org.Kind.OFFICE, Org.Kind.COUNTY_BUREAU, Org.Kind.CITY_BUREAU)
    orgs = writable_orgs(request.user, PeriodReport).filter(kind__in=kinds).order_by("path")
    last_month_end = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    return {"orgs": orgs, "initial": {"org": orgs.first(), "period_start": last_month_end.replace(day=1), "period_end": last_month_end}}


report_create = record_dialog(
    form=f.ReportForm, title="新建统计报告", perm=("supervision.add_periodreport", "新建统计报告"), form_kwargs=_report_form,
    save=lambda request, _, cd: services.report_create(actor=request.user, org=cd["org"], start=cd["period_start"], end=cd["period_end"]),
    message=lambda report: f"已新建统计报告：{report}", redirect_to="/supervision/reports/",
)


class ReportDetailView(RecordView):
    model = PeriodReport
    template_name = "supervision/report_detail.html"
    object_name = "report"
    list_title, list_url_name = "统计报告", "supervision:report_list"

    def get_context(self, request: HttpRequest, report: PeriodReport, *, can_change: bool) -> dict[str, Any]:
        from supervision.statistics import period_figures

        return {"figures": period_figures(request.user, report.org, report.period_start, report.period_end)}


@login_required
def rule_list(request: AuthedRequest) -> HttpResponse:
    """预警规则 in force, for everyone to read (what is watched and at what threshold); administrators edit them
    in 系统管理."""
    rows = []
    for rule in selectors.rules_in_force():
        evaluator, planned = EVALUATORS.get(rule.evaluator), not_connected(rule.evaluator)
        if planned is not None:
            rows.append((rule, planned.label, "—", f"未接入：{planned.module}模块尚未上线，暂不检测"))
        elif evaluator is None:
            rows.append((rule, rule.evaluator, "—", "检测方法未登记，请在系统管理中改正"))
        else:
            rows.append((rule, evaluator.label, evaluator.describe_params(rule.params), "启用" if rule.enabled else "停用"))
    return render(request, "supervision/rule_list.html", {
        "title": "预警规则", "rules": rows,
        "can_edit": request.user.has_perm("supervision.change_warningrule") and request.user.is_staff,
        "breadcrumbs": [("预警中心", "/supervision/warnings/"), ("预警规则", "")],
    })
