"""The ten supervision documents (赤峰“数字司法所”: 自动生成“一表一报告两函三单三书”十种文书), registered with the
documents engine. The 函、单、书 of a 督办事项 are numbered in the issuing bureau's 文号 series and kept with the office
they are sent to; the 整改反馈单 is the office's own reply; 统计表、分析报告 and 考核结果通知书 come from a 统计报告."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from documents.registry import DocumentKind
from documents.rendering import BLANK, Picture
from supervision.choices import Level, WarningStatus

VERSION = "2026.1"
ISSUE_PERM = "supervision.issue_supervisionitem"
RECTIFY_PERM = "supervision.rectify_supervisionitem"


def chinese_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _contact(actor: Any) -> str:
    name = getattr(actor, "full_name", "") or str(actor)
    phone = getattr(actor, "phone", "")
    return f"{name} {phone}".strip()


def _head_name(office: Any) -> str:
    from supervision.services import office_head

    head = office_head(office)
    return (head.full_name or head.username) if head else BLANK


# ------------------------------------------------------------------------------------------------------ 两函、两书


@dataclass(frozen=True)
class LetterContext:
    """函 and 通知书: addressed to the office, signed by the bureau."""

    number: str
    recipient: str
    paragraphs: list[str]
    issuer: str
    issued_on: str
    contact: str
    closing: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)


def _letter(item: Any, number: str, issued_on: dt.date, actor: Any, body: list[str]) -> LetterContext:
    return LetterContext(number=number, recipient=f"{item.org.name}：", paragraphs=body, issuer=item.issuing_org.name,
                         issued_on=chinese_date(issued_on), contact=_contact(actor))


def tip_letter(item: Any, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> LetterContext:
    """提示函: an early, gentle notice — look into it yourselves and report back."""
    issuer, due = item.issuing_org.name, chinese_date(item.due_date)
    return _letter(item, number, issued_on, actor, [
        f"经{issuer}通过数字司法所平台监测，发现你所存在以下情况，现予提示：", *_lines(item.facts),
        "请你所对照以上情况认真自查，并按以下要求做好工作：", *_lines(item.requirements),
        f"请于{due}前将自查和整改情况通过数字司法所平台反馈{issuer}。",
    ])


def supervision_letter(item: Any, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> LetterContext:
    """督办函: the bureau requires the problem to be solved by a date and reported with evidence."""
    issuer, due = item.issuing_org.name, chinese_date(item.due_date)
    return _letter(item, number, issued_on, actor, [
        f"经{issuer}通过数字司法所平台监测，你所存在以下问题：", *_lines(item.facts),
        "为推动问题及时解决，现予督办。请你所高度重视，按照以下要求抓好整改：", *_lines(item.requirements),
        f"请于{due}前将整改情况及佐证材料通过数字司法所平台报送{issuer}。逾期未报送或整改不到位的，将视情予以通报、约谈。",
    ])


def rectification_notice(item: Any, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> LetterContext:
    """整改通知书: a formal order to rectify by a date; the bureau verifies and closes (销号) it."""
    issuer, due = item.issuing_org.name, chinese_date(item.due_date)
    return _letter(item, number, issued_on, actor, [
        "经核查，你所存在以下问题：", *_lines(item.facts),
        "现通知你所限期整改，具体要求如下：", *_lines(item.requirements),
        f"整改期限：{due}前。请于期限届满前将整改报告及佐证材料报送{issuer}，{issuer}将组织核查，整改到位后予以销号。",
    ])


def interview_notice(item: Any, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> LetterContext:
    """约谈通知书: the office head is summoned, with time and place, to explain and present a plan."""
    issuer, due = item.issuing_org.name, chinese_date(item.due_date)
    return _letter(item, number, issued_on, actor, [
        f"经{issuer}通过数字司法所平台监测，你所存在以下问题：", *_lines(item.facts),
        "经研究，决定对你所负责人进行约谈。现将有关事项通知如下：",
        f"一、约谈时间：{item.meeting_time}", f"二、约谈地点：{item.meeting_place}",
        f"三、约谈对象：{item.org.name}所长{_head_name(item.org)}",
        "四、请提前准备书面说明，内容包括问题产生的原因、已采取的措施和下一步整改计划，重点说明以下事项：",
        *_lines(item.requirements),
        f"约谈后，请于{due}前将整改情况报送{issuer}。",
    ])


# ------------------------------------------------------------------------------------------------------ 三单


@dataclass(frozen=True)
class ProblemListContext:
    number: str
    office: str
    due_date: str
    issuer: str
    issued_on: str
    rows: list[dict[str, str]]


def problem_list(item: Any, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> ProblemListContext:
    """问题清单: this item's problem first, then every other open warning of the office, one row each."""
    from supervision.models import EarlyWarning

    rows = [{"category": item.warning.rule.name if item.warning else "督办事项", "facts": item.facts,
             "level": item.warning.get_level_display() if item.warning else "—", "requirement": item.requirements}]
    others = (EarlyWarning.objects.filter(org=item.org, status=WarningStatus.OPEN).exclude(pk=item.warning_id)
              .select_related("rule").order_by("level", "-detected_on"))
    advice = _advice()
    for w in others:
        rows.append({"category": w.rule.name, "facts": w.facts, "level": w.get_level_display(),
                     "requirement": advice.get(w.rule.evaluator, "立即核查整改")})
    for index, row in enumerate(rows, start=1):
        row["seq"] = str(index)
    return ProblemListContext(number=number, office=item.org.name, due_date=chinese_date(item.due_date), issuer=item.issuing_org.name,
                              issued_on=chinese_date(issued_on), rows=rows)


@dataclass(frozen=True)
class AssignContext:
    number: str
    title: str
    issuer: str
    office: str
    issued_on: str
    due_date: str
    facts: str
    requirements: str
    contact: str
    source: str


def assignment_sheet(item: Any, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> AssignContext:
    """交办单: a task handed to the office with its facts, requirements and time limit."""
    return AssignContext(number=number, title=item.title, issuer=item.issuing_org.name, office=item.org.name,
                         issued_on=chinese_date(issued_on), due_date=chinese_date(item.due_date), facts=item.facts,
                         requirements=item.requirements, contact=_contact(actor),
                         source=f"{item.warning.rule.name}（{item.warning.period}）" if item.warning else "—")


@dataclass(frozen=True)
class FeedbackContext:
    number: str
    title: str
    item_number: str
    issuer_name: str
    office: str
    due_date: str
    facts: str
    feedback: str
    attachments: str
    submitter: str
    submitted_on: str
    review: str
    issued_on: str


def feedback_sheet(item: Any, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> FeedbackContext:
    """整改反馈单: the office's reply, printed from its latest 整改反馈 (and the bureau's verdict once given)."""
    feedback = item.latest_feedback
    review = ""
    if feedback.verdict:
        review = f"{feedback.get_verdict_display()}。{feedback.review_note}".strip()
    return FeedbackContext(
        number=number, title=item.title, item_number=item.number, issuer_name=item.issuing_org.name, office=item.org.name,
        due_date=chinese_date(item.due_date), facts=item.facts, feedback=feedback.text,
        attachments="、".join(a.name for a in feedback.attachments.all()) or "未上传附件",
        submitter=str(feedback.submitted_by or ""), submitted_on=chinese_date(timezone.localtime(feedback.created_at).date()), review=review,
        issued_on=chinese_date(issued_on),
    )


# ------------------------------------------------------------------------------------------------------ 一表、一报告、考核结果通知书


def _period_text(report: Any) -> str:
    return f"{chinese_date(report.period_start)}至{chinese_date(report.period_end)}"


def _num(value: int) -> str:
    return str(value)


@dataclass(frozen=True)
class StatisticsContext:
    number: str
    org: str
    period: str
    rows: list[dict[str, str]]
    total: dict[str, str]
    issuer: str
    contact: str
    issued_on: str


def _row(f: Any) -> dict[str, str]:
    return {"name": f.org.name, "events": _num(f.events), "accepted": _num(f.accepted), "success": _num(f.success), "rate": f.rate_text,
            "worklog_days": _num(f.worklog_days), "overdue": _num(f.overdue), "warnings": _num(f.warnings), "red": _num(f.red),
            "issued": _num(f.items), "items_verified": _num(f.items_verified)}


def statistics_table(report: Any, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> StatisticsContext:
    """统计表: one row per office of the report's org, summed from the ledger."""
    from supervision.statistics import period_figures

    figures = period_figures(actor, report.org, report.period_start, report.period_end)
    return StatisticsContext(number=number, org=report.org.name, period=_period_text(report), rows=[_row(r) for r in figures.rows],
                             total=_row(figures.total), issuer=report.issuing_org.name, contact=_contact(actor),
                             issued_on=chinese_date(issued_on))


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str]


@dataclass(frozen=True)
class ReportContext:
    number: str
    title: str
    sections: list[Section]
    chart_events: str | Picture
    chart_rate: str | Picture
    chart_warnings: str | Picture
    chart_note: str
    issuer: str
    issued_on: str


def _advice() -> dict[str, str]:
    from supervision.rules import EVALUATORS

    return {code: e.advice for code, e in EVALUATORS.items() if e.advice}


def _change(now: int, before: int) -> str:
    if not before:
        return "上一同期无可比数据"
    pct = (Decimal(now - before) * 100 / before).quantize(Decimal("0.1"))
    return f"较上一同期{'增长' if pct >= 0 else '下降'}{abs(pct)}%"


def _rate_line() -> Decimal:
    from supervision.models import WarningRule

    rule = WarningRule.objects.filter(evaluator="mediation_rate", enabled=True).order_by("sort_order").first()
    return Decimal(str((rule.params or {}).get("min_rate", 80))) if rule else Decimal(80)


def analysis_report(report: Any, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> ReportContext:
    """分析报告: written from the figures — overview with the comparison to the previous period of the same length,
    the offices that lead and lag, warnings and 督办, the problems found and advice per kind of warning — with charts."""
    from supervision import charts
    from supervision.statistics import events_total, period_figures

    start, end = report.period_start, report.period_end
    figures = period_figures(actor, report.org, start, end)
    days = (end - start).days + 1
    before = events_total(actor, report.org, start - dt.timedelta(days=days), start - dt.timedelta(days=1))
    t, rows = figures.total, figures.rows
    line = _rate_line()
    overview = [
        f"{_period_text(report)}，{report.org.name}{'所辖' + str(len(rows)) + '个司法所' if len(rows) > 1 else ''}通过数字司法所平台"
        f"共记录工作台账{t.events}件，{_change(t.events, before)}。",
        f"受理矛盾纠纷{t.accepted}件，调解{t.mediated}件，调解成功{t.success}件，调解成功率{t.rate_text}；"
        f"工作人员确认工作日志{t.worklog_days}人天；期内超期未办结事项{t.overdue}项。",
    ]
    offices = []
    if len(rows) > 1:
        ranked = sorted(rows, key=lambda r: -r.events)
        offices.append("台账事项较多的是" + "、".join(f"{r.org.name}（{r.events}件）" for r in ranked[:3]) + "；较少的是"
                       + "、".join(f"{r.org.name}（{r.events}件）" for r in ranked[-3:][::-1]) + "。")
    low = [r for r in rows if r.rate is not None and r.rate < line]
    if low:
        offices.append(f"调解成功率低于{line:g}%的有" + "、".join(f"{r.org.name}（{r.rate_text}）" for r in low) + "。")
    idle = [r for r in rows if r.worklog_days == 0]
    if idle:
        offices.append("期内没有确认工作日志的有" + "、".join(r.org.name for r in idle[:10]) + ("等" if len(idle) > 10 else "") + "。")
    if not offices:
        offices.append("各司法所工作开展总体均衡。")
    levels = figures.warnings_by_level
    warn = [f"期内平台共产生预警{t.warnings}条，其中红色{levels.get(Level.RED, 0)}条、橙色{levels.get(Level.ORANGE, 0)}条、"
            f"黄色{levels.get(Level.YELLOW, 0)}条。"]
    if figures.warnings_by_rule:
        warn.append("按类别：" + "；".join(f"{name}{count}条" for _, name, count in figures.warnings_by_rule) + "。")
    warn.append(f"期内下发督办事项{t.items}件，已核查销号{t.items_verified}件；目前尚未销号{figures.items_open}件，"
                f"其中超过整改期限未反馈{figures.items_overdue}件。")
    problems = [f"{r.org.name}：期内预警{r.warnings}条（红色{r.red}条）。"
                for r in sorted(rows, key=lambda r: (-r.red, -r.warnings)) if r.warnings][:10]
    if not problems:
        problems = ["期内未发现需要督办的突出问题。"]
    advice = _advice()
    suggestions = [f"针对{name}：{advice[code]}。" for code, name, _ in figures.warnings_by_rule if code in advice]
    suggestions.append("持续落实“每天一分钟”工作日志制度，以台账数据支撑统计、考核和预警，做到一次填报、多元采集。")
    sections = [
        Section("一、总体情况", overview), Section("二、各司法所工作情况", offices), Section("三、预警和督办情况", warn),
        Section("四、存在的主要问题", problems), Section("五、下一步工作建议", suggestions),
    ]
    note, pictures = "", dict[str, str | Picture](events="", rate="", warnings="")
    try:
        shown = sorted(rows, key=lambda r: -r.events)[:20]
        pictures["events"] = Picture(charts.bar_chart(title="各司法所工作台账事项数", labels=[r.org.name for r in shown],
                                                      values=[r.events for r in shown], unit="件"))
        rated = [r for r in rows if r.rate is not None][:20]
        if rated:
            pictures["rate"] = Picture(charts.bar_chart(title="各司法所调解成功率", labels=[r.org.name for r in rated],
                                                        values=[float(r.rate or 0) for r in rated], unit="%", line=float(line),
                                                        line_label=f"预警线{line:g}%"))
        if t.warnings:
            present = [(label, levels.get(code, 0), color) for code, label, color in
                       ((Level.RED, "红色", "#C0392B"), (Level.ORANGE, "橙色", "#E67E22"), (Level.YELLOW, "黄色", "#F1C40F"))
                       if levels.get(code)]
            pictures["warnings"] = Picture(charts.pie_chart(title="预警等级分布", labels=[p[0] for p in present],
                                                            values=[p[1] for p in present], colors=[p[2] for p in present]), width_mm=110)
    except charts.ChartsUnavailable as exc:
        note, pictures = f"（{exc}。）", {"events": "", "rate": "", "warnings": ""}
    title = f"{report.org.name}{_period_text(report)}司法所工作分析报告"
    return ReportContext(number=number, title=title, sections=sections, chart_events=pictures["events"], chart_rate=pictures["rate"],
                         chart_warnings=pictures["warnings"], chart_note=note, issuer=report.issuing_org.name,
                         issued_on=chinese_date(issued_on))


def assessment_notice(report: Any, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> LetterContext:
    """考核结果通知书: the office's 千分制 score for the period, part by part, and its rank among the bureau's offices."""
    from assessment.models import Part
    from assessment.scoring import score_offices
    from orgs.models import Org
    from supervision.rules import SYSTEM

    office, start, end = report.org, report.period_start, report.period_end
    standard = _standard(end)
    assert standard is not None  # checked by _assessment_missing before a number is issued
    peers = list(Org.objects.filter(kind=Org.Kind.OFFICE, is_active=True, path__startswith=report.issuing_org.path).order_by("path"))
    # Official results: scored over the whole ledger, so the rank is the same whoever prints the notice.
    scores = score_offices(SYSTEM, standard, peers, start, end)
    ranked = sorted(scores, key=lambda s: -s.total)
    mine = next(s for s in scores if s.office.pk == office.pk)
    rank = 1 + sum(1 for s in ranked if s.total > mine.total)
    full: dict[str, Decimal] = {}
    for item in standard.items.all():
        full[item.part] = full.get(item.part, Decimal(0)) + item.max_points
    rows = [{"part": label, "full": f"{full.get(code, 0):g}" if code != Part.NEGATIVE else f"-{full.get(code, 0):g}",
             "points": f"{mine.part_total(code):g}"} for code, label in Part.choices]
    issuer = report.issuing_org.name
    return LetterContext(
        number=number, recipient=f"{office.name}：", issuer=issuer, issued_on=chinese_date(issued_on), contact=_contact(actor),
        paragraphs=[f"根据《{standard.name}》，{issuer}依据数字司法所平台工作台账和评分记录，对你所{_period_text(report)}的工作进行了考核。"
                    f"你所得分{mine.total:g}分，在{issuer}所辖{len(peers)}个司法所中排名第{rank}位。各部分得分如下："],
        rows=rows,
        closing=["请你所对照考核结果，逐项查找失分原因，制定改进措施，持续提升司法所规范化建设水平。",
                 "对考核结果有异议的，可自收到本通知书之日起5个工作日内向" + issuer + "提出复核申请，并附相关佐证材料。"],
    )


def _standard(end: dt.date) -> Any:
    from assessment.models import Standard

    return Standard.objects.filter(status=Standard.Status.PUBLISHED, year__lte=end.year).order_by("-year", "-version").first()


# What a record still lacks for a document (shown instead of the button, and refused before a number is issued).


def _open_missing(item: Any, part: Any = None) -> str:
    """A 销号 item is closed: a new 提示函 or 督办函 would push an office to act on work already verified."""
    from supervision.choices import ItemStatus

    if item.status == ItemStatus.VERIFIED:
        return "该督办事项已核查销号，不能再下发新的督办文书；如发现新问题，请从预警重新下发督办"
    return ""


def _interview_missing(item: Any, part: Any = None) -> str:
    closed = _open_missing(item)
    if closed or (item.meeting_time and item.meeting_place):
        return closed
    return "约谈通知书须写明约谈时间和地点，请在下发督办时填写"


def _feedback_missing(item: Any, part: Any = None) -> str:
    return "" if item.feedbacks.all() else "该督办事项还没有报送整改反馈，请先在督办事项页面“报送整改反馈”"


def _assessment_missing(report: Any, part: Any = None) -> str:
    from orgs.models import Org

    if report.org.kind != Org.Kind.OFFICE:
        return "考核结果通知书只能发给司法所，请为司法所新建统计报告后再生成"
    if _standard(report.period_end) is None:
        return f"{report.period_end.year}年度及以前没有已发布的考核标准，不能生成考核结果通知书"
    return ""


def _item_issuer(item: Any) -> Any:
    return item.issuing_org


def _item_office(item: Any) -> Any:
    return item.org


def _report_issuer(report: Any) -> Any:
    return report.issuing_org


_ITEM = "supervision.SupervisionItem"
_REPORT = "supervision.PeriodReport"


def _kind(code: str, label: str, builder: Any, model: str, *, issuer: Any, perm: str = ISSUE_PERM, missing: Any = None) -> DocumentKind:
    return DocumentKind(code=code, label=label, template_path=f"supervision/doc_templates/{code}.docx", version=VERSION,
                        number_kind=code, context_builder=builder, model=model, issuer=issuer, perm=perm, missing=missing)


DOCUMENT_KINDS = [
    _kind("supervision_tip", "提示函", tip_letter, _ITEM, issuer=_item_issuer, missing=_open_missing),
    _kind("supervision_letter", "督办函", supervision_letter, _ITEM, issuer=_item_issuer, missing=_open_missing),
    _kind("supervision_problems", "问题清单", problem_list, _ITEM, issuer=_item_issuer, missing=_open_missing),
    _kind("supervision_assign", "交办单", assignment_sheet, _ITEM, issuer=_item_issuer, missing=_open_missing),
    _kind("supervision_rectify", "整改通知书", rectification_notice, _ITEM, issuer=_item_issuer, missing=_open_missing),
    _kind("supervision_interview", "约谈通知书", interview_notice, _ITEM, issuer=_item_issuer, missing=_interview_missing),
    _kind("supervision_feedback", "整改反馈单", feedback_sheet, _ITEM, issuer=_item_office, perm=RECTIFY_PERM, missing=_feedback_missing),
    _kind("supervision_stats", "统计表", statistics_table, _REPORT, issuer=_report_issuer, perm=""),
    _kind("supervision_report", "分析报告", analysis_report, _REPORT, issuer=_report_issuer, perm=""),
    _kind("supervision_assess", "考核结果通知书", assessment_notice, _REPORT, issuer=_report_issuer, missing=_assessment_missing),
]
