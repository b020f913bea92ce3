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
from django.db.models import F, QuerySet

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
    # The module's own list filtered the same way (it can be exported to Excel), for ``(org, period)``; "" when its
    # filters cannot say exactly what the figure counts.
    list_url: Callable[[Any, Period], str] | None = None


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
    # A rate in per cent of two other figures of the board (numerator key, denominator key), e.g. live counts of
    # check-ins done and due; like a ledger rate it is never averaged and shows — with 无分母 when the denominator is 0.
    rate_of: tuple[str, str] | tuple[()] = ()
    # A rate of records in per cent: the records of ``live`` (the numerator, which the drill-down lists) divided by
    # those of ``live_of`` (its base); — with 无分母 when the base is empty.
    live_of: Live | None = None

    @property
    def kind(self) -> str:
        if self.score:
            return "score"
        if self.live:
            return "live_rate" if self.live_of else "live"
        return "rate" if self.denominator or self.rate_of else "ledger"

    @property
    def is_rate(self) -> bool:
        return self.kind in ("rate", "live_rate")

    @property
    def current(self) -> bool:
        """A state now (open clocks, mediators in office): the chosen period does not change it."""
        return self.live is not None and not self.live.dated


SCREEN_FIGURES = 3


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    app: str  # the module that records this work
    figures: tuple[Figure, ...] = ()
    icon: str = "bi-bar-chart"
    # The figures the 大屏 shows, one row of three: the wall screen has room for every module's headline, and the
    # board (one click away) shows them all. Empty: the first three.
    screen: tuple[str, ...] = ()

    @property
    def screen_keys(self) -> tuple[str, ...]:
        return self.screen or tuple(f.key for f in self.figures[:SCREEN_FIGURES])

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
# --- 社区矫正: management levels, check-ins, 脱管 and 电子定位 -----------------------------------------------------
# Level codes of the default 分类管理 (corrections/data/levels.json; names are editable, the codes stay).
LEVEL_FIGURES = (("strict", "严管"), ("normal", "普管"), ("lenient", "宽管"))


def _at_level(code: str) -> Callable[[Any, Period], QuerySet]:
    """在矫 subjects whose current management level (the latest 等级确定或调整) is ``code``; "" for those not yet graded."""

    def records(user: Any, period: Period) -> QuerySet:
        from django.db.models import OuterRef, Subquery

        from corrections.models import GradeChange, Subject

        latest = GradeChange.objects.filter(subject=OuterRef("pk")).order_by("-effective_date", "-id").values("level__code")[:1]
        qs = Subject.objects.visible_to(user, "view").filter(status="in_correction").alias(current_level=Subquery(latest))
        qs = qs.filter(current_level=code) if code else qs.filter(current_level__isnull=True)
        return qs.select_related("person", "org")

    return records


def _list_url(name: str, org: Any, **params: str) -> str:
    """A module list page with filters; an office's own records are picked by its name (the lists filter 司法所 by
    name), a bureau's are those of its whole area, which is the viewer's scope there."""
    from urllib.parse import urlencode

    from django.urls import reverse

    if org.kind == "office":
        params["org"] = org.name
    return f"{reverse(name)}?{urlencode(params)}"


def _level_live(code: str) -> Live:
    return Live(_at_level(code), "org__path", lambda s: f"{s.person.name}（{s.get_correction_type_display()}，矫正期至 {s.end_date}）",
                lambda s: f"{s.get_absolute_url()}grading/", dated=False,
                list_url=lambda org, period: _list_url("corrections:subject_list", org, status="in_correction", level=code or "none"))


def _level_changes(user: Any, period: Period) -> QuerySet:
    from corrections.models import GradeChange

    return (GradeChange.objects.visible_to(user, "view").filter(effective_date__range=period, previous__isnull=False)
            .exclude(previous=F("level")).select_related("subject__person", "org", "level", "previous"))


LEVEL_CHANGES = Live(_level_changes, "org__path",
                     lambda g: f"{g.subject.person.name}：{g.previous.name}→{g.level.name}（{g.effective_date}，{g.get_source_display()}）",
                     lambda g: f"{g.subject.get_absolute_url()}grading/",
                     list_url=lambda org, period: _list_url("corrections:grade_list", org, date_from=f"{period[0]}", date_to=f"{period[1]}"))


def _checkins(done: bool) -> Callable[[Any, Period], QuerySet]:
    """报到 and 信息化核查 (the subject's check-ins, 社区矫正法 第二十三条、第二十六条) due in the period: those whose
    window has closed or that were done (a window still open today is not yet due); excused ones are not owed."""

    def records(user: Any, period: Period) -> QuerySet:
        from django.db.models import Q
        from django.utils import timezone

        from corrections.choices_duties import CHECKIN_KINDS
        from corrections.models import Obligation

        qs = (Obligation.objects.visible_to(user, "view").filter(kind__in=CHECKIN_KINDS, due_date__range=period)
              .exclude(status="excused").filter(Q(due_date__lt=timezone.localdate()) | Q(status="done")))
        return (qs.filter(status="done") if done else qs).select_related("subject__person", "org")

    return records


def _obligation_text(o: Any) -> str:
    return f"{o.subject.person.name}：{o.title}（{o.window_start} 至 {o.due_date}，{o.get_status_display()}）"


CHECKINS_DUE = Live(_checkins(False), "org__path", _obligation_text, lambda o: f"{o.subject.get_absolute_url()}duties/")
CHECKINS_DONE = Live(_checkins(True), "org__path", _obligation_text, lambda o: f"{o.subject.get_absolute_url()}duties/")


def _absconded(user: Any, period: Period) -> QuerySet:
    from corrections.models import Abscond

    return (Abscond.objects.visible_to(user, "view").filter(found_date__isnull=True, subject__status="in_correction")
            .select_related("subject__person", "org"))


# 脱管 now: contact lost and not yet found (社区矫正法 第三十条).
ABSCONDED = Live(_absconded, "org__path", lambda a: f"{a.subject.person.name}（{a.lost_date} 起失去联系）",
                 lambda a: f"{a.subject.get_absolute_url()}duties/", dated=False,
                 list_url=lambda org, period: _list_url("corrections:abscond_list", org, open="true"))


def _monitored(user: Any, period: Period) -> QuerySet:
    """Subjects wearing an electronic location device on some day of the period (社区矫正法 第二十九条): a term (or a
    renewal) that began by the period's end and had not ended or been lifted before its start."""
    from django.db.models import Q

    from corrections.models import Monitoring, Subject

    start, end = period
    terms = Monitoring.objects.filter(start_date__lte=end, end_date__gte=start).filter(Q(ended_date__isnull=True) | Q(ended_date__gte=start))
    return Subject.objects.visible_to(user, "view").filter(pk__in=terms.values("subject_id")).select_related("person", "org")


MONITORED = Live(_monitored, "org__path", lambda s: f"{s.person.name}（{s.get_correction_type_display()}）",
                 lambda s: f"{s.get_absolute_url()}duties/")


def _out_of_area(user: Any, period: Period) -> QuerySet:
    from corrections.models import LocationAlert

    return (LocationAlert.objects.visible_to(user, "view").filter(kind="out_of_area", occurred_at__date__range=period)
            .select_related("subject__person", "org"))


# 越界报警 received from the positioning system in the period; the coordinates stay on the subject's page (第二十九条第三款).
def _alert_text(a: Any) -> str:
    from django.utils import timezone

    handled = "已处置" if a.handled_date else "未处置"
    return f"{a.subject.person.name}：{a.get_kind_display()}（{timezone.localtime(a.occurred_at):%Y-%m-%d %H:%M}，{handled}）"


OUT_OF_AREA = Live(_out_of_area, "org__path", _alert_text, lambda a: f"{a.subject.get_absolute_url()}duties/")


def _legal_aid_in_time(user: Any, period: Period) -> QuerySet:
    """法律援助 decisions in the period made within the seven days (法律援助法 第四十三条; the days the applicant spent
    supplying materials do not count, see legalaid.centre)."""
    from django.db.models import F

    from legalaid.models import Review

    return (Review.objects.visible_to(user, "view").filter(decision_date__range=period, decision_date__lte=F("decision_due"))
            .select_related("application__applicant", "org"))


LEGAL_AID_IN_TIME = Live(_legal_aid_in_time, "org__path",
                         lambda r: f"{r.application.applicant.name}（{r.received_date} 收到，{r.decision_date} {r.get_status_display()}）",
                         lambda r: r.get_absolute_url())


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


def _connected_in(user: Any, period: Period) -> QuerySet:
    return _released_in(user, period).filter(returned_date__isnull=False, returned_date__lte=period[1])


def _key_released_in(user: Any, period: Period) -> QuerySet:
    return _released_in(user, period).filter(key_subject=True)


def _key_collected_in(user: Any, period: Period) -> QuerySet:
    # 必接必送 (综治委〔1999〕5号): a 重点帮教对象 is collected at the prison gate by the local side.
    return _connected_in(user, period).filter(key_subject=True, handover_method="collected")


def _placed(user: Any, period: Period) -> QuerySet:
    return _on_register(user, period).filter(placed=True)


def _supported(user: Any, period: Period) -> QuerySet:
    # 已落实帮教: a 帮教小组 is set up for the person (帮教措施落实).
    return _on_register(user, period).filter(group__isnull=False).distinct()


def _reoffended_in(user: Any, period: Period) -> QuerySet:
    from resettlement.models import Released

    return (Released.objects.visible_to(user, "view").filter(end_reason="reoffended", ended_date__range=period)
            .select_related("person", "org"))


# The numerators of the 安置帮教 rates (formulas are standard usage, not nationally fixed: research §5.4).
CONNECTED_IN = Live(_connected_in, "org__path", lambda r: f"{r.person.name}（{r.release_date} 释放，{r.returned_date} 衔接）",
                    lambda r: r.get_absolute_url())
KEY_RELEASED_IN = Live(_key_released_in, "org__path",
                       lambda r: f"{r.person.name}（重点帮教对象，{r.release_date} 释放，{r.get_status_display()}）",
                       lambda r: r.get_absolute_url())
KEY_COLLECTED_IN = Live(_key_collected_in, "org__path",
                        lambda r: f"{r.person.name}（重点帮教对象，{r.release_date} 释放，{r.returned_date} 接回）",
                        lambda r: r.get_absolute_url())
PLACED = Live(_placed, "org__path", lambda r: f"{r.person.name}（已安置）", lambda r: r.get_absolute_url(), dated=False)
SUPPORTED = Live(_supported, "org__path", lambda r: f"{r.person.name}（帮教小组已组建）", lambda r: r.get_absolute_url(),
                 dated=False)
REOFFENDED_IN = Live(_reoffended_in, "org__path", lambda r: f"{r.person.name}（{r.ended_date} 重新犯罪：{r.reoffence}）",
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
    ), icon="bi-people-fill", screen=("disputes.accepted", "disputes.risk", "disputes.overdue")),
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
    ), icon="bi-handshake", screen=("mediation.success", "mediation.rate", "mediation.amount")),
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
        *(Figure(f"corrections.level_{code}", f"在矫{name}", "人", live=_level_live(code), note=f"当前管理等级为{name}的在矫对象")
          for code, name in LEVEL_FIGURES),
        Figure("corrections.level_none", "在矫未评定等级", "人", live=_level_live(""), note="尚未评估确定管理等级的在矫对象"),
        Figure("corrections.level_changes", "本期等级调整", "人次", live=LEVEL_CHANGES, note="统计期间内生效的管理等级调整（不含首次确定）"),
        Figure("corrections.checkins_due", "应签到报到", "次", live=CHECKINS_DUE,
               note="统计期间内到期的报到和信息化核查（免除的不计；今天仍可签到的待期满或完成后计入）"),
        Figure("corrections.checkins_done", "已签到报到", "次", live=CHECKINS_DONE, note="其中已履行的"),
        Figure("corrections.checkin_rate", "签到报到率", "%", rate_of=("corrections.checkins_done", "corrections.checkins_due"),
               note="已签到报到÷应签到报到；期内没有到期的事项时无分母，显示为—"),
        Figure("corrections.absconded", "当前脱管", "人", live=ABSCONDED, note="此刻失去联系、尚未查找到的在矫对象，不受统计期间影响"),
        Figure("corrections.abscond_rate", "脱管率", "%", rate_of=("corrections.absconded", "corrections.in_correction"),
               note="当前脱管÷在矫人数；没有在矫对象时无分母，显示为—"),
        Figure("corrections.monitored", "电子定位", "人", live=MONITORED, note="统计期间内使用电子定位装置的对象"),
        Figure("corrections.out_of_area", "越界报警", "次", live=OUT_OF_AREA, note="统计期间内定位系统推送的越界报警"),
    ), icon="bi-shield-check", screen=("corrections.in_correction", "corrections.checkin_rate", "corrections.absconded")),
    Group("resettlement", "安置帮教", "resettlement", (
        Figure("resettlement.on_register", "在册帮教对象", "人", live=ON_REGISTER),
        Figure("resettlement.released", "本期释放", "人", live=RELEASED_IN),
        Figure("resettlement.handover", "本期衔接", "人", event_types=(R + "handover",)),
        Figure("resettlement.visit", "帮教走访", "次", event_types=(R + "visit",)),
        Figure("resettlement.assisted", "安置帮扶", "次", event_types=(R + "assisted",)),
        Figure("resettlement.lost_contact", "失联", "人", event_types=(R + "lost_contact",)),
        Figure("resettlement.reoffended", "重新犯罪", "人", event_types=(R + "reoffended",)),
        Figure("resettlement.connection_rate", "衔接率", "%", live=CONNECTED_IN, live_of=RELEASED_IN,
               note="本期释放人员中已衔接的÷本期释放人员；本期无人释放时无分母，显示为—"),
        Figure("resettlement.collection_rate", "必接必送率", "%", live=KEY_COLLECTED_IN, live_of=KEY_RELEASED_IN,
               note="本期释放的重点帮教对象中由司法所接回的÷本期释放的重点帮教对象；本期无重点对象释放时显示为—"),
        Figure("resettlement.placement_rate", "安置率", "%", live=PLACED, live_of=ON_REGISTER,
               note="在册人员中已安置（就业、低保、住房、医保）的÷在册人员；无在册人员时显示为—"),
        Figure("resettlement.support_rate", "帮教率", "%", live=SUPPORTED, live_of=ON_REGISTER,
               note="在册人员中已组建帮教小组（落实帮教）的÷在册人员；无在册人员时显示为—"),
        Figure("resettlement.reoffence_rate", "重新犯罪率", "%", live=REOFFENDED_IN, live_of=ON_REGISTER,
               note="本期帮教期内重新犯罪人数÷在册人员；无在册人员时显示为—"),
    ), icon="bi-house-heart", screen=("resettlement.on_register", "resettlement.connection_rate", "resettlement.reoffence_rate")),
    Group("legalaid", "法律援助", "legalaid", (
        Figure("legalaid.received", "接收申请", event_types=("legal_aid.application_received",)),
        Figure("legalaid.forwarded", "转交法律援助机构", event_types=("legal_aid.application_forwarded",)),
        # The county 法律援助机构's queue (its 公共法律服务中心 is a unit of the county board).
        Figure("legalaid.centre_received", "机构收到申请", event_types=("legal_aid.review_received", "legal_aid.notice_received"),
               note="法律援助机构收到的转交申请、直接申请和通知辩护（代理）"),
        Figure("legalaid.granted", "决定给予", event_types=("legal_aid.review_granted",)),
        Figure("legalaid.refused", "决定不予", event_types=("legal_aid.review_refused",)),
        Figure("legalaid.decided_in_time", "按期作出决定", live=LEGAL_AID_IN_TIME,
               note="收到申请之日起七日内作出是否给予法律援助的决定（法律援助法 第四十三条）"),
        Figure("legalaid.decision_overdue", "审查超期", event_types=("legal_aid.decision_overdue",),
               note="本期内超过七日仍未作出决定的申请"),
        Figure("legalaid.assigned", "指派", event_types=("legal_aid.assigned",),
               note="法律援助机构指派法律援助人员的案件（法律援助法 第三十六条、第四十三条）"),
        Figure("legalaid.closed", "结案", event_types=("legal_aid.case_closed",),
               note="提交结案报告和材料、已结案的法律援助案件（法律援助法 第五十条）"),
        Figure("legalaid.closing_overdue", "结案超期", event_types=("legal_aid.closing_overdue",),
               note="本期内办结后超过结案期限仍未提交结案材料的案件"),
    ), icon="bi-life-preserver", screen=("legalaid.received", "legalaid.granted", "legalaid.decided_in_time")),
    Group("review", "行政复议代收", "agency", (
        Figure("review.received", "代收复议申请", event_types=("agency.review_received",)),
        Figure("review.forwarded", "转交复议机构", event_types=("agency.review_forwarded",)),
        Figure("review.forward_overdue", "转交超期", event_types=("agency.review_forward_overdue",),
               note="本期内超过转交期限（本地工作要求，未确认）仍未转交的申请"),
    ), icon="bi-inbox"),
    Group("notary", "公证仲裁代办", "agency", (
        Figure("notary.received", "受托代办", event_types=("agency.case_received",),
               note="公证代办和劳动人事争议仲裁转介"),
        Figure("notary.forwarded", "转交公证处或仲裁委", event_types=("agency.case_forwarded",)),
        Figure("notary.forward_overdue", "转交超期", event_types=("agency.case_forward_overdue",)),
    ), icon="bi-patch-check"),
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
