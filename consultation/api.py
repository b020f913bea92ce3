"""法律咨询 over the API: the 法律咨询台账 (list with the page's filters, one record) and the registration of a
consultation. Reads are scoped by ``visible_to``; the write goes through ``consultation.services`` (validation,
people registry, audit row and ledger entry in one transaction); errors leave as ``{code, message, field}`` in
Chinese. ID numbers are only ever shown masked."""

import datetime as dt
import uuid as uuid_lib
from decimal import Decimal
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from ninja import Field, File, Router, Schema, Status, UploadedFile

from accounts.selectors import writable_orgs
from consultation import selectors, services
from consultation.choices import Channel, FollowUp
from consultation.filtersets import ConsultationFilterSet
from consultation.models import Consultation
from core.access import access_object, require_perm
from core.api import ERRORS_WRITE, NEEDS_CONFIRMATION, SAME_PERSON_HELP, IdKeyFilters, In, choice_schema
from core.dictionaries import dict_label
from core.errors import AccessDenied, ValidationFailed
from core.routes import changes_given, detail_route, list_route
from orgs.models import Org
from people.services import PersonInput

router = Router(tags=["法律咨询"])

CONVERT_KINDS = (Org.Kind.COMMITTEE, Org.Kind.OFFICE)  # who may take a dispute over from a 司法所's consultation


def _choice_list(choices: Any) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


class ConsultationOut(Schema):
    uuid: uuid_lib.UUID
    number: str = Field(..., description="登记编号")
    date: dt.date
    channel: str = Field(..., description=f"咨询方式：{_choice_list(Channel.choices)}")
    channel_display: str = Field(..., alias="get_channel_display")
    topic: str = Field(..., description="咨询类别代码（码表 consultation_topic）")
    topic_display: str
    person_name: str = Field(..., alias="person.name")
    person_id_number_masked: str = Field(..., alias="person.id_number_masked", description="部分隐藏的身份证号码")
    person_phone: str = Field(..., alias="person.phone")
    question: str
    answer: str
    laws_cited: list[str] = Field(..., alias="laws", description="引用法条，每项一条")
    handler_name: str = Field(..., description="接待人")
    duration_minutes: int | None
    follow_up: str = Field(..., description=f"后续处理：{_choice_list(FollowUp.choices)}")
    follow_up_display: str = Field(..., alias="get_follow_up_display")
    referred_to: str
    dispute_uuid: uuid_lib.UUID | None = Field(..., description="转办的矛盾纠纷（可用人民调解接口查询）")
    org_code: str = Field(..., alias="org.code")
    org_name: str = Field(..., alias="org.name")

    @staticmethod
    def resolve_topic_display(obj: Consultation) -> str:
        return dict_label("consultation_topic", obj.topic)

    @staticmethod
    def resolve_handler_name(obj: Consultation) -> str:
        return obj.handler.display_name if obj.handler else ""

    @staticmethod
    def resolve_dispute_uuid(obj: Consultation) -> uuid_lib.UUID | None:
        return obj.dispute.uuid if obj.dispute else None


class ConsultationFilters(IdKeyFilters):
    q: str | None = Field(None, max_length=100, description="关键字：咨询人、问题、解答、编号")
    date_from: dt.date | None = Field(None, description="咨询日期起")
    date_to: dt.date | None = Field(None, description="咨询日期止")
    channel: Annotated[Channel, choice_schema(Channel, description="咨询方式")] | None = None
    topic: str | None = Field(None, max_length=40, description="咨询类别代码")
    handler: str | None = Field(None, max_length=50, description="接待人姓名包含")
    follow_up: Annotated[FollowUp, choice_schema(FollowUp, description="后续处理")] | None = None
    org: str | None = Field(None, max_length=100, description="登记单位名称包含")


class PersonIn(In):
    name: str = Field(..., max_length=50, description="咨询人姓名")
    id_number: str = Field("", max_length=18, description="身份证号码，可不填；填写后与人员信息库关联")
    phone: str = Field("", max_length=20)


class ConsultationCreateIn(In):
    org: str = Field(..., max_length=32, description="登记咨询的司法所机构编码")
    date: dt.date | None = Field(None, description="咨询日期，默认今天")
    channel: Annotated[Channel, choice_schema(Channel, description="咨询方式")] = Channel.WALK_IN
    topic: str = Field(..., max_length=40, description="咨询类别代码（码表 consultation_topic）")
    person: PersonIn
    question: str = Field(..., max_length=5000)
    answer: str = Field("", max_length=10000, description="解答意见；只有转介其他部门处理的可以不填")
    laws_cited: list[str] = Field([], max_length=20, description="引用法条，每项一条，如 中华人民共和国民法典 第一千零七十九条")
    duration_minutes: int | None = Field(None, description="用时（分钟）")
    follow_up: Annotated[FollowUp, choice_schema(FollowUp, description="后续处理（转为矛盾纠纷请用 /convert）")] = FollowUp.NONE
    referred_to: str = Field("", max_length=100, description="转介单位（后续处理为 referred 时必填）")
    number: str = Field("", max_length=40, description="登记编号")
    same_person: bool = Field(False, description=SAME_PERSON_HELP)


def _recording_org(request: HttpRequest, code: str) -> Org:
    """The 司法所 named by ``code`` if the user may record consultations there (invisible 404, read-only 403)."""
    org = writable_orgs(request.user, Consultation).filter(kind=Org.Kind.OFFICE, code=code).first()
    if org is not None:
        return org  # type: ignore[no-any-return]
    visible = access_object(request.user, Org, code=code)
    if visible.kind != Org.Kind.OFFICE:
        raise ValidationFailed(f"“{visible.name}”不是司法所；法律咨询由司法所登记，请填写司法所的机构编码", field="org")
    raise AccessDenied(f"您不能在“{visible.name}”登记法律咨询，请选择您所在或有权管理的司法所", code="org_not_writable")


consultation_list = list_route(
    router, "/consultations", name="consultation_list", response=ConsultationOut, summary="法律咨询列表",
    filters=ConsultationFilters, filterset=ConsultationFilterSet, selector=selectors.consultation_list,
    description="数据权限范围内的法律咨询，筛选条件与“法律咨询台账”页面相同。",
)
_detail = detail_route(router, "/consultations/{uuid}", name="consultation_detail", response=ConsultationOut,
                       summary="法律咨询详情", model=Consultation, fetch=lambda request, uuid: selectors.consultation_detail(request.user, uuid))


@router.post("/consultations", response={201: ConsultationOut, **ERRORS_WRITE, **NEEDS_CONFIRMATION}, summary="登记法律咨询")
@sensitive_variables("payload")
def consultation_create(request: HttpRequest, payload: ConsultationCreateIn) -> Status:
    """登记一次法律咨询，接待人为当前用户。咨询人按身份证号码与人员信息库中的人员对应，没有号码或尚未登记的新建人员；
    工作台账记一人次。"""
    require_perm(request.user, "consultation.add_consultation", what="登记法律咨询")
    org = _recording_org(request, payload.org)
    with transaction.atomic():
        consultation = services.consultation_record(
            actor=request.user, org=org,
            person=PersonInput(name=payload.person.name, id_number=payload.person.id_number, phone=payload.person.phone,
                               same_person=payload.same_person),
            data=services.ConsultationInput(
                date=payload.date or timezone.localdate(), channel=payload.channel, topic=payload.topic, question=payload.question,
                answer=payload.answer, laws_cited="\n".join(payload.laws_cited), duration_minutes=payload.duration_minutes,
                follow_up=payload.follow_up, referred_to=payload.referred_to, number=payload.number,
            ),
        )
    return Status(201, _detail(request, consultation.uuid))


class ConsultationPatchIn(In):
    """Only the fields given are changed; the consulting person is edited in 人员信息库."""

    number: str | None = Field(None, max_length=40)
    date: dt.date | None = None
    channel: Annotated[Channel, choice_schema(Channel, description="咨询方式")] | None = None
    topic: str | None = Field(None, max_length=40, description="咨询类别代码（码表 consultation_topic）")
    question: str | None = Field(None, max_length=5000)
    answer: str | None = Field(None, max_length=10000)
    laws_cited: list[str] | None = Field(None, max_length=20, description="引用法条，每项一条")
    duration_minutes: int | None = Field(None, ge=0, le=1440)
    follow_up: Annotated[FollowUp, choice_schema(FollowUp, description="后续处理")] | None = None
    referred_to: str | None = Field(None, max_length=100)


class ConvertIn(In):
    """转为矛盾纠纷: the consulting person becomes the applicant and the question the facts; the rest is added here."""

    title: str = Field(..., min_length=1, max_length=100, description="纠纷名称，如：张某与李某借款纠纷")
    category: str = Field(..., max_length=40, description="纠纷类型代码（码表 dispute_category）")
    respondent_name: str = Field(..., min_length=1, max_length=50, description="被申请人（纠纷的另一方）姓名")
    respondent_id_number: str = Field("", max_length=18)
    respondent_phone: str = Field("", max_length=20)
    claims: str = Field("", max_length=2000, description="申请事项")
    amount: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2, description="涉及金额（元）")
    received_date: dt.date | None = Field(None, description="登记日期，默认今天")
    org: str | None = Field(None, max_length=32, description="受理纠纷的调解组织或司法所机构编码，默认本咨询的司法所")
    same_person: bool = Field(False, description=SAME_PERSON_HELP)


class ConsultationTranscriptOut(Schema):
    filename: str
    name: str = Field(..., description="笔录中识别出的咨询人姓名，没有为空")
    question: str
    answer: str
    laws_cited: list[str]
    notes: list[str] = Field(..., description="需要人工核对之处")


class ConvertedOut(Schema):
    consultation: ConsultationOut
    dispute_uuid: uuid_lib.UUID = Field(..., description="新登记的矛盾纠纷（人民调解接口中的 uuid）")


def _transcript(file: UploadedFile) -> dict[str, Any]:
    from consultation.transcripts import consultation_proposal
    from core.transcripts import read_upload

    proposal = consultation_proposal(read_upload(file), file.name or "")
    return {"filename": file.name or "", "name": proposal.name, "question": proposal.question, "answer": proposal.answer,
            "laws_cited": [line for line in proposal.laws_cited.splitlines() if line], "notes": proposal.notes}


@router.post("/transcript", response={200: ConsultationTranscriptOut, **ERRORS_WRITE}, summary="上传咨询笔录（登记前）")
def consultation_create_transcript(request: HttpRequest, file: File[UploadedFile]) -> dict[str, Any]:
    """读取咨询笔录，咨询人的发言作为咨询问题，工作人员或律师的发言作为解答意见，并找出引用的法条。这里不保存任何内容：
    核对后用 POST /consultations 登记。"""
    require_perm(request.user, "consultation.add_consultation", what="登记法律咨询")
    return _transcript(file)


@router.post("/consultations/{uuid}/transcript", response={200: ConsultationTranscriptOut, **ERRORS_WRITE},
             summary="上传咨询笔录（补充已登记的咨询）")
def consultation_transcript(request: HttpRequest, uuid: uuid_lib.UUID, file: File[UploadedFile]) -> dict[str, Any]:
    """同上，用于已登记的咨询：核对后用 PATCH /consultations/{uuid} 保存。"""
    access_object(request.user, Consultation, action="change", uuid=uuid)
    return _transcript(file)


@router.patch("/consultations/{uuid}", response={200: ConsultationOut, **ERRORS_WRITE}, summary="修改法律咨询")
def consultation_update(request: HttpRequest, uuid: uuid_lib.UUID, payload: ConsultationPatchIn) -> Consultation:
    """只修改请求中给出的字段，规则与页面上的修改相同（转办纠纷后咨询日期不能晚于纠纷登记日期等）。"""
    consultation = access_object(request.user, Consultation, action="change", uuid=uuid)
    changes = changes_given(payload)
    if "laws_cited" in changes:
        changes["laws_cited"] = "\n".join(changes["laws_cited"])
    current = {name: getattr(consultation, name) for name in services.EDITABLE_FIELDS}
    services.consultation_update(actor=request.user, consultation=consultation,
                                 data=services.ConsultationInput(**{**current, **changes}))
    return _detail(request, uuid)


@router.post("/consultations/{uuid}/convert", response={201: ConvertedOut, **ERRORS_WRITE, **NEEDS_CONFIRMATION}, summary="转为矛盾纠纷")
@sensitive_variables("payload")
def consultation_convert(request: HttpRequest, uuid: uuid_lib.UUID, payload: ConvertIn) -> Status:
    """咨询人为申请人、咨询问题为纠纷简要情况，登记为待受理的矛盾纠纷（人民调解法 第十七条）。"""
    from mediation.models import Dispute

    consultation = access_object(request.user, Consultation, action="change", uuid=uuid)
    require_perm(request.user, "mediation.add_dispute", what="登记矛盾纠纷")
    org = consultation.org
    if payload.org:
        org = writable_orgs(request.user, Dispute).filter(kind__in=CONVERT_KINDS, path__startswith=consultation.org.path,
                                                          code=payload.org).first()
        if org is None:
            raise ValidationFailed("只能由本咨询的司法所或其下的人民调解委员会受理，请核对机构编码", field="org")
    dispute = services.consultation_to_dispute(actor=request.user, consultation=consultation, data=services.ConversionInput(
        title=payload.title, category=payload.category, respondent_name=payload.respondent_name,
        respondent_id_number=payload.respondent_id_number, respondent_phone=payload.respondent_phone, claims=payload.claims,
        respondent_same_person=payload.same_person,
        amount=payload.amount, received_date=payload.received_date, org=org))
    return Status(201, {"consultation": _detail(request, uuid), "dispute_uuid": dispute.uuid})
