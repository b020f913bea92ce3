"""分类管理与矫正方案 over the API: the subject's basic conditions, risk/needs assessments with item-level scores,
the management level and its history, re-grading proposals and the batch re-grading task, the 矫正方案 from one-click
generation through editing to approval with its scheduled obligations, the reference data (levels with their contact
standards, the instrument, the strategy library) and the 分级预测效果 report. Reads are scoped by ``visible_to``,
writes go through ``corrections.plans``; errors leave as ``{code, message, field}`` in Chinese."""


import datetime as dt
import uuid as uuid_lib
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.selectors import writable_orgs
from core.access import access_object, require_perm
from core.api import ERRORS_READ, ERRORS_WRITE, ErrorOut, In, Pagination, TaskRunOut, filter_queryset
from core.audit import audit_record
from core.errors import AccessDenied, NotFound
from core.forms import client_ip
from corrections import lists_plans as lp
from corrections import plans
from corrections.models import (
    CorrectionPlan,
    GradeChange,
    ManagementLevel,
    PlanMeasure,
    RegradeProposal,
    RiskAssessment,
    StrategyMeasure,
    Subject,
)
from orgs.models import Org

router = Router(tags=["社区矫正 分类管理与矫正方案"])


# ------------------------------------------------------------------------------------------------ schemas


class LevelOut(Schema):
    code: str
    name: str = Field(..., description="等级名称，如 严管")
    rank: int = Field(..., description="严格程度，1 为最严格")
    colour: str = Field(..., description="red / yellow / blue")
    colour_name: str
    reports: str = Field(..., description="到司法所报到")
    written: str = Field(..., description="书面报告")
    talks: str = Field(..., description="个别教育")
    study_hours: int = Field(..., description="教育学习（小时/月）")
    service_hours: int = Field(..., description="公益活动（小时/月，有劳动能力的）")
    visits: str = Field(..., description="实地走访")
    checks: str = Field(..., description="信息化核查")
    travel_rule: str = Field(..., description="外出审批")
    basis: str
    unconfirmed: bool = Field(..., description="待核实的默认标准")

    @staticmethod
    def resolve_reports(obj: ManagementLevel) -> str:
        return f"{obj.get_reports_period_display()}{obj.reports_count}次"  # type: ignore[attr-defined]

    @staticmethod
    def resolve_written(obj: ManagementLevel) -> str:
        return f"{obj.get_written_period_display()}{obj.written_count}次"  # type: ignore[attr-defined]

    @staticmethod
    def resolve_talks(obj: ManagementLevel) -> str:
        return f"{obj.get_talks_period_display()}{obj.talks_count}次"  # type: ignore[attr-defined]

    @staticmethod
    def resolve_visits(obj: ManagementLevel) -> str:
        return f"{obj.get_visits_period_display()}{obj.visits_count}次"  # type: ignore[attr-defined]

    @staticmethod
    def resolve_checks(obj: ManagementLevel) -> str:
        return f"{obj.get_checks_period_display()}{obj.checks_count}次"  # type: ignore[attr-defined]


class OptionOut(Schema):
    value: str
    label: str
    points: int


class RuleItemOut(Schema):
    code: str
    domain: str
    question: str
    options: list[OptionOut]


class RuleSetOut(Schema):
    code: str
    name: str
    effective_from: dt.date
    strict_from: int = Field(..., description="总分达到此分数建议严管")
    lenient_below: int = Field(..., description="总分低于此分数建议宽管")
    note: str
    items: list[RuleItemOut]

    @staticmethod
    def resolve_items(obj: Any) -> list[dict[str, Any]]:
        return [{"code": i.code, "domain": i.domain, "question": i.question, "options": i.options} for i in obj.items.all()]


class StrategyOut(Schema):
    code: str
    category: str
    title: str
    section: str = Field(..., description="supervision 监督管理 / education 教育矫正 / assistance 帮扶")
    obligation: str = Field(..., description="排期事项：报到、书面报告、教育学习、公益活动、个别谈话、走访、信息化核查、病情复查；空为不排期")
    count: int | None
    period: str = Field(..., description="week / month / quarter")
    hours_per_month: int | None
    conditions: list[str] = Field(..., description="触发条件，key=value，| 分隔可选值")
    match: str = Field(..., description="all 全部满足 / any 满足其一")
    legal_basis: str
    active: bool

    @staticmethod
    def resolve_category(obj: StrategyMeasure) -> str:
        return obj.category.name


class ConditionOut(Schema):
    key: str
    label: str
    value: str
    value_label: str
    derived: bool = Field(..., description="由档案自动得出（不可填写）")
    choices: list[list[str]] = Field(..., description="可选值 [代码, 名称]")


class ConditionsIn(In):
    values: dict[str, str] = Field(..., description="基本情况：{项目代码: 取值代码}；取值为空字符串则清除。项目和取值见 GET 的 choices")


class ScoredItemOut(Schema):
    code: str
    domain: str
    question: str
    value: str
    label: str
    points: int = Field(..., description="该题计分（对总分的贡献）")


class AssessmentOut(Schema):
    uuid: uuid_lib.UUID
    subject: uuid_lib.UUID
    subject_name: str
    kind: str = Field(..., description="initial 入矫评估 / review 再评估")
    assessed_on: dt.date
    rule_set: str
    answers: list[ScoredItemOut]
    total: int
    suggested_level: str = Field(..., description="量表建议等级（代码）")
    level: str = Field(..., description="确定等级（代码）")
    override_reason: str
    assessor_name: str
    simulated: bool

    @staticmethod
    def resolve_subject(obj: RiskAssessment) -> uuid_lib.UUID:
        return obj.subject.uuid

    @staticmethod
    def resolve_subject_name(obj: RiskAssessment) -> str:
        return obj.subject.person.name

    @staticmethod
    def resolve_rule_set(obj: RiskAssessment) -> str:
        return obj.rule_set.code

    @staticmethod
    def resolve_suggested_level(obj: RiskAssessment) -> str:
        return obj.suggested_level.code

    @staticmethod
    def resolve_level(obj: RiskAssessment) -> str:
        return obj.level.code

    @staticmethod
    def resolve_assessor_name(obj: RiskAssessment) -> str:
        return obj.assessor.display_name


class AssessmentIn(In):
    answers: dict[str, str] = Field(..., description="逐题作答：{题目代码: 选项值}，须答全部题目（见 GET /corrections/rule-set）")
    assessed_on: dt.date | None = Field(None, description="评估日期，默认今天")
    kind: str = Field("initial", description="initial 入矫评估 / review 再评估")
    override_level: str = Field("", max_length=20, description="不按量表建议时的等级代码；须同时写明 override_reason")
    override_reason: str = Field("", max_length=300, description="调整理由")


class GradeOut(Schema):
    id: int
    subject: uuid_lib.UUID
    subject_name: str
    level: str
    level_name: str
    colour: str
    previous: str | None
    source: str = Field(..., description="assessment 评估确定 / initial_period 入矫初期 / penalty 违规或考核不合格 / "
                                          "good_record 考核良好 / manual 人工调整")
    reason: str
    effective_date: dt.date
    decided_by_name: str
    org_name: str

    @staticmethod
    def resolve_subject(obj: GradeChange) -> uuid_lib.UUID:
        return obj.subject.uuid

    @staticmethod
    def resolve_subject_name(obj: GradeChange) -> str:
        return obj.subject.person.name

    @staticmethod
    def resolve_level(obj: GradeChange) -> str:
        return obj.level.code

    @staticmethod
    def resolve_level_name(obj: GradeChange) -> str:
        return obj.level.name

    @staticmethod
    def resolve_colour(obj: GradeChange) -> str:
        return obj.level.colour

    @staticmethod
    def resolve_previous(obj: GradeChange) -> str | None:
        return obj.previous.code if obj.previous else None

    @staticmethod
    def resolve_decided_by_name(obj: GradeChange) -> str:
        return obj.decided_by.display_name

    @staticmethod
    def resolve_org_name(obj: GradeChange) -> str:
        return obj.org.name


class GradeIn(In):
    level: str = Field(..., max_length=20, description="管理等级代码，如 strict")
    reason: str = Field(..., max_length=300, description="调整理由（必填）")


class GradeFilters(Schema):
    name: str | None = Field(None, max_length=50, description="姓名包含")
    org: str | None = Field(None, max_length=100, description="司法所名称包含")
    source: str | None = Field(None, max_length=20, description="调整依据")
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class MeasureOut(Schema):
    id: int
    section: str
    obligation: str
    title: str
    count: int | None
    period: str
    hours_per_month: int | None
    legal_basis: str
    triggers: list[dict[str, str]] = Field(..., description="触发条件 [{key, label, value}]")
    strategy: str | None = Field(..., description="策略库措施代码；工作人员增加的为空")

    @staticmethod
    def resolve_strategy(obj: PlanMeasure) -> str | None:
        return obj.strategy.code if obj.strategy else None


class PlanOut(Schema):
    uuid: uuid_lib.UUID
    subject: uuid_lib.UUID
    subject_name: str
    version: int
    status: str = Field(..., description="draft 草稿 / approved 已审批 / superseded 已被新版本替代")
    trigger: str
    level: str
    basic_facts: str
    assessment_result: str
    psychology: str
    drafted_on: dt.date
    approved_on: dt.date | None
    org_name: str

    @staticmethod
    def resolve_subject(obj: CorrectionPlan) -> uuid_lib.UUID:
        return obj.subject.uuid

    @staticmethod
    def resolve_subject_name(obj: CorrectionPlan) -> str:
        return obj.subject.person.name

    @staticmethod
    def resolve_level(obj: CorrectionPlan) -> str:
        return obj.level.code

    @staticmethod
    def resolve_org_name(obj: CorrectionPlan) -> str:
        return obj.org.name


class PlanDetailOut(PlanOut):
    measures: list[MeasureOut]

    @staticmethod
    def resolve_measures(obj: CorrectionPlan) -> list[PlanMeasure]:
        return list(obj.measures.select_related("strategy"))


class PlanFilters(Schema):
    name: str | None = Field(None, max_length=50, description="姓名包含")
    org: str | None = Field(None, max_length=100, description="司法所名称包含")
    status: str | None = Field(None, max_length=12, description="状态")


class PlanPatchIn(In):
    basic_facts: str = Field(..., max_length=4000)
    assessment_result: str = Field(..., max_length=4000)
    psychology: str = Field(..., max_length=4000)


class MeasureIn(In):
    section: str = Field(..., description="supervision / education / assistance")
    title: str = Field(..., max_length=200)
    legal_basis: str = Field(..., max_length=300)
    obligation: str = Field("", max_length=10, description="排期事项，空为不排期")
    count: int | None = Field(None, ge=1, le=31)
    period: str = Field("", max_length=10, description="week / month / quarter")
    hours_per_month: int | None = Field(None, ge=1, le=100)
    note: str = Field("", max_length=100, description="增加措施的理由（新增时必填）")


class MeasurePath(Schema):
    uuid: uuid_lib.UUID
    measure_id: int = Field(..., ge=1, le=2**31 - 1, description="措施编号（方案详情中的 id）")


class PlanObligationOut(Schema):
    kind: str
    count: int | None
    period: str | None
    hours_per_month: int | None
    title: str
    legal_basis: str
    section: str
    measure_id: int


class ProposalOut(Schema):
    uuid: uuid_lib.UUID
    subject: uuid_lib.UUID
    subject_name: str
    from_level: str | None
    to_level: str
    source: str
    reason: str
    proposed_on: dt.date
    status: str = Field(..., description="pending 待审批 / approved 已批准 / rejected 不予调整")
    decision_note: str
    org_name: str

    @staticmethod
    def resolve_subject(obj: RegradeProposal) -> uuid_lib.UUID:
        return obj.subject.uuid

    @staticmethod
    def resolve_subject_name(obj: RegradeProposal) -> str:
        return obj.subject.person.name

    @staticmethod
    def resolve_from_level(obj: RegradeProposal) -> str | None:
        return obj.from_level.code if obj.from_level else None

    @staticmethod
    def resolve_to_level(obj: RegradeProposal) -> str:
        return obj.to_level.code

    @staticmethod
    def resolve_org_name(obj: RegradeProposal) -> str:
        return obj.org.name


class ProposalFilters(Schema):
    name: str | None = Field(None, max_length=50, description="姓名包含")
    org: str | None = Field(None, max_length=100, description="司法所名称包含")
    status: str | None = Field(None, max_length=10, description="pending / approved / rejected")
    source: str | None = Field(None, max_length=20, description="建议依据")


class DecideIn(In):
    approve: bool = Field(..., description="true 同意调整 / false 不予调整（须写明 note）")
    note: str = Field("", max_length=300, description="审批意见")


class RegradeRunIn(In):
    org: str = Field(..., max_length=32, description="司法所机构编码：核对该所全部在矫对象")


# ------------------------------------------------------------------------------------------------ reference data


@router.get("/levels", response=list[LevelOut], summary="管理等级与接触标准")
def correction_level_list(request: HttpRequest) -> QuerySet:
    """严管、普管、宽管（名称可配置）及其报到、书面报告、个别教育、学习、公益活动、走访、信息化核查和外出审批标准。"""
    return ManagementLevel.objects.all()


@router.get("/rule-set", response={200: RuleSetOut, **ERRORS_READ}, summary="当前风险需求评估量表")
def correction_rule_set(request: HttpRequest) -> Any:
    """启用的量表版本：题目、选项及分值、分数线。"""
    return plans.active_rule_set()


@router.get("/strategies", response=list[StrategyOut], summary="矫正策略库")
def correction_strategy_list(request: HttpRequest) -> QuerySet:
    """条件 → 措施：每项措施的方案部分、排期、频次或时长、触发条件和法律依据。"""
    return StrategyMeasure.objects.select_related("category")


# ------------------------------------------------------------------------------------------------ conditions, assessments, grades


def _subject(request: HttpRequest, uuid: uuid_lib.UUID, action: str = "view") -> Subject:
    return access_object(request.user, Subject, action=action, uuid=uuid)


def _conditions(subject: Subject) -> list[ConditionOut]:
    grade = plans.current_grade(subject)
    values = plans.subject_conditions(subject, level=grade.level.code if grade else "")
    levels = {lv.code: lv for lv in ManagementLevel.objects.all()}
    return [ConditionOut(key=c.key, label=c.label, value=values.get(c.key, ""),
                         value_label=plans.condition_value_label(c.key, values.get(c.key, ""), levels), derived=c.derived,
                         choices=[[v, label] for v, label in (c.choices or tuple((lv.code, lv.name) for lv in levels.values()))])
            for c in plans.CONDITIONS]


@router.get("/subjects/{uuid}/conditions", response={200: list[ConditionOut], **ERRORS_READ}, summary="矫正对象基本情况")
def subject_conditions_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> list[ConditionOut]:
    """约二十七项基本情况（社区矫正法 第二十四条），含由档案得出的项目；每次查阅记入操作日志。"""
    subject = _subject(request, uuid)
    audit_record(actor=request.user, action="other", summary=f"查阅社区矫正对象基本情况 {subject.person.name}", obj=subject,
                 ip_address=client_ip(request))
    return _conditions(subject)


@router.put("/subjects/{uuid}/conditions", response={200: list[ConditionOut], **ERRORS_WRITE}, summary="录入矫正对象基本情况")
def subject_conditions_update(request: HttpRequest, uuid: uuid_lib.UUID, payload: ConditionsIn) -> list[ConditionOut]:
    """只改变给出的项目；已有审批的矫正方案的，基本情况变化后自动拟出新版方案草稿。"""
    subject = _subject(request, uuid, "change")
    plans.conditions_update(actor=request.user, subject=subject, values=payload.values)
    return _conditions(subject)


def _assessments(request: HttpRequest) -> QuerySet:
    return RiskAssessment.objects.visible_to(request.user, "view").select_related("subject__person", "rule_set", "level",
                                                                                  "suggested_level", "assessor")


@router.get("/subjects/{uuid}/assessments", response={200: list[AssessmentOut], **ERRORS_READ}, summary="矫正对象的风险需求评估")
def correction_assessment_list(request: HttpRequest, uuid: uuid_lib.UUID) -> QuerySet:
    subject = _subject(request, uuid)
    return _assessments(request).filter(subject=subject)


@router.post("/subjects/{uuid}/assessments", response={201: AssessmentOut, **ERRORS_WRITE}, summary="风险需求评估")
def correction_assessment_create(request: HttpRequest, uuid: uuid_lib.UUID, payload: AssessmentIn) -> Status:
    """逐题计分、按分数线和分类管理规定建议等级；不按建议的须写明理由。评估确定管理等级，记入等级变更记录和工作台账。"""
    subject = _subject(request, uuid, "change")
    require_perm(request.user, "corrections.add_riskassessment", what="进行风险需求评估")
    assessment = plans.assessment_record(actor=request.user, subject=subject, data=plans.AssessmentInput(
        answers=payload.answers, assessed_on=payload.assessed_on or timezone.localdate(), kind=payload.kind,
        override_level=payload.override_level, override_reason=payload.override_reason))
    return Status(201, _assessments(request).get(pk=assessment.pk))


@router.get("/assessments/{uuid}", response={200: AssessmentOut, **ERRORS_READ}, summary="风险需求评估详情")
def correction_assessment_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> RiskAssessment:
    """逐题回答及每题计分（对总分的贡献）、总分、建议等级和确定等级。"""
    assessment = _assessments(request).filter(uuid=uuid).first()
    if assessment is None:
        raise NotFound("未找到该风险需求评估，或您无权查看")
    return assessment  # type: ignore[no-any-return]


@router.get("/subjects/{uuid}/grades", response={200: list[GradeOut], **ERRORS_READ}, summary="矫正对象的管理等级变更记录")
def correction_grade_history(request: HttpRequest, uuid: uuid_lib.UUID) -> QuerySet:
    subject = _subject(request, uuid)
    return lp.grade_rows(request.user).filter(subject=subject)


@router.post("/subjects/{uuid}/grade", response={201: GradeOut, **ERRORS_WRITE}, summary="调整管理等级")
def correction_grade_adjust(request: HttpRequest, uuid: uuid_lib.UUID, payload: GradeIn) -> Status:
    """人工调整管理等级，须写明理由；已有审批的矫正方案的，自动拟出新版方案草稿。"""
    subject = _subject(request, uuid, "change")
    change = plans.grade_adjust(actor=request.user, subject=subject, level_code=payload.level, reason=payload.reason)
    return Status(201, lp.grade_rows(request.user).get(pk=change.pk))


@router.get("/grades", response=list[GradeOut], summary="管理等级变更记录")
@paginate(Pagination)
def correction_grade_list(request: HttpRequest, filters: Query[GradeFilters]) -> QuerySet:
    """筛选条件与“管理等级变更记录”页面相同。"""
    return filter_queryset(lp.GradeFilterSet, filters, lp.grade_rows(request.user), request)


# ------------------------------------------------------------------------------------------------ proposals


@router.get("/regrade-proposals", response=list[ProposalOut], summary="等级调整建议")
@paginate(Pagination)
def correction_proposal_list(request: HttpRequest, filters: Query[ProposalFilters]) -> QuerySet:
    return filter_queryset(lp.ProposalFilterSet, filters, lp.proposal_rows(request.user), request)


@router.post("/regrade-proposals/{uuid}/decide", response={200: ProposalOut, **ERRORS_WRITE}, summary="审批等级调整建议")
def correction_proposal_decide(request: HttpRequest, uuid: uuid_lib.UUID, payload: DecideIn) -> RegradeProposal:
    """同意的，按建议调整管理等级并记入变更记录；不予调整的须写明理由。"""
    proposal = access_object(request.user, RegradeProposal, action="change", uuid=uuid)
    plans.proposal_decide(actor=request.user, proposal=proposal, approve=payload.approve, note=payload.note)
    return lp.proposal_rows(request.user).get(pk=proposal.pk)


@router.post("/regrade-runs", response={202: TaskRunOut, **ERRORS_WRITE}, summary="生成等级调整建议（后台任务）")
def correction_regrade_run(request: HttpRequest, payload: RegradeRunIn) -> Status:
    """核对一个司法所全部在矫对象，按分类管理规定提出调整建议；返回后台任务，进度用 GET /api/v1/tasks/{uuid} 查询。"""
    from core.taskruns import taskrun_start, taskrun_status

    require_perm(request.user, "corrections.add_regradeproposal", what="生成等级调整建议")
    org = writable_orgs(request.user, Subject).filter(kind=Org.Kind.OFFICE, code=payload.org).first()
    if org is None:
        visible = access_object(request.user, Org, code=payload.org)
        raise AccessDenied(f"您不能对“{visible.name}”的矫正对象提出等级调整建议")
    run = taskrun_start(label=plans.REGRADE_LABEL, user=request.user)
    plans.regrade_task.enqueue(run_uuid=str(run.uuid), actor_id=request.user.pk or 0, org_id=org.pk)
    audit_record(actor=request.user, action="other", summary=f"生成等级调整建议（{org.name}）")
    run.refresh_from_db()
    return Status(202, taskrun_status(run))


# ------------------------------------------------------------------------------------------------ plans


def _plans(request: HttpRequest) -> QuerySet:
    return lp.plan_rows(request.user)


def _plan(request: HttpRequest, uuid: uuid_lib.UUID, action: str = "view") -> CorrectionPlan:
    plan = access_object(request.user, CorrectionPlan, action=action, uuid=uuid)
    return _plans(request).get(pk=plan.pk)  # type: ignore[no-any-return]


@router.get("/plans", response=list[PlanOut], summary="矫正方案台账")
@paginate(Pagination)
def correction_plan_list(request: HttpRequest, filters: Query[PlanFilters]) -> QuerySet:
    return filter_queryset(lp.PlanFilterSet, filters, _plans(request), request)


@router.post("/subjects/{uuid}/plans", response={201: PlanDetailOut, **ERRORS_WRITE}, summary="一键生成矫正方案草稿")
def correction_plan_generate(request: HttpRequest, uuid: uuid_lib.UUID) -> Status:
    """按基本情况、管理等级、评估结果和策略库生成草稿：每项措施写明触发条件和法律依据；已有草稿的重新生成。"""
    subject = _subject(request, uuid, "change")
    require_perm(request.user, "corrections.add_correctionplan", what="制定矫正方案")
    plan = plans.plan_generate(actor=request.user, subject=subject)
    return Status(201, _plans(request).get(pk=plan.pk))


@router.get("/plans/{uuid}", response={200: PlanDetailOut, **ERRORS_READ}, summary="矫正方案详情")
def correction_plan_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> CorrectionPlan:
    plan = _plan(request, uuid)
    audit_record(actor=request.user, action="other", summary=f"查阅矫正方案 {plan.subject.person.name}", obj=plan,
                 ip_address=client_ip(request))
    return plan


@router.patch("/plans/{uuid}", response={200: PlanDetailOut, **ERRORS_WRITE}, summary="修改矫正方案草稿")
def correction_plan_update(request: HttpRequest, uuid: uuid_lib.UUID, payload: PlanPatchIn) -> CorrectionPlan:
    plan = _plan(request, uuid, "change")
    plans.plan_update(actor=request.user, plan=plan, **payload.dict())
    return _plan(request, uuid)


def _measure_input(payload: MeasureIn) -> plans.MeasureInput:
    return plans.MeasureInput(**payload.dict())


@router.post("/plans/{uuid}/measures", response={201: MeasureOut, **ERRORS_WRITE}, summary="矫正方案草稿增加措施")
def correction_plan_measure_add(request: HttpRequest, uuid: uuid_lib.UUID, payload: MeasureIn) -> Status:
    plan = _plan(request, uuid, "change")
    return Status(201, plans.plan_measure_save(actor=request.user, plan=plan, data=_measure_input(payload)))


def _measure(plan: CorrectionPlan, measure_id: int) -> PlanMeasure:
    measure = plan.measures.filter(pk=measure_id).first()
    if measure is None:
        raise NotFound("这份矫正方案中没有该措施，请按方案详情中的 id 填写")
    return measure


@router.put("/plans/{uuid}/measures/{measure_id}", response={200: MeasureOut, **ERRORS_WRITE}, summary="修改矫正方案草稿的措施")
def correction_plan_measure_update(request: HttpRequest, path: Path[MeasurePath], payload: MeasureIn) -> PlanMeasure:
    plan = _plan(request, path.uuid, "change")
    return plans.plan_measure_save(actor=request.user, plan=plan, measure=_measure(plan, path.measure_id), data=_measure_input(payload))


@router.delete("/plans/{uuid}/measures/{measure_id}", response={204: None, **ERRORS_WRITE}, summary="删除矫正方案草稿的措施")
def correction_plan_measure_remove(request: HttpRequest, path: Path[MeasurePath]) -> Status:
    plan = _plan(request, path.uuid, "change")
    plans.plan_measure_remove(actor=request.user, plan=plan, measure=_measure(plan, path.measure_id))
    return Status(204, None)


@router.post("/plans/{uuid}/approve", response={200: PlanDetailOut, **ERRORS_WRITE}, summary="审批矫正方案")
def correction_plan_approve(request: HttpRequest, uuid: uuid_lib.UUID) -> CorrectionPlan:
    """草稿审批后生效，原已审批的版本被替代；排期事项见 GET /plans/{uuid}/obligations。"""
    plan = _plan(request, uuid, "change")
    with transaction.atomic():
        plans.plan_approve(actor=request.user, plan=plan)
    return _plan(request, uuid)


@router.get("/plans/{uuid}/obligations", response={200: list[PlanObligationOut], **ERRORS_READ}, summary="矫正方案的排期事项")
def correction_plan_obligations(request: HttpRequest, uuid: uuid_lib.UUID) -> list[dict[str, Any]]:
    """已审批方案中须按期履行的事项（种类、次数和周期或每月小时数、法律依据）；草稿没有排期事项。"""
    return plans.plan_obligations(_plan(request, uuid))


# ------------------------------------------------------------------------------------------------ report


class GradeLevelRowOut(Schema):
    level: str
    colour: str
    count: int
    violations: int
    rate: float | None = Field(..., description="违规率（%）")


class GradeGroupOut(Schema):
    count: int
    violations: int
    by_level: list[GradeLevelRowOut]
    auc: float | None = Field(..., description="首次评估总分预测其后违规的 AUC；结果数不足时为空")
    enough: bool


class GradeLabelledGroupOut(GradeGroupOut):
    label: str


class GradeValidationOut(Schema):
    overall: GradeGroupOut
    by_sex: list[GradeLabelledGroupOut]
    by_age: list[GradeLabelledGroupOut]
    simulated: bool = Field(..., description="含演示用模拟数据")
    min_outcomes: int


@router.get("/validation", response={200: GradeValidationOut, 403: ErrorOut}, summary="分级预测效果")
def correction_grade_validation(request: HttpRequest) -> dict[str, Any]:
    """首次评估等级对其后违规的预测：按等级的人数、违规数和违规率，结果足够时的 AUC；总体及按性别、年龄段。"""
    require_perm(request.user, "corrections.view_riskassessment", what="查看分级预测效果")
    return plans.grade_validation(Subject.objects.visible_to(request.user, "view"))
