"""法律援助 pages: 法律援助申请台账, the receiving dialog, the application page with its actions (转交法律援助机构,
不予受理) and the 转为法律援助申请 dialog opened from a consultation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.permissions import require_create_orgs
from accounts.selectors import post_org, writable_orgs
from consultation.models import Consultation
from consultation.selectors import handler_choices
from core.details import RecordView
from core.dictionaries import dict_label
from core.forms import SamePersonField, record_dialog
from core.http import AuthedRequest
from core.lists import ScopedListView
from legalaid import cases, centre, selectors, services
from legalaid import forms as f
from legalaid.choices import OPEN_ASSIGNMENT, OPEN_REVIEW, AssignmentStatus, Channel, ReviewSource, ReviewStatus, Status
from legalaid.eligibility import assess
from legalaid.filtersets import ApplicationFilterSet, AssignmentFilterSet, ProviderFilterSet, ReviewFilterSet
from legalaid.models import Application, Assignment, Provider, Review
from legalaid.tables import ApplicationTable, AssignmentTable, ProviderTable, ReviewTable
from orgs.models import Org
from people.services import PersonInput


def application_create_orgs(user: Any) -> Any:
    """The 司法所 where the user may receive a legal-aid application (办案范围)."""
    return writable_orgs(user, Application).filter(kind=Org.Kind.OFFICE)


class ApplicationListView(ScopedListView):
    model = Application
    filterset_class = ApplicationFilterSet
    table_class = ApplicationTable
    title = "法律援助申请台账"
    create_url_name = "legalaid:application_create"
    create_orgs = application_create_orgs
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
    orgs = require_create_orgs(application_create_orgs(request.user), what="接收法律援助申请")
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
    create_orgs = lambda user: writable_orgs(user, Review).filter(kind=Org.Kind.SERVICE_CENTER)  # noqa: E731
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
    """The 法律援助机构 the user receives applications for: the centre's own staff (办案范围), else 403."""
    return require_create_orgs(writable_orgs(request.user, Review).filter(kind=Org.Kind.SERVICE_CENTER), what="受理法律援助申请")


def _direct(request: AuthedRequest, _: None, cd: dict[str, Any]) -> str:
    review = centre.review_register_direct(
        actor=request.user, centre=cd["org"], data=_input({**cd, "handler": None}, channel=Channel.WINDOW),
        applicant=PersonInput(name=cd["name"], id_number=cd["id_number"], phone=cd["phone"],
                              same_person=SamePersonField.confirmed(cd, cd["id_number"])),
    )
    return f"已受理 {review.application.applicant.name} 的法律援助申请"


review_create = record_dialog(
    form=f.DirectApplicationForm, title="受理法律援助申请（直接申请）", save=_direct, redirect_to="/legalaid/centre/",
    form_kwargs=lambda request, _: {"orgs": (orgs := _centre_orgs(request)), "handlers": Org.objects.none(),
                                    "initial": {"org": post_org(request.user, orgs)}},
    perm=("legalaid.add_review", "受理法律援助申请"), sensitive=("id_number",),
)


def _notice(request: AuthedRequest, _: None, cd: dict[str, Any]) -> str:
    review = centre.review_register_notice(
        actor=request.user, centre=cd["org"], authority=cd["authority"], organ=cd["organ"], received_date=cd["received_date"],
        facts=cd["facts"], notice_number=cd["notice_number"], matter=cd["matter"], life_or_death=cd["life_or_death"],
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
        cases_of_review = list(r.assignments.select_related("provider").order_by("assigned_date", "id"))
        return {
            "a": r.application,
            "matter": dict_label("legal_aid_matter", r.application.matter),
            "eligibility": None if notice else assess(r.application, monthly_income=r.monthly_income,
                                                      pledge_signed=r.pledge_signed, org=r.org),
            "can_materials": can_change and not notice and r.status == ReviewStatus.REVIEWING and not r.materials_notice_date,
            "can_receive": can_change and r.status == ReviewStatus.AWAITING_MATERIALS,
            "can_advance": can_change and not notice and r.status in OPEN_REVIEW and not r.advance_aid,
            "can_decide": can_change and not notice and r.status == ReviewStatus.REVIEWING,
            "can_assign": can_change and (r.status == ReviewStatus.GRANTED or (notice and r.status == ReviewStatus.REVIEWING)
                                          or (r.status == ReviewStatus.ASSIGNED and not cases_of_review)),
            "cases": cases_of_review,
            "can_object": can_change and r.status == ReviewStatus.REFUSED and (not r.objection_date or bool(r.objection_result)),
            "can_rule": can_change and bool(r.objection_date) and not r.objection_result,
        }


def _dialog(form: Any, title: str, save: Any, message: str, intro: str = "", action: str = "change") -> Any:
    return record_dialog(Review, form=form, title=title + "：{obj.application.applicant.name}", save=save, message=message,
                         intro=intro, action=action)


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
review_assign = record_dialog(
    Review, form=f.AssignForm, title="指派法律援助人员：{obj.application.applicant.name}",
    form_kwargs=lambda request, r: {"providers": selectors.providers_for(r)},
    save=lambda request, r, cd: cases.assignment_create(actor=request.user, review=r, provider=cd["provider"], date=cd["date"]),
    message=lambda a: f"已指派{a.provider.name}",
    intro="决定给予法律援助的，自决定之日起三日内指派（第四十三条）；通知辩护、通知代理的，收到通知后三日内指派律师（第三十六条）；"
          "可能判处无期徒刑、死刑的，须指派具有三年以上相关执业经历的律师（第二十六条）。为对方当事人代理的人员不能指派。",
)
review_objection = _dialog(
    f.ObjectionForm, "登记异议", message="已登记异议，司法行政部门五日内审查",
    save=lambda request, r, cd: centre.review_objection_record(actor=request.user, review=r, text=cd["text"], date=cd["date"]),
    intro="申请人对不予法律援助的决定有异议的，可以向设立法律援助机构的司法行政部门提出（法律援助法 第四十九条）。",
    action="supervise",  # the 司法行政部门 receives it: an act of supervision over the 机构's decision
)
review_objection_decide = _dialog(
    f.ObjectionDecideForm, "异议审查结果", message="已登记异议审查结果",
    save=lambda request, r, cd: centre.review_objection_decide(actor=request.user, review=r, result=cd["result"],
                                                               note=cd["note"], date=cd["date"]),
    intro="司法行政部门自收到异议之日起五日内作出维持或者责令改正的决定（法律援助法 第四十九条）。",
    action="supervise",  # the county bureau's decision, not the 机构's own work
)


# ------------------------------------------------------------------------------------- 法律援助人员名册 and cases


class ProviderListView(ScopedListView):
    """法律援助人员名册: 律师、基层法律服务工作者、值班律师 with their licence, experience and workload."""

    model = Provider
    filterset_class = ProviderFilterSet
    table_class = ProviderTable
    title = "法律援助人员名册"
    create_url_name = "legalaid:provider_create"
    selector = selectors.provider_list
    export_filename = "法律援助人员名册"
    export_columns = [
        ("姓名", lambda p: p.name),
        ("人员类别", lambda p: p.get_kind_display()),
        ("执业证号", lambda p: p.licence_number),
        ("执业机构", lambda p: p.firm),
        ("擅长领域", lambda p: p.specialities),
        ("执业起始日期", lambda p: p.practice_since),
        ("执业年限", lambda p: p.years_of_practice()),
        ("在办案件", lambda p: p.workload),
        ("联系电话", lambda p: p.phone),
        ("在册", lambda p: "是" if p.is_active else "否"),
        ("法律援助机构", lambda p: p.org.name),
    ]


def _provider_input(cd: dict[str, Any]) -> cases.ProviderInput:
    return cases.ProviderInput(**{name: cd[name] for name in PROVIDER_FIELDS})


PROVIDER_FIELDS = ("kind", "name", "licence_number", "firm", "practice_since", "specialities", "phone", "is_active")

provider_create = record_dialog(
    form=f.ProviderForm, title="登记法律援助人员", redirect_to="/legalaid/providers/",
    form_kwargs=lambda request, _: {"orgs": _centre_orgs(request),
                                    "initial": {"org": post_org(request.user, _centre_orgs(request))}},
    save=lambda request, _, cd: f"已登记 {cases.provider_create(actor=request.user, org=cd['org'], data=_provider_input(cd)).name}",
    perm=("legalaid.add_provider", "登记法律援助人员"),
)

provider_edit = record_dialog(
    Provider, form=f.ProviderForm, title="修改法律援助人员：{obj.name}", message="已保存修改",
    form_kwargs=lambda request, p: {"initial": {name: getattr(p, name) for name in PROVIDER_FIELDS}},
    save=lambda request, p, cd: cases.provider_update(actor=request.user, provider=p, data=_provider_input(cd)),
)


class ProviderDetailView(RecordView):
    model = Provider
    template_name = "legalaid/provider_detail.html"
    object_name = "p"
    list_title, list_url_name = "法律援助人员名册", "legalaid:provider_list"
    heading, crumb_text = "法律援助人员：{obj.name}", "{obj.name}"

    def get_object(self, request: HttpRequest, value: Any) -> Provider | None:
        return selectors.provider_detail(request.user, value)

    def get_context(self, request: HttpRequest, p: Provider, *, can_change: bool) -> dict[str, Any]:
        return {"cases": selectors.assignment_list(request.user).filter(provider=p)[:50]}


class AssignmentListView(ScopedListView):
    """法律援助案件: every assignment of the 机构 from 指派 to 结案."""

    model = Assignment
    filterset_class = AssignmentFilterSet
    table_class = AssignmentTable
    title = "法律援助案件"
    selector = selectors.assignment_list
    export_filename = "法律援助案件台账"
    export_columns = [
        ("指派日期", lambda c: c.assigned_date),
        ("受援人", lambda c: c.review.application.applicant.name),
        ("申请事项类别", lambda c: dict_label("legal_aid_matter", c.review.application.matter)),
        ("法律援助人员", lambda c: c.provider.name),
        ("执业机构", lambda c: c.provider.firm),
        ("办理状态", lambda c: c.get_status_display()),
        ("案件办结日期", lambda c: c.case_end_date),
        ("结案期限", lambda c: c.closing_due),
        ("结案日期", lambda c: c.closed_date),
        ("终止情形", lambda c: c.get_termination_ground_display()),
        ("评查等次", lambda c: c.get_quality_grade_display()),
        ("受援人满意度", lambda c: c.get_satisfaction_display()),
        ("办案补贴（元）", lambda c: c.subsidy),
        ("更换理由", lambda c: c.replaced_reason),
        ("法律援助机构", lambda c: c.org.name),
    ]


class AssignmentDetailView(RecordView):
    model = Assignment
    template_name = "legalaid/assignment_detail.html"
    object_name = "c"
    list_title, list_url_name = "法律援助案件", "legalaid:assignment_list"
    heading, crumb_text = "{obj.review.application.applicant.name}的法律援助案件", "{obj.review.application.applicant.name}（{obj.provider.name}）"

    def get_object(self, request: HttpRequest, value: Any) -> Assignment | None:
        return selectors.assignment_detail(request.user, value)

    def get_context(self, request: HttpRequest, c: Assignment, *, can_change: bool) -> dict[str, Any]:
        open_case = c.status in OPEN_ASSIGNMENT
        finished = c.status in (AssignmentStatus.CLOSED, AssignmentStatus.TERMINATED)
        return {
            "r": c.review, "a": c.review.application, "matter": dict_label("legal_aid_matter", c.review.application.matter),
            "can_progress": can_change and open_case,
            "can_end": can_change and c.status == AssignmentStatus.HANDLING,
            "can_close": can_change and c.status == AssignmentStatus.ENDED,
            "can_terminate": can_change and open_case,
            "can_change_provider": can_change and open_case,
            "can_quality": can_change and finished,
            "can_visit": can_change and finished,
        }


def _case_dialog(form: Any, title: str, save: Any, message: Any, intro: str = "", **kwargs: Any) -> Any:
    return record_dialog(Assignment, form=form, title=title + "：{obj.review.application.applicant.name}", save=save,
                         message=message, intro=intro, **kwargs)


assignment_progress = _case_dialog(
    f.ProgressForm, "登记办案进展", message="已登记办案进展",
    save=lambda request, c, cd: cases.progress_record(actor=request.user, assignment=c, kind=cd["kind"], note=cd["note"],
                                                      date=cd["date"]),
)
assignment_end = _case_dialog(
    f.CaseEndForm, "登记案件办结", message="已登记办结，请在期限内提交结案报告和材料",
    save=lambda request, c, cd: cases.assignment_end(actor=request.user, assignment=c, result=cd["result"], date=cd["date"]),
    intro="法律援助事项办理结束后，法律援助人员应当及时向法律援助机构报告并提交材料（法律援助法 第五十条）。",
)
assignment_close = _case_dialog(
    f.CloseForm, "结案", message="已结案",
    save=lambda request, c, cd: cases.assignment_close(actor=request.user, assignment=c, report=cd["report"],
                                                       materials=cd["materials"], date=cd["date"]),
    intro="提交结案报告及法律文书的副本或者复印件、办理情况报告等材料（法律援助法 第五十条）；办案补贴按本省补贴标准计算（第五十二条）。",
)
assignment_terminate = _case_dialog(
    f.TerminateForm, "终止法律援助", message="已终止法律援助",
    save=lambda request, c, cd: cases.assignment_terminate(actor=request.user, assignment=c, ground=cd["ground"],
                                                           note=cd["note"], date=cd["date"]),
    intro="有法律援助法第四十八条规定情形之一的，法律援助机构应当作出终止法律援助的决定。",
)
assignment_quality = _case_dialog(
    f.QualityForm, "质量评查", message="已登记评查结果",
    save=lambda request, c, cd: cases.assignment_quality_review(actor=request.user, assignment=c, grade=cd["grade"],
                                                                note=cd["note"], date=cd["date"]),
)
assignment_visit = _case_dialog(
    f.VisitForm, "回访受援人", message="已登记回访",
    save=lambda request, c, cd: cases.assignment_visit(actor=request.user, assignment=c, satisfaction=cd["satisfaction"],
                                                       note=cd["note"], date=cd["date"]),
)
assignment_change = _case_dialog(
    f.ChangeProviderForm, "更换法律援助人员", message=lambda c: f"已更换为{c.provider.name}",
    form_kwargs=lambda request, c: {"providers": selectors.providers_for(c.review).exclude(pk=c.provider_id)},
    save=lambda request, c, cd: cases.assignment_change(actor=request.user, assignment=c, provider=cd["provider"],
                                                        reason=cd["reason"], date=cd["date"]),
)
