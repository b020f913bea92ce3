"""Load the matters of 法律援助法 第二十四条、第二十九条、第三十一条、第三十二条、第三十三条 into 码表 legal_aid_matter
(editable afterwards: provinces add matters under 第三十一条第九项)."""

import json
from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):
    DictType = apps.get_model("core", "DictType")
    DictItem = apps.get_model("core", "DictItem")
    data = json.loads((Path(__file__).resolve().parent.parent / "data" / "legal_aid_matters.json").read_text("utf-8"))
    dict_type, _ = DictType.objects.get_or_create(code=data["code"], defaults={"name": data["name"], "description": data["_source"][:300]})
    for order, (code, label) in enumerate(data["items"], start=1):
        DictItem.objects.get_or_create(dict_type=dict_type, code=code, defaults={"label": label, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0001_initial"), ("core", "0002_load_default_dictionaries")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
