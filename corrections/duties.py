"""Writes of the daily supervision of 社区矫正 (日常监管): the scheduled obligations and their fulfilment, the subject's
own check-ins and written reports on the phone page, reminders and missed items, monthly and quarterly 考核, the
requests of 社区矫正法 第二十七条 (外出、会客、迁居、变更执行地), 电子定位 (第二十九条) and its alerts, 脱管 episodes
(第三十条) and 考核奖惩 (第二十八条).

Every write runs in one transaction with its audit row and its ledger entry; a refused input raises ``ValidationFailed``
with a Chinese message before anything is written. Rules the research marked UNCONFIRMED are parameters
(corrections/parameters_duties.py)."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import hashlib
import hmac
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.deadlines import deadline_open, deadlines_close_for
from core.errors import ValidationFailed
from core.idsearch import id_number_key
from core.ledger import ledger_record
from core.models import Notification
from core.parameters import get_int
from core.services import ensure_in_scope
from corrections import parameters_duties as p
from corrections.choices import CorrectionType, Status
from corrections.choices_duties import (
    CHECKIN_KINDS,
    HOURS_KINDS,
    REPORT_KINDS,
    AlertKind,
    Level,
    MonitoringTrigger,
    ObligationKind,
    ObligationStatus,
    ReoffenceNature,
    RequestKind,
    RequestStatus,
    ReviewResult,
    SanctionKind,
)
from corrections.models import (
    Abscond,
    CheckIn,
    FulfilmentReview,
    LocationAlert,
    Monitoring,
    Obligation,
    Sanction,
    Subject,
    SubjectCode,
    SubjectRequest,
    months_after,
)
from corrections.sms import SmsError, sms_sender

logger = logging.getLogger("corrections.duties")

# Ledger event types (declared in corrections/ledger.py).
EV_CHECKIN = "corrections.checkin"
EV_REPORT = "corrections.report"
EV_MEASURE = "corrections.measure"
# A fulfilled measure counts under the 考核标准's own item where it has one: 走访 (I05), 教育学习 (K06), 公益活动 (K07),
# 信息化核查 (D07), 个别谈话 (D08); other measures are ``corrections.measure``.
MEASURE_EVENTS = {"visit": "corrections.visit", "education": "corrections.education", "community_service": "corrections.community_service",
                  "info_check": "corrections.location_check", "talk": "corrections.interview"}


def measure_event(kind: str) -> str:
    return MEASURE_EVENTS.get(kind, EV_MEASURE)
EV_MISSED = "corrections.missed"
EV_REVIEW = "corrections.review"
# The 2026 考核标准 names 请假外出审批 (D06) ``corrections.leave``.
EV_REQUEST = "corrections.leave"
EV_MONITORING = "corrections.monitoring"
EV_ALERT = "corrections.location_alert"
EV_ABSCOND = "corrections.abscond"
EV_FOUND = "corrections.abscond_found"
SANCTION_EVENTS = {
    SanctionKind.PRAISE: "corrections.praise", SanctionKind.ADMONITION: "corrections.admonition",
    SanctionKind.WARNING: "corrections.warning", SanctionKind.PUBLIC_SECURITY: "corrections.penalty_proposal",
    SanctionKind.REVOKE_PROBATION: "corrections.revocation_proposal", SanctionKind.REVOKE_PAROLE: "corrections.revocation_proposal",
    SanctionKind.IMPRISON: "corrections.revocation_proposal",
}
# Clock kinds (declared in corrections/ledger.py CLOCKS with their closing services).
CLOCK_REQUEST = "corrections.request_decide"
CLOCK_RETURN = "corrections.request_return"
CLOCK_MONITORING = "corrections.monitoring_end"
CLOCK_ABSCOND = "corrections.abscond_search"

CODE_MINUTES = 10
CODE_ATTEMPTS = 5
CODES_PER_HOUR = 3
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def _in_correction(subject: Subject) -> None:
    if subject.status != Status.IN_CORRECTION:
        raise ValidationFailed(f"{subject.person.name} 已{subject.get_status_display()}，不能再办理日常监管事项")


def _today() -> dt.date:
    return timezone.localdate()


def _notify(user: Any, title: str, link: str, level: str = "warning") -> None:
    if user is not None:
        Notification.objects.create(user=user, level=level, title=title[:200], link=link)


# ------------------------------------------------------------------------------------------------ 履行事项的安排


@dataclass(frozen=True)
class Measure:
    """One schedulable measure: ``per_month`` occurrences (or ``every_months`` months per occurrence) or ``hours``
    a month."""

    kind: str
    title: str
    basis: str
    per_month: int = 0
    every_months: int = 0
    every_days: int = 0
    hours: Decimal | None = None


_FREQUENCIES: dict[str, dict[str, int]] = {"weekly": {"every_days": 7}, "biweekly": {"every_days": 14}, "monthly": {"per_month": 1},
                "bimonthly": {"every_months": 2}, "quarterly": {"every_months": 3}, "每周": {"every_days": 7},
                "每两周": {"every_days": 14}, "每月": {"per_month": 1}, "每两月": {"every_months": 2}, "每季度": {"every_months": 3}}
_KIND_WORDS = {label: value for value, label in ObligationKind.choices} | {"教育": ObligationKind.EDUCATION,
               "社区服务": ObligationKind.COMMUNITY_SERVICE, "谈话": ObligationKind.TALK, "实地查访": ObligationKind.VISIT,
               "病情报告": ObligationKind.HEALTH_REPORT, "当面报到": ObligationKind.REPORT}


def measure_from(raw: dict[str, Any]) -> Measure | None:
    """A measure dict of the 矫正方案 (``kind``, ``frequency`` or ``per_month`` or ``hours_per_month``, ``title``,
    ``legal_basis``) as a schedulable measure; None for a measure with no schedule (e.g. 就业帮扶 without a frequency)."""
    kind = str(raw.get("kind") or "").strip()
    kind = kind if kind in ObligationKind.values else _KIND_WORDS.get(kind, ObligationKind.OTHER if kind else "")
    title = str(raw.get("title") or (ObligationKind(kind).label if kind else "")).strip()[:100]
    if not kind or not title:
        raise ValidationFailed("每项措施须写明类别（kind）和名称（title），如 {\"kind\": \"report\", \"frequency\": \"weekly\"}")
    basis = str(raw.get("legal_basis") or raw.get("basis") or "")[:200]
    hours = raw.get("hours_per_month") or raw.get("hours")
    if hours not in (None, ""):
        try:
            value = Decimal(str(hours))
        except ArithmeticError:
            raise ValidationFailed(f"措施“{title}”的每月时数“{hours}”不是数字") from None
        if value <= 0 or value > 200:
            raise ValidationFailed(f"措施“{title}”的每月时数应在 0 到 200 之间，现为 {hours}")
        return Measure(kind=kind, title=title, basis=basis, hours=value)
    frequency = raw.get("frequency", raw.get("per_month"))
    if frequency in (None, "", 0):
        return None
    if isinstance(frequency, int) or str(frequency).isdigit():
        count = int(frequency)
        if not 1 <= count <= 31:
            raise ValidationFailed(f"措施“{title}”的每月次数应在 1 到 31 之间，现为 {frequency}")
        return Measure(kind=kind, title=title, basis=basis, per_month=count)
    spec = _FREQUENCIES.get(str(frequency))
    if spec is None:
        raise ValidationFailed(f"措施“{title}”的频次“{frequency}”无法识别，请写 weekly、biweekly、monthly、bimonthly、quarterly "
                               "或每月次数")
    return Measure(kind=kind, title=title, basis=basis, per_month=spec.get("per_month", 0), every_months=spec.get("every_months", 0),
                   every_days=spec.get("every_days", 0))


def _month_ends(start: dt.date, end: dt.date) -> Iterable[tuple[dt.date, dt.date]]:
    """Calendar months from ``start`` to ``end``, each clipped to the range."""
    day = start
    while day <= end:
        last = day.replace(day=pycalendar.monthrange(day.year, day.month)[1])
        yield day, min(last, end)
        day = last + dt.timedelta(days=1)


def _windows(measure: Measure, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date, Decimal | None]]:
    windows: list[tuple[dt.date, dt.date, Decimal | None]] = []
    if measure.hours is not None:
        for first, last in _month_ends(start, end):
            days = pycalendar.monthrange(first.year, first.month)[1]
            share = measure.hours * Decimal((last - first).days + 1) / Decimal(days)
            hours = max(Decimal(1), (share * 2).quantize(Decimal(1), ROUND_HALF_UP) / 2)  # to the half hour
            windows.append((first, last, hours))
    elif measure.every_days:
        day = start
        while day <= end:
            windows.append((day, min(day + dt.timedelta(days=measure.every_days - 1), end), None))
            day += dt.timedelta(days=measure.every_days)
    elif measure.every_months:
        n, day = 0, start
        while day <= end:
            n += 1
            following = months_after(start, n * measure.every_months)
            windows.append((day, min(following - dt.timedelta(days=1), end), None))
            day = following
    else:
        for first, last in _month_ends(start, end):
            length = (last - first).days + 1
            count = min(measure.per_month, length)
            for i in range(count):
                a = first + dt.timedelta(days=length * i // count)
                b = first + dt.timedelta(days=length * (i + 1) // count - 1)
                windows.append((a, b, None))
    return windows


@transaction.atomic
def obligations_schedule(*, actor: Any, subject: Subject, measures: list[dict[str, Any]], start: dt.date, end: dt.date,
                         source: str = "plan") -> list[Obligation]:
    """安排履行事项: the approved 矫正方案's measures (or a management level's default standard) become dated obligations
    from ``start`` to ``end`` (at most the end of the term, 社区矫正法 第二十四条: 矫正方案 implemented by the 矫正小组).
    Pending obligations from ``start`` on are replaced, so re-approving a plan re-schedules; fulfilled and missed ones
    stay as the record."""
    _in_correction(subject)
    if not start or not end:
        raise ValidationFailed("请填写安排的起止日期", field="start")
    end = min(end, subject.end_date)
    start = max(start, subject.start_date)
    if end < start:
        raise ValidationFailed(f"安排期间须在矫正期限（{subject.start_date:%Y-%m-%d} 至 {subject.end_date:%Y-%m-%d}）之内，"
                               "且止日不早于起日", field="end")
    parsed = [m for m in (measure_from(raw) for raw in measures) if m is not None]
    if not parsed:
        raise ValidationFailed("没有可以安排的措施：请至少给出一项有频次或时数的监督管理、教育措施", field="measures")
    ensure_in_scope(actor=actor, obj=subject, action="change")
    replaced, _ = subject.obligations.filter(status=ObligationStatus.PENDING, window_start__gte=start).delete()
    rows = [
        Obligation(org=subject.org, created_by=actor, subject=subject, kind=m.kind, title=m.title, basis=m.basis, source=source,
                   window_start=a, due_date=b, hours=h)
        for m in parsed for a, b, h in _windows(m, start, end)
    ]
    created = Obligation.objects.bulk_create(rows)
    audit_record(actor=actor, action="create", obj=subject,
                 summary=f"安排 {subject.person.name} 的履行事项 {len(created)} 项（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}，替换未履行的 {replaced} 项）")
    return created


def level_measures(level: str, subject: Subject) -> list[dict[str, Any]]:
    """The default contact standard of a management level (parameters, UNCONFIRMED defaults) as measure dicts; a
    暂予监外执行 subject also reports the state of illness monthly (实施办法 第二十四条, UNCONFIRMED)."""
    if level not in Level.values:
        raise ValidationFailed(f"请选择管理等级：{'、'.join(Level.labels)}", field="level")
    measures: list[dict[str, Any]] = []
    basis: dict[str, str] = {ObligationKind.REPORT: "社区矫正法 第二十三条", ObligationKind.WRITTEN_REPORT: "社区矫正法 第二十三条",
             ObligationKind.TALK: "社区矫正法 第三十六条", ObligationKind.EDUCATION: "社区矫正法 第三十六条",
             ObligationKind.COMMUNITY_SERVICE: "社区矫正法 第四十二条", ObligationKind.INFO_CHECK: "社区矫正法 第二十六条",
             ObligationKind.VISIT: "社区矫正法 第二十六条"}
    for (lv, kind), spec in p.LEVEL_STANDARDS.items():
        if lv != level:
            continue
        value = get_int(spec)
        if value <= 0:
            continue
        title = f"{ObligationKind(kind).label}（{Level(level).label}）"
        if kind in HOURS_KINDS:
            measures.append({"kind": kind, "hours_per_month": value, "title": title, "legal_basis": basis[kind]})
        elif kind == ObligationKind.VISIT:
            measures.extend({"kind": kind, "frequency": "quarterly", "title": f"{title}第{i + 1}次", "legal_basis": basis[kind]}
                            for i in range(min(value, 3)))
        else:
            measures.append({"kind": kind, "frequency": value, "title": title, "legal_basis": basis[kind]})
    if subject.correction_type == CorrectionType.TEMPORARY_OUTSIDE:
        measures.append({"kind": ObligationKind.HEALTH_REPORT, "frequency": "monthly", "title": "病情复查报告",
                         "legal_basis": "实施办法 第二十四条：暂予监外执行的每月报告病情（条文号待核）"})
    return measures


def schedule_by_level(*, actor: Any, subject: Subject, level: str, start: dt.date, end: dt.date) -> list[Obligation]:
    """The management level's default schedule, until the subject has an approved 矫正方案."""
    return obligations_schedule(actor=actor, subject=subject, measures=level_measures(level, subject), start=start, end=end,
                                source="default")


def _fulfil(obligation: Obligation, *, day: dt.date, hours: Decimal | None, note: str) -> None:
    if obligation.kind in HOURS_KINDS:
        obligation.done_hours += hours or Decimal(0)
        if obligation.done_hours >= (obligation.hours or Decimal(0)):
            obligation.status, obligation.done_date = ObligationStatus.DONE, day
    else:
        obligation.status, obligation.done_date = ObligationStatus.DONE, day
    obligation.note = "；".join(x for x in (obligation.note, note.strip()) if x)[:300]
    obligation.save(update_fields=["status", "done_date", "done_hours", "note", "updated_at"])


@transaction.atomic
def obligation_fulfil(*, actor: Any, obligation: Obligation, date: dt.date, hours: Decimal | None = None, note: str = "") -> Obligation:
    """登记履行: the officer records a talk, a visit, an information check, hours of education or 公益活动, or a report
    in person at the office (社区矫正法 第二十六条、第三十六条、第四十二条). Hours add up until the month's target."""
    subject = obligation.subject
    _in_correction(subject)
    if obligation.status not in (ObligationStatus.PENDING, ObligationStatus.MISSED):
        raise ValidationFailed(f"该事项已{obligation.get_status_display()}，不能重复登记")
    if not date:
        raise ValidationFailed("请填写履行日期", field="date")
    if date > _today():
        raise ValidationFailed("履行日期不能晚于今天", field="date")
    if date < obligation.window_start:
        raise ValidationFailed(f"该事项自 {obligation.window_start:%Y-%m-%d} 起履行，履行日期不能早于此日", field="date")
    if obligation.kind in HOURS_KINDS:
        if hours is None or hours <= 0 or hours > 24:
            raise ValidationFailed("请填写本次完成的时数（大于 0，不超过 24 小时）", field="hours")
    elif not note.strip():
        raise ValidationFailed("请简要填写履行情况，如 谈话内容、走访对象、核查方式", field="note")
    if obligation.status == ObligationStatus.MISSED:  # recorded late: the miss stays in the audit trail
        obligation.status = ObligationStatus.PENDING
    ensure_in_scope(actor=actor, obj=obligation, action="change")
    _fulfil(obligation, day=date, hours=hours, note=note)
    audit_record(actor=actor, action="update", obj=obligation, summary=f"登记履行 {subject.person.name}：{obligation.title}",
                 after={"status": obligation.status, "done_hours": str(obligation.done_hours), "note": obligation.note})
    ledger_record(org=subject.org, actor=actor, event_type=measure_event(obligation.kind), target=obligation, date=date,
                  note=f"{subject.person.name} {obligation.get_kind_display()}")
    return obligation


@transaction.atomic
def obligation_excuse(*, actor: Any, obligation: Obligation, reason: str) -> Obligation:
    """免除: an obligation that cannot apply (approved travel, hospital stay); the reason stays on the record."""
    if obligation.status != ObligationStatus.PENDING:
        raise ValidationFailed(f"该事项已{obligation.get_status_display()}，只能免除待履行的事项")
    if not reason.strip():
        raise ValidationFailed("请填写免除理由，如 经批准外出期间", field="reason")
    ensure_in_scope(actor=actor, obj=obligation, action="change")
    obligation.status, obligation.note = ObligationStatus.EXCUSED, reason.strip()[:300]
    obligation.save(update_fields=["status", "note", "updated_at"])
    audit_record(actor=actor, action="update", obj=obligation, summary=f"免除 {obligation.subject.person.name}：{obligation.title}",
                 after={"status": obligation.status, "note": obligation.note})
    return obligation


# ------------------------------------------------------------------------------------------- 手机端：登录、签到、报告


def _code_hash(subject: Subject, code: str) -> str:
    return hmac.new(f"corrections-login:{settings.SECRET_KEY}".encode(), f"{subject.pk}:{code}".encode(), hashlib.sha256).hexdigest()


def _subject_by_id(id_number: str) -> Subject | None:
    key = id_number_key(id_number)
    return Subject.objects.filter(person__id_number_hash=key, status=Status.IN_CORRECTION).select_related("person", "org").first()


SENT_MESSAGE = "如该身份证号码属于在矫社区矫正对象，验证码已发送到登记的手机号码，10分钟内有效"


@transaction.atomic
def login_code_send(*, id_number: str) -> str:
    """Send a one-time code to the subject's registered phone. The answer is the same whether or not the number belongs
    to a subject, so the page cannot be used to find out who is under corrections."""
    if not (id_number or "").strip():
        raise ValidationFailed("请填写身份证号码", field="id_number")
    subject = _subject_by_id(id_number)
    if subject is None or not subject.person.phone:
        return SENT_MESSAGE
    now = timezone.now()
    recent = SubjectCode.objects.filter(subject=subject, created_at__gte=now - dt.timedelta(hours=1)).count()
    if recent >= CODES_PER_HOUR:
        raise ValidationFailed("获取验证码过于频繁，请一小时后再试；急需时请联系矫正责任人", field="id_number")
    code = f"{secrets.randbelow(10**6):06d}"
    SubjectCode.objects.create(subject=subject, code_hash=_code_hash(subject, code), expires_at=now + dt.timedelta(minutes=CODE_MINUTES))
    sms_sender().send(subject.person.phone, f"【{subject.org.name}】您的社区矫正手机端登录验证码为 {code}，{CODE_MINUTES}分钟内有效，请勿告知他人。")
    return SENT_MESSAGE


def login_code_verify(*, id_number: str, code: str) -> Subject:
    """Check the code; five wrong tries spend it (each wrong try is counted even though the answer is an error).
    Returns the subject whose phone page opens."""
    wrong = ValidationFailed("验证码不正确或已过期，请重新获取验证码", field="code")
    subject = _subject_by_id(id_number or "")
    if subject is None or not (code or "").strip().isdigit():
        raise wrong
    with transaction.atomic():
        pending = SubjectCode.objects.select_for_update().filter(subject=subject, used_at__isnull=True,
                                                                 expires_at__gt=timezone.now()).order_by("-created_at").first()
        if pending is None or pending.attempts >= CODE_ATTEMPTS:
            raise wrong
        matches = hmac.compare_digest(pending.code_hash, _code_hash(subject, code.strip()))
        if matches:
            pending.used_at = timezone.now()
            pending.save(update_fields=["used_at"])
            audit_record(actor=None, action="other", obj=subject, summary=f"社区矫正对象 {subject.person.name} 登录手机端")
        else:
            pending.attempts += 1
            pending.save(update_fields=["attempts"])
    if not matches:
        raise wrong
    return subject


def current_obligation(subject: Subject, kinds: Iterable[str], day: dt.date) -> Obligation | None:
    return subject.obligations.filter(kind__in=list(kinds), status=ObligationStatus.PENDING, window_start__lte=day,
                                      due_date__gte=day).order_by("due_date", "id").first()


def _photo_check(photo: UploadedFile | None) -> None:
    """A photo is a JPEG or PNG of at most 5 MB, told by its first bytes, not by its name."""
    if photo is None:
        return
    if photo.size and photo.size > PHOTO_MAX_BYTES:
        raise ValidationFailed(f"照片不能超过 5MB（当前 {photo.size / 1024 / 1024:.1f}MB），请压缩后重新上传", field="photo")
    head = photo.read(8)
    photo.seek(0)
    if not any(head.startswith(magic) for magic in PHOTO_TYPES):
        raise ValidationFailed("照片须为 JPG 或 PNG 格式的图片，请重新拍照上传", field="photo")


def _photo_name(subject: Subject, at: dt.datetime, photo: UploadedFile) -> str:
    head = photo.read(8)
    photo.seek(0)
    ext = next(e for magic, e in PHOTO_TYPES.items() if head.startswith(magic))
    return f"{subject.uuid}-{at:%Y%m%d%H%M%S}.{ext}"


def _coordinate(value: Any, name: str, limit: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except ArithmeticError:
        raise ValidationFailed("位置信息无效，请重新获取位置后签到", field=name) from None
    if abs(number) > limit:
        raise ValidationFailed("位置信息超出范围，请重新获取位置后签到", field=name)
    return number


@transaction.atomic
def checkin_record(*, subject: Subject, latitude: Any = None, longitude: Any = None, accuracy: Any = None,
                   photo: UploadedFile | None = None, at: dt.datetime | None = None) -> CheckIn:
    """签到: the subject checks in on the phone page for today's 报到 or 信息化核查 (社区矫正法 第二十三条、第二十六条),
    with the time, the browser's location and an optional photo. A check-in when nothing is scheduled is refused."""
    _in_correction(subject)
    at = at or timezone.now()
    day = timezone.localdate(at)
    obligation = current_obligation(subject, CHECKIN_KINDS, day)
    if obligation is None:
        upcoming = subject.obligations.filter(kind__in=CHECKIN_KINDS, status=ObligationStatus.PENDING, window_start__gt=day) \
            .order_by("window_start").first()
        later = f"下一次签到时间为 {upcoming.window_start:%Y-%m-%d} 至 {upcoming.due_date:%Y-%m-%d}" if upcoming else "目前没有安排签到"
        raise ValidationFailed(f"今天没有需要签到的事项（{later}）。如有情况需要报告，请提交书面报告或联系矫正责任人")
    lat, lon = _coordinate(latitude, "latitude", 90), _coordinate(longitude, "longitude", 180)
    if (lat is None) != (lon is None):
        raise ValidationFailed("位置信息不完整，请重新获取位置后签到", field="latitude")
    _photo_check(photo)
    try:
        meters = int(accuracy) if accuracy not in (None, "") else None
    except (TypeError, ValueError):
        meters = None
    checkin = CheckIn(org=subject.org, subject=subject, obligation=obligation, at=at, latitude=lat, longitude=lon,
                      accuracy=meters if meters is None or 0 <= meters < 10**6 else None)
    if photo is not None:
        checkin.photo.save(_photo_name(subject, at, photo), photo, save=False)
    checkin.save()
    _fulfil(obligation, day=day, hours=None, note=f"手机端签到 {timezone.localtime(at):%H:%M}")
    audit_record(actor=None, action="create", obj=checkin, summary=f"社区矫正对象 {subject.person.name} 手机端签到（{obligation.title}）")
    ledger_record(org=subject.org, actor=None, event_type=EV_CHECKIN, target=checkin, date=day, note=subject.person.name)
    return checkin


@transaction.atomic
def report_submit(*, subject: Subject, text: str, photo: UploadedFile | None = None, at: dt.datetime | None = None) -> CheckIn:
    """书面报告: the subject reports on obeying the law, supervision, study and 公益活动 (实施办法 第二十四条, UNCONFIRMED);
    a report within a scheduled 书面报告 or 病情复查 window fulfils it, any other report is kept as an extra one (changes
    of residence or work are reported at once)."""
    _in_correction(subject)
    body = (text or "").strip()
    if len(body) < 10:
        raise ValidationFailed("请写明报告内容（不少于10个字），如 本周遵纪守法、学习和参加公益活动的情况", field="text")
    if len(body) > 5000:
        raise ValidationFailed("报告内容不能超过5000字", field="text")
    _photo_check(photo)
    at = at or timezone.now()
    day = timezone.localdate(at)
    obligation = current_obligation(subject, REPORT_KINDS, day)
    report = CheckIn(org=subject.org, subject=subject, obligation=obligation, at=at, is_report=True, text=body)
    if photo is not None:
        report.photo.save(_photo_name(subject, at, photo), photo, save=False)
    report.save()
    if obligation is not None:
        _fulfil(obligation, day=day, hours=None, note="手机端提交书面报告")
    audit_record(actor=None, action="create", obj=report, summary=f"社区矫正对象 {subject.person.name} 提交书面报告")
    ledger_record(org=subject.org, actor=None, event_type=EV_REPORT, target=report, date=day, note=subject.person.name)
    officer = subject.officer
    _notify(officer, f"{subject.person.name} 提交了书面报告", f"{subject.get_absolute_url()}duties/", level="info")
    return report


# --------------------------------------------------------------------------------------- 提醒、未履行、考核（定时）


def obligations_sweep(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: remind the subject (text message) and the officer before each item is due; mark the items whose window
    closed unfulfilled as 未履行, tell the officer and enter the ledger (the supervision rule on missed items reads
    them); on the first days of a month record last month's 考核 (and the quarter's after a quarter)."""
    today = today or _today()
    counts = {"reminded": 0, "missed": 0, "reviews": 0}
    soon = today + dt.timedelta(days=get_int(p.REMIND_DAYS))
    sender = sms_sender()
    with transaction.atomic():
        due = list(Obligation.objects.filter(status=ObligationStatus.PENDING, reminded=False, due_date__gte=today, due_date__lte=soon,
                                             subject__status=Status.IN_CORRECTION).select_related("subject__person", "subject__org"))
        for o in due:
            s = o.subject
            if s.person.phone and o.kind in (*CHECKIN_KINDS, *REPORT_KINDS):
                try:
                    sender.send(s.person.phone, f"【{s.org.name}】请于{o.due_date:%m月%d日}前完成：{o.title}。")
                except SmsError as exc:  # one unreachable phone does not stop the other reminders
                    logger.warning("提醒短信未发出（%s）：%s", s.person.name, exc.message)
        Obligation.objects.filter(pk__in=[o.pk for o in due]).update(reminded=True)
        counts["reminded"] = len(due)
        missed = list(Obligation.objects.filter(status=ObligationStatus.PENDING, due_date__lt=today,
                                                subject__status=Status.IN_CORRECTION).select_related("org", "subject__person", "subject__officer"))
        Obligation.objects.filter(pk__in=[o.pk for o in missed]).update(status=ObligationStatus.MISSED)
        for o in missed:
            s = o.subject
            ledger_record(org=o.org, actor=None, event_type=EV_MISSED, target=o, date=o.due_date, note=f"{s.person.name} {o.title}")
            _notify(s.officer, f"{s.person.name} 未按期履行：{o.title}（{o.due_date:%Y-%m-%d} 截止）", f"{s.get_absolute_url()}duties/")
        counts["missed"] = len(missed)
    if today.day <= 5:
        last_month_end = today.replace(day=1) - dt.timedelta(days=1)
        periods = [f"{last_month_end:%Y-%m}"]
        if last_month_end.month % 3 == 0:
            periods.append(f"{last_month_end.year}Q{last_month_end.month // 3}")
        subjects = Subject.objects.filter(status=Status.IN_CORRECTION, start_date__lte=last_month_end)
        for subject in subjects.iterator():
            for period in periods:
                if not FulfilmentReview.objects.filter(subject=subject, period=period).exists():
                    review_record(actor=None, subject=subject, period=period)
                    counts["reviews"] += 1
    return counts


def period_bounds(period: str) -> tuple[dt.date, dt.date, str]:
    """``2026-11`` (a month) or ``2026Q4`` (a quarter) as (first day, last day, "month"/"quarter")."""
    text = (period or "").strip().upper()
    try:
        if "Q" in text:
            year, quarter = int(text[:4]), int(text.split("Q")[1])
            if not 1 <= quarter <= 4:
                raise ValueError
            first = dt.date(year, quarter * 3 - 2, 1)
            last = months_after(first, 3) - dt.timedelta(days=1)
            return first, last, "quarter"
        year, month = (int(x) for x in text.split("-"))
        first = dt.date(year, month, 1)
        return first, months_after(first, 1) - dt.timedelta(days=1), "month"
    except (ValueError, IndexError):
        raise ValidationFailed("考核期格式应为 2026-11（月度）或 2026Q4（季度）", field="period") from None


def review_compute(subject: Subject, first: dt.date, last: dt.date) -> dict[str, Any]:
    """The fulfilment of the obligations due in [first, last]: counts, the result and one evidence line per item
    (the check-in time and place, the report, or the officer's note)."""
    items = list(subject.obligations.filter(due_date__gte=first, due_date__lte=last).exclude(status=ObligationStatus.EXCUSED)
                 .prefetch_related("checkins").order_by("due_date", "id"))
    evidence = []
    for o in items:
        proof = [f"{timezone.localtime(c.at):%Y-%m-%d %H:%M} {'书面报告' if c.is_report else '签到'}"
                 + (f"（{c.latitude},{c.longitude}）" if c.latitude is not None else "") for c in o.checkins.all()]
        evidence.append({"item": o.title, "kind": o.get_kind_display(), "due": f"{o.due_date:%Y-%m-%d}", "status": o.get_status_display(),
                         "hours": f"{o.done_hours}/{o.hours}" if o.hours is not None else "", "proof": "；".join(proof) or o.note})
    due = sum(1 for o in items if o.status != ObligationStatus.PENDING or o.due_date < _today())
    done = sum(1 for o in items if o.status == ObligationStatus.DONE)
    missed = sum(1 for o in items if o.status == ObligationStatus.MISSED)
    rate = Decimal(100) if due == 0 else Decimal(done * 100) / Decimal(due)
    penalties = subject.sanctions.filter(decision_date__gte=first, decision_date__lte=last).exclude(kind=SanctionKind.PRAISE).count()
    if missed == 0 and penalties == 0:
        result = ReviewResult.GOOD
    elif missed <= 1 and penalties == 0 and rate >= get_int(p.REVIEW_FAIR_RATE):
        result = ReviewResult.FAIR
    else:
        result = ReviewResult.POOR
    return {"due": due, "done": done, "missed": missed, "rate": rate, "penalties": penalties, "result": result, "evidence": evidence}


@transaction.atomic
def review_record(*, actor: Any, subject: Subject, period: str) -> FulfilmentReview:
    """月度、季度考核: computed from the period's fulfilment and kept with the evidence (社区矫正法 第二十八条第二款);
    recording it again recomputes it."""
    first, last, kind = period_bounds(period)
    if last >= _today() and actor is not None:
        raise ValidationFailed(f"考核期 {period} 尚未结束，期满后再考核", field="period")
    if last < subject.start_date:
        raise ValidationFailed(f"考核期 {period} 在矫正期限开始（{subject.start_date:%Y-%m-%d}）之前", field="period")
    label = f"{first:%Y-%m}" if kind == "month" else f"{first.year}Q{(first.month + 2) // 3}"
    figures = review_compute(subject, first, last)
    review, created = FulfilmentReview.objects.update_or_create(subject=subject, period=label, defaults=dict(
        org=subject.org, created_by=actor, start_date=first, end_date=last, due=figures["due"], done=figures["done"],
        missed=figures["missed"], result=figures["result"], evidence=figures["evidence"],
    ))
    if actor is not None:
        ensure_in_scope(actor=actor, obj=review, action="change" if not created else "add")
    audit_record(actor=actor, action="create" if created else "update", obj=review,
                 summary=f"{subject.person.name} {label} 考核：{review.get_result_display()}"
                         f"（应履行{review.due}，已履行{review.done}，未履行{review.missed}）")
    if created:
        ledger_record(org=subject.org, actor=actor, event_type=EV_REVIEW, target=review, date=min(last, _today()), note=subject.person.name)
    return review


# ------------------------------------------------------------------------------------ 外出、会客、迁居、变更执行地


@dataclass
class RequestInput:
    kind: str
    reason: str
    start_date: dt.date
    end_date: dt.date
    destination: str = ""
    applied_date: dt.date | None = None


def _leave_days_between(subject: Subject, first: dt.date, last: dt.date) -> int:
    total = 0
    for r in subject.requests.filter(kind=RequestKind.TRAVEL, status__in=[RequestStatus.APPROVED, RequestStatus.RETURNED],
                                     end_date__gte=first, start_date__lte=last):
        total += (min(r.end_date, last) - max(r.start_date, first)).days + 1
    return total


@transaction.atomic
def request_submit(*, actor: Any, subject: Subject, data: RequestInput) -> SubjectRequest:
    """登记申请: a subject's application to leave the city or county, receive a visitor, move house or change the place
    of execution (社区矫正法 第二十三条、第二十七条). A trip is checked against the caps (parameters): one approval at
    most thirty days, a number of applications a month, thirty days within two months."""
    _in_correction(subject)
    if data.kind not in RequestKind.values:
        raise ValidationFailed(f"请选择申请事项：{'、'.join(RequestKind.labels)}", field="kind")
    data.reason = (data.reason or "").strip()
    data.destination = (data.destination or "").strip()
    if not data.reason:
        raise ValidationFailed("请填写事由，如 就医、就学、参与诉讼、处理家庭或工作重要事务", field="reason")
    if not data.start_date or not data.end_date:
        raise ValidationFailed("请填写起止日期", field="start_date")
    if data.end_date < data.start_date:
        raise ValidationFailed("结束日期不能早于起始日期", field="end_date")
    if data.end_date > subject.end_date:
        raise ValidationFailed(f"申请期间不能超过矫正期限（至 {subject.end_date:%Y-%m-%d}）", field="end_date")
    applied = data.applied_date or _today()
    if data.kind in (RequestKind.TRAVEL, RequestKind.MOVE, RequestKind.TRANSFER) and not data.destination:
        raise ValidationFailed("请填写目的地或新居住地（到县、市）", field="destination")
    if data.kind == RequestKind.VISITOR and not data.destination:
        raise ValidationFailed("请填写会见对象及其与案件的关系（实施办法：未经批准不得接触被害人、控告人、举报人、同案犯等）",
                               field="destination")
    if data.kind == RequestKind.TRAVEL:
        days = (data.end_date - data.start_date).days + 1
        most = get_int(p.LEAVE_MAX_DAYS)
        if days > most:
            raise ValidationFailed(f"一次外出不能超过{most}日（本次{days}日）；确需更长时间的，请分次申请或报上一级社区矫正机构批准",
                                   field="end_date")
        per_month = get_int(p.LEAVE_PER_MONTH)
        month_first = data.start_date.replace(day=1)
        month_last = months_after(month_first, 1) - dt.timedelta(days=1)
        same_month = subject.requests.filter(kind=RequestKind.TRAVEL, start_date__gte=month_first, start_date__lte=month_last) \
            .exclude(status=RequestStatus.REJECTED).count()
        if same_month >= per_month:
            raise ValidationFailed(f"{data.start_date:%Y年%m月}已有{same_month}次外出申请，每月不超过{per_month}次；"
                                   "确有必要的，请在下月申请或由县级社区矫正机构另行批准", field="start_date")
        window = get_int(p.LEAVE_TWO_MONTH_DAYS)
        first = months_after(data.start_date, -2) + dt.timedelta(days=1)
        already = _leave_days_between(subject, first, data.end_date)
        if already + days > window:
            raise ValidationFailed(f"二个月内累计外出将达{already + days}日，超过{window}日，须报上一级社区矫正机构批准；"
                                   "请缩短外出时间", field="end_date")
    req = SubjectRequest.objects.create(
        org=subject.org, created_by=actor, subject=subject, kind=data.kind, reason=data.reason[:300],
        destination=data.destination[:200], start_date=data.start_date, end_date=data.end_date, applied_date=applied,
    )
    ensure_in_scope(actor=actor, obj=req, action="add")
    audit_record(actor=actor, action="create", obj=req, summary=f"登记{req.get_kind_display()}申请 {subject.person.name}", after=snapshot(req))
    due = max(applied, data.start_date - dt.timedelta(days=1))
    deadline_open(org=subject.org, owner=subject.officer or actor, kind=CLOCK_REQUEST, target=req,
                  title=f"{req.get_kind_display()}申请审批：{subject.person.name}", start_date=applied, due_date=due,
                  link=f"{subject.get_absolute_url()}duties/", basis="社区矫正法 第二十七条：有正当理由的，应当批准")
    return req


def _is_county_actor(actor: Any, org: Any) -> bool:
    """The actor serves at a 司法局 above the office (the county 社区矫正机构 or above)."""
    from accounts.models import Membership
    from orgs.models import Org

    ancestors = [org.path[:n] for n in range(org.steplen, len(org.path), org.steplen)]
    return bool(actor.is_superuser) or Membership.objects.filter(
        user=actor, is_active=True, org__path__in=ancestors, org__kind__in=[Org.Kind.COUNTY_BUREAU, Org.Kind.CITY_BUREAU]).exists()


def request_right(request: SubjectRequest) -> str:
    """The right a decision on ``request`` needs: a request referred to the county 社区矫正机构 is decided by it, an act
    of supervision over the office's case (``supervise``, not narrowed by the role's 办案范围); any other, the change
    right of the office's case."""
    return "supervise" if request.status == RequestStatus.REFERRED else "change"


@transaction.atomic
def request_refer(*, actor: Any, request: SubjectRequest, note: str = "") -> SubjectRequest:
    """报县级社区矫正机构审批: a trip beyond the office's seven days (parameter) or a change of the place of execution."""
    if request.status != RequestStatus.SUBMITTED:
        raise ValidationFailed(f"该申请{request.get_status_display()}，不能再报县级审批")
    ensure_in_scope(actor=actor, obj=request, action="change")
    request.status, request.decision_note = RequestStatus.REFERRED, note.strip()[:300]
    request.save(update_fields=["status", "decision_note", "updated_at"])
    audit_record(actor=actor, action="update", obj=request, summary=f"{request.subject.person.name}的{request.get_kind_display()}申请报县级审批")
    return request


@transaction.atomic
def request_decide(*, actor: Any, request: SubjectRequest, approve: bool, note: str = "", date: dt.date | None = None) -> SubjectRequest:
    """审批: the 司法所 decides a trip of up to seven days, a visitor or a move within its area; the county agency
    decides a longer trip and a change of the place of execution (社区矫正法 第二十七条; 实施办法, UNCONFIRMED)."""
    subject = request.subject
    if request.status not in (RequestStatus.SUBMITTED, RequestStatus.REFERRED):
        raise ValidationFailed(f"该申请{request.get_status_display()}，不能再审批")
    county = _is_county_actor(actor, subject.org)
    office_days = get_int(p.LEAVE_OFFICE_DAYS)
    if not county:
        if request.kind == RequestKind.TRAVEL and request.days > office_days:
            raise ValidationFailed(f"外出{request.days}日，超过{office_days}日的由县级社区矫正机构批准；请点击“报县级审批”")
        if request.kind == RequestKind.TRANSFER:
            raise ValidationFailed("变更执行地由县级社区矫正机构作出决定（社区矫正法 第二十七条第二款）；请点击“报县级审批”")
    if not approve and not note.strip():
        raise ValidationFailed("不予批准的，请写明理由", field="note")
    ensure_in_scope(actor=actor, obj=request, action=request_right(request))
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    request.decided_by, request.decided_date = actor, date or _today()
    request.decision_note = note.strip()[:300]
    request.save(update_fields=["status", "decided_by", "decided_date", "decision_note", "updated_at"])
    deadlines_close_for(target=request, kind=CLOCK_REQUEST)
    audit_record(actor=actor, action="update", obj=request,
                 summary=f"{'批准' if approve else '不予批准'} {subject.person.name} 的{request.get_kind_display()}申请")
    ledger_record(org=subject.org, actor=actor, event_type=EV_REQUEST, target=request, date=request.decided_date,
                  note=f"{subject.person.name} {request.get_kind_display()}")
    if approve and request.kind == RequestKind.TRAVEL:
        # During an approved trip the in-person reports are excused (supervised by phone or video instead).
        subject.obligations.filter(status=ObligationStatus.PENDING, kind=ObligationKind.REPORT, window_start__gte=request.start_date,
                                   due_date__lte=request.end_date).update(status=ObligationStatus.EXCUSED, note="经批准外出期间")
        deadline_open(org=subject.org, owner=subject.officer or actor, kind=CLOCK_RETURN, target=request,
                      title=f"外出返回销假：{subject.person.name}", start_date=request.start_date,
                      due_date=request.end_date + dt.timedelta(days=1), link=f"{subject.get_absolute_url()}duties/",
                      basis="实施办法：外出期满返回后应立即报告（条文号待核）")
    # An approved 变更执行地 counts as a request decided (D06); the change itself is counted when the office hands the
    # subject over to the new place (corrections.transfers.transfer_handover), so it is not counted twice.
    return request


@transaction.atomic
def request_return(*, actor: Any, request: SubjectRequest, date: dt.date) -> SubjectRequest:
    """销假: the subject reported back after an approved trip."""
    if request.kind != RequestKind.TRAVEL or request.status != RequestStatus.APPROVED:
        raise ValidationFailed("只有已批准的外出申请可以销假")
    if not date or date > _today() or date < request.start_date:
        raise ValidationFailed(f"销假日期应在外出起始日（{request.start_date:%Y-%m-%d}）与今天之间", field="date")
    ensure_in_scope(actor=actor, obj=request, action="change")
    request.status, request.returned_date = RequestStatus.RETURNED, date
    request.save(update_fields=["status", "returned_date", "updated_at"])
    deadlines_close_for(target=request, kind=CLOCK_RETURN)
    late = (date - request.end_date).days
    audit_record(actor=actor, action="update", obj=request,
                 summary=f"{request.subject.person.name} 外出返回销假" + (f"（逾期{late}日）" if late > 0 else ""))
    return request


# ------------------------------------------------------------------------------------------------------ 电子定位

MONITORING_MONTHS = 3  # 社区矫正法 第二十九条第二款: 使用电子定位装置的期限不得超过三个月; each renewal likewise.


def _monitoring_term(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationFailed("期满日期不能早于开始日期", field="end_date")
    if end >= months_after(start, MONITORING_MONTHS):
        limit = months_after(start, MONITORING_MONTHS) - dt.timedelta(days=1)
        raise ValidationFailed(f"使用电子定位装置的期限不得超过三个月（社区矫正法 第二十九条），最迟至 {limit:%Y-%m-%d}", field="end_date")


@dataclass
class MonitoringInput:
    trigger: str
    facts: str
    approver: str
    approval_date: dt.date
    start_date: dt.date
    end_date: dt.date
    device: str


@transaction.atomic
def monitoring_start(*, actor: Any, subject: Subject, data: MonitoringInput) -> Monitoring:
    """使用电子定位装置: only in the five cases of 社区矫正法 第二十九条第一款, approved by the head of the county
    司法行政部门, for at most three months; the 警告 of case (三) must be on record."""
    _in_correction(subject)
    if data.trigger not in MonitoringTrigger.values:
        raise ValidationFailed("请选择适用情形：电子定位只能在社区矫正法 第二十九条规定的五种情形下使用", field="trigger")
    for name, label in (("facts", "事实"), ("approver", "批准人（县级司法行政部门负责人）"), ("device", "装置编号")):
        if not str(getattr(data, name) or "").strip():
            raise ValidationFailed(f"请填写{label}", field=name)
    if not data.approval_date or data.approval_date > _today():
        raise ValidationFailed("请填写批准日期，且不能晚于今天", field="approval_date")
    if not data.start_date or data.start_date < data.approval_date:
        raise ValidationFailed("开始日期不能早于批准日期：须经县级司法行政部门负责人批准后使用", field="start_date")
    _monitoring_term(data.start_date, data.end_date)
    if data.trigger == MonitoringTrigger.REFUSED_REPORT and not subject.sanctions.filter(kind=SanctionKind.WARNING).exists():
        raise ValidationFailed("第二十九条第（三）项须以“被给予警告”为前提，该对象没有警告记录；请先登记警告决定或选择其他情形",
                               field="trigger")
    if subject.monitorings.filter(ended_date__isnull=True, end_date__gte=data.start_date).exists():
        raise ValidationFailed("该对象已有正在执行的电子定位，到期需继续使用的请办理延长", field="start_date")
    if Monitoring.objects.filter(device=data.device.strip(), ended_date__isnull=True, end_date__gte=data.start_date).exists():
        raise ValidationFailed(f"装置 {data.device.strip()} 正在其他对象身上使用，请核对装置编号", field="device")
    m = Monitoring.objects.create(org=subject.org, created_by=actor, subject=subject, trigger=data.trigger, facts=data.facts.strip()[:300],
                                  approver=data.approver.strip()[:50], approval_date=data.approval_date, start_date=data.start_date,
                                  end_date=data.end_date, device=data.device.strip()[:50])
    ensure_in_scope(actor=actor, obj=m, action="add")
    _monitoring_opened(m, actor, "使用电子定位装置")
    return m


def _monitoring_opened(m: Monitoring, actor: Any, what: str) -> None:
    subject = m.subject
    audit_record(actor=actor, action="create", obj=m, summary=f"{what} {subject.person.name}（{m.start_date:%Y-%m-%d} 至 {m.end_date:%Y-%m-%d}）",
                 after=snapshot(m))
    ledger_record(org=subject.org, actor=actor, event_type=EV_MONITORING, target=m, date=m.start_date, note=subject.person.name)
    deadline_open(org=subject.org, owner=subject.officer or actor, kind=CLOCK_MONITORING, target=m,
                  title=f"{'电子定位延长期满' if m.renewal_of_id else '电子定位期满'}：{subject.person.name}", start_date=m.start_date,
                  due_date=m.end_date,
                  link=f"{subject.get_absolute_url()}duties/",
                  basis="社区矫正法 第二十九条：期限不得超过三个月，不需要继续使用的应当及时解除；确有必要继续使用的，经批准可延长，每次不超过三个月")


@transaction.atomic
def monitoring_renew(*, actor: Any, monitoring: Monitoring, approver: str, approval_date: dt.date, end_date: dt.date,
                     facts: str) -> Monitoring:
    """延长: still necessary after assessment, approved again, by at most three months each time (第二十九条第二款)."""
    subject = monitoring.subject
    _in_correction(subject)
    if monitoring.ended_date is not None or monitoring.renewals.exists():
        raise ValidationFailed("该次电子定位已解除或已延长，请在最近一次记录上办理")
    if not approver.strip() or not facts.strip():
        raise ValidationFailed("请填写批准人和继续使用的必要性评估情况", field="facts")
    if not approval_date or approval_date > _today() or approval_date > monitoring.end_date:
        raise ValidationFailed(f"延长须在期满（{monitoring.end_date:%Y-%m-%d}）前批准，且批准日期不能晚于今天", field="approval_date")
    start = monitoring.end_date + dt.timedelta(days=1)
    _monitoring_term(start, end_date)
    renewal = Monitoring.objects.create(org=subject.org, created_by=actor, subject=subject, trigger=monitoring.trigger,
                                        facts=facts.strip()[:300], approver=approver.strip()[:50], approval_date=approval_date,
                                        start_date=start, end_date=end_date, device=monitoring.device, renewal_of=monitoring)
    ensure_in_scope(actor=actor, obj=renewal, action="add")
    deadlines_close_for(target=monitoring, kind=CLOCK_MONITORING)
    _monitoring_opened(renewal, actor, "延长电子定位")
    return renewal


@transaction.atomic
def monitoring_end(*, actor: Any, monitoring: Monitoring, date: dt.date, note: str) -> Monitoring:
    """解除电子定位: at the end of the term or as soon as it is no longer needed (第二十九条第二款)."""
    if monitoring.ended_date is not None:
        raise ValidationFailed("该次电子定位已解除")
    if not date or date > _today() or date < monitoring.start_date:
        raise ValidationFailed(f"解除日期应在开始日期（{monitoring.start_date:%Y-%m-%d}）与今天之间", field="date")
    if not note.strip():
        raise ValidationFailed("请填写解除说明，如 期满解除、经评估不需要继续使用", field="note")
    ensure_in_scope(actor=actor, obj=monitoring, action="change")
    monitoring.ended_date, monitoring.end_note = date, note.strip()[:200]
    monitoring.save(update_fields=["ended_date", "end_note", "updated_at"])
    deadlines_close_for(target=monitoring, kind=CLOCK_MONITORING)
    audit_record(actor=actor, action="update", obj=monitoring, summary=f"解除电子定位 {monitoring.subject.person.name}",
                 after={"ended_date": f"{date:%Y-%m-%d}", "end_note": monitoring.end_note})
    return monitoring


def positioning_signature(secret: str, timestamp: str, body: bytes) -> str:
    """The HMAC-SHA256 an alert carries: hex of HMAC(secret, "<timestamp>\\n<body>")."""
    return hmac.new(secret.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


def positioning_verify(*, timestamp: str, signature: str, body: bytes, now: dt.datetime | None = None) -> bool:
    """The alert comes from the positioning system: a signature under the shared secret, sent within five minutes."""
    secret = getattr(settings, "CORRECTIONS_POSITIONING_SECRET", "")
    if not secret or not timestamp or not signature:
        return False
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs((now or timezone.now()).timestamp() - sent) > 300:
        return False
    return hmac.compare_digest(positioning_signature(secret, timestamp, body), signature.strip().lower())


@dataclass
class AlertInput:
    alert_id: str
    device: str
    kind: str
    occurred_at: dt.datetime
    latitude: Any = None
    longitude: Any = None
    detail: str = ""


@transaction.atomic
def location_alert_receive(*, data: AlertInput) -> tuple[LocationAlert, bool]:
    """定位报警 from the positioning system (already authenticated by its signature): matched to the device's running
    电子定位, kept confidential (第二十九条第三款), and the officer told. The same alert sent twice is kept once."""
    existing = LocationAlert.objects.filter(external_id=data.alert_id).first()
    if existing is not None:
        return existing, False
    if data.kind not in AlertKind.values:
        raise ValidationFailed(f"报警类型“{data.kind}”无法识别，应为：{'、'.join(f'{v}（{lbl}）' for v, lbl in AlertKind.choices)}", field="kind")
    day = timezone.localdate(data.occurred_at)
    monitoring = Monitoring.objects.filter(device=data.device, start_date__lte=day, end_date__gte=day) \
        .filter(Q(ended_date__isnull=True) | Q(ended_date__gte=day)).select_related("subject__person", "subject__officer").first()
    if monitoring is None:
        raise ValidationFailed(f"装置 {data.device} 在 {day:%Y-%m-%d} 没有正在执行的电子定位记录，请核对装置编号", field="device")
    subject = monitoring.subject
    alert = LocationAlert.objects.create(
        org=subject.org, subject=subject, monitoring=monitoring, external_id=data.alert_id[:64], kind=data.kind,
        occurred_at=data.occurred_at, latitude=_coordinate(data.latitude, "latitude", 90),
        longitude=_coordinate(data.longitude, "longitude", 180), detail=(data.detail or "")[:300],
    )
    audit_record(actor=None, action="create", obj=alert, summary=f"收到定位报警：{subject.person.name} {alert.get_kind_display()}")
    ledger_record(org=subject.org, actor=None, event_type=EV_ALERT, target=alert, date=day, note=subject.person.name)
    _notify(subject.officer, f"定位报警：{subject.person.name} {alert.get_kind_display()}（{timezone.localtime(data.occurred_at):%m-%d %H:%M}）",
            f"{subject.get_absolute_url()}duties/", level="danger")
    return alert, True


@transaction.atomic
def location_alert_handle(*, actor: Any, alert: LocationAlert, date: dt.date, handling: str) -> LocationAlert:
    """处置报警: what the office did (phone call, visit, notified police)."""
    if alert.handled_date is not None:
        raise ValidationFailed("该报警已处置")
    if not handling.strip():
        raise ValidationFailed("请填写处置情况，如 电话核实、实地查找、通报公安机关", field="handling")
    if not date or date > _today():
        raise ValidationFailed("请填写处置日期，且不能晚于今天", field="date")
    ensure_in_scope(actor=actor, obj=alert, action="change")
    alert.handled_date, alert.handling = date, handling.strip()[:300]
    alert.save(update_fields=["handled_date", "handling", "updated_at"])
    audit_record(actor=actor, action="update", obj=alert, summary=f"处置定位报警 {alert.subject.person.name}",
                 after={"handling": alert.handling})
    return alert


# ----------------------------------------------------------------------------------------------------------- 脱管


@transaction.atomic
def abscond_register(*, actor: Any, subject: Subject, lost_date: dt.date, steps: str) -> Abscond:
    """脱管登记: contact lost; the search starts at once (社区矫正法 第三十条) and its clock runs to the day beyond which
    a 警告 is suggested (parameter, 实施办法 第三十五条 UNCONFIRMED)."""
    _in_correction(subject)
    if not lost_date or lost_date > _today() or lost_date < subject.start_date:
        raise ValidationFailed(f"失去联系日期应在矫正期限起（{subject.start_date:%Y-%m-%d}）与今天之间", field="lost_date")
    if not (steps or "").strip():
        raise ValidationFailed("请填写已采取的查找措施，如 电话联系、走访家属、通报公安机关", field="steps")
    if subject.absconds.filter(found_date__isnull=True).exists():
        raise ValidationFailed("该对象已有尚未查找到的脱管记录，请在该记录上补充查找措施")
    episode = Abscond.objects.create(org=subject.org, created_by=actor, subject=subject, lost_date=lost_date, steps=steps.strip())
    ensure_in_scope(actor=actor, obj=episode, action="add")
    audit_record(actor=actor, action="create", obj=episode, summary=f"登记脱管 {subject.person.name}（{lost_date:%Y-%m-%d} 起）")
    ledger_record(org=subject.org, actor=actor, event_type=EV_ABSCOND, target=episode, date=lost_date, note=subject.person.name)
    deadline_open(org=subject.org, owner=subject.officer or actor, kind=CLOCK_ABSCOND, target=episode,
                  title=f"脱管查找：{subject.person.name}", start_date=lost_date,
                  due_date=lost_date + dt.timedelta(days=get_int(p.ABSCOND_WARNING_DAYS)), link=f"{subject.get_absolute_url()}duties/",
                  basis="社区矫正法 第三十条：社区矫正对象失去联系的，应当立即组织查找")
    _notify(subject.officer, f"{subject.person.name} 失去联系，请立即组织查找", f"{subject.get_absolute_url()}duties/", level="danger")
    return episode


@transaction.atomic
def abscond_step(*, actor: Any, abscond: Abscond, step: str) -> Abscond:
    """补充查找措施 while the subject is still missing."""
    if abscond.found_date is not None:
        raise ValidationFailed("该对象已查找到，不能再补充查找措施")
    if not (step or "").strip():
        raise ValidationFailed("请填写本次查找措施", field="step")
    ensure_in_scope(actor=actor, obj=abscond, action="change")
    abscond.steps = f"{abscond.steps}\n{_today():%Y-%m-%d} {step.strip()}"
    abscond.save(update_fields=["steps", "updated_at"])
    audit_record(actor=actor, action="update", obj=abscond, summary=f"补充脱管查找措施 {abscond.subject.person.name}", after={"step": step.strip()})
    return abscond


@transaction.atomic
def abscond_found(*, actor: Any, abscond: Abscond, found_date: dt.date, result: str) -> Abscond:
    """查找到: the episode ends; its length decides the step suggested (实施办法 第三十四条、第三十五条、第四十六条)."""
    if abscond.found_date is not None:
        raise ValidationFailed("该脱管记录已结束")
    if not found_date or found_date > _today() or found_date < abscond.lost_date:
        raise ValidationFailed(f"查找到日期应在失去联系日期（{abscond.lost_date:%Y-%m-%d}）与今天之间", field="found_date")
    if not (result or "").strip():
        raise ValidationFailed("请填写查找结果和失去联系的原因", field="result")
    ensure_in_scope(actor=actor, obj=abscond, action="change")
    abscond.found_date, abscond.result = found_date, result.strip()[:300]
    abscond.save(update_fields=["found_date", "result", "updated_at"])
    deadlines_close_for(target=abscond, kind=CLOCK_ABSCOND)
    audit_record(actor=actor, action="update", obj=abscond,
                 summary=f"查找到脱管对象 {abscond.subject.person.name}（脱管{abscond.days_on(found_date)}日）")
    ledger_record(org=abscond.org, actor=actor, event_type=EV_FOUND, target=abscond, date=found_date, note=abscond.subject.person.name)
    return abscond


# --------------------------------------------------------------------------------------------------------- 考核奖惩


@dataclass(frozen=True)
class Suggestion:
    """A step the statutory triggers point to; a person decides (社区矫正法 第二十八条)."""

    kind: str
    reason: str
    basis: str

    @property
    def label(self) -> str:
        return SanctionKind(self.kind).label


_REVOKE_KIND = {CorrectionType.PROBATION: SanctionKind.REVOKE_PROBATION, CorrectionType.PAROLE: SanctionKind.REVOKE_PAROLE,
                CorrectionType.TEMPORARY_OUTSIDE: SanctionKind.IMPRISON}
_REVOKE_BASIS = {SanctionKind.REVOKE_PROBATION: "实施办法 第四十六条（条文号待核）；刑法 第七十七条第二款",
                 SanctionKind.REVOKE_PAROLE: "实施办法 第四十七条（条文号待核）；刑法 第八十六条第三款",
                 SanctionKind.IMPRISON: "社区矫正法 第四十九条；实施办法 第四十九条（条文号待核）"}
_CRIME_BASIS = {SanctionKind.REVOKE_PROBATION: "刑法 第七十七条第一款：缓刑考验期限内犯新罪的，应当撤销缓刑；社区矫正法 第四十六条",
                SanctionKind.REVOKE_PAROLE: "刑法 第八十六条第一款：假释考验期限内犯新罪的，应当撤销假释；社区矫正法 第四十六条"}
SEVERITY = [SanctionKind.ADMONITION, SanctionKind.WARNING, SanctionKind.PUBLIC_SECURITY, SanctionKind.REVOKE_PROBATION,
            SanctionKind.REVOKE_PAROLE, SanctionKind.IMPRISON]


def sanction_suggestions(subject: Subject, *, today: dt.date | None = None) -> list[Suggestion]:
    """The steps the records point to, each with the fact and the article: 脱管 ten days or less → 训诫, more → 警告,
    more than a month → 提请撤销缓刑/假释 or 收监执行; repeated missed items → 训诫; two 训诫 → 警告; two 警告 →
    提请撤销 or 收监; a long good record → 表扬. A step already decided after the fact is not suggested again."""
    today = today or _today()
    if subject.status != Status.IN_CORRECTION:
        return []
    sanctions = list(subject.sanctions.all())
    out: list[Suggestion] = []
    revoke = _REVOKE_KIND.get(CorrectionType(subject.correction_type))

    def decided_since(kinds: Iterable[str], day: dt.date) -> bool:
        return any(s.kind in kinds and s.decision_date >= day for s in sanctions)

    # A new crime in the 考验期: 缓刑 and 假释 are revoked (刑法 第七十七条第一款、第八十六条第一款 — "应当撤销"), on
    # the agency's proposal (社区矫正法 第四十六条). A 暂予监外执行 subject's new crime is not itself a ground of 收监
    # (刑事诉讼法 第二百六十八条), so nothing is suggested for it.
    if revoke in _CRIME_BASIS:
        for crime in subject.reoffences.all():
            if crime.nature == ReoffenceNature.CRIME and not decided_since([revoke], crime.discovered_date):
                out.append(Suggestion(revoke, f"{crime.discovered_date:%Y-%m-%d} 发现在考验期限内涉嫌新的犯罪（{crime.authority}处理）",
                                      _CRIME_BASIS[revoke]))
    warn_days, revoke_days = get_int(p.ABSCOND_WARNING_DAYS), get_int(p.ABSCOND_REVOKE_DAYS)
    for episode in subject.absconds.all():
        days = episode.days_on(today)
        still = "至今" if episode.found_date is None else f"至 {episode.found_date:%Y-%m-%d} 查找到"
        fact = f"{episode.lost_date:%Y-%m-%d} 起失去联系{still}，共{days}日"
        if days > revoke_days and revoke and not decided_since([revoke], episode.lost_date):
            out.append(Suggestion(revoke, f"{fact}，超过{revoke_days}日", _REVOKE_BASIS[revoke]))
        elif days > warn_days and not decided_since(SEVERITY[1:], episode.lost_date):
            out.append(Suggestion(SanctionKind.WARNING, f"{fact}，超过{warn_days}日",
                                  "实施办法 第三十五条（条文号待核）；社区矫正法 第二十八条"))
        elif days <= warn_days and episode.found_date is not None and not decided_since(SEVERITY, episode.lost_date):
            out.append(Suggestion(SanctionKind.ADMONITION, f"{fact}，未超过{warn_days}日",
                                  "实施办法 第三十四条（条文号待核）；社区矫正法 第二十八条"))
    since = today - dt.timedelta(days=30)
    missed = subject.obligations.filter(status=ObligationStatus.MISSED, due_date__gte=since).count()
    if missed >= get_int(p.MISSED_ADMONITION) and not decided_since(SEVERITY, since):
        out.append(Suggestion(SanctionKind.ADMONITION, f"近三十日有{missed}项报到、报告或教育活动未按规定履行",
                              "实施办法 第三十四条（条文号待核）；社区矫正法 第二十八条"))
    last_warning = max((s.decision_date for s in sanctions if s.kind == SanctionKind.WARNING), default=None)
    admonitions = [s for s in sanctions if s.kind == SanctionKind.ADMONITION and (last_warning is None or s.decision_date > last_warning)]
    if len(admonitions) >= 2:
        out.append(Suggestion(SanctionKind.WARNING, f"受到{len(admonitions)}次训诫仍未改正", "实施办法 第三十五条（条文号待核）"))
    warnings = [s for s in sanctions if s.kind == SanctionKind.WARNING]
    if len(warnings) >= 2 and revoke and not decided_since([revoke], max(s.decision_date for s in warnings)):
        out.append(Suggestion(revoke, f"受到{len(warnings)}次警告仍未改正", _REVOKE_BASIS[revoke]))
    good = list(subject.reviews.filter(period__contains="-").order_by("-end_date")[:get_int(p.PRAISE_GOOD_REVIEWS)])
    months = get_int(p.PRAISE_MONTHS)
    long_enough = months_after(subject.start_date, months) <= today
    clean = not any(s.kind != SanctionKind.PRAISE and s.decision_date >= months_after(today, -months) for s in sanctions)
    praised = any(s.kind == SanctionKind.PRAISE and s.decision_date >= months_after(today, -months) for s in sanctions)
    if long_enough and clean and not praised and len(good) >= get_int(p.PRAISE_GOOD_REVIEWS) \
            and all(r.result == ReviewResult.GOOD for r in good):
        out.append(Suggestion(SanctionKind.PRAISE, f"矫正已满{months}个月，近{len(good)}个月考核均为合格，无违规记录",
                              "社区矫正法 第二十八条；实施办法 第三十三条（条文号待核）"))
    seen: set[str] = set()
    return [s for s in out if not (s.kind in seen or seen.add(s.kind))]  # type: ignore[func-returns-value]


_KIND_TYPE = {SanctionKind.REVOKE_PROBATION: CorrectionType.PROBATION, SanctionKind.REVOKE_PAROLE: CorrectionType.PAROLE,
              SanctionKind.IMPRISON: CorrectionType.TEMPORARY_OUTSIDE}


@dataclass
class SanctionInput:
    kind: str
    facts: str
    basis: str
    decision_date: dt.date
    suggested: bool = False


@transaction.atomic
def sanction_decide(*, actor: Any, subject: Subject, data: SanctionInput) -> Sanction:
    """考核奖惩决定 (社区矫正法 第二十八条): a person decides 表扬、训诫、警告 or a proposal to the police or the court;
    the decision's document (决定书 or 建议书) is generated and numbered, and the ledger counts it."""
    from documents.services import document_generate

    _in_correction(subject)
    if data.kind not in SanctionKind.values:
        raise ValidationFailed(f"请选择奖惩类别：{'、'.join(SanctionKind.labels)}", field="kind")
    kind = SanctionKind(data.kind)
    required = _KIND_TYPE.get(kind)
    if required and subject.correction_type != required:
        raise ValidationFailed(f"“{kind.label}”只适用于{required.label}的社区矫正对象，{subject.person.name}的矫正类别是"
                               f"{subject.get_correction_type_display()}", field="kind")
    if not (data.facts or "").strip():
        raise ValidationFailed("请写明事实和理由", field="facts")
    if not (data.basis or "").strip():
        raise ValidationFailed("请写明依据的条款，如 社区矫正法 第二十八条", field="basis")
    if not data.decision_date or data.decision_date > _today() or data.decision_date < subject.start_date:
        raise ValidationFailed(f"决定日期应在矫正期限起（{subject.start_date:%Y-%m-%d}）与今天之间", field="decision_date")
    sanction = Sanction.objects.create(org=subject.org, created_by=actor, subject=subject, kind=kind, facts=data.facts.strip(),
                                       basis=data.basis.strip()[:200], decision_date=data.decision_date, suggested=data.suggested,
                                       decided_by=actor)
    ensure_in_scope(actor=actor, obj=sanction, action="add")
    audit_record(actor=actor, action="create", obj=sanction, summary=f"{kind.label} {subject.person.name}", after=snapshot(sanction))
    ledger_record(org=subject.org, actor=actor, event_type=SANCTION_EVENTS[kind], target=sanction, date=data.decision_date,
                  note=subject.person.name)
    document_generate(actor=actor, kind=f"corrections_{kind.value}", target=sanction, org=subject.org)
    return sanction


# ---------------------------------------------------------------------------------------- read by the warning rules


def missed_by_office(first: dt.date, last: dt.date) -> dict[int, list[Obligation]]:
    """Missed obligations due in [first, last] of subjects still in correction, per office (for the 预警 rule)."""
    found: dict[int, list[Obligation]] = {}
    rows = Obligation.objects.filter(status=ObligationStatus.MISSED, due_date__gte=first, due_date__lte=last,
                                     subject__status=Status.IN_CORRECTION).select_related("subject__person").order_by("due_date", "id")
    for o in rows.iterator(chunk_size=2000):
        found.setdefault(o.org_id, []).append(o)
    return found


def absconds_open() -> list[Abscond]:
    """脱管 episodes whose subject has not been found (for the 预警 rule)."""
    return list(Abscond.objects.filter(found_date__isnull=True, subject__status=Status.IN_CORRECTION)
                .select_related("subject__person").order_by("lost_date"))
