"""预警督办 over the API: the warnings of the user's scope, and the 督办 loop that follows one — issued by the bureau with
its numbered 函/单/书 (下发), received (签收) and rectified (整改反馈) by the office, verified (核查销号) or sent back
(退回重新整改) by the bureau.

Reads are scoped by ``visible_to``; every write goes through ``supervision.services`` (one transaction with the audit
row, the ledger entry, the rectification clock and the notices) after the same checks as the pages: a record outside
the scope is 404, one the user may only read is 403. Errors leave as ``{code, message, field}`` in Chinese."""

import datetime as dt
import uuid as uuid_lib
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from core.access import access_object, require_perm
from core.api import DeadlineOut, ErrorOut, In, Pagination, filter_queryset
from core.deadlines import open_deadlines_for
from core.errors import NotFound
from core.forms import client_ip
from documents.models import GeneratedDocument
from documents.selectors import documents_of
from supervision import selectors, services
from supervision.choices import IssueDocument, ItemStatus
from supervision.filtersets import EarlyWarningFilterSet, SupervisionItemFilterSet
from supervision.models import EarlyWarning, Feedback, FeedbackAttachment, SupervisionItem, SupervisionStep
from supervision.rules import EVALUATORS

router = Router(tags=["预警督办"])

WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
ISSUE_PERM, RECTIFY_PERM = services.ISSUE_PERM, services.RECTIFY_PERM


def _choice_list(choices: Any) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


# ---------------------------------------------------------------------------------------------------------------
# Output


class IssuedDocumentOut(Schema):
    uuid: uuid_lib.UUID
    kind: str = Field(..., description="文书种类代码，如 supervision_letter")
    kind_label: str = Field(..., description="文书名称，如 督办函")
    number: str = Field(..., description="文号")
    title: str
    created_at: dt.datetime
    download_url: str = Field(..., description="Word 文件下载地址（同样受数据权限限制）")

    @staticmethod
    def resolve_download_url(obj: GeneratedDocument) -> str:
        return reverse("documents:download", kwargs={"uuid": obj.uuid})


class SupervisionItemBrief(Schema):
    uuid: uuid_lib.UUID
    number: str = Field(..., description="督办文号")
    title: str
    doc_kind: str
    doc_kind_display: str
    status: str = Field(..., description=f"办理状态：{_choice_list(ItemStatus.choices)}")
    status_display: str
    due_date: dt.date = Field(..., description="整改期限")
    issuing_org_name: str

    @staticmethod
    def resolve_doc_kind_display(obj: SupervisionItem) -> str:
        return obj.get_doc_kind_display()

    @staticmethod
    def resolve_status_display(obj: SupervisionItem) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_issuing_org_name(obj: SupervisionItem) -> str:
        return obj.issuing_org.name


class WarningOut(Schema):
    uuid: uuid_lib.UUID
    org_code: str
    org_name: str
    rule_code: str = Field(..., description="预警规则编号")
    rule_name: str = Field(..., description="预警类别")
    level: str = Field(..., description="red 红色，orange 橙色，yellow 黄色")
    level_display: str
    period: str = Field(..., description="预警期，如 2026-05")
    facts: str = Field(..., description="预警事实（督办文书中的问题事实即由此而来）")
    value: Decimal | None = Field(..., description="指标值")
    detected_on: dt.date
    last_seen_on: dt.date
    owner_name: str = Field(..., description="责任人（所长）；所长空缺时为空")
    status: str = Field(..., description="open 未关闭，closed 已关闭")
    status_display: str
    closed_on: dt.date | None
    close_reason: str
    item_count: int = Field(..., description="据此下发的督办事项数")

    @staticmethod
    def resolve_org_code(obj: EarlyWarning) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: EarlyWarning) -> str:
        return obj.org.name

    @staticmethod
    def resolve_rule_code(obj: EarlyWarning) -> str:
        return obj.rule.code

    @staticmethod
    def resolve_rule_name(obj: EarlyWarning) -> str:
        return obj.rule.name

    @staticmethod
    def resolve_level_display(obj: EarlyWarning) -> str:
        return obj.get_level_display()

    @staticmethod
    def resolve_owner_name(obj: EarlyWarning) -> str:
        return (obj.owner.full_name or obj.owner.username) if obj.owner else ""

    @staticmethod
    def resolve_status_display(obj: EarlyWarning) -> str:
        return obj.get_status_display()


class WarningDetailOut(WarningOut):
    rule_description: str
    evaluator: str = Field(..., description="检测方法")
    thresholds: str = Field(..., description="规则阈值（文字说明）")
    advice: str = Field(..., description="工作建议，下发督办时写入整改要求")
    items: list[SupervisionItemBrief] = Field(..., description="据此下发的督办事项")

    @staticmethod
    def resolve_item_count(obj: EarlyWarning) -> int:
        return len(obj.items.all())  # prefetched with the warning

    @staticmethod
    def resolve_rule_description(obj: EarlyWarning) -> str:
        return obj.rule.description

    @staticmethod
    def resolve_evaluator(obj: EarlyWarning) -> str:
        evaluator = EVALUATORS.get(obj.rule.evaluator)
        return evaluator.label if evaluator else obj.rule.evaluator

    @staticmethod
    def resolve_thresholds(obj: EarlyWarning) -> str:
        evaluator = EVALUATORS.get(obj.rule.evaluator)
        return evaluator.describe_params(obj.rule.params) if evaluator else ""

    @staticmethod
    def resolve_advice(obj: EarlyWarning) -> str:
        evaluator = EVALUATORS.get(obj.rule.evaluator)
        return evaluator.advice if evaluator else ""

    @staticmethod
    def resolve_items(obj: EarlyWarning) -> list[SupervisionItem]:
        return list(obj.items.all())


class SupervisionItemOut(SupervisionItemBrief):
    org_code: str = Field(..., description="被督办司法所的机构编码")
    org_name: str
    issuing_org_code: str = Field(..., description="督办单位（县局或市局）的机构编码")
    warning_uuid: uuid_lib.UUID | None = Field(..., description="来源预警")
    warning_rule_name: str
    issued_on: dt.date
    overdue: bool = Field(..., description="超过整改期限仍未报送整改反馈")
    received_at: dt.datetime | None
    verified_at: dt.datetime | None
    return_count: int = Field(..., description="退回重新整改的次数")
    document: IssuedDocumentOut | None = Field(..., description="下发的督办文书")

    @staticmethod
    def resolve_org_code(obj: SupervisionItem) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: SupervisionItem) -> str:
        return obj.org.name

    @staticmethod
    def resolve_issuing_org_code(obj: SupervisionItem) -> str:
        return obj.issuing_org.code

    @staticmethod
    def resolve_warning_uuid(obj: SupervisionItem) -> uuid_lib.UUID | None:
        return obj.warning.uuid if obj.warning else None

    @staticmethod
    def resolve_warning_rule_name(obj: SupervisionItem) -> str:
        return obj.warning.rule.name if obj.warning else ""

    @staticmethod
    def resolve_overdue(obj: SupervisionItem) -> bool:
        return obj.status in (ItemStatus.ISSUED, ItemStatus.RECEIVED) and obj.due_date < timezone.localdate()


class EvidenceOut(Schema):
    uuid: uuid_lib.UUID
    name: str
    size: int
    download_url: str

    @staticmethod
    def resolve_download_url(obj: FeedbackAttachment) -> str:
        return reverse("supervision:attachment_download", kwargs={"uuid": obj.uuid})


class RectificationFeedbackOut(Schema):
    text: str = Field(..., description="整改措施及成效")
    submitted_by: str
    created_at: dt.datetime
    verdict: str = Field(..., description="空 待核查，accepted 核查通过，returned 退回")
    verdict_display: str
    review_note: str = Field(..., description="核查意见")
    reviewed_by: str
    reviewed_at: dt.datetime | None
    attachments: list[EvidenceOut] = Field(..., description="佐证材料（在网页端上传）")

    @staticmethod
    def resolve_submitted_by(obj: Feedback) -> str:
        return str(obj.submitted_by) if obj.submitted_by else ""

    @staticmethod
    def resolve_verdict_display(obj: Feedback) -> str:
        return obj.get_verdict_display()

    @staticmethod
    def resolve_reviewed_by(obj: Feedback) -> str:
        return str(obj.reviewed_by) if obj.reviewed_by else ""

    @staticmethod
    def resolve_attachments(obj: Feedback) -> list[FeedbackAttachment]:
        return list(obj.attachments.all())


class SupervisionStepOut(Schema):
    kind: str
    kind_display: str
    note: str
    org_name: str = Field(..., description="办理单位")
    actor: str
    created_at: dt.datetime

    @staticmethod
    def resolve_kind_display(obj: SupervisionStep) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_org_name(obj: SupervisionStep) -> str:
        return obj.org.name

    @staticmethod
    def resolve_actor(obj: SupervisionStep) -> str:
        return str(obj.actor) if obj.actor else ""


class SupervisionItemDetailOut(SupervisionItemOut):
    facts: str = Field(..., description="问题事实")
    requirements: str = Field(..., description="整改要求")
    meeting_time: str = Field(..., description="约谈时间（约谈通知书）")
    meeting_place: str
    received_by: str
    verified_by: str
    feedbacks: list[RectificationFeedbackOut] = Field(..., description="整改反馈，先后顺序")
    steps: list[SupervisionStepOut] = Field(..., description="办理过程")
    deadlines: list[DeadlineOut] = Field(..., description="进行中的期限")
    documents: list[IssuedDocumentOut] = Field(..., description="由该督办事项生成的全部文书（督办文书、整改反馈单等）")

    @staticmethod
    def resolve_received_by(obj: SupervisionItem) -> str:
        return str(obj.received_by) if obj.received_by else ""

    @staticmethod
    def resolve_verified_by(obj: SupervisionItem) -> str:
        return str(obj.verified_by) if obj.verified_by else ""

    @staticmethod
    def resolve_feedbacks(obj: SupervisionItem) -> list[Feedback]:
        return list(obj.feedbacks.all())

    @staticmethod
    def resolve_steps(obj: SupervisionItem) -> list[SupervisionStep]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_deadlines(obj: SupervisionItem) -> list[Any]:
        return list(open_deadlines_for(obj).order_by("due_date", "id"))

    @staticmethod
    def resolve_documents(obj: SupervisionItem) -> list[GeneratedDocument]:
        return obj.documents  # type: ignore[attr-defined, no-any-return]


class WarningFilters(Schema):
    """The filters of the 预警中心 page (supervision.filtersets.EarlyWarningFilterSet)."""

    level: str | None = Field(None, max_length=10, description="预警等级：red、orange、yellow")
    status: str | None = Field(None, max_length=10, description="open 未关闭，closed 已关闭")
    rule_code: str | None = Field(None, max_length=32, description="预警规则编号，如 YJ01")
    org: str | None = Field(None, max_length=100, description="单位名称包含")
    period: str | None = Field(None, max_length=20, description="预警期，如 2026-05")
    date_from: dt.date | None = Field(None, description="发现日期起")
    date_to: dt.date | None = Field(None, description="发现日期止")


class SupervisionItemFilters(Schema):
    """The filters of the 督办事项 page (supervision.filtersets.SupervisionItemFilterSet)."""

    q: str | None = Field(None, max_length=100, description="关键字：督办事项或文号包含")
    status: str | None = Field(None, max_length=12, description=f"办理状态：{_choice_list(ItemStatus.choices)}")
    doc_kind: str | None = Field(None, max_length=32, description="督办文书代码")
    org: str | None = Field(None, max_length=100, description="被督办单位名称包含")
    overdue: bool | None = Field(None, description="超过整改期限仍未报送整改反馈")


# ---------------------------------------------------------------------------------------------------------------
# Input


class ItemIssueIn(In):
    doc_kind: str = Field(IssueDocument.LETTER.value, max_length=32, description=f"督办文书：{_choice_list(IssueDocument.choices)}")
    title: str | None = Field(None, max_length=200, description="督办事项；不填则按预警生成，如“西屯街道司法所工作事项超期（2026-05）”")
    facts: str | None = Field(None, max_length=5000, description="问题事实；不填则用预警事实")
    requirements: str | None = Field(None, max_length=5000, description="整改要求，每行一条；不填则按预警规则的工作建议生成")
    due_date: dt.date | None = Field(None, description="整改期限，须晚于今天；不填则为十个工作日后")
    meeting_time: str = Field("", max_length=50, description="约谈时间（仅约谈通知书）")
    meeting_place: str = Field("", max_length=100, description="约谈地点（仅约谈通知书）")


class WarningCloseIn(In):
    reason: str = Field(..., max_length=200, description="关闭原因，如 核实为误报、已另行处理")


class ItemRectifyIn(In):
    text: str = Field(..., max_length=5000, description="整改措施及成效（不少于10个字）；佐证材料请在网页端上传")


class ItemVerifyIn(In):
    note: str = Field("", max_length=300, description="核查意见")


class ItemReturnIn(In):
    note: str = Field(..., max_length=300, description="退回原因和需补充的整改内容")
    new_due_date: dt.date = Field(..., description="新的整改期限，须晚于今天")


# ---------------------------------------------------------------------------------------------------------------
# Helpers


def _warning(request: HttpRequest, uuid: uuid_lib.UUID) -> EarlyWarning:
    warning = selectors.warning_detail(request.user, uuid)
    if warning is None:
        raise NotFound("未找到该预警，或您无权查看")
    return warning


def _item(request: HttpRequest, uuid: uuid_lib.UUID) -> SupervisionItem:
    item = selectors.item_detail(request.user, uuid)
    if item is None:
        raise NotFound("未找到该督办事项，或您无权查看")
    item.documents = list(documents_of(request.user, item))  # type: ignore[attr-defined]
    return item


def _changing(request: HttpRequest, uuid: uuid_lib.UUID, perm: str, what: str) -> SupervisionItem:
    """The 督办事项 the user may act on, checked as the page's dialogs do: 404 outside the scope, 403 when it may only
    be read or the user is on the wrong side of the loop."""
    item = access_object(request.user, SupervisionItem, action="change", uuid=uuid)
    require_perm(request.user, perm, what=what)
    return item


# ---------------------------------------------------------------------------------------------------------------
# Warnings


@router.get("/warnings", response=list[WarningOut], summary="预警列表")
@paginate(Pagination)
def warning_list(request: HttpRequest, filters: Query[WarningFilters]) -> QuerySet:
    """数据权限范围内的预警，筛选条件与“预警中心”页面相同；最新发现的在前。"""
    warnings = selectors.warning_list(request.user)
    if filters.rule_code:
        warnings = warnings.filter(rule__code=filters.rule_code)
    return filter_queryset(EarlyWarningFilterSet, filters, warnings, request)


@router.get("/warnings/{uuid}", response={200: WarningDetailOut, 404: ErrorOut}, summary="预警详情")
def warning_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> EarlyWarning:
    """预警事实、所依据的规则和阈值、工作建议，以及据此下发的督办事项。"""
    return _warning(request, uuid)


@router.post("/warnings/{uuid}/close", response={200: WarningDetailOut, **WRITE_ERRORS}, summary="关闭预警")
def warning_close(request: HttpRequest, uuid: uuid_lib.UUID, payload: WarningCloseIn) -> EarlyWarning:
    """上级司法局核实为误报或已另行处理时关闭预警，须写明原因。"""
    warning = access_object(request.user, EarlyWarning, action="change", uuid=uuid)
    require_perm(request.user, ISSUE_PERM, what="关闭预警")
    services.warning_close(actor=request.user, warning=warning, reason=payload.reason)
    return _warning(request, uuid)


@router.post("/warnings/{uuid}/issue", response={201: SupervisionItemDetailOut, **WRITE_ERRORS}, summary="下发督办")
def item_issue(request: HttpRequest, uuid: uuid_lib.UUID, payload: ItemIssueIn) -> Status:
    """据预警向司法所下发督办函、整改通知书等：生成督办单位文号的 Word 文书，开始计算整改期限，并通知所长。
    未填写的内容按预警生成，与网页端“下发督办”对话框的预填内容相同。"""
    warning = access_object(request.user, EarlyWarning, action="change", uuid=uuid)
    require_perm(request.user, ISSUE_PERM, what="下发督办")
    defaults = services.issue_defaults(warning)
    data = services.IssueInput(**{**{k: defaults[k] for k in ("title", "facts", "requirements", "due_date")},
                                  **payload.dict(exclude_none=True)})
    item = services.item_issue(actor=request.user, office=warning.org, warning=warning, data=data, ip_address=client_ip(request))
    return Status(201, _item(request, item.uuid))


# ---------------------------------------------------------------------------------------------------------------
# 督办事项 and the loop


@router.get("/items", response=list[SupervisionItemOut], summary="督办事项列表")
@paginate(Pagination)
def item_list(request: HttpRequest, filters: Query[SupervisionItemFilters]) -> QuerySet:
    """数据权限范围内的督办事项及其办理状态（待签收 → 整改中 → 待核查 → 已销号）和下发的督办文书。"""
    return filter_queryset(SupervisionItemFilterSet, filters, selectors.item_list(request.user), request)


@router.get("/items/{uuid}", response={200: SupervisionItemDetailOut, 404: ErrorOut}, summary="督办事项详情")
def item_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> SupervisionItem:
    """督办内容、整改反馈及核查意见、办理过程、进行中的期限和生成的文书。"""
    return _item(request, uuid)


@router.post("/items/{uuid}/receive", response={200: SupervisionItemDetailOut, **WRITE_ERRORS}, summary="签收")
def item_receive(request: HttpRequest, uuid: uuid_lib.UUID) -> SupervisionItem:
    """被督办的司法所签收督办文书，开始整改。"""
    item = _changing(request, uuid, RECTIFY_PERM, "签收督办事项")
    services.item_receive(actor=request.user, item=item)
    return _item(request, uuid)


@router.post("/items/{uuid}/rectify", response={200: SupervisionItemDetailOut, **WRITE_ERRORS}, summary="报送整改反馈")
def item_rectify(request: HttpRequest, uuid: uuid_lib.UUID, payload: ItemRectifyIn) -> SupervisionItem:
    """司法所报送整改措施及成效；整改期限停止计算，督办单位收到核查提醒。"""
    item = _changing(request, uuid, RECTIFY_PERM, "报送整改反馈")
    services.item_rectify(actor=request.user, item=item, text=payload.text)
    return _item(request, uuid)


@router.post("/items/{uuid}/verify", response={200: SupervisionItemDetailOut, **WRITE_ERRORS}, summary="核查销号")
def item_verify(request: HttpRequest, uuid: uuid_lib.UUID, payload: ItemVerifyIn) -> SupervisionItem:
    """督办单位核查整改到位，予以销号；来源预警随之关闭，本预警期内不再重复预警。"""
    item = _changing(request, uuid, ISSUE_PERM, "核查销号")
    services.item_verify(actor=request.user, item=item, accept=True, note=payload.note)
    return _item(request, uuid)


@router.post("/items/{uuid}/return", response={200: SupervisionItemDetailOut, **WRITE_ERRORS}, summary="退回重新整改")
def item_return(request: HttpRequest, uuid: uuid_lib.UUID, payload: ItemReturnIn) -> SupervisionItem:
    """整改不到位的，写明原因并重新确定整改期限，退回司法所重新整改。"""
    item = _changing(request, uuid, ISSUE_PERM, "退回整改反馈")
    services.item_verify(actor=request.user, item=item, accept=False, note=payload.note, new_due_date=payload.new_due_date)
    return _item(request, uuid)
