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
            tick(i)
