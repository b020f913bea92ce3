"""Test builders for 分类管理 and the 矫正方案: realistic subjects with their conditions and assessments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.testing import valid_id_number
from corrections import plans
from corrections.models import RiskAssessment, RuleSet, Subject, months_after
from corrections.services import subject_receive
from corrections.tests.factories import data
from people.services import PersonInput

TODAY = dt.date.today()
_seq = iter(range(400, 999, 2))


def answers(level: str = "low", **over: str) -> dict[str, str]:
    """Answers to the default instrument: ``low`` picks each item's first option, ``high`` its last."""
    rule_set = RuleSet.objects.get(active=True)
    pick = 0 if level == "low" else -1
    values = {item.code: str(item.options[pick]["value"]) for item in rule_set.items.all()}
    values.update(over)
    return values


def assess(personas: Any, subject: Subject, level: str = "low", *, on: dt.date | None = None, **over: Any) -> RiskAssessment:
    extra = {k: over.pop(k) for k in ("override_level", "override_reason", "kind") if k in over}
    return plans.assessment_record(actor=personas.owner, subject=subject, data=plans.AssessmentInput(
        answers=answers(level, **over), assessed_on=on or TODAY, **extra))


def receive(personas: Any, name: str, *, birth: str = "19870923", female: bool = False, conditions: dict[str, str] | None = None,
            **over: Any) -> Subject:
    """A subject received by the owner office; ``female`` gives an even 17th digit (GB 11643)."""
    seq = next(_seq)
    number = valid_id_number(birth=birth, seq=f"{seq if female else seq + 1:03d}"[-3:])
    subject = subject_receive(actor=personas.owner, org=personas.office, person=PersonInput(name=name, id_number=number), data=data(**over))
    if conditions:
        plans.conditions_update(actor=personas.owner, subject=subject, values=conditions)
    return subject


def minor(personas: Any) -> Subject:
    """A 17-year-old boy, 缓刑 for theft, at school, family support weak."""
    return receive(personas, "小刚", birth="20090315", crime="盗窃罪", conditions={
        "education": "junior", "employment": "student", "family_support": "weak", "remorse": "good", "psych_test": "normal"})


def drunk_driver(personas: Any) -> Subject:
    """A 40-year-old driver, 拘役缓刑 for 危险驾驶, employed, drinks."""
    effective = TODAY - dt.timedelta(days=5)
    return receive(personas, "赵永刚", crime="危险驾驶罪", end_date=months_after(effective, 4) - dt.timedelta(days=1), conditions={
        "employment": "employed", "family_support": "good", "substance_use": "alcohol", "residence": "stable"})


def ill_outside(personas: Any) -> Subject:
    """暂予监外执行 for a serious illness (保外就医), 非法吸收公众存款."""
    return receive(personas, "钱德福", birth="19620908", correction_type="temporary_outside", crime="非法吸收公众存款罪",
                   conditions={"outside_reason": "illness", "physical_health": "serious", "employment": "unable"})


def drug_parolee(personas: Any) -> Subject:
    """假释, unemployed, with a drug history and a prior record."""
    return receive(personas, "孙海涛", birth="19900417", correction_type="parole", crime="盗窃罪",
                   decision_organ="赤峰市中级人民法院", conditions={
                       "employment": "unemployed", "substance_use": "drugs", "prior_record": "prior", "skill_need": "yes",
                       "family_support": "weak"})


def mother(personas: Any) -> Subject:
    """A woman with young children, 缓刑 for fraud, in hardship."""
    return receive(personas, "李秀梅", birth="19920521", female=True, crime="诈骗罪", conditions={
        "dependants": "young_children", "financial_hardship": "yes", "employment": "farming", "family_support": "good"})
