"""Writes of 社区矫正: receive a subject who reported (接收报到登记), correct the registered basic information and end
the correction (解除 or 终止).

The 司法所 acts on the county 社区矫正机构's delegation (社区矫正法 第九条第二款). Every write runs in one transaction
with its audit row; reception also enters the work ledger and opens the term's statutory clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.selectors import serves_at
from core import calendar
from core.audit import audit_record, diff, snapshot
from core.deadlines import deadline_open, deadline_state, deadlines_close_for, open_deadlines_for
from core.errors import ValidationFailed
from core.ledger import ledger_days_changed, ledger_record
from core.models import WorkEvent
from core.services import ensure_in_scope
from corrections.choices import DISCHARGE_REASONS, REPORTING_TYPES, CorrectionType, EndReason, Status
from corrections.models import Subject, months_after
from corrections.transfers import transfers_end_with_subject
from orgs.models import Org
from orgs.selectors import registering_office
from people.services import PersonInput, person_find_or_create

INTAKE = "corrections.intake"
RELEASE = "corrections.release"
FILE_CREATED = "corrections.file_created"
DEADLINE_DISCHARGE = "corrections.discharge"
# 社区矫正法 第二十一条第一款: report within ten days of the judgment or ruling taking effect. The day it takes effect is
# not counted and a period ending on a holiday runs to the next working day (刑事诉讼法 第一百零五条).
REPORT_DAYS = 10
# Upper bounds of the term by type, from 刑法: 管制 at most three years even for several crimes (第三十八条、第六十九条);
# 缓刑考验期 two months to five years (第七十三条); 假释考验期 at most ten years (第八十三条, 无期徒刑).
MAX_TERM_MONTHS = {CorrectionType.CONTROL: 36, CorrectionType.PROBATION: 60, CorrectionType.PAROLE: 120}
MIN_PROBATION_MONTHS = 2


@dataclass
class SubjectInput:
    correction_type: str
    decision_organ: str
    decision_number: str
    crime: str
    effective_date: dt.date
    start_date: dt.date
    end_date: dt.date
    reported_date: dt.date
    officer: Any = None


# Fields a correction of the basic information may change; the person is fixed (edited in 人员信息库).
EDITABLE_FIELDS = ("correction_type", "decision_organ", "decision_number", "crime", "effective_date", "start_date", "end_date",
                   "reported_date", "officer")


def _clean(org: Org, data: SubjectInput) -> SubjectInput:
    if org.kind != Org.Kind.OFFICE:
        raise ValidationFailed(f"“{org.name}”不是司法所；社区矫正对象由受委托的司法所接收（社区矫正法 第九条），请选择司法所",
                               field="org")
    if data.correction_type not in CorrectionType.values:
        raise ValidationFailed("请选择矫正类别：管制、缓刑、假释或暂予监外执行（社区矫正法 第二条）", field="correction_type")
    data.decision_organ = " ".join((data.decision_organ or "").split())
    data.decision_number = (data.decision_number or "").strip()
    data.crime = (data.crime or "").strip()
    if not data.decision_organ:
        raise ValidationFailed("请填写社区矫正决定机关，如 赤峰市红山区人民法院", field="decision_organ")
    if not data.decision_number:
        raise ValidationFailed("请填写判决书、裁定书或决定书的文号，如 （2026）内0402刑初123号", field="decision_number")
    if not data.crime:
        raise ValidationFailed("请填写罪名，如 危险驾驶罪", field="crime")
    for name, label in (("effective_date", "生效日期"), ("start_date", "矫正期限起"), ("end_date", "矫正期限止"),
                        ("reported_date", "报到日期")):
        if not getattr(data, name):
            raise ValidationFailed(f"请填写{label}", field=name)
    today = timezone.localdate()
    if data.effective_date > today:
        raise ValidationFailed("生效日期不能晚于今天：判决、裁定或决定生效后才交付社区矫正，请核对", field="effective_date")
    if data.reported_date > today:
        raise ValidationFailed("报到日期不能晚于今天；尚未报到的请在报到当天登记", field="reported_date")
    if data.reported_date < data.effective_date:
        raise ValidationFailed(f"报到日期不能早于生效日期（{data.effective_date:%Y-%m-%d}），请核对", field="reported_date")
    if data.end_date <= data.start_date:
        raise ValidationFailed("矫正期限止必须晚于矫正期限起，请核对判决书确定的期限", field="end_date")
    if data.start_date < data.effective_date:
        raise ValidationFailed("矫正期限不能在判决、裁定或决定生效之前开始，请核对", field="start_date")
    if data.correction_type == CorrectionType.PROBATION:
        if data.start_date != data.effective_date:
            raise ValidationFailed(f"缓刑考验期限从判决确定之日起计算（刑法 第七十三条），矫正期限起应为生效日期 "
                                   f"{data.effective_date:%Y-%m-%d}", field="start_date")
        if data.end_date < months_after(data.start_date, MIN_PROBATION_MONTHS) - dt.timedelta(days=1):
            raise ValidationFailed("缓刑考验期限不能少于二个月（刑法 第七十三条），请核对矫正期限止", field="end_date")
    limit = MAX_TERM_MONTHS.get(CorrectionType(data.correction_type))
    if limit and data.end_date >= months_after(data.start_date, limit):
        words = {36: "三年", 60: "五年", 120: "十年"}[limit]
        law = {36: "刑法 第三十八条、第六十九条", 60: "刑法 第七十三条", 120: "刑法 第八十三条"}[limit]
        raise ValidationFailed(f"{CorrectionType(data.correction_type).label}的矫正期限不能超过{words}（{law}），请核对矫正期限止",
                               field="end_date")
    if data.officer is not None and not serves_at(data.officer, org):
        raise ValidationFailed(f"矫正责任人 {data.officer.display_name} 不是{org.name}或其上级司法局的工作人员", field="officer")
    return data


def report_due_date(correction_type: str, effective_date: dt.date) -> dt.date | None:
    """The last day to report in person (社区矫正法 第二十一条第一款); None for 暂予监外执行, who is handed over by the
    custodian within ten days of receiving the decision (第二款、第三款), a date the office does not record."""
    if correction_type not in REPORTING_TYPES:
        return None
    return calendar.add_calendar_days(effective_date, REPORT_DAYS)


def _open_discharge_clock(subject: Subject, *, actor: Any) -> None:
    # 社区矫正法 第四十四条: when the term ends the subject receives the 解除社区矫正证明书 and the decision organ,
    # procuratorate and public security are notified; the 司法所 prepares it on the last day of the term.
    deadline_open(org=subject.org, owner=subject.officer or actor, kind=DEADLINE_DISCHARGE,
                  title=f"矫正期满解除：{subject.person.name}", start_date=subject.start_date, due_date=subject.end_date,
                  target=subject, link=subject.get_absolute_url(),
                  basis="社区矫正法 第四十四条：矫正期满，发放解除社区矫正证明书，并通知决定机关、检察院、公安机关")


@transaction.atomic
def subject_receive(*, actor: Any, org: Org, person: PersonInput, data: SubjectInput, prohibitions: list[Any] | None = None,
                    temporary_reason: str = "") -> Subject:
    """接收社区矫正对象（入矫报到登记）: the subject reported with the legal documents; the office checks them, verifies
    the identity by the ID number and registers the subject (社区矫正法 第二十一条、第二十二条). The person is found
    or registered once in the people registry; the ledger counts one intake and one file opened (建立档案) on the
    reporting day; the clock of the term's end (第四十四条) opens; the person's expected-arrival record, if any, closes.
    ``prohibitions`` (``reception.ProhibitionInput``) are the judgment's 禁止令 and ``temporary_reason`` the 暂予监外执行
    ground: a 禁止令 without content or a missing ground refuses the whole reception."""
    from corrections import reception

    data = _clean(org, data)
    for item in prohibitions or []:
        if not " ".join((item.content or "").split()):
            raise ValidationFailed("禁止令内容不能为空：请照判决书原文填写（如 禁止进入夜总会、酒吧等娱乐场所），没有禁止令的请不要勾选",
                                   field="prohibition")
    if not (person.id_number or "").strip():
        raise ValidationFailed("请填写身份证号码：接收社区矫正对象须核实身份（社区矫正法 第二十二条）", field="id_number")
    who = person_find_or_create(actor=actor, org=registering_office(org), data=person)
    if Subject.objects.filter(person=who, status=Status.IN_CORRECTION).exists():
        raise ValidationFailed(f"身份证号码 {who.id_number_masked} 的人员已是在矫社区矫正对象，不能重复接收；"
                               "如属变更执行地，请由原执行地社区矫正机构办理交接", field="id_number")
    subject = Subject.objects.create(
        org=org, created_by=actor, person=who, correction_type=data.correction_type, decision_organ=data.decision_organ,
        decision_number=data.decision_number, crime=data.crime, effective_date=data.effective_date,
        start_date=data.start_date, end_date=data.end_date, reported_date=data.reported_date,
        report_due_date=report_due_date(data.correction_type, data.effective_date), officer=data.officer or actor,
    )
    ensure_in_scope(actor=actor, obj=subject, action="add")
    audit_record(actor=actor, action="create", summary=f"接收社区矫正对象 {who.name}", obj=subject, after=snapshot(subject))
    ledger_record(org=org, actor=actor, event_type=INTAKE, target=subject, date=data.reported_date, note=who.name)
    ledger_record(org=org, actor=actor, event_type=FILE_CREATED, target=subject, date=data.reported_date, note=who.name)
    _open_discharge_clock(subject, actor=actor)
    reception.arrival_received(actor=actor, subject=subject)
    for item in prohibitions or []:
        reception.prohibition_add(actor=actor, subject=subject, data=item)
    if temporary_reason:
        reception.reception_record(actor=actor, subject=subject, temporary_reason=temporary_reason)
    return subject


@transaction.atomic
def subject_update(*, actor: Any, subject: Subject, data: SubjectInput) -> Subject:
    """更正基本信息 with the values before and after in the audit row; the intake entry follows a corrected
    reporting day and the 期满 clock a corrected end date or officer."""
    data = _clean(subject.org, data)
    before = snapshot(subject)
    data.officer = data.officer or subject.officer or actor
    for name in EDITABLE_FIELDS:
        setattr(subject, name, getattr(data, name))
    subject.report_due_date = report_due_date(subject.correction_type, subject.effective_date)
    subject.save()
    ensure_in_scope(actor=actor, obj=subject, action="change")
    old, new = diff(before, snapshot(subject))
    if "reported_date" in new:  # the intake is counted on the corrected day
        WorkEvent.objects.filter(event_type=INTAKE, object_id=str(subject.pk),
                                 content_type=ContentType.objects.get_for_model(Subject)).update(date=subject.reported_date)
        ledger_days_changed([(subject.org_id, dt.date.fromisoformat(old["reported_date"])), (subject.org_id, subject.reported_date)])
    if "end_date" in new or "officer_id" in new:
        open_deadlines_for(subject, DEADLINE_DISCHARGE).update(
            due_date=subject.end_date, state=deadline_state(subject.end_date), owner=subject.officer,
        )
    if new:
        audit_record(actor=actor, action="update", summary=f"修改社区矫正对象基本信息 {subject.person.name}", obj=subject,
                     before=old, after=new)
    return subject


# Reasons open to each type: 撤销缓刑 only for 缓刑, 撤销假释 only for 假释, 收监执行 only for 暂予监外执行 (社区矫正法 第四十五条).
_REASON_TYPE = {EndReason.PROBATION_REVOKED: CorrectionType.PROBATION, EndReason.PAROLE_REVOKED: CorrectionType.PAROLE,
                EndReason.IMPRISONED: CorrectionType.TEMPORARY_OUTSIDE}


@transaction.atomic
def subject_release(*, actor: Any, subject: Subject, reason: str, date: dt.date, note: str = "") -> Subject:
    """解除或终止社区矫正. 解除 when the term ends (矫正期满) or on a pardon (社区矫正法 第四十四条: 发放解除社区矫正证明书，
    通知决定机关、检察院、公安机关); 终止 on 撤销缓刑、撤销假释、收监执行 or death (第四十五条). The subject leaves the
    在矫 roll, the ledger counts one release and the 期满解除 clock closes."""
    if subject.status != Status.IN_CORRECTION:
        raise ValidationFailed(f"{subject.person.name} 已{subject.get_status_display()}，不能再次解除或终止", field="reason")
    if reason not in EndReason.values:
        raise ValidationFailed(f"请选择解除或终止的原因：{'、'.join(EndReason.labels)}", field="reason")
    if not date:
        raise ValidationFailed("请填写解除（终止）日期", field="date")
    if date > timezone.localdate():
        raise ValidationFailed("解除（终止）日期不能晚于今天；期满的请在期满之日办理", field="date")
    if date < subject.start_date:
        raise ValidationFailed(f"解除（终止）日期不能早于矫正期限起（{subject.start_date:%Y-%m-%d}），请核对", field="date")
    if reason == EndReason.EXPIRY and date < subject.end_date:
        raise ValidationFailed(f"矫正期限至 {subject.end_date:%Y-%m-%d} 届满，期满之日起才能解除（社区矫正法 第四十四条）；"
                               "提前结束的请选择被赦免、撤销缓刑、撤销假释、收监执行或死亡", field="date")
    required_type = _REASON_TYPE.get(EndReason(reason))
    if required_type and subject.correction_type != required_type:
        raise ValidationFailed(f"“{EndReason(reason).label}”只适用于{required_type.label}的社区矫正对象，"
                               f"{subject.person.name}的矫正类别是{subject.get_correction_type_display()}", field="reason")
    before = snapshot(subject)
    subject.status = Status.DISCHARGED if reason in DISCHARGE_REASONS else Status.TERMINATED
    subject.ended_date, subject.end_reason, subject.end_note = date, reason, note.strip()
    subject.save(update_fields=["status", "ended_date", "end_reason", "end_note", "updated_at"])
    # 解除、终止 is the 社区矫正机构's act (社区矫正法 第四十四条、第四十五条), which the office does on its behalf (第九条):
    # the supervise right, so the county acts on the office's subject whatever its role's 办案范围.
    ensure_in_scope(actor=actor, obj=subject, action="supervise")
    deadlines_close_for(target=subject, kind=DEADLINE_DISCHARGE)
    transfers_end_with_subject(subject, date=date, why=subject.get_status_display())
    old, new = diff(before, snapshot(subject))
    audit_record(actor=actor, action="update", obj=subject, before=old, after=new,
                 summary=f"{subject.get_status_display()} {subject.person.name}（{subject.get_end_reason_display()}）")
    ledger_record(org=subject.org, actor=actor, event_type=RELEASE, target=subject, date=date, note=subject.person.name)
    return subject
