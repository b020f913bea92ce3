"""Load 赤峰市's division codes (city → 12 counties → 197 towns → 2,457 villages) from orgs/data."""

import json
from pathlib import Path

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def step(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out.rjust(4, "0")


def load(apps, schema_editor):
    Region = apps.get_model("orgs", "Region")
    data = json.loads((Path(__file__).resolve().parent.parent / "data" / "chifeng-150400.json").read_text("utf-8"))
    rows = []
    city_path = step(1)
    rows.append(Region(path=city_path, depth=1, numchild=len(data["counties"]), code=data["city"]["code"], name=data["city"]["name"], level=2))
    for ci, county in enumerate(sorted(data["counties"], key=lambda c: c["code"]), start=1):
        c_path = city_path + step(ci)
        rows.append(Region(path=c_path, depth=2, numchild=len(county["towns"]), code=county["code"], name=county["name"], level=3))
        for ti, town in enumerate(sorted(county["towns"], key=lambda t: t["code"]), start=1):
            t_path = c_path + step(ti)
            rows.append(Region(path=t_path, depth=3, numchild=len(town["villages"]), code=town["code"], name=town["name"], level=4))
            for vi, village in enumerate(sorted(town["villages"], key=lambda v: v["code"]), start=1):
                rows.append(Region(path=t_path + step(vi), depth=4, numchild=0, code=village["code"], name=village["name"], level=5))
    Region.objects.bulk_create(rows, batch_size=1000)


def unload(apps, schema_editor):
    apps.get_model("orgs", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
