"""Demo 预警督办: the warning rules run once over what the other modules seeded (so every warning stands on real
records), then in each county the bureau's staff member 督办s the first office with a warning: one 督办函 that the
office has received and answered (待核查, for the county to verify) and, when the office has a second warning, one
整改通知书 still waiting to be received; and last month's 统计报告 of the county and of that office. Everything
goes through the same services the pages use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accounts.models import Membership
from core import calendar
from supervision.choices import IssueDocument, WarningStatus
from supervision.models import EarlyWarning
from supervision.rules import EVALUATORS
from supervision.services import IssueInput, item_issue, item_receive, item_rectify, report_create, warnings_evaluate

FEEDBACK = ("收到督办后，所长召集全所人员逐项对照检查：{facts}现已逐件明确责任人和办结时限，"
            "能当即办结的已办结并补录台账，其余事项列入所务会跟踪，每周通报进度。")


def _issue(*, actor: Any, warning: EarlyWarning, doc_kind: str, today: Any) -> Any:
    evaluator = EVALUATORS.get(warning.rule.evaluator)
    advice = evaluator.advice if evaluator and evaluator.advice else "立即核查，逐项整改"
    return item_issue(actor=actor, office=warning.org, warning=warning, data=IssueInput(
        doc_kind=doc_kind, title=f"{warning.org.name}{warning.rule.name}（{warning.period}）", facts=warning.facts,
        requirements=f"{advice}。\n整改完成后通过数字司法所平台报送整改情况及佐证材料。",
        due_date=calendar.add_working_days(today, 10),
    ))


def seed(ctx: Any) -> None:
    report = warnings_evaluate(today=ctx.today)
    created = sum(r.get("created", 0) for r in report.values())
    ctx.out(f"  预警规则检测：新增预警 {created} 条")
    office_ids = [o.pk for o in ctx.offices]
    counties = {o.path[: 2 * o.steplen] for o in ctx.offices}
    memberships = list(Membership.objects.filter(
        is_active=True, role__code="county_staff", org__path__in=list(counties)).select_related("org", "user").order_by("-org__path", "-id"))
    staff = {m.org.path: m.user for m in memberships}  # the first staff member of each county (the last one written wins)
    county_orgs = {m.org.path: m.org for m in memberships}
    heads = {m.org_id: m.user for m in Membership.objects.filter(
        is_active=True, role__code="office_head", org_id__in=office_ids).select_related("user").order_by("id")}
    open_warnings: dict[int, list[EarlyWarning]] = {}
    for w in (EarlyWarning.objects.filter(org_id__in=office_ids, status=WarningStatus.OPEN)
              .select_related("org", "rule").order_by("org__path", "rule__sort_order")):
        open_warnings.setdefault(w.org_id, []).append(w)
    with ctx.stage("督办事项", len(counties)) as tick:
        for n, county_path in enumerate(sorted(counties), 1):
            issuer = staff.get(county_path)
            office = next((o for o in ctx.offices if o.path.startswith(county_path) and o.pk in open_warnings and o.pk in heads), None)
            if issuer is None or office is None:
                continue
            first, *more = open_warnings[office.pk]
            item = _issue(actor=issuer, warning=first, doc_kind=IssueDocument.LETTER, today=ctx.today)
            head = heads[office.pk]
            item_receive(actor=head, item=item)
            item_rectify(actor=head, item=item, text=FEEDBACK.format(facts=first.facts))
            if more:
                _issue(actor=issuer, warning=more[0], doc_kind=IssueDocument.RECTIFY, today=ctx.today)
            # Last month's 统计报告 of the county and of the office 督办ed, from which 一表一报告 are generated.
            month_end = ctx.today.replace(day=1) - dt.timedelta(days=1)
            for org in (county_orgs[county_path], office):
                report_create(actor=issuer, org=org, start=month_end.replace(day=1), end=month_end)
            tick(n)
