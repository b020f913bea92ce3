"""Demo data of the base installation: the org tree over the real division tree (Chifeng; at province scale ten
cities cloned from it), and the context every module's seeder gets (see ``core/demo.py``)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.db import transaction

from core.demo import DemoContext
from orgs.models import Org, Region
from orgs.services import org_tree_build_from_regions

CITY_CODE = "150400"  # 赤峰市: the real division tree shipped with the app
# Province scale: Chifeng's division tree cloned under ten synthetic city codes (15 + 05…14 + 00).
PROVINCE_CITIES = [(f"15{n:02d}00", f"模拟{name}市") for n, name in zip(range(5, 15), "甲乙丙丁戊己庚辛壬癸", strict=True)]

def regions_clone_city(*, source_code: str, city_code: str, name: str) -> int:
    """Copy a city's region subtree under a new city code (same shape, codes re-prefixed) for the province scale."""
    source = Region.objects.get(code=source_code)
    # treebeard's public add_root gives the new city its path; the subtree below is copied in bulk under it.
    root = Region.objects.add_root({"code": city_code, "name": name, "level": source.level})
    Region.objects.filter(pk=root.pk).update(numchild=source.numchild)
    root_path = root.path
    new = city_code[:4]  # every code below a city starts with its four digits
    rows: list[Region] = []
    for r in Region.objects.filter(path__startswith=source.path, depth__gt=source.depth).order_by("path"):
        rows.append(Region(path=root_path + r.path[source.depth * Region.steplen:], depth=r.depth - source.depth + 1,
                           numchild=r.numchild, code=new + r.code[4:], name=r.name, level=r.level))
    Region.objects.bulk_create(rows, batch_size=2000)
    return len(rows) + 1


@transaction.atomic
def org_trees_build(*, scale: str) -> None:
    """Chifeng's org tree; at province scale ten more cities cloned from it (without committees)."""
    org_tree_build_from_regions(city_code=CITY_CODE)
    if scale == "province":
        for code, name in PROVINCE_CITIES:
            regions_clone_city(source_code=CITY_CODE, city_code=code, name=name)
            org_tree_build_from_regions(city_code=code, committees=False)


def children_by_parent(rows: list[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for r in rows:
        out.setdefault(r.path[: -r.steplen], []).append(r)
    return out


def context_build(*, rng: random.Random, faker: Any, scale: str, offices: list[Org], office_users: dict[int, list[Any]],
                  out: Callable[[str], None], today: dt.date, per_office: dict[str, int]) -> DemoContext:
    committees = children_by_parent(list(Org.objects.filter(kind=Org.Kind.COMMITTEE).select_related("region").order_by("path")))
    villages = children_by_parent(list(Region.objects.filter(level=Region.Level.VILLAGE).order_by("path")))
    return DemoContext(
        rng=rng, faker=faker, scale=scale, offices=offices, out=out, today=today, per_office=per_office,
        committees={o.pk: committees.get(o.path, []) for o in offices},
        villages={o.pk: villages.get(o.region.path, []) for o in offices},
        office_users=office_users,
    )
