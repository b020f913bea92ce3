"""Demo 千分制 reviews: last month, each county's reviewer scores a few manual items of its first offices with
evidence, deducts for one office's missed work logs, and adjusts one automatic item with a reason, all through
the same services reviewers use; everything else the offices score comes from the ledger the other seeders fill."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.models import Membership
from assessment.periods import month
from assessment.selectors import standard_in_force
from assessment.services import manual_score_record, score_adjust
from core.errors import ValidationFailed

OFFICES_PER_COUNTY = 2
EVIDENCE = {
    "B03": ["实地检查：调委会委员{n}人，其中女性委员{w}人，有推选记录和公示材料", "查阅台账：调委会组成人员名单已报县司法局备案，委员{n}人"],
    "B05": ["实地查看：办公室、调解室、档案室分设，标识标牌规范", "实地查看：调解室已设置，档案柜不足，部分卷宗堆放"],
    "I08": ["查阅记录：本月召开所务会{n}次，集中学习{w}次，有签到表和学习笔记", "查阅记录：本月召开所务会1次，学习记录不完整"],
}


def seed(ctx: Any) -> None:
    try:
        standard, _ = standard_in_force(ctx.today.year)
    except ValidationFailed:  # no published standard: nothing to review
        return
    last = ctx.today.replace(day=1) - dt.timedelta(days=1)
    period = month(last.year, last.month)
    items = {i.code: i for i in standard.items.filter(code__in=[*EVIDENCE, "N07", "B11"])}
    by_county: dict[str, list[Any]] = {}
    for office in ctx.offices:
        by_county.setdefault(office.path[: 2 * office.steplen], []).append(office)
    reviewers = {
        m.org.path: m.user
        for m in Membership.objects.filter(is_active=True, role__code="county_staff", org__path__in=list(by_county))
        .select_related("org", "user").order_by("org__path", "id")
    }
    adjusted = False
    with ctx.stage("千分制人工评分", len(by_county)) as tick:
        for n, (county_path, offices) in enumerate(by_county.items(), 1):
            reviewer = reviewers.get(county_path)
            if reviewer is None:
                continue
            with transaction.atomic():
                for i, office in enumerate(offices[:OFFICES_PER_COUNTY]):
                    for code, texts in EVIDENCE.items():
                        item = items[code]
                        good = ctx.rng.random() < 0.7
                        points = item.max_points if good else (item.max_points * Decimal("0.6")).quantize(Decimal("0.1"))
                        evidence = texts[0 if good else 1].format(n=ctx.rng.randint(3, 7), w=ctx.rng.randint(1, 3))
                        manual_score_record(actor=reviewer, office=office, item=item, start=period.start, end=period.end,
                                            points=points, evidence=evidence)
                    if i == 1:
                        manual_score_record(actor=reviewer, office=office, item=items["N07"], start=period.start,
                                            end=period.end, points=Decimal(2),
                                            evidence="抽查工作日志：本月有2个工作日未确认，经提醒后仍未补填")
                    if not adjusted:
                        score_adjust(actor=reviewer, office=office, item=items["B11"], start=period.start, end=period.end,
                                     delta=Decimal(-2), reason="复核卷宗发现同一纠纷重复登记2次，核减重复部分")
                        adjusted = True
            tick(n)
