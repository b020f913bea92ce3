"""The warning engine's registry. A module that owns data declares how to watch it in ``<app>/warnings.py``::

    EVALUATORS = [
        Evaluator(code="subject_not_reported", label="社区矫正对象未按期报到", module="corrections",
                  params=(Param("days", "超过报到期限（日）", 1, minimum=0),), evaluate=subjects_not_reported,
                  advice="逐人核实去向，依法提请警告或治安管理处罚"),
    ]

``evaluate(params, today)`` returns a ``RuleResult``: the period it looked at and one ``Finding`` per office the rule
fires for. Administrators then create ``WarningRule`` rows naming the evaluator, with their thresholds and level;
``supervision.services.warnings_evaluate`` turns findings into ``EarlyWarning`` records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from core.discovery import app_modules


@dataclass(frozen=True)
class Param:
    """A threshold an administrator may set; numbers only (whole or decimal)."""

    key: str
    label: str
    default: int | Decimal
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None


@dataclass(frozen=True)
class Finding:
    """The rule fires for ``org_id``: the facts as they will be printed in the documents, and the figure behind them."""

    org_id: int
    facts: str
    value: Decimal | None = None


@dataclass
class RuleResult:
    """What one run of an evaluator saw: the period (e.g. ``2026-05``) and the offices it fires for. Open warnings of
    the same rule and period without a finding are closed: their condition has cleared."""

    period: str
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Evaluator:
    code: str
    label: str
    module: str
    evaluate: Callable[[dict[str, Any], dt.date], RuleResult]
    params: tuple[Param, ...] = ()
    description: str = ""
    # One sentence of advice the 分析报告 gives when this kind of warning occurs.
    advice: str = ""

    def clean_params(self, raw: Any) -> dict[str, Any]:
        """The stored parameters checked against the declaration, defaults filled in; ValueError with a Chinese message."""
        if raw in (None, ""):
            raw = {}
        if not isinstance(raw, dict):
            raise ValueError('阈值参数须为 JSON 对象，如 {"min_count": 1}')
        known = {p.key: p for p in self.params}
        unknown = sorted(set(raw) - set(known))
        if unknown:
            allowed = "、".join(f"{p.key}（{p.label}）" for p in self.params) or "无"
            raise ValueError(f"参数“{'、'.join(unknown)}”不属于该检测方法，可用参数：{allowed}")
        values: dict[str, Any] = {}
        for p in self.params:
            value = raw.get(p.key, p.default)
            try:
                number = Decimal(str(value))
            except (InvalidOperation, ValueError):
                raise ValueError(f"参数“{p.label}”须为数字，现为“{value}”") from None
            if p.minimum is not None and number < p.minimum:
                raise ValueError(f"参数“{p.label}”不能小于{p.minimum}")
            if p.maximum is not None and number > p.maximum:
                raise ValueError(f"参数“{p.label}”不能大于{p.maximum}")
            values[p.key] = int(number) if isinstance(p.default, int) and number == number.to_integral_value() else number
        return values

    def describe_params(self, raw: Any) -> str:
        try:
            values = self.clean_params(raw)
        except ValueError as exc:
            return f"参数有误：{exc}"
        return "；".join(f"{p.label} {values[p.key]}" for p in self.params)


EVALUATORS: dict[str, Evaluator] = {}


@dataclass(frozen=True)
class Planned:
    """A check the 督办 work needs whose data the platform does not hold yet (its module is not built). A rule may
    name it so the rule set is complete on paper; such a rule is shown as 未接入 and raises no warning — nothing is
    guessed in place of the missing data. The module that later owns the data registers an evaluator of the same
    code, and the rule starts to run."""

    code: str
    label: str
    module: str  # the Chinese name of the module that will own the data


# Every check named so far has its module on the platform (社区矫正's late reporting is in supervision/warnings.py);
# a rule for data of a module still to be built is declared here until that module registers its evaluator.
PLANNED: dict[str, Planned] = {}


def not_connected(code: str) -> Planned | None:
    """The planned check behind ``code`` while no module has registered an evaluator for it."""
    return PLANNED.get(code) if code not in EVALUATORS else None


def register_evaluator(evaluator: Evaluator) -> None:
    existing = EVALUATORS.get(evaluator.code)
    if existing and existing != evaluator:
        raise ValueError(f"warning evaluator {evaluator.code} declared twice with different meanings")
    EVALUATORS[evaluator.code] = evaluator


def register_evaluators_from_apps() -> None:
    for module in app_modules("warnings"):
        for evaluator in getattr(module, "EVALUATORS", ()):
            register_evaluator(evaluator)


class SystemReader:
    """The periodic evaluation reads every office's data: an unrestricted reader for ``visible_to``, not a login."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True

    def has_perm(self, perm: str) -> bool:
        return True


SYSTEM = SystemReader()


def month_key(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of ``day``'s month."""
    start = day.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return start, following - dt.timedelta(days=1)


def previous_month(day: dt.date) -> tuple[dt.date, dt.date]:
    return month_bounds(day.replace(day=1) - dt.timedelta(days=1))
