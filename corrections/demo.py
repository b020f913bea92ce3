"""Demo 社区矫正: a few subjects per office received through ``subject_receive`` (so the ledger, the audit trail
and the 期满 clocks exist), with the mix of types and crimes a northern county sees — mostly 缓刑 for 危险驾驶 and
theft, some 假释 and 暂予监外执行 — judgments of the local 基层法院 (假释 of the 中级法院), and valid ID numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from corrections import services
from corrections.choices import CorrectionType
from corrections.models import months_after
from orgs.models import Region
from people.demo import person_inputs


@dataclass(frozen=True)
class Case:
    correction_type: str
    crime: str
    weight: int
    terms: tuple[int, ...]  # months


CASES = [
    Case(CorrectionType.PROBATION, "危险驾驶罪", 30, (2, 3, 4, 6)),  # 拘役缓刑: 考验期 not under two months (刑法 第七十三条)
    Case(CorrectionType.PROBATION, "盗窃罪", 14, (12, 18, 24)),
    Case(CorrectionType.PROBATION, "故意伤害罪", 8, (12, 24, 36)),
    Case(CorrectionType.PROBATION, "交通肇事罪", 8, (12, 18, 24)),
    Case(CorrectionType.PROBATION, "帮助信息网络犯罪活动罪", 7, (12, 18)),
    Case(CorrectionType.PROBATION, "滥伐林木罪", 4, (12, 24, 36)),
    Case(CorrectionType.PROBATION, "非法占用农用地罪", 3, (12, 24)),
    Case(CorrectionType.PROBATION, "开设赌场罪", 3, (18, 24)),
    Case(CorrectionType.PROBATION, "诈骗罪", 4, (12, 24, 36)),
    Case(CorrectionType.CONTROL, "寻衅滋事罪", 2, (6, 12)),
    Case(CorrectionType.PAROLE, "盗窃罪", 3, (8, 14, 20)),
    Case(CorrectionType.PAROLE, "故意伤害罪", 2, (10, 16)),
    Case(CorrectionType.TEMPORARY_OUTSIDE, "非法吸收公众存款罪", 2, (6, 12)),
    Case(CorrectionType.TEMPORARY_OUTSIDE, "贩卖毒品罪", 1, (12, 24)),
]
LATE_SHARE = 0.1  # some report after the ten days of 社区矫正法 第二十一条; the subject's page flags it


def _courts(office: Any) -> tuple[str, str, str]:
    """(基层法院, 中级法院, 案号代字) of the office's county, e.g. 赤峰市红山区人民法院, 赤峰市中级人民法院, 内0402."""
    town = office.region
    paths = [town.path[: -Region.steplen], town.path[: -2 * Region.steplen]] if town is not None else []
    above = {r.path: r for r in Region.objects.filter(path__in=paths)}
    county, city = (above.get(p) for p in paths) if paths else (None, None)
    county_name, city_name = (county.name if county else "红山区"), (city.name if city else "赤峰市")
    local = f"{city_name}{county_name}人民法院" if county_name.endswith("区") else f"{county_name}人民法院"
    code = county.code if county else "150402"
    return local, f"{city_name}中级人民法院", f"内{code[2:6]}"


def seed_subjects(ctx: Any, *, office: Any, users: list[Any], count: int) -> int:
    """``count`` subjects of ``office`` still in correction today; the first reported within the last three weeks."""
    rng = ctx.rng
    local, intermediate, abbr = _courts(office)
    received = 0
    for n, person in enumerate(person_inputs(ctx, office, count)):
        case = rng.choices(CASES, weights=[c.weight for c in CASES])[0]
        months = rng.choice(case.terms)
        start_limit = months_after(ctx.today, -months) + dt.timedelta(days=20)  # the term still runs today
        earliest = max(start_limit, ctx.today - dt.timedelta(days=720))
        effective = ctx.today - dt.timedelta(days=rng.randint(5, 20)) if n == 0 else \
            earliest + dt.timedelta(days=rng.randint(0, max((ctx.today - earliest).days - 5, 0)))
        delay = rng.randint(11, 16) if rng.random() < LATE_SHARE else rng.randint(1, 9)
        reported = min(effective + dt.timedelta(days=delay), ctx.today)
        year = effective.year
        if case.correction_type == CorrectionType.PAROLE:
            organ, number = intermediate, f"（{year}）{abbr[:3]}刑更{rng.randint(100, 999)}号"
        else:
            organ, number = local, f"（{year}）{abbr}刑初{rng.randint(10, 600)}号"
        officer = rng.choice(users)
        services.subject_receive(actor=officer, org=office, person=person, data=services.SubjectInput(
            correction_type=case.correction_type, decision_organ=organ, decision_number=number, crime=case.crime,
            effective_date=effective, start_date=effective, end_date=months_after(effective, months) - dt.timedelta(days=1),
            reported_date=reported, officer=officer,
        ))
        received += 1
    return received


def seed(ctx: Any) -> None:
    """Per office, in one transaction each: ``ctx.per_office["subjects"]`` subjects (three at city scale, one at
    province scale)."""
    count = ctx.per_office.get("subjects", 3 if ctx.scale == "city" else 1)
    with ctx.stage("社区矫正", len(ctx.offices)) as tick:
        for i, office in enumerate(ctx.offices, start=1):
            users = ctx.office_users.get(office.pk)
            if users:
                with transaction.atomic():
                    seed_subjects(ctx, office=office, users=users, count=count)
                    seed_plans(ctx, office=office)
            tick(i)
    seed_cycle(ctx)


# --- 调查评估, 交付接收, 入矫, 解除与终止 ------------------------------------------------------------------------

BODIES = [("court", 70), ("procuratorate", 12), ("police", 8), ("prison", 10)]
FAST_TRACK_SHARE = 0.2
LATE_INVESTIGATION_SHARE = 0.08
PROHIBITIONS = {
    "危险驾驶罪": "禁止驾驶机动车（缓刑考验期内）",
    "盗窃罪": "禁止进入夜总会、酒吧、迪厅、网吧等娱乐场所",
    "故意伤害罪": "禁止接触被害人及其近亲属",
    "开设赌场罪": "禁止进入棋牌室、赌博场所",
    "诈骗罪": "禁止从事网络销售、直播带货等经营活动",
}
APPRAISALS = [
    "矫正期间遵守法律法规和监督管理规定，按时报到，认罪悔罪，积极参加教育学习和公益活动，未发现违法违规行为。",
    "矫正期间能够服从监督管理，曾因未按时报告受训诫一次，经教育后表现良好，家庭关系和睦，有稳定工作。",
]


def _reviewer(office: Any) -> Any:
    from accounts.models import Membership
    from orgs.models import Org

    found = (Membership.objects.filter(org__path=office.path[: -Org.steplen], is_active=True, user__is_active=True,
                                       role__code="county_staff")
             .select_related("user").order_by("id").first())
    return found.user if found else None


def seed_investigations(ctx: Any, *, office: Any, users: list[Any], count: int) -> None:
    """``count`` commissions over the last eleven months: most issued in time and put on record, some 速裁, a few late,
    one extended by agreement and the newest still being investigated."""
    from core import calendar
    from corrections import investigations as inv_services

    rng = ctx.rng
    local, _, abbr = _courts(office)
    reviewer = _reviewer(office)
    people = person_inputs(ctx, office, count)
    for n, person in enumerate(people):
        newest = n == count - 1
        received = ctx.today - dt.timedelta(days=rng.randint(0, 3) if newest else rng.randint(10, 330))
        while not calendar.is_workday(received):
            received -= dt.timedelta(days=1)
        body = rng.choices([b for b, _ in BODIES], weights=[w for _, w in BODIES])[0]
        case = rng.choices(CASES, weights=[c.weight for c in CASES])[0]
        organ = {"court": local, "procuratorate": local.replace("人民法院", "人民检察院"),
                 "police": local.replace("人民法院", "公安局"), "prison": "内蒙古自治区赤峰监狱"}[body]
        fast = body in ("court", "procuratorate") and rng.random() < FAST_TRACK_SHARE
        officer = rng.choice(users)
        inv = inv_services.investigation_register(actor=officer, org=office, person=person, data=inv_services.InvestigationInput(
            body_type=body, body_name=organ, case_number=f"（{received.year}）{abbr}刑初{rng.randint(10, 900)}号",
            proposed_type=case.correction_type, crime=case.crime, received_date=received, fast_track=fast, officer=officer))
        if newest:
            continue
        if n == 0 and (ctx.today - received).days > 20:
            extended = calendar.add_working_days(inv.due_date, 3)
            inv_services.investigation_extend(actor=officer, investigation=inv, due_date=extended,
                                              reason=f"被调查人外出务工，经{organ}同意延期三个工作日")
        period = inv_services.period_days(fast)
        late = rng.random() < LATE_INVESTIGATION_SHARE
        issued = calendar.add_working_days(inv.due_date, rng.randint(1, 3)) if late else \
            calendar.add_working_days(received, rng.randint(max(period - 4, 1), period))
        issued = min(issued, inv.due_date if not late else issued, ctx.today)
        opinion = "suitable" if rng.random() < 0.88 else "unsuitable"
        for kind, who, text in (("self", person.name, "本人承认犯罪事实，表示认罪悔罪，愿意接受社区矫正。"),
                                ("committee", "村（居）民委员会", "平时表现尚好，无不良嗜好，村（居）委会同意协助监管。"),
                                ("family", "家庭成员", "家属愿意担任监护、协助监管，家庭关系稳定。")):
            day = min(received + dt.timedelta(days=rng.randint(1, 3)), issued)
            inv_services.interview_add(actor=officer, investigation=inv, date=day, kind=kind, interviewee=who, content=text)
        reasons = ("被调查人认罪悔罪，有固定住所和家庭支持，社会危险性较小，对所居住社区无重大不良影响。" if opinion == "suitable"
                   else "被调查人无固定住所，曾有违法记录，村（居）委会和被害人反对，对所居住社区可能造成不良影响。")
        inv_services.investigation_issue(actor=officer, investigation=inv, opinion=opinion, reasons=reasons, date=issued,
                                         findings="居所：有固定住所。\n家庭和社会关系：家庭成员愿意协助监管。\n一贯表现：无不良记录。")
        if rng.random() < 0.8:
            inv_services.investigation_submit(actor=officer, investigation=inv)
            if reviewer is not None:
                inv_services.investigation_review(actor=reviewer, investigation=inv, accept=rng.random() < 0.92,
                                                  note="调查情况不全，请补充被害人意见")


def seed_reception(ctx: Any, *, office: Any, users: list[Any]) -> None:
    """The decision organs' notices: one person received after the notice, one still expected within the ten days, one
    overdue (YJ05) at every second office; 禁止令 and 矫正小组 for the office's subjects; a subject whose term ended last
    quarter 解除 with the 期满鉴定 and hand-over, and one 终止 (撤销缓刑)."""
    from corrections import discharge, reception
    from corrections.choices import Status
    from corrections.models import Subject

    rng = ctx.rng
    local, _, abbr = _courts(office)
    officer = users[0]
    people = person_inputs(ctx, office, 5)
    arrivals = [(people[0], 4, True), (people[1], 2, False)]
    if office.pk % 2 == 0:
        arrivals.append((people[2], 25, False))
    for person, days_ago, receive in arrivals:
        effective = ctx.today - dt.timedelta(days=days_ago)
        arrival = reception.arrival_notice(actor=officer, org=office, person=person, data=reception.ArrivalInput(
            correction_type="probation", decision_organ=local, decision_number=f"（{effective.year}）{abbr}刑初{rng.randint(10, 900)}号",
            effective_date=effective, notice_date=min(effective + dt.timedelta(days=2), ctx.today)))
        if receive:
            services.subject_receive(actor=officer, org=office, person=person, data=services.SubjectInput(
                correction_type="probation", decision_organ=arrival.decision_organ, decision_number=arrival.decision_number,
                crime="危险驾驶罪", effective_date=effective, start_date=effective,
                end_date=months_after(effective, 4) - dt.timedelta(days=1), reported_date=ctx.today, officer=officer),
                prohibitions=[reception.ProhibitionInput(content=PROHIBITIONS["危险驾驶罪"])])
    for subject in Subject.objects.filter(org=office, status=Status.IN_CORRECTION).select_related("person"):
        if subject.crime in PROHIBITIONS and rng.random() < 0.4 and not subject.prohibitions.exists():
            reception.prohibition_add(actor=officer, subject=subject, data=reception.ProhibitionInput(content=PROHIBITIONS[subject.crime]))
        members = [reception.MemberInput(name=officer.full_name or "司法所工作人员", role="office", sex="1"),
                   reception.MemberInput(name=ctx.faker.name_female(), role="committee", sex="2", knows_minors=True)]
        for member in members:
            reception.team_member_add(actor=officer, subject=subject, data=member)
        reception.reception_record(actor=officer, subject=subject, announced_date=subject.reported_date, place=office.name,
                                   temporary_reason="illness" if subject.correction_type == "temporary_outside" else "")
    # 解除 of a term that ended last quarter, with the appraisal and the hand-over; 终止 of a 缓刑 revoked.
    ended = ctx.today - dt.timedelta(days=rng.randint(20, 80))
    effective = months_after(ended + dt.timedelta(days=1), -12)
    subject = services.subject_receive(actor=officer, org=office, person=people[3], data=services.SubjectInput(
        correction_type="probation", decision_organ=local, decision_number=f"（{effective.year}）{abbr}刑初{rng.randint(10, 900)}号",
        crime="盗窃罪", effective_date=effective, start_date=effective, end_date=ended,
        reported_date=effective + dt.timedelta(days=rng.randint(2, 8)), officer=officer))
    services.subject_release(actor=officer, subject=subject, reason="expiry", date=ended, note="")
    discharge.handover_record(actor=officer, subject=subject, data=discharge.HandoverInput(
        appraisal=rng.choice(APPRAISALS), needs="就业帮扶", handed_to=f"{office.name}安置帮教工作站", handover_date=ended,
        announced_date=ended))
    effective = ctx.today - dt.timedelta(days=rng.randint(120, 200))
    revoked = services.subject_receive(actor=officer, org=office, person=people[4], data=services.SubjectInput(
        correction_type="probation", decision_organ=local, decision_number=f"（{effective.year}）{abbr}刑初{rng.randint(10, 900)}号",
        crime="诈骗罪", effective_date=effective, start_date=effective, end_date=months_after(effective, 24) - dt.timedelta(days=1),
        reported_date=effective + dt.timedelta(days=3), officer=officer))
    services.subject_release(actor=officer, subject=revoked, reason="probation_revoked", date=ctx.today - dt.timedelta(days=rng.randint(5, 60)),
                             note=f"（{ctx.today.year}）{abbr}刑更{rng.randint(10, 99)}号撤销缓刑裁定")


def seed_cycle(ctx: Any) -> None:
    """Per office, in one transaction each: a year of 调查评估 (``ctx.per_office["investigations"]``, twelve at city
    scale) and the reception and discharge records."""
    count = ctx.per_office.get("investigations", 12 if ctx.scale == "city" else 2)
    with ctx.stage("社区矫正调查评估与交付", len(ctx.offices)) as tick:
        for i, office in enumerate(ctx.offices, start=1):
            users = ctx.office_users.get(office.pk)
            if users:
                with transaction.atomic():
                    seed_investigations(ctx, office=office, users=users, count=count)
                    seed_reception(ctx, office=office, users=users)
            tick(i)
    from corrections.demo_duties import seed_duties  # 日常监管: schedules and months of check-ins (corrections/demo_duties.py)

    seed_duties(ctx)
    from corrections.demo_records import seed_records  # 重新违法犯罪 and 变更执行地 (corrections/demo_records.py)

    seed_records(ctx)


# --- 分类管理与矫正方案 -----------------------------------------------------------------------------------------------

# Conditions in the shares a northern county sees (UNCONFIRMED shares: demo only).
DEMO_CONDITIONS: dict[str, list[tuple[str, int]]] = {
    "education": [("primary", 20), ("junior", 45), ("senior", 25), ("college", 10)],
    "employment": [("employed", 30), ("farming", 30), ("casual", 20), ("unemployed", 15), ("retired", 5)],
    "family_support": [("good", 75), ("weak", 20), ("none", 5)],
    "dependants": [("none", 35), ("young_children", 30), ("elderly", 20), ("both", 15)],
    "residence": [("stable", 85), ("unstable", 13), ("no_fixed", 2)],
    "prior_record": [("none", 85), ("prior", 12), ("recidivist", 3)],
    "remorse": [("good", 80), ("average", 17), ("poor", 3)],
    "investigation_opinion": [("suitable", 80), ("not_done", 20)],
    "mental_health": [("normal", 92), ("concern", 7), ("diagnosed", 1)],
    "physical_health": [("good", 80), ("chronic", 17), ("serious", 3)],
    "substance_use": [("none", 85), ("alcohol", 11), ("drugs", 2), ("gambling", 2)],
    "financial_hardship": [("no", 85), ("yes", 15)],
    "skill_need": [("no", 80), ("yes", 20)],
    "psych_test": [("normal", 80), ("attention", 15), ("abnormal", 2), ("not_tested", 3)],
    "peer_risk": [("no", 90), ("yes", 10)],
    "prohibition_order": [("none", 85), ("has", 15)],
}
# Instrument answers that follow from the conditions; the rest are drawn with these weights per option.
ANSWER_FROM = {"prior": ("prior_record", {"none": "none", "prior": "prior", "recidivist": "recidivist"}),
               "employment": ("employment", {"employed": "stable", "farming": "stable", "retired": "stable", "casual": "casual",
                                             "unemployed": "none"}),
               "education": ("education", {"primary": "primary", "junior": "junior", "senior": "senior", "college": "senior"}),
               "finance": ("financial_hardship", {"no": "ok", "yes": "hard"}),
               "family": ("family_support", {"good": "good", "weak": "weak", "none": "none"}),
               "residence": ("residence", {"stable": "stable", "unstable": "unstable", "no_fixed": "none"}),
               "substance": ("substance_use", {"none": "none", "alcohol": "alcohol", "gambling": "alcohol", "drugs": "drugs"}),
               "emotion": ("psych_test", {"normal": "normal", "not_tested": "normal", "attention": "attention", "abnormal": "abnormal"}),
               "attitude": ("remorse", {"good": "good", "average": "average", "poor": "poor"}),
               "peers": ("peer_risk", {"no": "prosocial", "yes": "some"})}


def _pick(rng: Any, options: list[tuple[str, int]]) -> str:
    return str(rng.choices([o for o, _ in options], weights=[w for _, w in options])[0])


def seed_plans(ctx: Any, *, office: Any) -> int:
    """For each subject of ``office`` in correction: recorded conditions, an initial assessment (flagged simulated),
    a plan (approved after a few days for most; a recent intake keeps a draft), and for some a later 训诫 or 警告
    whose chance grows with the score — so the 分级预测效果 report has outcomes, and says they are simulated."""
    from django.contrib.auth import get_user_model

    from corrections import plans
    from corrections.choices import Status
    from corrections.models import RuleSet, Subject

    rng = ctx.rng
    rule_set = RuleSet.objects.filter(active=True).prefetch_related("items").first()
    if rule_set is None:
        return 0
    library = plans.load_library()
    done = 0
    for subject in Subject.objects.filter(org=office, status=Status.IN_CORRECTION).select_related("person", "officer", "org"):
        actor = subject.officer
        values = {key: _pick(rng, options) for key, options in DEMO_CONDITIONS.items()}
        if subject.correction_type == "temporary_outside":
            values["outside_reason"] = _pick(rng, [("illness", 80), ("self_care", 12), ("pregnancy", 8)])
            values["employment"] = "unable"
        plans.conditions_update(actor=actor, subject=subject, values=values, repropose=False)
        # A risk profile per subject (about 6 in 10 low, 3 medium, 1 high): the answers lean with it, anchored on the
        # recorded conditions for a low-risk subject.
        profile = _pick(rng, [("low", 60), ("medium", 28), ("high", 12)])
        answers = {}
        for item in rule_set.items.all():
            source = ANSWER_FROM.get(item.code)
            options = [str(o["value"]) for o in item.options]
            if profile == "high":
                answers[item.code] = str(rng.choices(options, weights=[1] * (len(options) - 1) + [4])[0])
            elif source and values.get(source[0]) in source[1] and (profile == "low" or rng.random() < 0.5):
                answers[item.code] = source[1][values[source[0]]]
            else:
                answers[item.code] = str(rng.choices(options, weights=[6 if profile == "low" else 2] + [1] * (len(options) - 1))[0])
        if any(w in subject.crime for w in plans.VIOLENT_WORDS):
            answers["violence"] = "yes"
        on = min(subject.reported_date + dt.timedelta(days=rng.randint(0, 3)), ctx.today)
        assessment = plans.assessment_record(actor=actor, subject=subject, simulated=True,
                                             data=plans.AssessmentInput(answers=answers, assessed_on=on))
        plan = plans.plan_generate(actor=actor, subject=subject, library=library, today=on)
        approve_on = on + dt.timedelta(days=rng.randint(2, 12))
        if approve_on <= ctx.today and rng.random() < 0.9:
            plans.plan_approve(actor=actor, plan=plan, date=approve_on)
        chance = 0.03 + 0.6 * assessment.total / 45
        if (ctx.today - subject.reported_date).days > 60 and rng.random() < chance:
            sanction = _pick(rng, [("admonished_twice", 3), ("warned", 2), ("police_penalty", 1)])
            plans.conditions_update(actor=actor, subject=subject, values={"sanctions": sanction}, repropose=False)
        done += 1
    # 入矫初期 is over for most: the re-grading rules propose their levels and the office approves most proposals.
    from corrections.models import RegradeProposal

    officer_id = Subject.objects.filter(org=office).exclude(officer=None).values_list("officer", flat=True).first()
    if officer_id is not None:
        head = get_user_model().objects.get(pk=officer_id)
        plans.regrade_scan(actor=head, subjects=Subject.objects.filter(org=office), today=ctx.today)
        for proposal in RegradeProposal.objects.filter(org=office, status=RegradeProposal.Status.PENDING).select_related(
                "subject__person", "to_level"):
            approve = rng.random() < 0.85
            plans.proposal_decide(actor=head, proposal=proposal, approve=approve, note="" if approve else "继续观察一个月")
    return done
