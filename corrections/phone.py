"""The subject's own side of 社区矫正 (社区矫正对象手机端), shared by the phone page (/corrections/m/) and its JSON API
(/api/v1/corrections/me/…): asking for the one-time code with a per-address cap, the access token an app receives
after the ID number and the code were checked, and the subject's own reads (today's duties, the schedule, the
records). The writes — check-in (社区矫正法 第二十三条、第二十六条) and written report — are those of
``corrections.duties``.

A subject's token is not a staff member's personal access token: it opens the subject's own routes only, lapses after
``IDLE_MINUTES`` without use (the phone page's session does the same) and after ``MAX_HOURS`` at the latest, and
signing out revokes it. Only its SHA-256 hash is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.audit import audit_record
from core.errors import ValidationFailed
from corrections import duties
from corrections.choices import Status
from corrections.choices_duties import CHECKIN_KINDS, REPORT_KINDS, ObligationStatus, RequestStatus
from corrections.models import CheckIn, Obligation, Subject, SubjectRequest, SubjectToken

IDLE_MINUTES = 30
MAX_HOURS = 12
CODE_REQUESTS_PER_HOUR = 10  # per address, on top of the three codes an hour per subject (duties.CODES_PER_HOUR)
TOKEN_SCHEME = "sjz"
# Sliding the idle limit on every call would turn each read into a write; a minute is precise enough.
SLIDE_RESOLUTION = dt.timedelta(minutes=1)


def code_request(*, id_number: str, ip_address: str | None) -> str:
    """Send the login code, at most ``CODE_REQUESTS_PER_HOUR`` requests an hour from one address (whatever the number,
    so the page cannot be used to try numbers in bulk)."""
    key = f"corrections-code:{ip_address or '-'}"
    if cache.get(key, 0) >= CODE_REQUESTS_PER_HOUR:
        raise ValidationFailed("本机获取验证码过于频繁，请一小时后再试", field="id_number")
    cache.set(key, cache.get(key, 0) + 1, 3600)
    return duties.login_code_send(id_number=id_number)


@dataclass(frozen=True)
class IssuedPhoneToken:
    token: str
    record: SubjectToken


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_login(*, id_number: str, code: str) -> IssuedPhoneToken:
    """Check the code (``duties.login_code_verify``: five wrong tries spend it) and issue the subject's token."""
    subject = duties.login_code_verify(id_number=id_number, code=code)
    now = timezone.now()
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    record = SubjectToken.objects.create(subject=subject, prefix=prefix, key_hash=_hash(raw),
                                         idle_until=now + dt.timedelta(minutes=IDLE_MINUTES),
                                         expires_at=now + dt.timedelta(hours=MAX_HOURS))
    audit_record(actor=None, action="grant", obj=subject, summary=f"社区矫正对象 {subject.person.name} 手机端接口登录（令牌 {prefix}）")
    return IssuedPhoneToken(token=raw, record=record)


def is_phone_token(raw: str) -> bool:
    return (raw or "").strip().startswith(f"{TOKEN_SCHEME}_")


def token_subject(raw: str) -> tuple[Subject, SubjectToken] | None:
    """The subject behind a valid token (still in correction), sliding its idle limit; None otherwise."""
    raw = (raw or "").strip()
    if not is_phone_token(raw):
        return None
    record = SubjectToken.objects.select_related("subject__person", "subject__org").filter(key_hash=_hash(raw), revoked_at__isnull=True).first()
    now = timezone.now()
    if record is None or record.idle_until <= now or record.expires_at <= now or record.subject.status != Status.IN_CORRECTION:
        return None
    slid = min(now + dt.timedelta(minutes=IDLE_MINUTES), record.expires_at)
    if slid - record.idle_until >= SLIDE_RESOLUTION:
        SubjectToken.objects.filter(pk=record.pk).update(idle_until=slid)
        record.idle_until = slid
    return record.subject, record


def token_revoke(record: SubjectToken) -> None:
    """退出登录: the token stops working at once."""
    SubjectToken.objects.filter(pk=record.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


# ------------------------------------------------------------------------------------------- the subject's reads


def schedule(subject: Subject, *, today: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None) -> QuerySet[Obligation]:
    """The subject's obligations: by default those due from a week ago to a month ahead (what the phone page shows),
    excused ones left out."""
    start = date_from or today - dt.timedelta(days=7)
    end = date_to or today + dt.timedelta(days=31)
    if end < start:
        raise ValidationFailed("结束日期不能早于开始日期", field="date_to")
    if (end - start).days > 400:
        raise ValidationFailed("一次最多查询四百日内的事项，请缩短日期范围", field="date_to")
    return subject.obligations.filter(due_date__gte=start, window_start__lte=end).exclude(status=ObligationStatus.EXCUSED) \
        .order_by("due_date", "id")


def own_obligation(subject: Subject, uuid: Any) -> Obligation | None:
    """One of the subject's own obligations; another subject's is not found (the same answer as a missing one)."""
    return subject.obligations.filter(uuid=uuid).first()


def own_records(subject: Subject) -> QuerySet[CheckIn]:
    return subject.checkins.select_related("obligation").order_by("-at", "-id")


def own_record(subject: Subject, uuid: Any) -> CheckIn | None:
    return subject.checkins.select_related("obligation").filter(uuid=uuid).first()


def approved_trips(subject: Subject, *, today: dt.date) -> QuerySet[SubjectRequest]:
    return subject.requests.filter(status=RequestStatus.APPROVED, end_date__gte=today).order_by("start_date", "id")


@dataclass(frozen=True)
class Today:
    """What the subject has to do today and next: the check-in window open today (if any), the written report due
    (if any), the items whose window includes today, and the next check-in and report windows after today."""

    checkin_due: Obligation | None
    report_due: Obligation | None
    items: list[Obligation]
    next_checkin: Obligation | None
    next_report: Obligation | None


def today_view(subject: Subject, *, today: dt.date) -> Today:
    pending = subject.obligations.filter(status=ObligationStatus.PENDING)
    return Today(
        checkin_due=duties.current_obligation(subject, CHECKIN_KINDS, today),
        report_due=duties.current_obligation(subject, REPORT_KINDS, today),
        items=list(pending.filter(window_start__lte=today, due_date__gte=today).order_by("due_date", "id")),
        next_checkin=pending.filter(kind__in=CHECKIN_KINDS, window_start__gt=today).order_by("window_start", "id").first(),
        next_report=pending.filter(kind__in=REPORT_KINDS, window_start__gt=today).order_by("window_start", "id").first(),
    )
