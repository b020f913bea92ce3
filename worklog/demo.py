"""Demo work logs: the past ten days of each office's staff, most days confirmed (some forgotten)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from core import calendar
from worklog.services import worklog_add_manual, worklog_confirm, worklog_open

SUMMARIES = ["值班接待来访群众", "整理调解卷宗", "参加镇党委会议", "外出走访重点人员"]


def seed(ctx: Any) -> None:
    today = ctx.today
    days = calendar.workdays_in(today - dt.timedelta(days=10), today - dt.timedelta(days=1))
    with ctx.stage("工作日志", len(ctx.offices)) as tick:
        for i, office in enumerate(ctx.offices, start=1):
            with transaction.atomic():
                for user in ctx.office_users.get(office.pk, []):
                    for day in days:
                        if ctx.rng.random() < 0.12:
                            continue  # a forgotten day: the reminders and the completion rate show it
                        log = worklog_open(user=user, day=day)
                        if ctx.rng.random() < 0.3:
                            worklog_add_manual(actor=user, log=log, item_code=ctx.rng.choice(["meeting", "training", "publicity", "visit"]),
                                               description=ctx.rng.choice(SUMMARIES))
                        worklog_confirm(actor=user, log=log, summary=ctx.rng.choice(SUMMARIES))
            tick(i)
