"""法律援助 over the API: the 法律援助申请台账 (list with the page's filters, one record), receiving an application
(at the window, online, or from a 法律咨询 without retyping it) and forwarding it to the 法律援助机构. Reads are scoped
by ``visible_to``; writes go through ``legalaid.services`` (validation, people registry, forwarding clock, audit row and
ledger entry in one transaction); errors leave as ``{code, message, field}`` in Chinese. ID numbers are only ever
shown masked."""

import datetime as dt
import uuid as uuid_lib
from decimal import Decimal
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Router, Schema, Status

from accounts.selectors import writable_orgs
from consultation.models import Consultation
from core.access import access_object, require_perm
from core.api import ERRORS_READ, ERRORS_WRITE, NEEDS_CONFIRMATION, SAME_PERSON_HELP, IdKeyFilters, In, choice_schema
from core.dictionaries import dict_label
from core.errors import AccessDenied, ValidationFailed
from core.routes import action_route, changes_given, detail_route, list_route
from legalaid import cases, centre, selectors, services
from legalaid.choices import (
    AssignmentStatus,
    Channel,
    HardshipBasis,
    HardshipTest,
    NotifyingAuthority,
    ObjectionResult,
    ProgressKind,
    ProviderKind,
    QualityGrade,
    ReviewSource,
    ReviewStatus,
    Satisfaction,
    TerminationGround,
)
from legalaid.choices import Status as AppStatus
from legalaid.eligibility import assess
from legalaid.filtersets import ApplicationFilterSet, AssignmentFilterSet, ProviderFilterSet, ReviewFilterSet
from legalaid.models import Application, Assignment, Provider, Review
from orgs.models import Org
from people.services import PersonInput

router = Router(tags=["法律援助"])


def _choice_list(choices: Any) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


class LegalAidApplicationOut(Schema):
    uuid: uuid_lib.UUID
    received_date: dt.date
    channel: str = Field(..., description=f"申请方式：{_choice_list(Channel.choices)}")
    channel_display: str = Field(..., alias="get_channel_display")
    applicant_name: str = Field(..., alias="applicant.name")
    applicant_id_number_masked: str = Field(..., alias="applicant.id_number_masked", description="部分隐藏的身份证号码")
    applicant_phone: str = Field(..., alias="applicant.phone")
    matter: str = Field(..., description="申请事项类别代码（码表 legal_aid_matter）")
    matter_display: str
    opposing_party: str
    facts: str
    request: str
    hardship_basis: str = Field(..., description=f"经济困难依据：{_choice_list(HardshipBasis.choices)}")
    hardship_basis_display: str = Field(..., alias="get_hardship_basis_display")
    hardship_detail: str
    check_exempt: bool = Field(..., description="免予核查经济困难状况（法律援助法 第四十二条）")
    is_criminal: bool
    is_urgent: bool
    urgent_reason: str
    handler_name: str = Field(..., description="接待人")
    status: str = Field(..., description=f"办理状态：{_choice_list(AppStatus.choices)}")
    status_display: str = Field(..., alias="get_status_display")
    centre_name: str = Field(..., description="接收的法律援助机构（已转交时）")
    forwarded_date: dt.date | None
    not_accepted_reason: str
    not_accepted_date: dt.date | None
    consultation_uuid: uuid_lib.UUID | None = Field(..., description="来源法律咨询（可用法律咨询接口查询）")
    org_code: str = Field(..., alias="org.code")
    org_name: str = Field(..., alias="org.name")

    @staticmethod
    def resolve_matter_display(obj: Application) -> str:
        return dict_label("legal_aid_matter", obj.matter)

    @staticmethod
    def resolve_handler_name(obj: Application) -> str:
        return obj.handler.display_name if obj.handler else ""

    @staticmethod
    def resolve_consultation_uuid(obj: Application) -> uuid_lib.UUID | None:
        return obj.consultation.uuid if obj.consultation else None


class LegalAidApplicationFilters(IdKeyFilters):
    q: str | None = Field(None, max_length=100, description="关键字：申请人、对方当事人、案情")
    date_from: dt.date | None = Field(None, description="接收日期起")
    date_to: dt.date | None = Field(None, description="接收日期止")
    status: Annotated[AppStatus, choice_schema(AppStatus, description="办理状态")] | None = None
    matter: str | None = Field(None, max_length=40, description="申请事项类别代码")
    channel: Annotated[Channel, choice_schema(Channel, description="申请方式")] | None = None
    hardship_basis: Annotated[HardshipBasis, choice_schema(HardshipBasis, description="经济困难依据")] | None = None
    is_criminal: str | None = Field(None, max_length=5, description="刑事案件：true 或 false")
    is_urgent: str | None = Field(None, max_length=5, description="紧急：true 或 false")
    org: str | None = Field(None, max_length=100, description="接收单位名称包含")


class LegalAidApplicantIn(In):
    name: str = Field(..., max_length=50, description="申请人姓名")
    id_number: str = Field(..., max_length=18, description="身份证号码（申请法律援助须提供身份证明）")
    phone: str = Field("", max_length=20)


class LegalAidApplicationCreateIn(In):
    org: str | None = Field(None, max_length=32, description="接收申请的司法所机构编码；转自法律咨询时不填（为该咨询的登记单位）")
    consultation: uuid_lib.UUID | None = Field(None, description="转自法律咨询：该咨询的编号，申请人与案情随之带入")
    applicant: LegalAidApplicantIn | None = Field(None, description="申请人；转自法律咨询时不填")
    applicant_id_number: str = Field("", max_length=18, description="转自法律咨询且咨询人没有身份证号码时必填")
    channel: Annotated[Channel, choice_schema(Channel, description="申请方式（转自法律咨询的自动为 consultation）")] = Channel.WINDOW
    received_date: dt.date | None = Field(None, description="接收日期，默认今天")
    matter: str = Field(..., max_length=40, description="申请事项类别代码（码表 legal_aid_matter）")
    facts: str = Field("", max_length=10000, description="案情及申请理由；转自法律咨询时不填则取咨询问题")
    request: str = Field("", max_length=5000, description="申请援助事项")
    opposing_party: str = Field("", max_length=100)
    hardship_basis: Annotated[HardshipBasis, choice_schema(HardshipBasis, description="经济困难依据（法律援助法 第四十一条、第四十二条）")]
    hardship_detail: str = Field("", max_length=5000, description="经济困难状况说明（第四十一条）或证明材料（第四十二条）")
    is_criminal: bool = False
    is_urgent: bool = False
    urgent_reason: str = Field("", max_length=200, description="紧急情形（法律援助法 第四十四条），紧急时必填")
    same_person: bool = Field(False, description=SAME_PERSON_HELP)


class LegalAidForwardIn(In):
    date: dt.date | None = Field(None, description="转交日期，默认今天")
    centre_name: str = Field("", max_length=100, description="接收的法律援助机构，默认为所在旗县区法律援助中心")


def _receiving_org(request: HttpRequest, code: str | None) -> Org:
    """The 司法所 named by ``code`` if the user may receive applications there (invisible 404, read-only 403)."""
    if not code:
        raise ValidationFailed("请填写接收申请的司法所机构编码", field="org")
    org = writable_orgs(request.user, Application).filter(kind=Org.Kind.OFFICE, code=code).first()
    if org is not None:
        return org  # type: ignore[no-any-return]
    visible = access_object(request.user, Org, code=code)
    if visible.kind != Org.Kind.OFFICE:
        raise ValidationFailed(f"“{visible.name}”不是司法所；法律援助申请由司法所接收，请填写司法所的机构编码", field="org")
    raise AccessDenied(f"您不能在“{visible.name}”接收法律援助申请，请选择您所在或有权管理的司法所", code="org_not_writable")


def _input(payload: LegalAidApplicationCreateIn) -> services.ApplicationInput:
    return services.ApplicationInput(
        received_date=payload.received_date or timezone.localdate(), matter=payload.matter, facts=payload.facts,
        request=payload.request, opposing_party=payload.opposing_party, hardship_basis=payload.hardship_basis,
        hardship_detail=payload.hardship_detail, channel=payload.channel, is_criminal=payload.is_criminal,
        is_urgent=payload.is_urgent, urgent_reason=payload.urgent_reason,
    )


list_route(router, "/applications", name="legal_aid_application_list", response=LegalAidApplicationOut,
           summary="法律援助申请列表", filters=LegalAidApplicationFilters, filterset=ApplicationFilterSet,
           selector=selectors.application_list, description="数据权限范围内的法律援助申请，筛选条件与“法律援助申请台账”页面相同。")
_detail = detail_route(router, "/applications/{uuid}", name="legal_aid_application_detail", response=LegalAidApplicationOut,
                       summary="法律援助申请详情", model=Application,
                       fetch=lambda request, uuid: selectors.application_detail(request.user, uuid))


@router.post("/applications", response={201: LegalAidApplicationOut, **ERRORS_WRITE, **NEEDS_CONFIRMATION}, summary="接收法律援助申请")
@sensitive_variables("payload")
def legal_aid_application_create(request: HttpRequest, payload: LegalAidApplicationCreateIn) -> Status:
    """接收一份法律援助申请，接待人为当前用户，开始计算转交期限。窗口或网上申请填写 org 与 applicant（按身份证号码与人员信息库
    对应）；转自法律咨询的只填 consultation，申请人和案情随之带入，该咨询的后续处理改为“转为法律援助申请”。"""
    require_perm(request.user, "legalaid.add_application", what="接收法律援助申请")
    with transaction.atomic():
        if payload.consultation is not None:
            if payload.applicant is not None or payload.org:
                raise ValidationFailed("转自法律咨询的申请不填 org 和 applicant：申请人和接收单位取自该咨询", field="applicant")
            consultation = access_object(request.user, Consultation, action="change", uuid=payload.consultation)
            application = services.application_from_consultation(
                actor=request.user, consultation=consultation, data=_input(payload), id_number=payload.applicant_id_number)
        else:
            if payload.applicant is None:
                raise ValidationFailed("请填写申请人（姓名、身份证号码）", field="applicant")
            org = _receiving_org(request, payload.org)
            application = services.application_receive(
                actor=request.user, org=org, data=_input(payload),
                applicant=PersonInput(name=payload.applicant.name, id_number=payload.applicant.id_number,
                                      phone=payload.applicant.phone, same_person=payload.same_person),
            )
    return Status(201, _detail(request, application.uuid))


action_route(
    router, "/applications/{uuid}/forward", name="legal_aid_application_forward", model=Application, payload=LegalAidForwardIn,
    response=LegalAidApplicationOut, reader=_detail, summary="转交法律援助机构",
    description="代为转交：将申请转交法律援助机构，转交期限随之完成；机构自收到申请之日起七日内审查决定（法律援助法 第四十三条）。",
    run=lambda request, a, p: services.application_forward(actor=request.user, application=a, date=p.date, centre_name=p.centre_name),
)


class LegalAidApplicationPatchIn(In):
    """Only the fields given are changed; an application already forwarded or not accepted can no longer be changed."""

    received_date: dt.date | None = None
    matter: str | None = Field(None, max_length=40, description="申请事项类别代码（码表 legal_aid_matter）")
    facts: str | None = Field(None, max_length=10000)
    request: str | None = Field(None, max_length=5000)
    opposing_party: str | None = Field(None, max_length=100)
    hardship_basis: Annotated[HardshipBasis, choice_schema(HardshipBasis, description="经济困难依据")] | None = None
    hardship_detail: str | None = Field(None, max_length=5000)
    is_criminal: bool | None = None
    is_urgent: bool | None = None
    urgent_reason: str | None = Field(None, max_length=200)


class LegalAidNotAcceptIn(In):
    date: dt.date | None = Field(None, description="不予受理日期，默认今天")
    reason: str = Field(..., max_length=500, description="告知申请人的理由，如：申请事项不属于法律援助范围、申请人已委托律师、申请人撤回申请")


def _update(request: HttpRequest, application: Application, payload: LegalAidApplicationPatchIn) -> None:
    current = {name: getattr(application, name) for name in services.EDITABLE_FIELDS}
    services.application_update(actor=request.user, application=application,
                                data=services.ApplicationInput(**{**current, **changes_given(payload)}))


action_route(router, "/applications/{uuid}", method="PATCH", name="legal_aid_application_update", model=Application,
             payload=LegalAidApplicationPatchIn, response=LegalAidApplicationOut, reader=_detail, run=_update,
             summary="修改法律援助申请", description="只修改请求中给出的字段；接收日期或紧急情形改变时，转交期限随之重新计算。")
action_route(
    router, "/applications/{uuid}/not-accept", name="legal_aid_application_not_accept", model=Application,
    payload=LegalAidNotAcceptIn, response=LegalAidApplicationOut, reader=_detail, summary="不予受理",
    description="司法所不予受理并向申请人说明理由；申请人仍可直接向法律援助机构申请（法律援助法 第四十三条）。",
    run=lambda request, a, p: services.application_not_accept(actor=request.user, application=a, reason=p.reason, date=p.date),
)


# ------------------------------------------------------------------------------------------- the 法律援助机构's queue


class LegalAidReviewOut(Schema):
    uuid: uuid_lib.UUID
    application_uuid: uuid_lib.UUID = Field(..., alias="application.uuid", description="法律援助申请的编号")
    source: str = Field(..., description=f"来源：{_choice_list(ReviewSource.choices)}")
    source_display: str = Field(..., alias="get_source_display")
    received_date: dt.date = Field(..., description="法律援助机构收到申请或通知的日期")
    status: str = Field(..., description=f"审查状态：{_choice_list(ReviewStatus.choices)}")
    status_display: str = Field(..., alias="get_status_display")
    applicant_name: str = Field(..., alias="application.applicant.name")
    applicant_id_number_masked: str = Field(..., alias="application.applicant.id_number_masked")
    matter: str = Field(..., alias="application.matter", description="申请事项类别代码（码表 legal_aid_matter）")
    forwarded_by: str = Field(..., description="转交的司法所（直接申请和通知为空）")
    decision_due: dt.date | None = Field(..., description="决定期限（收到申请之日起七日，法律援助法 第四十三条）")
    notifying_authority: str
    notifying_organ: str
    notice_number: str
    materials_requested: str
    materials_notice_date: dt.date | None
    materials_reply_due: dt.date | None
    materials_received_date: dt.date | None
    advance_aid: bool
    advance_reason: str
    advance_date: dt.date | None
    pledge_signed: bool
    monthly_income: Decimal | None
    hardship_test: str = Field(..., description=f"经济困难条件：{_choice_list(HardshipTest.choices)}")
    eligibility_note: str
    decision_date: dt.date | None
    decided_in_time: bool | None
    refusal_reason: str
    withdrawn_date: dt.date | None
    provider_name: str
    provider_unit: str
    assigned_date: dt.date | None
    life_or_death: bool = Field(..., description="可能判处无期徒刑、死刑（第二十六条）")
    objection_date: dt.date | None
    objection_text: str
    objection_result: str = Field(..., description=f"异议审查结果：{_choice_list(ObjectionResult.choices)}")
    objection_decided_date: dt.date | None
    objection_note: str
    org_code: str = Field(..., alias="org.code")
    org_name: str = Field(..., alias="org.name")

    @staticmethod
    def resolve_forwarded_by(obj: Review) -> str:
        return obj.application.org.name if obj.source == ReviewSource.FORWARDED else ""


class LegalAidReviewFilters(Schema):
    q: str | None = Field(None, max_length=100, description="关键字：申请人、通知机关、法律援助人员")
    date_from: dt.date | None = Field(None, description="收到日期起")
    date_to: dt.date | None = Field(None, description="收到日期止")
    status: Annotated[ReviewStatus, choice_schema(ReviewStatus, description="审查状态")] | None = None
    source: Annotated[ReviewSource, choice_schema(ReviewSource, description="来源")] | None = None


class LegalAidEligibilityOut(Schema):
    test: str = Field(..., description=f"经济困难条件：{_choice_list(HardshipTest.choices)}")
    label: str
    lines: list[str] = Field(..., description="说明（供审查人参考，是否给予由审查人决定）")
    below_standard: bool | None = Field(..., description="家庭月人均收入是否低于经济困难标准；未填收入或不适用时为空")


list_route(router, "/reviews", name="legal_aid_review_list", response=LegalAidReviewOut, summary="法律援助审查列表",
           filters=LegalAidReviewFilters, filterset=ReviewFilterSet, selector=selectors.review_list,
           description="法律援助机构的审查队列：司法所转交、直接申请和通知辩护（代理），筛选条件与“法律援助审查”页面相同。")
_review = detail_route(router, "/reviews/{uuid}", name="legal_aid_review_detail", response=LegalAidReviewOut,
                       summary="法律援助审查详情", model=Review, selector=selectors.review_list)


@router.get("/reviews/{uuid}/eligibility", response={200: LegalAidEligibilityOut, **ERRORS_READ}, summary="资格审查提示",
            url_name="legal_aid_review_eligibility", operation_id="legal_aid_review_eligibility")
def legal_aid_review_eligibility(request: HttpRequest, uuid: uuid_lib.UUID, monthly_income: Decimal | None = None,
                                 pledge_signed: bool = False) -> Any:
    """依申请事项和经济困难依据说明适用的条件（法律援助法 第三十一条、第三十二条、第四十二条）并与本省经济困难标准比较
    （第三十四条）；只作提示，是否给予由审查人决定。"""
    review = access_object(request.user, Review, uuid=uuid)
    found = assess(review.application, monthly_income=monthly_income, pledge_signed=pledge_signed, org=review.org)
    return {"test": found.test, "label": found.label, "lines": list(found.lines), "below_standard": found.below_standard}


class LegalAidDirectIn(In):
    org: str = Field(..., max_length=32, description="法律援助机构（公共法律服务中心）的机构编码")
    applicant: LegalAidApplicantIn
    received_date: dt.date | None = Field(None, description="受理日期，默认今天")
    matter: str = Field(..., max_length=40, description="申请事项类别代码（码表 legal_aid_matter）")
    facts: str = Field(..., max_length=10000)
    request: str = Field("", max_length=5000)
    opposing_party: str = Field("", max_length=100)
    hardship_basis: Annotated[HardshipBasis, choice_schema(HardshipBasis, description="经济困难依据")]
    hardship_detail: str = Field("", max_length=5000)
    is_criminal: bool = False
    is_urgent: bool = False
    urgent_reason: str = Field("", max_length=200)
    same_person: bool = Field(False, description=SAME_PERSON_HELP)


class LegalAidNoticeIn(In):
    org: str = Field(..., max_length=32, description="法律援助机构（公共法律服务中心）的机构编码")
    authority: Annotated[NotifyingAuthority, choice_schema(NotifyingAuthority, description="通知机关类别")]
    organ: str = Field(..., max_length=100, description="通知机关名称")
    notice_number: str = Field("", max_length=60)
    received_date: dt.date | None = Field(None, description="收到通知日期，默认今天")
    matter: str = Field("criminal_defence", max_length=40, description="criminal_defence（通知辩护）或 criminal_victim（通知代理）")
    name: str = Field(..., max_length=50, description="犯罪嫌疑人、被告人姓名")
    id_number: str = Field(..., max_length=18)
    facts: str = Field(..., max_length=5000, description="通知的情形（法律援助法 第二十五条、第二十八条）")
    same_person: bool = Field(False, description=SAME_PERSON_HELP)
    life_or_death: bool = Field(False, description="可能判处无期徒刑、死刑：须指派三年以上执业经历的律师（第二十六条）")


def _centre_org(request: HttpRequest, code: str) -> Org:
    org = writable_orgs(request.user, Review).filter(kind=Org.Kind.SERVICE_CENTER, code=code).first()
    if org is not None:
        return org  # type: ignore[no-any-return]
    visible = access_object(request.user, Org, code=code)
    if visible.kind != Org.Kind.SERVICE_CENTER:
        raise ValidationFailed(f"“{visible.name}”不是法律援助机构，请填写公共法律服务中心的机构编码", field="org")
    raise AccessDenied(f"您不能在“{visible.name}”受理法律援助申请", code="org_not_writable")


@router.post("/reviews", response={201: LegalAidReviewOut, **ERRORS_WRITE, **NEEDS_CONFIRMATION}, summary="法律援助机构受理直接申请")
@sensitive_variables("payload")
def legal_aid_review_create(request: HttpRequest, payload: LegalAidDirectIn) -> Status:
    """申请人直接向法律援助机构申请（法律援助法 第三十八条）：登记申请并进入审查队列，七日决定期限开始计算。"""
    require_perm(request.user, "legalaid.add_review", what="受理法律援助申请")
    with transaction.atomic():
        centre_org = _centre_org(request, payload.org)
        review = centre.review_register_direct(
            actor=request.user, centre=centre_org,
            applicant=PersonInput(name=payload.applicant.name, id_number=payload.applicant.id_number, phone=payload.applicant.phone,
                                  same_person=payload.same_person),
            data=services.ApplicationInput(
                received_date=payload.received_date or timezone.localdate(), matter=payload.matter, facts=payload.facts,
                request=payload.request, opposing_party=payload.opposing_party, hardship_basis=payload.hardship_basis,
                hardship_detail=payload.hardship_detail, is_criminal=payload.is_criminal, is_urgent=payload.is_urgent,
                urgent_reason=payload.urgent_reason),
        )
    return Status(201, _review(request, review.uuid))


@router.post("/notices", response={201: LegalAidReviewOut, **ERRORS_WRITE, **NEEDS_CONFIRMATION}, summary="登记通知辩护（代理）")
@sensitive_variables("payload")
def legal_aid_notice_create(request: HttpRequest, payload: LegalAidNoticeIn) -> Status:
    """人民法院、人民检察院、公安机关通知指派律师：登记后三日内指派（法律援助法 第三十六条）。"""
    require_perm(request.user, "legalaid.add_review", what="登记通知辩护")
    with transaction.atomic():
        centre_org = _centre_org(request, payload.org)
        review = centre.review_register_notice(
            actor=request.user, centre=centre_org, authority=payload.authority, organ=payload.organ,
            received_date=payload.received_date, facts=payload.facts, notice_number=payload.notice_number,
            matter=payload.matter, life_or_death=payload.life_or_death,
            person=PersonInput(name=payload.name, id_number=payload.id_number, same_person=payload.same_person))
    return Status(201, _review(request, review.uuid))


class LegalAidMaterialsIn(In):
    materials: str = Field(..., max_length=5000, description="一次性告知需要补充的全部材料或需要作出的说明")
    date: dt.date | None = Field(None, description="告知日期，默认今天")
    reply_due: dt.date | None = Field(None, description="补充期限，默认告知之日起十五日")


class LegalAidDateIn(In):
    date: dt.date | None = Field(None, description="日期，默认今天")


class LegalAidAdvanceIn(In):
    reason: str = Field(..., max_length=200, description="紧急情形（法律援助法 第四十四条）")
    provider_name: str = Field(..., max_length=50)
    provider_unit: str = Field("", max_length=100)
    date: dt.date | None = None


class LegalAidDecideIn(In):
    grant: bool = Field(..., description="true 给予法律援助，false 不予法律援助")
    reason: str = Field("", max_length=5000, description="不予法律援助的理由（不予时必填）")
    monthly_income: Decimal | None = Field(None, description="家庭月人均收入（元）")
    pledge_signed: bool = Field(False, description="申请人已作个人诚信承诺（第四十一条）")
    date: dt.date | None = None


class LegalAidAssignIn(In):
    provider: uuid_lib.UUID = Field(..., description="本机构法律援助人员名册中的人员编号（见 /legalaid/providers）")
    date: dt.date | None = Field(None, description="指派日期，默认今天")


def _roster_provider(review: Review, uuid: uuid_lib.UUID) -> Provider:
    provider = Provider.objects.filter(org_id=review.org_id, uuid=uuid).first()
    if provider is None:
        raise ValidationFailed("请从本机构在册的法律援助人员中选择", field="provider")
    return provider


class LegalAidObjectionIn(In):
    text: str = Field(..., max_length=5000, description="异议内容及理由")
    date: dt.date | None = None


class LegalAidObjectionDecideIn(In):
    result: Annotated[ObjectionResult, choice_schema(ObjectionResult, description="异议审查结果")]
    note: str = Field(..., max_length=5000)
    date: dt.date | None = None


def _action(path: str, name: str, payload: Any, summary: str, run: Any, description: str = "", action: str = "change") -> None:
    action_route(router, f"/reviews/{{uuid}}/{path}", name=name, model=Review, payload=payload, response=LegalAidReviewOut,
                 reader=_review, summary=summary, description=description, run=run, action=action)


_action("materials", "legal_aid_review_materials", LegalAidMaterialsIn, "一次性告知补充材料",
        lambda request, r, p: centre.review_request_materials(actor=request.user, review=r, materials=p.materials, date=p.date,
                                                              reply_due=p.reply_due),
        "只能告知一次；审查期限暂停，逾期未补充的视为撤回申请（法律援助法 第四十三条第二款）。")
_action("materials-received", "legal_aid_review_materials_received", LegalAidDateIn, "登记补齐材料",
        lambda request, r, p: centre.review_materials_receive(actor=request.user, review=r, date=p.date))
_action("advance", "legal_aid_review_advance", LegalAidAdvanceIn, "先行提供法律援助",
        lambda request, r, p: centre.review_advance(actor=request.user, review=r, reason=p.reason, date=p.date,
                                                    provider_name=p.provider_name, provider_unit=p.provider_unit))
_action("decide", "legal_aid_review_decide", LegalAidDecideIn, "作出是否给予法律援助的决定",
        lambda request, r, p: centre.review_decide(actor=request.user, review=r, grant=p.grant, reason=p.reason, date=p.date,
                                                   monthly_income=p.monthly_income, pledge_signed=p.pledge_signed),
        "自收到申请之日起七日内决定；不予的须说明理由（法律援助法 第四十三条）。")
_action("assign", "legal_aid_review_assign", LegalAidAssignIn, "指派法律援助人员",
        lambda request, r, p: cases.assignment_create(actor=request.user, review=r, provider=_roster_provider(r, p.provider),
                                                      date=p.date),
        "从名册中指派：决定给予后三日内（第四十三条），通知辩护（代理）收到通知后三日内且须为律师（第三十六条），可能判处无期徒刑、"
        "死刑的须三年以上执业经历（第二十六条）；为对方当事人代理的人员不能指派（利益冲突，422）。")
# 异议 goes to the 司法行政部门 that set up the 机构, which decides it (法律援助法 第四十九条): acts of supervision of the
# county bureau over the 机构's refusal, not the 机构's own work (``supervise``: the change right over the data scope).
_action("objection", "legal_aid_review_objection", LegalAidObjectionIn, "登记异议",
        lambda request, r, p: centre.review_objection_record(actor=request.user, review=r, text=p.text, date=p.date),
        action="supervise")
_action("objection-decide", "legal_aid_review_objection_decide", LegalAidObjectionDecideIn, "登记异议审查结果",
        lambda request, r, p: centre.review_objection_decide(actor=request.user, review=r, result=p.result, note=p.note,
                                                             date=p.date),
        action="supervise")


# ------------------------------------------------------------------------------- 法律援助人员名册 and aid cases


class LegalAidProviderOut(Schema):
    uuid: uuid_lib.UUID
    kind: str = Field(..., description=f"人员类别：{_choice_list(ProviderKind.choices)}")
    kind_display: str = Field(..., alias="get_kind_display")
    name: str
    licence_number: str = Field(..., description="执业证号")
    firm: str = Field(..., description="执业机构")
    specialities: str
    practice_since: dt.date = Field(..., description="执业起始日期")
    years_of_practice: int = Field(..., description="执业年限（整年）")
    workload: int = Field(..., description="在办法律援助案件数")
    phone: str
    is_active: bool
    org_code: str = Field(..., alias="org.code")
    org_name: str = Field(..., alias="org.name")

    @staticmethod
    def resolve_years_of_practice(obj: Provider) -> int:
        return obj.years_of_practice()


class LegalAidProviderFilters(Schema):
    q: str | None = Field(None, max_length=100, description="关键字：姓名、执业证号、执业机构、擅长领域")
    kind: Annotated[ProviderKind, choice_schema(ProviderKind, description="人员类别")] | None = None
    is_active: str | None = Field(None, max_length=5, description="在册：true 或 false")


class LegalAidProviderIn(In):
    kind: Annotated[ProviderKind, choice_schema(ProviderKind, description="人员类别")] = ProviderKind.LAWYER
    name: str = Field(..., max_length=50)
    licence_number: str = Field("", max_length=30, description="执业证号（必填；律师为17位数字）")
    firm: str = Field("", max_length=100, description="执业机构（律师事务所或基层法律服务所）")
    practice_since: dt.date | None = Field(None, description="执业起始日期（必填）")
    specialities: str = Field("", max_length=200)
    phone: str = Field("", max_length=20)
    is_active: bool = True


class LegalAidProviderCreateIn(LegalAidProviderIn):
    org: str = Field(..., max_length=32, description="法律援助机构（公共法律服务中心）的机构编码")


class LegalAidProviderPatchIn(In):
    """Only the fields given are changed."""

    kind: Annotated[ProviderKind, choice_schema(ProviderKind, description="人员类别")] | None = None
    name: str | None = Field(None, max_length=50)
    licence_number: str | None = Field(None, max_length=30)
    firm: str | None = Field(None, max_length=100)
    practice_since: dt.date | None = None
    specialities: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=20)
    is_active: bool | None = None


list_route(router, "/providers", name="legal_aid_provider_list", response=LegalAidProviderOut, summary="法律援助人员名册",
           filters=LegalAidProviderFilters, filterset=ProviderFilterSet, selector=selectors.provider_list,
           description="律师、基层法律服务工作者和值班律师，含执业年限和在办案件数；筛选条件与“法律援助人员名册”页面相同。")
_provider = detail_route(router, "/providers/{uuid}", name="legal_aid_provider_detail", response=LegalAidProviderOut,
                         summary="法律援助人员详情", model=Provider, selector=selectors.provider_list)


@router.post("/providers", response={201: LegalAidProviderOut, **ERRORS_WRITE}, summary="登记法律援助人员",
             operation_id="legal_aid_provider_create", url_name="legal_aid_provider_create")
def legal_aid_provider_create(request: HttpRequest, payload: LegalAidProviderCreateIn) -> Status:
    """执业证号必填并校验格式；同一机构不能重复登记同一执业证号。"""
    require_perm(request.user, "legalaid.add_provider", what="登记法律援助人员")
    with transaction.atomic():
        org = _centre_org(request, payload.org)
        data = payload.dict(exclude={"org"})
        provider = cases.provider_create(actor=request.user, org=org, data=cases.ProviderInput(**data))
    return Status(201, _provider(request, provider.uuid))


def _provider_update(request: HttpRequest, provider: Provider, payload: LegalAidProviderPatchIn) -> None:
    current = {name: getattr(provider, name) for name in cases.ProviderInput.__dataclass_fields__}
    cases.provider_update(actor=request.user, provider=provider, data=cases.ProviderInput(**{**current, **changes_given(payload)}))


action_route(router, "/providers/{uuid}", method="PATCH", name="legal_aid_provider_update", model=Provider,
             payload=LegalAidProviderPatchIn, response=LegalAidProviderOut, reader=_provider, run=_provider_update,
             summary="修改法律援助人员", description="只修改请求中给出的字段。")


class LegalAidProgressOut(Schema):
    date: dt.date
    kind: str = Field(..., description=f"事项：{_choice_list(ProgressKind.choices)}")
    kind_display: str = Field(..., alias="get_kind_display")
    note: str


class LegalAidCaseOut(Schema):
    uuid: uuid_lib.UUID
    review_uuid: uuid_lib.UUID = Field(..., alias="review.uuid", description="法律援助审查的编号")
    recipient_name: str = Field(..., alias="review.application.applicant.name")
    matter: str = Field(..., alias="review.application.matter", description="申请事项类别代码（码表 legal_aid_matter）")
    provider_uuid: uuid_lib.UUID = Field(..., alias="provider.uuid")
    provider_name: str = Field(..., alias="provider.name")
    provider_firm: str = Field(..., alias="provider.firm")
    assigned_date: dt.date
    status: str = Field(..., description=f"办理状态：{_choice_list(AssignmentStatus.choices)}")
    status_display: str = Field(..., alias="get_status_display")
    replaced_date: dt.date | None
    replaced_reason: str
    case_end_date: dt.date | None
    case_result: str
    closing_due: dt.date | None = Field(..., description="提交结案材料期限（法律援助法 第五十条）")
    closed_date: dt.date | None
    closing_report: str
    materials: str
    termination_ground: str = Field(..., description=f"终止情形（第四十八条）：{_choice_list(TerminationGround.choices)}")
    termination_date: dt.date | None
    termination_note: str
    quality_grade: str = Field(..., description=f"评查等次：{_choice_list(QualityGrade.choices)}")
    quality_date: dt.date | None
    quality_note: str
    visit_date: dt.date | None
    satisfaction: str = Field(..., description=f"受援人满意度：{_choice_list(Satisfaction.choices)}")
    visit_note: str
    subsidy: Decimal | None = Field(..., description="办案补贴（元，第五十二条）")
    progress: list[LegalAidProgressOut]
    org_code: str = Field(..., alias="org.code")
    org_name: str = Field(..., alias="org.name")

    @staticmethod
    def resolve_progress(obj: Assignment) -> list[Any]:
        return list(obj.progress.all())


class LegalAidCaseFilters(Schema):
    q: str | None = Field(None, max_length=100, description="关键字：受援人、法律援助人员、执业机构")
    date_from: dt.date | None = Field(None, description="指派日期起")
    date_to: dt.date | None = Field(None, description="指派日期止")
    status: Annotated[AssignmentStatus, choice_schema(AssignmentStatus, description="办理状态")] | None = None


def _case_rows(user: Any) -> Any:
    return selectors.assignment_list(user).prefetch_related("progress")


list_route(router, "/cases", name="legal_aid_case_list", response=LegalAidCaseOut, summary="法律援助案件列表",
           filters=LegalAidCaseFilters, filterset=AssignmentFilterSet, selector=_case_rows,
           description="指派后的法律援助案件，从办理到结案或终止；筛选条件与“法律援助案件”页面相同。")
_case = detail_route(router, "/cases/{uuid}", name="legal_aid_case_detail", response=LegalAidCaseOut,
                     summary="法律援助案件详情", model=Assignment, selector=_case_rows)


class LegalAidProgressIn(In):
    kind: Annotated[ProgressKind, choice_schema(ProgressKind, description="事项")]
    note: str = Field(..., max_length=5000)
    date: dt.date | None = None


class LegalAidCaseEndIn(In):
    result: str = Field(..., max_length=5000, description="办理结果")
    date: dt.date | None = Field(None, description="案件办结日期，默认今天")


class LegalAidCloseIn(In):
    report: str = Field(..., max_length=10000, description="结案报告（第五十条）")
    materials: str = Field(..., max_length=5000, description="提交的结案材料")
    date: dt.date | None = None


class LegalAidTerminateIn(In):
    ground: Annotated[TerminationGround, choice_schema(TerminationGround, description="终止情形（法律援助法 第四十八条）")]
    note: str = Field(..., max_length=5000)
    date: dt.date | None = None


class LegalAidQualityIn(In):
    grade: Annotated[QualityGrade, choice_schema(QualityGrade, description="评查等次")]
    note: str = Field("", max_length=5000)
    date: dt.date | None = None


class LegalAidVisitIn(In):
    satisfaction: Annotated[Satisfaction, choice_schema(Satisfaction, description="受援人满意度")]
    note: str = Field("", max_length=5000)
    date: dt.date | None = None


class LegalAidChangeProviderIn(In):
    provider: uuid_lib.UUID = Field(..., description="新的法律援助人员（本机构名册）")
    reason: str = Field(..., max_length=5000, description="更换理由")
    date: dt.date | None = None


def _case_action(path: str, name: str, payload: Any, summary: str, run: Any, description: str = "") -> None:
    action_route(router, f"/cases/{{uuid}}/{path}", name=name, model=Assignment, payload=payload, response=LegalAidCaseOut,
                 reader=_case, summary=summary, description=description, run=run)


_case_action("progress", "legal_aid_case_progress", LegalAidProgressIn, "登记办案进展",
             lambda request, c, p: cases.progress_record(actor=request.user, assignment=c, kind=p.kind, note=p.note,
                                                         date=p.date))
_case_action("end", "legal_aid_case_end", LegalAidCaseEndIn, "登记案件办结",
             lambda request, c, p: cases.assignment_end(actor=request.user, assignment=c, result=p.result, date=p.date),
             "结案期限自办结之日起计算（法律援助法 第五十条）。")
_case_action("close", "legal_aid_case_close", LegalAidCloseIn, "结案",
             lambda request, c, p: cases.assignment_close(actor=request.user, assignment=c, report=p.report,
                                                          materials=p.materials, date=p.date),
             "提交结案报告和材料（第五十条）；办案补贴按补贴标准计算（第五十二条）。")
_case_action("terminate", "legal_aid_case_terminate", LegalAidTerminateIn, "终止法律援助",
             lambda request, c, p: cases.assignment_terminate(actor=request.user, assignment=c, ground=p.ground,
                                                              note=p.note, date=p.date))
_case_action("quality", "legal_aid_case_quality", LegalAidQualityIn, "质量评查",
             lambda request, c, p: cases.assignment_quality_review(actor=request.user, assignment=c, grade=p.grade,
                                                                  note=p.note, date=p.date))
_case_action("visit", "legal_aid_case_visit", LegalAidVisitIn, "回访受援人",
             lambda request, c, p: cases.assignment_visit(actor=request.user, assignment=c, satisfaction=p.satisfaction,
                                                         note=p.note, date=p.date))


def _change(request: HttpRequest, c: Assignment, p: LegalAidChangeProviderIn) -> Assignment:
    return cases.assignment_change(actor=request.user, assignment=c, provider=_roster_provider(c.review, p.provider),
                                   reason=p.reason, date=p.date)


action_route(router, "/cases/{uuid}/change-provider", name="legal_aid_case_change_provider", model=Assignment,
             payload=LegalAidChangeProviderIn, response=LegalAidCaseOut, run=_change,
             answer=lambda request, c, successor: _case(request, successor.uuid), summary="更换法律援助人员",
             description="原案件记为已更换，返回新的案件；对新人员同样检查执业年限和利益冲突。")
