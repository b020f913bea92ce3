"""Writes of 法律援助人员 and 法律援助案件: the 机构's roster of providers, the 指派 of a granted or notified matter to one of
them, and the case from the provider's progress reports to the 结案 or 终止.

- 指派 (法律援助法 第四十三条第一款: within three days of the decision; 第三十六条: within three days of a 通知, and only a
  律师): the clock is the one ``legalaid.centre`` opened at the decision, closed by ``centre.review_assign``, which this
  module calls after its own checks.
- 第二十六条: one who may be sentenced to 无期徒刑 or 死刑 (and a 死刑复核 defendant) gets a 律师 with at least three
  years' practice.
- 利益冲突: a provider who represents the opposing party in another aid case, or acts against this recipient there, is
  not assigned (律师法 第三十九条: a lawyer may not represent both parties in the same matter; 法律援助法 第二十条
  binds 法律援助人员 to their professional duties).
- 更换: the 机构 may change the provider for a reason (2023 《办理法律援助案件程序规定》, article number UNCONFIRMED);
  the old case ends as REPLACED and a new one starts with the new provider, without a new three-day clock.
- 终止 (第四十八条): the eight grounds, by the 机构's decision.
- 结案 (第五十条): when the matter ends the provider reports and hands in the 结案报告 with copies of the legal documents;
  ``LEGALAID_CLOSING_DAYS`` (default 30, the 程序规定's period, article UNCONFIRMED) runs from the day the matter ended.
- 补贴 (第五十二条): paid from the province's table (``SubsidyStandard``), fixed on the case at 结案.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import calendar
from core.audit import audit_record, diff, snapshot
from core.deadlines import deadline_close, deadline_open, open_deadlines_for
from core.errors import ErrorCollector, ValidationFailed
from core.ledger import ledger_record
from core.services import ensure_in_scope
from legalaid import centre
from legalaid.choices import (
    OPEN_ASSIGNMENT,
    AssignmentStatus,
    ProgressKind,
    ProviderKind,
    QualityGrade,
    ReviewSource,
    ReviewStatus,
    Satisfaction,
    TerminationGround,
)
from legalaid.models import Assignment, Progress, Provider, Review, SubsidyStandard
from orgs.models import Org

DEADLINE_CLOSE = "legalaid.close"
LIFE_OR_DEATH_YEARS = 3  # 法律援助法 第二十六条

# 律师执业证号: 17 digits (司法部 律师执业证 numbering). 基层法律服务工作者执业证 numbers differ by province: letters and
# digits, 6–30 characters.
LAWYER_LICENCE = re.compile(r"^\d{17}$")
WORKER_LICENCE = re.compile(r"^[0-9A-Za-z\-]{6,30}$")
LAWYER_KINDS = frozenset({ProviderKind.LAWYER, ProviderKind.DUTY_LAWYER})


# ----------------------------------------------------------------------------------------------------- the roster


@dataclass
class ProviderInput:
    kind: str
    name: str
    licence_number: str
    firm: str
    practice_since: dt.date | None
    specialities: str = ""
    phone: str = ""
    is_active: bool = True


def provider_check(data: ProviderInput, *, org: Org, exclude: Provider | None = None) -> ProviderInput:
    """Clean and validate a roster entry; every error at once, in Chinese, at its field."""
    data = ProviderInput(**{k: v.strip() if isinstance(v, str) else v for k, v in asdict(data).items()})  # type: ignore[arg-type]
    errors = ErrorCollector()
    if data.kind not in ProviderKind.values:
        errors.add("请选择人员类别：律师、基层法律服务工作者或值班律师", field="kind")
    if not data.name:
        errors.add("请填写姓名", field="name")
    lawyer = data.kind in LAWYER_KINDS
    if not data.licence_number:
        errors.add("执业证号为必填项：请填写" + ("律师执业证上的17位执业证号" if lawyer else "基层法律服务工作者执业证上的证号")
                   + "，没有执业证的人员不能承办法律援助案件", field="licence_number")
    elif lawyer and not LAWYER_LICENCE.fullmatch(data.licence_number):
        errors.add("律师执业证号应为17位数字，请核对执业证", field="licence_number")
    elif not lawyer and not WORKER_LICENCE.fullmatch(data.licence_number):
        errors.add("执业证号应为6至30位字母或数字，请核对执业证", field="licence_number")
    elif Provider.objects.filter(org=org, licence_number=data.licence_number).exclude(
            pk__in=[exclude.pk] if exclude else []).exists():
        errors.add("该执业证号已在本机构名册中，请勿重复登记", field="licence_number")
    if not data.firm:
        errors.add("请填写执业机构（律师事务所或基层法律服务所）", field="firm")
    if data.practice_since is None:
        errors.add("请填写执业起始日期（执业证首次颁发日期）", field="practice_since")
    elif data.practice_since > timezone.localdate():
        errors.add("执业起始日期不能晚于今天", field="practice_since")
    errors.raise_if_any()
    return data


@transaction.atomic
def provider_create(*, actor: Any, org: Org, data: ProviderInput) -> Provider:
    """Put a provider on the 机构's roster."""
    data = provider_check(data, org=org)
    provider = Provider.objects.create(org=org, created_by=actor, **asdict(data))
    ensure_in_scope(actor=actor, obj=provider, action="add")
    audit_record(actor=actor, action="create", summary=f"登记法律援助人员 {provider.name}", obj=provider,
                 after=snapshot(provider))
    return provider


@transaction.atomic
def provider_update(*, actor: Any, provider: Provider, data: ProviderInput) -> Provider:
    data = provider_check(data, org=provider.org, exclude=provider)
    before = snapshot(provider)
    for name, value in asdict(data).items():
        setattr(provider, name, value)
    provider.save()
    ensure_in_scope(actor=actor, obj=provider, action="change")
    old, new = diff(before, snapshot(provider))
    audit_record(actor=actor, action="update", summary=f"修改法律援助人员 {provider.name}", obj=provider, before=old, after=new)
    return provider


# ----------------------------------------------------------------------------------------------------- 指派


def provider_conflicts(provider: Provider, review: Review) -> list[str]:
    """The provider's other aid cases that stand against this one: there he represents this case's opposing party, or
    acts against this recipient. Parties are matched by name, the only thing an application records of the opponent."""
    application = review.application
    recipient, opponent = application.applicant.name, application.opposing_party.strip()
    found = []
    others = (Assignment.objects.filter(provider=provider).exclude(review=review).exclude(status=AssignmentStatus.REPLACED)
              .select_related("review__application__applicant"))
    for other in others:
        their = other.review.application
        if opponent and their.applicant.name == opponent:
            found.append(f"{provider.name}正在（或曾经）为本案对方当事人{opponent}提供法律援助（{other.assigned_date:%Y-%m-%d}指派）")
        elif their.opposing_party.strip() == recipient:
            found.append(f"{provider.name}在另一案件中为{their.applicant.name}代理，对方当事人即本案受援人{recipient}")
    return found


def _provider_check(review: Review, provider: Provider, day: dt.date, errors: ErrorCollector) -> None:
    if provider.org_id != review.org_id or not provider.is_active:
        errors.add("请从本机构在册的法律援助人员中选择", field="provider")
        return
    if review.source == ReviewSource.NOTICE and provider.kind not in LAWYER_KINDS:
        errors.add("通知辩护、通知代理须指派律师（法律援助法 第三十六条），不能指派基层法律服务工作者", field="provider")
    if review.life_or_death and (provider.kind not in LAWYER_KINDS
                                 or provider.years_of_practice(day) < LIFE_OR_DEATH_YEARS):
        errors.add(f"可能判处无期徒刑、死刑的案件须指派具有三年以上相关执业经历的律师（法律援助法 第二十六条）；"
                   f"{provider.name}执业{provider.years_of_practice(day)}年", field="provider")
    for conflict in provider_conflicts(provider, review):
        errors.add(f"利益冲突，不能指派：{conflict}。请另选法律援助人员", field="provider")


def _start(*, actor: Any, review: Review, provider: Provider, day: dt.date) -> Assignment:
    assignment = Assignment.objects.create(org=review.org, created_by=actor, review=review, provider=provider,
                                           assigned_date=day)
    ensure_in_scope(actor=actor, obj=assignment, action="add")
    audit_record(actor=actor, action="create", summary=f"指派{provider.name}承办 {review.application.applicant.name}",
                 obj=assignment, after=snapshot(assignment))
    return assignment


@transaction.atomic
def assignment_create(*, actor: Any, review: Review, provider: Provider, date: dt.date | None = None) -> Assignment:
    """指派 a provider from the roster to a granted matter (第四十三条) or a 通知 (第三十六条), after the 第二十六条
    experience rule and the conflict check; a matter whose aid was provided first (第四十四条) gets its case record now."""
    errors = ErrorCollector()
    day = date or timezone.localdate()
    _provider_check(review, provider, day, errors)
    advance_only = review.status == ReviewStatus.ASSIGNED and not review.assignments.exists()
    errors.raise_if_any()
    if advance_only:
        before = snapshot(review)
        review.provider_name, review.provider_unit = provider.name, provider.firm
        review.save(update_fields=["provider_name", "provider_unit", "updated_at"])
        old, new = diff(before, snapshot(review))
        audit_record(actor=actor, action="update", summary="先行提供法律援助的承办人员登记入册", obj=review, before=old, after=new)
    else:
        centre.review_assign(actor=actor, review=review, provider_name=provider.name, provider_unit=provider.firm, date=day)
    return _start(actor=actor, review=review, provider=provider, day=review.assigned_date or day)


def _current(assignment: Assignment, doing: str) -> None:
    if assignment.status not in OPEN_ASSIGNMENT:
        raise ValidationFailed(f"该案件{assignment.get_status_display()}，不能{doing}")


def _day(value: dt.date | None, *, not_before: dt.date, what: str) -> dt.date:
    day = value or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationFailed(f"{what}不能晚于今天，请核对", field="date")
    if day < not_before:
        raise ValidationFailed(f"{what}不能早于{not_before:%Y-%m-%d}，请核对", field="date")
    return day


def _save(assignment: Assignment, *, actor: Any, before: dict[str, Any], summary: str, fields: list[str]) -> None:
    assignment.save(update_fields=[*fields, "updated_at"])
    ensure_in_scope(actor=actor, obj=assignment, action="change")
    old, new = diff(before, snapshot(assignment))
    audit_record(actor=actor, action="update", summary=f"{summary} {assignment.review.application.applicant.name}",
                 obj=assignment, before=old, after=new)


def _close_clock(assignment: Assignment, *, cancelled: bool = False) -> None:
    for deadline in open_deadlines_for(assignment, DEADLINE_CLOSE):
        deadline_close(deadline=deadline, cancelled=cancelled)


@transaction.atomic
def assignment_change(*, actor: Any, assignment: Assignment, provider: Provider, reason: str,
                      date: dt.date | None = None) -> Assignment:
    """更换法律援助人员: the recipient asks with good reason, or the provider cannot go on. The same checks as the
    指派 apply to the new provider; the current case ends as REPLACED with the reason, a new one starts."""
    _current(assignment, "更换法律援助人员")
    review = assignment.review
    reason = (reason or "").strip()
    errors = ErrorCollector()
    if len(reason) < 4:
        errors.add("请写明更换理由，如 受援人有正当理由申请更换、原承办律师因病不能继续办理", field="reason")
    if provider.pk == assignment.provider_id:
        errors.add("请选择另一名法律援助人员", field="provider")
    day = _day(date, not_before=assignment.assigned_date, what="更换日期")
    _provider_check(review, provider, day, errors)
    errors.raise_if_any()
    before = snapshot(assignment)
    assignment.status, assignment.replaced_date, assignment.replaced_reason = AssignmentStatus.REPLACED, day, reason
    _close_clock(assignment, cancelled=True)
    _save(assignment, actor=actor, before=before, summary=f"更换法律援助人员为{provider.name}",
          fields=["status", "replaced_date", "replaced_reason"])
    review_before = snapshot(review)
    review.provider_name, review.provider_unit = provider.name, provider.firm
    review.save(update_fields=["provider_name", "provider_unit", "updated_at"])
    old, new = diff(review_before, snapshot(review))
    audit_record(actor=actor, action="update", summary="更换法律援助人员", obj=review, before=old, after=new)
    successor = _start(actor=actor, review=review, provider=provider, day=day)
    if assignment.case_end_date:
        # The matter had ended: the successor owes the closing materials on the same clock.
        _end(actor=actor, assignment=successor, day=assignment.case_end_date, result=assignment.case_result)
    ledger_record(org=review.org, actor=actor, event_type="legal_aid.provider_changed", target=successor, date=day,
                  note=f"{assignment.provider.name}→{provider.name}：{reason}")
    return successor


# --------------------------------------------------------------------------------------------- 办理, 结案, 终止


@transaction.atomic
def progress_record(*, actor: Any, assignment: Assignment, kind: str, note: str, date: dt.date | None = None) -> Progress:
    """办案进展: the provider reports a step (会见、阅卷、立案、开庭 …) to the 机构."""
    _current(assignment, "登记办案进展")
    errors = ErrorCollector()
    if kind not in ProgressKind.values:
        errors.add("请选择进展事项，如 会见、阅卷、立案、开庭", field="kind")
    note = (note or "").strip()
    if len(note) < 2:
        errors.add("请简要写明情况，如 在看守所会见犯罪嫌疑人，了解案情", field="note")
    errors.raise_if_any()
    day = _day(date, not_before=assignment.assigned_date, what="进展日期")
    progress = Progress.objects.create(assignment=assignment, date=day, kind=kind, note=note, created_by=actor)
    audit_record(actor=actor, action="create", summary=f"登记办案进展 {progress}", obj=assignment,
                 after={"progress": f"{progress}：{note}"})
    ledger_record(org=assignment.org, actor=actor, event_type="legal_aid.progress_reported", target=assignment, date=day,
                  note=f"{progress.get_kind_display()}：{note}")
    return progress


def _end(*, actor: Any, assignment: Assignment, day: dt.date, result: str) -> None:
    assignment.status, assignment.case_end_date, assignment.case_result = AssignmentStatus.ENDED, day, result
    assignment.closing_due = calendar.add_calendar_days(day, settings.LEGALAID_CLOSING_DAYS)
    assignment.save(update_fields=["status", "case_end_date", "case_result", "closing_due", "updated_at"])
    deadline_open(org=assignment.org, owner=assignment.review.reviewer or actor, kind=DEADLINE_CLOSE,
                  title=f"法律援助案件结案：{assignment.review.application.applicant.name}（{assignment.provider.name}）",
                  start_date=day, due_date=assignment.closing_due, target=assignment, link=assignment.get_absolute_url(),
                  basis="法律援助事项办理结束后，法律援助人员应当及时向法律援助机构报告，提交有关法律文书的副本或者复印件、"
                        "办理情况报告等材料（法律援助法 第五十条）")


@transaction.atomic
def assignment_end(*, actor: Any, assignment: Assignment, result: str, date: dt.date | None = None) -> Assignment:
    """The matter ended (判决、裁定、调解、撤诉 …): the closing clock starts (第五十条, ``LEGALAID_CLOSING_DAYS``)."""
    if assignment.status != AssignmentStatus.HANDLING:
        raise ValidationFailed(f"该案件{assignment.get_status_display()}，不能登记办结")
    result = (result or "").strip()
    if len(result) < 4:
        raise ValidationFailed("请写明办理结果，如 法院判决被告支付拖欠工资两万三千元", field="result")
    day = _day(date, not_before=assignment.assigned_date, what="案件办结日期")
    before = snapshot(assignment)
    _end(actor=actor, assignment=assignment, day=day, result=result)
    _save(assignment, actor=actor, before=before, summary="法律援助事项办结", fields=["status"])
    ledger_record(org=assignment.org, actor=actor, event_type="legal_aid.case_ended", target=assignment, date=day, note=result)
    return assignment


def subsidy_for(assignment: Assignment) -> Decimal | None:
    """The 办案补贴 of the province's table for the matter, else the default row (第五十二条)."""
    standards = {s.matter: s.amount for s in SubsidyStandard.objects.filter(matter__in=["", assignment.review.application.matter])}
    return standards.get(assignment.review.application.matter, standards.get(""))


@transaction.atomic
def assignment_close(*, actor: Any, assignment: Assignment, report: str, materials: str,
                     date: dt.date | None = None) -> Assignment:
    """结案 (第五十条): the 结案报告 and the materials are in; the subsidy is fixed from the table."""
    if assignment.status != AssignmentStatus.ENDED:
        raise ValidationFailed("请先登记案件办结（判决、调解、撤诉等）再结案" if assignment.status == AssignmentStatus.HANDLING
                               else f"该案件{assignment.get_status_display()}，不能结案")
    errors = ErrorCollector()
    report, materials = (report or "").strip(), (materials or "").strip()
    if len(report) < 10:
        errors.add("请填写结案报告：承办经过、主要工作和办理结果（法律援助法 第五十条）", field="report")
    if len(materials) < 4:
        errors.add("请列明提交的结案材料，如 判决书副本、办理情况报告、会见笔录", field="materials")
    errors.raise_if_any()
    assert assignment.case_end_date is not None
    day = _day(date, not_before=assignment.case_end_date, what="结案日期")
    before = snapshot(assignment)
    assignment.status, assignment.closed_date = AssignmentStatus.CLOSED, day
    assignment.closing_report, assignment.materials, assignment.subsidy = report, materials, subsidy_for(assignment)
    _close_clock(assignment)
    _save(assignment, actor=actor, before=before, summary="法律援助案件结案",
          fields=["status", "closed_date", "closing_report", "materials", "subsidy"])
    ledger_record(org=assignment.org, actor=actor, event_type="legal_aid.case_closed", target=assignment, date=day,
                  note=f"{assignment.review.application.applicant.name}（{assignment.provider.name}）")
    return assignment


@transaction.atomic
def assignment_terminate(*, actor: Any, assignment: Assignment, ground: str, note: str,
                         date: dt.date | None = None) -> Assignment:
    """终止法律援助 (第四十八条): on one of its eight grounds, by the 机构's decision with the facts."""
    _current(assignment, "终止法律援助")
    errors = ErrorCollector()
    if ground not in TerminationGround.values:
        errors.add("请选择终止法律援助的情形（法律援助法 第四十八条）", field="ground")
    note = (note or "").strip()
    if len(note) < 4:
        errors.add("请写明终止的事实和依据", field="note")
    errors.raise_if_any()
    day = _day(date, not_before=assignment.assigned_date, what="终止日期")
    before = snapshot(assignment)
    assignment.status = AssignmentStatus.TERMINATED
    assignment.termination_ground, assignment.termination_note, assignment.termination_date = ground, note, day
    _close_clock(assignment, cancelled=True)
    _save(assignment, actor=actor, before=before, summary="终止法律援助",
          fields=["status", "termination_ground", "termination_note", "termination_date"])
    ledger_record(org=assignment.org, actor=actor, event_type="legal_aid.case_terminated", target=assignment, date=day,
                  note=assignment.get_termination_ground_display())
    return assignment


def _finished(assignment: Assignment, doing: str) -> None:
    if assignment.status not in (AssignmentStatus.CLOSED, AssignmentStatus.TERMINATED):
        raise ValidationFailed(f"案件结案或终止后才能{doing}")


@transaction.atomic
def assignment_quality_review(*, actor: Any, assignment: Assignment, grade: str, note: str,
                              date: dt.date | None = None) -> Assignment:
    """案件质量评查 (第五十七条: the 司法行政部门 and the 机构 supervise the quality of aid)."""
    _finished(assignment, "评查")
    errors = ErrorCollector()
    if grade not in QualityGrade.values:
        errors.add("请选择评查等次：优秀、良好、合格或不合格", field="grade")
    note = (note or "").strip()
    if grade == QualityGrade.FAIL and len(note) < 4:
        errors.add("评为不合格的，请写明存在的问题", field="note")
    errors.raise_if_any()
    day = _day(date, not_before=assignment.closed_date or assignment.termination_date or assignment.assigned_date,
               what="评查日期")
    before = snapshot(assignment)
    assignment.quality_grade, assignment.quality_note, assignment.quality_date = grade, note, day
    _save(assignment, actor=actor, before=before, summary="法律援助案件质量评查",
          fields=["quality_grade", "quality_note", "quality_date"])
    ledger_record(org=assignment.org, actor=actor, event_type="legal_aid.quality_reviewed", target=assignment, date=day,
                  note=assignment.get_quality_grade_display())
    return assignment


@transaction.atomic
def assignment_visit(*, actor: Any, assignment: Assignment, satisfaction: str, note: str = "",
                     date: dt.date | None = None) -> Assignment:
    """回访受援人: how satisfied the recipient is with the provider's service."""
    _finished(assignment, "回访")
    if satisfaction not in Satisfaction.values:
        raise ValidationFailed("请选择受援人满意度：满意、基本满意或不满意", field="satisfaction")
    note = (note or "").strip()
    if satisfaction == Satisfaction.DISSATISFIED and len(note) < 4:
        raise ValidationFailed("受援人不满意的，请记录其意见", field="note")
    day = _day(date, not_before=assignment.closed_date or assignment.termination_date or assignment.assigned_date,
               what="回访日期")
    before = snapshot(assignment)
    assignment.satisfaction, assignment.visit_note, assignment.visit_date = satisfaction, note, day
    _save(assignment, actor=actor, before=before, summary="回访受援人", fields=["satisfaction", "visit_note", "visit_date"])
    ledger_record(org=assignment.org, actor=actor, event_type="legal_aid.recipient_visited", target=assignment, date=day,
                  note=assignment.get_satisfaction_display())
    return assignment
