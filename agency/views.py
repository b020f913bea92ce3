"""代收代办 pages: 行政复议申请代收台账 with its dialogs (代收, 转交复议机构, 受理结果, 复议决定, 撤回), 公证仲裁代办台账
(受托, 转交, 办理结果) and the 公证仲裁办事指引 every office reads."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.permissions import require_create_orgs
from accounts.selectors import post_org, users_serving_at, writable_orgs
from agency import forms as f
from agency import selectors, services
from agency.filtersets import CaseFilterSet, GuideFilterSet, ReviewFilterSet
from agency.models import AgencyCase, ReviewApplication, ServiceGuide
from agency.tables import CaseTable, GuideTable, ReviewTable
from core.details import Panel, RecordView
from core.forms import SamePersonField, record_dialog
from core.http import AuthedRequest
from core.lists import ScopedListView
from orgs.models import Org
from people.services import PersonInput


def _offices(request: AuthedRequest, model: Any) -> dict[str, Any]:
    orgs = require_create_orgs(writable_orgs(request.user, model).filter(kind=Org.Kind.OFFICE), what=f"登记{model._meta.verbose_name}")
    return {"orgs": orgs, "handlers": users_serving_at(orgs), "initial": {"org": post_org(request.user, orgs)}}


def _person(cd: dict[str, Any]) -> PersonInput:
    return PersonInput(name=cd["name"], id_number=cd["id_number"], phone=cd["phone"],
                       same_person=SamePersonField.confirmed(cd, cd["id_number"]))


# ------------------------------------------------------------------------------------------------- 行政复议申请代收


class ReviewListView(ScopedListView):
    model = ReviewApplication
    filterset_class = ReviewFilterSet
    table_class = ReviewTable
    title = "行政复议申请代收台账"
    create_url_name = "agency:review_create"
    create_orgs = lambda user: writable_orgs(user, ReviewApplication).filter(kind=Org.Kind.OFFICE)  # noqa: E731
    selector = selectors.review_list
    export_filename = "行政复议申请代收台账"
    export_columns = [
        ("收件时间", lambda a: a.received_at),
        ("申请方式", lambda a: a.get_form_display()),
        ("申请人", lambda a: a.applicant.name),
        ("身份证号码", lambda a: a.applicant.id_number_masked),
        ("联系电话", lambda a: a.applicant.phone),
        ("被申请人", lambda a: a.respondent),
        ("行政行为", lambda a: a.act),
        ("知道行政行为之日", lambda a: a.act_known_date),
        ("申请期限届满", lambda a: a.window_end),
        ("行政复议请求", lambda a: a.request),
        ("申请书缺少事项", lambda a: "；".join(a.missing_items)),
        ("超过六十日的正当理由", lambda a: a.late_reason),
        ("接收人", lambda a: a.handler.display_name if a.handler else ""),
        ("转交期限", lambda a: a.forward_due),
        ("转交日期", lambda a: a.forwarded_date),
        ("复议机构", lambda a: a.review_body),
        ("办理状态", lambda a: a.get_status_display()),
        ("受理或不予受理日期", lambda a: a.accepted_date),
        ("不予受理理由", lambda a: a.not_accepted_reason),
        ("复议决定", lambda a: a.get_decision_display()),
        ("决定日期", lambda a: a.decision_date),
        ("代收单位", lambda a: a.org.name),
    ]


def _receive(request: AuthedRequest, _: None, cd: dict[str, Any]) -> str:
    form = f.ReviewReceiveForm.input(cd)
    application = services.review_receive(actor=request.user, org=cd["org"], applicant=_person(cd), data=form)
    return (f"已代收 {application.applicant.name} 的行政复议申请，请于{application.forward_due:%Y-%m-%d}前转交；"
            f"申请期限{application.window_end:%Y-%m-%d}届满，转交期间期限继续计算")


review_create = record_dialog(
    form=f.ReviewReceiveForm, title="代收行政复议申请", save=_receive, redirect_to="/agency/review/",
    form_kwargs=lambda request, _: {**_offices(request, ReviewApplication),
                                    "initial": {**_offices(request, ReviewApplication)["initial"], "handler": request.user}},
    perm=("agency.add_reviewapplication", "代收行政复议申请"), sensitive=("id_number",),
    intro="行政复议申请期限为知道或者应当知道行政行为之日起六十日（行政复议法 第二十条）；司法所代收后转交复议机构，期间申请期限继续计算，"
          "请提醒申请人。",
)


class ReviewDetailView(RecordView):
    model = ReviewApplication
    template_name = "agency/review_detail.html"
    object_name = "a"
    list_title, list_url_name = "行政复议申请代收台账", "agency:review_list"
    heading, crumb_text = "{obj.applicant.name}的行政复议申请", "{obj.applicant.name} {obj.received_at:%Y-%m-%d}"
    panels = [
        Panel("申请内容", fields=(("被申请人", "respondent"), ("行政行为", "act"), ("知道行政行为之日", "act_known_date"),
                               ("申请期限届满", "window_end"), ("行政复议请求", "request"), ("主要事实和理由", "facts"),
                               ("口头申请笔录", "oral_record"), ("超过六十日的正当理由", "late_reason"))),
        Panel("代收转交", fields=(("申请人", "applicant.name"), ("身份证号码", "applicant.id_number_masked"),
                               ("收件时间", lambda a: f"{a.received_at:%Y-%m-%d %H:%M}"), ("申请方式", "get_form_display"),
                               ("接收人", lambda a: a.handler.display_name if a.handler else "—"), ("转交期限", "forward_due"),
                               ("复议机构", "review_body"), ("转交日期", "forwarded_date"), ("受理或不予受理日期", "accepted_date"),
                               ("不予受理理由", "not_accepted_reason"), ("复议决定", "get_decision_display"),
                               ("决定日期", "decision_date"), ("决定要点", "decision_note"), ("代收单位", "org.name")),
              side=True),
    ]

    def get_object(self, request: HttpRequest, value: Any) -> ReviewApplication | None:
        return selectors.review_detail(request.user, value)

    def get_context(self, request: HttpRequest, a: ReviewApplication, *, can_change: bool) -> dict[str, Any]:
        return {"can_change": can_change, "days_left": services.window_days_left(a.act_known_date)}


review_forward = record_dialog(
    ReviewApplication, form=f.ForwardForm, title="转交复议机构：{obj.applicant.name}",
    form_kwargs=lambda request, a: {"initial": {"review_body": services.review_body_for(a.org)}},
    save=lambda request, a, cd: services.review_forward(actor=request.user, application=a, date=cd["date"],
                                                        review_body=cd["review_body"]),
    message=lambda a: f"已转交{a.review_body}",
    intro="将申请书或口头申请笔录及申请人提交的材料转交复议机构；复议机构收到后五日内审查是否受理（行政复议法 第三十条）。",
)
review_acceptance = record_dialog(
    ReviewApplication, form=f.AcceptanceForm, title="登记受理结果：{obj.applicant.name}", message="已登记受理结果",
    save=lambda request, a, cd: services.review_acceptance(actor=request.user, application=a, accepted=cd["accepted"],
                                                           date=cd["date"], reason=cd["reason"]),
    intro="复议机构对申请审查后决定受理或不予受理；不予受理的应当说明理由（行政复议法 第三十条）。",
)
review_decide = record_dialog(
    ReviewApplication, form=f.DecisionForm, title="登记复议决定：{obj.applicant.name}", message="已登记复议决定",
    save=lambda request, a, cd: services.review_decide(actor=request.user, application=a, decision=cd["decision"],
                                                       date=cd["date"], note=cd["note"]),
)
review_withdraw = record_dialog(
    ReviewApplication, form=f.WithdrawForm, title="申请人撤回：{obj.applicant.name}", message="已登记撤回",
    save=lambda request, a, cd: services.review_withdraw(actor=request.user, application=a, reason=cd["reason"], date=cd["date"]),
)


# ------------------------------------------------------------------------------------------------- 公证仲裁代办


class CaseListView(ScopedListView):
    model = AgencyCase
    filterset_class = CaseFilterSet
    table_class = CaseTable
    title = "公证仲裁代办台账"
    create_url_name = "agency:case_create"
    create_orgs = lambda user: writable_orgs(user, AgencyCase).filter(kind=Org.Kind.OFFICE)  # noqa: E731
    selector = selectors.case_list
    export_filename = "公证仲裁代办台账"
    export_columns = [
        ("受托日期", lambda c: c.received_date),
        ("类别", lambda c: c.get_kind_display()),
        ("当事人", lambda c: c.person.name),
        ("身份证号码", lambda c: c.person.id_number_masked),
        ("联系电话", lambda c: c.person.phone),
        ("事项", lambda c: c.matter),
        ("办理机构", lambda c: c.institution),
        ("知道权利被侵害之日", lambda c: c.rights_known_date),
        ("仲裁时效届满", lambda c: c.limitation_end),
        ("转交期限", lambda c: c.forward_due),
        ("转交日期", lambda c: c.forwarded_date),
        ("办理状态", lambda c: c.get_status_display()),
        ("办理结果", lambda c: c.result),
        ("结果日期", lambda c: c.result_date),
        ("经办人", lambda c: c.handler.display_name if c.handler else ""),
        ("受托单位", lambda c: c.org.name),
    ]


def _case_receive(request: AuthedRequest, _: None, cd: dict[str, Any]) -> str:
    data = f.CaseForm.input(cd)
    case = services.case_receive(actor=request.user, org=cd["org"], person=_person(cd), data=data)
    warning = services.limitation_warning(case.rights_known_date)
    return f"已受托 {case.person.name} 的{case.get_kind_display()}" + (f"。{warning}" if warning else "")


case_create = record_dialog(
    form=f.CaseForm, title="受托公证仲裁代办", save=_case_receive, redirect_to="/agency/cases/",
    form_kwargs=lambda request, _: {**_offices(request, AgencyCase),
                                    "initial": {**_offices(request, AgencyCase)["initial"], "handler": request.user}},
    perm=("agency.add_agencycase", "受托公证仲裁代办"), sensitive=("id_number",),
    intro="公证向住所地、经常居住地、行为地或者事实发生地的公证机构申请，不动产向不动产所在地的公证机构申请（公证法 第二十五条）；"
          "劳动争议申请仲裁的时效期间为一年（劳动争议调解仲裁法 第二十七条）。",
)


class CaseDetailView(RecordView):
    model = AgencyCase
    template_name = "agency/case_detail.html"
    object_name = "c"
    list_title, list_url_name = "公证仲裁代办台账", "agency:case_list"
    heading, crumb_text = "{obj.person.name}的{obj.get_kind_display}", "{obj.person.name} {obj.received_date:%Y-%m-%d}"
    panels = [
        Panel("代办事项", fields=(("类别", "get_kind_display"), ("事项", "matter"), ("办理机构", "institution"),
                               ("情况说明", "detail"), ("知道权利被侵害之日", "rights_known_date"),
                               ("仲裁时效届满", "limitation_end"), ("办理结果", "result"), ("结果日期", "result_date"))),
        Panel("受托转交", fields=(("当事人", "person.name"), ("身份证号码", "person.id_number_masked"), ("受托日期", "received_date"),
                               ("转交期限", "forward_due"), ("转交日期", "forwarded_date"), ("办理状态", "get_status_display"),
                               ("经办人", lambda c: c.handler.display_name if c.handler else "—"), ("受托单位", "org.name")),
              side=True),
    ]

    def get_object(self, request: HttpRequest, value: Any) -> AgencyCase | None:
        return selectors.case_detail(request.user, value)

    def get_context(self, request: HttpRequest, c: AgencyCase, *, can_change: bool) -> dict[str, Any]:
        open_case = c.status in {"received", "forwarded"}
        return {"can_change": can_change, "warning": services.limitation_warning(c.rights_known_date) if open_case else ""}


case_forward = record_dialog(
    AgencyCase, form=f.CaseForwardForm, title="转交：{obj.person.name} {obj.matter}",
    save=lambda request, c, cd: services.case_forward(actor=request.user, case=c, date=cd["date"]),
    message=lambda c: f"已转交{c.institution}",
)
case_result = record_dialog(
    AgencyCase, form=f.CaseResultForm, title="登记办理结果：{obj.person.name} {obj.matter}", message="已登记办理结果",
    save=lambda request, c, cd: services.case_result(actor=request.user, case=c, done=cd["done"], result=cd["result"],
                                                     date=cd["date"]),
    intro="公证机构自受理之日起十五个工作日内出具公证书（公证法 第三十条）；仲裁委自收到申请之日起五日内决定是否受理。",
)


class GuideListView(ScopedListView):
    model = ServiceGuide
    filterset_class = GuideFilterSet
    table_class = GuideTable
    title = "公证仲裁办事指引"
    selector = selectors.guide_list
    export_filename = "公证仲裁办事指引"
    export_columns = [
        ("类别", lambda g: g.get_kind_display()),
        ("办理机构", lambda g: g.institution),
        ("受理事项", lambda g: g.matters),
        ("所需材料", lambda g: g.materials),
        ("地址", lambda g: g.address),
        ("电话", lambda g: g.phone),
        ("时效或期限提示", lambda g: g.limitation),
        ("依据", lambda g: g.basis),
    ]
