"""The 18 figure groups of the 数据驾驶舱, declared once.

A figure is either a sum over ledger entries of some event types (read from the rollups), a live count of records
in a state the ledger does not hold (open clocks, mediators in office, follow-up satisfaction), a rate of two ledger
sums (shown as — with 无分母 when its denominator is zero, never as 0%), or the 千分制 score (out of 1000).
A group whose module is not installed shows 未接入; nothing is ever estimated. A module that comes online adds its
figures here, naming the event types it declares in its ``ledger.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import QuerySet

from core.ledger import EVENT_TYPES, OVERDUE_EVENTS

Period = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Live:
    """Records counted live: ``records(user, period)`` gives the scoped queryset; ``org_path`` reaches the owning
    org's path from it; ``link`` and ``describe`` show one record in the drill-down list."""

    records: Callable[[Any, Period], QuerySet]
    org_path: str
    describe: Callable[[Any], str]
    link: Callable[[Any], str]
    dated: bool = True  # False: a state now, the period does not apply


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str = "件"
    event_types: tuple[str, ...] = ()  # a ledger figure: entries of these types dated in the period
    measure: str = "count"  # count of entries, or the summed "quantity" (amounts, hours …)
    live: Live | None = None
    score: bool = False  # the 千分制 total (an office's; the average of its offices above)
    app: str = ""  # set when the figure needs an app besides its group's
    # A rate in per cent: the ledger entries of ``event_types`` divided by those of ``denominator`` (which includes
    # the numerator's own types when the rate is a share of a whole).
    denominator: tuple[str, ...] = ()
    # What the figure counts, shown as the label's tooltip: it keeps apart figures whose names are alike (an
    # overdue event in the period against a clock overdue now).
    note: str = ""

    @property
    def kind(self) -> str:
        return "score" if self.score else "live" if self.live else "rate" if self.denominator else "ledger"

    @property
    def current(self) -> bool:
        """A state now (open clocks, mediators in office): the chosen period does not change it."""
        return self.live is not None and not self.live.dated


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    app: str  # the module that records this work
    figures: tuple[Figure, ...] = ()
    icon: str = "bi-bar-chart"

    @property
    def connected(self) -> bool:
        return apps.is_installed(self.app) and bool(self.figures)


def figure_connected(group: Group, figure: Figure) -> bool:
    if not group.connected or (figure.app and not apps.is_installed(figure.app)):
        return False
    return all(t in EVENT_TYPES for t in (*figure.event_types, *figure.denominator))


# Live sources (imported lazily: a module that is not installed must not be imported).
def _open_deadlines(state: str) -> Callable[[Any, Period], QuerySet]:
    def records(user: Any, period: Period) -> QuerySet:
        from core.models import Deadline

        return Deadline.objects.visible_to(user, "view").filter(status=Deadline.Status.OPEN, state=state).select_related("org")

    return records


def _mediators(full_time: bool | None) -> Callable[[Any, Period], QuerySet]:
    def records(user: Any, period: Period) -> QuerySet:
        from mediation.models import Mediator

        qs = Mediator.objects.visible_to(user, "view").filter(is_active=True).select_related("person", "org")
        return qs if full_time is None else qs.filter(is_full_time=full_time)

    return records


def _committees(user: Any, period: Period) -> QuerySet:
    from orgs.models import Org

    return Org.objects.visible_to(user, "view").filter(kind=Org.Kind.COMMITTEE, is_active=True)


def _followups(satisfaction: str) -> Callable[[Any, Period], QuerySet]:
    def records(user: Any, period: Period) -> QuerySet:
        from mediation.models import Dispute, FollowUp

        return (
            FollowUp.objects.filter(dispute__in=Dispute.objects.visible_to(user, "view"), date__range=period, satisfaction=satisfaction)
            .select_related("dispute", "dispute__org")
        )

    return records


def _deadline_link(d: Any) -> str:
    return str(d.link or (d.target.get_absolute_url() if d.target is not None and hasattr(d.target, "get_absolute_url") else ""))


DEADLINE_OVERDUE = Live(_open_deadlines("overdue"), "org__path", lambda d: f"{d.title}（到期日 {d.due_date}）", _deadline_link, dated=False)
DEADLINE_SOON = Live(_open_deadlines("due_soon"), "org__path", lambda d: f"{d.title}（到期日 {d.due_date}）", _deadline_link, dated=False)


def _mediator_live(full_time: bool | None) -> Live:
    return Live(_mediators(full_time), "org__path", lambda m: f"{m.person.name}（{m.get_position_display()}）", lambda m: "", dated=False)


def _followup_live(satisfaction: str) -> Live:
    return Live(_followups(satisfaction), "dispute__org__path", lambda f: f"{f.date} 回访 {f.dispute.title}",
                lambda f: f.dispute.get_absolute_url())


COMMITTEES = Live(_committees, "path", lambda o: o.name, lambda o: "", dated=False)


def _in_correction(user: Any, period: Period) -> QuerySet:
    from corrections.models import Subject

    return Subject.objects.visible_to(user, "view").filter(status="in_correction").select_related("person", "org")


# 在矫: a state now, counted on the records (社区矫正法 第二条); 本期接收 is the ledger's intake entries in the period.
IN_CORRECTION = Live(_in_correction, "org__path", lambda s: f"{s.person.name}（{s.get_correction_type_display()}，矫正期至 {s.end_date}）",
                     lambda s: s.get_absolute_url(), dated=False)



def _ended(status: str) -> Callable[[Any, Period], QuerySet]:
    def records(user: Any, period: Period) -> QuerySet:
        from corrections.models import Subject

        return Subject.objects.visible_to(user, "view").filter(status=status, ended_date__range=period).select_related("person", "org")

    return records


def _expected(user: Any, period: Period) -> QuerySet:
    from corrections.models import ExpectedArrival

    return ExpectedArrival.objects.visible_to(user, "view").filter(status="expected").select_related("person", "org")


def _investigated_on_time(user: Any, period: Period) -> QuerySet:
    from django.db.models import F

    from corrections.models import Investigation

    return (Investigation.objects.visible_to(user, "view").filter(opinion_date__range=period, opinion_date__lte=F("due_date"))
            .select_related("person", "org"))


def _subject_end(s: Any) -> str:
    return f"{s.person.name}（{s.get_correction_type_display()}，{s.get_end_reason_display()}，{s.ended_date}）"


# 解除 (社区矫正法 第四十四条) and 终止 (第四十五条) in the period; 待报到 now (第二十一条); 调查评估 issued by the deadline (第十八条).
DISCHARGED = Live(_ended("discharged"), "org__path", _subject_end, lambda s: s.get_absolute_url())
TERMINATED = Live(_ended("terminated"), "org__path", _subject_end, lambda s: s.get_absolute_url())
EXPECTED = Live(_expected, "org__path", lambda a: f"{a.person.name}（应于 {a.due_date} 前报到）", lambda a: a.get_absolute_url(),
                dated=False)
INVESTIGATED_ON_TIME = Live(_investigated_on_time, "org__path",
                            lambda i: f"{i.person.name}（{i.body_name}，{i.opinion_date} 出具，期限 {i.due_date}）",
                            lambda i: i.get_absolute_url())
def _on_register(user: Any, period: Period) -> QuerySet:
    from resettlement.models import Released

    return Released.objects.visible_to(user, "view").filter(status="active").select_related("person", "org")


def _released_in(user: Any, period: Period) -> QuerySet:
    from resettlement.models import Released

    return Released.objects.visible_to(user, "view").filter(release_date__range=period).select_related("person", "org")


# 在册: received (衔接) and within the 帮教期 now; 本期释放: released in the period, received or not (衔接率's base).
ON_REGISTER = Live(_on_register, "org__path", lambda r: f"{r.person.name}（{r.get_risk_level_display()}，帮教期至 {r.period_end}）",
                   lambda r: r.get_absolute_url(), dated=False)
RELEASED_IN = Live(_released_in, "org__path", lambda r: f"{r.person.name}（{r.release_date} 释放，{r.get_status_display()}）",
                   lambda r: r.get_absolute_url())

M = "mediation."
R = "resettlement."
GROUPS: tuple[Group, ...] = (
    Group("disputes", "矛盾纠纷", "mediation", (
        Figure("disputes.registered", "登记纠纷", event_types=(M + "dispute_registered",)),
        Figure("disputes.accepted", "受理纠纷", event_types=(M + "dispute_accepted",)),
        Figure("disputes.grid", "网格上报受理", event_types=(M + "grid_lead_accepted",)),
        Figure("disputes.risk", "防止民转刑", event_types=(M + "risk_reported",)),
        Figure("disputes.overdue", "期内超期未调结", event_types=(M + "overdue",),
               note="统计期间内调解期限届满仍未调结的纠纷（按超期之日计）"),
    ), icon="bi-people-fill"),
    Group("mediation", "人民调解", "mediation", (
        Figure("mediation.sessions", "主持调解", "次", event_types=(M + "session",)),
        Figure("mediation.success", "调解成功", event_types=(M + "agreement_written", M + "agreement_oral")),
        Figure("mediation.failed", "调解不成", event_types=(M + "dispute_failed",)),
        # 调解成功率 = 调解成功 ÷ 调解 (调解成功 + 调解不成), the measure of the 人民调解 statistics.
        Figure("mediation.rate", "调解成功率", "%", event_types=(M + "agreement_written", M + "agreement_oral"),
               denominator=(M + "agreement_written", M + "agreement_oral", M + "dispute_failed"),
               note="调解成功÷（调解成功＋调解不成）；期内没有调结的纠纷时无分母，显示为—"),
        Figure("mediation.amount", "协议金额", "元", event_types=(M + "settled_amount",), measure="quantity"),
        Figure("mediation.followup", "回访", "次", event_types=(M + "followup",)),
        Figure("mediation.confirmation", "引导司法确认", event_types=(M + "confirmation_applied",)),
    ), icon="bi-handshake"),
    Group("consultation", "法律咨询", "consultation", (
        Figure("consultation.recorded", "解答咨询", "人次", event_types=("consultation.recorded",)),
        Figure("consultation.converted", "转为矛盾纠纷", event_types=("consultation.converted_to_dispute",)),
    ), icon="bi-chat-square-text"),
    Group("corrections", "社区矫正", "corrections", (
        Figure("corrections.in_correction", "在矫人数", "人", live=IN_CORRECTION),
        Figure("corrections.received", "本期接收", "人", event_types=("corrections.intake",)),
        Figure("corrections.discharged", "本期解除", "人", live=DISCHARGED),
        Figure("corrections.terminated", "本期终止", "人", live=TERMINATED),
        Figure("corrections.expected", "待报到", "人", live=EXPECTED),
        Figure("corrections.missing", "漏管", "人", event_types=("corrections.absconded",)),
        Figure("corrections.investigations", "完成调查评估", event_types=("investigation.completed",)),
        Figure("corrections.investigations_on_time", "按期完成调查评估", live=INVESTIGATED_ON_TIME),
        Figure("corrections.investigations_overdue", "调查评估超期", event_types=("investigation.overdue",)),
    ), icon="bi-shield-check"),
    Group("resettlement", "安置帮教", "resettlement", (
        Figure("resettlement.on_register", "在册帮教对象", "人", live=ON_REGISTER),
        Figure("resettlement.released", "本期释放", "人", live=RELEASED_IN),
        Figure("resettlement.handover", "本期衔接", "人", event_types=(R + "handover",)),
        Figure("resettlement.visit", "帮教走访", "次", event_types=(R + "visit",)),
        Figure("resettlement.assisted", "安置帮扶", "次", event_types=(R + "assisted",)),
        Figure("resettlement.lost_contact", "失联", "人", event_types=(R + "lost_contact",)),
        Figure("resettlement.reoffended", "重新犯罪", "人", event_types=(R + "reoffended",)),
    ), icon="bi-house-heart"),
    Group("legalaid", "法律援助", "legalaid", (
        Figure("legalaid.received", "接收申请", event_types=("legal_aid.application_received",)),
        Figure("legalaid.forwarded", "转交法律援助机构", event_types=("legal_aid.application_forwarded",)),
    ), icon="bi-life-preserver"),
    Group("review", "行政复议代收", "review", icon="bi-inbox"),
    Group("notary", "公证仲裁代办", "notary", icon="bi-patch-check"),
    Group("publicity", "普法宣传", "publicity", icon="bi-megaphone"),
    Group("literates", "法律明白人", "literates", icon="bi-person-check"),
    Group("advisers", "村居法律顾问", "advisers", icon="bi-briefcase"),
    Group("enforcement", "行政执法监督", "enforcement", icon="bi-clipboard-check"),
    Group("legality", "合法性审查", "legality", icon="bi-file-earmark-check"),
    Group("worklog", "工作日志", "worklog", (
        Figure("worklog.confirmed", "确认日志", "人天", event_types=("worklog.confirmed",)),
        Figure("worklog.manual", "手工填报事项", "项", event_types=("worklog.manual",), measure="quantity"),
    ), icon="bi-journal-check"),
    Group("assessment", "考核得分", "assessment", (
        Figure("assessment.score", "千分制得分", "分", score=True),
    ), icon="bi-trophy"),
    Group("warnings", "预警", "core", (
        Figure("warnings.overdue_events", "期内发生超期", event_types=tuple(sorted(set(OVERDUE_EVENTS.values()))),
               note="统计期间内到期未办结的事项次数（按超期之日计，其后办结的也计入）"),
        Figure("warnings.open_overdue", "当前仍超期", live=DEADLINE_OVERDUE,
               note="此刻已过期限仍未办结的事项，不受统计期间影响"),
        Figure("warnings.open_due_soon", "当前即将到期", live=DEADLINE_SOON,
               note="此刻即将到期、尚未办结的事项，不受统计期间影响"),
    ), icon="bi-exclamation-triangle"),
    Group("team", "队伍建设", "mediation", (
        Figure("team.mediators", "人民调解员", "人", live=_mediator_live(None)),
        Figure("team.full_time", "专职调解员", "人", live=_mediator_live(True)),
        Figure("team.committees", "人民调解委员会", "个", live=COMMITTEES),
    ), icon="bi-person-badge"),
    Group("evaluation", "群众评价", "mediation", (
        Figure("evaluation.satisfied", "回访满意", "次", live=_followup_live("satisfied")),
        Figure("evaluation.basic", "基本满意", "次", live=_followup_live("basic")),
        Figure("evaluation.unsatisfied", "不满意", "次", live=_followup_live("unsatisfied")),
    ), icon="bi-emoji-smile"),
)

FIGURES: dict[str, tuple[Group, Figure]] = {f.key: (g, f) for g in GROUPS for f in g.figures}

# The tiles at the top and the figure the map, ranking and trend show unless the user picks another.
KPI_KEYS = ("disputes.accepted", "mediation.success", "consultation.recorded", "assessment.score",
            "warnings.open_overdue", "evaluation.satisfied")
DEFAULT_FIGURE = "disputes.accepted"
