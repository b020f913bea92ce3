"""Warnings over the daily supervision of 社区矫正 (corrections/duties.py): items the subjects missed (报到、报告、
教育学习 not done in their window) and subjects out of contact (脱管, 社区矫正法 第三十条: 立即组织查找)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from corrections.duties import absconds_open, missed_by_office
from supervision.rules import Evaluator, Finding, Param, RuleResult, month_key


def corrections_missed(params: dict[str, Any], today: dt.date) -> RuleResult:
    """Offices whose subjects missed at least ``min_count`` items in the last ``days`` days."""
    result = RuleResult(period=month_key(today))
    first = today - dt.timedelta(days=params["days"])
    for org_id, items in missed_by_office(first, today).items():
        if len(items) < params["min_count"]:
            continue
        people = sorted({o.subject.person.name for o in items})
        listed = "；".join(f"{o.subject.person.name} {o.title}（{o.due_date:%m月%d日}截止）" for o in items[:3])
        result.findings.append(Finding(org_id=org_id, value=Decimal(len(items)), facts=(
            f"近{params['days']}日，该所{len(people)}名社区矫正对象共有{len(items)}项报到、报告或教育活动未按期履行。"
            f"主要有：{listed}{'等' if len(items) > 3 else ''}。")))
    return result


def corrections_abscond(params: dict[str, Any], today: dt.date) -> RuleResult:
    """Offices with a subject out of contact for at least ``days`` days and not yet found."""
    result = RuleResult(period=month_key(today))
    by_office: dict[int, list[str]] = {}
    for episode in absconds_open():
        days = episode.days_on(today)
        if days >= params["days"]:
            by_office.setdefault(episode.org_id, []).append(f"{episode.subject.person.name}（{episode.lost_date:%m月%d日}起，{days}日）")
    for org_id, names in by_office.items():
        result.findings.append(Finding(org_id=org_id, value=Decimal(len(names)), facts=(
            f"该所有{len(names)}名社区矫正对象失去联系尚未查找到：{'、'.join(names)}。依照社区矫正法第三十条，应当立即组织查找，"
            "并通报公安机关协助。")))
    return result


CORRECTIONS_EVALUATORS = [
    Evaluator(code="corrections_missed", label="社区矫正对象未按期履行", module="corrections", evaluate=corrections_missed,
              params=(Param("days", "统计最近天数（日）", 30, minimum=1, maximum=92), Param("min_count", "未履行事项达到（项）", 3, minimum=1)),
              description="社区矫正对象未按期报到、报告或参加教育学习、公益活动",
              advice="逐人查明未履行原因，督促补正；经教育仍不改正的，依法给予训诫、警告"),
    Evaluator(code="corrections_abscond", label="社区矫正对象脱管", module="corrections", evaluate=corrections_abscond,
              params=(Param("days", "失去联系达到（日）", 1, minimum=1),),
              description="社区矫正对象失去联系尚未查找到",
              advice="立即组织查找，通报公安机关；查找到后按脱管时间依法给予训诫、警告或提请撤销"),
]
