"""分类管理与矫正方案 pages: a subject's 分级与方案 page (conditions, assessments, level history, proposals, plans),
the assessment and plan pages, the dialogs of every action, the three lists with Excel export, the reference pages
(contact standards, strategy library) and the 分级预测效果 report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.selectors import writable_orgs
from core.access import access_object, require_perm
from core.audit import audit_record
from core.errors import AccessDenied, NotFound, SifasuoError
from core.forms import client_ip, handle_dialog
from core.http import AuthedRequest
from core.lists import ScopedListView
from corrections import forms_plans as f
from corrections import lists_plans as lp
from corrections import plans
from corrections.models import (
    CorrectionPlan,
    GradeChange,
    ManagementLevel,
    PlanMeasure,
    RegradeProposal,
    RiskAssessment,
    StrategyCategory,
    StrategyMeasure,
    Subject,
)
from orgs.models import Org

GRADING_BREADCRUMB = ("社区矫正对象台账", "/corrections/")


def _can(user: Any, model: Any, obj: Any, action: str = "change") -> bool:
    return bool(model._default_manager.visible_to(user, action).filter(pk=obj.pk).exists())


def _condition_rows(subject: Subject, values: dict[str, str]) -> list[dict[str, Any]]:
    levels = {lv.code: lv for lv in ManagementLevel.objects.all()}
    stored = plans.stored_conditions(subject)
    return [{"key": c.key, "label": c.label, "value": plans.condition_value_label(c.key, values.get(c.key, ""), levels),
             "derived": c.derived, "recorded": c.key in stored} for c in plans.CONDITIONS]


@login_required
def subject_grading(request: AuthedRequest, uuid: str) -> HttpResponse:
    """一名矫正对象的分级与矫正方案: 基本情况、评估、等级及其变更、调整建议和各版矫正方案. Each read is logged, like the file."""
    subject = access_object(request.user, Subject, uuid=uuid)
    audit_record(actor=request.user, action="other", summary=f"查阅社区矫正对象分级与矫正方案 {subject.person.name}", obj=subject,
                 ip_address=client_ip(request))
    grade = plans.current_grade(subject)
    values = plans.subject_conditions(subject, level=grade.level.code if grade else "")
    return render(request, "corrections/grading.html", {
        "title": f"分级管理与矫正方案：{subject.person.name}", "s": subject, "grade": grade, "conditions": _condition_rows(subject, values),
        "assessments": subject.assessments.select_related("level", "suggested_level", "assessor")[:20],
        "changes": subject.grade_changes.select_related("level", "previous", "decided_by")[:50],
        "proposals": subject.regrade_proposals.select_related("from_level", "to_level", "decided_by")[:20],
        "plan_list": subject.plans.select_related("level", "approved_by").annotate(measure_count=Count("measures")),
        "can_change": _can(request.user, Subject, subject),
        "breadcrumbs": [GRADING_BREADCRUMB, (subject.person.name, subject.get_absolute_url()), ("分级与矫正方案", "")],
    })


@login_required
def conditions_edit(request: AuthedRequest, uuid: str) -> HttpResponse:
    """录入矫正对象基本情况 (社区矫正法 第二十四条)."""
    subject = access_object(request.user, Subject, action="change", uuid=uuid)
    form = f.ConditionsForm(request.POST or None, initial=plans.stored_conditions(subject))

    def save(cd: dict[str, Any]) -> str:
        plans.conditions_update(actor=request.user, subject=subject, values=cd)
        return f"已保存{subject.person.name}的基本情况"

    return handle_dialog(request, form=form, title=f"基本情况：{subject.person.name}", save=save,
                         redirect_to=f"/corrections/{subject.uuid}/grading/", extra={
        "intro": "类别、性别、年龄、期限、矫正阶段和管理等级由档案自动得出。基本情况变化且已有审批的矫正方案的，自动拟出新版方案草稿供审核。",
    })


@login_required
def assessment_create(request: AuthedRequest, uuid: str) -> HttpResponse:
    """风险需求评估: 逐题作答，量表建议等级，调整须写明理由."""
    subject = access_object(request.user, Subject, action="change", uuid=uuid)
    require_perm(request.user, "corrections.add_riskassessment", what="进行风险需求评估")
    rule_set = plans.active_rule_set()
    kind = RiskAssessment.Kind.REVIEW if subject.assessments.exists() else RiskAssessment.Kind.INITIAL
    form = f.AssessmentForm(request.POST or None, rule_set=rule_set, initial={"kind": kind})

    def save(cd: dict[str, Any]) -> str:
        a = plans.assessment_record(actor=request.user, subject=subject, data=plans.AssessmentInput(
            answers=form.answers(), assessed_on=cd["assessed_on"], kind=cd["kind"], override_level=cd["override_level"],
            override_reason=cd["override_reason"]))
        return f"评估完成：{a.total}分，{a.level.name}"

    return handle_dialog(request, form=form, title=f"风险需求评估：{subject.person.name}", save=save,
                         redirect_to=f"/corrections/{subject.uuid}/grading/", extra={
        "intro": f"使用量表：{rule_set.name}。总分≥{rule_set.strict_from}分建议严管，<{rule_set.lenient_below}分建议宽管；"
                 "入矫不满两个月、受到警告等情形按分类管理规定严管。评估结果是决策参考，等级由工作人员确定。",
    })


@login_required
def assessment_detail(request: AuthedRequest, uuid: str) -> HttpResponse:
    a = access_object(request.user, RiskAssessment, uuid=uuid)
    audit_record(actor=request.user, action="other", summary=f"查阅风险需求评估 {a.subject.person.name}", obj=a,
                 ip_address=client_ip(request))
    return render(request, "corrections/assessment_detail.html", {
        "title": f"风险需求评估：{a.subject.person.name}", "a": a, "rule_set": a.rule_set,
        "breadcrumbs": [GRADING_BREADCRUMB, (a.subject.person.name, f"/corrections/{a.subject.uuid}/grading/"), ("风险需求评估", "")],
    })


@login_required
def grade_adjust(request: AuthedRequest, uuid: str) -> HttpResponse:
    subject = access_object(request.user, Subject, action="change", uuid=uuid)
    form = f.GradeForm(request.POST or None)

    def save(cd: dict[str, Any]) -> str:
        change = plans.grade_adjust(actor=request.user, subject=subject, level_code=cd["level"], reason=cd["reason"])
        return f"已调整为{change.level.name}"

    return handle_dialog(request, form=form, title=f"调整管理等级：{subject.person.name}", save=save,
                         redirect_to=f"/corrections/{subject.uuid}/grading/")


def _post_action(request: AuthedRequest, action: Any, *, done: str, back: str) -> HttpResponse:
    try:
        target = action()
    except SifasuoError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, done)
    return redirect(target)


@login_required
@require_POST
def plan_generate(request: AuthedRequest, uuid: str) -> HttpResponse:
    """一键生成矫正方案草稿."""
    subject = access_object(request.user, Subject, action="change", uuid=uuid)
    require_perm(request.user, "corrections.add_correctionplan", what="制定矫正方案")
    return _post_action(request, lambda: plans.plan_generate(actor=request.user, subject=subject).get_absolute_url(),
                        done="已生成矫正方案草稿，请逐项审核后审批", back=f"/corrections/{subject.uuid}/grading/")


def _sections(plan: CorrectionPlan) -> list[tuple[str, str, list[PlanMeasure]]]:
    measures = list(plan.measures.select_related("strategy__category"))
    return [(code, label, [m for m in measures if m.section == code]) for code, label in StrategyMeasure.Section.choices]


@login_required
def plan_detail(request: AuthedRequest, uuid: str) -> HttpResponse:
    plan = access_object(request.user, CorrectionPlan, uuid=uuid)
    plan = CorrectionPlan.objects.select_related("subject__person", "level", "approved_by", "org").get(pk=plan.pk)
    audit_record(actor=request.user, action="other", summary=f"查阅矫正方案 {plan.subject.person.name}", obj=plan,
                 ip_address=client_ip(request))
    return render(request, "corrections/plan_detail.html", {
        "title": f"矫正方案：{plan.subject.person.name}（第{plan.version}版）", "plan": plan, "sections": _sections(plan),
        "obligations": plans.plan_obligations(plan), "can_change": _can(request.user, CorrectionPlan, plan),
        "breadcrumbs": [GRADING_BREADCRUMB, (plan.subject.person.name, f"/corrections/{plan.subject.uuid}/grading/"),
                        (f"矫正方案第{plan.version}版", "")],
    })


@login_required
def plan_edit(request: AuthedRequest, uuid: str) -> HttpResponse:
    plan = access_object(request.user, CorrectionPlan, action="change", uuid=uuid)
    form = f.PlanForm(request.POST or None, initial={"basic_facts": plan.basic_facts, "assessment_result": plan.assessment_result,
                                                     "psychology": plan.psychology})
    return handle_dialog(request, form=form, title="修改矫正方案", redirect_to=plan.get_absolute_url(),
                         save=lambda cd: (plans.plan_update(actor=request.user, plan=plan, **cd), "已保存")[1])


def _measure_input(cd: dict[str, Any]) -> plans.MeasureInput:
    return plans.MeasureInput(section=cd["section"], title=cd["title"], legal_basis=cd["legal_basis"], obligation=cd["obligation"],
                              count=cd["count"], period=cd["period"], hours_per_month=cd["hours_per_month"], note=cd.get("note", ""))


@login_required
def measure_add(request: AuthedRequest, uuid: str) -> HttpResponse:
    plan = access_object(request.user, CorrectionPlan, action="change", uuid=uuid)
    form = f.MeasureForm(request.POST or None)
    return handle_dialog(request, form=form, title="增加措施", redirect_to=plan.get_absolute_url(),
                         save=lambda cd: (plans.plan_measure_save(actor=request.user, plan=plan, data=_measure_input(cd)), "已增加措施")[1])


def _measure(plan: CorrectionPlan, measure_id: int) -> PlanMeasure:
    measure = plan.measures.filter(pk=measure_id).first() if measure_id < 2**31 else None
    if measure is None:
        raise NotFound("未找到该措施")
    return measure


@login_required
def measure_edit(request: AuthedRequest, uuid: str, measure_id: int) -> HttpResponse:
    plan = access_object(request.user, CorrectionPlan, action="change", uuid=uuid)
    measure = _measure(plan, measure_id)
    form = f.MeasureForm(request.POST or None, initial={k: getattr(measure, k) for k in (
        "section", "obligation", "count", "period", "hours_per_month", "title", "legal_basis")})
    return handle_dialog(request, form=form, title="修改措施", redirect_to=plan.get_absolute_url(), save=lambda cd: (
        plans.plan_measure_save(actor=request.user, plan=plan, measure=measure, data=_measure_input(cd)), "已修改措施")[1])


@login_required
@require_POST
def measure_remove(request: AuthedRequest, uuid: str, measure_id: int) -> HttpResponse:
    plan = access_object(request.user, CorrectionPlan, action="change", uuid=uuid)
    measure = _measure(plan, measure_id)
    return _post_action(request, lambda: (plans.plan_measure_remove(actor=request.user, plan=plan, measure=measure),
                                          plan.get_absolute_url())[1], done="已删除措施", back=plan.get_absolute_url())


@login_required
@require_POST
def plan_approve(request: AuthedRequest, uuid: str) -> HttpResponse:
    plan = access_object(request.user, CorrectionPlan, action="change", uuid=uuid)
    return _post_action(request, lambda: plans.plan_approve(actor=request.user, plan=plan).get_absolute_url(),
                        done=f"已审批第{plan.version}版矫正方案", back=plan.get_absolute_url())


@login_required
def proposal_decide(request: AuthedRequest, uuid: str) -> HttpResponse:
    proposal = access_object(request.user, RegradeProposal, action="change", uuid=uuid)
    form = f.DecideForm(request.POST or None)

    def save(cd: dict[str, Any]) -> str:
        done = plans.proposal_decide(actor=request.user, proposal=proposal, approve=cd["approve"], note=cd["note"])
        return f"{done.get_status_display()}：{done.subject.person.name}"

    return handle_dialog(request, form=form, title=f"审批等级调整建议：{proposal.subject.person.name}", save=save,
                         redirect_to="/corrections/regrade/", extra={
        "intro": f"{proposal.from_level.name if proposal.from_level else '未定级'} → {proposal.to_level.name}：{proposal.reason}",
    })


def regrade_org(user: Any, org_id: Any) -> Org:
    """The office whose subjects the user may re-grade (invisible 404, read-only 403)."""
    org = writable_orgs(user, Subject).filter(kind=Org.Kind.OFFICE, pk=org_id).first()
    if org is not None:
        return org  # type: ignore[no-any-return]
    visible = access_object(user, Org, pk=org_id)
    raise AccessDenied(f"您不能对“{visible.name}”的矫正对象提出等级调整建议")


@login_required
def regrade_run(request: AuthedRequest) -> HttpResponse:
    """按分类管理规定核对全部在矫对象，生成等级调整建议（后台运行，显示进度）."""
    require_perm(request.user, "corrections.add_regradeproposal", what="生成等级调整建议")
    run = None
    if request.method == "POST":
        from core.taskruns import taskrun_start

        org = regrade_org(request.user, request.POST.get("org") or 0)
        run = taskrun_start(label=plans.REGRADE_LABEL, user=request.user)
        plans.regrade_task.enqueue(run_uuid=str(run.uuid), actor_id=request.user.pk or 0, org_id=org.pk)
        audit_record(actor=request.user, action="other", summary=f"生成等级调整建议（{org.name}）")
        run.refresh_from_db()
    form = f.RegradeRunForm(orgs=writable_orgs(request.user, Subject).filter(kind=Org.Kind.OFFICE))
    return render(request, "corrections/regrade_run.html", {
        "title": "生成等级调整建议", "form": form, "run": run,
        "breadcrumbs": [("等级调整建议", "/corrections/regrade/"), ("生成", "")],
    })


class PlanListView(ScopedListView):
    model = CorrectionPlan
    filterset_class = lp.PlanFilterSet
    table_class = lp.PlanTable
    title = "矫正方案台账"
    export_filename = "矫正方案台账"
    export_columns = lp.PLAN_EXPORT

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return lp.plan_rows(request.user)


class GradeListView(ScopedListView):
    model = GradeChange
    filterset_class = lp.GradeFilterSet
    table_class = lp.GradeTable
    title = "管理等级变更记录"
    export_filename = "管理等级变更记录"
    export_columns = lp.GRADE_EXPORT

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return lp.grade_rows(request.user)


class ProposalListView(ScopedListView):
    model = RegradeProposal
    filterset_class = lp.ProposalFilterSet
    table_class = lp.ProposalTable
    title = "等级调整建议"
    template_name = "corrections/proposal_list.html"
    export_filename = "等级调整建议"
    export_columns = lp.PROPOSAL_EXPORT

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return lp.proposal_rows(request.user)


@login_required
def standards(request: AuthedRequest) -> HttpResponse:
    """管理等级与接触标准、策略库 (shared reference data: every signed-in user reads them; administrators edit them)."""
    return render(request, "corrections/standards.html", {
        "title": "分类管理标准与矫正策略库", "levels": ManagementLevel.objects.all(),
        "categories": StrategyCategory.objects.prefetch_related("measures"),
        "rule_set": plans.active_rule_set(), "conditions": plans.CONDITIONS,
        "breadcrumbs": [("分类管理标准与矫正策略库", "")],
    })


@login_required
def validation_report(request: AuthedRequest) -> HttpResponse:
    """分级预测效果: how well the initial grades predicted later violations, in the user's data scope."""
    require_perm(request.user, "corrections.view_riskassessment", what="查看分级预测效果")
    report = plans.grade_validation(Subject.objects.visible_to(request.user, "view"), today=timezone.localdate())
    return render(request, "corrections/validation.html", {
        "title": "分级预测效果", "report": report, "breadcrumbs": [("分级预测效果", "")],
    })
