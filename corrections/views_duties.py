"""日常监管 pages of 社区矫正: the lists (履行事项、签到报告、请假外出、电子定位、定位报警、脱管、考核奖惩、考核) with their
Excel export, a subject's 日常监管 page with the platform's suggested 奖惩 steps, one dialog per action, and the
subject's own phone page (login by ID number and a text-message code; schedule, check-in, written report)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core.access import access_object
from core.audit import audit_record
from core.errors import SifasuoError
from core.forms import attach_error, client_ip, handle_dialog
from core.http import AuthedRequest
from core.lists import ScopedListView
from corrections import duties, phone
from corrections import forms_duties as f
from corrections import lists_duties as lists
from corrections.choices import Status
from corrections.choices_duties import CHECKIN_KINDS, SanctionKind
from corrections.models import (
    Abscond,
    CheckIn,
    FulfilmentReview,
    LocationAlert,
    Monitoring,
    Obligation,
    Sanction,
    Subject,
    SubjectRequest,
)


def _name(r: Any) -> str:
    return r.subject.person.name  # type: ignore[no-any-return]


def _org(r: Any) -> str:
    return r.org.name  # type: ignore[no-any-return]


class _DutyList(ScopedListView):
    selector: Callable[[Any], QuerySet] = staticmethod(lists.obligation_list)  # type: ignore[assignment]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return type(self).selector(request.user)


class ObligationListView(_DutyList):
    model = Obligation
    selector = staticmethod(lists.obligation_list)
    filterset_class = lists.ObligationFilterSet
    table_class = lists.ObligationTable
    title = "社区矫正履行事项"
    export_filename = "社区矫正履行事项"
    export_columns = [("姓名", _name), ("事项类别", lambda o: o.get_kind_display()), ("事项", lambda o: o.title),
                      ("起始日期", lambda o: o.window_start), ("截止日期", lambda o: o.due_date), ("应完成时数", lambda o: o.hours or ""),
                      ("已完成时数", lambda o: o.done_hours if o.hours is not None else ""), ("状态", lambda o: o.get_status_display()),
                      ("履行日期", lambda o: o.done_date), ("履行情况", lambda o: o.note), ("依据", lambda o: o.basis), ("司法所", _org)]


class CheckInListView(_DutyList):
    model = CheckIn
    selector = staticmethod(lists.checkin_list)
    filterset_class = lists.CheckInFilterSet
    table_class = lists.CheckInTable
    title = "社区矫正签到报告"
    export_filename = "社区矫正签到报告"
    # The location is confidential (社区矫正法 第二十九条第三款 by analogy; 第四条 personal information): the export shows
    # only whether one was given.
    export_columns = [("姓名", _name), ("时间", lambda c: timezone.localtime(c.at).strftime("%Y-%m-%d %H:%M")),
                      ("类别", lambda c: "书面报告" if c.is_report else "签到"),
                      ("对应事项", lambda c: c.obligation.title if c.obligation else "（计划外报告）"),
                      ("位置", lambda c: "已定位" if c.latitude is not None else "未提供"), ("照片", lambda c: "有" if c.photo else ""),
                      ("司法所", _org)]


class RequestListView(_DutyList):
    model = SubjectRequest
    selector = staticmethod(lists.request_list)
    filterset_class = lists.RequestFilterSet
    table_class = lists.RequestTable
    title = "外出、会客、迁居申请"
    export_filename = "外出会客迁居申请"
    export_columns = [("姓名", _name), ("申请事项", lambda r: r.get_kind_display()), ("事由", lambda r: r.reason),
                      ("目的地、会见对象或新居住地", lambda r: r.destination), ("起始日期", lambda r: r.start_date),
                      ("结束日期", lambda r: r.end_date), ("天数", lambda r: r.days), ("申请日期", lambda r: r.applied_date),
                      ("状态", lambda r: r.get_status_display()), ("审批人", lambda r: r.decided_by.display_name if r.decided_by else ""),
                      ("审批日期", lambda r: r.decided_date), ("审批意见", lambda r: r.decision_note), ("销假日期", lambda r: r.returned_date),
                      ("司法所", _org)]


class MonitoringListView(_DutyList):
    model = Monitoring
    selector = staticmethod(lists.monitoring_list)
    filterset_class = lists.MonitoringFilterSet
    table_class = lists.MonitoringTable
    title = "电子定位"
    export_filename = "电子定位"
    export_columns = [("姓名", _name), ("适用情形", lambda m: m.get_trigger_display()), ("事实", lambda m: m.facts),
                      ("批准人", lambda m: m.approver), ("批准日期", lambda m: m.approval_date), ("开始日期", lambda m: m.start_date),
                      ("期满日期", lambda m: m.end_date), ("装置编号", lambda m: m.device), ("延长", lambda m: "是" if m.renewal_of_id else ""),
                      ("解除日期", lambda m: m.ended_date), ("解除说明", lambda m: m.end_note), ("司法所", _org)]


class AlertListView(_DutyList):
    model = LocationAlert
    selector = staticmethod(lists.alert_list)
    filterset_class = lists.AlertFilterSet
    table_class = lists.AlertTable
    title = "定位报警"
    export_filename = "定位报警"
    # Coordinates stay inside the platform (社区矫正法 第二十九条第三款: 位置信息应当严格保密).
    export_columns = [("姓名", _name), ("报警时间", lambda a: timezone.localtime(a.occurred_at).strftime("%Y-%m-%d %H:%M")),
                      ("报警类型", lambda a: a.get_kind_display()), ("说明", lambda a: a.detail), ("处置日期", lambda a: a.handled_date),
                      ("处置情况", lambda a: a.handling), ("司法所", _org)]


class AbscondListView(_DutyList):
    model = Abscond
    selector = staticmethod(lists.abscond_list)
    filterset_class = lists.AbscondFilterSet
    table_class = lists.AbscondTable
    title = "脱管"
    export_filename = "脱管"
    export_columns = [("姓名", _name), ("失去联系日期", lambda a: a.lost_date), ("查找到日期", lambda a: a.found_date),
                      ("脱管天数", lambda a: a.days_on(timezone.localdate())), ("查找措施", lambda a: a.steps),
                      ("结果与原因", lambda a: a.result), ("司法所", _org)]


class SanctionListView(_DutyList):
    model = Sanction
    selector = staticmethod(lists.sanction_list)
    filterset_class = lists.SanctionFilterSet
    table_class = lists.SanctionTable
    title = "考核奖惩"
    export_filename = "考核奖惩"
    export_columns = [("姓名", _name), ("奖惩类别", lambda s: s.get_kind_display()), ("决定日期", lambda s: s.decision_date),
                      ("事实和理由", lambda s: s.facts), ("依据", lambda s: s.basis), ("平台建议", lambda s: "是" if s.suggested else ""),
                      ("决定人", lambda s: s.decided_by.display_name if s.decided_by else ""), ("司法所", _org)]


class ReviewListView(_DutyList):
    model = FulfilmentReview
    selector = staticmethod(lists.review_list)
    filterset_class = lists.ReviewFilterSet
    table_class = lists.ReviewTable
    title = "社区矫正考核"
    export_filename = "社区矫正考核"
    export_columns = [("姓名", _name), ("考核期", lambda r: r.period), ("起", lambda r: r.start_date), ("止", lambda r: r.end_date),
                      ("应履行", lambda r: r.due), ("已履行", lambda r: r.done), ("未履行", lambda r: r.missed),
                      ("考核结果", lambda r: r.get_result_display()), ("司法所", _org)]


# ---------------------------------------------------------------------------------------------- a subject's page


def _with_documents(user: Any, sanctions: list[Sanction]) -> list[tuple[Sanction, list[Any]]]:
    """Each decision with the documents generated from it that the user may see (one query for all)."""
    from django.contrib.contenttypes.models import ContentType

    from documents.selectors import document_list

    found: dict[str, list[Any]] = {}
    if sanctions:
        rows = document_list(user).filter(content_type=ContentType.objects.get_for_model(Sanction),
                                          object_id__in=[str(s.pk) for s in sanctions])
        for doc in rows:
            found.setdefault(doc.object_id, []).append(doc)
    return [(s, found.get(str(s.pk), [])) for s in sanctions]



@login_required
def subject_duties(request: AuthedRequest, uuid: str) -> HttpResponse:
    """日常监管 of one subject: this month's schedule, the evidence, the requests, 电子定位, 脱管, 考核 and 奖惩, and
    the steps the statutory triggers point to (the officer decides)."""
    subject = access_object(request.user, Subject, uuid=uuid)
    audit_record(actor=request.user, action="other", summary=f"查阅社区矫正对象日常监管 {subject.person.name}", obj=subject,
                 ip_address=client_ip(request))
    today = timezone.localdate()
    can_change = Subject.objects.visible_to(request.user, "change").filter(pk=subject.pk).exists()
    can_supervise = Subject.objects.visible_to(request.user, "supervise").filter(pk=subject.pk).exists()
    first = today.replace(day=1)
    month = duties.review_compute(subject, first, today)
    return render(request, "corrections/duties.html", {
        "title": f"日常监管：{subject.person.name}", "s": subject, "can_change": can_change, "can_supervise": can_supervise,
        "today": today,
        "obligations": list(subject.obligations.filter(due_date__gte=today - dt.timedelta(days=31), window_start__lte=today + dt.timedelta(days=31))
                            .order_by("due_date", "id")[:80]),
        "checkins": list(subject.checkins.select_related("obligation").order_by("-at")[:20]),
        "requests": list(subject.requests.order_by("-applied_date", "-id")[:20]),
        "monitorings": list(subject.monitorings.order_by("-start_date")),
        "alerts": list(subject.location_alerts.order_by("-occurred_at")[:20]),
        "absconds": [(a, a.days_on(today)) for a in subject.absconds.order_by("-lost_date")],
        "sanctions": _with_documents(request.user, list(subject.sanctions.order_by("-decision_date", "-id"))),
        "reviews": list(subject.reviews.order_by("-end_date")[:12]),
        "suggestions": duties.sanction_suggestions(subject, today=today) if can_change else [],
        "month": month,
        "breadcrumbs": [("社区矫正对象台账", "/corrections/"), (subject.person.name, subject.get_absolute_url()), ("日常监管", "")],
    })


# ------------------------------------------------------------------------------------------------------ dialogs


@dataclass(frozen=True)
class Action:
    label: str
    model: type
    form: Callable[[AuthedRequest, Any], Any]
    save: Callable[[AuthedRequest, Any, dict[str, Any]], str]


def _subject_of(record: Any) -> Subject:
    return record if isinstance(record, Subject) else record.subject  # type: ignore[no-any-return]


def _schedule_form(request: AuthedRequest, s: Subject) -> f.ScheduleForm:
    return f.ScheduleForm(request.POST or None, initial={"start": max(s.start_date, timezone.localdate()), "end": s.end_date})


def _sanction_form(request: AuthedRequest, s: Subject) -> f.SanctionForm:
    initial: dict[str, Any] = {}
    kind = request.GET.get("kind", "")
    if kind in SanctionKind.values:
        match = next((x for x in duties.sanction_suggestions(s) if x.kind == kind), None)
        initial = {"kind": kind, **({"facts": match.reason, "basis": match.basis, "suggested": True} if match else {})}
    return f.SanctionForm(request.POST or None, initial=initial)


def _p(form_class: Any) -> Callable[[AuthedRequest, Any], Any]:
    return lambda request, record: form_class(request.POST or None)


ACTIONS: dict[str, Action] = {
    "schedule": Action("按管理等级安排履行事项", Subject, _schedule_form, lambda r, s, cd: (
        f"已安排 {len(duties.schedule_by_level(actor=r.user, subject=s, level=cd['level'], start=cd['start'], end=cd['end']))} 项履行事项")),
    "request": Action("登记外出、会客、迁居申请", Subject, _p(f.RequestForm), lambda r, s, cd: (
        duties.request_submit(actor=r.user, subject=s, data=duties.RequestInput(**cd)), "已登记申请")[1]),
    "monitoring": Action("使用电子定位装置", Subject, _p(f.MonitoringForm), lambda r, s, cd: (
        duties.monitoring_start(actor=r.user, subject=s, data=duties.MonitoringInput(**cd)), "已登记电子定位")[1]),
    "abscond": Action("登记脱管", Subject, _p(f.AbscondForm), lambda r, s, cd: (
        duties.abscond_register(actor=r.user, subject=s, lost_date=cd["lost_date"], steps=cd["steps"]), "已登记脱管，请立即组织查找")[1]),
    "sanction": Action("考核奖惩决定", Subject, _sanction_form, lambda r, s, cd: (
        f"已决定{duties.sanction_decide(actor=r.user, subject=s, data=duties.SanctionInput(**cd)).get_kind_display()}，文书已生成")),
    "review": Action("月度、季度考核", Subject, _p(f.ReviewForm), lambda r, s, cd: (
        f"考核结果：{duties.review_record(actor=r.user, subject=s, period=cd['period']).get_result_display()}")),
    "fulfil": Action("登记履行", Obligation, _p(f.FulfilForm), lambda r, o, cd: (
        duties.obligation_fulfil(actor=r.user, obligation=o, date=cd["date"], hours=cd["hours"], note=cd["note"]), "已登记履行")[1]),
    "excuse": Action("免除履行事项", Obligation, _p(f.ExcuseForm), lambda r, o, cd: (
        duties.obligation_excuse(actor=r.user, obligation=o, reason=cd["reason"]), "已免除")[1]),
    "refer": Action("报县级社区矫正机构审批", SubjectRequest, _p(f.NoteForm), lambda r, q, cd: (
        duties.request_refer(actor=r.user, request=q, note=cd["note"]), "已报县级审批")[1]),
    "decide": Action("审批申请", SubjectRequest, _p(f.DecideForm), lambda r, q, cd: (
        duties.request_decide(actor=r.user, request=q, approve=cd["approve"], note=cd["note"]).get_status_display())),
    "return": Action("外出返回销假", SubjectRequest, _p(f.DateForm), lambda r, q, cd: (
        duties.request_return(actor=r.user, request=q, date=cd["date"]), "已销假")[1]),
    "renew": Action("延长电子定位", Monitoring, _p(f.RenewForm), lambda r, m, cd: (
        duties.monitoring_renew(actor=r.user, monitoring=m, **cd), "已延长电子定位")[1]),
    "end": Action("解除电子定位", Monitoring, _p(f.EndForm), lambda r, m, cd: (
        duties.monitoring_end(actor=r.user, monitoring=m, date=cd["date"], note=cd["note"]), "已解除电子定位")[1]),
    "handle": Action("处置定位报警", LocationAlert, _p(f.HandleForm), lambda r, a, cd: (
        duties.location_alert_handle(actor=r.user, alert=a, date=cd["date"], handling=cd["handling"]), "已记录处置情况")[1]),
    "step": Action("补充查找措施", Abscond, _p(f.StepForm), lambda r, a, cd: (
        duties.abscond_step(actor=r.user, abscond=a, step=cd["step"]), "已补充查找措施")[1]),
    "found": Action("查找到脱管对象", Abscond, _p(f.FoundForm), lambda r, a, cd: (
        duties.abscond_found(actor=r.user, abscond=a, found_date=cd["found_date"], result=cd["result"]), "已结束脱管记录")[1]),
}


@login_required
def duty_action(request: AuthedRequest, action: str, uuid: str) -> HttpResponse:
    """One dialog per action; the services check the rules and refuse with a Chinese message, nothing saved."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这个办理事项")
    record: Any = access_object(request.user, spec.model, action="view", uuid=uuid)
    # A referred request is decided by the county 社区矫正机构 (社区矫正法 第二十七条): its supervise right.
    right = duties.request_right(record) if action == "decide" else "change"
    record = access_object(request.user, spec.model, action=right, uuid=uuid)
    subject = _subject_of(record)
    form = spec.form(request, record)
    return handle_dialog(request, form=form, title=f"{spec.label}：{subject.person.name}",
                         save=lambda cd: spec.save(request, record, cd), redirect_to=f"{subject.get_absolute_url()}duties/")


# -------------------------------------------------------------------------------------------- the phone page

SESSION_KEY = "corrections_subject"
SESSION_MINUTES = phone.IDLE_MINUTES


def _phone_subject(request: HttpRequest) -> Subject | None:
    held = request.session.get(SESSION_KEY)
    if not held or held.get("until", 0) < timezone.now().timestamp():
        return None
    subject = Subject.objects.filter(uuid=held["uuid"], status=Status.IN_CORRECTION).select_related("person", "org").first()
    if subject is not None:  # sliding expiry while the subject uses the page
        request.session[SESSION_KEY] = {"uuid": held["uuid"], "until": timezone.now().timestamp() + SESSION_MINUTES * 60}
    return subject


@sensitive_post_parameters("id_number", "code")
def mobile_login(request: HttpRequest) -> HttpResponse:
    """手机端登录: the ID number, then the one-time code sent to the registered phone."""
    form = f.MobileLoginForm(request.POST or None)
    sent, status = "", 200
    if request.method == "POST" and form.is_valid():
        id_number, code = form.cleaned_data["id_number"], form.cleaned_data["code"]
        try:
            if not code:
                sent = phone.code_request(id_number=id_number, ip_address=client_ip(request))
            else:
                subject = duties.login_code_verify(id_number=id_number, code=code)
                request.session.cycle_key()
                request.session[SESSION_KEY] = {"uuid": str(subject.uuid), "until": timezone.now().timestamp() + SESSION_MINUTES * 60}
                return redirect("corrections:mobile_home")
        except SifasuoError as exc:
            attach_error(form, exc)
            status = 422
    elif request.method == "POST":
        status = 422
    return render(request, "corrections/mobile_login.html", {"title": "社区矫正对象手机端", "form": form, "sent": sent}, status=status)


def mobile_home(request: HttpRequest) -> HttpResponse:
    """The subject's schedule for the coming month, today's check-in and the written report."""
    subject = _phone_subject(request)
    if subject is None:
        return redirect("corrections:mobile_login")
    today = timezone.localdate()
    items = list(phone.schedule(subject, today=today))
    return render(request, "corrections/mobile_home.html", {
        "title": "我的矫正事项", "s": subject, "items": items, "today": today,
        "checkin_due": duties.current_obligation(subject, CHECKIN_KINDS, today),
        "report_form": f.MobileReportForm(), "recent": list(subject.checkins.order_by("-at")[:5]),
        "approved_trips": list(phone.approved_trips(subject, today=today)),
    })


def _phone_action(request: HttpRequest, act: Callable[[Subject], str]) -> HttpResponse:
    from django.contrib import messages

    subject = _phone_subject(request)
    if subject is None:
        return redirect("corrections:mobile_login")
    try:
        messages.success(request, act(subject))
    except SifasuoError as exc:
        messages.error(request, exc.message)
    return redirect("corrections:mobile_home")


@require_POST
def mobile_checkin(request: HttpRequest) -> HttpResponse:
    return _phone_action(request, lambda s: (duties.checkin_record(
        subject=s, latitude=request.POST.get("latitude"), longitude=request.POST.get("longitude"),
        accuracy=request.POST.get("accuracy"), photo=request.FILES.get("photo")), "签到成功")[1])


@require_POST
def mobile_report(request: HttpRequest) -> HttpResponse:
    return _phone_action(request, lambda s: (duties.report_submit(
        subject=s, text=request.POST.get("text", ""), photo=request.FILES.get("photo")), "报告已提交")[1])


@require_POST
def mobile_logout(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("corrections:mobile_login")
