"""Demo 法律援助申请: per office a few of the consultations marked 转为法律援助申请 become applications through the
conversion service (so nothing is retyped and the ledger counts them), plus one applicant at the window. Older
applications have been forwarded to the county 法律援助中心 (one now and then not accepted); the last few days' are
still waiting, so their forwarding clocks show on 今日待办."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from consultation.choices import FollowUp
from consultation.models import Consultation
from core import calendar
from legalaid import services
from legalaid.choices import HardshipBasis
from legalaid.models import Application
from people.demo import person_inputs

WAITING_DAYS = 4  # applications received within this many days are left for the office to forward
NOT_ACCEPTED_SHARE = 0.1

# What a consultation topic of the demo scenarios becomes: (matter, hardship basis, hardship detail, request).
FROM_TOPIC: dict[str, tuple[str, str, str, str]] = {
    "marriage_family": ("maintenance", HardshipBasis.NO_INCOME, "年逾七十，无固定生活来源，村民委员会出具情况说明",
                        "请求指派律师代理追索赡养费诉讼"),
    "migrant_wages": ("labour", HardshipBasis.MIGRANT_WORKER, "工友名单、工地考勤记录及讨薪录音",
                      "请求指派律师代理追索劳动报酬"),
    "criminal": ("criminal_defence", HardshipBasis.STATEMENT, "家中务农，年收入约两万元，另有两名子女上学，无力委托律师",
                 "请求为犯罪嫌疑人指派辩护律师"),
    "legal_aid": ("other", HardshipBasis.MINIMUM_LIVING, "最低生活保障证、医院诊断证明",
                  "请求指派律师代理人身损害赔偿诉讼"),
}
WINDOW = ("personal_injury", HardshipBasis.STATEMENT, "家庭三口人，靠打零工为生，月收入约一千五百元",
          "在{v}骑电动车被货车撞伤，住院一个月，肇事方只垫付了部分医药费，拒绝继续赔偿。", "请求指派律师代理交通事故损害赔偿诉讼")


def _settle(ctx: Any, application: Application, actor: Any) -> None:
    """Forward (or, now and then, not accept) an application older than the waiting window."""
    if (ctx.today - application.received_date).days <= WAITING_DAYS:
        return
    day = min(calendar.add_working_days(application.received_date, ctx.rng.randint(0, 3)), ctx.today)
    if ctx.rng.random() < NOT_ACCEPTED_SHARE:
        services.application_not_accept(actor=actor, application=application, date=day,
                                        reason="申请人已自行委托律师，撤回法律援助申请")
    else:
        services.application_forward(actor=actor, application=application, date=day)


def seed_applications(ctx: Any, *, office: Any, users: list[Any], count: int) -> int:
    """Up to ``count`` applications from ``office``'s consultations marked 转为法律援助申请, plus one at the window;
    returns how many came from consultations."""
    marked = list(Consultation.objects.filter(org=office, follow_up=FollowUp.LEGAL_AID, topic__in=FROM_TOPIC,
                                              legal_aid_application__isnull=True).select_related("person", "handler")
                  .order_by("date", "pk"))
    chosen = ctx.rng.sample(marked, min(count, len(marked)))
    for consultation in chosen:
        matter, basis, detail, request = FROM_TOPIC[consultation.topic]
        actor = consultation.handler or ctx.rng.choice(users)
        application = services.application_from_consultation(actor=actor, consultation=consultation, data=services.ApplicationInput(
            received_date=min(consultation.date + dt.timedelta(days=ctx.rng.randint(0, 2)), ctx.today), matter=matter,
            facts="", hardship_basis=basis, hardship_detail=detail, request=request,
        ))
        _settle(ctx, application, actor)
    matter, basis, detail, facts, request = WINDOW
    applicant = person_inputs(ctx, office, 1)[0]
    actor = ctx.rng.choice(users)
    application = services.application_receive(actor=actor, org=office, applicant=applicant, data=services.ApplicationInput(
        received_date=ctx.today - dt.timedelta(days=ctx.rng.randint(0, 20)), matter=matter, hardship_basis=basis,
        hardship_detail=detail, request=request,
        facts=facts.format(v=applicant.region.name if applicant.region else office.region.name),
    ))
    _settle(ctx, application, actor)
    return len(chosen)


def seed(ctx: Any) -> None:
    """Per office, in one transaction each: ``ctx.per_office["legal_aid"]`` (default 3) applications from marked
    consultations and one at the window."""
    count = ctx.per_office.get("legal_aid", 3)
    with ctx.stage("法律援助", len(ctx.offices)) as tick:
        for i, office in enumerate(ctx.offices, start=1):
            users = ctx.office_users.get(office.pk)
            if users:
                with transaction.atomic():
                    seed_applications(ctx, office=office, users=users, count=count)
            tick(i)
    seed_centres(ctx)


# ------------------------------------------------------------------------------------------- the 法律援助机构's queue
# How the county 法律援助机构 settles what it received: most granted and assigned within the periods, a few refused
# (one of them objected to), a few asked once for missing materials; the last few days' still under review.
REFUSAL = "申请人家庭月人均收入高于本省经济困难标准，且名下有房产出租收入"
# The roster of each 机构: (name, kind, firm, years of practice, specialities).
PROVIDERS = (
    ("韩志强", "lawyer", "{c}律师事务所", 12, "刑事辩护、劳动争议"),
    ("刘丽华", "lawyer", "{c}第一律师事务所", 6, "婚姻家庭、赡养抚养"),
    ("包海龙", "grassroots", "{c}城区法律服务所", 9, "劳动报酬、人身损害赔偿"),
    ("乌兰", "lawyer", "{c}第一律师事务所", 2, "交通事故、人身损害赔偿"),
    ("赵建国", "duty_lawyer", "{c}律师事务所", 15, "刑事辩护、值班律师法律帮助"),
)
PROGRESS = (("meeting", "会见受援人，了解案情，告知权利义务"), ("investigation", "调取工资发放记录、医疗费票据等证据"),
            ("filing", "向人民法院（仲裁委）递交起诉状（仲裁申请书），已立案"), ("hearing", "出庭参加庭审，发表代理意见"))
RESULTS = ("法院判决支持受援人的主要诉讼请求", "经调解达成协议，对方当庭履行", "仲裁委裁决支付拖欠工资及经济补偿")


def _reviewer(centre: Any) -> Any:
    from accounts.selectors import users_serving_at
    from orgs.models import Org

    return (users_serving_at([centre]).order_by("pk").first()
            or users_serving_at([Org.objects.get_parent(centre)]).order_by("pk").first())


def settle_reviews(ctx: Any, *, centre: Any) -> int:
    """Decide, assign or ask for materials on the 机构's forwarded applications, through the services."""
    from legalaid import centre as c
    from legalaid.models import Review

    actor = _reviewer(centre)
    if actor is None:
        return 0
    roster = seed_roster(ctx, centre=centre, actor=actor)
    done = 0
    for review in Review.objects.filter(org=centre, status="reviewing", source="forwarded").select_related("application__applicant"):
        age = (ctx.today - review.received_date).days
        if age <= WAITING_DAYS:
            continue
        roll = ctx.rng.random()
        day = min(review.received_date + dt.timedelta(days=ctx.rng.randint(1, 6)), ctx.today)
        if roll < 0.1:
            reply_due = review.received_date + dt.timedelta(days=16)
            c.review_request_materials(actor=actor, review=review, materials="劳动合同或工资欠条；申请人家庭经济困难状况说明",
                                       date=review.received_date + dt.timedelta(days=1), reply_due=reply_due)
            if reply_due >= ctx.today or ctx.rng.random() < 0.5:
                continue  # still waiting, or never answered (withdrawn below)
            c.review_materials_receive(actor=actor, review=review, date=review.received_date + dt.timedelta(days=5))
            day = min(review.received_date + dt.timedelta(days=ctx.rng.randint(6, 9)), ctx.today)
        elif roll < 0.2:
            c.review_decide(actor=actor, review=review, grant=False, reason=REFUSAL, date=day,
                            monthly_income=Decimal("2600"), pledge_signed=True)
            if ctx.rng.random() < 0.5:
                c.review_objection_record(actor=actor, review=review, text="申请人认为出租房屋系父母所有，收入计算有误", date=day)
                if day + dt.timedelta(days=3) <= ctx.today:
                    c.review_objection_decide(actor=actor, review=review, result="upheld", date=day + dt.timedelta(days=3),
                                              note="经核查，出租房屋登记在申请人名下，收入计算无误，维持原决定")
            continue
        c.review_decide(actor=actor, review=review, grant=True, date=day, pledge_signed=True,
                        monthly_income=Decimal(ctx.rng.choice(("800", "950", "1200"))))
        case = _assign(ctx, actor=actor, review=review, roster=roster,
                       date=min(day + dt.timedelta(days=ctx.rng.randint(0, 2)), ctx.today))
        if case is not None:
            _handle(ctx, actor=actor, case=case)
        done += 1
    c.reviews_withdraw_lapsed(today=ctx.today)
    return done


def seed_notice(ctx: Any, *, centre: Any) -> None:
    """One 通知辩护 from the county's court, assigned within three days."""
    from legalaid import centre as c
    from people.services import PersonInput

    actor = _reviewer(centre)
    if actor is None:
        return
    day = ctx.today - dt.timedelta(days=ctx.rng.randint(5, 40))
    birth = dt.date(ctx.today.year - 17, 3, 1)
    review = c.review_register_notice(
        actor=actor, centre=centre, authority="court", organ=f"{centre.region.name}人民法院", received_date=day,
        facts="被告人系未成年人，没有委托辩护人（法律援助法 第二十五条第一款第一项）", notice_number=f"刑通〔{day.year}〕{ctx.rng.randint(1, 99)}号",
        person=PersonInput(name=ctx.faker.name_male(), id_number=ctx.id_number(region_code=centre.region.code, birth=birth,
                                                                               female=False)))
    roster = seed_roster(ctx, centre=centre, actor=actor)
    case = _assign(ctx, actor=actor, review=review, roster=roster, date=day + dt.timedelta(days=ctx.rng.randint(0, 2)))
    if case is not None:
        _handle(ctx, actor=actor, case=case)


def seed_roster(ctx: Any, *, centre: Any, actor: Any) -> list[Any]:
    """The 机构's 法律援助人员名册 (once per 机构): lawyers, a 基层法律服务工作者 and a 值班律师."""
    from legalaid.cases import ProviderInput, provider_create
    from legalaid.models import Provider

    existing = list(Provider.objects.filter(org=centre))
    if existing:
        return existing
    code = (centre.region.code + "000000")[:6]
    roster = []
    for i, (name, kind, firm, years, specialities) in enumerate(PROVIDERS, start=1):
        since = dt.date(ctx.today.year - years, ctx.rng.randint(1, 12), 1)
        licence = f"{code}{since.year}1{i:06d}" if kind != "grassroots" else f"JC{code}{i:04d}"
        roster.append(provider_create(actor=actor, org=centre, data=ProviderInput(
            kind=kind, name=name, licence_number=licence, firm=firm.format(c=centre.region.name), practice_since=since,
            specialities=specialities, phone=f"139{ctx.rng.randint(10000000, 99999999)}")))
    return roster


def _assign(ctx: Any, *, actor: Any, review: Any, roster: list[Any], date: dt.date) -> Any:
    """Assign the first provider the rules allow (第二十六条、第三十六条, no conflict), in random order."""
    from core.errors import ValidationFailed
    from legalaid.cases import assignment_create

    for provider in ctx.rng.sample(roster, len(roster)):
        try:
            with transaction.atomic():
                return assignment_create(actor=actor, review=review, provider=provider, date=date)
        except ValidationFailed:
            continue
    return None


def _handle(ctx: Any, *, actor: Any, case: Any) -> None:
    """Progress reports over the weeks after the 指派; older cases ended, closed within the period (one now and then
    terminated on a 第四十八条 ground), reviewed and the recipient visited."""
    from legalaid import cases

    age = (ctx.today - case.assigned_date).days
    day = case.assigned_date
    for kind, note in PROGRESS[: min(len(PROGRESS), 1 + age // 15)]:
        day = min(day + dt.timedelta(days=ctx.rng.randint(2, 12)), ctx.today)
        cases.progress_record(actor=actor, assignment=case, kind=kind, note=note, date=day)
    if age < 60:
        return
    if ctx.rng.random() < 0.08:
        cases.assignment_terminate(actor=actor, assignment=case, ground="own_counsel", date=day,
                                   note="受援人书面告知已自行委托律师代理，申请终止法律援助")
        return
    ended = min(day + dt.timedelta(days=ctx.rng.randint(5, 30)), ctx.today)
    cases.assignment_end(actor=actor, assignment=case, result=ctx.rng.choice(RESULTS), date=ended)
    closed = ended + dt.timedelta(days=ctx.rng.randint(3, 25))
    if closed > ctx.today:
        return  # the closing clock runs on 今日待办
    cases.assignment_close(actor=actor, assignment=case, date=closed, materials="裁判文书副本、办理情况报告、会见笔录",
                           report="承办人接受指派后及时会见受援人，调查取证，参加庭审（仲裁），依法维护了受援人的合法权益。")
    if closed + dt.timedelta(days=10) <= ctx.today:
        cases.assignment_quality_review(actor=actor, assignment=case, date=closed + dt.timedelta(days=10),
                                        grade=ctx.rng.choice(("excellent", "good", "good", "pass")), note="卷宗材料齐全")
        cases.assignment_visit(actor=actor, assignment=case, date=closed + dt.timedelta(days=10),
                               satisfaction=ctx.rng.choice(("satisfied", "satisfied", "basic")), note="电话回访")


def seed_centres(ctx: Any) -> None:
    """The 机构 of each county with demo offices works its queue."""
    from legalaid.selectors import centre_for

    centres = {centre.pk: centre for office in ctx.offices if (centre := centre_for(office)) is not None}
    with ctx.stage("法律援助机构", len(centres)) as tick:
        for i, centre in enumerate(centres.values(), start=1):
            with transaction.atomic():
                settle_reviews(ctx, centre=centre)
                seed_notice(ctx, centre=centre)
            tick(i)
