"""代收代办 over the API: 行政复议申请代收 (list with the page's filters, one record, 代收, 转交, 受理结果, 复议决定, 撤回),
公证仲裁代办 (list, one record, 受托, 转交, 办理结果) and the 公证仲裁办事指引. Reads are scoped by ``visible_to``; writes go
through ``agency.services`` (validation, people registry, forwarding clock, audit row and ledger entry in one
transaction); errors leave as ``{code, message, field}`` in Chinese. ID numbers are only ever shown masked."""

import datetime as dt
import uuid as uuid_lib
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Router, Schema, Status

from accounts.selectors import writable_orgs
from agency import selectors, services
from agency.choices import CaseKind, CaseStatus, GuideKind, ReviewDecision, ReviewForm, ReviewStatus
from agency.filtersets import CaseFilterSet, GuideFilterSet, ReviewFilterSet
from agency.models import AgencyCase, ReviewApplication, ServiceGuide
from core.access import access_object, require_perm
from core.api import ERRORS_WRITE, NEEDS_CONFIRMATION, SAME_PERSON_HELP, IdKeyFilters, In, choice_schema
from core.errors import AccessDenied, ValidationFailed
from core.routes import action_route, detail_route, list_route
from orgs.models import Org
from people.services import PersonInput

router = Router(tags=["代收代办"])


def _choice_list(choices: Any) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


class ReviewApplicationOut(Schema):
    uuid: uuid_lib.UUID
    received_at: dt.datetime = Field(..., description="收件时间")
    form: str = Field(..., description=f"申请方式：{_choice_list(ReviewForm.choices)}")
    form_display: str = Field(..., alias="get_form_display")
    applicant_name: str = Field(..., alias="applicant.name")
    applicant_id_number_masked: str = Field(..., alias="applicant.id_number_masked", description="部分隐藏的身份证号码")
    applicant_phone: str = Field(..., alias="applicant.phone")
    respondent: str
    act: str
    act_known_date: dt.date
    window_end: dt.date = Field(..., description="申请期限届满日（知道行政行为之日起六十日，行政复议法 第二十条）")
    request: str
    facts: str
    oral_record: str
    checklist: list[str] = Field(..., description="申请书已载明事项")
    missing_items: list[str] = Field(..., description="申请书未载明的事项")
    late_reason: str
    handler_name: str
    status: str = Field(..., description=f"办理状态：{_choice_list(ReviewStatus.choices)}")
    status_display: str = Field(..., alias="get_status_display")
    forward_due: dt.date | None
    review_body: str
    forwarded_date: dt.date | None
    accepted_date: dt.date | None
    not_accepted_reason: str
    decision: str = Field(..., description=f"复议决定：{_choice_list(ReviewDecision.choices)}")
    decision_date: dt.date | None
    decision_note: str
    org_code: str = Field(..., alias="org.code")
    org_name: str = Field(..., alias="org.name")

    @staticmethod
    def resolve_handler_name(obj: ReviewApplication) -> str:
        return obj.handler.display_name if obj.handler else ""


class ReviewApplicationFilters(IdKeyFilters):
    q: str | None = Field(None, max_length=100, description="关键字：申请人、被申请人、行政行为")
    date_from: dt.date | None = Field(None, description="收件日期起")
    date_to: dt.date | None = Field(None, description="收件日期止")
    form: Annotated[ReviewForm, choice_schema(ReviewForm, description="申请方式")] | None = None
    status: Annotated[ReviewStatus, choice_schema(ReviewStatus, description="办理状态")] | None = None
    decision: Annotated[ReviewDecision, choice_schema(ReviewDecision, description="复议决定")] | None = None
    org: str | None = Field(None, max_length=100, description="代收单位名称包含")


class AgencyPersonIn(In):
    name: str = Field(..., max_length=50)
    id_number: str = Field(..., max_length=18, description="身份证号码")
    phone: str = Field("", max_length=20)


class ReviewApplicationCreateIn(In):
    org: str = Field(..., max_length=32, description="代收的司法所机构编码")
    applicant: AgencyPersonIn
    form: Annotated[ReviewForm, choice_schema(ReviewForm, description="申请方式（行政复议法 第二十二条）")] = ReviewForm.WRITTEN
    received_at: dt.datetime | None = Field(None, description="收件时间，默认现在")
    respondent: str = Field(..., max_length=100, description="被申请人")
    act: str = Field(..., max_length=200, description="申请复议的行政行为")
    act_known_date: dt.date = Field(..., description="知道或者应当知道该行政行为之日")
    request: str = Field(..., max_length=5000, description="行政复议请求")
    facts: str = Field(..., max_length=10000, description="主要事实和理由")
    oral_record: str = Field("", max_length=10000, description="口头申请笔录（口头申请时必填）")
    checklist: list[str] = Field(default_factory=list, description="申请书已载明事项：applicant、respondent、request、facts、"
                                 "signature、date、one_act（one_act 必须）")
    late_reason: str = Field("", max_length=2000, description="超过六十日的正当理由（第二十条第二款、第三款），超过时必填")
    same_person: bool = Field(False, description=SAME_PERSON_HELP)


class ReviewForwardIn(In):
    date: dt.date | None = Field(None, description="转交日期，默认今天")
    review_body: str = Field("", max_length=100, description="复议机构，默认为所在旗县区人民政府行政复议机构")


class ReviewAcceptanceIn(In):
    accepted: bool = Field(..., description="true 受理，false 不予受理")
    date: dt.date | None = Field(None, description="受理或不予受理日期，默认今天")
    reason: str = Field("", max_length=1000, description="不予受理理由（不予受理时必填）")


class ReviewDecideIn(In):
    decision: Annotated[ReviewDecision, choice_schema(ReviewDecision, description="复议决定")]
    date: dt.date | None = Field(None, description="决定日期，默认今天")
    note: str = Field("", max_length=2000, description="决定要点")


class ReviewWithdrawIn(In):
    date: dt.date | None = Field(None, description="撤回日期，默认今天")
    reason: str = Field(..., max_length=1000, description="撤回情况")


def _office(request: HttpRequest, code: str, model: Any, what: str) -> Org:
    """The 司法所 named by ``code`` if the user may act there (invisible 404, read-only 403)."""
    org = writable_orgs(request.user, model).filter(kind=Org.Kind.OFFICE, code=code).first()
    if org is not None:
        return org  # type: ignore[no-any-return]
    visible = access_object(request.user, Org, code=code)
    if visible.kind != Org.Kind.OFFICE:
        raise ValidationFailed(f"“{visible.name}”不是司法所；{what}由司法所办理，请填写司法所的机构编码", field="org")
    raise AccessDenied(f"您不能在“{visible.name}”{what}，请选择您所在或有权管理的司法所", code="org_not_writable")


list_route(router, "/reviews", name="agency_review_list", response=ReviewApplicationOut, summary="行政复议申请代收列表",
           filters=ReviewApplicationFilters, filterset=ReviewFilterSet, selector=selectors.review_list,
           description="数据权限范围内代收的行政复议申请，筛选条件与“行政复议申请代收台账”页面相同。")
_review = detail_route(router, "/reviews/{uuid}", name="agency_review_detail", response=ReviewApplicationOut,
                       summary="行政复议申请代收详情", model=ReviewApplication, selector=selectors.review_list)


@router.post("/reviews", response={201: ReviewApplicationOut, **ERRORS_WRITE, **NEEDS_CONFIRMATION}, summary="代收行政复议申请")
@sensitive_variables("payload")
def agency_review_create(request: HttpRequest, payload: ReviewApplicationCreateIn) -> Status:
    """代收一份行政复议申请，开始计算转交期限。知道行政行为之日超过六十日的，须写明正当理由（行政复议法 第二十条），否则不予代收。"""
    require_perm(request.user, "agency.add_reviewapplication", what="代收行政复议申请")
    with transaction.atomic():
        org = _office(request, payload.org, ReviewApplication, "代收行政复议申请")
        application = services.review_receive(
            actor=request.user, org=org,
            applicant=PersonInput(name=payload.applicant.name, id_number=payload.applicant.id_number,
                                  phone=payload.applicant.phone, same_person=payload.same_person),
            data=services.ReviewInput(
                form=payload.form, respondent=payload.respondent, act=payload.act, act_known_date=payload.act_known_date,
                request=payload.request, facts=payload.facts, received_at=payload.received_at,
                oral_record=payload.oral_record, checklist=list(payload.checklist), late_reason=payload.late_reason),
        )
    return Status(201, _review(request, application.uuid))


action_route(router, "/reviews/{uuid}/forward", name="agency_review_forward", model=ReviewApplication, payload=ReviewForwardIn,
             response=ReviewApplicationOut, reader=_review, summary="转交复议机构",
             description="将申请转交复议机构，转交期限随之完成；复议机构五日内审查是否受理（行政复议法 第三十条）。",
             run=lambda request, a, p: services.review_forward(actor=request.user, application=a, date=p.date,
                                                               review_body=p.review_body))
action_route(router, "/reviews/{uuid}/acceptance", name="agency_review_acceptance", model=ReviewApplication,
             payload=ReviewAcceptanceIn, response=ReviewApplicationOut, reader=_review, summary="登记受理结果",
             run=lambda request, a, p: services.review_acceptance(actor=request.user, application=a, accepted=p.accepted,
                                                                  date=p.date, reason=p.reason))
action_route(router, "/reviews/{uuid}/decide", name="agency_review_decide", model=ReviewApplication, payload=ReviewDecideIn,
             response=ReviewApplicationOut, reader=_review, summary="登记复议决定",
             run=lambda request, a, p: services.review_decide(actor=request.user, application=a, decision=p.decision,
                                                              date=p.date, note=p.note))
action_route(router, "/reviews/{uuid}/withdraw", name="agency_review_withdraw", model=ReviewApplication, payload=ReviewWithdrawIn,
             response=ReviewApplicationOut, reader=_review, summary="申请人撤回",
             run=lambda request, a, p: services.review_withdraw(actor=request.user, application=a, reason=p.reason, date=p.date))


# ------------------------------------------------------------------------------------------------- 公证仲裁代办


class AgencyCaseOut(Schema):
    uuid: uuid_lib.UUID
    kind: str = Field(..., description=f"类别：{_choice_list(CaseKind.choices)}")
    kind_display: str = Field(..., alias="get_kind_display")
    received_date: dt.date
    person_name: str = Field(..., alias="person.name")
    person_id_number_masked: str = Field(..., alias="person.id_number_masked")
    matter: str
    detail: str
    institution: str
    rights_known_date: dt.date | None
    limitation_end: dt.date | None = Field(..., description="劳动争议仲裁时效届满日（劳动争议调解仲裁法 第二十七条）")
    limitation_warning: str = Field(..., description="仲裁时效提示")
    status: str = Field(..., description=f"办理状态：{_choice_list(CaseStatus.choices)}")
    status_display: str = Field(..., alias="get_status_display")
    forward_due: dt.date | None
    forwarded_date: dt.date | None
    result: str
    result_date: dt.date | None
    org_code: str = Field(..., alias="org.code")
    org_name: str = Field(..., alias="org.name")

    @staticmethod
    def resolve_limitation_warning(obj: AgencyCase) -> str:
        return services.limitation_warning(obj.rights_known_date)


class AgencyCaseFilters(IdKeyFilters):
    q: str | None = Field(None, max_length=100, description="关键字：当事人、事项、办理机构")
    kind: Annotated[CaseKind, choice_schema(CaseKind, description="类别")] | None = None
    status: Annotated[CaseStatus, choice_schema(CaseStatus, description="办理状态")] | None = None
    date_from: dt.date | None = Field(None, description="受托日期起")
    date_to: dt.date | None = Field(None, description="受托日期止")
    org: str | None = Field(None, max_length=100, description="受托单位名称包含")


class AgencyCaseCreateIn(In):
    org: str = Field(..., max_length=32, description="受托的司法所机构编码")
    person: AgencyPersonIn
    kind: Annotated[CaseKind, choice_schema(CaseKind, description="类别")]
    received_date: dt.date | None = Field(None, description="受托日期，默认今天")
    matter: str = Field(..., max_length=200)
    guide: int | None = Field(None, description="办事指引编号，带入办理机构")
    institution: str = Field("", max_length=100, description="办理机构（不选办事指引时必填）")
    rights_known_date: dt.date | None = Field(None, description="知道权利被侵害之日（劳动人事争议仲裁必填）")
    detail: str = Field("", max_length=5000)
    same_person: bool = Field(False, description=SAME_PERSON_HELP)


class AgencyCaseForwardIn(In):
    date: dt.date | None = Field(None, description="转交日期，默认今天")


class AgencyCaseResultIn(In):
    done: bool = Field(..., description="true 已办结，false 未办成")
    result: str = Field(..., max_length=2000)
    date: dt.date | None = Field(None, description="结果日期，默认今天")


list_route(router, "/cases", name="agency_case_list", response=AgencyCaseOut, summary="公证仲裁代办列表", filters=AgencyCaseFilters,
           filterset=CaseFilterSet, selector=selectors.case_list, description="数据权限范围内的公证仲裁代办，筛选条件与页面相同。")
_case = detail_route(router, "/cases/{uuid}", name="agency_case_detail", response=AgencyCaseOut, summary="公证仲裁代办详情",
                     model=AgencyCase, selector=selectors.case_list)


@router.post("/cases", response={201: AgencyCaseOut, **ERRORS_WRITE, **NEEDS_CONFIRMATION}, summary="受托公证仲裁代办")
@sensitive_variables("payload")
def agency_case_create(request: HttpRequest, payload: AgencyCaseCreateIn) -> Status:
    """受托公证代办或劳动人事争议仲裁转介，开始计算转交期限；劳动争议超过一年仲裁时效的照常受托并提示（第二十七条）。"""
    require_perm(request.user, "agency.add_agencycase", what="受托公证仲裁代办")
    with transaction.atomic():
        org = _office(request, payload.org, AgencyCase, "受托公证仲裁代办")
        guide = None
        if payload.guide is not None:
            guide = ServiceGuide.objects.filter(pk=payload.guide).first()
            if guide is None:
                raise ValidationFailed("没有这个办事指引，请核对编号", field="guide")
        case = services.case_receive(
            actor=request.user, org=org,
            person=PersonInput(name=payload.person.name, id_number=payload.person.id_number, phone=payload.person.phone,
                               same_person=payload.same_person),
            data=services.CaseInput(kind=payload.kind, matter=payload.matter, institution=payload.institution,
                                    detail=payload.detail, received_date=payload.received_date,
                                    rights_known_date=payload.rights_known_date, guide=guide),
        )
    return Status(201, _case(request, case.uuid))


action_route(router, "/cases/{uuid}/forward", name="agency_case_forward", model=AgencyCase, payload=AgencyCaseForwardIn,
             response=AgencyCaseOut, reader=_case, summary="转交公证处或仲裁委",
             run=lambda request, c, p: services.case_forward(actor=request.user, case=c, date=p.date))
action_route(router, "/cases/{uuid}/result", name="agency_case_result", model=AgencyCase, payload=AgencyCaseResultIn,
             response=AgencyCaseOut, reader=_case, summary="登记代办结果",
             run=lambda request, c, p: services.case_result(actor=request.user, case=c, done=p.done, result=p.result, date=p.date))


class ServiceGuideOut(Schema):
    id: int
    kind: str = Field(..., description=f"类别：{_choice_list(GuideKind.choices)}")
    kind_display: str = Field(..., alias="get_kind_display")
    institution: str
    matters: str
    materials: str
    address: str
    phone: str
    limitation: str
    basis: str


class ServiceGuideFilters(Schema):
    q: str | None = Field(None, max_length=100, description="关键字：机构、事项、材料")
    kind: Annotated[GuideKind, choice_schema(GuideKind, description="类别")] | None = None


list_route(router, "/guides", name="agency_guide_list", response=ServiceGuideOut, summary="公证仲裁办事指引",
           filters=ServiceGuideFilters, filterset=GuideFilterSet, selector=selectors.guide_list,
           description="哪个公证处、仲裁委受理哪些事项，需要哪些材料；由旗县区司法局在后台维护。")
