"""社区矫正 over the API: the 社区矫正对象台账 (list with the page's filters, one subject) and the 接收报到登记.
Reads are scoped by ``visible_to`` and a read of one subject's file is logged like on the page; the write goes
through ``corrections.services`` (validation, people registry, audit row, ledger entry and the 期满 clock in one
transaction); errors leave as ``{code, message, field}`` in Chinese. ID numbers are only ever shown masked and a
subject's address is not served here."""

import datetime as dt
import uuid as uuid_lib
from typing import Annotated, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.selectors import writable_orgs
from core.access import access_object, require_perm
from core.api import ErrorOut, IdKeyFilters, In, Pagination, choice_schema, filter_queryset
from core.audit import audit_record
from core.errors import AccessDenied, NotFound, ValidationFailed
from core.forms import client_ip
from corrections import selectors, services
from corrections.choices import CorrectionType, EndReason
from corrections.choices import Status as SubjectStatus
from corrections.filtersets import SubjectFilterSet
from corrections.models import Subject
from orgs.models import Org
from people.services import PersonInput

router = Router(tags=["社区矫正"])

WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _choice_list(choices: Any) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


class SubjectOut(Schema):
    uuid: uuid_lib.UUID
    person_name: str
    person_id_number_masked: str = Field(..., description="部分隐藏的身份证号码")
    person_sex: str = Field(..., description="性别")
    correction_type: str = Field(..., description=f"矫正类别：{_choice_list(CorrectionType.choices)}")
    correction_type_display: str
    crime: str = Field(..., description="罪名")
    decision_organ: str = Field(..., description="社区矫正决定机关")
    decision_number: str = Field(..., description="判决书、裁定书或决定书文号")
    effective_date: dt.date = Field(..., description="判决、裁定或决定生效日期")
    start_date: dt.date = Field(..., description="矫正期限起")
    end_date: dt.date = Field(..., description="矫正期限止")
    period: str = Field(..., description="矫正期限，如 1年6个月")
    report_due_date: dt.date | None = Field(..., description="应报到日期（生效之日起十日内，社区矫正法 第二十一条；暂予监外执行为空）")
    reported_date: dt.date = Field(..., description="报到日期")
    reported_late_days: int = Field(..., description="逾期报到日数，按期报到为 0")
    status: str = Field(..., description=f"矫正状态：{_choice_list(SubjectStatus.choices)}")
    status_display: str
    ended_date: dt.date | None = Field(None, description="解除（终止）日期")
    end_reason: str = Field("", description=f"解除（终止）原因：{_choice_list(EndReason.choices)}")
    officer_name: str = Field(..., description="矫正责任人")
    org_code: str
    org_name: str

    @staticmethod
    def resolve_person_name(obj: Subject) -> str:
        return obj.person.name

    @staticmethod
    def resolve_person_id_number_masked(obj: Subject) -> str:
        return obj.person.id_number_masked

    @staticmethod
    def resolve_person_sex(obj: Subject) -> str:
        return obj.person.get_sex_display()

    @staticmethod
    def resolve_correction_type_display(obj: Subject) -> str:
        return obj.get_correction_type_display()

    @staticmethod
    def resolve_period(obj: Subject) -> str:
        return obj.period_text

    @staticmethod
    def resolve_status_display(obj: Subject) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_officer_name(obj: Subject) -> str:
        return obj.officer.display_name if obj.officer else ""

    @staticmethod
    def resolve_org_code(obj: Subject) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: Subject) -> str:
        return obj.org.name


class SubjectFilters(IdKeyFilters):
    q: str | None = Field(None, max_length=100, description="关键字：姓名、罪名、文书文号、决定机关")
    correction_type: Annotated[CorrectionType, choice_schema(CorrectionType, description="矫正类别")] | None = None
    status: Annotated[SubjectStatus, choice_schema(SubjectStatus, description="矫正状态")] | None = None
    reported_from: dt.date | None = Field(None, description="报到日期起")
    reported_to: dt.date | None = Field(None, description="报到日期止")
    officer: str | None = Field(None, max_length=50, description="矫正责任人姓名包含")
    org: str | None = Field(None, max_length=100, description="司法所名称包含")


class SubjectPersonIn(In):
    name: str = Field(..., max_length=50, description="社区矫正对象姓名")
    id_number: str = Field(..., max_length=18, description="身份证号码（必填，核实身份；与人员信息库关联）")
    phone: str = Field("", max_length=20)


class SubjectReceiveIn(In):
    org: str = Field(..., max_length=32, description="接收的司法所机构编码")
    person: SubjectPersonIn
    correction_type: Annotated[CorrectionType, choice_schema(CorrectionType, description="矫正类别")]
    crime: str = Field(..., max_length=200, description="罪名")
    decision_organ: str = Field(..., max_length=100, description="社区矫正决定机关，如 赤峰市红山区人民法院")
    decision_number: str = Field(..., max_length=60, description="法律文书文号，如 （2026）内0402刑初123号")
    effective_date: dt.date = Field(..., description="判决、裁定或决定生效日期")
    start_date: dt.date = Field(..., description="矫正期限起（缓刑为判决确定之日，刑法 第七十三条）")
    end_date: dt.date = Field(..., description="矫正期限止")
    reported_date: dt.date | None = Field(None, description="报到日期，默认今天")


def _receiving_org(request: HttpRequest, code: str) -> Org:
    """The 司法所 named by ``code`` if the user may receive subjects there (invisible 404, read-only 403)."""
    org = writable_orgs(request.user, Subject).filter(kind=Org.Kind.OFFICE, code=code).first()
    if org is not None:
        return org  # type: ignore[no-any-return]
    visible = access_object(request.user, Org, code=code)
    if visible.kind != Org.Kind.OFFICE:
        raise ValidationFailed(f"“{visible.name}”不是司法所；社区矫正对象由受委托的司法所接收，请填写司法所的机构编码", field="org")
    raise AccessDenied(f"您不能在“{visible.name}”接收社区矫正对象，请选择您所在或有权管理的司法所", code="org_not_writable")


def _detail(request: HttpRequest, uuid: uuid_lib.UUID) -> Subject:
    subject = selectors.subject_detail(request.user, uuid)
    if subject is None:
        raise NotFound("未找到该社区矫正对象，或您无权查看")
    return subject


@router.get("/subjects", response=list[SubjectOut], summary="社区矫正对象列表")
@paginate(Pagination)
def subject_list(request: HttpRequest, filters: Query[SubjectFilters]) -> QuerySet:
    """数据权限范围内的社区矫正对象，筛选条件与“社区矫正对象台账”页面相同。"""
    return filter_queryset(SubjectFilterSet, filters, selectors.subject_list(request.user), request)


@router.get("/subjects/{uuid}", response={200: SubjectOut, 404: ErrorOut}, summary="社区矫正对象详情")
def subject_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> Subject:
    """一名社区矫正对象的基本信息与矫正期限；每次查阅记入操作日志。"""
    subject = _detail(request, uuid)
    audit_record(actor=request.user, action="other", summary=f"查阅社区矫正对象档案 {subject.person.name}", obj=subject,
                 ip_address=client_ip(request))
    return subject


@router.post("/subjects", response={201: SubjectOut, **WRITE_ERRORS}, summary="接收社区矫正对象（报到登记）")
@sensitive_variables("payload")
def subject_receive(request: HttpRequest, payload: SubjectReceiveIn) -> Status:
    """社区矫正对象报到后登记接收（社区矫正法 第二十一条、第二十二条），矫正责任人为当前用户。对象按身份证号码与人员信息库
    对应；工作台账在报到日记一人，并开启矫正期满解除的期限（第四十四条）。"""
    require_perm(request.user, "corrections.add_subject", what="接收社区矫正对象")
    org = _receiving_org(request, payload.org)
    with transaction.atomic():
        subject = services.subject_receive(
            actor=request.user, org=org,
            person=PersonInput(name=payload.person.name, id_number=payload.person.id_number, phone=payload.person.phone),
            data=services.SubjectInput(
                correction_type=payload.correction_type, decision_organ=payload.decision_organ,
                decision_number=payload.decision_number, crime=payload.crime, effective_date=payload.effective_date,
                start_date=payload.start_date, end_date=payload.end_date,
                reported_date=payload.reported_date or timezone.localdate(),
            ),
        )
    return Status(201, _detail(request, subject.uuid))


class SubjectReleaseIn(In):
    reason: str = Field(..., max_length=20, description=f"原因：{_choice_list(EndReason.choices)}；期满、赦免为解除（社区矫正法 "
                                                        "第四十四条），其余为终止（第四十五条）")
    date: dt.date | None = Field(None, description="解除（终止）日期，默认今天")
    note: str = Field("", max_length=200, description="说明，如 解除社区矫正证明书编号")


@router.post("/subjects/{uuid}/release", response={200: SubjectOut, **WRITE_ERRORS}, summary="解除或终止社区矫正")
def subject_release(request: HttpRequest, uuid: uuid_lib.UUID, payload: SubjectReleaseIn) -> Subject:
    """矫正期满或被赦免的解除，撤销缓刑、撤销假释、收监执行或死亡的终止（社区矫正法 第四十四条、第四十五条）；
    矫正期满解除的期限随之关闭，工作台账记一人。"""
    subject = access_object(request.user, Subject, action="change", uuid=uuid)
    with transaction.atomic():
        services.subject_release(actor=request.user, subject=subject, reason=payload.reason,
                                 date=payload.date or timezone.localdate(), note=payload.note)
    return _detail(request, subject.uuid)


class SubjectPatchIn(In):
    """更正基本信息: only the fields given are changed; the person is edited in 人员信息库."""

    correction_type: Annotated[CorrectionType, choice_schema(CorrectionType, description="矫正类别")] | None = None
    crime: str | None = Field(None, max_length=200)
    decision_organ: str | None = Field(None, max_length=100)
    decision_number: str | None = Field(None, max_length=60)
    effective_date: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    reported_date: dt.date | None = None


@router.patch("/subjects/{uuid}", response={200: SubjectOut, **WRITE_ERRORS}, summary="更正社区矫正对象基本信息")
def subject_update(request: HttpRequest, uuid: uuid_lib.UUID, payload: SubjectPatchIn) -> Subject:
    """更正前后的值记入操作日志；报到日期或期限改变时，工作台账和矫正期满期限随之更正。"""
    subject = access_object(request.user, Subject, action="change", uuid=uuid)
    changes = payload.dict(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise ValidationFailed(f"“{name}”不能为空；不修改的字段请不要放在请求中", field=name)
    current = {name: getattr(subject, name) for name in services.EDITABLE_FIELDS}
    services.subject_update(actor=request.user, subject=subject, data=services.SubjectInput(**{**current, **changes}))
    return _detail(request, uuid)
