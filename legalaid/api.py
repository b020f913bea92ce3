"""法律援助 over the API: the 法律援助申请台账 (list with the page's filters, one record), receiving an application
(at the window, online, or from a 法律咨询 without retyping it) and forwarding it to the 法律援助机构. Reads are scoped
by ``visible_to``; writes go through ``legalaid.services`` (validation, people registry, forwarding clock, audit row and
ledger entry in one transaction); errors leave as ``{code, message, field}`` in Chinese. ID numbers are only ever
shown masked."""

import datetime as dt
import uuid as uuid_lib
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Router, Schema, Status

from accounts.selectors import writable_orgs
from consultation.models import Consultation
from core.access import access_object, require_perm
from core.api import ERRORS_WRITE, NEEDS_CONFIRMATION, SAME_PERSON_HELP, IdKeyFilters, In, choice_schema
from core.dictionaries import dict_label
from core.errors import AccessDenied, ValidationFailed
from core.routes import action_route, changes_given, detail_route, list_route
from legalaid import selectors, services
from legalaid.choices import Channel, HardshipBasis
from legalaid.choices import Status as AppStatus
from legalaid.filtersets import ApplicationFilterSet
from legalaid.models import Application
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
