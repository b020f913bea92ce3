"""Load the default 码表 from core/data/dictionaries.json (existing values are left as edited)."""

import json
from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):
    DictType = apps.get_model("core", "DictType")
    DictItem = apps.get_model("core", "DictItem")
    data = json.loads((Path(__file__).resolve().parent.parent / "data" / "dictionaries.json").read_text("utf-8"))
    for t in data["types"]:
        dict_type, _ = DictType.objects.get_or_create(code=t["code"], defaults={"name": t["name"], "description": t.get("description", "")})
        for order, (code, label) in enumerate(t["items"], start=1):
            DictItem.objects.get_or_create(dict_type=dict_type, code=code, defaults={"label": label, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
