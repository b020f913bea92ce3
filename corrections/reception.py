"""Writes before and at reception of a 社区矫正对象: the decision organ's notice of a coming subject (社区矫正法 第二十条)
opens an expected-arrival record and the reporting clock; reception closes it (``subject_receive`` calls
``arrival_received``); a person who does not report and cannot be found is marked 漏管. At reception the office records
the 禁止令, the 暂予监外执行 ground, the 矫正小组 (第二十五条、第五十二条) and the 入矫宣告 (第二十二条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from core import calendar
from core.audit import audit_record, snapshot
from core.deadlines import deadline_open, deadlines_close_for
from core.errors import ValidationFailed
from core.ledger import ledger_record
from core.services import ensure_in_scope
from corrections.choices import ArrivalStatus, CorrectionType, Status, TeamRole, TemporaryOutsideReason
from corrections.models import ExpectedArrival, ProhibitionOrder, ReceptionDetail, Subject, TeamMember, minor_at_offence
from orgs.models import Org
from orgs.selectors import registering_office
from people.services import PersonInput, person_find_or_create

DEADLINE = "corrections.arrival"
NOTICED = "corrections.arrival_noticed"
MISSING = "corrections.absconded"
ANNOUNCED = "corrections.announced"
TEAM = "corrections.team_formed"
# 社区矫正法 第二十一条第二款、第三款: a 暂予监外执行 subject is handed over within ten days; counted here from the notice.
TRANSFER_DAYS = 10


@dataclass
class ArrivalInput:
    correction_type: str
    decision_organ: str
    decision_number: str
    effective_date: dt.date
    notice_date: dt.date


def arrival_due_date(correction_type: str, effective_date: dt.date, notice_date: dt.date) -> dt.date:
    """应报到日期: ten days from the judgment taking effect (第二十一条第一款), a period ending on a holiday running to the
    next working day; for 暂予监外执行, ten days from the notice for the custodian's transfer (第二十一条第二款、第三款)."""
    from corrections.services import report_due_date

    due = report_due_date(correction_type, effective_date)
    return due if due is not None else calendar.add_calendar_days(notice_date, TRANSFER_DAYS)


@transaction.atomic
def arrival_notice(*, actor: Any, org: Org, person: PersonInput, data: ArrivalInput) -> ExpectedArrival:
    """登记交付通知: the decision organ notified the place of execution (社区矫正法 第二十条); the office now expects the
    person and a clock runs to the last day to report. Not reporting in time raises 预警 YJ05."""
    if org.kind != Org.Kind.OFFICE:
        raise ValidationFailed(f"“{org.name}”不是司法所，请选择负责接收的司法所", field="org")
    if data.correction_type not in CorrectionType.values:
        raise ValidationFailed("请选择矫正类别：管制、缓刑、假释或暂予监外执行", field="correction_type")
    data.decision_organ, data.decision_number = (data.decision_organ or "").strip(), (data.decision_number or "").strip()
    if not data.decision_organ:
        raise ValidationFailed("请填写社区矫正决定机关，如 赤峰市红山区人民法院", field="decision_organ")
    if not data.decision_number:
        raise ValidationFailed("请填写法律文书文号，如 （2026）内0402刑初123号", field="decision_number")
    if not data.effective_date or not data.notice_date:
        raise ValidationFailed("请填写生效日期和收到通知日期", field="effective_date" if not data.effective_date else "notice_date")
    if data.notice_date > timezone.localdate():
        raise ValidationFailed("收到通知日期不能晚于今天", field="notice_date")
    if data.notice_date < data.effective_date:
        raise ValidationFailed("收到通知日期不能早于判决、裁定或决定的生效日期，请核对", field="notice_date")
    if not (person.id_number or "").strip():
        raise ValidationFailed("请填写身份证号码（见交付通知或判决书），以便报到时核实身份", field="id_number")
    who = person_find_or_create(actor=actor, org=registering_office(org), data=person)
    if ExpectedArrival.objects.filter(person=who, status=ArrivalStatus.EXPECTED).exists():
        raise ValidationFailed(f"{who.name} 已有待报到记录，请勿重复登记", field="id_number")
    arrival = ExpectedArrival.objects.create(
        org=org, created_by=actor, person=who, correction_type=data.correction_type, decision_organ=data.decision_organ,
        decision_number=data.decision_number, effective_date=data.effective_date, notice_date=data.notice_date,
        due_date=arrival_due_date(data.correction_type, data.effective_date, data.notice_date),
    )
    ensure_in_scope(actor=actor, obj=arrival, action="add")
    audit_record(actor=actor, action="create", summary=f"登记交付通知 {who.name}", obj=arrival, after=snapshot(arrival))
    ledger_record(org=org, actor=actor, event_type=NOTICED, target=arrival, date=data.notice_date, note=who.name)
    deadline_open(org=org, owner=actor, kind=DEADLINE, title=f"应报到：{who.name}", start_date=data.notice_date,
                  due_date=arrival.due_date, target=arrival, link=arrival.get_absolute_url(),
                  basis="社区矫正法 第二十一条：自判决、裁定生效之日起十日内报到")
    return arrival


def arrival_received(*, actor: Any, subject: Subject) -> ExpectedArrival | None:
    """Reception of ``subject`` closes the person's open expected-arrival record (called by ``subject_receive`` inside its
    transaction)."""
    arrival = ExpectedArrival.objects.filter(person=subject.person, status=ArrivalStatus.EXPECTED).first()
    if arrival is None:
        return None
    arrival.status, arrival.subject = ArrivalStatus.RECEIVED, subject
    arrival.save(update_fields=["status", "subject", "updated_at"])
    deadlines_close_for(target=arrival, kind=DEADLINE)
    audit_record(actor=actor, action="update", summary=f"交付对象已报到接收 {subject.person.name}", obj=arrival,
                 before={"status": ArrivalStatus.EXPECTED}, after={"status": arrival.status})
    return arrival


@transaction.atomic
def arrival_mark_missing(*, actor: Any, arrival: ExpectedArrival, note: str) -> ExpectedArrival:
    """认定漏管: the person did not report by the last day and could not be found; the office records how it searched.
    The ledger counts one 脱管、漏管 (考核 N01) and the office reports to the county agency and the procuratorate."""
    if arrival.status != ArrivalStatus.EXPECTED:
        raise ValidationFailed(f"该记录{arrival.get_status_display()}，不能认定漏管", field="note")
    note = (note or "").strip()
    if not note:
        raise ValidationFailed("请写明查找经过（如 电话联系、走访住所、协查公安机关的情况）", field="note")
    if timezone.localdate() <= arrival.due_date:
        raise ValidationFailed(f"报到期限至 {arrival.due_date:%Y-%m-%d} 届满，届满后仍未报到的才能认定漏管", field="note")
    arrival.status, arrival.note = ArrivalStatus.MISSING, note[:200]
    arrival.save(update_fields=["status", "note", "updated_at"])
    ensure_in_scope(actor=actor, obj=arrival, action="change")
    deadlines_close_for(target=arrival, kind=DEADLINE)
    audit_record(actor=actor, action="update", summary=f"认定漏管 {arrival.person.name}", obj=arrival,
                 before={"status": ArrivalStatus.EXPECTED}, after={"status": arrival.status, "note": arrival.note})
    ledger_record(org=arrival.org, actor=actor, event_type=MISSING, target=arrival, note=f"漏管：{arrival.person.name}")
    return arrival


# --- at reception -------------------------------------------------------------------------------------------


@dataclass
class ProhibitionInput:
    content: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None


def _check_open(subject: Subject) -> None:
    if subject.status != Status.IN_CORRECTION:
        raise ValidationFailed(f"{subject.person.name} 已{subject.get_status_display()}，不能再登记入矫事项", field="subject")


@transaction.atomic
def prohibition_add(*, actor: Any, subject: Subject, data: ProhibitionInput) -> ProhibitionOrder:
    """登记禁止令 (刑法 第三十八条第二款、第七十二条第二款): the content as the judgment words it, within the term."""
    _check_open(subject)
    content = " ".join((data.content or "").split())
    if not content:
        raise ValidationFailed("请填写禁止令内容，如 禁止进入夜总会、酒吧、迪厅等娱乐场所（照判决书原文填写）", field="content")
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise ValidationFailed("禁止令期限止不能早于期限起，请核对判决书", field="end_date")
    for name, value in (("start_date", data.start_date), ("end_date", data.end_date)):
        if value and not (subject.start_date <= value <= subject.end_date):
            raise ValidationFailed(f"禁止令期限应在矫正期限（{subject.start_date:%Y-%m-%d} 至 {subject.end_date:%Y-%m-%d}）之内",
                                   field=name)
    ensure_in_scope(actor=actor, obj=subject, action="change")
    row = ProhibitionOrder.objects.create(subject=subject, content=content[:200], start_date=data.start_date, end_date=data.end_date)
    audit_record(actor=actor, action="create", summary=f"登记禁止令 {subject.person.name}：{row.content}", obj=subject)
    return row


@transaction.atomic
def reception_record(*, actor: Any, subject: Subject, temporary_reason: str = "", announced_date: dt.date | None = None,
                     place: str = "") -> ReceptionDetail:
    """入矫信息: the 暂予监外执行 ground and the 入矫宣告 (社区矫正法 第二十二条). A minor's announcement is not public
    (第五十四条): the platform records only that it was held, and the document says so."""
    _check_open(subject)
    if temporary_reason and temporary_reason not in TemporaryOutsideReason.values:
        raise ValidationFailed(f"请选择暂予监外执行的情形：{'、'.join(TemporaryOutsideReason.labels)}", field="temporary_reason")
    if subject.correction_type == CorrectionType.TEMPORARY_OUTSIDE and not temporary_reason:
        raise ValidationFailed("暂予监外执行的，请选择情形（刑事诉讼法 第二百六十五条）", field="temporary_reason")
    if subject.correction_type != CorrectionType.TEMPORARY_OUTSIDE and temporary_reason:
        raise ValidationFailed("只有暂予监外执行的社区矫正对象才填写暂予监外执行情形", field="temporary_reason")
    if announced_date and (announced_date < subject.reported_date or announced_date > timezone.localdate()):
        raise ValidationFailed(f"入矫宣告日期应在报到日期（{subject.reported_date:%Y-%m-%d}）之后、今天之前", field="announced_date")
    ensure_in_scope(actor=actor, obj=subject, action="change")
    detail, _ = ReceptionDetail.objects.get_or_create(subject=subject)
    first_announcement = announced_date is not None and detail.announced_date is None
    before = snapshot(detail)
    detail.temporary_reason, detail.announced_date, detail.announcement_place = temporary_reason, announced_date, (place or "").strip()[:100]
    detail.save()
    audit_record(actor=actor, action="update", summary=f"登记入矫信息 {subject.person.name}", obj=subject, before=before,
                 after=snapshot(detail))
    if first_announcement:
        ledger_record(org=subject.org, actor=actor, event_type=ANNOUNCED, target=subject, date=announced_date,
                      note=subject.person.name)
    return detail


@dataclass
class MemberInput:
    name: str
    role: str
    sex: str
    phone: str = ""
    knows_minors: bool = False


def team_gaps(subject: Subject, members: list[TeamMember] | None = None) -> list[str]:
    """What the 矫正小组 still lacks under the law, in Chinese ([] when complete): at least one member; a woman for a
    female subject (社区矫正法 第二十五条第二款); someone who knows minors for a minor (第五十二条)."""
    team = list(subject.team.all()) if members is None else members
    gaps = []
    if not team:
        gaps.append("尚未确定矫正小组成员（社区矫正法 第二十五条）")
    if subject.person.sex == "2" and not any(m.sex == "2" for m in team):
        gaps.append("社区矫正对象为女性，矫正小组中应有女性成员（社区矫正法 第二十五条第二款）")
    if minor_at_offence(subject.person, subject.effective_date) and not any(m.knows_minors for m in team):
        gaps.append("未成年社区矫正对象的矫正小组应有熟悉未成年人身心特点的人员（社区矫正法 第五十二条）")
    return gaps


@transaction.atomic
def team_member_add(*, actor: Any, subject: Subject, data: MemberInput) -> TeamMember:
    """加入矫正小组成员. The ledger counts the team as formed (确定矫正小组) when it first meets the legal rules."""
    _check_open(subject)
    name = (data.name or "").strip()
    if not name:
        raise ValidationFailed("请填写成员姓名", field="name")
    if data.role not in TeamRole.values:
        raise ValidationFailed(f"请选择成员身份：{'、'.join(TeamRole.labels)}", field="role")
    if data.sex not in ("1", "2"):
        raise ValidationFailed("请选择成员性别（女性对象的矫正小组应有女性成员）", field="sex")
    ensure_in_scope(actor=actor, obj=subject, action="change")
    complete_before = not team_gaps(subject)
    member = TeamMember.objects.create(subject=subject, name=name[:50], role=data.role, sex=data.sex,
                                       phone=(data.phone or "").strip()[:20], knows_minors=bool(data.knows_minors))
    audit_record(actor=actor, action="create", summary=f"矫正小组加入成员 {subject.person.name}：{member}", obj=subject)
    if not complete_before and not team_gaps(subject):
        ledger_record(org=subject.org, actor=actor, event_type=TEAM, target=subject, note=subject.person.name)
    return member
