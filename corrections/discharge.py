"""期满鉴定与安置帮教衔接: before the term ends the office writes its appraisal of the subject's correction; after 解除
it hands the person over to the 安置帮教 work of the place of residence (社区矫正法 第四十四条; 实施办法 第五十三条,
UNCONFIRMED wording). ``corrections.services.subject_release`` records the 解除 or 终止 itself and closes the 期满 clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.audit import audit_record, diff, snapshot
from core.errors import ValidationFailed
from core.ledger import ledger_record
from core.services import ensure_in_scope
from corrections.choices import Status
from corrections.models import Handover, Subject

APPRAISED = "corrections.appraised"
# The appraisal is written in the last month of the term (practice: a month before expiry the subject writes a
# self-summary and the office its appraisal).
APPRAISAL_WINDOW_DAYS = 31


@dataclass
class HandoverInput:
    appraisal: str
    needs: str = ""
    handed_to: str = ""
    handover_date: dt.date | None = None
    announced_date: dt.date | None = None


@transaction.atomic
def handover_record(*, actor: Any, subject: Subject, data: HandoverInput) -> Handover:
    """登记期满鉴定和安置帮教交接. Not for a terminated correction (撤销、收监、死亡: nobody is handed over); the hand-over
    and the 解矫宣告 are dated on or after the 解除."""
    if subject.status == Status.TERMINATED:
        raise ValidationFailed(f"{subject.person.name} 的社区矫正已终止（{subject.get_end_reason_display()}），不办理期满鉴定和安置帮教交接",
                               field="appraisal")
    appraisal = (data.appraisal or "").strip()
    if not appraisal:
        raise ValidationFailed("请填写期满鉴定意见：矫正期间遵守规定、参加教育学习和公益活动、奖惩及悔罪表现等", field="appraisal")
    today = timezone.localdate()
    if subject.status == Status.IN_CORRECTION and (subject.end_date - today).days > APPRAISAL_WINDOW_DAYS:
        raise ValidationFailed(f"矫正期限至 {subject.end_date:%Y-%m-%d}，期满前一个月内才进行期满鉴定", field="appraisal")
    for name, label, value in (("handover_date", "交接日期", data.handover_date), ("announced_date", "解矫宣告日期", data.announced_date)):
        if value is None:
            continue
        if subject.status != Status.DISCHARGED or value < (subject.ended_date or subject.end_date):
            raise ValidationFailed(f"{label}应在解除社区矫正之日或之后；请先办理解除", field=name)
        if value > today:
            raise ValidationFailed(f"{label}不能晚于今天", field=name)
    if data.handover_date and not (data.handed_to or "").strip():
        raise ValidationFailed("请填写接收安置帮教的单位或人员，如 西屯街道安置帮教工作站", field="handed_to")
    ensure_in_scope(actor=actor, obj=subject, action="change")
    handover = Handover.objects.filter(subject=subject).first()
    created = handover is None
    before = snapshot(handover) if handover else {}
    handover = handover or Handover(subject=subject, recorded_by=actor)
    handover.appraisal, handover.needs = appraisal, (data.needs or "").strip()[:200]
    handover.handed_to = (data.handed_to or "").strip()[:100]
    handover.handover_date, handover.announced_date = data.handover_date, data.announced_date
    handover.save()
    old, new = diff(before, snapshot(handover))
    audit_record(actor=actor, action="create" if created else "update", obj=subject, before=old or None, after=new,
                 summary=f"期满鉴定与安置帮教交接 {subject.person.name}")
    if created:
        ledger_record(org=subject.org, actor=actor, event_type=APPRAISED, target=subject, note=subject.person.name)
    return handover
