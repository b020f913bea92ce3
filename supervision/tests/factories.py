"""Test builders for 预警督办 on top of the shared personas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from supervision.models import EarlyWarning, SupervisionItem, WarningRule
from supervision.services import IssueInput, item_issue

FACTS = "截至今日，该所有2项工作超过期限仍未办结，最早于2026年4月30日到期。"


def warning(personas: Any, *, rule_code: str = "YJ01", org: Any = None, period: str = "2026-05", facts: str = FACTS) -> EarlyWarning:
    """A warning as the evaluation would raise it (rules come from the data migration)."""
    today = timezone.localdate()
    rule = WarningRule.objects.get(code=rule_code)
    return EarlyWarning.objects.create(org=org or personas.office, rule=rule, level=rule.level, period=period, facts=facts,
                                       detected_on=today, last_seen_on=today, owner=personas.head)


def issue_data(**kw: Any) -> IssueInput:
    values: dict[str, Any] = {
        "doc_kind": "supervision_letter", "title": "西屯街道司法所工作事项超期", "facts": FACTS,
        "requirements": "逐件分析超期原因，限期办结。\n明确责任人。", "due_date": timezone.localdate() + dt.timedelta(days=15),
    }
    values.update(kw)
    return IssueInput(**values)


def item(personas: Any, *, source: EarlyWarning | None = None, **kw: Any) -> SupervisionItem:
    source = source or warning(personas)
    return item_issue(actor=personas.supervisor, office=source.org, warning=source, data=issue_data(**kw))
