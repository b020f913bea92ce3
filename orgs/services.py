"""Writes to the org tree."""

from __future__ import annotations

import re

from django.db import transaction

from orgs.models import Org, Region

_ALPHABET = Org.alphabet


def _step(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, len(_ALPHABET))
        out = _ALPHABET[r] + out
    return out.rjust(Org.steplen, "0")


def committee_name(village_name: str) -> str:
    """一西街社区居委会 → 一西街社区人民调解委员会; 红庙子村民委员会 → 红庙子村人民调解委员会."""
    base = re.sub(r"(居民委员会|村民委员会|居委会|村委会)$", "", village_name)
    if village_name.endswith(("村民委员会", "村委会")) and not base.endswith("村"):
        base += "村"
    if village_name.endswith(("居民委员会", "居委会")) and not base.endswith("社区"):
        base += "社区"
    return f"{base}人民调解委员会"


@transaction.atomic
def org_tree_build_from_regions(*, city_code: str, committees: bool = True) -> int:
    """Create the standard org tree for a city from its regions: 市司法局 → 县级司法局 (+ 公共法律服务中心)
    → one 司法所 per 乡镇/街道 → one 人民调解委员会 per 村/社区. Idempotent: does nothing if it exists."""
    if Org.objects.filter(code=city_code).exists():
        return 0
    city = Region.objects.get(code=city_code)
    regions = list(Region.objects.filter(path__startswith=city.path).order_by("path"))
    children: dict[str, list[Region]] = {}
    for r in regions:
        if r.depth > city.depth:
            children.setdefault(r.path[: -Region.steplen], []).append(r)

    rows: list[Org] = []

    def add(path: str, *, code: str, name: str, kind: str, region: Region, abbr: str, short: str = "") -> Org:
        org = Org(path=path, depth=len(path) // Org.steplen, numchild=0, code=code, name=name, short_name=short or name,
                  kind=kind, region=region, doc_abbr=abbr)
        rows.append(org)
        return org

    root_n = Org.objects.filter(depth=1).count() + 1
    city_org = add(_step(root_n), code=city.code, name=f"{city.name}司法局", kind=Org.Kind.CITY_BUREAU, region=city,
                   abbr=f"{city.name[0]}司", short=f"{city.name}局")
    n_county = 0
    for county in children.get(city.path, []):
        n_county += 1
        c_path = city_org.path + _step(n_county)
        c_abbr = county.name[0]
        county_org = add(c_path, code=county.code, name=f"{county.name}司法局", kind=Org.Kind.COUNTY_BUREAU,
                         region=county, abbr=f"{c_abbr}司", short=f"{county.name}局")
        towns = children.get(county.path, [])
        n_child = 0
        for town in towns:
            n_child += 1
            t_path = c_path + _step(n_child)
            office = add(t_path, code=town.code, name=f"{town.name}司法所", kind=Org.Kind.OFFICE, region=town,
                         abbr=f"{c_abbr}{town.name[0]}司", short=f"{town.name}所")
            villages = children.get(town.path, []) if committees else []
            for vi, village in enumerate(villages, start=1):
                add(t_path + _step(vi), code=village.code, name=committee_name(village.name), kind=Org.Kind.COMMITTEE,
                    region=village, abbr=f"{c_abbr}{town.name[0]}{village.name[0]}")
            office.numchild = len(villages)
        n_child += 1
        add(c_path + _step(n_child), code=f"{county.code}-GFZX", name=f"{county.name}公共法律服务中心",
            kind=Org.Kind.SERVICE_CENTER, region=county, abbr=f"{c_abbr}法服")
        county_org.numchild = n_child
    city_org.numchild = n_county
    Org.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
