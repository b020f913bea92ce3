"""Demo data for 人民调解: committees' mediators and a year of disputes per office, and a county 专家库,
created through the same services users call, with a mix that follows the source documents (432 disputes
a year in one district, 96.8 % settled; written agreements outnumber oral ones)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from mediation import services
from mediation.choices import CommitteeType, ExpertKind, MemberPosition, Outcome, PartyRole, RejectReason, Source
from mediation.demo_scenarios import REFUSALS, SCENARIOS
from mediation.models import Mediator
from people.services import PersonInput, person_create

SOURCE_WEIGHTS = [(Source.APPLICATION, 55), (Source.INITIATIVE, 25), (Source.GRID, 8), (Source.POLICE, 5),
                  (Source.COURT, 3), (Source.GOVERNMENT, 2), (Source.HOTLINE, 2)]
SETTLED_SHARE = 0.968


# 专家库 (人民调解法 第二十条: 邀请具有专门知识、特定经验的人员参与调解): who, in what field, from where.
EXPERT_KINDS: list[tuple[str, int, list[str]]] = [
    (ExpertKind.LAWYER, 4, ["婚姻家庭、继承", "合同、民间借贷", "劳动争议", "交通事故、人身损害", "土地承包、宅基地"]),
    (ExpertKind.JUDGE, 2, ["民事审判", "婚姻家庭审判", "执行"]),
    (ExpertKind.PROSECUTOR, 1, ["民事行政检察"]),
    (ExpertKind.INDUSTRY, 3, ["医疗纠纷（临床医学）", "建筑工程质量", "农业技术、草原畜牧", "物业管理", "价格评估"]),
    (ExpertKind.SCHOLAR, 1, ["民法学", "社会学、心理疏导"]),
]
EXPERTS_PER_COUNTY = 6


def _person(ctx: Any, *, actor: Any, office: Any, female: bool | None = None) -> Any:
    """A party or mediator registered in the office's people registry, with a unique valid ID number."""
    rng, faker = ctx.rng, ctx.faker
    female = rng.random() < 0.5 if female is None else female
    birth = dt.date(rng.randint(1945, 2000), rng.randint(1, 12), rng.randint(1, 28))
    name = faker.name_female() if female else faker.name_male()
    return person_create(actor=actor, org=office, confirm_duplicate=True, data=PersonInput(
        name=name, id_number=ctx.id_number(region_code=office.region.code, birth=birth, female=female),
        phone=ctx.phone(), ethnicity=rng.choice(["01"] * 8 + ["02", "02", "11", "03"])))


def committee_type_of(committee: Any) -> str:
    """A committee of a 社区 is a 居民委员会调委会, of a 村 or 嘎查 a 村民委员会调委会 (人民调解法 第八条)."""
    return CommitteeType.COMMUNITY if "社区" in committee.name else CommitteeType.VILLAGE


def seed_committee_profiles(*, actor: Any, committees: list[Any], term_start: dt.date) -> None:
    """Each committee's registration: its type, when it was set up and the current three-year term (第九条), as an
    office enters it on the committee's page."""
    for committee in committees:
        services.committee_profile_save(actor=actor, committee=committee, data=services.CommitteeProfileInput(
            # The founding date from the committee's id, not the shared random stream: the rest of the demo stays as it was.
            committee_type=committee_type_of(committee), established=dt.date(2005 + committee.pk % 11, 1 + committee.pk % 12, 1),
            term_start=term_start))


def seed_mediators(ctx: Any, *, actor: Any, office: Any, committees: list[Any]) -> list[Mediator]:
    """Three to five members per committee (人民调解法 第八条), at least one woman, plus two at the office; the
    committees' type and term are registered first."""
    rng = ctx.rng
    out = []
    term_start = dt.date(2024, 3, 1)
    seed_committee_profiles(actor=actor, committees=committees, term_start=term_start)
    for org in [office, *committees]:
        size = 2 if org == office else rng.randint(3, 5)
        for i in range(size):
            person = _person(ctx, actor=actor, office=office, female=(i == 1) or None)
            out.append(services.mediator_appoint(actor=actor, org=org, person=person, data=services.MediatorInput(
                position=MemberPosition.CHAIR if i == 0 else MemberPosition.MEMBER, is_full_time=org == office,
                specialities=rng.choice(["婚姻家庭、邻里", "土地、宅基地", "合同、借款", "劳动争议", "交通事故、人身损害"]),
                term_start=term_start)))
    return out


def seed_disputes(ctx: Any, *, actor: Any, office: Any, committees: list[Any], mediators: list[Mediator], count: int,
                  today: dt.date) -> int:
    """``count`` disputes spread over the past year, each taken as far as its dates allow."""
    rng = ctx.rng
    weights = [s.weight for s in SCENARIOS]
    created = 0
    for _ in range(count):
        scenario = rng.choices(SCENARIOS, weights=weights)[0]
        org = rng.choice(committees) if committees and rng.random() < 0.6 else office
        received = today - dt.timedelta(days=rng.randint(0, 360))
        a = _person(ctx, actor=actor, office=office)
        b = _person(ctx, actor=actor, office=office)
        amount = Decimal(rng.randrange(scenario.amount[0], scenario.amount[1] + 1, 100))
        days = rng.choice([7, 10, 15, 30])
        fill = {"a": a.name, "b": b.name, "v": org.region.name, "amt": amount, "days": days}
        dispute = services.dispute_register(actor=actor, org=org, data=services.DisputeInput(
            title=scenario.title.format(**fill), category=scenario.category, facts=scenario.facts.format(**fill),
            claims=scenario.claims.format(**fill), received_date=received, amount=amount,
            source=rng.choices([s for s, _ in SOURCE_WEIGHTS], weights=[w for _, w in SOURCE_WEIGHTS])[0],
            people_count=rng.choice([2, 2, 2, 3, 4]) if "等人" not in scenario.title else rng.randint(5, 20),
            is_group="等人" in scenario.title, may_turn_criminal=rng.random() < 0.03,
            parties=[services.PartyInput(a, PartyRole.APPLICANT), services.PartyInput(b, PartyRole.RESPONDENT)]))
        created += 1
        if rng.random() < 0.02:
            services.dispute_reject(actor=actor, dispute=dispute, reason=RejectReason.OTHER_AUTHORITY, date=received)
            continue
        accepted = min(received + dt.timedelta(days=rng.randint(0, 2)), today)
        local = [m for m in mediators if m.org_id in (org.pk, office.pk)]
        services.dispute_accept(actor=actor, dispute=dispute, accepted_date=accepted,
                                mediator_ids=[m.pk for m in rng.sample(local, k=min(2, len(local)))])
        session_day = accepted + dt.timedelta(days=rng.randint(1, 12))
        if session_day > today:
            continue
        services.session_record(actor=actor, dispute=dispute, date=session_day, place=f"{org.short_name or org.name}调解室",
                                hosts="、".join(m.person.name for m in dispute.mediators.all()),
                                record=f"调解员告知双方权利义务后，{a.name}陈述：{scenario.facts.format(**fill)}{b.name}作了答辩。"
                                       "调解员释法说理，引导双方互谅互让。")
        if rng.random() > SETTLED_SHARE:
            services.dispute_fail(actor=actor, dispute=dispute, date=session_day,
                                  routes=rng.choice(REFUSALS).format(**fill) + "已告知当事人可依法向人民法院起诉。")
            continue
        kind = Outcome.WRITTEN if rng.random() < 0.7 else Outcome.ORAL
        respondent = dispute.parties.get(role=PartyRole.RESPONDENT)
        due = session_day + dt.timedelta(days=days)
        agreement = services.agreement_make(actor=actor, dispute=dispute, data=services.AgreementInput(
            kind=kind, facts=scenario.facts.format(**fill), content=scenario.agreement.format(**fill), signed_date=session_day,
            amount=amount, performance_method=rng.choice(["现金", "银行转账", "微信转账"]),
            items=[services.PerformanceInput(respondent.pk, f"支付{amount}元", due, amount)]))
        if due <= today:
            services.performance_record(actor=actor, item=agreement.items.get(), performed_date=due)
        if rng.random() < 0.15 and session_day + dt.timedelta(days=10) <= today:
            services.confirmation_record(actor=actor, agreement=agreement, applied_date=session_day + dt.timedelta(days=10))
        visit = due + dt.timedelta(days=rng.randint(3, 20))
        if visit <= today:
            visitor = dispute.mediators.first()
            services.followup_record(actor=actor, dispute=dispute, date=visit, visitor=visitor.person.name if visitor else actor.display_name,
                                     visited=a.name, performance="full", satisfaction=rng.choice(["satisfied"] * 9 + ["basic"]),
                                     situation="协议已履行完毕，双方关系恢复正常，未发现新的矛盾隐患。")
            services.dispute_close(actor=actor, dispute=dispute, date=visit)
    return created


def seed(ctx: Any) -> None:
    """Per office, in one transaction each: mediators of the office and of up to three village committees,
    then ``ctx.per_office["disputes"]`` disputes over the past year, handled by the office head."""
    from django.db import transaction

    today = ctx.today
    count = ctx.per_office.get("disputes", 8)
    with ctx.stage("人民调解", len(ctx.offices)) as tick:
        for i, office in enumerate(ctx.offices, start=1):
            users = ctx.office_users.get(office.pk)
            if not users:
                continue
            committees = ctx.committees.get(office.pk, [])[: 3 if ctx.scale == "city" else 0]
            with transaction.atomic():
                mediators = seed_mediators(ctx, actor=users[0], office=office, committees=committees)
                seed_disputes(ctx, actor=users[0], office=office, committees=committees, mediators=mediators,
                              count=count, today=today)
            tick(i)
    seed_experts(ctx)


def _employer(ctx: Any, kind: str, county: Any) -> str:
    place = county.region.name
    if kind == ExpertKind.LAWYER:
        return f"内蒙古{ctx.faker.last_name()}{ctx.rng.choice(['正', '信', '德', '诚', '公'])}律师事务所"
    if kind == ExpertKind.JUDGE:
        return f"{place}人民法院（已退休）"
    if kind == ExpertKind.PROSECUTOR:
        return f"{place}人民检察院（已退休）"
    if kind == ExpertKind.SCHOLAR:
        return ctx.rng.choice(["赤峰学院法学院", "赤峰学院政法学院"])
    return ctx.rng.choice([f"{place}人民医院", f"{place}住房和城乡建设局", f"{place}农牧局", f"{place}价格认证中心", "赤峰市物业管理协会"])


def seed_experts(ctx: Any) -> int:
    """``EXPERTS_PER_COUNTY`` experts in the 专家库 of each county bureau above the seeded offices, added by the
    county's own staff account (county_<code>); the mix follows EXPERT_KINDS."""
    from django.db import transaction

    from accounts.models import User
    from orgs.models import Org

    parents = sorted({o.path[: -Org.steplen] for o in ctx.offices})
    counties = list(Org.objects.filter(path__in=parents, kind=Org.Kind.COUNTY_BUREAU).select_related("region").order_by("path"))
    staff = {u.username: u for u in User.objects.filter(username__in=[f"county_{c.code}" for c in counties])}
    kinds, weights = [k for k, _, _ in EXPERT_KINDS], [w for _, w, _ in EXPERT_KINDS]
    fields = {k: f for k, _, f in EXPERT_KINDS}
    created = 0
    with ctx.stage("调解专家库", len(counties)) as tick, transaction.atomic():
        for i, county in enumerate(counties, start=1):
            actor = staff.get(f"county_{county.code}")
            if actor is None:
                continue
            for _ in range(EXPERTS_PER_COUNTY):
                kind = ctx.rng.choices(kinds, weights=weights)[0]
                services.expert_add(actor=actor, org=county, name=ctx.faker.name(), kind=kind,
                                    speciality=ctx.rng.choice(fields[kind]), employer=_employer(ctx, kind, county),
                                    phone=ctx.phone())
                created += 1
            tick(i)
    return created
