"""重新违法犯罪 (考核 N03): a subject's breach of the law or new crime discovered during the term, recorded by the office
with the body dealing with it and the outcome.

社区矫正法 第二十三条 binds the subject to obey the law during the term; a new crime during the 考验期 grounds the
revocation of 缓刑 (刑法 第七十七条第一款) or 假释 (刑法 第八十六条第一款), which the corrections agency proposes
(社区矫正法 第四十六条); a breach punished by the police is 治安管理处罚 (第二十八条). Each record enters the work
ledger as ``corrections.reoffended`` on the day it was discovered — the event the 2026 考核标准 deducts under N03 —
and a crime makes the platform suggest the revocation step (``corrections.duties.sanction_suggestions``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.audit import audit_record, diff, snapshot
from core.errors import ErrorCollector
from core.ledger import ledger_record
from core.services import ensure_in_scope
from corrections.choices import CorrectionType
from corrections.choices_duties import ReoffenceNature, ReoffenceOutcome
from corrections.models import Reoffence, Subject

EV_REOFFENDED = "corrections.reoffended"

# The proposal each type allows (社区矫正法 第四十六条、第四十九条): 撤销缓刑 for 缓刑, 撤销假释 for 假释, 收监执行 for
# 暂予监外执行; a 管制 subject's new crime is tried and punished together (刑法 第七十一条), nothing to propose.
_PROPOSAL_TYPE = {ReoffenceOutcome.REVOKE_PROBATION: CorrectionType.PROBATION, ReoffenceOutcome.REVOKE_PAROLE: CorrectionType.PAROLE,
                  ReoffenceOutcome.IMPRISON: CorrectionType.TEMPORARY_OUTSIDE}


@dataclass
class ReoffenceInput:
    discovered_date: dt.date | None
    nature: str
    description: str
    authority: str
    outcome: str = ReoffenceOutcome.PENDING
    outcome_date: dt.date | None = None
    outcome_note: str = ""


def _check(subject: Subject, data: ReoffenceInput) -> ReoffenceInput:
    """Every problem at once, each at its field."""
    errors = ErrorCollector()
    today = timezone.localdate()
    data.description = (data.description or "").strip()
    data.authority = " ".join((data.authority or "").split())
    data.outcome_note = (data.outcome_note or "").strip()
    data.outcome = data.outcome or ReoffenceOutcome.PENDING
    last = min(today, subject.ended_date or today)
    if not data.discovered_date:
        errors.add("请填写发现日期", field="discovered_date")
    elif not subject.start_date <= data.discovered_date <= last:
        errors.add(f"发现日期应在矫正期间（{subject.start_date:%Y-%m-%d} 至 {last:%Y-%m-%d}）之内；矫正期满后的违法犯罪不属于"
                   "社区矫正期间重新违法犯罪", field="discovered_date")
    if data.nature not in ReoffenceNature.values:
        errors.add("请选择性质：违法（如 被治安管理处罚）或犯罪（涉嫌新的犯罪）", field="nature")
    if not data.description:
        errors.add("请写明违法犯罪事实：时间、地点、行为和后果", field="description")
    if not data.authority:
        errors.add("请填写处理机关，如 赤峰市公安局红山区分局", field="authority")
    if data.outcome not in ReoffenceOutcome.values:
        errors.add(f"请选择处理结果：{'、'.join(ReoffenceOutcome.labels)}", field="outcome")
    else:
        outcome = ReoffenceOutcome(data.outcome)
        if outcome == ReoffenceOutcome.PUBLIC_SECURITY and data.nature == ReoffenceNature.CRIME:
            errors.add("涉嫌犯罪的不适用治安管理处罚（治安管理处罚法 第二条）；请选择被采取刑事强制措施或提请撤销等处理结果", field="outcome")
        required = _PROPOSAL_TYPE.get(outcome)
        if required and subject.correction_type != required:
            errors.add(f"“{outcome.label}”只适用于{required.label}的社区矫正对象，{subject.person.name}的矫正类别是"
                       f"{subject.get_correction_type_display()}", field="outcome")
        if outcome == ReoffenceOutcome.PENDING and data.outcome_date:
            errors.add("处理中的不填处理日期；有处理结果时再选择结果并填写日期", field="outcome_date")
        if outcome != ReoffenceOutcome.PENDING and not data.outcome_date:
            errors.add("请填写处理日期（处罚决定、强制措施或提请建议的日期）", field="outcome_date")
    if data.outcome_date:
        if data.outcome_date > today:
            errors.add("处理日期不能晚于今天", field="outcome_date")
        elif data.discovered_date and data.outcome_date < data.discovered_date:
            errors.add("处理日期不能早于发现日期", field="outcome_date")
    errors.raise_if_any()
    return data


@transaction.atomic
def reoffence_record(*, actor: Any, subject: Subject, data: ReoffenceInput) -> Reoffence:
    """登记重新违法犯罪: the office that supervises the subject records the new offence it learned of (from the police,
    the court, a check or the subject's report); one ledger entry ``corrections.reoffended`` on the day discovered."""
    data = _check(subject, data)
    assert data.discovered_date is not None  # checked above
    record = Reoffence.objects.create(
        org=subject.org, created_by=actor, subject=subject, discovered_date=data.discovered_date, nature=data.nature,
        description=data.description, authority=data.authority[:100], outcome=data.outcome, outcome_date=data.outcome_date,
        outcome_note=data.outcome_note[:300],
    )
    ensure_in_scope(actor=actor, obj=record, action="add")
    audit_record(actor=actor, action="create", obj=record, after=snapshot(record),
                 summary=f"登记社区矫正对象重新{record.get_nature_display()} {subject.person.name}（{data.discovered_date:%Y-%m-%d} 发现）")
    ledger_record(org=subject.org, actor=actor, event_type=EV_REOFFENDED, target=record, date=data.discovered_date,
                  note=f"{subject.person.name} {record.get_nature_display()}")
    return record


@transaction.atomic
def reoffence_update(*, actor: Any, reoffence: Reoffence, data: ReoffenceInput) -> Reoffence:
    """更新处理情况 (or correct the facts): the values before and after go into the audit row; the ledger entry follows
    a corrected discovery date and is not counted twice."""
    from django.contrib.contenttypes.models import ContentType

    from core.ledger import ledger_days_changed
    from core.models import WorkEvent

    data = _check(reoffence.subject, data)
    before = snapshot(reoffence)
    old_day = reoffence.discovered_date
    for name in ("discovered_date", "nature", "description", "authority", "outcome", "outcome_date", "outcome_note"):
        setattr(reoffence, name, getattr(data, name))
    reoffence.save()
    ensure_in_scope(actor=actor, obj=reoffence, action="change")
    old, new = diff(before, snapshot(reoffence))
    if "discovered_date" in new:
        WorkEvent.objects.filter(event_type=EV_REOFFENDED, object_id=str(reoffence.pk),
                                 content_type=ContentType.objects.get_for_model(Reoffence)).update(date=reoffence.discovered_date)
        ledger_days_changed([(reoffence.org_id, old_day), (reoffence.org_id, reoffence.discovered_date)])
    if new:
        audit_record(actor=actor, action="update", obj=reoffence, before=old, after=new,
                     summary=f"更新重新违法犯罪处理情况 {reoffence.subject.person.name}：{reoffence.get_outcome_display()}")
    return reoffence


def crimes_by_subject(subject_ids: list[int]) -> dict[int, list[Reoffence]]:
    """The new crimes recorded for each subject (for the suggested 奖惩 steps)."""
    out: dict[int, list[Reoffence]] = {}
    for row in Reoffence.objects.filter(subject_id__in=subject_ids, nature=ReoffenceNature.CRIME).order_by("discovered_date"):
        out.setdefault(row.subject_id, []).append(row)
    return out
