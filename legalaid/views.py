"""法律援助 pages: 法律援助申请台账, the receiving dialog, the application page with its actions (转交法律援助机构,
不予受理) and the 转为法律援助申请 dialog opened from a consultation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.selectors import post_org, writable_orgs
from consultation.models import Consultation
from consultation.selectors import handler_choices
from core.details import RecordView
from core.dictionaries import dict_label
from core.forms import SamePersonField, record_dialog
from core.http import AuthedRequest
from core.lists import ScopedListView
from legalaid import centre, selectors, services
from legalaid import forms as f
from legalaid.choices import OPEN_REVIEW, Channel, ReviewSource, ReviewStatus, Status
from legalaid.eligibility import assess
from legalaid.filtersets import ApplicationFilterSet, ReviewFilterSet
from legalaid.models import Application, Review
from legalaid.tables import ApplicationTable, ReviewTable
from orgs.models import Org
from people.services import PersonInput


class ApplicationListView(ScopedListView):
    model = Application
    filterset_class = ApplicationFilterSet
    table_class = ApplicationTable
    title = "法律援助申请台账"
    create_url_name = "legalaid:application_create"
    selector = selectors.application_list
    export_filename = "法律援助申请台账"
    export_columns = [
        ("接收日期", lambda a: a.received_date),
        ("申请人", lambda a: a.applicant.name),
        ("身份证号码", lambda a: a.applicant.id_number_masked),
        ("联系电话", lambda a: a.applicant.phone),
        ("申请方式", lambda a: a.get_channel_display()),
        ("申请事项类别", lambda a: dict_label("legal_aid_matter", a.matter)),
        ("对方当事人", lambda a: a.opposing_party),
        ("案情及申请理由", lambda a: a.facts),
        ("申请援助事项", lambda a: a.request),
        ("经济困难依据", lambda a: a.get_hardship_basis_display()),
        ("经济困难状况说明或证明材料", lambda a: a.hardship_detail),
        ("刑事案件", lambda a: "是" if a.is_criminal else "否"),
        ("紧急情形", lambda a: a.urgent_reason),
        ("接待人", lambda a: a.handler.display_name if a.handler else ""),
        ("办理状态", lambda a: a.get_status_display()),
        ("转交日期", lambda a: a.forwarded_date),
        ("接收的法律援助机构", lambda a: a.centre_name),
        ("不予受理理由", lambda a: a.not_accepted_reason),
        ("接收单位", lambda a: a.org.name),
    ]


def _input(cd: dict[str, Any], **over: Any) -> services.ApplicationInput:
    values = {name: cd[name] for name in services.EDITABLE_FIELDS}
    return services.ApplicationInput(**{**values, **over})


def _receive(request: AuthedRequest, _: None, cd: dict[str, Any]) -> str:
    application = services.application_receive(
        actor=request.user, org=cd["org"], data=_input(cd, channel=cd["channel"]),
        applicant=PersonInput(name=cd["name"], id_number=cd["id_number"], phone=cd["phone"],
                              same_person=SamePersonField.confirmed(cd, cd["id_number"])),
    )
    return f"已接收 {application.applicant.name} 的法律援助申请"


def _receive_form(request: AuthedRequest, _: None) -> dict[str, Any]:
    orgs = writable_orgs(request.user, Application).filter(kind=Org.Kind.OFFICE)
    return {"orgs": orgs, "handlers": handler_choices(orgs), "initial": {"handler": request.user, "org": post_org(request.user, orgs)}}


application_create = record_dialog(
    form=f.ApplicationForm, title="接收法律援助申请", save=_receive, form_kwargs=_receive_form, redirect_to="/legalaid/",
    perm=("legalaid.add_application", "接收法律援助申请"), sensitive=("id_number",),
)


class ApplicationDetailView(RecordView):
    model = Application
    template_name = "legalaid/application_detail.html"
    object_name = "a"
    list_title, list_url_name = "法律援助申请台账", "legalaid:application_list"
    heading, crumb_text = "{obj.applicant.name}的法律援助申请", "{obj.applicant.name} {obj.received_date:%Y-%m-%d}"

    def get_object(self, request: HttpRequest, value: Any) -> Application | None:
        return selectors.application_detail(request.user, value)

    def get_context(self, request: HttpRequest, a: Application, *, can_change: bool) -> dict[str, Any]:
        return {
            "matter": dict_label("legal_aid_matter", a.matter),
            "can_act": can_change and a.status == Status.RECEIVED,
            # The forwarding office keeps reading its application and sees the 机构's outcome (not its queue).
            "review": Review.objects.filter(application=a).select_related("org").first(),
            "consultation_visible": (a.consultation_id is not None
                                     and Consultation.objects.visible_to(request.user, "view").filter(pk=a.consultation_id).exists()),
        }


application_edit = record_dialog(
    Application, form=f.ApplicationFields, title="修改法律援助申请：{obj.applicant.name}", message="已保存修改",
    form_kwargs=lambda request, a: {"initial": {name: getattr(a, name) for name in services.EDITABLE_FIELDS},
                                    "handlers": handler_choices(Org.objects.filter(pk=a.org_id))},
    save=lambda request, a, cd: services.application_update(actor=request.user, application=a, data=_input(cd)),
)

# 转交法律援助机构 (代为转交): the date and the receiving 机构, named after the county by default.
application_forward = record_dialog(
    Application, form=f.ForwardForm, title="转交法律援助机构：{obj.applicant.name}",
    form_kwargs=lambda request, a: {"initial": {"centre_name": selectors.centre_name_for(a.org)}},
    save=lambda request, a, cd: services.application_forward(actor=request.user, application=a, date=cd["date"],
                                                             centre_name=cd["centre_name"]),
    message=lambda a: f"已转交{a.centre_name}",
    intro="将申请表及申请人提交的材料转交法律援助机构；机构自收到申请之日起七日内作出是否给予法律援助的决定（法律援助法 第四十三条）。",
)

application_not_accept = record_dialog(
    Application, form=f.NotAcceptForm, title="不予受理：{obj.applicant.name}", message="已登记不予受理",
    save=lambda request, a, cd: services.application_not_accept(actor=request.user, application=a, reason=cd["reason"],
                                                                date=cd["date"]),
    intro="请向申请人说明理由；申请人仍可直接向法律援助机构申请，是否给予法律援助由法律援助机构决定（法律援助法 第四十三条）。",
)


def _from_consultation_form(request: AuthedRequest, c: Consultation) -> dict[str, Any]:
    return {"needs_id": not c.person.id_number_hash, "handlers": handler_choices(Org.objects.filter(pk=c.org_id)),
            "initial": {"facts": c.question, "handler": c.handler or request.user, "matter": f.MATTER_FOR_TOPIC.get(c.topic, "")}}


# 转为法律援助申请: prefilled from the consultation; the person and the question are carried over, not retyped.
application_from_consultation = record_dialog(
    Consultation, form=f.FromConsultationForm, title="转为法律援助申请：{obj.person.name}", form_kwargs=_from_consultation_form,
    perm=("legalaid.add_application", "接收法律援助申请"), sensitive=("id_number",), message="已转为法律援助申请",
    save=lambda request, c, cd: services.application_from_consultation(actor=request.user, consultation=c, data=_input(cd),
                                                                       id_number=cd.get("id_number", "")),
    intro="申请人：{obj.person.name}；案情取自咨询问题，可修改。",
)


# ------------------------------------------------------------------------------------------- the 法律援助机构's queue


class ReviewListView(ScopedListView):
    """法律援助审查 queue: forwarded applications, direct applications and 通知 of the user's 机构 in one list."""

    model = Review
    filterset_class = ReviewFilterSet
    table_class = ReviewTable
    title = "法律援助审查"
    create_url_name = "legalaid:review_create"
    selector = selectors.review_list
    export_filename = "法律援助审查台账"
    export_columns = [
        ("收到日期", lambda r: r.received_date),
        ("来源", lambda r: r.get_source_display()),
        ("申请人", lambda r: r.application.applicant.name),
        ("身份证号码", lambda r: r.application.applicant.id_number_masked),
        ("申请事项类别", lambda r: dict_label("legal_aid_matter", r.application.matter)),
        ("转交单位", lambda r: r.application.org.name if r.source == "forwarded" else ""),
        ("通知机关", lambda r: r.notifying_organ),
        ("审查状态", lambda r: r.get_status_display()),
        ("决定期限", lambda r: r.decision_due),
        ("告知补充材料日期", lambda r: r.materials_notice_date),
        ("先行提供", lambda r: "是" if r.advance_aid else "否"),
        ("决定日期", lambda r: r.decision_date),
        ("按期决定", lambda r: {True: "是", False: "否", None: ""}[r.decided_in_time]),
        ("不予法律援助的理由", lambda r: r.refusal_reason),
        ("法律援助人员", lambda r: r.provider_name),
        ("所在单位", lambda r: r.provider_unit),
        ("指派日期", lambda r: r.assigned_date),
        ("异议审查结果", lambda r: r.get_objection_result_display()),
        ("法律援助机构", lambda r: r.org.name),
    ]


def _centre_orgs(request: AuthedRequest) -> Any:
    return writable_orgs(request.user, Review).filter(kind=Org.Kind.SERVICE_CENTER)


def _direct(request: AuthedRequest, _: None, cd: dict[str, Any]) -> str:
    review = centre.review_register_direct(
        actor=request.user, centre=cd["org"], data=_input({**cd, "handler": None}, channel=Channel.WINDOW),
        applicant=PersonInput(name=cd["name"], id_number=cd["id_number"], phone=cd["phone"],
                              same_person=SamePersonField.confirmed(cd, cd["id_number"])),
    )
    return f"已受理 {review.application.applicant.name} 的法律援助申请"


review_create = record_dialog(
    form=f.DirectApplicationForm, title="受理法律援助申请（直接申请）", save=_direct, redirect_to="/legalaid/centre/",
    form_kwargs=lambda request, _: {"orgs": _centre_orgs(request), "handlers": Org.objects.none(),
                                    "initial": {"org": post_org(request.user, _centre_orgs(request))}},
    perm=("legalaid.add_review", "受理法律援助申请"), sensitive=("id_number",),
)


def _notice(request: AuthedRequest, _: None, cd: dict[str, Any]) -> str:
    review = centre.review_register_notice(
        actor=request.user, centre=cd["org"], authority=cd["authority"], organ=cd["organ"], received_date=cd["received_date"],
        facts=cd["facts"], notice_number=cd["notice_number"], matter=cd["matter"],
        person=PersonInput(name=cd["name"], id_number=cd["id_number"], same_person=SamePersonField.confirmed(cd, cd["id_number"])),
    )
    return f"已登记 {review.notifying_organ} 的通知，请在三日内指派律师"


notice_create = record_dialog(
    form=f.NoticeForm, title="登记通知辩护（代理）", save=_notice, redirect_to="/legalaid/centre/",
    form_kwargs=lambda request, _: {"orgs": _centre_orgs(request)},
    perm=("legalaid.add_review", "登记通知辩护"), sensitive=("id_number",),
    intro="人民法院、人民检察院、公安机关通知指派律师的，法律援助机构应当在收到通知后三日内指派律师并通知办案机关（法律援助法 第三十六条）。",
)


class ReviewDetailView(RecordView):
    model = Review
    template_name = "legalaid/review_detail.html"
    object_name = "r"
    list_title, list_url_name = "法律援助审查", "legalaid:review_list"
    heading, crumb_text = "{obj.application.applicant.name}的法律援助审查", "{obj.application.applicant.name} {obj.received_date:%Y-%m-%d}"

    def get_object(self, request: HttpRequest, value: Any) -> Review | None:
        return selectors.review_detail(request.user, value)

    def get_context(self, request: HttpRequest, r: Review, *, can_change: bool) -> dict[str, Any]:
        notice = r.source == ReviewSource.NOTICE
        return {
            "a": r.application,
            "matter": dict_label("legal_aid_matter", r.application.matter),
            "eligibility": None if notice else assess(r.application, monthly_income=r.monthly_income,
                                                      pledge_signed=r.pledge_signed, org=r.org),
            "can_materials": can_change and not notice and r.status == ReviewStatus.REVIEWING and not r.materials_notice_date,
            "can_receive": can_change and r.status == ReviewStatus.AWAITING_MATERIALS,
            "can_advance": can_change and not notice and r.status in OPEN_REVIEW and not r.advance_aid,
            "can_decide": can_change and not notice and r.status == ReviewStatus.REVIEWING,
            "can_assign": can_change and (r.status == ReviewStatus.GRANTED or (notice and r.status == ReviewStatus.REVIEWING)),
            "can_object": can_change and r.status == ReviewStatus.REFUSED and (not r.objection_date or bool(r.objection_result)),
            "can_rule": can_change and bool(r.objection_date) and not r.objection_result,
        }


def _dialog(form: Any, title: str, save: Any, message: str, intro: str = "") -> Any:
    return record_dialog(Review, form=form, title=title + "：{obj.application.applicant.name}", save=save, message=message,
                         intro=intro)


review_materials = _dialog(
    f.MaterialsForm, "一次性告知补充材料", message="已告知补充材料，审查期限暂停",
    save=lambda request, r, cd: centre.review_request_materials(actor=request.user, review=r, materials=cd["materials"],
                                                                date=cd["date"], reply_due=cd["reply_due"]),
    intro="申请材料不齐全的，一次性告知申请人需要补充的全部材料或者需要作出的说明；逾期未补充的视为撤回申请（法律援助法 第四十三条第二款）。",
)
review_materials_received = _dialog(
    f.DateOnlyForm, "登记补齐材料", message="已登记补齐材料，审查期限继续计算",
    save=lambda request, r, cd: centre.review_materials_receive(actor=request.user, review=r, date=cd["date"]),
)
review_advance = _dialog(
    f.AdvanceForm, "先行提供法律援助", message="已决定先行提供法律援助",
    save=lambda request, r, cd: centre.review_advance(actor=request.user, review=r, reason=cd["reason"], date=cd["date"],
                                                      provider_name=cd["provider_name"], provider_unit=cd["provider_unit"]),
    intro="距法定时效或者期限届满不足七日，或者需要立即申请财产保全、证据保全、先予执行的，可以先行提供法律援助，"
          "之后补办审查决定（法律援助法 第四十四条）。",
)
review_decide = _dialog(
    f.DecideForm, "作出决定", message="已作出决定",
    save=lambda request, r, cd: centre.review_decide(actor=request.user, review=r, grant=cd["grant"], reason=cd["reason"],
                                                     date=cd["date"], monthly_income=cd["monthly_income"],
                                                     pledge_signed=cd["pledge_signed"]),
    intro="自收到申请之日起七日内作出是否给予法律援助的决定；不予法律援助的，书面告知申请人并说明理由（法律援助法 第四十三条）。",
)
review_assign = _dialog(
    f.AssignForm, "指派法律援助人员", message="已指派",
    save=lambda request, r, cd: centre.review_assign(actor=request.user, review=r, provider_name=cd["provider_name"],
                                                     provider_unit=cd["provider_unit"], date=cd["date"]),
    intro="决定给予法律援助的，自决定之日起三日内指派（第四十三条）；通知辩护、通知代理的，收到通知后三日内指派律师（第三十六条）。",
)
review_objection = _dialog(
    f.ObjectionForm, "登记异议", message="已登记异议，司法行政部门五日内审查",
    save=lambda request, r, cd: centre.review_objection_record(actor=request.user, review=r, text=cd["text"], date=cd["date"]),
    intro="申请人对不予法律援助的决定有异议的，可以向设立法律援助机构的司法行政部门提出（法律援助法 第四十九条）。",
)
review_objection_decide = _dialog(
    f.ObjectionDecideForm, "异议审查结果", message="已登记异议审查结果",
    save=lambda request, r, cd: centre.review_objection_decide(actor=request.user, review=r, result=cd["result"],
                                                               note=cd["note"], date=cd["date"]),
    intro="司法行政部门自收到异议之日起五日内作出维持或者责令改正的决定（法律援助法 第四十九条）。",
)
