"""系统参数 access with typed defaults. A module declares its parameters (key, default, label, basis)
in ``PARAMETERS`` of ``<app>/parameters.py``; the stored value, once an administrator edits it, wins."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import ValidationFailed
from core.models import Parameter


@dataclass(frozen=True)
class ParameterSpec:
    key: str
    default: int
    label: str
    note: str = ""


def get_int(spec: ParameterSpec) -> int:
    from core.cache import cached

    stored = cached("parameters", lambda: dict(Parameter.objects.values_list("key", "value"))).get(spec.key)
    if stored is None:
        return spec.default
    try:
        return int(stored)
    except ValueError:
        raise ValidationFailed(f"系统参数“{spec.label}”的值“{stored}”不是整数，请在 系统管理 → 系统参数 中改正") from None
