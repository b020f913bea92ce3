"""Demo accounts of the base installation (see ``core/demo.py``): one per persona and org, all with the demo password."""

from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Membership, Role, User
from core.demo import mobile_number
from orgs.demo import CITY_CODE, children_by_parent
from orgs.models import Org


@transaction.atomic
def accounts_create(*, rng: random.Random, faker: Any, scale: str, counties: set[str]) -> tuple[list[Org], dict[int, list[User]]]:
    """Demo accounts, all with ``settings.DEMO_PASSWORD`` (hashed once: argon2 is deliberately slow):
    sysadmin, city_admin, city_leader; per county county_/countylead_/auditor_<6 digits> and centre_<6 digits> at its
    法律援助中心; per office office_<9 digits>
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

    committees = children_by_parent(list(Org.objects.filter(kind=Org.Kind.COMMITTEE).order_by("path")))
    city = Org.objects.get(code=CITY_CODE)
    add("sysadmin", city, "sysadmin", "系统管理员", full_name="系统管理员", superuser=True)
    add("city_admin", city, "city_staff", "基层工作科科员")
    add("city_leader", city, "city_leader", "副局长")
    for county in Org.objects.filter(kind=Org.Kind.COUNTY_BUREAU).order_by("path"):
        if wanted(county):
            add(f"county_{county.code}", county, "county_staff", "基层股股长")
            add(f"countylead_{county.code}", county, "county_leader", "副局长")
            add(f"auditor_{county.code}", county, "auditor", "法制审核员")
    # The county's 法律援助中心 (法律援助机构) reviews, decides and assigns its own cases (办案范围: its own org).
    for centre in Org.objects.filter(kind=Org.Kind.SERVICE_CENTER).order_by("path"):
        if wanted(centre):
            add(f"centre_{centre.code[:6]}", centre, "county_staff", "法律援助审查员")
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
