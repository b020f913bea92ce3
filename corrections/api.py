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
from core.access import access_object, require_perm, supervised_object
from core.api import NEEDS_CONFIRMATION, SAME_PERSON_HELP, ErrorOut, IdKeyFilters, In, Pagination, choice_schema, filter_queryset
from core.audit import audit_record
from core.errors import AccessDenied, NotFound, ValidationFailed
from core.forms import client_ip
from corrections import discharge, investigations, reception, selectors, services
from corrections.choices import (
    ArrivalStatus,
    CommissioningBody,
    CorrectionType,
    EndReason,
    IntervieweeKind,
    InvestigationStatus,
    Opinion,
    TeamRole,
    TemporaryOutsideReason,
)
from corrections.choices import Status as SubjectStatus
from corrections.filtersets import ArrivalFilterSet, InvestigationFilterSet, SubjectFilterSet
from corrections.models import ExpectedArrival, Investigation, Subject
from corrections.privacy import masked_name, must_mask, request_offices
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
    def resolve_person_name(obj: Subject, context: Any) -> str:
        # 社区矫正法 第五十四条: a minor's name is masked for anyone outside the owning office.
        return masked_name(obj.person.name) if must_mask(obj, request_offices(context["request"])) else obj.person.name

    @staticmethod
    def resolve_person_id_number_masked(obj: Subject, context: Any) -> str:
        return "" if must_mask(obj, request_offices(context["request"])) else obj.person.id_number_masked

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
    level: str | None = Field(None, max_length=20, description="当前管理等级代码（strict 严管、normal 普管、lenient 宽管，以系统配置为准），"
                                                               "none 为未评定")
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
    temporary_reason: str = Field("", max_length=20, description=f"暂予监外执行情形：{_choice_list(TemporaryOutsideReason.choices)}")
    prohibitions: list[str] = Field(default_factory=list, max_length=10,
                                    description="禁止令内容，每项一条，照判决书原文；任何一项为空则整个接收不保存")
    same_person: bool = Field(False, description=SAME_PERSON_HELP)


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


@router.post("/subjects", response={201: SubjectOut, **WRITE_ERRORS, **NEEDS_CONFIRMATION}, summary="接收社区矫正对象（报到登记）")
@sensitive_variables("payload")
def subject_receive(request: HttpRequest, payload: SubjectReceiveIn) -> Status:
    """社区矫正对象报到后登记接收（社区矫正法 第二十一条、第二十二条），矫正责任人为当前用户。对象按身份证号码与人员信息库
    对应；工作台账在报到日记一人，并开启矫正期满解除的期限（第四十四条）。"""
    require_perm(request.user, "corrections.add_subject", what="接收社区矫正对象")
    org = _receiving_org(request, payload.org)
    with transaction.atomic():
        subject = services.subject_receive(
            actor=request.user, org=org,
            person=PersonInput(name=payload.person.name, id_number=payload.person.id_number, phone=payload.person.phone,
                               same_person=payload.same_person),
            data=services.SubjectInput(
                correction_type=payload.correction_type, decision_organ=payload.decision_organ,
                decision_number=payload.decision_number, crime=payload.crime, effective_date=payload.effective_date,
                start_date=payload.start_date, end_date=payload.end_date,
                reported_date=payload.reported_date or timezone.localdate(),
            ),
            prohibitions=[reception.ProhibitionInput(content=text) for text in payload.prohibitions],
            temporary_reason=payload.temporary_reason,
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
    subject = supervised_object(request.user, Subject, uuid=uuid)  # the 社区矫正机构's act: also the county's
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


# --- 调查评估 (社区矫正法 第十八条) --------------------------------------------------------------------------------



class InterviewOut(Schema):
    date: dt.date
    kind: str = Field(..., description=f"走访对象类别：{_choice_list(IntervieweeKind.choices)}")
    interviewee: str
    place: str
    content: str


class CorrectionInvestigationOut(Schema):
    uuid: uuid_lib.UUID
    person_name: str
    person_id_number_masked: str
    body_type: str = Field(..., description=f"委托机关类别：{_choice_list(CommissioningBody.choices)}")
    body_name: str
    case_number: str
    proposed_type: str
    crime: str
    received_date: dt.date
    fast_track: bool
    due_date: dt.date = Field(..., description="应完成日期（工作日计算，含延期）")
    extended_reason: str
    status: str = Field(..., description=f"办理状态：{_choice_list(InvestigationStatus.choices)}")
    opinion: str = Field(..., description=f"评估意见：{_choice_list(Opinion.choices)}")
    reasons: str
    findings: str
    opinion_date: dt.date | None
    on_time: bool | None = Field(..., description="是否按期出具意见书；调查中为空")
    number: str = Field(..., description="调查评估意见书文号")
    review_note: str
    reviewed_date: dt.date | None
    interviews: list[InterviewOut]
    org_code: str
    org_name: str

    @staticmethod
    def resolve_person_name(obj: Investigation) -> str:
        return obj.person.name

    @staticmethod
    def resolve_person_id_number_masked(obj: Investigation) -> str:
        return obj.person.id_number_masked

    @staticmethod
    def resolve_interviews(obj: Investigation) -> list[Any]:
        return list(obj.interviews.all())

    @staticmethod
    def resolve_org_code(obj: Investigation) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: Investigation) -> str:
        return obj.org.name


class InvestigationFilters(Schema):
    q: str | None = Field(None, max_length=100, description="关键字：姓名、委托机关、案号、罪名")
    status: Annotated[InvestigationStatus, choice_schema(InvestigationStatus, description="办理状态")] | None = None
    body_type: Annotated[CommissioningBody, choice_schema(CommissioningBody, description="委托机关类别")] | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    org: str | None = Field(None, max_length=100, description="司法所名称包含")


class CorrectionInvestigationIn(In):
    org: str = Field(..., max_length=32, description="承办司法所机构编码")
    name: str = Field(..., max_length=50, description="被调查人姓名")
    id_number: str = Field("", max_length=18, description="身份证号码（委托函载明的）")
    body_type: Annotated[CommissioningBody, choice_schema(CommissioningBody, description="委托机关类别")]
    body_name: str = Field(..., max_length=100)
    case_number: str = Field(..., max_length=60)
    proposed_type: Annotated[CorrectionType, choice_schema(CorrectionType, description="拟适用矫正类别")]
    crime: str = Field(..., max_length=200)
    received_date: dt.date | None = Field(None, description="收到委托日期，默认今天")
    fast_track: bool = Field(False, description="适用速裁程序（五个工作日）")
    same_person: bool = Field(False, description=SAME_PERSON_HELP)


def _investigation(request: HttpRequest, uuid: uuid_lib.UUID) -> Investigation:
    inv = selectors.investigation_detail(request.user, uuid)
    if inv is None:
        raise NotFound("未找到该调查评估，或您无权查看")
    return inv  # type: ignore[no-any-return]


def _writable_office(request: HttpRequest, model: Any, code: str, what: str) -> Org:
    org = writable_orgs(request.user, model).filter(kind=Org.Kind.OFFICE, code=code).first()
    if org is not None:
        return org  # type: ignore[no-any-return]
    visible = access_object(request.user, Org, code=code)
    if visible.kind != Org.Kind.OFFICE:
        raise ValidationFailed(f"“{visible.name}”不是司法所，请填写司法所的机构编码", field="org")
    raise AccessDenied(f"您不能在“{visible.name}”{what}", code="org_not_writable")


@router.get("/investigations", response=list[CorrectionInvestigationOut], summary="调查评估列表")
@paginate(Pagination)
def investigation_list(request: HttpRequest, filters: Query[InvestigationFilters]) -> QuerySet:
    """数据权限范围内的调查评估，筛选条件与“调查评估台账”页面相同。"""
    return filter_queryset(InvestigationFilterSet, filters,
                           selectors.investigation_list(request.user).prefetch_related("interviews"), request)


@router.get("/investigations/{uuid}", response={200: CorrectionInvestigationOut, 404: ErrorOut}, summary="调查评估详情")
def investigation_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> Investigation:
    """一件调查评估的委托、走访、意见和备案情况；每次查阅记入操作日志。"""
    inv = _investigation(request, uuid)
    audit_record(actor=request.user, action="other", summary=f"查阅调查评估 {inv.person.name}", obj=inv, ip_address=client_ip(request))
    return inv


@router.post("/investigations", response={201: CorrectionInvestigationOut, **WRITE_ERRORS, **NEEDS_CONFIRMATION}, summary="登记调查评估委托")
@sensitive_variables("payload")
def investigation_register(request: HttpRequest, payload: CorrectionInvestigationIn) -> Status:
    """收到委托函后登记（社区矫正法 第十八条）；期限为十个工作日，速裁案件五个工作日，按工作日历计算。"""
    require_perm(request.user, "corrections.add_investigation", what="登记调查评估委托")
    org = _writable_office(request, Investigation, payload.org, "登记调查评估委托")
    with transaction.atomic():
        inv = investigations.investigation_register(
            actor=request.user, org=org, person=PersonInput(name=payload.name, id_number=payload.id_number,
                                                              same_person=payload.same_person),
            data=investigations.InvestigationInput(
                body_type=payload.body_type, body_name=payload.body_name, case_number=payload.case_number,
                proposed_type=payload.proposed_type, crime=payload.crime,
                received_date=payload.received_date or timezone.localdate(), fast_track=payload.fast_track))
    return Status(201, _investigation(request, inv.uuid))


class ExtendIn(In):
    due_date: dt.date = Field(..., description="延长后的期限（工作日）")
    reason: str = Field(..., max_length=200, description="延期理由及委托机关同意情况")


@router.post("/investigations/{uuid}/extend", response={200: CorrectionInvestigationOut, **WRITE_ERRORS}, summary="延长调查评估期限")
def investigation_extend(request: HttpRequest, uuid: uuid_lib.UUID, payload: ExtendIn) -> Investigation:
    """经委托机关同意延长期限（实施办法 第十四条）。"""
    inv = access_object(request.user, Investigation, action="change", uuid=uuid)
    investigations.investigation_extend(actor=request.user, investigation=inv, due_date=payload.due_date, reason=payload.reason)
    return _investigation(request, uuid)


class InterviewIn(In):
    date: dt.date | None = Field(None, description="走访日期，默认今天")
    kind: Annotated[IntervieweeKind, choice_schema(IntervieweeKind, description="走访对象类别")]
    interviewee: str = Field(..., max_length=100)
    place: str = Field("", max_length=100)
    content: str = Field(..., max_length=4000)


@router.post("/investigations/{uuid}/interviews", response={200: CorrectionInvestigationOut, **WRITE_ERRORS}, summary="记录调查走访")
def investigation_interview(request: HttpRequest, uuid: uuid_lib.UUID, payload: InterviewIn) -> Investigation:
    """调查走访被调查人本人、家庭成员、村（居）委会、被害人等。"""
    inv = access_object(request.user, Investigation, action="change", uuid=uuid)
    investigations.interview_add(actor=request.user, investigation=inv, date=payload.date or timezone.localdate(), kind=payload.kind,
                                 interviewee=payload.interviewee, place=payload.place, content=payload.content)
    return _investigation(request, uuid)


class IssueIn(In):
    findings: str = Field(..., max_length=8000, description="调查情况")
    opinion: Annotated[Opinion, choice_schema(Opinion, description="评估意见")]
    reasons: str = Field(..., max_length=4000, description="意见理由")
    date: dt.date | None = Field(None, description="出具意见日期，默认今天")


@router.post("/investigations/{uuid}/issue", response={200: CorrectionInvestigationOut, **WRITE_ERRORS}, summary="出具调查评估意见书")
def investigation_issue(request: HttpRequest, uuid: uuid_lib.UUID, payload: IssueIn) -> Investigation:
    """出具意见（适宜或不适宜社区矫正），编号，期限关闭；被退回的重新出具时沿用原文号。"""
    inv = access_object(request.user, Investigation, action="change", uuid=uuid)
    investigations.investigation_issue(actor=request.user, investigation=inv, findings=payload.findings, opinion=payload.opinion,
                                       reasons=payload.reasons, date=payload.date or timezone.localdate())
    return _investigation(request, uuid)


@router.post("/investigations/{uuid}/submit", response={200: CorrectionInvestigationOut, **WRITE_ERRORS}, summary="调查评估意见书报备案")
def investigation_submit(request: HttpRequest, uuid: uuid_lib.UUID) -> Investigation:
    """将已出具的意见书报县级社区矫正机构备案。"""
    inv = access_object(request.user, Investigation, action="change", uuid=uuid)
    investigations.investigation_submit(actor=request.user, investigation=inv)
    return _investigation(request, uuid)


class InvestigationReviewIn(In):
    accept: bool = Field(..., description="true 同意备案，false 退回补正")
    note: str = Field("", max_length=200, description="审查意见；退回的必填")


@router.post("/investigations/{uuid}/review", response={200: CorrectionInvestigationOut, **WRITE_ERRORS}, summary="审查调查评估备案")
def investigation_review(request: HttpRequest, uuid: uuid_lib.UUID, payload: InvestigationReviewIn) -> Investigation:
    """县级社区矫正机构审查：同意备案或退回补正；司法所不能自行备案。县局查看、监督下级司法所的案件而不代为办理，
    备案审查是其监督职责，不受角色“办案范围”的限制。"""
    inv = supervised_object(request.user, Investigation, uuid=uuid)
    investigations.investigation_review(actor=request.user, investigation=inv, accept=payload.accept, note=payload.note)
    return _investigation(request, uuid)


# --- 待接收 (社区矫正法 第二十条、第二十一条) ---------------------------------------------------------------------


class ArrivalOut(Schema):
    uuid: uuid_lib.UUID
    person_name: str
    person_id_number_masked: str
    correction_type: str
    decision_organ: str
    decision_number: str
    effective_date: dt.date
    notice_date: dt.date
    due_date: dt.date = Field(..., description="应报到日期（社区矫正法 第二十一条）")
    status: str = Field(..., description=f"状态：{_choice_list(ArrivalStatus.choices)}")
    note: str
    subject_uuid: uuid_lib.UUID | None
    org_code: str

    @staticmethod
    def resolve_person_name(obj: ExpectedArrival) -> str:
        return obj.person.name

    @staticmethod
    def resolve_person_id_number_masked(obj: ExpectedArrival) -> str:
        return obj.person.id_number_masked

    @staticmethod
    def resolve_subject_uuid(obj: ExpectedArrival) -> uuid_lib.UUID | None:
        return obj.subject.uuid if obj.subject else None

    @staticmethod
    def resolve_org_code(obj: ExpectedArrival) -> str:
        return obj.org.code


class ArrivalFilters(Schema):
    q: str | None = Field(None, max_length=100)
    status: Annotated[ArrivalStatus, choice_schema(ArrivalStatus, description="状态")] | None = None
    org: str | None = Field(None, max_length=100)


class ArrivalIn(In):
    org: str = Field(..., max_length=32, description="接收司法所机构编码")
    name: str = Field(..., max_length=50)
    id_number: str = Field(..., max_length=18)
    correction_type: Annotated[CorrectionType, choice_schema(CorrectionType, description="矫正类别")]
    decision_organ: str = Field(..., max_length=100)
    decision_number: str = Field(..., max_length=60)
    effective_date: dt.date
    notice_date: dt.date | None = Field(None, description="收到通知日期，默认今天")
    same_person: bool = Field(False, description=SAME_PERSON_HELP)


def _arrival(request: HttpRequest, uuid: uuid_lib.UUID) -> ExpectedArrival:
    arrival = selectors.arrival_detail(request.user, uuid)
    if arrival is None:
        raise NotFound("未找到该待接收记录，或您无权查看")
    return arrival  # type: ignore[no-any-return]


@router.get("/arrivals", response=list[ArrivalOut], summary="待接收社区矫正对象列表")
@paginate(Pagination)
def arrival_list(request: HttpRequest, filters: Query[ArrivalFilters]) -> QuerySet:
    return filter_queryset(ArrivalFilterSet, filters, selectors.arrival_list(request.user), request)


@router.get("/arrivals/{uuid}", response={200: ArrivalOut, 404: ErrorOut}, summary="待接收社区矫正对象详情")
def arrival_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> ExpectedArrival:
    arrival = _arrival(request, uuid)
    audit_record(actor=request.user, action="other", summary=f"查阅待接收社区矫正对象 {arrival.person.name}", obj=arrival,
                 ip_address=client_ip(request))
    return arrival


@router.post("/arrivals", response={201: ArrivalOut, **WRITE_ERRORS, **NEEDS_CONFIRMATION}, summary="登记交付通知")
@sensitive_variables("payload")
def arrival_notice(request: HttpRequest, payload: ArrivalIn) -> Status:
    """决定机关的交付通知（社区矫正法 第二十条）；超过报到期限未报到的触发预警 YJ05。"""
    require_perm(request.user, "corrections.add_expectedarrival", what="登记交付通知")
    org = _writable_office(request, ExpectedArrival, payload.org, "登记交付通知")
    with transaction.atomic():
        arrival = reception.arrival_notice(
            actor=request.user, org=org, person=PersonInput(name=payload.name, id_number=payload.id_number,
                                                              same_person=payload.same_person),
            data=reception.ArrivalInput(correction_type=payload.correction_type, decision_organ=payload.decision_organ,
                                        decision_number=payload.decision_number, effective_date=payload.effective_date,
                                        notice_date=payload.notice_date or timezone.localdate()))
    return Status(201, _arrival(request, arrival.uuid))


class MissingIn(In):
    note: str = Field(..., max_length=200, description="查找经过")


@router.post("/arrivals/{uuid}/missing", response={200: ArrivalOut, **WRITE_ERRORS}, summary="认定漏管")
def arrival_missing(request: HttpRequest, uuid: uuid_lib.UUID, payload: MissingIn) -> ExpectedArrival:
    arrival = access_object(request.user, ExpectedArrival, action="change", uuid=uuid)
    reception.arrival_mark_missing(actor=request.user, arrival=arrival, note=payload.note)
    return _arrival(request, uuid)


# --- 入矫与解矫 -------------------------------------------------------------------------------------------------


class ProhibitionIn(In):
    content: str = Field(..., max_length=200, description="禁止令内容（照判决书原文）")
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@router.post("/subjects/{uuid}/prohibitions", response={200: SubjectOut, **WRITE_ERRORS}, summary="登记禁止令")
def subject_prohibition(request: HttpRequest, uuid: uuid_lib.UUID, payload: ProhibitionIn) -> Subject:
    subject = access_object(request.user, Subject, action="change", uuid=uuid)
    reception.prohibition_add(actor=request.user, subject=subject, data=reception.ProhibitionInput(**payload.dict()))
    return _detail(request, uuid)


class ReceptionIn(In):
    temporary_reason: str = Field("", max_length=20, description=f"暂予监外执行情形：{_choice_list(TemporaryOutsideReason.choices)}")
    announced_date: dt.date | None = Field(None, description="入矫宣告日期")
    place: str = Field("", max_length=100, description="宣告地点")


@router.post("/subjects/{uuid}/reception", response={200: SubjectOut, **WRITE_ERRORS}, summary="登记入矫信息")
def subject_reception(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReceptionIn) -> Subject:
    """暂予监外执行情形与入矫宣告（社区矫正法 第二十二条；未成年人不公开宣告，第五十四条）。"""
    subject = access_object(request.user, Subject, action="change", uuid=uuid)
    reception.reception_record(actor=request.user, subject=subject, **payload.dict())
    return _detail(request, uuid)


class MemberIn(In):
    name: str = Field(..., max_length=50)
    role: Annotated[TeamRole, choice_schema(TeamRole, description="身份")]
    sex: str = Field(..., max_length=1, description="性别：1（男）、2（女）")
    phone: str = Field("", max_length=20)
    knows_minors: bool = False


@router.post("/subjects/{uuid}/team", response={200: SubjectOut, **WRITE_ERRORS}, summary="矫正小组加入成员")
def subject_team(request: HttpRequest, uuid: uuid_lib.UUID, payload: MemberIn) -> Subject:
    """女性对象的矫正小组应有女性成员（第二十五条），未成年人的应有熟悉未成年人身心特点的人员（第五十二条）。"""
    subject = access_object(request.user, Subject, action="change", uuid=uuid)
    reception.team_member_add(actor=request.user, subject=subject, data=reception.MemberInput(**payload.dict()))
    return _detail(request, uuid)


class HandoverIn(In):
    appraisal: str = Field(..., max_length=4000, description="期满鉴定意见")
    needs: str = Field("", max_length=200)
    handed_to: str = Field("", max_length=100, description="接收安置帮教的单位或人员")
    handover_date: dt.date | None = None
    announced_date: dt.date | None = Field(None, description="解矫宣告日期")


@router.post("/subjects/{uuid}/handover", response={200: SubjectOut, **WRITE_ERRORS}, summary="期满鉴定与安置帮教交接")
def subject_handover(request: HttpRequest, uuid: uuid_lib.UUID, payload: HandoverIn) -> Subject:
    subject = access_object(request.user, Subject, action="change", uuid=uuid)
    discharge.handover_record(actor=request.user, subject=subject, data=discharge.HandoverInput(**payload.dict()))
    return _detail(request, uuid)
