"""Load the default 2026 standard (85 items, 1000 points, published) from assessment/data/standard_2026.json."""

import json
from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):
    Standard = apps.get_model("assessment", "Standard")
    StandardItem = apps.get_model("assessment", "StandardItem")
    data = json.loads((Path(__file__).resolve().parent.parent / "data" / "standard_2026.json").read_text("utf-8"))
    if Standard.objects.filter(year=data["year"], version=data["version"]).exists():
        return
    standard = Standard.objects.create(year=data["year"], version=data["version"], name=data["name"], status="published",
                                       note=data["_source"][:500])
    StandardItem.objects.bulk_create([
        StandardItem(
            standard=standard, code=i["code"], part=i["part"], name=i["name"], max_points=i["max_points"], rule=i["rule"],
            event_types=i.get("event_types", []), denominator=i.get("denominator", []),
            target_per_month=i.get("target_per_month"), threshold=i.get("threshold"), per_unit=i.get("per_unit"),
            basis=i.get("basis", ""), sort_order=i["sort_order"],
        )
        for i in data["items"]
    ])


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
