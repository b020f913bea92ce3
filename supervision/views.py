"""预警督办 pages: 预警中心 and a warning's page, issuing 督办 from a warning, the 督办事项 list and page with the
office's receive/rectify and the bureau's verify dialogs, evidence downloads, 统计报告 and the rules in force."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.selectors import writable_orgs
from core.access import access_object, require_perm
from core.audit import audit_record
from core.deadlines import open_deadlines_for
from core.forms import StyledForm, client_ip, handle_dialog
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

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.warning_list(request.user)


@login_required
def warning_detail(request: AuthedRequest, uuid: str) -> HttpResponse:
    warning = selectors.warning_detail(request.user, uuid)
    if warning is None:
        raise Http404("未找到该预警，或您无权查看")
    evaluator = EVALUATORS.get(warning.rule.evaluator)
    can_issue = request.user.has_perm(ISSUE_PERM) and EarlyWarning.objects.visible_to(request.user, "change").filter(pk=warning.pk).exists()
    return render(request, "supervision/warning_detail.html", {
        "title": f"{warning.org.name} {warning.rule.name}", "warning": warning, "evaluator": evaluator,
        "params": evaluator.describe_params(warning.rule.params) if evaluator else "", "items": list(warning.items.all()),
        "can_issue": can_issue and warning.status == WarningStatus.OPEN,
        "breadcrumbs": [("预警中心", "/supervision/warnings/"), (str(warning), "")],
    })


@login_required
def warning_close(request: AuthedRequest, uuid: str) -> HttpResponse:
    warning = access_object(request.user, EarlyWarning, action="change", uuid=uuid)
    require_perm(request.user, ISSUE_PERM, what="关闭预警")
    return handle_dialog(
        request, form=f.ReasonForm(request.POST or None), title=f"关闭预警：{warning}", redirect_to=warning.get_absolute_url(),
        save=lambda cd: (services.warning_close(actor=request.user, warning=warning, reason=cd["reason"]), "预警已关闭")[1],
    )


@login_required
def item_issue(request: AuthedRequest, uuid: str) -> HttpResponse:
    """下发督办 from a warning: the dialog is prefilled from the warning's facts and the rule's advice."""
    warning = access_object(request.user, EarlyWarning, action="change", uuid=uuid)
    require_perm(request.user, ISSUE_PERM, what="下发督办")
    form = f.IssueForm(request.POST or None, initial=services.issue_defaults(warning))

    def save(cd: dict[str, Any]) -> str:
        item = services.item_issue(actor=request.user, office=warning.org, warning=warning, ip_address=client_ip(request),
                                   data=services.IssueInput(**{k: cd[k] for k in ("doc_kind", "title", "facts", "requirements",
                                                                                  "due_date", "meeting_time", "meeting_place")}))
        return f"已下发{item.get_doc_kind_display()} {item.number}"

    return handle_dialog(request, form=form, title=f"下发督办：{warning.org.name}", save=save, redirect_to=warning.get_absolute_url())


class ItemListView(ScopedListView):
    model = SupervisionItem
    filterset_class = SupervisionItemFilterSet
    table_class = SupervisionItemTable
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

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.item_list(request.user)


@login_required
def item_detail(request: AuthedRequest, uuid: str) -> HttpResponse:
    item = selectors.item_detail(request.user, uuid)
    if item is None:
        raise Http404("未找到该督办事项，或您无权查看")
    can_change = SupervisionItem.objects.visible_to(request.user, "change").filter(pk=item.pk).exists()
    office_side = can_change and request.user.has_perm(RECTIFY_PERM)
    bureau_side = can_change and request.user.has_perm(ISSUE_PERM)
    actions = []
    if office_side and item.status == ItemStatus.ISSUED:
        actions.append(("supervision:item_receive", "签收", "primary"))
    if office_side and item.status == ItemStatus.RECEIVED:
        actions.append(("supervision:item_rectify", "报送整改反馈", "primary"))
    if bureau_side and item.status == ItemStatus.RECTIFIED:
        actions.append(("supervision:item_verify", "核查销号", "success"))
    return render(request, "supervision/item_detail.html", {
        "title": item.title, "item": item, "actions": actions, "feedbacks": list(item.feedbacks.all()),
        "deadlines": list(open_deadlines_for(item).order_by("due_date")), "overdue": item.status in (ItemStatus.ISSUED, ItemStatus.RECEIVED)
        and item.due_date < timezone.localdate(),
        "breadcrumbs": [("督办事项", "/supervision/items/"), (item.title, "")],
    })


class ConfirmForm(StyledForm):
    """A dialog with nothing to fill in: the button is the decision."""


@login_required
def item_receive(request: AuthedRequest, uuid: str) -> HttpResponse:
    item = access_object(request.user, SupervisionItem, action="change", uuid=uuid)
    require_perm(request.user, RECTIFY_PERM, what="签收督办事项")
    return handle_dialog(
        request, form=ConfirmForm(request.POST if request.method == "POST" else None), title=f"签收：{item.title}",
        redirect_to=item.get_absolute_url(),
        save=lambda cd: (services.item_receive(actor=request.user, item=item), "已签收，请按期报送整改情况")[1],
        extra={"intro": f"签收后请于{item.due_date:%Y年%m月%d日}前报送整改反馈。"},
    )


@login_required
def item_rectify(request: AuthedRequest, uuid: str) -> HttpResponse:
    item = access_object(request.user, SupervisionItem, action="change", uuid=uuid)
    require_perm(request.user, RECTIFY_PERM, what="报送整改反馈")
    form = f.RectifyForm(request.POST or None, request.FILES or None)
    return handle_dialog(
        request, form=form, title=f"报送整改反馈：{item.title}", redirect_to=item.get_absolute_url(),
        save=lambda cd: (services.item_rectify(actor=request.user, item=item, text=cd["text"], files=cd["evidence"]),
                         "已报送整改反馈，等待核查")[1],
    )


@login_required
def item_verify(request: AuthedRequest, uuid: str) -> HttpResponse:
    item = access_object(request.user, SupervisionItem, action="change", uuid=uuid)
    require_perm(request.user, ISSUE_PERM, what="核查销号")
    form = f.VerifyForm(request.POST or None, initial={"decision": "accept"})

    def save(cd: dict[str, Any]) -> str:
        accept = cd["decision"] == "accept"
        services.item_verify(actor=request.user, item=item, accept=accept, note=cd["note"], new_due_date=cd["new_due_date"])
        return "已核查销号" if accept else "已退回重新整改"

    return handle_dialog(request, form=form, title=f"核查：{item.title}", save=save, redirect_to=item.get_absolute_url())


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
    title = "统计报告"
    create_url_name = "supervision:report_create"
    export_filename = "统计报告"
    export_columns = [
        ("单位", lambda r: r.org.name), ("统计期起", lambda r: r.period_start), ("统计期止", lambda r: r.period_end),
        ("出具单位", lambda r: r.issuing_org.name), ("新建时间", lambda r: r.created_at),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.report_list(request.user)


@login_required
def report_create(request: AuthedRequest) -> HttpResponse:
    require_perm(request.user, "supervision.add_periodreport", what="新建统计报告")
    kinds = (Org.Kind.OFFICE, Org.Kind.COUNTY_BUREAU, Org.Kind.CITY_BUREAU)
    orgs = writable_orgs(request.user, PeriodReport).filter(kind__in=kinds).order_by("path")
    today = timezone.localdate()
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    form = f.ReportForm(request.POST or None, orgs=orgs, initial={"org": orgs.first(), "period_start": last_month_end.replace(day=1),
                                                                   "period_end": last_month_end})

    def save(cd: dict[str, Any]) -> str:
        report = services.report_create(actor=request.user, org=cd["org"], start=cd["period_start"], end=cd["period_end"])
        return f"已新建统计报告：{report}"

    return handle_dialog(request, form=form, title="新建统计报告", save=save, redirect_to="/supervision/reports/")


@login_required
def report_detail(request: AuthedRequest, uuid: str) -> HttpResponse:
    from supervision.statistics import period_figures

    report = access_object(request.user, PeriodReport, uuid=uuid)
    figures = period_figures(request.user, report.org, report.period_start, report.period_end)
    return render(request, "supervision/report_detail.html", {
        "title": str(report), "report": report, "figures": figures,
        "breadcrumbs": [("统计报告", "/supervision/reports/"), (str(report), "")],
    })


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
