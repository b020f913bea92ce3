"""The warnings the platform raises over data that is already recorded (赤峰“数字司法所”: 可视化平台能根据大数据分析
结果对相关工作实施智慧预警). Each evaluator reads one module's data through that module's own functions, for every
office at once, in a fixed number of queries; thresholds come from the administrator's ``WarningRule``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min
from django.db.models.functions import Substr

from core.ledger import LAPSING_DEADLINES
from core.models import Deadline
from orgs.models import Org
from supervision.rules import SYSTEM, Evaluator, Finding, Param, RuleResult, month_key, previous_month


def offices_by_path() -> dict[str, Org]:
    """Every active 司法所 keyed by its tree path (offices sit at one depth of the org tree)."""
    return {o.path: o for o in Org.objects.filter(kind=Org.Kind.OFFICE, is_active=True).only("id", "path", "name")}


def offices_on_platform() -> list[Org]:
    """The active 司法所 that have at least one active account: an office nobody has logged in for has recorded
    nothing, and judging its empty ledger would invent a finding (it is 未接入, not failing)."""
    from accounts.models import Membership

    staffed = Membership.objects.filter(is_active=True, user__is_active=True).values("org_id")
    return list(Org.objects.filter(kind=Org.Kind.OFFICE, is_active=True, pk__in=staffed).only("id", "path", "name").order_by("path"))


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _cn_month(start: dt.date) -> str:
    return f"{start.year}年{start.month}月"


# ---------------------------------------------------------------------------------------------------- 超期事项


def deadlines_overdue(params: dict[str, Any], today: dt.date) -> RuleResult:
    """Offices with at least ``min_count`` open clocks past their due date (core deadlines of every module,
    including the clocks of the office's committees). A window for the parties' act that ran out (the 30 days to
    apply for 司法确认, 人民调解法 第三十三条) lapses and is not overdue work, even before the deadline task closes it."""
    result = RuleResult(period=month_key(today))
    offices = offices_by_path()
    if not offices:
        return result
    length = len(next(iter(offices)))
    past_due = Deadline.objects.filter(status=Deadline.Status.OPEN, due_date__lt=today).exclude(kind__in=LAPSING_DEADLINES)
    rows = (
        past_due
        .annotate(office_path=Substr("org__path", 1, length))
        .filter(office_path__in=list(offices))
        .values("office_path")
        .annotate(n=Count("id"), first=Min("due_date"))
    )
    firing = {r["office_path"]: r for r in rows if r["n"] >= params["min_count"]}
    if not firing:
        return result
    examples: dict[str, list[Deadline]] = defaultdict(list)
    overdue = (
        past_due
        .annotate(office_path=Substr("org__path", 1, length))
        .filter(office_path__in=list(firing))
        .only("title", "due_date", "org_id")
        .order_by("due_date", "id")
    )
    for d in overdue.iterator(chunk_size=2000):
        if len(examples[d.office_path]) < 3:  # type: ignore[attr-defined]
            examples[d.office_path].append(d)  # type: ignore[attr-defined]
    for path, row in firing.items():
        listed = "；".join(f"{d.title}（{d.due_date:%Y-%m-%d}到期）" for d in examples[path])
        more = "等" if row["n"] > len(examples[path]) else ""
        result.findings.append(Finding(
            org_id=offices[path].pk, value=Decimal(row["n"]),
            facts=f"截至{_cn_date(today)}，该所有{row['n']}项工作超过期限仍未办结，最早于{_cn_date(row['first'])}到期。"
                  f"主要有：{listed}{more}。",
        ))
    return result


# ---------------------------------------------------------------------------------------------------- 工作日志


def worklogs_missing(params: dict[str, Any], today: dt.date) -> RuleResult:
    """Offices where at least ``min_people`` staff have not confirmed their daily log for ``days`` working days in
    a row (工作日志是“每天一分钟”的数据源头, 漏填即数据断档)."""
    from accounts.models import Membership
    from core import calendar
    from worklog.models import WorkLog
    from worklog.services import missing_days

    result = RuleResult(period=month_key(today))
    days = params["days"]
    workdays = calendar.workdays_in(today - dt.timedelta(days=days * 3 + 14), today - dt.timedelta(days=1))
    if len(workdays) < days:
        return result
    staff = list(
        Membership.objects.filter(is_active=True, user__is_active=True, org__kind=Org.Kind.OFFICE, org__is_active=True,
                                  role__code__in=["office_staff", "office_head"])
        .select_related("user")
        .order_by("org_id", "user_id")
    )
    logged = set(
        WorkLog.objects.filter(user_id__in=[m.user_id for m in staff], date__gte=workdays[0],
                               status__in=[WorkLog.Status.CONFIRMED, WorkLog.Status.REVIEWED])
        .values_list("user_id", "date")
    )
    gaps: dict[int, list[tuple[str, list[dt.date]]]] = defaultdict(list)
    for m in staff:
        gap = missing_days(m.user_id, workdays=workdays, logged=logged)
        if len(gap) >= days:
            gaps[m.org_id].append((str(m.user), gap))
    for org_id, people in gaps.items():
        if len(people) < params["min_people"]:
            continue
        listed = "、".join(f"{name}（{len(gap)}个工作日，自{gap[-1].month}月{gap[-1].day}日起）" for name, gap in people)
        result.findings.append(Finding(
            org_id=org_id, value=Decimal(len(people)),
            facts=f"截至{_cn_date(today)}，该所{len(people)}名工作人员连续{days}个及以上工作日未确认工作日志：{listed}。",
        ))
    return result


# ---------------------------------------------------------------------------------------------------- 调解成功率


def _rates(start: dt.date, end: dt.date, offices: dict[str, Org]) -> dict[int, tuple[int, int]]:
    """office id → (调解数, 调解成功数) from the 人民调解 statistics (the same figures the 调解统计 page shows)."""
    from mediation.statistics import dispute_statistics

    stats = dispute_statistics(SYSTEM, date_from=start, date_to=end, group_by="office")
    return {offices[r.key].pk: (r.values["mediated"], r.values["success"]) for r in stats.rows if r.key in offices}


def mediation_rate_low(params: dict[str, Any], today: dt.date) -> RuleResult:
    """Offices whose 调解成功率 last month fell below ``min_rate`` per cent, or dropped by ``max_drop`` points from the
    month before; months with fewer than ``min_cases`` mediated disputes are not judged (too few to mean anything)."""
    start, end = previous_month(today)
    before_start, before_end = previous_month(start)
    result = RuleResult(period=month_key(start))
    offices = offices_by_path()
    if not offices:
        return result
    now, before = _rates(start, end, offices), _rates(before_start, before_end, offices)
    min_rate, max_drop, min_cases = Decimal(params["min_rate"]), Decimal(params["max_drop"]), params["min_cases"]
    for org_id, (mediated, success) in now.items():
        if mediated < min_cases:
            continue
        rate = (Decimal(success) * 100 / mediated).quantize(Decimal("0.1"))
        reasons = []
        if rate < min_rate:
            reasons.append(f"低于{min_rate:g}%的预警线")
        b_mediated, b_success = before.get(org_id, (0, 0))
        if b_mediated >= min_cases:
            b_rate = (Decimal(b_success) * 100 / b_mediated).quantize(Decimal("0.1"))
            if b_rate - rate >= max_drop:
                reasons.append(f"较上月（{b_rate}%）下降{b_rate - rate}个百分点")
        if reasons:
            result.findings.append(Finding(
                org_id=org_id, value=rate,
                facts=f"{_cn_month(start)}该所调解矛盾纠纷{mediated}件，调解成功{success}件，调解成功率{rate}%，"
                      f"{'，'.join(reasons)}。",
            ))
    return result


# ---------------------------------------------------------------------------------------------------- 千分制得分


def score_low(params: dict[str, Any], today: dt.date) -> RuleResult:
    """Offices whose 千分制 score for last month is below ``min_points`` (scored with the assessment module's engine
    against the standard in force; no published standard, no judgement; offices without accounts are not scored)."""
    from assessment.models import Part, Standard
    from assessment.scoring import score_offices

    start, end = previous_month(today)
    result = RuleResult(period=month_key(start))
    standard = (Standard.objects.filter(status=Standard.Status.PUBLISHED, year__lte=start.year)
                .order_by("-year", "-version").first())
    offices = offices_on_platform()
    if standard is None or not offices:
        return result
    min_points = Decimal(params["min_points"])
    part_max: dict[str, Decimal] = defaultdict(Decimal)
    for item in standard.items.all():
        part_max[item.part] += item.max_points
    for score in score_offices(SYSTEM, standard, offices, start, end):
        if score.total >= min_points:
            continue
        weakest = sorted(
            ((label, score.part_total(code), part_max[code]) for code, label in Part.choices if code != Part.NEGATIVE and part_max[code]),
            key=lambda t: t[1] / t[2],
        )[:2]
        detail = "、".join(f"{label}（得{points:g}分，满分{full:g}分）" for label, points, full in weakest)
        result.findings.append(Finding(
            org_id=score.office.pk, value=score.total,
            facts=f"按《{standard.name}》计分，该所{_cn_month(start)}千分制考核得分{score.total:g}分，低于{min_points:g}分的预警线；"
                  f"失分较多的是{detail}。",
        ))
    return result


# ---------------------------------------------------------------------------------------------------- 安置帮教


def released_out_of_contact(params: dict[str, Any], today: dt.date) -> RuleResult:
    """Offices with at least ``min_count`` 安置帮教 people out of contact for ``days`` days or more (漏管失控,
    考核 item N04). Missed visits are overdue clocks and raise 工作事项超期 with the visit's owner."""
    from resettlement.watch import out_of_contact_by_office

    result = RuleResult(period=month_key(today))
    for org_id, people in out_of_contact_by_office(since=today - dt.timedelta(days=params["days"])).items():
        if len(people) < params["min_count"]:
            continue
        listed = "、".join(f"{r.person.name}（{r.out_of_contact_since:%Y-%m-%d}起）" for r in people[:5])
        result.findings.append(Finding(
            org_id=org_id, value=Decimal(len(people)),
            facts=f"截至{_cn_date(today)}，该所有{len(people)}名安置帮教对象失联{params['days']}日以上：{listed}{'等' if len(people) > 5 else ''}。",
        ))
    return result


EVALUATORS = [
    Evaluator(
        code="deadline_overdue", label="工作事项超期", module="core", evaluate=deadlines_overdue,
        params=(Param("min_count", "超期事项数达到（项）", 1, minimum=1),),
        description="统计各司法所（含所属调委会）已超过期限仍未办结的事项",
        advice="对超期事项逐件分析原因，明确责任人和办结时限，能办结的立即办结",
    ),
    Evaluator(
        code="worklog_missing", label="工作日志漏填", module="worklog", evaluate=worklogs_missing,
        params=(Param("days", "连续未确认日志的工作日数", 3, minimum=1, maximum=30),
                Param("min_people", "漏填人数达到（人）", 1, minimum=1)),
        description="工作人员连续多个工作日未确认工作日志",
        advice="督促工作人员每日确认工作日志，所长每周审阅，保证台账数据及时完整",
    ),
    Evaluator(
        code="mediation_rate", label="调解成功率偏低或下滑", module="mediation", evaluate=mediation_rate_low,
        params=(Param("min_rate", "调解成功率预警线（%）", 80, minimum=0, maximum=100),
                Param("max_drop", "较上月下降（百分点）", 15, minimum=0, maximum=100),
                Param("min_cases", "最少调解件数（件）", 3, minimum=1)),
        description="上月调解成功率低于预警线，或较前一月明显下降",
        advice="对调解不成的案件开展复盘，疑难纠纷及时邀请专家会诊或升级调处，加强调解员培训",
    ),
    Evaluator(
        code="score_low", label="千分制考核得分偏低", module="assessment", evaluate=score_low,
        params=(Param("min_points", "得分预警线（分）", 600, minimum=0, maximum=1000),),
        description="上月千分制考核得分低于预警线",
        advice="对照千分制考核标准逐项查找失分原因，补齐基础性、制度性工作短板",
    ),
    Evaluator(
        code="released_out_of_contact", label="安置帮教对象失联", module="resettlement", evaluate=released_out_of_contact,
        params=(Param("days", "失联日数不少于", 3, minimum=0), Param("min_count", "失联人数不少于", 1, minimum=1)),
        description="安置帮教对象失联达到一定日数（漏管失控）",
        advice="会同公安机关协查，查明去向，落实帮教责任人，防止漏管失控",
    ),
]


# ---------------------------------------------------------------------------------------------------- 社区矫正


def subjects_not_reported(params: dict[str, Any], today: dt.date) -> RuleResult:
    """Offices with people handed over by the decision organ (社区矫正法 第二十条) more than ``days`` days past the last
    day to report (第二十一条), neither received nor marked 漏管, or with subjects moved to them from another place of
    execution who have not reported within the seven days (实施办法 第三十一条) (YJ05)."""
    from corrections.watch import late_arrivals, late_transfers

    result = RuleResult(period=month_key(today))
    before = today - dt.timedelta(days=params["days"])
    arrivals, transfers = late_arrivals(before=before), late_transfers(before=before)
    for org_id in sorted(set(arrivals) | set(transfers)):
        rows, moved = arrivals.get(org_id, []), transfers.get(org_id, [])
        parts = []
        if rows:
            listed = "、".join(f"{r.person.name}（应于{_cn_date(r.due_date)}前报到）" for r in rows[:5])
            parts.append(f"{len(rows)}名交付的社区矫正对象超过报到期限仍未报到：{listed}{'等' if len(rows) > 5 else ''}"
                         "（社区矫正法 第二十一条）")
        if moved:
            listed = "、".join(f"{t.subject.person.name}（应于{_cn_date(t.report_due_date)}前报到）" for t in moved[:5])
            parts.append(f"{len(moved)}名变更执行地移交本所的社区矫正对象超过七日报到期限仍未报到：{listed}{'等' if len(moved) > 5 else ''}"
                         "（实施办法 第三十一条）")
        result.findings.append(Finding(
            org_id=org_id, value=Decimal(len(rows) + len(moved)),
            facts=f"截至{_cn_date(today)}，该所有" + "；另有".join(parts) + "。应立即核查去向，防止漏管；变更执行地的，及时通报原执行地。"))
    return result


def investigations_overdue(params: dict[str, Any], today: dt.date) -> RuleResult:
    """Offices with at least ``min_count`` 调查评估 still investigating within ``days_before`` working days of their
    (extended) last day or past it: the warning before the deadline and the overdue one (实施办法 第十四条)."""
    from core import calendar
    from corrections.watch import investigations_due

    result = RuleResult(period=month_key(today))
    by = calendar.add_working_days(today, params["days_before"]) if params["days_before"] else today - dt.timedelta(days=1)
    for org_id, items in investigations_due(by=by).items():
        if len(items) < params["min_count"]:
            continue
        overdue = sum(1 for i in items if i.due_date < today)
        listed = "、".join(f"{i.person.name}（{i.body_name}委托，{_cn_date(i.due_date)}到期）" for i in items[:5])
        result.findings.append(Finding(
            org_id=org_id, value=Decimal(len(items)),
            facts=f"截至{_cn_date(today)}，该所有{len(items)}件调查评估即将到期或已超期（其中超期{overdue}件）：{listed}。"
                  "确实不能按期完成的，应与委托机关协商延期（实施办法 第十四条）。"))
    return result


EVALUATORS += [
    Evaluator(code="subject_not_reported", label="社区矫正对象未按期报到", module="corrections", evaluate=subjects_not_reported,
              params=(Param("days", "超过报到期限（日）", 0, minimum=0, maximum=30),),
              description="收到交付通知的社区矫正对象超过报到期限仍未报到",
              advice="逐人核实去向，协调公安机关查找，依法认定漏管并报告县级社区矫正机构和人民检察院"),
    Evaluator(code="investigation_overdue", label="调查评估即将到期或超期", module="corrections", evaluate=investigations_overdue,
              params=(Param("days_before", "到期前提醒（工作日）", 2, minimum=0, maximum=10),
                      Param("min_count", "件数达到（件）", 1, minimum=1)),
              description="调查评估在期限届满前仍未出具意见书",
              advice="抓紧走访核实、出具调查评估意见书；确需延期的与委托机关协商并记录"),
]

# 社区矫正 日常监管 (supervision/warnings_corrections.py).
from supervision.warnings_corrections import CORRECTIONS_EVALUATORS  # noqa: E402

EVALUATORS += CORRECTIONS_EVALUATORS
# ---------------------------------------------------------------------------------------------------- 法律援助审查超期


def _centre_overdue(params: dict[str, Any], today: dt.date, *, kinds: tuple[str, ...], what: str) -> RuleResult:
    """法律援助机构 with at least ``min_count`` clocks of ``kinds`` past due, each named with the person who answers for
    it; ``what`` says what is late."""
    from legalaid.watch import overdue_by_centre

    result = RuleResult(period=month_key(today))
    for org_id, clocks in overdue_by_centre(today=today, kinds=kinds).items():
        if len(clocks) < params["min_count"]:
            continue
        listed = "；".join(f"{d.title}（{d.due_date:%Y-%m-%d}到期，责任人{d.owner.display_name if d.owner else '未指定'}）"
                          for d in clocks[:5])
        result.findings.append(Finding(
            org_id=org_id, value=Decimal(len(clocks)),
            facts=f"截至{_cn_date(today)}，该机构有{len(clocks)}件{what}：{listed}{'等' if len(clocks) > 5 else ''}。",
        ))
    return result


def legal_aid_overdue(params: dict[str, Any], today: dt.date) -> RuleResult:
    """法律援助机构 with a decision past its seven days (法律援助法 第四十三条) or an assignment past its three days
    (第三十六条、第四十三条), each named with the person who answers for it."""
    from legalaid.watch import CENTRE_CLOCKS

    return _centre_overdue(params, today, kinds=CENTRE_CLOCKS, what="法律援助申请超过法定期限仍未决定或指派")


EVALUATORS.append(Evaluator(
    code="legal_aid_overdue", label="法律援助审查指派超期", module="legalaid", evaluate=legal_aid_overdue,
    params=(Param("min_count", "超期件数达到（件）", 1, minimum=1),),
    description="法律援助机构收到申请七日内未作出决定，或决定给予、收到通知后三日内未指派（法律援助法 第三十六条、第四十三条）",
    advice="逐件查明原因，当日作出决定或指派；需补充材料的应一次性告知申请人",
))

# ---------------------------------------------------------------------------------------------------- 矫正方案未审批


def plans_not_approved(params: dict[str, Any], today: dt.date) -> RuleResult:
    """Offices with subjects in correction who reported more than ``days`` days ago and still have no approved 矫正方案
    (社区矫正法 第二十四条: 制定有针对性的矫正方案; the time limit is local practice, set by the administrator)."""
    from corrections.plans import subjects_without_plan

    result = RuleResult(period=month_key(today))
    days = int(params["days"])
    for org_id, names in subjects_without_plan(days=days, today=today).items():
        listed = "、".join(names[:5]) + ("等" if len(names) > 5 else "")
        result.findings.append(Finding(
            org_id=org_id, value=Decimal(len(names)),
            facts=f"截至{_cn_date(today)}，该所有{len(names)}名社区矫正对象报到已超过{days}日仍无审批的矫正方案：{listed}。",
        ))
    return result


EVALUATORS.append(Evaluator(
    code="plan_not_approved", label="矫正方案未及时审批", module="corrections", evaluate=plans_not_approved,
    params=(Param("days", "报到后应审批矫正方案的天数（日）", 30, minimum=1, maximum=180),),
    description="在矫对象报到超过规定天数仍没有审批的矫正方案（社区矫正法 第二十四条）",
    advice="逐人完成风险需求评估，一键生成矫正方案草稿，审核后及时审批",
))

# ---------------------------------------------------------------------------------------------------- 法律援助超期未结案


def legal_aid_closing_overdue(params: dict[str, Any], today: dt.date) -> RuleResult:
    """法律援助机构 with aid cases whose matter ended but whose 结案报告 and materials (法律援助法 第五十条) are past the
    closing period (``LEGALAID_CLOSING_DAYS``), each named with the person who answers for it."""
    from legalaid.watch import CLOSING_CLOCKS

    return _centre_overdue(params, today, kinds=CLOSING_CLOCKS, what="法律援助案件办结后超期未提交结案报告和材料")


EVALUATORS.append(Evaluator(
    code="legal_aid_closing_overdue", label="法律援助案件超期未结案", module="legalaid", evaluate=legal_aid_closing_overdue,
    params=(Param("min_count", "超期件数达到（件）", 1, minimum=1),),
    description="法律援助事项办结后超过结案期限仍未提交结案报告和材料（法律援助法 第五十条）",
    advice="督促承办人员提交结案报告、法律文书副本等材料，逐件结案",
))
