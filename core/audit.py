"""Audit events, written inside the caller's transaction (so a rolled-back write leaves no trace)."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.models import AuditEvent

# Fields never copied into before/after snapshots; their masked twin is recorded instead.
_SECRET_FIELDS = {"password", "id_number_encrypted", "id_number_hash", "key_hash"}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Concrete field values of ``obj`` for before/after records, secrets left out."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in _SECRET_FIELDS:
            continue
        data[field.attname] = _plain(getattr(obj, field.attname))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    changed = {k for k in after if before.get(k) != after.get(k)}
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def audit_record(
    *,
    actor: Any,
    action: str,
    summary: str,
    obj: models.Model | None = None,
    org: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    if org is None and obj is not None:
        org = getattr(obj, "org", None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        org=org,
        action=action,
        summary=summary[:200],
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=before,
        after=after,
        ip_address=ip_address,
    )
