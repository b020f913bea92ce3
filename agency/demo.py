"""Demo 代收代办 for a year: per office a handful of 行政复议申请 received over the past twelve months (mostly written, now
and then oral with its 笔录; one taken late with the recorded 正当理由), forwarded within the period and followed to the
复议机构's acceptance and decision, and a dozen 公证代办 and 劳动人事争议仲裁 referrals. The last few days' are still
waiting, so their forwarding clocks show on 今日待办. Everything goes through the services (ledger, clocks, audit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from agency import services
from agency.choices import REVIEW_CHECKLIST_KEYS, CaseKind, ReviewDecision
from agency.models import ServiceGuide
from core import calendar
from people.demo import person_inputs

WAITING_DAYS = 3  # received within this many days: left for the office to forward
YEAR = 365

# (被申请人 pattern, 行政行为, 复议请求, 事实和理由) — the acts a town's residents most often contest.
REVIEW_MATTERS = (
    ("{t}人民政府", "{t}人民政府作出的责令限期拆除决定", "请求撤销该责令限期拆除决定",
     "申请人的仓房系二〇一五年经村委会同意建造，被申请人未听取申请人的陈述、申辩即作出决定，程序违法。"),
    ("{c}市场监督管理局", "{c}市场监督管理局作出的行政处罚决定（罚款五千元）", "请求变更罚款数额",
     "申请人系初次违法且及时改正，危害后果轻微，处罚明显不当。"),
    ("{c}人力资源和社会保障局", "{c}人力资源和社会保障局作出的不予认定工伤决定", "请求撤销不予认定工伤决定并责令重新作出",
     "申请人在工作时间、工作场所内因工作原因受伤，有同事证言和就医记录。"),
    ("{t}人民政府", "{t}人民政府对申请人土地承包经营权纠纷作出的处理决定", "请求确认该处理决定违法",
     "被申请人未通知申请人参加调查，认定事实不清。"),
    ("{c}自然资源局", "{c}自然资源局未在法定期限内答复申请人的不动产登记申请", "请求责令被申请人依法履行登记职责",
     "申请人提交了完整的登记材料，被申请人逾期未作答复。"),
)
DECISIONS = (ReviewDecision.UPHOLD, ReviewDecision.UPHOLD, ReviewDecision.REVOKE, ReviewDecision.CHANGE,
             ReviewDecision.CONFIRM_ILLEGAL, ReviewDecision.PERFORM, ReviewDecision.MEDIATED, ReviewDecision.DISMISS)
NOTARY_MATTERS = ("继承公证", "委托公证（代办房屋过户）", "亲属关系公证", "无犯罪记录证明公证", "遗嘱公证", "学历公证")
LABOUR_MATTERS = ("追索劳动报酬", "解除劳动合同经济补偿", "确认劳动关系", "工伤保险待遇")


def _received_at(day: dt.date, ctx: Any) -> dt.datetime:
    """An office hour of ``day``; today, never later than now (the receipt time may not lie in the future)."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(ctx.rng.randint(8, 16), ctx.rng.choice((0, 15, 30, 45)))))
    return min(at, timezone.now() - dt.timedelta(minutes=1))


def _past_workday(ctx: Any, max_days: int) -> dt.date:
    day = ctx.today - dt.timedelta(days=ctx.rng.randint(0, max_days))
    while not calendar.is_workday(day) and day > ctx.today - dt.timedelta(days=max_days + 7):
        day -= dt.timedelta(days=1)
    return day


def _settle_review(ctx: Any, actor: Any, application: Any) -> None:
    received = application.received_date
    if (ctx.today - received).days <= WAITING_DAYS:
        return
    if ctx.rng.random() < 0.05:
        services.review_withdraw(actor=actor, application=application, reason="申请人与被申请人协商解决，自愿撤回并取回材料",
                                 date=received)
        return
    forwarded = min(calendar.add_working_days(received, ctx.rng.choice((0, 1, 1, 1, 2))), ctx.today)
    services.review_forward(actor=actor, application=application, date=forwarded)
    accepted_day = calendar.add_working_days(forwarded, ctx.rng.randint(1, 5))
    if accepted_day > ctx.today:
        return
    if ctx.rng.random() < 0.1:
        services.review_acceptance(actor=actor, application=application, accepted=False, date=accepted_day,
                                   reason="申请人已就同一行政行为向人民法院提起行政诉讼（行政复议法 第三十条）")
        return
    services.review_acceptance(actor=actor, application=application, accepted=True, date=accepted_day)
    decided = accepted_day + dt.timedelta(days=ctx.rng.randint(25, 60))
    if decided <= ctx.today:
        decision = ctx.rng.choice(DECISIONS)
        services.review_decide(actor=actor, application=application, decision=decision, date=decided,
                               note="复议机构已送达行政复议决定书")


def seed_reviews(ctx: Any, *, office: Any, users: list[Any], count: int) -> None:
    from orgs.models import Org

    town, county = office.region.name, office.region.name
    parent = Org.objects.get_parent(office)
    if parent is not None and parent.region_id:
        county = parent.region.name
    people = person_inputs(ctx, office, count)
    for i, person in enumerate(people):
        respondent, act, request, facts = ctx.rng.choice(REVIEW_MATTERS)
        day = _past_workday(ctx, YEAR - 70)
        late = i == 0 and count > 2
        known = day - dt.timedelta(days=ctx.rng.randint(75, 100) if late else ctx.rng.randint(3, 50))
        oral = ctx.rng.random() < 0.2
        actor = ctx.rng.choice(users)
        application = services.review_receive(actor=actor, org=office, applicant=person, data=services.ReviewInput(
            form="oral" if oral else "written", respondent=respondent.format(t=town, c=county),
            act=act.format(t=town, c=county), act_known_date=known, request=request, facts=facts,
            received_at=_received_at(day, ctx),
            oral_record=(f"申请人{person.name}口述：{facts}请求：{request}。以上笔录经申请人核对无误后签名。" if oral else ""),
            checklist=[k for k in REVIEW_CHECKLIST_KEYS if k != "signature" or ctx.rng.random() < 0.9],
            late_reason="行政机关作出决定时未告知申请行政复议的权利、复议机关和申请期限（行政复议法 第二十条第三款）" if late else "",
        ))
        _settle_review(ctx, actor, application)


def seed_cases(ctx: Any, *, office: Any, users: list[Any], count: int) -> None:
    guides = {g.kind: g for g in ServiceGuide.objects.filter(kind__in=("notary", "labour_arbitration")).order_by("order")}
    for person in person_inputs(ctx, office, count):
        labour = ctx.rng.random() < 0.35
        day = _past_workday(ctx, YEAR)
        actor = ctx.rng.choice(users)
        kind = CaseKind.LABOUR_ARBITRATION if labour else CaseKind.NOTARY
        guide = guides.get(kind)
        case = services.case_receive(actor=actor, org=office, person=person, data=services.CaseInput(
            kind=kind, matter=ctx.rng.choice(LABOUR_MATTERS if labour else NOTARY_MATTERS), guide=guide,
            institution="" if guide else ("劳动人事争议仲裁委员会" if labour else "公证处"), received_date=day,
            rights_known_date=day - dt.timedelta(days=ctx.rng.randint(20, 420)) if labour else None,
        ))
        if (ctx.today - day).days <= WAITING_DAYS:
            continue
        forwarded = min(calendar.add_working_days(day, ctx.rng.choice((0, 1, 1, 2))), ctx.today)
        services.case_forward(actor=actor, case=case, date=forwarded)
        result_day = forwarded + dt.timedelta(days=ctx.rng.randint(5, 30))
        if result_day <= ctx.today:
            done = ctx.rng.random() < 0.85
            text = (("仲裁委已受理，经仲裁调解达成协议" if labour else "公证处已出具公证书") if done
                    else ("仲裁委以超过仲裁时效为由不予受理" if labour else "当事人材料不全，自愿放弃办理"))
            services.case_result(actor=actor, case=case, done=done, result=text, date=result_day)


def seed(ctx: Any) -> None:
    """Per office, in one transaction each: ``ctx.per_office["agency_review"]`` (default 6) 复议 applications and
    ``ctx.per_office["agency_case"]`` (default 12) 公证仲裁代办 over the past year."""
    reviews, cases = ctx.per_office.get("agency_review", 6), ctx.per_office.get("agency_case", 12)
    with ctx.stage("代收代办", len(ctx.offices)) as tick:
        for i, office in enumerate(ctx.offices, start=1):
            users = ctx.office_users.get(office.pk)
            if users:
                with transaction.atomic():
                    seed_reviews(ctx, office=office, users=users, count=reviews)
                    seed_cases(ctx, office=office, users=users, count=cases)
            tick(i)
