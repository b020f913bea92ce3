"""Load the default management levels and contact standards, the risk/needs instrument and the strategy library
(16 categories, 48 measures) from corrections/data/; administrators edit them afterwards."""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    ManagementLevel = apps.get_model("corrections", "ManagementLevel")
    RuleSet = apps.get_model("corrections", "RuleSet")
    RuleItem = apps.get_model("corrections", "RuleItem")
    StrategyCategory = apps.get_model("corrections", "StrategyCategory")
    StrategyMeasure = apps.get_model("corrections", "StrategyMeasure")

    for level in json.loads((DATA / "levels.json").read_text("utf-8"))["levels"]:
        ManagementLevel.objects.get_or_create(code=level["code"], defaults={k: v for k, v in level.items() if k != "code"})

    data = json.loads((DATA / "instrument.json").read_text("utf-8"))
    rule_set, created = RuleSet.objects.get_or_create(code=data["code"], defaults={
        "name": data["name"], "effective_from": dt.date.fromisoformat(data["effective_from"]), "active": True,
        "strict_from": data["strict_from"], "lenient_below": data["lenient_below"], "note": data["note"],
    })
    if created:
        for order, item in enumerate(data["items"], start=1):
            RuleItem.objects.create(rule_set=rule_set, code=item["code"], domain=item["domain"], question=item["question"],
                                    sort_order=order, options=[{"value": v, "label": label, "points": p} for v, label, p in item["options"]])

    library = json.loads((DATA / "strategies.json").read_text("utf-8"))
    for c_order, category in enumerate(library["categories"], start=1):
        cat, _ = StrategyCategory.objects.get_or_create(code=category["code"], defaults={"name": category["name"], "sort_order": c_order})
        for m_order, (code, title, section, obligation, count, period, hours, conditions, match, basis) in enumerate(category["measures"], 1):
            StrategyMeasure.objects.get_or_create(code=code, defaults={
                "category": cat, "title": title, "section": section, "obligation": obligation, "count": count, "period": period,
                "hours_per_month": hours, "conditions": conditions, "match": match, "legal_basis": basis, "sort_order": m_order,
            })


class Migration(migrations.Migration):
    dependencies = [("corrections", "0005_grading_and_plans")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
