"""Default 法律援助补贴标准 (法律援助法 第五十二条: each province sets its own by service type and cost), loaded from
``legalaid/data/subsidy_standards.json``. Every figure is a placeholder, UNCONFIRMED, and the rows say so until the
administrator enters the province's table and marks them 已核实."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "subsidy_standards.json"
BASIS = "默认值，未核实（UNCONFIRMED）：请按本省司法行政部门会同财政部门公布的补贴标准修改（法律援助法 第五十二条）"


def load(apps, schema_editor):
    model = apps.get_model("legalaid", "SubsidyStandard")
    for matter, amount in json.loads(DATA.read_text(encoding="utf-8"))["items"]:
        model.objects.get_or_create(matter=matter, defaults={"amount": amount, "confirmed": False, "basis": BASIS})


def unload(apps, schema_editor):
    apps.get_model("legalaid", "SubsidyStandard").objects.filter(confirmed=False).delete()


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0005_add_providers_and_cases")]
    operations = [migrations.RunPython(load, unload)]
