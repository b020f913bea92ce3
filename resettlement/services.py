"""Writes of 安置帮教: register the prison's notice (or a release found later), record the 衔接, file the person,
assess the risk, record visits and help, record a loss of contact, and end the 帮教期.

Each write runs in one transaction with its audit row and its ledger entry; the clocks (衔接, 走访, 帮教期满) open
and close with the steps that cause them. Rules the national texts leave to provinces are 系统参数
(``resettlement/parameters.py``)."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.selectors import orgs_with_perm, serves_at, users_serving_at, writable_orgs
from core import calendar
from core.audit import audit_record, diff, snapshot
from core.deadlines import deadline_open, deadlines_close_for
from core.errors import AccessDenied, ValidationFailed
from core.ledger import ledger_record
from core.parameters import get_int
from core.services import ensure_in_scope
from core.validators import validate_phone
from orgs.models import Org
from orgs.selectors import registering_office
from people.services import PersonInput, person_find_or_create
from resettlement import parameters as p
from resettlement.choices import (
    PLACING_KINDS,
    AssistanceKind,
    AssistReason,
    AssistResult,
    AssistStatus,
    Category,
    EndReason,
    GroupRole,
    HandoverMethod,
    PointsKind,
    RiskLevel,
    Status,
    VisitKind,
)
from resettlement.models import Assistance, AssistRequest, GroupMember, PointsEntry, PointsItem, Released, Visit

HANDOVER, VISIT, PERIOD, ASSIST = "resettlement.handover", "resettlement.visit", "resettlement.period", "resettlement.assist_reply"


def years_after(start: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    year = start.year + years
    return start.replace(year=year, day=min(start.day, month_calendar.monthrange(year, start.month)[1]))


def period_years(category: str) -> int:
    """帮教期 by category: five years after release (consistent across sources); for 解除社区矫正 each province sets it."""
    return get_int(p.PERIOD_CORRECTION_ENDED if category == Category.CORRECTION_ENDED else p.PERIOD_RELEASED)


def visit_interval(level: str) -> int:
    return get_int({RiskLevel.HIGH: p.VISIT_DAYS_HIGH, RiskLevel.LOW: p.VISIT_DAYS_LOW}.get(RiskLevel(level), p.VISIT_DAYS_MEDIUM))


@dataclass
class ReleasedInput:
    category: str
    crime: str
    sentence: str
    prison: str
    release_date: dt.date | None
    notice_date: dt.date | None = None
    key_subject: bool = False
    key_ground: str = ""
    officer: Any = None


def _today() -> dt.date:
    return timezone.localdate()


def _scope(*, actor: Any, obj: Any, action: str = "change") -> None:
    """Re-check the data scope after a write; the system (``actor`` None, the daily end-of-period task) has no scope."""
    if actor is not None:
        ensure_in_scope(actor=actor, obj=obj, action=action)


def is_primary(actor: Any, released: Released) -> bool:
    """The actor works for the office of the registered residence (``org``) or above it, not only for the 双列管
    office of the residence; the system (``actor`` None) is. That office is responsible for the record and its clocks."""
    if actor is None:
        return True
    return bool(orgs_with_perm(actor, "resettlement.change_released").filter(pk=released.org_id).exists())


def _primary(actor: Any, released: Released, doing: str) -> None:
    if not is_primary(actor, released):
        raise AccessDenied(f"{released.person.name} 的{doing}由户籍地{released.org.name}负责；双列管的居住地司法所可以记录走访、"
                           "帮扶、失联、积分和协查", code="co_org_readonly")


def _acting_org(actor: Any, released: Released) -> Org:
    """The office whose work a step is (its ledger entry): the residence office when only it reaches the record."""
    if released.co_org_id and not is_primary(actor, released):
        assert released.co_org is not None
        return released.co_org
    return released.org


def _clean(org: Org, data: ReleasedInput) -> ReleasedInput:
    errors: list[ValidationFailed] = []

    def fail(message: str, field: str) -> None:
        errors.append(ValidationFailed(message, field=field))

    if org.kind != Org.Kind.OFFICE:
        fail(f"“{org.name}”不是司法所；安置帮教对象由户籍地司法所登记，请选择司法所", "org")
    if data.category not in Category.values:
        fail("请选择对象类别：刑满释放人员或解除社区矫正人员", "category")
    data.crime, data.sentence, data.prison = (data.crime or "").strip(), (data.sentence or "").strip(), (data.prison or "").strip()
    data.key_ground = (data.key_ground or "").strip()
    if not data.crime:
        fail("请填写原罪名，如 盗窃罪", "crime")
    if not data.sentence:
        fail("请填写原判刑期，如 有期徒刑三年六个月", "sentence")
    if not data.prison:
        fail("请填写服刑场所，如 内蒙古自治区赤峰监狱", "prison")
    today = _today()
    if not data.release_date:
        fail("请填写释放（解除）日期", "release_date")
    elif data.release_date > today + dt.timedelta(days=366):
        fail("释放日期距今超过一年：监狱一般在释放前一个月发出通知，请核对", "release_date")
    if data.notice_date and data.notice_date > today:
        fail("收到通知日期不能晚于今天", "notice_date")
    if data.key_subject and not data.key_ground:
        fail("列为重点帮教对象的，请填写理由（如 涉毒、暴力犯罪、累犯、三无人员）", "key_ground")
    if data.officer is not None and not serves_at(data.officer, org):
        fail(f"帮教责任人 {data.officer.display_name} 不是{org.name}或其上级司法局的工作人员", "officer")
    if errors:
        raise errors[0]
    return data


def _office_head(office: Org) -> Any:
    """Who answers for a notice the county registered for ``office``: its head, else the first of its staff."""
    staff = users_serving_at([office]).order_by("pk")
    return staff.filter(memberships__role__code="office_head").first() or staff.first()


def _open_handover_clock(released: Released, *, actor: Any) -> None:
    # 必接必送: a 重点帮教对象 is collected on the day of release; others are received within the configured days.
    days = 0 if released.key_subject else get_int(p.HANDOVER_DAYS)
    assert released.release_date is not None
    due = max(calendar.add_calendar_days(released.release_date, days), _today()) if days else released.release_date
    deadline_open(org=released.org, owner=released.officer or actor, kind=HANDOVER, title=f"安置帮教衔接：{released.person.name}",
                  start_date=released.notice_date or _today(), due_date=due, target=released, link=released.get_absolute_url(),
                  basis="综治委〔1999〕5号：接到刑满释放人员通知书后落实衔接；重点帮教对象必接必送")


def _open_visit_clock(released: Released, *, actor: Any, after: dt.date, days: int, first: bool) -> None:
    due = calendar.add_calendar_days(after, days)
    if due >= released.period_end:
        return
    deadline_open(org=released.org, owner=released.officer or actor, kind=VISIT,
                  title=f"{'首次' if first else '定期'}走访：{released.person.name}", start_date=after, due_date=due, target=released,
                  link=released.get_absolute_url(),
                  basis="回归后七日内走访" if first else f"{released.get_risk_level_display()}对象每{days}日至少走访一次")


@transaction.atomic
def released_register(*, actor: Any, org: Org, person: PersonInput, data: ReleasedInput) -> Released:
    """登记刑满释放人员通知 (or a release found later): the person is found or registered once in the office's people
    registry; the 帮教期 runs from the release date; the 衔接 clock opens. The prison sends the notice to the county
    bureau, which passes it to the office of the registered residence (综治委〔1999〕5号): a county user registering it
    for the office acts in supervision, and the office's head answers for the clocks unless an officer is named."""
    data = _clean(org, data)
    if not (person.id_number or "").strip():
        raise ValidationFailed("请填写身份证号码：衔接须核实身份", field="id_number")
    acting = "add" if actor is None or writable_orgs(actor, Released).filter(pk=org.pk).exists() else "supervise"
    if acting == "supervise" and data.officer is None:
        data.officer = _office_head(org)
    who = person_find_or_create(actor=actor, org=registering_office(org), data=person, action=acting)
    if Released.objects.filter(person=who).exclude(status=Status.ENDED).exists():
        raise ValidationFailed(f"身份证号码 {who.id_number_masked} 的人员已在本所安置帮教名册中，不能重复登记", field="id_number")
    assert data.release_date is not None
    years = period_years(data.category)
    released = Released.objects.create(
        org=org, created_by=actor, person=who, category=data.category, crime=data.crime, sentence=data.sentence,
        prison=data.prison, release_date=data.release_date, notice_date=data.notice_date, key_subject=data.key_subject,
        key_ground=data.key_ground, officer=data.officer or actor, period_years=years,
        period_end=years_after(data.release_date, years),
        risk_level=RiskLevel.HIGH if data.key_subject else RiskLevel.MEDIUM,
    )
    _scope(actor=actor, obj=released, action=acting)
    audit_record(actor=actor, action="create", summary=f"登记安置帮教对象 {who.name}", obj=released, after=snapshot(released))
    ledger_record(org=org, actor=actor, event_type="resettlement.notice", target=released,
                  date=data.notice_date or _today(), note=who.name)
    _open_handover_clock(released, actor=actor)
    return released


def _active(released: Released, doing: str) -> None:
    if released.status != Status.ACTIVE:
        raise ValidationFailed(f"{released.person.name} 目前{released.get_status_display()}，不能{doing}", field="date")


def _day(value: dt.date | None, *, label: str, not_before: dt.date | None = None, before_label: str = "") -> dt.date:
    if not value:
        raise ValidationFailed(f"请填写{label}", field="date")
    if value > _today():
        raise ValidationFailed(f"{label}不能晚于今天", field="date")
    if not_before and value < not_before:
        raise ValidationFailed(f"{label}不能早于{before_label}（{not_before:%Y-%m-%d}），请核对", field="date")
    return value


@transaction.atomic
def handover_record(*, actor: Any, released: Released, date: dt.date | None, method: str, collected_by: str = "") -> Released:
    """衔接: the person is back (collected at the prison gate, collected by the family or returned alone). 重点帮教对象
    must be collected (必接必送). The 帮教 starts: the first home visit is due within the configured days."""
    _primary(actor, released, "衔接")
    if released.status != Status.PENDING:
        raise ValidationFailed(f"{released.person.name} 已于 {released.returned_date:%Y-%m-%d} 完成衔接", field="date")
    day = _day(date, label="衔接日期", not_before=released.release_date, before_label="释放日期")
    if method not in HandoverMethod.values:
        raise ValidationFailed("请选择衔接方式：接回（必接必送）、家属接回或自行返回", field="method")
    if released.key_subject and method != HandoverMethod.COLLECTED:
        raise ValidationFailed("重点帮教对象必接必送：请由司法所会同有关部门到监狱接回，衔接方式选择“接回（必接必送）”", field="method")
    collected_by = (collected_by or "").strip()
    if method != HandoverMethod.SELF and not collected_by:
        raise ValidationFailed("请填写接回人（工作人员或家属姓名）", field="collected_by")
    before = snapshot(released)
    released.status, released.returned_date, released.handover_method, released.collected_by = Status.ACTIVE, day, method, collected_by
    released.save(update_fields=["status", "returned_date", "handover_method", "collected_by", "updated_at"])
    _scope(actor=actor, obj=released)
    deadlines_close_for(target=released, kind=HANDOVER)
    old, new = diff(before, snapshot(released))
    audit_record(actor=actor, action="update", summary=f"安置帮教衔接 {released.person.name}", obj=released, before=old, after=new)
    ledger_record(org=released.org, actor=actor, event_type="resettlement.handover", target=released, date=day,
                  note=released.person.name)
    _open_visit_clock(released, actor=actor, after=day, days=get_int(p.FIRST_VISIT_DAYS), first=True)
    deadline_open(org=released.org, owner=released.officer or actor, kind=PERIOD, title=f"帮教期满：{released.person.name}",
                  start_date=released.release_date, due_date=released.period_end, target=released,
                  link=released.get_absolute_url(), basis=f"帮教期{released.period_years}年，自释放之日起计算")
    return released


@dataclass
class FileInput:
    prison_conduct: str = ""
    family: str = ""
    education: str = ""
    skills: str = ""
    housing: str = ""
    income: str = ""


FILE_FIELDS = ("prison_conduct", "family", "education", "skills", "housing", "income")


@transaction.atomic
def file_record(*, actor: Any, released: Released, data: FileInput) -> Released:
    """建档: offence (already registered), conduct in prison, family, education, skills, housing and income. The first
    filing counts once for 考核 item B13; later edits only update the file."""
    _active(released, "建档")
    _primary(actor, released, "建档")
    values = {name: (getattr(data, name) or "").strip() for name in FILE_FIELDS}
    labels = {"family": "家庭情况", "housing": "住房情况", "income": "生活来源"}
    missing = [name for name in labels if not values[name]]
    if missing:
        raise ValidationFailed(f"建档须填写{'、'.join(labels[n] for n in missing)}", field=missing[0])
    before = snapshot(released)
    first = released.filed_date is None
    for name, value in values.items():
        setattr(released, name, value)
    if first:
        released.filed_date = _today()
    released.save()
    _scope(actor=actor, obj=released)
    old, new = diff(before, snapshot(released))
    if new:
        audit_record(actor=actor, action="update", summary=f"安置帮教建档 {released.person.name}", obj=released, before=old, after=new)
    if first:
        ledger_record(org=released.org, actor=actor, event_type="resettlement.file_created", target=released, note=released.person.name)
    return released


@transaction.atomic
def risk_assess(*, actor: Any, released: Released, level: str, reason: str, date: dt.date | None = None,
                key_subject: bool | None = None, key_ground: str = "") -> Released:
    """分类帮教 (风险评估): the level with the reasons (cause and type of offence, harm, attitude, family and social
    ties), re-assessed every six months; each assessment is one 排查 for 考核 item D16 and is kept in the audit trail."""
    _active(released, "评估")
    _primary(actor, released, "风险评估")
    day = _day(date or _today(), label="评估日期", not_before=released.returned_date, before_label="衔接日期")
    if level not in RiskLevel.values:
        raise ValidationFailed("请选择风险等级：高风险、中风险或低风险", field="level")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("请填写评定理由：犯罪原因和类型、危害程度、悔罪表现、家庭和社会关系等", field="reason")
    before = snapshot(released)
    released.risk_level, released.risk_reason, released.assessed_date = level, reason, day
    if key_subject is not None:
        released.key_subject = key_subject
        released.key_ground = (key_ground or "").strip() if key_subject else ""
        if key_subject and not released.key_ground:
            raise ValidationFailed("列为重点帮教对象的，请填写理由", field="key_ground")
    released.save()
    _scope(actor=actor, obj=released)
    old, new = diff(before, snapshot(released))
    audit_record(actor=actor, action="update", summary=f"安置帮教风险评估 {released.person.name}：{released.get_risk_level_display()}",
                 obj=released, before=old, after=new)
    ledger_record(org=released.org, actor=actor, event_type="resettlement.screening", target=released, date=day,
                  note=f"{released.person.name} {released.get_risk_level_display()}")
    return released


@transaction.atomic
def visit_record(*, actor: Any, released: Released, date: dt.date | None, kind: str, content: str, met: bool = True) -> Visit:
    """帮教走访: closes the due visit and schedules the next by the risk level. Meeting the person ends a loss of
    contact. Under 双列管 the residence office records its visits too: they count for it and satisfy the due visit,
    whose clock stays with the office of the registered residence."""
    _active(released, "记录走访")
    day = _day(date, label="走访日期", not_before=released.returned_date, before_label="衔接日期")
    if kind not in VisitKind.values:
        raise ValidationFailed("请选择走访方式", field="kind")
    content = (content or "").strip()
    if not content:
        raise ValidationFailed("请填写走访情况：思想、生活、就业、家庭情况和需要的帮助", field="content")
    visit = Visit.objects.create(released=released, date=day, kind=kind, met=met, content=content, visitor=actor)
    _scope(actor=actor, obj=released)
    if met and released.out_of_contact_since:
        released.out_of_contact_since = None
        released.save(update_fields=["out_of_contact_since", "updated_at"])
    deadlines_close_for(target=released, kind=VISIT)
    audit_record(actor=actor, action="create", summary=f"安置帮教走访 {released.person.name}", obj=released,
                 after={"date": day.isoformat(), "kind": kind, "met": met})
    ledger_record(org=_acting_org(actor, released), actor=actor, event_type="resettlement.visit", target=released, date=day,
                  note=released.person.name)
    _open_visit_clock(released, actor=actor, after=max(day, _today()), days=visit_interval(released.risk_level), first=False)
    return visit


@transaction.atomic
def assistance_record(*, actor: Any, released: Released, date: dt.date | None, kind: str, content: str) -> Assistance:
    """安置帮扶. Employment, 低保, housing and medical insurance place the person (安置率); the reason a person is not
    placed is kept until then."""
    _active(released, "记录帮扶")
    day = _day(date, label="帮扶日期", not_before=released.returned_date, before_label="衔接日期")
    if kind not in AssistanceKind.values:
        raise ValidationFailed("请选择帮扶种类", field="kind")
    content = (content or "").strip()
    if not content:
        raise ValidationFailed("请填写帮扶内容，如 介绍到某公司从事保洁工作", field="content")
    item = Assistance.objects.create(released=released, date=day, kind=kind, content=content, created_by=actor)
    _scope(actor=actor, obj=released)
    if kind in PLACING_KINDS and not released.placed:
        released.placed, released.unplaced_reason = True, ""
        released.save(update_fields=["placed", "unplaced_reason", "updated_at"])
    audit_record(actor=actor, action="create", summary=f"安置帮扶 {released.person.name}：{AssistanceKind(kind).label}", obj=released,
                 after={"date": day.isoformat(), "kind": kind, "content": content})
    ledger_record(org=_acting_org(actor, released), actor=actor, event_type="resettlement.assisted", target=released, date=day,
                  note=f"{released.person.name} {AssistanceKind(kind).label}")
    return item


@transaction.atomic
def contact_lost(*, actor: Any, released: Released, date: dt.date | None, note: str) -> Released:
    """失联: the person cannot be reached (漏管失控, 考核 item N04 deducts points); the office raises a 协查 with the
    police. A later visit that meets the person ends it."""
    _active(released, "登记失联")
    if released.out_of_contact_since:
        raise ValidationFailed(f"{released.person.name} 已于 {released.out_of_contact_since:%Y-%m-%d} 登记失联", field="date")
    day = _day(date, label="失联日期", not_before=released.returned_date, before_label="衔接日期")
    note = (note or "").strip()
    if not note:
        raise ValidationFailed("请填写失联情况和已采取的查找措施", field="note")
    released.out_of_contact_since = day
    released.save(update_fields=["out_of_contact_since", "updated_at"])
    _scope(actor=actor, obj=released)
    audit_record(actor=actor, action="update", summary=f"安置帮教对象失联 {released.person.name}：{note}", obj=released,
                 after={"out_of_contact_since": day.isoformat()})
    ledger_record(org=_acting_org(actor, released), actor=actor, event_type="resettlement.lost_contact", target=released, date=day,
                  note=released.person.name)
    return released


@transaction.atomic
def released_end(*, actor: Any, released: Released, reason: str, date: dt.date | None, reoffence: str = "") -> Released:
    """帮教结束: the 帮教期 ran out, the person re-offended (with the new offence; it feeds 重新犯罪率), died or moved
    away. Every open clock of the person closes."""
    if released.status == Status.ENDED:
        raise ValidationFailed(f"{released.person.name} 的帮教已于 {released.ended_date:%Y-%m-%d} 结束", field="reason")
    _primary(actor, released, "结束帮教")
    if reason not in EndReason.values:
        raise ValidationFailed(f"请选择结束原因：{'、'.join(EndReason.labels)}", field="reason")
    day = _day(date, label="结束日期", not_before=released.release_date, before_label="释放日期")
    if reason == EndReason.EXPIRED and day < released.period_end:
        raise ValidationFailed(f"帮教期至 {released.period_end:%Y-%m-%d} 届满，届满之日起才能按期满结束", field="date")
    reoffence = (reoffence or "").strip()
    if reason == EndReason.REOFFENDED and not reoffence:
        raise ValidationFailed("重新犯罪的，请填写新的罪名", field="reoffence")
    before = snapshot(released)
    released.status, released.ended_date, released.end_reason = Status.ENDED, day, reason
    released.reoffence = reoffence if reason == EndReason.REOFFENDED else ""
    released.save()
    _scope(actor=actor, obj=released)
    deadlines_close_for(target=released)
    old, new = diff(before, snapshot(released))
    audit_record(actor=actor, action="update", summary=f"安置帮教结束 {released.person.name}（{EndReason(reason).label}）",
                 obj=released, before=old, after=new)
    ledger_record(org=released.org, actor=actor, event_type="resettlement.ended", target=released, date=day, note=released.person.name)
    if reason == EndReason.REOFFENDED:
        ledger_record(org=released.org, actor=actor, event_type="resettlement.reoffended", target=released, date=day,
                      note=f"{released.person.name} {reoffence}")
    return released


@transaction.atomic
def group_member_add(*, actor: Any, released: Released, name: str, role: str, task: str, phone: str = "") -> GroupMember:
    """帮教小组: office staff, village cadre, family and volunteers, each with a task. A 重点帮教对象's group includes
    the community police (重点帮教对象交公安机关列管)."""
    if released.status == Status.ENDED:
        raise ValidationFailed(f"{released.person.name} 的帮教已结束，不能再调整帮教小组", field="name")
    name, task, phone = (name or "").strip(), (task or "").strip(), (phone or "").strip()
    if not name:
        raise ValidationFailed("请填写成员姓名", field="name")
    if role not in GroupRole.values:
        raise ValidationFailed("请选择成员身份：司法所工作人员、村（居）干部、家庭成员、社区民警或志愿者", field="role")
    if not task:
        raise ValidationFailed("请填写该成员的帮教任务，如 每月谈心一次、帮助联系就业", field="task")
    if phone:
        phone = validate_phone(phone)
    member = GroupMember.objects.create(released=released, name=name, role=role, phone=phone, task=task)
    _scope(actor=actor, obj=released)
    audit_record(actor=actor, action="create", summary=f"帮教小组增加成员 {name}（{GroupRole(role).label}）：{released.person.name}",
                 obj=released, after={"name": name, "role": role, "task": task})
    return member


@transaction.atomic
def group_member_remove(*, actor: Any, member: GroupMember) -> None:
    released = member.released
    _scope(actor=actor, obj=released)
    audit_record(actor=actor, action="delete", summary=f"帮教小组移除成员 {member.name}：{released.person.name}", obj=released,
                 before={"name": member.name, "role": member.role, "task": member.task})
    member.delete()


def periods_close(*, today: dt.date | None = None) -> int:
    """The 帮教期 ends by itself five years after release: each person whose period has run out gets the closing
    record (system actor), one transaction per person."""
    today = today or _today()
    done = 0
    for released in Released.objects.filter(status=Status.ACTIVE, period_end__lte=today).select_related("org", "person"):
        released_end(actor=None, released=released, reason=EndReason.EXPIRED, date=min(released.period_end, today))
        done += 1
    return done


@transaction.atomic
def co_manage_set(*, actor: Any, released: Released, co_org: Org | None, note: str = "") -> Released:
    """双列管 (2015 安置帮教工作要点: 户籍地 + 居住地): the office of the registered residence names the office of the
    actual residence, which then sees the person and records visits, help and 协查 with it; ``co_org`` None ends it.
    The office of the registered residence keeps the record, its clocks and its closing."""
    _primary(actor, released, "双列管设置")
    if released.status == Status.ENDED:
        raise ValidationFailed(f"{released.person.name} 的帮教已结束，不能再设置双列管", field="co_org")
    note = (note or "").strip()
    if co_org is not None:
        if co_org.kind != Org.Kind.OFFICE or not co_org.is_active:
            raise ValidationFailed(f"“{co_org.name}”不是在用的司法所；双列管请选择居住地的司法所", field="co_org")
        if co_org.pk == released.org_id:
            raise ValidationFailed("居住地司法所与户籍地司法所相同，不需要双列管", field="co_org")
        if not note:
            raise ValidationFailed("请填写双列管说明，如 现居住地址或工作单位", field="co_note")
    before = snapshot(released)
    released.co_org, released.co_note = co_org, note if co_org is not None else ""
    released.save(update_fields=["co_org", "co_note", "updated_at"])
    _scope(actor=actor, obj=released)
    old, new = diff(before, snapshot(released))
    summary = (f"双列管 {released.person.name}：居住地{co_org.name}" if co_org is not None else f"解除双列管 {released.person.name}")
    audit_record(actor=actor, action="update", summary=summary, obj=released, before=old, after=new)
    return released


ASSIST_ORG_KINDS = (Org.Kind.OFFICE, Org.Kind.COUNTY_BUREAU)


def _addressee_owner(org: Org) -> Any:
    """Who is reminded of a 协查 sent to ``org``: its head (所长) if it has one, else someone working there; anyone of
    the org may reply."""
    from accounts.selectors import users_serving_at

    users = users_serving_at([org])
    return users.filter(memberships__org=org, memberships__role__code="office_head").first() or users.first()


@transaction.atomic
def assist_request(*, actor: Any, released: Released, to_org: Org | None, reason: str, details: str,
                   date: dt.date | None = None) -> AssistRequest:
    """协查: a person released but never received (未衔接) or lost after the 衔接 (下落不明) is looked for by another office
    or the county bureau (协查通报, 2015 安置帮教工作要点). The receiving org sees the request in its queue and replies
    within the configured working days (系统参数; UNCONFIRMED as a national rule)."""
    if released.status == Status.ENDED:
        raise ValidationFailed(f"{released.person.name} 的帮教已结束，不能发起协查", field="reason")
    if reason not in AssistReason.values:
        raise ValidationFailed("请选择协查原因：未衔接或下落不明", field="reason")
    today = _today()
    if reason == AssistReason.NOT_RECEIVED:
        if released.status != Status.PENDING:
            raise ValidationFailed(f"{released.person.name} 已于 {released.returned_date:%Y-%m-%d} 完成衔接，不属于未衔接", field="reason")
        if released.release_date > today:
            raise ValidationFailed(f"{released.person.name} 于 {released.release_date:%Y-%m-%d} 释放，释放后仍未衔接的才发起协查",
                                   field="reason")
    elif not released.out_of_contact_since:
        raise ValidationFailed(f"{released.person.name} 未登记失联；请先登记失联，再就下落不明发起协查", field="reason")
    if to_org is None:
        raise ValidationFailed("请选择协查单位（司法所或县级司法局）", field="to_org")
    if to_org.kind not in ASSIST_ORG_KINDS or not to_org.is_active:
        raise ValidationFailed(f"“{to_org.name}”不是在用的司法所或县级司法局，请重新选择协查单位", field="to_org")
    org = _acting_org(actor, released)
    if to_org.pk == org.pk:
        raise ValidationFailed("不能向本所发起协查，请选择其他司法所或县级司法局", field="to_org")
    details = (details or "").strip()
    if not details:
        raise ValidationFailed("请填写协查事项：可能的去向、联系人、最后联系时间等线索", field="details")
    day = date or today
    if day > today:
        raise ValidationFailed("发出日期不能晚于今天", field="date")
    if day < released.release_date:
        raise ValidationFailed(f"发出日期不能早于释放日期（{released.release_date:%Y-%m-%d}）", field="date")
    if AssistRequest.objects.filter(released=released, to_org=to_org, status=AssistStatus.OPEN).exists():
        raise ValidationFailed(f"已向{to_org.name}发出的协查尚未回复，请勿重复发起", field="to_org")
    days = get_int(p.ASSIST_REPLY_DAYS)
    request = AssistRequest.objects.create(
        org=org, created_by=actor, released=released, to_org=to_org, reason=reason, details=details, sent_date=day,
        due_date=calendar.add_working_days(day, days))
    if actor is not None:
        ensure_in_scope(actor=actor, obj=request, action="add")
    audit_record(actor=actor, action="create", summary=f"安置帮教协查 {released.person.name}：发往{to_org.name}", obj=request,
                 after=snapshot(request))
    ledger_record(org=org, actor=actor, event_type="resettlement.assist_requested", target=request, date=day,
                  note=f"{released.person.name} → {to_org.name}")
    deadline_open(org=to_org, owner=_addressee_owner(to_org), kind=ASSIST, title=f"协查回复：{released.person.name}（{org.name}）",
                  start_date=day, due_date=request.due_date, target=request, link=request.get_absolute_url(),
                  basis=f"协查通报：收到后{days}个工作日内回复（本地做法）")
    return request


def is_addressee(actor: Any, request: AssistRequest) -> bool:
    """The actor works for the org the 协查 was sent to (or above it)."""
    if actor is None:
        return True
    return bool(orgs_with_perm(actor, "resettlement.change_assistrequest").filter(pk=request.to_org_id).exists())


@transaction.atomic
def assist_reply(*, actor: Any, request: AssistRequest, result: str, reply: str, date: dt.date | None = None) -> AssistRequest:
    """协查回复: the receiving org says whether it found the person and what it found (where the person lives, how to
    reach them, their situation) or what it did to look. The reply clock closes; the requesting office records the
    衔接 or the visit itself."""
    if request.status != AssistStatus.OPEN:
        raise ValidationFailed(f"该协查已于 {request.replied_date:%Y-%m-%d} 回复", field="result")
    if not is_addressee(actor, request):
        raise AccessDenied(f"该协查发往{request.to_org.name}，由该单位回复", code="assist_not_addressee")
    if result not in AssistResult.values:
        raise ValidationFailed("请选择协查结果：已查到或未查到", field="result")
    reply = (reply or "").strip()
    if not reply:
        raise ValidationFailed("请填写回复情况：查到的写明现住址、联系方式和现状，未查到的写明已采取的查找措施", field="reply")
    day = date or _today()
    if day > _today():
        raise ValidationFailed("回复日期不能晚于今天", field="date")
    if day < request.sent_date:
        raise ValidationFailed(f"回复日期不能早于协查发出日期（{request.sent_date:%Y-%m-%d}）", field="date")
    before = snapshot(request)
    request.status, request.result, request.reply, request.replied_date, request.replied_by = (
        AssistStatus.ANSWERED, result, reply, day, actor)
    request.save()
    _scope(actor=actor, obj=request)
    deadlines_close_for(target=request, kind=ASSIST)
    old, new = diff(before, snapshot(request))
    name = request.released.person.name
    audit_record(actor=actor, action="update", summary=f"回复安置帮教协查 {name}：{AssistResult(result).label}", obj=request,
                 before=old, after=new)
    ledger_record(org=request.to_org, actor=actor, event_type="resettlement.assist_replied", target=request, date=day,
                  note=f"{name} {AssistResult(result).label}")
    return request


def points_balance(released: Released) -> int:
    from django.db.models import Sum

    return int(PointsEntry.objects.filter(released=released).aggregate(total=Sum("points"))["total"] or 0)


@transaction.atomic
def points_record(*, actor: Any, released: Released, item: PointsItem | None, date: dt.date | None, note: str = "") -> PointsEntry:
    """积分: points for taking part (学习、公益活动、按时报告 …) and their exchange for a support item, from the
    administrator's 积分项目 table (no national rule sets it: UNCONFIRMED defaults). An exchange cannot exceed the
    balance."""
    _active(released, "记录积分")
    if item is None or not item.is_active:
        raise ValidationFailed("请选择在用的积分项目", field="item")
    day = _day(date, label="积分日期", not_before=released.returned_date, before_label="衔接日期")
    Released.objects.select_for_update().filter(pk=released.pk).first()  # one exchange at a time against the balance
    points = item.points if item.kind == PointsKind.EARN else -item.points
    if points < 0:
        balance = points_balance(released)
        if balance < item.points:
            raise ValidationFailed(f"{released.person.name} 现有积分 {balance} 分，不足以兑换“{item.name}”（需 {item.points} 分）",
                                   field="item")
    entry = PointsEntry.objects.create(released=released, date=day, item=item, points=points, note=(note or "").strip()[:200],
                                       created_by=actor)
    _scope(actor=actor, obj=released)
    audit_record(actor=actor, action="create", summary=f"安置帮教积分 {released.person.name}：{item.name} {points:+d}分", obj=released,
                 after={"date": day.isoformat(), "item": item.name, "points": points})
    ledger_record(org=_acting_org(actor, released), actor=actor, event_type="resettlement.points", target=released, date=day,
                  note=f"{released.person.name} {item.name} {points:+d}")
    return entry


def _correction_sentence(subject: Any) -> str:
    return f"{subject.get_correction_type_display()}（矫正期 {subject.start_date:%Y-%m-%d} 至 {subject.end_date:%Y-%m-%d}）"[:60]


@transaction.atomic
def intake_from_correction(*, handover: Any) -> Released | None:
    """解除社区矫正人员 enter 安置帮教 (实施办法 第五十三条, UNCONFIRMED wording): when the corrections office records the
    hand-over of a discharged subject (``corrections.Handover`` with its date), the same office takes the person on its
    安置帮教 register — received (衔接) on the hand-over date, the 帮教期 of the 解除社区矫正 category running from the
    解除 date, the first home visit due. Runs in the hand-over's transaction; the hand-over is the authority, so no
    resettlement permission of the recording user is needed. Returns None when there is nothing to take over (no
    hand-over date yet, already taken, or the person is already on a register)."""
    subject = handover.subject
    if handover.handover_date is None or subject.status != "discharged" or subject.ended_date is None:
        return None
    if Released.objects.filter(correction_subject=subject).exists():
        return None
    if Released.objects.filter(person=subject.person).exclude(status=Status.ENDED).exists():
        return None
    actor = handover.recorded_by
    years = period_years(Category.CORRECTION_ENDED)
    officer = subject.officer or actor
    released = Released.objects.create(
        org=subject.org, created_by=actor, person=subject.person, category=Category.CORRECTION_ENDED, crime=subject.crime[:200],
        sentence=_correction_sentence(subject), prison=f"{subject.org.name}（社区矫正）"[:100], release_date=subject.ended_date,
        notice_date=handover.handover_date, officer=officer, period_years=years,
        period_end=years_after(subject.ended_date, years), risk_level=RiskLevel.MEDIUM, status=Status.ACTIVE,
        returned_date=handover.handover_date, handover_method=HandoverMethod.TRANSFER,
        collected_by=(handover.handed_to or subject.org.name)[:100], prison_conduct=(handover.appraisal or "")[:300],
        unplaced_reason=(f"帮扶需求：{handover.needs}" if handover.needs else "")[:200], correction_subject=subject,
    )
    audit_record(actor=actor, action="create", summary=f"解除社区矫正移交安置帮教 {subject.person.name}", obj=released,
                 after=snapshot(released))
    ledger_record(org=released.org, actor=actor, event_type="resettlement.handover", target=released,
                  date=handover.handover_date, note=f"{subject.person.name}（解除社区矫正移交）")
    _open_visit_clock(released, actor=actor, after=handover.handover_date, days=get_int(p.FIRST_VISIT_DAYS), first=True)
    deadline_open(org=released.org, owner=officer, kind=PERIOD, title=f"帮教期满：{released.person.name}",
                  start_date=released.release_date, due_date=released.period_end, target=released,
                  link=released.get_absolute_url(), basis=f"解除社区矫正人员帮教期{years}年，自解除之日起计算")
    return released
