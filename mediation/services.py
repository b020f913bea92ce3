"""Writes of 人民调解: every step of a dispute, each in one transaction with its audit row, ledger
entries, timeline step and deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from core import calendar
from core.audit import audit_record, diff, snapshot
from core.deadlines import deadline_close, deadline_open, deadlines_close_for, open_deadlines_for
from core.errors import ErrorCollector, ValidationFailed
from core.ledger import ledger_record
from core.models import Notification
from core.numbering import document_number_issue
from core.parameters import get_int
from core.services import ensure_in_scope
from mediation.choices import (
    OPEN_STATUSES,
    CommitteeType,
    Level,
    Outcome,
    PartyRole,
    RejectReason,
    Source,
    Status,
    UnperformedRoute,
)
from mediation.models import (
    Agreement,
    CommitteeProfile,
    Dispute,
    DisputeParty,
    DisputeStep,
    FollowUp,
    Investigation,
    MediationSession,
    Mediator,
    PerformanceItem,
)
from mediation.parameters import CONCLUDE_MONTHS, FOLLOWUP_DAYS
from people.models import Person
from people.services import PersonInput, person_merge, person_same_person_record, person_update, registered_under_other_name

DEADLINE_CONCLUDE = "mediation.conclude"
DEADLINE_CONFIRMATION = "mediation.judicial_confirmation"
DEADLINE_PERFORMANCE = "mediation.performance"
DEADLINE_FOLLOWUP = "mediation.followup"


@dataclass
class PartyInput:
    person: Any
    role: str
    occupation: str = ""
    claim: str = ""


@dataclass
class DisputeInput:
    title: str
    category: str
    facts: str
    received_date: dt.date
    source: str = Source.APPLICATION
    claims: str = ""
    amount: Decimal = Decimal(0)
    people_count: int = 2
    is_group: bool = False
    may_turn_criminal: bool = False
    parties: list[PartyInput] = field(default_factory=list)
    requested_mediators: str = ""


def _link(dispute: Dispute) -> str:
    return dispute.get_absolute_url()


def _clock_title(dispute: Dispute, label: str) -> str:
    """A clock's title names its case (case number and title), so a reminder or a 今日待办 entry says which one."""
    return f"{label}：{dispute.number} {dispute.title}".strip()


def _performance_clock_title(dispute: Dispute, item: PerformanceItem) -> str:
    return f"督促履行：{dispute.number} {item.description}（{dispute.title}）"


def _performance_clock_close(dispute: Dispute, item: PerformanceItem) -> None:
    """Close the 履行期限 clock of this one item (clocks opened before titles named the case match the old title)."""
    titles = [_performance_clock_title(dispute, item), f"督促履行：{item.description}"]
    for d in open_deadlines_for(dispute, DEADLINE_PERFORMANCE).filter(title__in=titles)[:1]:
        deadline_close(deadline=d)


def _step(dispute: Dispute, *, actor: Any, kind: str, summary: str, date: dt.date | None = None) -> None:
    DisputeStep.objects.create(dispute=dispute, date=date or timezone.localdate(), kind=kind, summary=summary[:300],
                               org=dispute.org, actor=actor)


def _today() -> dt.date:
    return timezone.localdate()


def _require_status(dispute: Dispute, allowed: tuple[str, ...], doing: str) -> None:
    if dispute.status not in allowed:
        raise ValidationFailed(f"该纠纷当前为“{dispute.get_status_display()}”，不能{doing}")


def _not_future(value: dt.date, label: str) -> None:
    if value > _today():
        raise ValidationFailed(f"{label}不能晚于今天，请核对")


def _validate_parties(parties: list[PartyInput]) -> None:
    roles = [p.role for p in parties]
    if PartyRole.APPLICANT not in roles or PartyRole.RESPONDENT not in roles:
        raise ValidationFailed("至少需要一名申请人和一名被申请人", field="parties")
    ids = [p.person.pk for p in parties]
    if len(ids) != len(set(ids)):
        raise ValidationFailed("同一人不能在一起纠纷中重复列为当事人", field="parties")


def _warn_leaders(dispute: Dispute, text: str) -> None:
    """Notify the office leaders (所长) above the handling org."""
    from accounts.models import Membership

    leader_ids = set(
        Membership.objects.filter(
            is_active=True, role__code="office_head", org__path__in=[dispute.org.path[:n] for n in range(4, len(dispute.org.path) + 1, 4)]
        ).values_list("user_id", flat=True)
    )
    Notification.objects.bulk_create(
        [Notification(user_id=uid, level="danger", title=text[:200], link=_link(dispute)) for uid in leader_ids]
    )


def _notify_office(dispute: Dispute, text: str) -> None:
    """Notify everyone serving in the handling org."""
    from accounts.models import Membership

    user_ids = set(Membership.objects.filter(is_active=True, org=dispute.org).values_list("user_id", flat=True))
    Notification.objects.bulk_create([Notification(user_id=uid, level="info", title=text[:200], link=_link(dispute)) for uid in user_ids])


def dispute_input_check(data: DisputeInput, *, parties: bool = True) -> None:
    """Every problem of a registration in one answer, each at its field (``ValidationErrors``), without saving: the
    service runs it first, and the registration dialog while it is cleaned (``parties=False``: the dialog checks each
    party's fields itself), so its errors come in the same round as the dialog's own."""
    from core.dictionaries import dict_choices

    errors = ErrorCollector()
    if not data.title.strip():
        errors.add("请填写纠纷名称", field="title")
    if data.category not in dict(dict_choices("dispute_category")):
        errors.add("请选择纠纷类型", field="category")
    if data.received_date:
        with errors.check(field="received_date"):
            _not_future(data.received_date, "登记日期")
    if not data.facts.strip():
        errors.add("请填写纠纷简要情况", field="facts")
    if data.amount < 0:
        errors.add("涉及金额不能为负数", field="amount")
    if parties:
        with errors.check():
            _validate_parties(data.parties)
    errors.raise_if_any()


@transaction.atomic
def dispute_register(*, actor: Any, org: Any, data: DisputeInput, receipt_code: str = "", receipt_phone: str = "",
                     receipt_id_number: str = "") -> Dispute:
    """登记一起矛盾纠纷 (a lead): from an application, the committee's initiative, a grid worker, a transfer or 12345.

    ``actor`` is None only for a citizen's online application (人民调解法 第十七条: 当事人可以向人民调解委员会申请调解);
    the citizen chose the office from the public list, so there is no user scope to check, and the office staff are notified.
    The application keeps keyed hashes of the phone and ID number the citizen gave (``receipt_*``, see
    ``mediation.receipts``). A party the citizen named with an ID number the office registered under another name is
    recorded as typed and flagged 身份待核实, for the staff to merge (same person) or correct — never filed silently
    under the registered person."""
    from mediation import receipts

    dispute_input_check(data)
    dispute = Dispute.objects.create(
        org=org, created_by=actor, title=data.title.strip(), category=data.category, source=data.source,
        received_date=data.received_date, facts=data.facts.strip(), claims=data.claims.strip(), amount=data.amount,
        people_count=max(data.people_count, len(data.parties)), is_group=data.is_group,
        may_turn_criminal=data.may_turn_criminal, lead_person=actor, receipt_code=receipt_code,
        receipt_phone_key=receipts.phone_key(receipt_phone) if receipt_code else "",
        receipt_id_key=receipts.id_key(receipt_id_number) if receipt_code else "",
        requested_mediators=data.requested_mediators.strip()[:100],
        level=Level.VILLAGE if org.kind == "committee" else Level.OFFICE,
    )
    unverified = {p.person.pk for p in data.parties if actor is None and registered_under_other_name(p.person) is not None}
    DisputeParty.objects.bulk_create(
        [DisputeParty(dispute=dispute, person=p.person, role=p.role, occupation=p.occupation, claim=p.claim,
                      identity_unverified=p.person.pk in unverified) for p in data.parties]
    )
    if actor is not None:
        ensure_in_scope(actor=actor, obj=dispute, action="add")
    else:
        check = "（当事人身份待核实）" if unverified else ""
        _notify_office(dispute, f"【网上申请】{dispute.title}，请及时审查是否受理{check}")
    _step(dispute, actor=actor, kind="register", summary=f"登记纠纷（{'网上申请' if actor is None else dispute.get_source_display()}）",
          date=data.received_date)
    audit_record(actor=actor, action="create", summary=f"登记矛盾纠纷 {dispute.title}", obj=dispute, after=snapshot(dispute))
    ledger_record(org=org, actor=actor, event_type="mediation.dispute_registered", target=dispute, date=data.received_date)
    if dispute.may_turn_criminal or dispute.is_group:
        _warn_leaders(dispute, f"【风险预警】{dispute.title}：{'可能激化为治安、刑事案件' if dispute.may_turn_criminal else '群体性纠纷'}")
    return dispute


def _date_check(errors: ErrorCollector, value: dt.date | None, *, field: str, label: str, earliest: dt.date | None,
                too_early: str) -> None:
    """A step's date: not after today, not before the date of the step it follows (受理 after 登记 …)."""
    if value is None:
        return
    with errors.check(field=field):
        _not_future(value, label)
    if earliest and value < earliest and field not in errors.fields():
        errors.add(too_early, field=field)


def accept_check(dispute: Dispute, accepted_date: dt.date | None) -> None:
    """The 受理日期's rules, without saving (the dialog runs them in the same round as its own checks)."""
    errors = ErrorCollector()
    _date_check(errors, accepted_date, field="accepted_date", label="受理日期", earliest=dispute.received_date,
                too_early="受理日期不能早于登记日期")
    errors.raise_if_any()


@transaction.atomic
def dispute_accept(*, actor: Any, dispute: Dispute, accepted_date: dt.date, mediator_ids: list[int] | None = None,
                   chosen_by_parties: bool = False) -> Dispute:
    """受理: gives the case number and starts the one-month clock (人民调解工作若干规定 第三十三条)."""
    _require_status(dispute, (Status.LEAD,), "受理")
    accept_check(dispute, accepted_date)
    before = snapshot(dispute)
    dispute.status = Status.ACCEPTED
    dispute.accepted_date = accepted_date
    dispute.number = document_number_issue(org=dispute.org, kind="mediation_case", year=accepted_date.year)
    dispute.save()
    due = calendar.add_months(accepted_date, get_int(CONCLUDE_MONTHS))
    deadline_open(org=dispute.org, owner=dispute.lead_person or actor, kind=DEADLINE_CONCLUDE, title=_clock_title(dispute, "调结"),
                  start_date=accepted_date, due_date=due, target=dispute, link=_link(dispute),
                  basis="人民调解工作若干规定 第三十三条：一般在一个月内调结")
    _step(dispute, actor=actor, kind="accept", summary=f"受理，编号{dispute.number}", date=accepted_date)
    if mediator_ids:
        dispute_assign(actor=actor, dispute=dispute, mediator_ids=mediator_ids, date=accepted_date, chosen_by_parties=chosen_by_parties)
    old, new = diff(before, snapshot(dispute))
    audit_record(actor=actor, action="update", summary=f"受理矛盾纠纷 {dispute.title}", obj=dispute, before=old, after=new)
    ledger_record(org=dispute.org, actor=actor, event_type="mediation.dispute_accepted", target=dispute, date=accepted_date)
    if dispute.source == Source.GRID:
        ledger_record(org=dispute.org, actor=actor, event_type="mediation.grid_lead_accepted", target=dispute, date=accepted_date)
    return dispute


@transaction.atomic
def dispute_reject(*, actor: Any, dispute: Dispute, reason: str, date: dt.date) -> Dispute:
    """不予受理 with the legal reason (人民调解工作若干规定 第二十二条; 人民调解法 第十七条)."""
    _require_status(dispute, (Status.LEAD,), "不予受理")
    if reason not in RejectReason.values:
        raise ValidationFailed("请选择不予受理的事由", field="reason")
    _not_future(date, "不予受理日期")
    dispute.status, dispute.reject_reason, dispute.closed_date = Status.REJECTED, reason, date
    dispute.save()
    _step(dispute, actor=actor, kind="reject", summary=f"不予受理：{dispute.get_reject_reason_display()}", date=date)
    audit_record(actor=actor, action="update", summary=f"不予受理 {dispute.title}", obj=dispute, after={"reject_reason": reason})
    ledger_record(org=dispute.org, actor=actor, event_type="mediation.dispute_rejected", target=dispute, date=date)
    return dispute


@transaction.atomic
def dispute_assign(
    *, actor: Any, dispute: Dispute, mediator_ids: list[int], expert_ids: list[int] | None = None, date: dt.date | None = None,
    chosen_by_parties: bool = False,
) -> Dispute:
    """指派调解员 (人民调解法 第十九条: 调委会根据需要指定一名或者数名人民调解员，也可以由当事人选择): the
    timeline and the record say which of the two it was. Experts invited for 专家会诊 (第二十条) go with them."""
    if not dispute.is_open:
        raise ValidationFailed("纠纷已办结，不能再指派调解员")
    mediators = list(Mediator.objects.visible_to(actor, "view").filter(pk__in=mediator_ids, is_active=True).select_related("person"))
    if not mediators or len(mediators) != len(set(mediator_ids)):
        raise ValidationFailed("请选择本单位或下级调委会在任的调解员", field="mediators")
    dispute.mediators.set(mediators)
    if dispute.mediators_chosen_by_parties != chosen_by_parties:
        dispute.mediators_chosen_by_parties = chosen_by_parties
        dispute.save(update_fields=["mediators_chosen_by_parties", "updated_at"])
    invited = ""
    if expert_ids is not None:
        from mediation.selectors import experts_for

        experts = list(experts_for(actor).filter(pk__in=expert_ids))
        if len(experts) != len(set(expert_ids)):
            raise ValidationFailed("请从专家库中选择可邀请的专家", field="experts")
        dispute.experts.set(experts)
        invited = "、".join(e.name for e in experts)
    names = "、".join(m.person.name for m in mediators)
    summary = f"{'当事人选择调解员' if chosen_by_parties else '指派调解员'}：{names}{f'；邀请专家：{invited}' if invited else ''}"
    _step(dispute, actor=actor, kind="assign", summary=summary, date=date)
    audit_record(actor=actor, action="update", summary=f"指派调解员 {dispute.title}", obj=dispute,
                 after={"mediators": [m.pk for m in mediators], "chosen_by_parties": chosen_by_parties})
    return dispute


@transaction.atomic
def investigation_record(*, actor: Any, dispute: Dispute, date: dt.date, place: str, investigators: str, respondent: str,
                         content: str) -> Investigation:
    _require_status(dispute, (Status.ACCEPTED, Status.MEDIATING), "记录调查")
    _not_future(date, "调查时间")
    if not content.strip():
        raise ValidationFailed("请填写调查内容", field="content")
    item = Investigation.objects.create(dispute=dispute, date=date, place=place, investigators=investigators,
                                        respondent=respondent, content=content.strip())
    _step(dispute, actor=actor, kind="investigate", summary=f"调查：{respondent}", date=date)
    audit_record(actor=actor, action="create", summary=f"调查记录 {dispute.title}", obj=dispute)
    ledger_record(org=dispute.org, actor=actor, event_type="mediation.investigation", target=dispute, date=date)
    return item


def session_check(dispute: Dispute, *, date: dt.date | None, record: str | None) -> None:
    """The 调解记录's rules, every problem at once, without saving (``None``: not given, checked by the form)."""
    errors = ErrorCollector()
    _date_check(errors, date, field="date", label="调解时间", earliest=dispute.accepted_date,
                too_early="调解时间不能早于受理日期")
    if record is not None and not record.strip():
        errors.add("请填写调解情况", field="record")
    errors.raise_if_any()


@transaction.atomic
def session_record(*, actor: Any, dispute: Dispute, date: dt.date, place: str, hosts: str, record: str, attendees: str = "",
                   recorder: str = "", is_public: bool = False) -> MediationSession:
    """调解记录 (人民调解法 第二十七条)."""
    _require_status(dispute, (Status.ACCEPTED, Status.MEDIATING), "记录调解")
    session_check(dispute, date=date, record=record)
    # The bodies taking part in a 联合调解 are kept with each session, so a later change does not rewrite old records.
    session = MediationSession.objects.create(dispute=dispute, date=date, place=place, hosts=hosts, record=record.strip(),
                                              attendees=attendees, recorder=recorder, is_public=is_public,
                                              joint_bodies=list(dispute.joint_bodies) if dispute.level == Level.JOINT else [])
    if dispute.status == Status.ACCEPTED:
        dispute.status = Status.MEDIATING
        dispute.save(update_fields=["status", "updated_at"])
    _step(dispute, actor=actor, kind="session", summary=f"第{dispute.sessions.count()}次调解（{place}）", date=date)
    audit_record(actor=actor, action="create", summary=f"调解记录 {dispute.title}", obj=dispute)
    ledger_record(org=dispute.org, actor=actor, event_type="mediation.session", target=dispute, date=date)
    return session


JOINT_BODIES_MAX = 10
JOINT_BODY_EXAMPLES = "派出所、人民法庭、信访办、人社局、住建局"


def joint_bodies_clean(bodies: list[str]) -> list[str]:
    """The bodies named for a 联合调解, trimmed and without repeats, in the order given."""
    cleaned: list[str] = []
    for body in bodies:
        body = " ".join(str(body).split())
        if body and body not in cleaned:
            cleaned.append(body)
    if not cleaned:
        raise ValidationFailed(f"请填写参加联合调解的单位，如 {JOINT_BODY_EXAMPLES}", field="joint_bodies")
    too_long = next((b for b in cleaned if len(b) > 30), None)
    if too_long:
        raise ValidationFailed(f"单位名称“{too_long[:30]}…”超过30个字；多个单位请用顿号分隔", field="joint_bodies")
    if len(cleaned) > JOINT_BODIES_MAX:
        raise ValidationFailed(f"参加联合调解的单位最多{JOINT_BODIES_MAX}个，请只填写实际参加的单位", field="joint_bodies")
    return cleaned


def _joint_start(dispute: Dispute, bodies: list[str], *, actor: Any) -> bool:
    """Put the dispute under 联合调解 with ``bodies``; True when it was not joint before (the ledger counts it once)."""
    started = dispute.level != Level.JOINT
    dispute.level, dispute.joint_bodies = Level.JOINT, bodies
    if started:
        ledger_record(org=dispute.org, actor=actor, event_type="mediation.joint_mediation", target=dispute)
    return started


@transaction.atomic
def dispute_escalate(*, actor: Any, dispute: Dispute, to_org: Any, reason: str, joint_bodies: list[str] | None = None) -> Dispute:
    """分级调处: move the dispute up (村调委会 → 司法所/乡镇调委会 → 联合调解), keeping its history. Naming the
    ``joint_bodies`` (派出所、人民法庭 …) makes it a 联合调解 at the receiving level; a dispute sent to the county
    bureau is joint mediation in any case."""
    if not dispute.is_open:
        raise ValidationFailed("只有未办结的纠纷才能升级调处")
    if not reason.strip():
        raise ValidationFailed("请填写升级调处的原因", field="reason")
    if not dispute.org.path.startswith(to_org.path) or to_org.pk == dispute.org_id:
        raise ValidationFailed("只能提交给上级调解组织或司法所", field="to_org")
    bodies = joint_bodies_clean(joint_bodies) if joint_bodies else []
    before = {"org": dispute.org.name, "level": dispute.level, "joint_bodies": list(dispute.joint_bodies)}
    from_name = dispute.org.name
    dispute.org = to_org
    if bodies or to_org.kind in ("county_bureau", "city_bureau"):
        _joint_start(dispute, bodies or list(dispute.joint_bodies), actor=actor)
    else:
        dispute.level = Level.OFFICE
    dispute.save()
    ensure_in_scope(actor=actor, obj=dispute, action="view")
    open_deadlines_for(dispute).update(org=to_org)
    joint = f"；联合调解单位：{'、'.join(bodies)}" if bodies else ""
    _step(dispute, actor=actor, kind="escalate", summary=f"由{from_name}提交{to_org.name}：{reason.strip()}{joint}")
    audit_record(actor=actor, action="update", summary=f"升级调处 {dispute.title}", obj=dispute, before=before,
                 after={"org": to_org.name, "level": dispute.level, "joint_bodies": list(dispute.joint_bodies)})
    ledger_record(org=to_org, actor=actor, event_type="mediation.dispute_escalated", target=dispute)
    return dispute


@transaction.atomic
def dispute_joint_mediation(*, actor: Any, dispute: Dispute, bodies: list[str], note: str = "") -> Dispute:
    """联合调解: the handling office brings in 派出所、人民法庭、信访、人社、住建 … for a dispute it cannot resolve alone
    (人民调解法 第二十条: 可以邀请有关社会组织的人员参与调解; 中办、国办《关于完善矛盾纠纷多元化解机制的意见》:
    诉调、警调、访调对接). Naming the bodies again replaces the list; the timeline and the audit keep every version."""
    _require_status(dispute, OPEN_STATUSES, "组织联合调解")
    cleaned = joint_bodies_clean(bodies)
    before = {"level": dispute.level, "joint_bodies": list(dispute.joint_bodies)}
    if before == {"level": Level.JOINT, "joint_bodies": cleaned}:
        raise ValidationFailed("参加联合调解的单位没有变化", field="joint_bodies")
    started = _joint_start(dispute, cleaned, actor=actor)
    dispute.save(update_fields=["level", "joint_bodies", "updated_at"])
    summary = f"{'组织联合调解' if started else '调整联合调解单位'}：{'、'.join(cleaned)}{f'（{note.strip()}）' if note.strip() else ''}"
    _step(dispute, actor=actor, kind="joint", summary=summary)
    audit_record(actor=actor, action="update", summary=f"联合调解 {dispute.title}", obj=dispute, before=before,
                 after={"level": dispute.level, "joint_bodies": cleaned})
    return dispute


@transaction.atomic
def dispute_report_risk(*, actor: Any, dispute: Dispute, date: dt.date, note: str) -> Dispute:
    """人民调解法 第二十五条: a dispute that may become a 治安/刑事 case is reported to 公安 promptly (防民转刑)."""
    _not_future(date, "报告日期")
    dispute.may_turn_criminal = True
    dispute.reported_to_police_date = date
    dispute.save(update_fields=["may_turn_criminal", "reported_to_police_date", "updated_at"])
    _step(dispute, actor=actor, kind="risk", summary=f"报告公安机关：{note}", date=date)
    audit_record(actor=actor, action="update", summary=f"防民转刑报告 {dispute.title}", obj=dispute)
    ledger_record(org=dispute.org, actor=actor, event_type="mediation.risk_reported", target=dispute, date=date)
    _warn_leaders(dispute, f"【防民转刑】{dispute.title} 已报告公安机关")
    return dispute


@dataclass
class PerformanceInput:
    obligor_party_id: int
    description: str
    due_date: dt.date
    amount: Decimal = Decimal(0)
    field: str = ""  # the form's fields of this item ("item1": item1_obligor, item1_due …), where its errors go


@dataclass
class AgreementInput:
    kind: str
    facts: str
    content: str
    signed_date: dt.date
    responsibilities: str = ""
    performance_method: str = ""
    amount: Decimal = Decimal(0)
    copies: int = 0
    items: list[PerformanceInput] = field(default_factory=list)


def agreement_check(dispute: Dispute, data: AgreementInput) -> None:
    """The agreement's rules, every problem at once and each at its field (a performance item's at that item's
    fields when ``PerformanceInput.field`` names them), without saving: the service runs it first, the dialog while
    it is cleaned."""
    errors = ErrorCollector()
    if data.kind not in (Outcome.WRITTEN, Outcome.ORAL):
        errors.add("请选择协议形式（书面或口头）", field="kind")
    if not data.signed_date:
        errors.add("请填写当事人签字（或口头达成协议）的日期", field="signed_date")
    _date_check(errors, data.signed_date, field="signed_date", label="签字日期", earliest=dispute.accepted_date,
                too_early="协议日期不能早于受理日期")
    if not data.content.strip():
        errors.add("请填写协议内容", field="content")
    if not data.facts.strip():
        errors.add("请填写纠纷主要事实、争议事项", field="facts")
    parties = set(dispute.parties.values_list("pk", flat=True))
    for item in data.items:
        at = item.field or "items"
        if item.obligor_party_id not in parties:
            errors.add("履行人必须是本纠纷的当事人", field=f"{at}_obligor" if item.field else at)
        if data.signed_date and item.due_date < data.signed_date:
            errors.add(f"履行期限 {item.due_date:%Y-%m-%d} 早于协议日期，请核对", field=f"{at}_due" if item.field else at)
        if not item.description.strip():
            errors.add("请填写每一项履行内容", field=f"{at}_description" if item.field else at)
        if item.amount < 0:
            errors.add("履行金额不能为负数", field=f"{at}_amount" if item.field else at)
    errors.raise_if_any()


@transaction.atomic
def agreement_make(*, actor: Any, dispute: Dispute, data: AgreementInput) -> Agreement:
    """达成调解协议. A written agreement (人民调解法 第二十九条) takes effect on signature and seal; an oral one
    (第三十条) on the day it is reached. The 30-day 司法确认 window (第三十三条) and the performance and
    follow-up clocks start here."""
    _require_status(dispute, (Status.ACCEPTED, Status.MEDIATING), "达成协议")
    agreement_check(dispute, data)
    parties = {p.pk: p for p in dispute.parties.all()}
    copies = data.copies or len(parties) + 1  # 人民调解法 第二十九条: 当事人各执一份，调委会留存一份
    agreement = Agreement.objects.create(
        dispute=dispute, kind=data.kind, number=dispute.number, facts=data.facts.strip(), responsibilities=data.responsibilities,
        content=data.content.strip(), performance_method=data.performance_method, amount=data.amount,
        signed_date=data.signed_date, effective_date=data.signed_date, copies=copies,
    )
    owner = dispute.lead_person or actor
    for item in data.items:
        pi = PerformanceItem.objects.create(agreement=agreement, obligor=parties[item.obligor_party_id],
                                            description=item.description.strip(), amount=item.amount, due_date=item.due_date)
        deadline_open(org=dispute.org, owner=owner, kind=DEADLINE_PERFORMANCE,
                      title=_performance_clock_title(dispute, pi),
                      start_date=data.signed_date, due_date=item.due_date, target=dispute, link=_link(dispute),
                      basis="人民调解法 第三十一条：调委会对协议履行情况进行监督")
    deadline_open(org=dispute.org, owner=owner, kind=DEADLINE_CONFIRMATION, title=_clock_title(dispute, "司法确认申请期"),
                  start_date=agreement.effective_date, due_date=agreement.confirmation_deadline, target=dispute, link=_link(dispute),
                  basis="人民调解法 第三十三条：自协议生效之日起三十日内共同申请司法确认")
    deadline_open(org=dispute.org, owner=owner, kind=DEADLINE_FOLLOWUP, title=_clock_title(dispute, "回访"),
                  start_date=agreement.effective_date,
                  due_date=calendar.add_calendar_days(agreement.effective_date, get_int(FOLLOWUP_DAYS)),
                  target=dispute, link=_link(dispute), basis="回访当事人、了解协议履行情况")
    deadlines_close_for(target=dispute, kind=DEADLINE_CONCLUDE)
    dispute.status, dispute.outcome, dispute.concluded_date = Status.AGREED, data.kind, data.signed_date
    if data.amount:
        dispute.amount = max(dispute.amount, data.amount)
    dispute.save()
    _step(dispute, actor=actor, kind="agreement", summary=f"达成{agreement.get_kind_display()}", date=data.signed_date)
    audit_record(actor=actor, action="create", summary=f"达成调解协议 {dispute.title}", obj=dispute, after=snapshot(agreement))
    event = "mediation.agreement_written" if data.kind == Outcome.WRITTEN else "mediation.agreement_oral"
    ledger_record(org=dispute.org, actor=actor, event_type=event, target=dispute, date=data.signed_date)
    if data.amount:
        ledger_record(org=dispute.org, actor=actor, event_type="mediation.settled_amount", target=dispute,
                      date=data.signed_date, quantity=data.amount)
    if dispute.is_group:
        ledger_record(org=dispute.org, actor=actor, event_type="mediation.group_settled", target=dispute, date=data.signed_date)
    return agreement


@transaction.atomic
def dispute_fail(*, actor: Any, dispute: Dispute, date: dt.date, routes: str) -> Dispute:
    """调解不成: terminate and tell the parties about 仲裁、行政、司法 routes (人民调解法 第二十六条)."""
    _require_status(dispute, (Status.ACCEPTED, Status.MEDIATING), "终止调解")
    _not_future(date, "终止日期")
    if not routes.strip():
        raise ValidationFailed("请填写已告知当事人的其他解决途径（如仲裁、行政、诉讼）", field="routes")
    dispute.status, dispute.outcome, dispute.concluded_date, dispute.failure_routes = Status.FAILED, Outcome.FAILED, date, routes.strip()
    dispute.save()
    deadlines_close_for(target=dispute, kind=DEADLINE_CONCLUDE)
    _step(dispute, actor=actor, kind="fail", summary=f"调解不成，已告知：{routes.strip()[:100]}", date=date)
    audit_record(actor=actor, action="update", summary=f"调解不成 {dispute.title}", obj=dispute)
    ledger_record(org=dispute.org, actor=actor, event_type="mediation.dispute_failed", target=dispute, date=date)
    return dispute


def _item_performed(*, actor: Any, item: PerformanceItem, performed_date: dt.date) -> None:
    dispute = item.agreement.dispute
    if performed_date < item.agreement.signed_date:
        raise ValidationFailed("履行日期不能早于协议日期", field="performed_date")
    item.performed_date = performed_date
    item.save(update_fields=["performed_date", "updated_at"])
    _performance_clock_close(dispute, item)
    if not item.agreement.items.filter(performed_date__isnull=True).exists() and dispute.status == Status.AGREED:
        dispute.status = Status.PERFORMED
        dispute.save(update_fields=["status", "updated_at"])
    _step(dispute, actor=actor, kind="perform", summary=f"已履行：{item.description}", date=performed_date)


@transaction.atomic
def performance_record(*, actor: Any, item: PerformanceItem, performed_date: dt.date) -> PerformanceItem:
    """记录履行: the obligor performed this item (人民调解法 第三十一条); its 履行期限 clock closes."""
    _not_future(performed_date, "履行日期")
    _item_performed(actor=actor, item=item, performed_date=performed_date)
    audit_record(actor=actor, action="update", summary=f"记录履行 {item.agreement.dispute.title}", obj=item.agreement.dispute)
    return item


@transaction.atomic
def performance_unperformed_record(*, actor: Any, item: PerformanceItem, route: str, note: str, date: dt.date) -> PerformanceItem:
    """记录未履行的后续处理: the obligor did not perform; the 调委会 told the parties their route (人民调解法 第三十二条
    起诉), or they applied for 司法确认 (第三十三条) or sued. The item is then resolved and its clock closes."""
    dispute = item.agreement.dispute
    if item.performed_date:
        raise ValidationFailed(f"“{item.description}”已于 {item.performed_date:%Y-%m-%d} 履行，无需记录未履行的后续处理",
                               field="item")
    if route not in UnperformedRoute.values:
        raise ValidationFailed("请选择未履行的后续处理：已告知后续途径、已申请司法确认或已向人民法院起诉", field="route")
    _not_future(date, "后续处理日期")
    if date < item.agreement.signed_date:
        raise ValidationFailed("后续处理日期不能早于协议日期", field="date")
    if route == UnperformedRoute.NEXT_STEP and not note.strip():
        raise ValidationFailed("请写明已告知当事人的后续途径，如 可就协议履行向人民法院提起诉讼", field="note")
    before = snapshot(item)
    item.unperformed_route, item.unperformed_note, item.unperformed_date = route, note.strip(), date
    item.save(update_fields=["unperformed_route", "unperformed_note", "unperformed_date", "updated_at"])
    _performance_clock_close(dispute, item)
    _step(dispute, actor=actor, kind="perform", summary=f"未履行：{item.description}，{item.get_unperformed_route_display()}",
          date=date)
    audit_record(actor=actor, action="update", summary=f"记录未履行的后续处理 {dispute.title}", obj=dispute,
                 before=before, after=snapshot(item))
    return item


@transaction.atomic
def confirmation_record(*, actor: Any, agreement: Agreement, applied_date: dt.date, result: str = "") -> Agreement:
    """司法确认: the parties applied (人民调解法 第三十三条) and, later, the court's result."""
    _not_future(applied_date, "申请日期")
    if applied_date < agreement.effective_date:
        raise ValidationFailed("申请司法确认的日期不能早于协议生效日期", field="applied_date")
    if applied_date > agreement.confirmation_deadline:
        raise ValidationFailed(
            f"已超过司法确认申请期限（{agreement.confirmation_deadline:%Y-%m-%d}），人民法院不予受理；可告知当事人通过诉讼解决",
            field="applied_date",
        )
    agreement.confirmation_applied, agreement.confirmation_result = applied_date, result
    agreement.save(update_fields=["confirmation_applied", "confirmation_result", "updated_at"])
    # Applied within the 30 days but recorded after them: the window did not lapse unused after all.
    deadlines_close_for(target=agreement.dispute, kind=DEADLINE_CONFIRMATION, lapsed_too=True)
    ledger_record(org=agreement.dispute.org, actor=actor, event_type="mediation.confirmation_applied", target=agreement.dispute,
                  date=applied_date)
    _step(agreement.dispute, actor=actor, kind="confirm", summary=f"当事人申请司法确认{('：' + result) if result else ''}", date=applied_date)
    audit_record(actor=actor, action="update", summary=f"司法确认 {agreement.dispute.title}", obj=agreement.dispute)
    return agreement


def followup_check(dispute: Dispute, *, date: dt.date | None, performance: str | None, satisfaction: str | None,
                   situation: str | None) -> None:
    """The 回访's rules, every problem at once, without saving (``None``: not given, checked by the form)."""
    errors = ErrorCollector()
    _date_check(errors, date, field="date", label="回访时间", earliest=dispute.concluded_date,
                too_early="回访时间不能早于调结日期")
    if performance is not None and performance not in FollowUp.Performance.values:
        errors.add("请选择履行情况", field="performance")
    if satisfaction is not None and satisfaction not in FollowUp.Satisfaction.values:
        errors.add("请选择满意度", field="satisfaction")
    if situation is not None and not situation.strip():
        errors.add("请填写回访情况", field="situation")
    errors.raise_if_any()


@transaction.atomic
def followup_record(*, actor: Any, dispute: Dispute, date: dt.date, visitor: str, visited: str, performance: str,
                    satisfaction: str, situation: str, risk_found: bool = False,
                    performed_items: list[int] | None = None) -> FollowUp:
    """回访 after an agreement: performance, satisfaction, new risks. A visit that finds the agreement performed
    records it on the agreement's items (人民调解法 第三十一条): 已全部履行 marks every open item performed on the visit's
    day, 部分履行 the items named in ``performed_items`` (asked for when some are open)."""
    _require_status(dispute, (Status.AGREED, Status.PERFORMED, Status.FAILED), "回访")
    followup_check(dispute, date=date, performance=performance, satisfaction=satisfaction, situation=situation)
    open_items = list(PerformanceItem.objects.filter(agreement__dispute=dispute, performed_date__isnull=True, unperformed_route=""))
    if performance == FollowUp.Performance.FULL:
        performed = open_items
    else:
        chosen = set(performed_items or []) if performance == FollowUp.Performance.PARTIAL else set()
        performed = [i for i in open_items if i.pk in chosen]
        if performance == FollowUp.Performance.PARTIAL and open_items and not performed:
            names = "、".join(i.description for i in open_items)
            raise ValidationFailed(f"回访记录为部分履行，请勾选已履行的事项（未履行的有：{names}）", field="performed_items")
    item = FollowUp.objects.create(dispute=dispute, date=date, visitor=visitor, visited=visited, performance=performance,
                                   satisfaction=satisfaction, situation=situation.strip(), risk_found=risk_found)
    for pi in performed:
        _item_performed(actor=actor, item=pi, performed_date=date)
    deadlines_close_for(target=dispute, kind=DEADLINE_FOLLOWUP)
    _step(dispute, actor=actor, kind="followup", summary=f"回访{visited}：{item.get_performance_display()}，{item.get_satisfaction_display()}",
          date=date)
    audit_record(actor=actor, action="create", summary=f"回访 {dispute.title}", obj=dispute)
    ledger_record(org=dispute.org, actor=actor, event_type="mediation.followup", target=dispute, date=date)
    if risk_found:
        _warn_leaders(dispute, f"【回访发现隐患】{dispute.title}")
    return item


@transaction.atomic
def dispute_close(*, actor: Any, dispute: Dispute, date: dt.date) -> Dispute:
    """结案 after agreement (and performance) or after 调解不成. Every performance item must be resolved first:
    performed, or not performed with its next step recorded; a 司法确认 application covers the whole agreement
    (人民调解法 第三十三条). Closing the case closes every clock it opened."""
    _require_status(dispute, (Status.AGREED, Status.PERFORMED, Status.FAILED), "结案")
    _not_future(date, "结案日期")
    if dispute.concluded_date and date < dispute.concluded_date:
        raise ValidationFailed("结案日期不能早于调结日期", field="date")
    agreement = Agreement.objects.filter(dispute=dispute).first()
    if agreement is not None and not agreement.confirmation_applied:
        unresolved = [i for i in agreement.items.all() if not i.is_resolved]
        if unresolved:
            names = "、".join(f"{i.description}（期限 {i.due_date:%Y-%m-%d}）" for i in unresolved)
            raise ValidationFailed(f"以下履行事项尚未处理，不能结案：{names}。请先“记录履行”，或“记录未履行”并选择后续处理"
                                   "（已告知后续途径、已申请司法确认、已向人民法院起诉）", field="date")
    dispute.status, dispute.closed_date = Status.CLOSED, date
    dispute.save()
    deadlines_close_for(target=dispute)
    _step(dispute, actor=actor, kind="close", summary="结案", date=date)
    audit_record(actor=actor, action="update", summary=f"结案 {dispute.title}", obj=dispute)
    ledger_record(org=dispute.org, actor=actor, event_type="mediation.dispute_closed", target=dispute, date=date)
    return dispute


@transaction.atomic
def dispute_archive(*, actor: Any, dispute: Dispute, date: dt.date) -> Dispute:
    """立卷归档 (人民调解法 第二十七条)."""
    _require_status(dispute, (Status.CLOSED, Status.REJECTED), "归档")
    _not_future(date, "归档日期")
    dispute.status, dispute.archived_date = Status.ARCHIVED, date
    dispute.save()
    _step(dispute, actor=actor, kind="archive", summary="立卷归档", date=date)
    audit_record(actor=actor, action="update", summary=f"归档 {dispute.title}", obj=dispute)
    ledger_record(org=dispute.org, actor=actor, event_type="mediation.dispute_archived", target=dispute, date=date)
    return dispute


@dataclass
class MediatorInput:
    position: str = "member"
    is_full_time: bool = False
    specialities: str = ""
    term_start: dt.date | None = None
    term_end: dt.date | None = None


@transaction.atomic
def mediator_appoint(*, actor: Any, org: Any, person: Any, data: MediatorInput) -> Mediator:
    """选聘人民调解员 into a committee or office (人民调解法 第十三条、第十四条). A committee member's term is
    three years (第九条); the end defaults to three years after the start."""
    if org.kind not in ("committee", "office"):
        raise ValidationFailed("人民调解员只能在人民调解委员会或司法所登记", field="org")
    if Mediator.objects.filter(org=org, person=person).exists():
        raise ValidationFailed(f"{person.name} 已是{org.name}的调解员", field="person")
    if data.term_start and data.term_end and data.term_end <= data.term_start:
        raise ValidationFailed("任期届满日期须晚于任职开始日期", field="term_end")
    term_end = data.term_end
    if data.term_start and not term_end:
        term_end = data.term_start.replace(year=data.term_start.year + 3)
    mediator = Mediator.objects.create(
        org=org, created_by=actor, person=person, position=data.position, is_full_time=data.is_full_time,
        specialities=data.specialities.strip(), term_start=data.term_start, term_end=term_end,
    )
    ensure_in_scope(actor=actor, obj=mediator, action="add")
    audit_record(actor=actor, action="create", summary=f"选聘人民调解员 {person.name}", obj=mediator, after=snapshot(mediator))
    return mediator


@transaction.atomic
def mediator_training_record(*, actor: Any, mediator: Mediator, date: dt.date, hours: Decimal, topic: str) -> Mediator:
    """记录调解员参加的一次业务培训 (人民调解法 第十四条: 县级人民政府司法行政部门应当定期对人民调解员进行业务培训):
    the hours are added to the mediator's 累计培训学时 and the ledger counts them for the office."""
    _not_future(date, "培训日期")
    if hours <= 0:
        raise ValidationFailed("培训学时须大于零", field="hours")
    if not topic.strip():
        raise ValidationFailed("请填写培训内容", field="topic")
    if not mediator.is_active:
        raise ValidationFailed(f"{mediator.person.name} 已不在任，不能记录培训", field="hours")
    before = mediator.training_hours
    Mediator.objects.filter(pk=mediator.pk).update(training_hours=models.F("training_hours") + hours, updated_at=timezone.now())
    mediator.refresh_from_db(fields=["training_hours", "updated_at"])
    audit_record(actor=actor, action="update", summary=f"调解员培训 {mediator.person.name}：{topic.strip()}（{hours}学时）",
                 obj=mediator, before={"training_hours": str(before)}, after={"training_hours": str(mediator.training_hours)})
    ledger_record(org=mediator.org, actor=actor, event_type="mediation.mediator_trained", target=mediator, date=date,
                  quantity=hours)
    return mediator


def committee_composition_warnings(members: list[Mediator]) -> list[str]:
    """人民调解法 第八条: 委员三至九人, 主任一人, 应当有妇女成员 — warnings, not errors (a committee in
    transition must still be recordable)."""
    serving = [m for m in members if m.is_active]
    warnings = []
    if not any(m.person.sex == "2" for m in serving):
        warnings.append("没有女性委员（人民调解法 第八条：人民调解委员会应当有妇女成员）")
    if not 3 <= len(serving) <= 9:
        warnings.append(f"现有委员 {len(serving)} 人（人民调解法 第八条：由委员三至九人组成）")
    chairs = sum(1 for m in serving if m.position == "chair")
    if chairs != 1:
        warnings.append(f"主任 {chairs} 人（人民调解法 第八条：设主任一人）")
    today = _today()
    expired = [m.person.name for m in serving if m.term_end and m.term_end < today]
    if expired:
        warnings.append(f"任期已届满未换届：{'、'.join(expired)}（人民调解法 第九条：每届任期三年）")
    return warnings


TERM_YEARS = 3  # 人民调解法 第九条: 人民调解委员会委员每届任期三年


def _years_later(start: dt.date, years: int) -> dt.date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


@dataclass
class CommitteeProfileInput:
    committee_type: str
    trade: str = ""
    established: dt.date | None = None
    term_start: dt.date | None = None
    term_end: dt.date | None = None


@transaction.atomic
def committee_profile_save(*, actor: Any, committee: Any, data: CommitteeProfileInput) -> CommitteeProfile:
    """登记人民调解委员会的类型、行业领域、成立日期和本届任期. Committees are set up in villages and communities
    (人民调解法 第八条), in townships and streets, in enterprises and institutions (第三十四条) and for a trade
    such as 医疗、交通、劳动、物业 (行业性、专业性调委会); each term is three years (第九条), so the end defaults to
    three years after the start."""
    if committee.kind != "committee":
        raise ValidationFailed("只有人民调解委员会可以登记调委会类型和任期")
    if data.committee_type not in CommitteeType.values:
        raise ValidationFailed("请选择调委会类型", field="committee_type")
    trade = " ".join(data.trade.split())
    if data.committee_type == CommitteeType.TRADE and not trade:
        raise ValidationFailed("行业性、专业性调委会请填写行业领域，如 医疗、交通、劳动、物业", field="trade")
    if data.established:
        _not_future(data.established, "成立日期")
    if data.term_end and not data.term_start:
        raise ValidationFailed("请填写本届任期开始日期", field="term_start")
    term_end = data.term_end or (_years_later(data.term_start, TERM_YEARS) if data.term_start else None)
    if data.term_start and term_end and term_end <= data.term_start:
        raise ValidationFailed("本届任期届满日期须晚于任期开始日期，请核对", field="term_end")
    if data.term_start and data.established and data.term_start < data.established:
        raise ValidationFailed("本届任期开始日期不能早于调委会成立日期", field="term_start")
    profile = CommitteeProfile.objects.filter(org=committee).first()
    created = profile is None
    if profile is None:
        profile = CommitteeProfile(org=committee, created_by=actor)
    before = snapshot(profile)
    profile.committee_type, profile.trade, profile.established = data.committee_type, trade, data.established
    profile.term_start, profile.term_end = data.term_start, term_end
    profile.save()
    ensure_in_scope(actor=actor, obj=profile, action="add" if created else "change")
    after = snapshot(profile)
    old, new = ({}, after) if created else diff(before, after)
    audit_record(actor=actor, action="create" if created else "update", summary=f"登记调委会信息 {committee.name}", obj=profile,
                 before=old or None, after=new)
    return profile


def committee_profile_warnings(profile: CommitteeProfile | None, *, today: dt.date | None = None) -> list[str]:
    """What the committee's registration lacks or what is due: a term that has run out must be renewed (人民调解法
    第九条); warnings, not errors, like the composition's."""
    if profile is None:
        return ["尚未登记调委会类型和本届任期，请点击“编辑调委会信息”补充"]
    today = today or _today()
    warnings = []
    if profile.term_end and profile.term_end < today:
        warnings.append(f"本届任期已于 {profile.term_end:%Y-%m-%d} 届满，请及时换届（人民调解法 第九条：每届任期三年）")
    elif not profile.term_start:
        warnings.append("尚未登记本届任期，请补充任期开始日期")
    if profile.term_start and profile.term_end and profile.term_end > _years_later(profile.term_start, TERM_YEARS):
        warnings.append(f"本届任期超过三年（{profile.term_start:%Y-%m-%d} 至 {profile.term_end:%Y-%m-%d}），请核对（人民调解法 第九条）")
    return warnings


@transaction.atomic
def expert_add(*, actor: Any, org: Any, name: str, kind: str, speciality: str, employer: str = "", phone: str = "") -> Any:
    """专家库: add an expert the offices may invite (人民调解法 第二十条)."""
    from core.validators import validate_phone
    from mediation.models import Expert

    if not name.strip() or not speciality.strip():
        raise ValidationFailed("请填写专家姓名和专业领域")
    expert = Expert.objects.create(org=org, created_by=actor, name=name.strip(), kind=kind, speciality=speciality.strip(),
                                   employer=employer, phone=validate_phone(phone) if phone else "")
    ensure_in_scope(actor=actor, obj=expert, action="add")
    audit_record(actor=actor, action="create", summary=f"专家库新增 {expert.name}", obj=expert)
    return expert


EDITABLE_FIELDS = ("title", "category", "facts", "claims", "amount", "people_count", "is_group", "may_turn_criminal", "source")


@transaction.atomic
def dispute_update(*, actor: Any, dispute: Dispute, changes: dict[str, Any]) -> Dispute:
    """Correct a dispute's basic information (not its procedural state, which only the steps change). Only while
    the dispute is open: once it is concluded the facts stand in the agreement or the 调解不成 record, and an
    archived file (人民调解法 第二十七条: 立卷归档) is not rewritten."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    _require_status(dispute, OPEN_STATUSES, "修改基本情况")
    from core.dictionaries import dict_choices

    if "category" in changes and changes["category"] not in dict(dict_choices("dispute_category")):
        raise ValidationFailed("请选择纠纷类型", field="category")
    if "title" in changes and not str(changes["title"]).strip():
        raise ValidationFailed("请填写纠纷名称", field="title")
    if "facts" in changes and not str(changes["facts"]).strip():
        raise ValidationFailed("请填写纠纷简要情况", field="facts")
    if changes.get("amount") is not None and changes["amount"] < 0:
        raise ValidationFailed("涉及金额不能为负数", field="amount")
    before = snapshot(dispute)
    was_risky = dispute.may_turn_criminal or dispute.is_group
    for name, value in changes.items():
        setattr(dispute, name, value)
    dispute.save()
    ensure_in_scope(actor=actor, obj=dispute, action="change")
    old, new = diff(before, snapshot(dispute))
    if new:
        audit_record(actor=actor, action="update", summary=f"修改纠纷信息 {dispute.title}", obj=dispute, before=old, after=new)
        _step(dispute, actor=actor, kind="edit", summary="修改基本情况")
    if not was_risky and (dispute.may_turn_criminal or dispute.is_group):
        _warn_leaders(dispute, f"【风险预警】{dispute.title}：{'可能激化为治安、刑事案件' if dispute.may_turn_criminal else '群体性纠纷'}")
    return dispute


# 身份待核实: a citizen's online application that names a person the office registered under another name


def _unverified_party(actor: Any, dispute: Dispute, party_id: int) -> DisputeParty:
    ensure_in_scope(actor=actor, obj=dispute, action="change")
    party = dispute.parties.select_related("person").filter(pk=party_id, identity_unverified=True).first()
    if party is None:
        raise ValidationFailed("请选择身份待核实的当事人（该当事人不在本纠纷中，或已核实）", field="party")
    return party


@transaction.atomic
def party_identity_merge(*, actor: Any, dispute: Dispute, party_id: int, ip_address: str | None = None) -> DisputeParty:
    """合并（同一人）: after checking the applicant's identity (e.g. the identity card at the first meeting), staff find
    that the name the citizen typed and the office's registered person are one natural person. The citizen's row is
    merged into the registered one (``people.services.person_merge``: every record moves, both audited), the phone the
    citizen gave becomes the person's (the old one stays in the audit entry), and the flag is cleared. The receipt
    keeps the citizen's own phone and ID number for the progress lookup (``mediation.receipts``)."""
    party = _unverified_party(actor, dispute, party_id)
    typed = party.person
    registered = registered_under_other_name(typed)
    changeable = Person.objects.visible_to(actor, "change")
    if registered is None or not changeable.filter(pk=registered.pk).exists():
        raise ValidationFailed("本所人员信息库中已没有该身份证号码登记为另一姓名的人员，无须合并；如当事人信息有误，请使用“更正”",
                               field="party")
    typed_name, typed_phone = typed.name, typed.phone
    keep = person_merge(actor=actor, keep=registered, drop=typed, ip_address=ip_address)
    person_same_person_record(actor=actor, person=keep, typed_name=typed_name, phone=typed_phone, ip_address=ip_address)
    party.refresh_from_db()
    party.identity_unverified = False
    party.save(update_fields=["identity_unverified", "updated_at"])
    audit_record(actor=actor, action="update", obj=dispute, ip_address=ip_address,
                 summary=f"核实当事人身份：网上申请所填“{typed_name}”与已登记的“{keep.name}”为同一人，已合并")
    return party


@transaction.atomic
def party_identity_correct(*, actor: Any, dispute: Dispute, party_id: int, name: str, id_number: str,
                           ip_address: str | None = None) -> DisputeParty:
    """更正（录入有误）: the citizen mistyped the name or the ID number (checked against the identity card). The party's
    row — the citizen's own, owned by the office — takes the corrected name and number through
    ``people.services.person_update`` (audited, before and after); a corrected number that is still registered under
    another name is refused (the same person: use 合并). The flag is cleared."""
    party = _unverified_party(actor, dispute, party_id)
    typed = party.person
    errors = ErrorCollector()
    if not (id_number or "").strip():
        errors.add("请填写核实后的身份证号码", field="id_number")
    if not (name or "").strip():
        errors.add("请填写核实后的姓名", field="name")
    errors.raise_if_any()
    person_update(actor=actor, person=typed, ip_address=ip_address, data=PersonInput(
        name=name, id_number=id_number, phone=typed.phone, ethnicity=typed.ethnicity, region=typed.region,
        address_detail=typed.address_detail, note=typed.note))
    other = registered_under_other_name(typed)
    if other is not None:
        raise ValidationFailed(f"身份证号码 {typed.id_number_masked} 仍登记为另一姓名（{other.name}）；如是同一人，请使用“合并（同一人）”",
                               field="id_number")
    party.identity_unverified = False
    party.save(update_fields=["identity_unverified", "updated_at"])
    audit_record(actor=actor, action="update", obj=dispute, ip_address=ip_address,
                 summary=f"核实当事人身份：更正网上申请所填的当事人信息，现为“{typed.name}”（{typed.id_number_masked}）")
    return party
