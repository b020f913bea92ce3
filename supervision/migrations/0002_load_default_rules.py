"""Load the default warning rules from supervision/data/warning_rules.json (administrators edit them afterwards)."""

import json
from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):
    WarningRule = apps.get_model("supervision", "WarningRule")
    data = json.loads((Path(__file__).resolve().parent.parent / "data" / "warning_rules.json").read_text("utf-8"))
    for rule in data["rules"]:
        WarningRule.objects.get_or_create(code=rule["code"], defaults={
            "name": rule["name"], "evaluator": rule["evaluator"], "level": rule["level"], "params": rule["params"],
            "description": rule["description"], "sort_order": rule["sort_order"], "enabled": True,
        })


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
