"""The request and response schemas of supervision/api.py (the OpenAPI document's components for this module)."""

import datetime as dt
import uuid as uuid_lib
from decimal import Decimal
from typing import Annotated, Any

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema

from core.api import DeadlineOut, In, choice_schema
from core.deadlines import open_deadlines_for
from documents.models import GeneratedDocument
from supervision.choices import IssueDocument, ItemStatus, Level, WarningStatus
from supervision.models import EarlyWarning, Feedback, FeedbackAttachment, SupervisionItem, SupervisionStep
from supervision.rules import EVALUATORS


def choice_list(choices: Any) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


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
    doc_kind_display: str = Field(..., alias="get_doc_kind_display")
    status: str = Field(..., description=f"办理状态：{choice_list(ItemStatus.choices)}")
    status_display: str = Field(..., alias="get_status_display")
    due_date: dt.date = Field(..., description="整改期限")
    issuing_org_name: str = Field(..., alias="issuing_org.name")


class WarningOut(Schema):
    uuid: uuid_lib.UUID
    org_code: str = Field(..., alias="org.code")
    org_name: str = Field(..., alias="org.name")
    rule_code: str = Field(..., alias="rule.code", description="预警规则编号")
    rule_name: str = Field(..., alias="rule.name", description="预警类别")
    level: str = Field(..., description="red 红色，orange 橙色，yellow 黄色")
    level_display: str = Field(..., alias="get_level_display")
    period: str = Field(..., description="预警期，如 2026-05")
    facts: str = Field(..., description="预警事实（督办文书中的问题事实即由此而来）")
    value: Decimal | None = Field(..., description="指标值")
    detected_on: dt.date
    last_seen_on: dt.date
    owner_name: str = Field(..., description="责任人（所长）；所长空缺时为空")
    status: str = Field(..., description="open 未关闭，closed 已关闭")
    status_display: str = Field(..., alias="get_status_display")
    closed_on: dt.date | None
    close_reason: str
    item_count: int = Field(..., description="据此下发的督办事项数")

    @staticmethod
    def resolve_owner_name(obj: EarlyWarning) -> str:
        return (obj.owner.full_name or obj.owner.username) if obj.owner else ""


class WarningDetailOut(WarningOut):
    rule_description: str = Field(..., alias="rule.description")
    evaluator: str = Field(..., description="检测方法")
    thresholds: str = Field(..., description="规则阈值（文字说明）")
    advice: str = Field(..., description="工作建议，下发督办时写入整改要求")
    items: list[SupervisionItemBrief] = Field(..., description="据此下发的督办事项")

    @staticmethod
    def resolve_item_count(obj: EarlyWarning) -> int:
        return len(obj.items.all())  # prefetched with the warning

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
    org_code: str = Field(..., alias="org.code", description="被督办司法所的机构编码")
    org_name: str = Field(..., alias="org.name")
    issuing_org_code: str = Field(..., alias="issuing_org.code", description="督办单位（县局或市局）的机构编码")
    warning_uuid: uuid_lib.UUID | None = Field(..., description="来源预警")
    warning_rule_name: str
    issued_on: dt.date
    overdue: bool = Field(..., description="超过整改期限仍未报送整改反馈")
    received_at: dt.datetime | None
    verified_at: dt.datetime | None
    return_count: int = Field(..., description="退回重新整改的次数")
    document: IssuedDocumentOut | None = Field(..., description="下发的督办文书")

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
    verdict_display: str = Field(..., alias="get_verdict_display")
    review_note: str = Field(..., description="核查意见")
    reviewed_by: str
    reviewed_at: dt.datetime | None
    attachments: list[EvidenceOut] = Field(..., description="佐证材料（在网页端上传）")

    @staticmethod
    def resolve_submitted_by(obj: Feedback) -> str:
        return str(obj.submitted_by) if obj.submitted_by else ""

    @staticmethod
    def resolve_reviewed_by(obj: Feedback) -> str:
        return str(obj.reviewed_by) if obj.reviewed_by else ""

    @staticmethod
    def resolve_attachments(obj: Feedback) -> list[FeedbackAttachment]:
        return list(obj.attachments.all())


class SupervisionStepOut(Schema):
    kind: str
    kind_display: str = Field(..., alias="get_kind_display")
    note: str
    org_name: str = Field(..., alias="org.name", description="办理单位")
    actor: str
    created_at: dt.datetime

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


class WarningFilters(Schema):
    """The filters of the 预警中心 page (supervision.filtersets.EarlyWarningFilterSet)."""

    level: Annotated[Level, choice_schema(Level, description="预警等级")] | None = None
    status: Annotated[WarningStatus, choice_schema(WarningStatus, description="预警状态")] | None = None
    rule_code: str | None = Field(None, max_length=32, description="预警规则编号，如 YJ01")
    org: str | None = Field(None, max_length=100, description="单位名称包含")
    period: str | None = Field(None, max_length=20, description="预警期，如 2026-05")
    date_from: dt.date | None = Field(None, description="发现日期起")
    date_to: dt.date | None = Field(None, description="发现日期止")


class SupervisionItemFilters(Schema):
    """The filters of the 督办事项 page (supervision.filtersets.SupervisionItemFilterSet)."""

    q: str | None = Field(None, max_length=100, description="关键字：督办事项或文号包含")
    status: Annotated[ItemStatus, choice_schema(ItemStatus, description="办理状态")] | None = None
    doc_kind: Annotated[IssueDocument, choice_schema(IssueDocument, description="督办文书")] | None = None
    org: str | None = Field(None, max_length=100, description="被督办单位名称包含")
    overdue: bool | None = Field(None, description="超过整改期限仍未报送整改反馈")


class ItemIssueIn(In):
    doc_kind: Annotated[IssueDocument, choice_schema(IssueDocument, description="督办文书")] = IssueDocument.LETTER
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


class RuleOut(Schema):
    """A 预警规则 in force: what is watched, at what threshold, and whether it runs."""

    code: str
    name: str
    level: str
    level_display: str
    method: str = Field(..., description="检测方法")
    threshold: str = Field(..., description="阈值参数的说明")
    state: str = Field(..., description="启用、停用，或尚未接入的原因")
    description: str


class PeriodReportFields(Schema):
    uuid: uuid_lib.UUID
    org_code: str
    org_name: str
    issuing_org_name: str = Field(..., description="出具单位")
    period_start: dt.date
    period_end: dt.date
    created_at: dt.datetime
    created_by: str


class PeriodReportOut(PeriodReportFields):
    """A 统计报告 in the list (read from the model)."""

    @staticmethod
    def resolve_org_code(obj: Any) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: Any) -> str:
        return obj.org.name

    @staticmethod
    def resolve_issuing_org_name(obj: Any) -> str:
        return obj.issuing_org.name

    @staticmethod
    def resolve_created_by(obj: Any) -> str:
        return str(obj.created_by) if obj.created_by else ""


class OfficeFiguresOut(Schema):
    org_code: str
    org_name: str
    events: int = Field(..., description="台账事项数")
    accepted: int = Field(..., description="受理纠纷数")
    success: int = Field(..., description="调解成功数")
    failed: int = Field(..., description="调解不成数")
    rate: Decimal | None = Field(..., description="调解成功率（%）")
    worklog_days: int = Field(..., description="确认的工作日志篇数")
    overdue: int = Field(..., description="超期事项数")
    warnings: int = Field(..., description="预警数")
    red: int = Field(..., description="红色预警数")
    items: int = Field(..., description="督办事项数")
    items_verified: int = Field(..., description="已销号督办事项数")


class PeriodReportDetailOut(PeriodReportFields):
    rows: list[OfficeFiguresOut] = Field(..., description="各司法所")
    total: OfficeFiguresOut
    warnings_by_level: dict[str, int]
    items_open: int
    items_overdue: int


class PeriodReportFilters(Schema):
    org: str | None = Field(None, max_length=100, description="单位名称包含")


class PeriodReportIn(In):
    org: str = Field(..., max_length=32, description="统计单位（司法所、县局或市局）的机构编码")
    period_start: dt.date = Field(..., description="统计期起")
    period_end: dt.date = Field(..., description="统计期止")
