"""Demo 法律咨询: about thirty consultations per office over the past year, recorded through the same service users
call (so the ledger counts them), with real answers and citations; a few become 矛盾纠纷 through the conversion
service, some are referred to another department or to 法律援助."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from consultation import services
from consultation.choices import Channel, FollowUp
from consultation.demo_scenarios import SCENARIOS, Scenario
from people.demo import person_inputs

CHANNEL_WEIGHTS = [(Channel.WALK_IN, 50), (Channel.PHONE, 22), (Channel.HOTLINE, 12), (Channel.ONLINE, 10), (Channel.VIDEO, 6)]
CONVERT_SHARE = 0.2
DURATIONS = [10, 15, 15, 20, 20, 25, 30, 40, 60]


def _fill(ctx: Any, scenario: Scenario, village: str) -> dict[str, Any]:
    low, high = scenario.amount or (0, 0)
    return {
        "v": village, "amt": ctx.rng.randrange(low, high + 1, 100) if high else 0, "n": ctx.rng.randint(3, 20),
        "y": ctx.rng.choice(["一", "两", "三"]), "k": ctx.rng.randint(3, 15), "mu": ctx.rng.choice([15, 20, 30, 45, 60]),
    }


def seed_consultations(ctx: Any, *, office: Any, users: list[Any], count: int) -> int:
    """``count`` consultations of ``office`` spread over the past year; returns how many became disputes."""
    rng = ctx.rng
    weights = [s.weight for s in SCENARIOS]
    askers = person_inputs(ctx, office, count)
    converted = 0
    for asker in askers:
        scenario = rng.choices(SCENARIOS, weights=weights)[0]
        day = ctx.today - dt.timedelta(days=rng.randint(0, 364))
        fill = _fill(ctx, scenario, asker.region.name if asker.region else office.region.name)
        follow_up, referred_to = FollowUp.NONE, ""
        if scenario.referred_to and rng.random() < 0.5:
            follow_up, referred_to = FollowUp.REFERRED, scenario.referred_to
        elif scenario.legal_aid and rng.random() < 0.6:
            follow_up = FollowUp.LEGAL_AID
        handler = rng.choice(users)
        consultation = services.consultation_record(actor=handler, org=office, person=asker, data=services.ConsultationInput(
            date=day, channel=rng.choices([c for c, _ in CHANNEL_WEIGHTS], weights=[w for _, w in CHANNEL_WEIGHTS])[0],
            topic=scenario.topic, question=scenario.question.format(**fill), answer=scenario.answer,
            laws_cited="\n".join(scenario.laws), handler=handler, duration_minutes=rng.choice(DURATIONS),
            follow_up=follow_up, referred_to=referred_to,
        ))
        if scenario.dispute_category and follow_up == FollowUp.NONE and rng.random() < CONVERT_SHARE:
            other = person_inputs(ctx, office, 1)[0]
            services.consultation_to_dispute(actor=handler, consultation=consultation, data=services.ConversionInput(
                title=scenario.dispute_title.format(a=consultation.person.name, b=other.name), category=scenario.dispute_category,
                respondent_name=other.name, respondent_id_number=other.id_number, respondent_phone=other.phone,
                amount=Decimal(fill["amt"]), received_date=min(day + dt.timedelta(days=rng.randint(0, 3)), ctx.today),
            ))
            converted += 1
    return converted


def seed(ctx: Any) -> None:
    """Per office, in one transaction each: ``ctx.per_office["consultations"]`` consultations handled by the office's
    staff. Without that key the volume follows the dispute volume (five consultations for four disputes: 30 at city
    scale), so a run asked for few disputes stays small."""
    count = ctx.per_office.get("consultations", round(ctx.per_office.get("disputes", 24) * 5 / 4))
    with ctx.stage("法律咨询", len(ctx.offices)) as tick:
        for i, office in enumerate(ctx.offices, start=1):
            users = ctx.office_users.get(office.pk)
            if users:
                with transaction.atomic():
                    seed_consultations(ctx, office=office, users=users, count=count)
            tick(i)
