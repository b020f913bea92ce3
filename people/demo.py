"""Demo people: about ten residents per office registered through ``person_create`` (so audit and ledger rows
exist), living in the office's villages, and a few open 人员信息核对 deadlines per office for 今日待办."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from core import calendar
from core.deadlines import deadline_open
from orgs.models import Region
from people.services import INFO_CHECK, PersonInput, person_create

# Chifeng's population by nationality, roughly: 汉族 most, then 蒙古族, 满族, 回族 (GB/T 3304 codes).
ETHNICITY_WEIGHTS = [("01", 76), ("02", 18), ("11", 4), ("03", 2)]
NOTES = ["", "", "", "", "外出务工，常住外地", "低保户", "独居老人", "退役军人"]


def _address(rng: Any, village: Region) -> str:
    if "社区" in village.name or "居委会" in village.name:
        return f"{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 6)}0{rng.randint(1, 4)}室"
    return f"{rng.randint(1, 12)}组{rng.randint(1, 120)}号"


def person_inputs(ctx: Any, office: Any, count: int) -> list[PersonInput]:
    """``count`` residents of ``office``'s town: valid ID numbers, birth dates of adults, phones, village addresses."""
    villages = ctx.villages.get(office.pk) or [office.region]
    codes, weights = zip(*ETHNICITY_WEIGHTS, strict=True)
    out = []
    for _ in range(count):
        female = ctx.rng.random() < 0.5
        birth = dt.date(ctx.rng.randint(1940, 2006), ctx.rng.randint(1, 12), ctx.rng.randint(1, 28))
        village = ctx.rng.choice(villages)
        out.append(PersonInput(
            name=ctx.faker.name_female() if female else ctx.faker.name_male(),
            id_number=ctx.id_number(region_code=office.region.code, birth=birth, female=female),
            ethnicity=ctx.rng.choices(codes, weights=weights)[0],
            phone=ctx.phone() if ctx.rng.random() < 0.9 else "",
            region=village,
            address_detail=_address(ctx.rng, village),
            note=ctx.rng.choice(NOTES),
        ))
    return out


def _due_date(ctx: Any, n: int) -> dt.date:
    """Spread the clocks: the first is overdue, the second due soon, the rest later; the order is shuffled per office."""
    if n == 0:
        return ctx.today - dt.timedelta(days=ctx.rng.randint(1, 10))
    if n == 1:
        return calendar.add_working_days(ctx.today, ctx.rng.randint(0, 2))
    return calendar.add_working_days(ctx.today, ctx.rng.randint(5, 20))


def seed(ctx: Any) -> None:
    persons, checks = ctx.per_office.get("persons", 10), ctx.per_office.get("deadlines", 4)
    with ctx.stage("人员信息", len(ctx.offices)) as tick, transaction.atomic():
        for i, office in enumerate(ctx.offices, start=1):
            users = ctx.office_users[office.pk]
            registered = [
                person_create(actor=ctx.rng.choice(users), org=office, data=data, confirm_duplicate=True)
                for data in person_inputs(ctx, office, persons)
            ]
            order = list(range(checks))
            ctx.rng.shuffle(order)
            for n, person in zip(order, registered, strict=False):
                due = _due_date(ctx, n)
                deadline_open(
                    org=office, owner=users[0] if n < 3 else ctx.rng.choice(users), kind=INFO_CHECK,
                    title=f"人员信息核对：{person.name}（住址、联系电话）", start_date=min(due, ctx.today) - dt.timedelta(days=14),
                    due_date=due, target=person, link=person.get_absolute_url(),
                )
            tick(i)
