"""Demo 重新违法犯罪 and 变更执行地, in the proportions a real year shows: new crimes during correction are rare (about
0.2% of the people under correction a year nationally, research notes §5.1 — here one for every few hundred subjects,
at least one), breaches punished by the police a few times more often; a handful of subjects move house to another
county and change their place of execution, most already reported at the new office, one still on the way.

Everything goes through the services (audit, ledger, clocks), so N03, the 统计表's 再犯罪率 and the transfer clocks read
real rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from core.errors import ValidationFailed
from corrections import duties, reoffences, transfers
from corrections.choices import CorrectionType, Status
from corrections.choices_duties import RequestStatus
from corrections.models import Subject

CRIME_PER_SUBJECTS = 250  # one new crime for so many subjects under correction (≈0.4%, the order of the national rate)
BREACHES_PER_CRIME = 3
TRANSFERS_PER_SUBJECTS = 60

CRIMES = [("2026年在辖区某小区入户盗窃电动车电瓶两块，价值二千余元", "盗窃"),
          ("酒后驾驶机动车被查获，血液酒精含量一百二十毫克每百毫升", "危险驾驶")]
BREACHES = [("在饭店酒后与他人发生口角并推搡，致对方轻微伤", "行政拘留五日，罚款二百元"),
            ("参与赌博，赌资较大", "行政拘留十日，罚款五百元"),
            ("无正当理由多次在夜间滋扰邻居", "警告")]
MOVES = [("因工作调动迁居", "购买住房迁居"), ("随子女迁居", "随配偶迁居")]


def _county(office: Any) -> str:
    """The county of an office, from its 司法局 above (红山区)."""
    from orgs.models import Org

    above = Org.objects.filter(path=office.path[: -Org.steplen]).first()
    return above.name.removesuffix("司法局") if above is not None else "红山区"


def _police(office: Any) -> str:
    county = _county(office)
    return f"赤峰市公安局{county}分局" if county.endswith("区") else f"{county}公安局"


def _eligible(subjects: list[Subject], today: dt.date, days: int) -> list[Subject]:
    return [s for s in subjects if (today - s.start_date).days > days and s.status == Status.IN_CORRECTION]


def seed_reoffences(ctx: Any, subjects: list[Subject]) -> int:
    """New crimes (with the revocation proposal the law requires, 刑法 第七十七条) and breaches punished by the police."""
    rng, today = ctx.rng, ctx.today
    pool = _eligible(subjects, today, 45)
    rng.shuffle(pool)
    crimes = max(1, len(subjects) // CRIME_PER_SUBJECTS) if pool else 0
    made = 0
    for subject in pool[:crimes + crimes * BREACHES_PER_CRIME]:
        officer = subject.officer or (ctx.office_users.get(subject.org_id) or [None])[0]
        found = today - dt.timedelta(days=rng.randint(5, min(40, (today - subject.start_date).days - 1)))
        if made < crimes and subject.correction_type in (CorrectionType.PROBATION, CorrectionType.PAROLE):
            facts, _ = rng.choice(CRIMES)
            reoffences.reoffence_record(actor=officer, subject=subject, data=reoffences.ReoffenceInput(
                discovered_date=found, nature="crime", description=facts, authority=_police(subject.org), outcome="coercive",
                outcome_date=found, outcome_note="被公安机关刑事拘留"))
            advice = next((s for s in duties.sanction_suggestions(subject, today=today) if s.kind.startswith("revoke")), None)
            if advice is not None:
                duties.sanction_decide(actor=officer, subject=subject, data=duties.SanctionInput(
                    kind=advice.kind, facts=advice.reason, basis=advice.basis, decision_date=min(found + dt.timedelta(days=3), today),
                    suggested=True))
        else:
            facts, note = rng.choice(BREACHES)
            reoffences.reoffence_record(actor=officer, subject=subject, data=reoffences.ReoffenceInput(
                discovered_date=found, nature="illegal", description=facts, authority=_police(subject.org),
                outcome="public_security", outcome_date=min(found + dt.timedelta(days=1), today), outcome_note=note))
        made += 1
    return made


def seed_transfers(ctx: Any, subjects: list[Subject]) -> int:
    """A few changes of the place of execution to another office with staff: decided, handed over and reported; the
    last one handed over two days ago and not yet reported (its seven days still run)."""
    rng, today = ctx.rng, ctx.today
    offices = [o for o in ctx.offices if ctx.office_users.get(o.pk)]
    if len(offices) < 2:
        return 0
    busy = {s.pk for s in subjects if s.requests.filter(status__in=[RequestStatus.SUBMITTED, RequestStatus.REFERRED]).exists()
            or s.absconds.filter(found_date__isnull=True).exists() or s.reoffences.exists()}
    pool = [s for s in _eligible(subjects, today, 30) if s.pk not in busy]
    rng.shuffle(pool)
    count = min(len(pool), max(1, len(subjects) // TRANSFERS_PER_SUBJECTS))
    moved = 0
    for n, subject in enumerate(pool[:count]):
        target = rng.choice([o for o in offices if o.pk != subject.org_id])
        officer = subject.officer or ctx.office_users[subject.org_id][0]
        pending = n == count - 1 and count > 1
        decided = today - dt.timedelta(days=3 if pending else rng.randint(8, 25))
        try:
            with transaction.atomic():  # a subject the services refuse to move (an open trip …) is left where it is
                _move(ctx, subject, target, officer, decided, pending)
        except ValidationFailed:
            continue
        moved += 1
    return moved


def _move(ctx: Any, subject: Subject, target: Any, officer: Any, decided: dt.date, pending: bool) -> None:
    rng = ctx.rng
    town = target.name.removesuffix("司法所")
    transfer = transfers.transfer_approve(actor=officer, subject=subject, data=transfers.TransferInput(
        to_office=target, new_address=f"{_county(target)}{town}", reason=rng.choice(MOVES)[rng.randint(0, 1)], decision_date=decided,
        notified_date=decided, decision_number=f"矫变字〔{decided.year}〕{rng.randint(1, 40)}号"))
    transfers.transfer_handover(actor=officer, transfer=transfer, date=decided + dt.timedelta(days=1))
    if not pending:
        receiver = rng.choice(ctx.office_users[target.pk])
        transfers.transfer_report(actor=receiver, subject=subject, date=decided + dt.timedelta(days=rng.randint(2, 6)), officer=receiver)


def seed_records(ctx: Any) -> None:
    """After the daily supervision: the year's 重新违法犯罪 and 变更执行地 across all offices, in one transaction."""
    subjects = list(Subject.objects.filter(org__in=ctx.offices, status=Status.IN_CORRECTION).select_related("person", "officer", "org")
                    .order_by("pk"))
    with transaction.atomic():
        crimes = seed_reoffences(ctx, subjects)
        moved = seed_transfers(ctx, subjects)
    ctx.out(f"  社区矫正重新违法犯罪 {crimes} 人次，变更执行地 {moved} 人")
