"""安置帮教 over the API: the 名册 (list with the page's filters, one person) and every step of the page — register,
衔接, 建档, 风险评估, 走访, 帮扶, 失联, 结束. Reads are scoped by ``visible_to`` and a read of one file is logged like
on the page; writes go through ``resettlement.services``; errors leave as ``{code, message, field}`` in Chinese. ID
numbers are only ever shown masked."""

import datetime as dt
import uuid as uuid_lib
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from accounts.selectors import writable_orgs
from core.access import access_object, require_perm
from core.api import (
    IMPORT_ANSWERS,
    IMPORT_DESCRIPTION,
    NEEDS_CONFIRMATION,
    SAME_PERSON_HELP,
    ErrorOut,
    IdKeyFilters,
    ImportIn,
    In,
    Pagination,
    choice_schema,
    filter_queryset,
)
from core.audit import audit_record
from core.errors import AccessDenied, NotFound, ValidationFailed
from core.forms import client_ip
from core.imports import import_start
from core.taskruns import taskrun_status
from orgs.models import Org
from people.services import PersonInput
from resettlement import selectors, services
from resettlement.choices import (
    AssistanceKind,
    AssistReason,
    AssistResult,
    AssistStatus,
    Category,
    EndReason,
    GroupRole,
    HandoverMethod,
    PointsKind,
    RiskLevel,
    VisitKind,
)
from resettlement.choices import Status as ReleasedStatus
from resettlement.filtersets import AssistFilterSet, ReleasedFilterSet
from resettlement.models import AssistRequest, GroupMember, PointsItem, Released

router = Router(tags=["安置帮教"])

WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ResettleVisitOut(Schema):
    date: dt.date
    kind: Annotated[VisitKind, choice_schema(VisitKind, description="走访方式")]
    met: bool = Field(..., description="见到本人")
    content: str


class ResettleAssistanceOut(Schema):
    date: dt.date
    kind: Annotated[AssistanceKind, choice_schema(AssistanceKind, description="帮扶种类")]
    content: str


class ResettleGroupMemberOut(Schema):
    id: int
    name: str
    role: Annotated[GroupRole, choice_schema(GroupRole, description="身份")]
    phone: str
    task: str = Field(..., description="帮教任务")


class ReleasedOut(Schema):
    uuid: uuid_lib.UUID
    person_name: str
    person_id_number_masked: str = Field(..., description="部分隐藏的身份证号码")
    category: Annotated[Category, choice_schema(Category, description="对象类别")]
    crime: str = Field(..., description="原罪名")
    sentence: str = Field(..., description="原判刑期")
    prison: str = Field(..., description="服刑场所")
    release_date: dt.date = Field(..., description="释放（解除）日期")
    notice_date: dt.date | None = Field(None, description="收到刑满释放人员通知书日期；释放后发现的为空")
    key_subject: bool = Field(..., description="重点帮教对象（必接必送）")
    key_ground: str
    risk_level: Annotated[RiskLevel, choice_schema(RiskLevel, description="风险等级")]
    status: Annotated[ReleasedStatus, choice_schema(ReleasedStatus, description="帮教状态")]
    returned_date: dt.date | None = Field(None, description="衔接日期")
    handover_method: str = Field("", description=(
        "衔接方式：collected（接回）、family（家属接回）、self（自行返回）、transfer（解除社区矫正移交）；未衔接为空"))
    filed_date: dt.date | None = Field(None, description="建档日期")
    placed: bool = Field(..., description="已安置")
    period_end: dt.date = Field(..., description="帮教期止")
    out_of_contact_since: dt.date | None = Field(None, description="失联日期")
    ended_date: dt.date | None = None
    end_reason: str = Field("", description="结束原因：expired、reoffended、died、moved；未结束为空")
    reoffence: str = ""
    officer_name: str = Field(..., description="帮教责任人")
    org_code: str
    org_name: str
    co_org_code: str = Field("", description="双列管的居住地司法所机构编码；未双列管为空")
    co_org_name: str = Field("", description="双列管的居住地司法所")

    @staticmethod
    def resolve_co_org_code(obj: Released) -> str:
        return obj.co_org.code if obj.co_org else ""

    @staticmethod
    def resolve_co_org_name(obj: Released) -> str:
        return obj.co_org.name if obj.co_org else ""

    @staticmethod
    def resolve_person_name(obj: Released) -> str:
        return obj.person.name

    @staticmethod
    def resolve_person_id_number_masked(obj: Released) -> str:
        return obj.person.id_number_masked

    @staticmethod
    def resolve_officer_name(obj: Released) -> str:
        return obj.officer.display_name if obj.officer else ""

    @staticmethod
    def resolve_org_code(obj: Released) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: Released) -> str:
        return obj.org.name


class ResettlePointsOut(Schema):
    date: dt.date
    item: str = Field(..., description="积分项目")
    points: int = Field(..., description="积分：加分为正，兑换为负")
    note: str

    @staticmethod
    def resolve_item(obj: Any) -> str:
        return str(obj.item.name)


class ResettleAssistBriefOut(Schema):
    uuid: uuid_lib.UUID
    to_org_name: str
    sent_date: dt.date
    status: Annotated[AssistStatus, choice_schema(AssistStatus, description="协查状态")]
    result: str = Field("", description="协查结果：found（已查到）、not_found（未查到）；未回复为空")

    @staticmethod
    def resolve_to_org_name(obj: AssistRequest) -> str:
        return obj.to_org.name


class ReleasedDetailOut(ReleasedOut):
    visits: list[ResettleVisitOut]
    assistance: list[ResettleAssistanceOut]
    group: list[ResettleGroupMemberOut] = Field(..., description="帮教小组")
    points: list[ResettlePointsOut] = Field(..., description="积分记录")
    points_balance: int = Field(..., description="现有积分")
    assist_requests: list[ResettleAssistBriefOut] = Field(..., description="协查")

    @staticmethod
    def resolve_points(obj: Released) -> list[Any]:
        return list(obj.points.all())

    @staticmethod
    def resolve_points_balance(obj: Released) -> int:
        return sum(e.points for e in obj.points.all())

    @staticmethod
    def resolve_assist_requests(obj: Released) -> list[Any]:
        return list(obj.assist_requests.all())

    @staticmethod
    def resolve_group(obj: Released) -> list[Any]:
        return list(obj.group.all())

    @staticmethod
    def resolve_visits(obj: Released) -> list[Any]:
        return list(obj.visits.all())

    @staticmethod
    def resolve_assistance(obj: Released) -> list[Any]:
        return list(obj.assistance.all())


class ReleasedFilters(IdKeyFilters):
    q: str | None = Field(None, max_length=100, description="关键字：姓名、原罪名、服刑场所")
    category: Annotated[Category, choice_schema(Category, description="对象类别")] | None = None
    status: Annotated[ReleasedStatus, choice_schema(ReleasedStatus, description="帮教状态")] | None = None
    risk_level: Annotated[RiskLevel, choice_schema(RiskLevel, description="风险等级")] | None = None
    key_subject: bool | None = Field(None, description="重点帮教对象")
    released_from: dt.date | None = Field(None, description="释放日期起")
    released_to: dt.date | None = Field(None, description="释放日期止")
    org: str | None = Field(None, max_length=100, description="司法所名称包含")


def _detail(request: HttpRequest, uuid: uuid_lib.UUID) -> Released:
    released = selectors.released_detail(request.user, uuid)
    if released is None:
        raise NotFound("未找到该安置帮教对象，或您无权查看")
    return released


def _changing(request: HttpRequest, uuid: uuid_lib.UUID) -> Released:
    return access_object(request.user, Released, action="change", uuid=uuid)  # type: ignore[no-any-return]


@router.get("/released", response=list[ReleasedOut], summary="安置帮教对象列表")
@paginate(Pagination)
def released_list(request: HttpRequest, filters: Query[ReleasedFilters]) -> QuerySet:
    """数据权限范围内的安置帮教对象，筛选条件与“安置帮教对象名册”页面相同。"""
    return filter_queryset(ReleasedFilterSet, filters, selectors.released_list(request.user), request)


@router.post("/released/import", response=IMPORT_ANSWERS, summary="导入刑满释放人员通知（Excel）", description=(
    "与“安置帮教对象名册”页面的导入相同：每一行经登记刑满释放人员的同一业务规则登记，全部正确才写入。" + IMPORT_DESCRIPTION))
def released_import(request: HttpRequest, file: File[UploadedFile], data: Form[ImportIn]) -> Status:
    """The page's import dialog over the API: the same ``core.imports.import_start`` and task."""
    require_perm(request.user, "resettlement.add_released", what="导入刑满释放人员通知")
    org = _registering_org(request, data.org)
    run = import_start(actor=request.user, org=org, upload=file, importer="resettlement.imports.released_import",
                       label="导入刑满释放人员通知", update_existing=data.update_existing, ip_address=client_ip(request))
    return Status(202, taskrun_status(run))


@router.get("/released/{uuid}", response={200: ReleasedDetailOut, 404: ErrorOut}, summary="安置帮教对象详情")
def released_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> Released:
    """一名安置帮教对象的档案、走访和帮扶；每次查阅记入操作日志。"""
    released = _detail(request, uuid)
    audit_record(actor=request.user, action="other", summary=f"查阅安置帮教档案 {released.person.name}", obj=released,
                 ip_address=client_ip(request))
    return released


class ReleasedPersonIn(In):
    name: str = Field(..., max_length=50)
    id_number: str = Field(..., max_length=18, description="身份证号码（必填；与人员信息库关联）")
    phone: str = Field("", max_length=20)


class ReleasedRegisterIn(In):
    org: str = Field(..., max_length=32, description="户籍地司法所的机构编码")
    person: ReleasedPersonIn
    category: Annotated[Category, choice_schema(Category, description="对象类别")] = Category.RELEASED
    crime: str = Field(..., max_length=200, description="原罪名")
    sentence: str = Field(..., max_length=60, description="原判刑期")
    prison: str = Field(..., max_length=100, description="服刑场所")
    release_date: dt.date = Field(..., description="释放（解除）日期")
    notice_date: dt.date | None = Field(None, description="收到通知日期；释放后发现的不填")
    key_subject: bool = Field(False, description="重点帮教对象（必接必送）")
    key_ground: str = Field("", max_length=200, description="列为重点的理由（重点帮教对象必填）")
    same_person: bool = Field(False, description=SAME_PERSON_HELP)


def _registering_org(request: HttpRequest, code: str) -> Org:
    org = writable_orgs(request.user, Released, action="supervise").filter(kind=Org.Kind.OFFICE, code=code).first()
    if org is not None:
        return org  # type: ignore[no-any-return]
    visible = access_object(request.user, Org, code=code)
    if visible.kind != Org.Kind.OFFICE:
        raise ValidationFailed(f"“{visible.name}”不是司法所；安置帮教对象由户籍地司法所登记，请填写司法所的机构编码", field="org")
    raise AccessDenied(f"您不能在“{visible.name}”登记安置帮教对象，请选择您所在或有权管理的司法所", code="org_not_writable")


@router.post("/released", response={201: ReleasedDetailOut, **WRITE_ERRORS, **NEEDS_CONFIRMATION}, summary="登记刑满释放人员（安置帮教对象）")
@sensitive_variables("payload")
def released_register(request: HttpRequest, payload: ReleasedRegisterIn) -> Status:
    """登记监狱的刑满释放人员通知书或释放后发现的人员；帮教期自释放之日起计算，衔接期限随之开启。"""
    require_perm(request.user, "resettlement.add_released", what="登记安置帮教对象")
    org = _registering_org(request, payload.org)
    released = services.released_register(
        actor=request.user, org=org,
        person=PersonInput(name=payload.person.name, id_number=payload.person.id_number, phone=payload.person.phone,
                           same_person=payload.same_person),
        data=services.ReleasedInput(category=payload.category, crime=payload.crime, sentence=payload.sentence,
                                    prison=payload.prison, release_date=payload.release_date, notice_date=payload.notice_date,
                                    key_subject=payload.key_subject, key_ground=payload.key_ground),
    )
    return Status(201, _detail(request, released.uuid))


class ReleasedHandoverIn(In):
    date: dt.date | None = Field(None, description="衔接日期，默认今天")
    method: Annotated[HandoverMethod, choice_schema(HandoverMethod, description="衔接方式；重点帮教对象必须为接回")]
    collected_by: str = Field("", max_length=100, description="接回人；自行返回的不填")


@router.post("/released/{uuid}/handover", response={200: ReleasedDetailOut, **WRITE_ERRORS}, summary="记录衔接")
def released_handover(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReleasedHandoverIn) -> Released:
    """衔接后开始帮教：首次走访期限和帮教期满期限随之开启。"""
    services.handover_record(actor=request.user, released=_changing(request, uuid), date=payload.date or timezone.localdate(),
                             method=payload.method, collected_by=payload.collected_by)
    return _detail(request, uuid)


class ReleasedFileIn(In):
    prison_conduct: str = Field("", max_length=300)
    family: str = Field(..., max_length=300, description="家庭情况")
    education: str = Field("", max_length=20)
    skills: str = Field("", max_length=200)
    housing: str = Field(..., max_length=200, description="住房情况")
    income: str = Field(..., max_length=200, description="生活来源")


@router.put("/released/{uuid}/file", response={200: ReleasedDetailOut, **WRITE_ERRORS}, summary="建立（修改）安置帮教档案")
def released_file(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReleasedFileIn) -> Released:
    """首次建档计入考核；之后的修改只更新档案。"""
    services.file_record(actor=request.user, released=_changing(request, uuid), data=services.FileInput(**payload.dict()))
    return _detail(request, uuid)


class ReleasedRiskIn(In):
    date: dt.date | None = Field(None, description="评估日期，默认今天")
    level: Annotated[RiskLevel, choice_schema(RiskLevel, description="风险等级")]
    reason: str = Field(..., max_length=300, description="评定理由")
    key_subject: bool | None = Field(None, description="重点帮教对象；不填则不变")
    key_ground: str = Field("", max_length=200)


@router.post("/released/{uuid}/risk", response={200: ReleasedDetailOut, **WRITE_ERRORS}, summary="风险评估")
def released_risk(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReleasedRiskIn) -> Released:
    services.risk_assess(actor=request.user, released=_changing(request, uuid), level=payload.level, reason=payload.reason,
                         date=payload.date, key_subject=payload.key_subject, key_ground=payload.key_ground)
    return _detail(request, uuid)


class ReleasedVisitIn(In):
    date: dt.date | None = Field(None, description="走访日期，默认今天")
    kind: Annotated[VisitKind, choice_schema(VisitKind, description="走访方式")] = VisitKind.HOME
    met: bool = Field(True, description="见到本人")
    content: str = Field(..., max_length=2000, description="走访情况")


@router.post("/released/{uuid}/visits", response={201: ReleasedDetailOut, **WRITE_ERRORS}, summary="记录走访")
def released_visit(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReleasedVisitIn) -> Status:
    """关闭到期的走访期限，并按风险等级开启下次走访期限。"""
    services.visit_record(actor=request.user, released=_changing(request, uuid), date=payload.date or timezone.localdate(),
                          kind=payload.kind, content=payload.content, met=payload.met)
    return Status(201, _detail(request, uuid))


class ReleasedAssistanceIn(In):
    date: dt.date | None = Field(None, description="帮扶日期，默认今天")
    kind: Annotated[AssistanceKind, choice_schema(AssistanceKind, description="帮扶种类")]
    content: str = Field(..., max_length=300, description="帮扶内容")


@router.post("/released/{uuid}/assistance", response={201: ReleasedDetailOut, **WRITE_ERRORS}, summary="记录安置帮扶")
def released_assistance(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReleasedAssistanceIn) -> Status:
    services.assistance_record(actor=request.user, released=_changing(request, uuid), date=payload.date or timezone.localdate(),
                               kind=payload.kind, content=payload.content)
    return Status(201, _detail(request, uuid))


class ReleasedLostIn(In):
    date: dt.date | None = Field(None, description="失联日期，默认今天")
    note: str = Field(..., max_length=300, description="失联情况和查找措施")


@router.post("/released/{uuid}/lost", response={200: ReleasedDetailOut, **WRITE_ERRORS}, summary="登记失联")
def released_lost(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReleasedLostIn) -> Released:
    services.contact_lost(actor=request.user, released=_changing(request, uuid), date=payload.date or timezone.localdate(),
                          note=payload.note)
    return _detail(request, uuid)


class ReleasedEndIn(In):
    reason: Annotated[EndReason, choice_schema(EndReason, description="结束原因")]
    date: dt.date | None = Field(None, description="结束日期，默认今天")
    reoffence: str = Field("", max_length=200, description="重新犯罪罪名（重新犯罪的必填）")


@router.post("/released/{uuid}/end", response={200: ReleasedDetailOut, **WRITE_ERRORS}, summary="结束帮教")
def released_end(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReleasedEndIn) -> Released:
    """帮教期满、重新犯罪、死亡或迁出；该对象的全部期限随之关闭。"""
    services.released_end(actor=request.user, released=_changing(request, uuid), reason=payload.reason,
                          date=payload.date or timezone.localdate(), reoffence=payload.reoffence)
    return _detail(request, uuid)


class ReleasedGroupMemberIn(In):
    name: str = Field(..., max_length=50)
    role: Annotated[GroupRole, choice_schema(GroupRole, description="身份")]
    phone: str = Field("", max_length=20)
    task: str = Field(..., max_length=200, description="帮教任务")


@router.post("/released/{uuid}/group", response={201: ReleasedDetailOut, **WRITE_ERRORS}, summary="帮教小组增加成员")
def released_group_add(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReleasedGroupMemberIn) -> Status:
    services.group_member_add(actor=request.user, released=_changing(request, uuid), name=payload.name, role=payload.role,
                              task=payload.task, phone=payload.phone)
    return Status(201, _detail(request, uuid))


@router.delete("/released/{uuid}/group/{member}", response={200: ReleasedDetailOut, **WRITE_ERRORS}, summary="帮教小组移除成员")
def released_group_remove(request: HttpRequest, uuid: uuid_lib.UUID, member: int) -> Released:
    released = _changing(request, uuid)
    item = GroupMember.objects.filter(released=released, pk=member).first()
    if item is None:
        raise NotFound("未找到该帮教小组成员")
    services.group_member_remove(actor=request.user, member=item)
    return _detail(request, uuid)


class ReleasedCoManageIn(In):
    co_org: str = Field("", max_length=32, description="居住地司法所的机构编码；空则解除双列管")
    co_note: str = Field("", max_length=200, description="双列管说明，如 现居住地址（设置双列管时必填）")


@router.post("/released/{uuid}/co-manage", response={200: ReleasedDetailOut, **WRITE_ERRORS}, summary="设置（解除）双列管")
def released_co_manage(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReleasedCoManageIn) -> Released:
    """户籍地与居住地不一致的，由户籍地司法所设置居住地司法所共同管理；期限仍由户籍地司法所负责。"""
    released = _changing(request, uuid)
    co_org = None
    if payload.co_org:
        co_org = Org.objects.filter(code=payload.co_org, is_active=True).first()
        if co_org is None:
            raise ValidationFailed(f"没有机构编码为 {payload.co_org} 的在用单位", field="co_org")
    services.co_manage_set(actor=request.user, released=released, co_org=co_org, note=payload.co_note)
    return _detail(request, uuid)


class PointsItemOut(Schema):
    id: int
    name: str
    kind: Annotated[PointsKind, choice_schema(PointsKind, description="加分或兑换")]
    points: int = Field(..., description="分值")


@router.get("/points-items", response=list[PointsItemOut], summary="安置帮教积分项目")
def points_items(request: HttpRequest) -> Any:
    """在用的积分项目（系统管理员设置；默认值未经全国统一）。"""
    require_perm(request.user, "resettlement.view_released", what="查看安置帮教积分项目")
    return list(selectors.points_items())


class ReleasedPointsIn(In):
    item: int = Field(..., description="积分项目编号（见积分项目列表）")
    date: dt.date | None = Field(None, description="日期，默认今天")
    note: str = Field("", max_length=200)


@router.post("/released/{uuid}/points", response={201: ReleasedDetailOut, **WRITE_ERRORS}, summary="记录积分（加分或兑换）")
def released_points(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReleasedPointsIn) -> Status:
    """兑换不能超过现有积分。"""
    released = _changing(request, uuid)
    item = PointsItem.objects.filter(pk=payload.item).first()
    services.points_record(actor=request.user, released=released, item=item, date=payload.date or timezone.localdate(),
                           note=payload.note)
    return Status(201, _detail(request, uuid))


class AssistOut(Schema):
    uuid: uuid_lib.UUID
    released_uuid: uuid_lib.UUID
    person_name: str
    person_id_number_masked: str = Field(..., description="部分隐藏的身份证号码")
    reason: Annotated[AssistReason, choice_schema(AssistReason, description="协查原因")]
    details: str = Field(..., description="协查事项")
    org_code: str = Field(..., description="发出单位机构编码")
    org_name: str
    to_org_code: str = Field(..., description="协查单位机构编码")
    to_org_name: str
    sent_date: dt.date
    due_date: dt.date = Field(..., description="回复期限")
    status: Annotated[AssistStatus, choice_schema(AssistStatus, description="协查状态")]
    result: str = Field("", description="协查结果：found（已查到）、not_found（未查到）；未回复为空")
    reply: str = Field("", description="回复情况")
    replied_date: dt.date | None = None

    @staticmethod
    def resolve_released_uuid(obj: AssistRequest) -> uuid_lib.UUID:
        return obj.released.uuid

    @staticmethod
    def resolve_person_name(obj: AssistRequest) -> str:
        return obj.released.person.name

    @staticmethod
    def resolve_person_id_number_masked(obj: AssistRequest) -> str:
        return obj.released.person.id_number_masked

    @staticmethod
    def resolve_org_code(obj: AssistRequest) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: AssistRequest) -> str:
        return obj.org.name

    @staticmethod
    def resolve_to_org_code(obj: AssistRequest) -> str:
        return obj.to_org.code

    @staticmethod
    def resolve_to_org_name(obj: AssistRequest) -> str:
        return obj.to_org.name


class AssistFilters(Schema):
    q: str | None = Field(None, max_length=50, description="帮教对象姓名包含")
    status: Annotated[AssistStatus, choice_schema(AssistStatus, description="协查状态")] | None = None
    reason: Annotated[AssistReason, choice_schema(AssistReason, description="协查原因")] | None = None
    to_org: str | None = Field(None, max_length=100, description="协查单位名称包含")


class ReleasedAssistIn(In):
    to_org: str = Field(..., max_length=32, description="协查单位（司法所或县级司法局）的机构编码")
    reason: Annotated[AssistReason, choice_schema(AssistReason, description="协查原因")]
    details: str = Field(..., max_length=2000, description="协查事项")
    date: dt.date | None = Field(None, description="发出日期，默认今天")


def _assist(request: HttpRequest, uuid: uuid_lib.UUID) -> AssistRequest:
    item = selectors.assist_detail(request.user, uuid)
    if item is None:
        raise NotFound("未找到该协查，或您无权查看")
    return item


@router.post("/released/{uuid}/assist", response={201: AssistOut, **WRITE_ERRORS}, summary="发起协查")
def released_assist(request: HttpRequest, uuid: uuid_lib.UUID, payload: ReleasedAssistIn) -> Status:
    """释放后未衔接或失联下落不明的，向其他司法所或县级司法局发出协查；回复期限随之开启。"""
    released = _changing(request, uuid)
    to_org = Org.objects.filter(code=payload.to_org, is_active=True).first()
    if to_org is None:
        raise ValidationFailed(f"没有机构编码为 {payload.to_org} 的在用单位", field="to_org")
    item = services.assist_request(actor=request.user, released=released, to_org=to_org, reason=payload.reason,
                                   details=payload.details, date=payload.date)
    return Status(201, _assist(request, item.uuid))


@router.get("/assist", response=list[AssistOut], summary="安置帮教协查列表")
@paginate(Pagination)
def assist_list(request: HttpRequest, filters: Query[AssistFilters]) -> QuerySet:
    """本单位发出的和发给本单位的协查，筛选条件与“安置帮教协查”页面相同。"""
    return filter_queryset(AssistFilterSet, filters, selectors.assist_list(request.user), request)


@router.get("/assist/{uuid}", response={200: AssistOut, 404: ErrorOut}, summary="安置帮教协查详情")
def assist_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> AssistRequest:
    return _assist(request, uuid)


class AssistReplyIn(In):
    result: Annotated[AssistResult, choice_schema(AssistResult, description="协查结果")]
    reply: str = Field(..., max_length=2000, description="回复情况")
    date: dt.date | None = Field(None, description="回复日期，默认今天")


@router.post("/assist/{uuid}/reply", response={200: AssistOut, **WRITE_ERRORS}, summary="回复协查")
def assist_reply(request: HttpRequest, uuid: uuid_lib.UUID, payload: AssistReplyIn) -> AssistRequest:
    """由协查单位回复；回复期限随之关闭。"""
    item = access_object(request.user, AssistRequest, action="change", uuid=uuid)
    services.assist_reply(actor=request.user, request=item, result=payload.result, reply=payload.reply, date=payload.date)
    return _assist(request, uuid)
