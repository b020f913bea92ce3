"""Personal access tokens for API clients. Only a SHA-256 hash of the secret is stored; the short
prefix identifies a token on screen and when revoking it."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import AccessToken, User
from core.audit import audit_record
from core.errors import NotFound, ValidationFailed

DEFAULT_LIFETIME = dt.timedelta(days=90)
MAX_LIFETIME = dt.timedelta(days=365)
TOKEN_SCHEME = "sfs"
# Writing last_used_at on every call would turn each read into a write; a minute is precise enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """The secret is returned once, at issue; afterwards only its hash exists."""

    token: str
    record: AccessToken


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_issue(*, user: User, name: str = "API", lifetime: dt.timedelta = DEFAULT_LIFETIME, ip_address: str | None = None) -> IssuedToken:
    name = (name or "").strip() or "API"
    if len(name) > 100:
        raise ValidationFailed("令牌名称不能超过100个字", field="name")
    if lifetime <= dt.timedelta(0) or lifetime > MAX_LIFETIME:
        raise ValidationFailed("令牌有效期应在1天到365天之间", field="lifetime")
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    record = AccessToken.objects.create(
        user=user, name=name, prefix=prefix, key_hash=token_hash(raw), expires_at=timezone.now() + lifetime
    )
    audit_record(actor=user, action="grant", summary=f"签发 API 访问令牌 {prefix}（{name}）", obj=record, ip_address=ip_address)
    return IssuedToken(token=raw, record=record)


def token_authenticate(raw: str) -> User | None:
    """The active user behind a valid, unexpired, unrevoked token, else ``None``."""
    raw = (raw or "").strip()
    if not raw.startswith(f"{TOKEN_SCHEME}_"):
        return None
    record = AccessToken.objects.select_related("user").filter(key_hash=token_hash(raw), revoked=False).first()
    now = timezone.now()
    if record is None or not record.user.is_active or (record.expires_at is not None and record.expires_at <= now):
        return None
    if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
        AccessToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


@transaction.atomic
def token_revoke(*, actor: User, prefix: str, ip_address: str | None = None) -> AccessToken:
    """Revoke one of the actor's own tokens; another user's token is "not found", never "forbidden"."""
    record = AccessToken.objects.filter(user=actor, prefix=prefix, revoked=False).first()
    if record is None:
        raise NotFound("未找到该访问令牌，或它已被撤销")
    record.revoked = True
    record.save(update_fields=["revoked"])
    audit_record(actor=actor, action="grant", summary=f"撤销 API 访问令牌 {prefix}（{record.name}）", obj=record, ip_address=ip_address)
    return record


def tokens_of(user: Any) -> Any:
    return AccessToken.objects.filter(user=user).order_by("-created_at")
