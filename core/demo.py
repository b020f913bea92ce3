"""Demo data: the base installation (org tree, accounts) and the plug-in registry.

``seed_demo`` builds the org tree and the accounts here, then calls ``seed(ctx)`` of every app that has a
``<app>/demo.py`` defining such a function, in INSTALLED_APPS order. A seeder writes through its module's
services, draws every random choice from ``ctx.rng`` / ``ctx.faker`` (so one seed gives one data set) and
reports progress with ``ctx.stage``."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Membership, Role, User
from core.validators import id_check_char
from orgs.models import Org, Region
from orgs.services import org_tree_build_from_regions

CITY_CODE = "150400"  # 赤峰市: the real division tree shipped with the app
# Province scale: Chifeng's division tree cloned under ten synthetic city codes (15 + 05…14 + 00).
PROVINCE_CITIES = [(f"15{n:02d}00", f"模拟{name}市") for n, name in zip(range(5, 15), "甲乙丙丁戊己庚辛壬癸", strict=True)]

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
    for config in apps.get_app_configs():
        if only and config.label not in only:
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        seed = getattr(module, "seed", None)
        if callable(seed):
            found.append((str(config.verbose_name), seed))
    return found


def regions_clone_city(*, source_code: str, city_code: str, name: str) -> int:
    """Copy a city's region subtree under a new city code (same shape, codes re-prefixed) for the province scale."""
    source = Region.objects.get(code=source_code)
    root_path = Region._get_path(None, 1, Region.objects.filter(depth=1).count() + 1)
    new = city_code[:4]  # every code below a city starts with its four digits
    rows = [Region(path=root_path, depth=1, numchild=source.numchild, code=city_code, name=name, level=source.level)]
    for r in Region.objects.filter(path__startswith=source.path, depth__gt=source.depth).order_by("path"):
        rows.append(Region(path=root_path + r.path[source.depth * Region.steplen:], depth=r.depth - source.depth + 1,
                           numchild=r.numchild, code=new + r.code[4:], name=r.name, level=r.level))
    Region.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def org_trees_build(*, scale: str) -> None:
    """Chifeng's org tree; at province scale ten more cities cloned from it (without committees)."""
    org_tree_build_from_regions(city_code=CITY_CODE)
    if scale == "province":
        for code, name in PROVINCE_CITIES:
            regions_clone_city(source_code=CITY_CODE, city_code=code, name=name)
            org_tree_build_from_regions(city_code=code, committees=False)


def _children_by_parent(rows: list[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for r in rows:
        out.setdefault(r.path[: -r.steplen], []).append(r)
    return out


@transaction.atomic
def accounts_create(*, rng: random.Random, faker: Any, scale: str, counties: set[str]) -> tuple[list[Org], dict[int, list[User]]]:
    """Demo accounts, all with ``settings.DEMO_PASSWORD`` (hashed once: argon2 is deliberately slow):
    sysadmin, city_admin, city_leader; per county county_/countylead_/auditor_<6 digits>; per office office_<9 digits>
    (所长) and staff_<9 digits>_<n>; mediator_<12 digits> for the first committees of each office.
    ``counties`` (6-digit codes), when given, limits everything below the city to those counties."""
    roles = {r.code: r for r in Role.objects.all()}
    password = make_password(settings.DEMO_PASSWORD)
    users: list[User] = []
    grants: list[tuple[str, Org, str, str]] = []

    def add(username: str, org: Org, role: str, title: str, *, full_name: str = "", superuser: bool = False) -> None:
        users.append(User(username=username, password=password, full_name=full_name or faker.name(), phone=mobile_number(rng),
                          is_superuser=superuser, is_staff=superuser))
        grants.append((username, org, role, title))

    def wanted(org: Org) -> bool:
        return not counties or org.code[:6] in counties

    committees = _children_by_parent(list(Org.objects.filter(kind=Org.Kind.COMMITTEE).order_by("path")))
    city = Org.objects.get(code=CITY_CODE)
    add("sysadmin", city, "sysadmin", "系统管理员", full_name="系统管理员", superuser=True)
    add("city_admin", city, "city_staff", "基层工作科科员")
    add("city_leader", city, "city_leader", "副局长")
    for county in Org.objects.filter(kind=Org.Kind.COUNTY_BUREAU).order_by("path"):
        if wanted(county):
            add(f"county_{county.code}", county, "county_staff", "基层股股长")
            add(f"countylead_{county.code}", county, "county_leader", "副局长")
            add(f"auditor_{county.code}", county, "auditor", "法制审核员")
    offices = [o for o in Org.objects.filter(kind=Org.Kind.OFFICE).select_related("region").order_by("path") if wanted(o)]
    office_usernames: dict[int, list[str]] = {}
    for office in offices:
        office_usernames[office.pk] = [f"office_{office.code}"]
        add(f"office_{office.code}", office, "office_head", "所长")
        for n in range(1, (rng.randint(1, 2) if scale == "city" else 1) + 1):
            office_usernames[office.pk].append(f"staff_{office.code}_{n}")
            add(f"staff_{office.code}_{n}", office, "office_staff", "科员")
        for committee in committees.get(office.path, [])[:2]:
            add(f"mediator_{committee.code}", committee, "mediator", "人民调解员")
    User.objects.bulk_create(users, batch_size=1000)
    ids = dict(User.objects.values_list("username", "id"))  # the command runs on an empty user table only
    Membership.objects.bulk_create(
        [Membership(user_id=ids[u], org=o, role=roles[r], title=t) for u, o, r, t in grants], batch_size=1000
    )
    by_name = {u.username: u for u in User.objects.all()}
    return offices, {pk: [by_name[name] for name in names] for pk, names in office_usernames.items()}


def context_build(*, rng: random.Random, faker: Any, scale: str, offices: list[Org], office_users: dict[int, list[User]],
                  out: Callable[[str], None], today: dt.date, per_office: dict[str, int]) -> DemoContext:
    committees = _children_by_parent(list(Org.objects.filter(kind=Org.Kind.COMMITTEE).select_related("region").order_by("path")))
    villages = _children_by_parent(list(Region.objects.filter(level=Region.Level.VILLAGE).order_by("path")))
    return DemoContext(
        rng=rng, faker=faker, scale=scale, offices=offices, out=out, today=today, per_office=per_office,
        committees={o.pk: committees.get(o.path, []) for o in offices},
        villages={o.pk: villages.get(o.region.path, []) for o in offices},
        office_users=office_users,
    )


# 模拟历史台账 (province-scale benchmarks): per office and working day, the mix of a typical 司法所's recorded work.
# Each entry: (event type, expected count per office per working day, quantity range). Figures follow the source
# documents' district (≈430 disputes a year over 15 offices ≈ 0.12 per office-day; about twice as many consultations).
HISTORY_MIX: list[tuple[str, float, tuple[int, int]]] = [
    ("worklog.confirmed", 0.9, (1, 1)),
    ("consultation.recorded", 0.25, (1, 1)),
    ("mediation.dispute_registered", 0.12, (1, 1)),
    ("mediation.dispute_accepted", 0.11, (1, 1)),
    ("mediation.investigation", 0.08, (1, 1)),
    ("mediation.session", 0.15, (1, 1)),
    ("mediation.agreement_written", 0.07, (1, 1)),
    ("mediation.agreement_oral", 0.04, (1, 1)),
    ("mediation.settled_amount", 0.07, (2000, 80000)),
    ("mediation.followup", 0.06, (1, 1)),
    ("mediation.dispute_closed", 0.1, (1, 1)),
    ("people.person_registered", 0.1, (1, 1)),
    ("documents.document_generated", 0.2, (1, 1)),
]
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
    mix = [(code, rate, qty) for code, rate, qty in HISTORY_MIX if code in EVENT_TYPES]
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
