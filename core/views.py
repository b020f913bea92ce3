"""Shell pages: 今日待办 home, health check, notifications, task progress, operation log."""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.filtersets import AuditEventFilterSet
from core.http import AuthedRequest
from core.lists import ScopedListView
from core.models import AuditEvent, Deadline, Notification, TaskRun, WorkerHeartbeat
from core.tables import AuditEventTable
from core.taskruns import taskrun_current, taskrun_status

WORKER_STALE_SECONDS = 180


def healthz(request: HttpRequest) -> JsonResponse:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        db = "ok"
    except Exception as exc:  # report, never crash the probe
        db = f"error: {exc.__class__.__name__}"
    beat = WorkerHeartbeat.objects.order_by("-seen_at").first() if db == "ok" else None
    if beat is None:
        worker = "absent"
    elif (timezone.now() - beat.seen_at).total_seconds() > WORKER_STALE_SECONDS:
        worker = "stale"
    else:
        worker = "ok"
    status = 200 if db == "ok" else 503
    return JsonResponse(
        {
            "status": "ok" if status == 200 else "error",
            "database": db,
            "database_vendor": connection.vendor,
            "worker": worker,
            "worker_seen_at": beat.seen_at.isoformat() if beat else None,
            "elapsed_ms": round((time.monotonic() - started) * 1000, 1),
        },
        status=status,
    )


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """今日待办: the user's own open deadlines that are due soon or overdue, then the rest of the visible ones."""
    today = timezone.localdate()
    open_deadlines = Deadline.objects.visible_to(request.user, "view").filter(status=Deadline.Status.OPEN).order_by("due_date")
    mine_qs = open_deadlines.filter(owner=request.user).select_related("org")[:50]
    office = (
        open_deadlines.filter(state__in=[Deadline.State.DUE_SOON, Deadline.State.OVERDUE])
        .exclude(owner=request.user)
        .select_related("org", "owner")[:20]
    )
    notifications = Notification.objects.filter(user=request.user, is_read=False)[:10]
    mine = list(mine_qs)
    return render(
        request,
        "core/home.html",
        {
            "title": "今日待办",
            "today": today,
            "mine": mine,
            "office": list(office),
            "counts": {
                "overdue": sum(1 for d in mine if d.state == Deadline.State.OVERDUE),
                "due_soon": sum(1 for d in mine if d.state == Deadline.State.DUE_SOON),
                "open": len(mine),
            },
            "notifications": notifications,
            "breadcrumbs": [("今日待办", "")],
        },
    )


@login_required
def ping(request: AuthedRequest) -> HttpResponse:
    """The smallest authenticated page; the benchmark's yardstick."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def notifications(request: AuthedRequest) -> HttpResponse:
    items = Notification.objects.filter(user=request.user)[:100]
    return render(request, "core/notifications.html", {"title": "消息提醒", "items": items, "breadcrumbs": [("消息提醒", "")]})


@login_required
@require_POST
def notifications_read(request: AuthedRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, is_read=False).update(is_read=True)
    return redirect("core:notifications")


@login_required
def taskrun_progress(request: AuthedRequest, uuid: str) -> HttpResponse:
    """A task run belongs to the user who started it: to anyone else it does not exist (404, not 403)."""
    run = get_object_or_404(TaskRun, uuid=uuid, user=request.user)
    run = taskrun_current(run)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(taskrun_status(run))
    return render(request, "core/taskrun_progress.html", {"run": run})


class AuditListView(ScopedListView):
    """操作日志: searchable by who, what and when; scoped like every other record."""

    model = AuditEvent
    filterset_class = AuditEventFilterSet
    table_class = AuditEventTable
    title = "操作日志"
    export_filename = "操作日志"
    export_columns = [
        ("时间", lambda e: e.created_at),
        ("操作人", lambda e: str(e.actor) if e.actor else "系统"),
        ("单位", lambda e: e.org.name if e.org else ""),
        ("操作类型", lambda e: e.get_action_display()),
        ("操作内容", lambda e: e.summary),
        ("IP地址", lambda e: e.ip_address),
    ]

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return AuditEvent.objects.visible_to(request.user, "view").select_related("actor", "org")
