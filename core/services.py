"""Helpers every module's services use: scope re-checks after writes."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from core.errors import ScopeViolation


def ensure_in_scope(*, actor: Any, obj: Model, action: str = "change") -> None:
    """Raise (and so roll back the surrounding transaction) if ``obj`` is no longer inside the
    actor's data scope for ``action`` after a write, e.g. after moving it to another org."""
    manager = type(obj)._default_manager
    if not manager.visible_to(actor, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise ScopeViolation("保存后该记录将不在您的数据权限范围内，操作已撤销；请选择您有权管理的单位")
