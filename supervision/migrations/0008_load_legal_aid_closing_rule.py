"""Load the 法律援助案件超期未结案 warning rule (YJ12) added to supervision/data/warning_rules.json; the loader keeps rules
that exist."""

import json
from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):
    WarningRule = apps.get_model("supervision", "WarningRule")
    data = json.loads((Path(__file__).resolve().parent.parent / "data" / "warning_rules.json").read_text("utf-8"))
    for rule in data["rules"]:
        if rule["evaluator"] != "legal_aid_closing_overdue":
            continue
        WarningRule.objects.get_or_create(code=rule["code"], defaults={
            "name": rule["name"], "evaluator": rule["evaluator"], "level": rule["level"], "params": rule["params"],
            "description": rule["description"], "sort_order": rule["sort_order"], "enabled": True,
        })


class Migration(migrations.Migration):
    dependencies = [("supervision", "0007_load_legal_aid_warning_rule")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
