"""社区矫正 pages of the cycle around reception: 调查评估 (register, extend, interviews, opinion, 备案), 待接收 (交付通知,
漏管), the reception extras of a subject's file (禁止令, 入矫信息, 矫正小组) and the 期满鉴定与安置帮教交接. Each dialog maps
onto one service call; each list exports to Excel with the page's filters."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters

from accounts.permissions import require_create_orgs
from accounts.selectors import writable_orgs
from core.access import access_object, can_supervise, require_perm, supervised_object
from core.audit import audit_record
from core.forms import SamePersonField, client_ip, handle_dialog
from core.http import AuthedRequest
from core.lists import ScopedListView
from corrections import discharge, investigations, reception, selectors
from corrections import forms as f
from corrections.filtersets import ArrivalFilterSet, InvestigationFilterSet
from corrections.models import ExpectedArrival, Investigation, Subject
from corrections.tables import ArrivalTable, InvestigationTable
from orgs.models import Org
from people.services import PersonInput


def _yes(value: bool | None) -> str:
    return {True: "是", False: "否", None: ""}[value]


class InvestigationListView(ScopedListView):
    model = Investigation
    filterset_class = InvestigationFilterSet
    table_class = InvestigationTable
    title = "调查评估台账"
    create_url_name = "corrections:investigation_register"
    create_orgs = lambda user: writable_orgs(user, Investigation).filter(kind=Org.Kind.OFFICE)  # noqa: E731
    export_filename = "调查评估台账"
    export_columns = [
        ("被调查人", lambda i: i.person.name),
        ("委托机关类别", lambda i: i.get_body_type_display()),
        ("委托机关", lambda i: i.body_name),
        ("委托函文号或案号", lambda i: i.case_number),
        ("拟适用矫正类别", lambda i: i.get_proposed_type_display()),
        ("罪名", lambda i: i.crime),
        ("收到委托日期", lambda i: i.received_date),
        ("速裁", lambda i: _yes(i.fast_track)),
        ("应完成日期", lambda i: i.due_date),
        ("延期说明", lambda i: i.extended_reason),
        ("办理状态", lambda i: i.get_status_display()),
        ("评估意见", lambda i: i.get_opinion_display() if i.opinion else ""),
        ("意见书文号", lambda i: i.number),
        ("出具意见日期", lambda i: i.opinion_date),
        ("按时完成", lambda i: _yes(i.on_time)),
        ("调查人", lambda i: i.officer.display_name if i.officer else ""),
        ("司法所", lambda i: i.org.name),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.investigation_list(request.user)


class ArrivalListView(ScopedListView):
    model = ExpectedArrival
    filterset_class = ArrivalFilterSet
    table_class = ArrivalTable
    title = "待接收社区矫正对象"
    create_url_name = "corrections:arrival_notice"
    create_orgs = lambda user: writable_orgs(user, ExpectedArrival).filter(kind=Org.Kind.OFFICE)  # noqa: E731
    export_filename = "待接收社区矫正对象"
    export_columns = [
        ("姓名", lambda a: a.person.name),
        ("身份证号码", lambda a: a.person.id_number_masked),
        ("矫正类别", lambda a: a.get_correction_type_display()),
        ("社区矫正决定机关", lambda a: a.decision_organ),
        ("法律文书文号", lambda a: a.decision_number),
        ("生效日期", lambda a: a.effective_date),
        ("收到通知日期", lambda a: a.notice_date),
        ("应报到日期", lambda a: a.due_date),
        ("状态", lambda a: a.get_status_display()),
        ("情况说明", lambda a: a.note),
        ("司法所", lambda a: a.org.name),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.arrival_list(request.user)


# --- 调查评估 ---------------------------------------------------------------------------------------------------


@login_required
def investigation_register(request: AuthedRequest) -> HttpResponse:
    """登记调查评估委托 (社区矫正法 第十八条)."""
    require_perm(request.user, "corrections.add_investigation", what="登记调查评估委托")
    orgs = require_create_orgs(writable_orgs(request.user, Investigation).filter(kind=Org.Kind.OFFICE), what="登记调查评估委托")
    form = f.InvestigationForm(request.POST or None, orgs=orgs)

    def save(cd: dict[str, Any]) -> str:
        inv = investigations.investigation_register(
            actor=request.user, org=cd["org"], person=PersonInput(name=cd["name"], id_number=cd["id_number"],
                                                              same_person=SamePersonField.confirmed(cd, cd["id_number"])),
            data=investigations.InvestigationInput(
                body_type=cd["body_type"], body_name=cd["body_name"], case_number=cd["case_number"],
                proposed_type=cd["proposed_type"], crime=cd["crime"], received_date=cd["received_date"],
                fast_track=cd["fast_track"]))
        return f"已登记调查评估委托：{inv.person.name}，应于 {inv.due_date:%Y-%m-%d} 前完成"

    return handle_dialog(request, form=form, title="登记调查评估委托", save=save, redirect_to="/corrections/investigations/", extra={
        "intro": "收到委托函及所附材料后登记；期限自次日起按工作日计算：一般十个工作日，速裁案件五个工作日（节假日、调休按工作日历）。",
    })


@login_required
def investigation_detail(request: AuthedRequest, uuid: str) -> HttpResponse:
    inv = selectors.investigation_detail(request.user, uuid)
    if inv is None:
        raise Http404("未找到该调查评估，或您无权查看")
    audit_record(actor=request.user, action="other", summary=f"查阅调查评估 {inv.person.name}", obj=inv, ip_address=client_ip(request))
    can_change = Investigation.objects.visible_to(request.user, "change").filter(pk=inv.pk).exists()
    return render(request, "corrections/investigation_detail.html", {
        "title": f"调查评估：{inv.person.name}", "inv": inv, "can_change": can_change,
        "can_review": can_supervise(request.user, inv) and investigations.is_reviewer(request.user, inv.org),
        "breadcrumbs": [("调查评估台账", "/corrections/investigations/"), (inv.person.name, "")],
    })


def _inv(request: AuthedRequest, uuid: str) -> Investigation:
    return access_object(request.user, Investigation, action="change", uuid=uuid)


@login_required
def investigation_extend(request: AuthedRequest, uuid: str) -> HttpResponse:
    inv = _inv(request, uuid)
    form = f.ExtendForm(request.POST or None)
    return handle_dialog(request, form=form, title=f"延长调查评估期限：{inv.person.name}", redirect_to=inv.get_absolute_url(),
                         save=lambda cd: (investigations.investigation_extend(actor=request.user, investigation=inv,
                                                                              due_date=cd["due_date"], reason=cd["reason"]),
                                          "已延长期限")[1],
                         extra={"intro": f"原期限 {inv.due_date:%Y-%m-%d}。延期须经委托机关同意（实施办法 第十四条）。"})


@login_required
def investigation_interview(request: AuthedRequest, uuid: str) -> HttpResponse:
    inv = _inv(request, uuid)
    form = f.InterviewForm(request.POST or None)
    return handle_dialog(request, form=form, title=f"调查走访：{inv.person.name}", redirect_to=inv.get_absolute_url(),
                         save=lambda cd: (investigations.interview_add(actor=request.user, investigation=inv, **cd), "已记录走访")[1])


@login_required
def investigation_issue(request: AuthedRequest, uuid: str) -> HttpResponse:
    inv = _inv(request, uuid)
    initial = {"findings": inv.findings or "\n".join(f"{i.get_kind_display()}{i.interviewee}：{i.content}" for i in inv.interviews.all()),
               "opinion": inv.opinion, "reasons": inv.reasons}
    form = f.IssueForm(request.POST or None, initial=initial)

    def save(cd: dict[str, Any]) -> str:
        done = investigations.investigation_issue(actor=request.user, investigation=inv, **cd)
        return f"已出具调查评估意见书 {done.number}"

    return handle_dialog(request, form=form, title=f"出具调查评估意见书：{inv.person.name}", save=save,
                         redirect_to=inv.get_absolute_url(),
                         extra={"intro": "评估被调查人的社会危险性和对所居住社区的影响（社区矫正法 第十八条），提出适宜或不适宜社区矫正的意见。"})


@login_required
def investigation_submit(request: AuthedRequest, uuid: str) -> HttpResponse:
    inv = _inv(request, uuid)
    # A confirmation has no fields: a POST binds the form even when its body is empty.
    form = f.ConfirmForm(request.POST if request.method == "POST" else None)
    return handle_dialog(request, form=form, title=f"报县级社区矫正机构备案：{inv.person.name}",
                         redirect_to=inv.get_absolute_url(),
                         save=lambda cd: (investigations.investigation_submit(actor=request.user, investigation=inv), "已报备案")[1],
                         extra={"intro": f"将调查评估意见书 {inv.number} 报县级社区矫正机构审查备案。"})


@login_required
def investigation_review(request: AuthedRequest, uuid: str) -> HttpResponse:
    # 备案审查 is the county 社区矫正机构's act on the office's investigation: the supervise right, not the 办案范围.
    inv = supervised_object(request.user, Investigation, uuid=uuid)
    form = f.ReviewForm(request.POST or None)

    def save(cd: dict[str, Any]) -> str:
        done = investigations.investigation_review(actor=request.user, investigation=inv, accept=cd["decision"] == "accept",
                                                   note=cd["note"])
        return f"调查评估意见书{done.get_status_display()}"

    return handle_dialog(request, form=form, title=f"审查备案：{inv.person.name}", save=save, redirect_to=inv.get_absolute_url())


# --- 待接收 -----------------------------------------------------------------------------------------------------


@login_required
@sensitive_post_parameters("id_number")
def arrival_notice(request: AuthedRequest) -> HttpResponse:
    """登记交付通知 (社区矫正法 第二十条)."""
    require_perm(request.user, "corrections.add_expectedarrival", what="登记交付通知")
    orgs = require_create_orgs(writable_orgs(request.user, ExpectedArrival).filter(kind=Org.Kind.OFFICE), what="登记交付通知")
    form = f.ArrivalForm(request.POST or None, orgs=orgs)

    def save(cd: dict[str, Any]) -> str:
        arrival = reception.arrival_notice(
            actor=request.user, org=cd["org"], person=PersonInput(name=cd["name"], id_number=cd["id_number"],
                                                              same_person=SamePersonField.confirmed(cd, cd["id_number"])),
            data=reception.ArrivalInput(correction_type=cd["correction_type"], decision_organ=cd["decision_organ"],
                                        decision_number=cd["decision_number"], effective_date=cd["effective_date"],
                                        notice_date=cd["notice_date"]))
        return f"已登记交付通知：{arrival.person.name}，应于 {arrival.due_date:%Y-%m-%d} 前报到"

    return handle_dialog(request, form=form, title="登记交付通知", save=save, redirect_to="/corrections/arrivals/", extra={
        "intro": "决定机关自判决、裁定或决定生效之日起五日内通知执行地社区矫正机构（社区矫正法 第二十条）；"
                 "对象应自生效之日起十日内报到（第二十一条）。",
    })


@login_required
def arrival_detail(request: AuthedRequest, uuid: str) -> HttpResponse:
    arrival = selectors.arrival_detail(request.user, uuid)
    if arrival is None:
        raise Http404("未找到该待接收记录，或您无权查看")
    audit_record(actor=request.user, action="other", summary=f"查阅待接收社区矫正对象 {arrival.person.name}", obj=arrival,
                 ip_address=client_ip(request))
    return render(request, "corrections/arrival_detail.html", {
        "title": f"待接收：{arrival.person.name}", "a": arrival,
        "can_change": ExpectedArrival.objects.visible_to(request.user, "change").filter(pk=arrival.pk).exists(),
        "breadcrumbs": [("待接收社区矫正对象", "/corrections/arrivals/"), (arrival.person.name, "")],
    })


@login_required
def arrival_missing(request: AuthedRequest, uuid: str) -> HttpResponse:
    arrival = access_object(request.user, ExpectedArrival, action="change", uuid=uuid)
    form = f.MissingForm(request.POST or None)
    return handle_dialog(request, form=form, title=f"认定漏管：{arrival.person.name}", redirect_to=arrival.get_absolute_url(),
                         save=lambda cd: (reception.arrival_mark_missing(actor=request.user, arrival=arrival, note=cd["note"]),
                                          "已认定漏管，请报告县级社区矫正机构和人民检察院")[1])


# --- 入矫与解矫 -------------------------------------------------------------------------------------------------


def _subject(request: AuthedRequest, uuid: str) -> Subject:
    return access_object(request.user, Subject, action="change", uuid=uuid)


@login_required
def subject_prohibition(request: AuthedRequest, uuid: str) -> HttpResponse:
    subject = _subject(request, uuid)
    form = f.ProhibitionForm(request.POST or None)
    return handle_dialog(request, form=form, title=f"登记禁止令：{subject.person.name}", redirect_to=subject.get_absolute_url(),
                         save=lambda cd: (reception.prohibition_add(actor=request.user, subject=subject,
                                                                    data=reception.ProhibitionInput(**cd)), "已登记禁止令")[1])


@login_required
def subject_reception(request: AuthedRequest, uuid: str) -> HttpResponse:
    subject = _subject(request, uuid)
    detail = getattr(subject, "reception", None)
    initial = {"temporary_reason": detail.temporary_reason, "announced_date": detail.announced_date,
               "place": detail.announcement_place} if detail else {}
    form = f.ReceptionForm(request.POST or None, initial=initial)
    return handle_dialog(request, form=form, title=f"入矫信息：{subject.person.name}", redirect_to=subject.get_absolute_url(),
                         save=lambda cd: (reception.reception_record(actor=request.user, subject=subject, **cd), "已保存入矫信息")[1])


@login_required
def subject_team(request: AuthedRequest, uuid: str) -> HttpResponse:
    subject = _subject(request, uuid)
    form = f.MemberForm(request.POST or None)
    return handle_dialog(request, form=form, title=f"矫正小组加入成员：{subject.person.name}", redirect_to=subject.get_absolute_url(),
                         save=lambda cd: (reception.team_member_add(actor=request.user, subject=subject,
                                                                    data=reception.MemberInput(**cd)), "已加入矫正小组")[1],
                         extra={"intro": "女性社区矫正对象的矫正小组应有女性成员（第二十五条）；"
                                         "未成年人的应有熟悉未成年人身心特点的人员（第五十二条）。"})


@login_required
def subject_handover(request: AuthedRequest, uuid: str) -> HttpResponse:
    subject = _subject(request, uuid)
    current = getattr(subject, "handover", None)
    initial = {k: getattr(current, k) for k in ("appraisal", "needs", "handed_to", "handover_date", "announced_date")} if current else {}
    form = f.HandoverForm(request.POST or None, initial=initial)
    return handle_dialog(request, form=form, title=f"期满鉴定与安置帮教交接：{subject.person.name}", redirect_to=subject.get_absolute_url(),
                         save=lambda cd: (discharge.handover_record(actor=request.user, subject=subject,
                                                                    data=discharge.HandoverInput(**cd)), "已保存")[1])
