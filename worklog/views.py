"""工作日志 pages: my day (pre-filled, one-click confirm), review by the office head, completion by office."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.access import require_perm
from core.errors import SifasuoError
from core.exports import workbook_bytes, xlsx_response
from core.forms import handle_dialog, record_dialog
from core.http import AuthedRequest
from worklog import selectors, services
from worklog.forms import ManualEntryForm, ReviewForm
from worklog.models import WorkLog


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404("日期格式不正确") from None


@login_required
def today(request: AuthedRequest) -> HttpResponse:
    return redirect("worklog:day", day=timezone.localdate().isoformat())


@login_required
def day_view(request: AuthedRequest, day: str) -> HttpResponse:
    """The day's log opens pre-filled from the ledger; the user adds what nothing else captured and confirms."""
    date = _day(day)
    try:
        log = services.worklog_open(user=request.user, day=date)
    except SifasuoError as exc:
        messages.error(request, exc.message)
        return redirect("core:home")
    derived = []
    if log.status == WorkLog.Status.DRAFT:
        derived = services.log_lines(services.derived_events(request.user, date))
    entries = list(log.entries.all())
    recent = WorkLog.objects.filter(user=request.user).order_by("-date")[:14]
    return render(request, "worklog/day.html", {
        "title": f"工作日志 {date:%Y-%m-%d}", "log": log, "date": date, "derived": derived, "entries": entries,
        "prev": date - dt.timedelta(days=1), "next": date + dt.timedelta(days=1) if date < timezone.localdate() else None,
        "recent": recent, "breadcrumbs": [("工作日志", "/worklog/"), (f"{date:%Y-%m-%d}", "")],
    })


@login_required
def manual_add(request: AuthedRequest, day: str) -> HttpResponse:
    log = services.worklog_open(user=request.user, day=_day(day))
    form = ManualEntryForm(request.POST or None)
    return handle_dialog(
        request, form=form, title="添加工作事项", redirect_to=f"/worklog/day/{log.date}/",
        save=lambda cd: (services.worklog_add_manual(actor=request.user, log=log, **cd), "已添加")[1],
    )


@login_required
@require_POST
def confirm(request: AuthedRequest, day: str) -> HttpResponse:
    log = services.worklog_open(user=request.user, day=_day(day))
    try:
        services.worklog_confirm(actor=request.user, log=log, summary=request.POST.get("summary", ""))
    except SifasuoError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{log.date:%m月%d日}的工作日志已确认")
    return redirect("worklog:day", day=log.date.isoformat())


@login_required
def review_list(request: AuthedRequest) -> HttpResponse:
    require_perm(request.user, "worklog.review_worklog", what="审阅工作日志")
    logs = selectors.logs_to_review(request.user)[:200]
    return render(request, "worklog/review.html", {"title": "日志审阅", "logs": logs, "breadcrumbs": [("日志审阅", "")]})


def _review(request: AuthedRequest, log: WorkLog, cd: dict[str, Any]) -> str:
    services.worklog_review(actor=request.user, log=log, **cd)
    return "已退回" if cd["send_back"] else "已审阅"


review = record_dialog(
    WorkLog, form=ReviewForm, title=lambda log: f"审阅 {log.user} {log.date:%Y-%m-%d} 的工作日志", save=_review,
    perm=("worklog.review_worklog", "审阅工作日志"), redirect_to="/worklog/review/", template="worklog/review_dialog.html",
    extra=lambda request, log: {"log": log, "entries": log.entries.all()},
)


@login_required
def completion(request: AuthedRequest) -> HttpResponse:
    """County and city view: completion rate of daily logs per office for a period."""
    today_ = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", "")) if request.GET.get("start") else today_.replace(day=1)
        end = dt.date.fromisoformat(request.GET.get("end", "")) if request.GET.get("end") else today_
    except ValueError:
        messages.error(request, "日期格式不正确，请按 2026-01-31 的格式填写")
        start, end = today_.replace(day=1), today_
    if end < start:
        messages.error(request, "结束日期不能早于开始日期")
        start, end = end, start
    rows = selectors.completion_by_office(request.user, start=start, end=end)
    if request.GET.get("export") == "xlsx":
        content = workbook_bytes(title="工作日志完成率", rows=rows, columns=[
            ("司法所", lambda r: r["office"].name), ("在岗人数", lambda r: r["staff"]), ("应填报", lambda r: r["expected"]),
            ("已确认", lambda r: r["confirmed"]), ("完成率（%）", lambda r: r["rate"])])
        return xlsx_response(filename="工作日志完成率", content=content)
    return render(request, "worklog/completion.html", {
        "title": "日志完成率", "rows": rows, "start": start, "end": end, "breadcrumbs": [("日志完成率", "")]})
