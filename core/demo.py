"""Demo data: the plug-in registry and what every module's seeder gets.

``seed_demo`` (``accounts/management/commands/seed_demo.py``) builds the org tree (``orgs/demo.py``) and the
accounts (``accounts/demo.py``), then calls ``seed(ctx)`` of every app that has a ``<app>/demo.py`` defining such a
function, in INSTALLED_APPS order. A seeder writes through its module's
services, draws every random choice from ``ctx.rng`` / ``ctx.faker`` (so one seed gives one data set) and
reports progress with ``ctx.stage``."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction

from core.discovery import app_module_pairs, app_modules
from core.validators import id_check_char

if TYPE_CHECKING:  # names for the type checker only: orgs and accounts are layers above core
    from accounts.models import User
    from orgs.models import Org, Region

# Mobile prefixes in use (GB/T 工信部 号段): 11 digits, second digit 3–9.
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157",
                   "158", "159", "166", "177", "180", "181", "182", "183", "186", "187", "189", "198", "199")

# Per-office volumes by scale; ``--per-office key=n`` overrides one of them. Six disputes per office keep the city
# seed near a minute; ``disputes=24`` gives a real year's volume (about 430 in a district of 15 offices) in ~5 minutes.
PER_OFFICE_DEFAULTS: dict[str, dict[str, int]] = {
    "city": {"persons": 10, "deadlines": 4, "disputes": 6},
    "province": {"persons": 2, "deadlines": 1, "disputes": 2},
}


def mobile_number(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


@dataclass
class DemoContext:
    """What a module's demo seeder gets: deterministic randomness, the org tree and the users per office."""

    rng: random.Random
    faker: Any
    scale: str
    offices: list[Org]  # the offices to fill with records, in path order
    committees: dict[int, list[Org]]  # office id → its 人民调解委员会
    villages: dict[int, list[Region]]  # office id → the 村/社区 regions of its town
    office_users: dict[int, list[User]]  # office id → [所长, staff …]
    out: Callable[[str], None]
    today: dt.date
    per_office: dict[str, int] = field(default_factory=dict)
    id_numbers: set[str] = field(default_factory=set)

    @contextmanager
    def stage(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        """Progress for one stage: ``tick(done)`` prints a counter line at most every two seconds."""
        started = time.monotonic()
        last = [0.0]

        def tick(done: int) -> None:
            now = time.monotonic()
            if now - last[0] > 2 or done == total:
                last[0] = now
                self.out(f"  {label}：{done}/{total}")

        yield tick
        self.out(f"  {label}完成（{time.monotonic() - started:.1f} 秒）")

    def phone(self) -> str:
        return mobile_number(self.rng)

    def id_number(self, *, region_code: str, birth: dt.date, female: bool) -> str:
        """A valid 公民身份号码 (GB 11643-1999) not used before in this run: the registry keeps one record per number."""
        while True:
            seq = self.rng.randrange(500) * 2 + (0 if female else 1)  # 17th digit: odd for men, even for women
            body = f"{region_code[:6]}{birth:%Y%m%d}{seq:03d}"
            number = body + id_check_char(body)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number


def seeders(only: set[str] | None = None) -> list[tuple[str, Callable[[DemoContext], None]]]:
    """(app verbose name, seed function) of every installed app with a ``demo.seed``, in INSTALLED_APPS order;
    ``only`` limits them to those app labels."""
    found = []
    for config, module in app_module_pairs("demo"):
        if only and config.label not in only:
            continue
        seed = getattr(module, "seed", None)
        if callable(seed):
            found.append((str(config.verbose_name), seed))
    return found


# 模拟历史台账 (province-scale benchmarks): per office and working day, the mix of a typical 司法所's recorded work.
# Each module declares its share next to its event types, as ``HISTORY_MIX`` in ``<app>/ledger.py``: entries of
# (event type, expected count per office per working day, quantity range). The figures follow the source documents'
# district (≈430 disputes a year over 15 offices ≈ 0.12 per office-day; about twice as many consultations).
HistoryMix = list[tuple[str, float, tuple[int, int]]]


def history_mix() -> HistoryMix:
    """Every installed app's ``HISTORY_MIX``, in INSTALLED_APPS order."""
    found: HistoryMix = []
    for module in app_modules("ledger"):
        found.extend(getattr(module, "HISTORY_MIX", ()))
    return found


HISTORY_NOTE = "模拟历史台账（性能测试）"


def ledger_history_seed(ctx: DemoContext, *, days: int, batch_size: int = 20_000) -> int:
    """Bulk-write ``days`` of synthetic ledger history for every office (benchmarks at province scale need a year of
    it; going through each module's services for two million rows would take hours). The entries carry no record
    and say so in their note; event types come from the registry, so a removed type is skipped, never invented."""
    from core import calendar
    from core.ledger import EVENT_TYPES
    from core.models import WorkEvent

    if days <= 0:
        return 0
    mix = [(code, rate, qty) for code, rate, qty in history_mix() if code in EVENT_TYPES]
    workdays = calendar.workdays_in(ctx.today - dt.timedelta(days=days), ctx.today - dt.timedelta(days=1))
    rng, total, batch = ctx.rng, 0, []
    with ctx.stage("模拟历史台账（按司法所）", len(ctx.offices)) as tick:
        for n, office in enumerate(ctx.offices, 1):
            users: list[Any] = ctx.office_users.get(office.pk) or [None]
            for day in workdays:
                for code, rate, (low, high) in mix:
                    # Counts per day: the integer part always, the fraction with its probability.
                    count = int(rate) + (1 if rng.random() < rate - int(rate) else 0)
                    for _ in range(count):
                        actor = rng.choice(users)
                        batch.append(WorkEvent(org_id=office.pk, actor_id=actor.pk if actor else None, event_type=code,
                                               date=day, quantity=rng.randint(low, high), note=HISTORY_NOTE))
                if len(batch) >= batch_size:
                    with transaction.atomic():
                        WorkEvent.objects.bulk_create(batch, batch_size=5000)
                    total += len(batch)
                    batch = []
            tick(n)
    if batch:
        with transaction.atomic():
            WorkEvent.objects.bulk_create(batch, batch_size=5000)
        total += len(batch)
    return total
