"""法律咨询 over the API: the 法律咨询台账 (list with the page's filters, one record) and the registration of a
consultation. Reads are scoped by ``visible_to``; the write goes through ``consultation.services`` (validation,
people registry, audit row and ledger entry in one transaction); errors leave as ``{code, message, field}`` in
Chinese. ID numbers are only ever shown masked."""

import datetime as dt
import uuid as uuid_lib
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.selectors import writable_orgs
from consultation import selectors, services
from consultation.choices import Channel, FollowUp
from consultation.filtersets import ConsultationFilterSet
from consultation.models import Consultation
from core.access import access_object, require_perm
from core.api import ErrorOut, IdKeyFilters, In, Pagination, filter_queryset
from core.dictionaries import dict_label
from core.errors import AccessDenied, NotFound, ValidationFailed
from orgs.models import Org
from people.services import PersonInput

router = Router(tags=["法律咨询"])

WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _choice_list(choices: Any) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


class ConsultationOut(Schema):
    uuid: uuid_lib.UUID
    number: str = Field(..., description="登记编号")
    date: dt.date
    channel: str = Field(..., description=f"咨询方式：{_choice_list(Channel.choices)}")
    channel_display: str
    topic: str = Field(..., description="咨询类别代码（码表 consultation_topic）")
    topic_display: str
    person_name: str
    person_id_number_masked: str = Field(..., description="部分隐藏的身份证号码")
    person_phone: str
    question: str
    answer: str
    laws_cited: list[str] = Field(..., description="引用法条，每项一条")
    handler_name: str = Field(..., description="接待人")
    duration_minutes: int | None
    follow_up: str = Field(..., description=f"后续处理：{_choice_list(FollowUp.choices)}")
    follow_up_display: str
    referred_to: str
    dispute_uuid: uuid_lib.UUID | None = Field(..., description="转办的矛盾纠纷（可用人民调解接口查询）")
    org_code: str
    org_name: str

    @staticmethod
    def resolve_channel_display(obj: Consultation) -> str:
        return obj.get_channel_display()

    @staticmethod
    def resolve_topic_display(obj: Consultation) -> str:
        return dict_label("consultation_topic", obj.topic)

    @staticmethod
    def resolve_person_name(obj: Consultation) -> str:
        return obj.person.name

    @staticmethod
    def resolve_person_id_number_masked(obj: Consultation) -> str:
        return obj.person.id_number_masked

    @staticmethod
    def resolve_person_phone(obj: Consultation) -> str:
        return obj.person.phone

    @staticmethod
    def resolve_laws_cited(obj: Consultation) -> list[str]:
        return obj.laws

    @staticmethod
    def resolve_handler_name(obj: Consultation) -> str:
        return obj.handler.display_name if obj.handler else ""

    @staticmethod
    def resolve_follow_up_display(obj: Consultation) -> str:
        return obj.get_follow_up_display()

    @staticmethod
    def resolve_dispute_uuid(obj: Consultation) -> uuid_lib.UUID | None:
        return obj.dispute.uuid if obj.dispute else None

    @staticmethod
    def resolve_org_code(obj: Consultation) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: Consultation) -> str:
        return obj.org.name


class ConsultationFilters(IdKeyFilters):
    q: str | None = Field(None, max_length=100, description="关键字：咨询人、问题、解答、编号")
    date_from: dt.date | None = Field(None, description="咨询日期起")
    date_to: dt.date | None = Field(None, description="咨询日期止")
    channel: str | None = Field(None, max_length=20, description="咨询方式代码")
    topic: str | None = Field(None, max_length=40, description="咨询类别代码")
    handler: str | None = Field(None, max_length=50, description="接待人姓名包含")
    follow_up: str | None = Field(None, max_length=20, description="后续处理代码")
    org: str | None = Field(None, max_length=100, description="登记单位名称包含")


class PersonIn(In):
    name: str = Field(..., max_length=50, description="咨询人姓名")
    id_number: str = Field("", max_length=18, description="身份证号码，可不填；填写后与人员信息库关联")
    phone: str = Field("", max_length=20)


class ConsultationCreateIn(In):
    org: str = Field(..., max_length=32, description="登记咨询的司法所机构编码")
    date: dt.date | None = Field(None, description="咨询日期，默认今天")
    channel: str = Field(Channel.WALK_IN, max_length=20, description=f"咨询方式：{_choice_list(Channel.choices)}")
    topic: str = Field(..., max_length=40, description="咨询类别代码（码表 consultation_topic）")
    person: PersonIn
    question: str = Field(..., max_length=5000)
    answer: str = Field("", max_length=10000, description="解答意见；只有转介其他部门处理的可以不填")
    laws_cited: list[str] = Field([], max_length=20, description="引用法条，每项一条，如 中华人民共和国民法典 第一千零七十九条")
    duration_minutes: int | None = Field(None, description="用时（分钟）")
    follow_up: str = Field(FollowUp.NONE, max_length=20, description="后续处理：none、legal_aid 或 referred；转为矛盾纠纷请在页面上办理")
    referred_to: str = Field("", max_length=100, description="转介单位（后续处理为 referred 时必填）")
    number: str = Field("", max_length=40, description="登记编号")


def _recording_org(request: HttpRequest, code: str) -> Org:
    """The 司法所 named by ``code`` if the user may record consultations there (invisible 404, read-only 403)."""
    org = writable_orgs(request.user, Consultation).filter(kind=Org.Kind.OFFICE, code=code).first()
    if org is not None:
        return org  # type: ignore[no-any-return]
    visible = access_object(request.user, Org, code=code)
    if visible.kind != Org.Kind.OFFICE:
        raise ValidationFailed(f"“{visible.name}”不是司法所；法律咨询由司法所登记，请填写司法所的机构编码", field="org")
    raise AccessDenied(f"您不能在“{visible.name}”登记法律咨询，请选择您所在或有权管理的司法所", code="org_not_writable")


def _detail(request: HttpRequest, uuid: uuid_lib.UUID) -> Consultation:
    consultation = selectors.consultation_detail(request.user, uuid)
    if consultation is None:
        raise NotFound("未找到该法律咨询，或您无权查看")
    return consultation


@router.get("/consultations", response=list[ConsultationOut], summary="法律咨询列表")
@paginate(Pagination)
def consultation_list(request: HttpRequest, filters: Query[ConsultationFilters]) -> QuerySet:
    """数据权限范围内的法律咨询，筛选条件与“法律咨询台账”页面相同。"""
    return filter_queryset(ConsultationFilterSet, filters, selectors.consultation_list(request.user), request)


@router.get("/consultations/{uuid}", response={200: ConsultationOut, 404: ErrorOut}, summary="法律咨询详情")
def consultation_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> Consultation:
    return _detail(request, uuid)


@router.post("/consultations", response={201: ConsultationOut, **WRITE_ERRORS}, summary="登记法律咨询")
@sensitive_variables("payload")
def consultation_create(request: HttpRequest, payload: ConsultationCreateIn) -> Status:
    """登记一次法律咨询，接待人为当前用户。咨询人按身份证号码与人员信息库中的人员对应，没有号码或尚未登记的新建人员；
    工作台账记一人次。"""
    require_perm(request.user, "consultation.add_consultation", what="登记法律咨询")
    org = _recording_org(request, payload.org)
    with transaction.atomic():
        consultation = services.consultation_record(
            actor=request.user, org=org,
            person=PersonInput(name=payload.person.name, id_number=payload.person.id_number, phone=payload.person.phone),
            data=services.ConsultationInput(
                date=payload.date or timezone.localdate(), channel=payload.channel, topic=payload.topic, question=payload.question,
                answer=payload.answer, laws_cited="\n".join(payload.laws_cited), duration_minutes=payload.duration_minutes,
                follow_up=payload.follow_up, referred_to=payload.referred_to, number=payload.number,
            ),
        )
    return Status(201, _detail(request, consultation.uuid))
