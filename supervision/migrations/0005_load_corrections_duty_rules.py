"""Default warning rules over the daily supervision of 社区矫正 (administrators edit them afterwards)."""

from django.db import migrations

RULES = [
    {"code": "YJ21", "name": "社区矫正对象未按期履行预警", "evaluator": "corrections_missed", "level": "yellow",
     "params": {"days": 30, "min_count": 3}, "description": "近30日社区矫正对象未按期报到、报告或参加教育学习达到3项", "sort_order": 210},
    {"code": "YJ22", "name": "社区矫正对象脱管预警", "evaluator": "corrections_abscond", "level": "red", "params": {"days": 1},
     "description": "社区矫正对象失去联系尚未查找到（社区矫正法 第三十条）", "sort_order": 220},
]


def load(apps, schema_editor):
    WarningRule = apps.get_model("supervision", "WarningRule")
    for rule in RULES:
        WarningRule.objects.get_or_create(code=rule["code"], defaults={**{k: v for k, v in rule.items() if k != "code"}, "enabled": True})


class Migration(migrations.Migration):
    dependencies = [("supervision", "0004_load_resettlement_rule")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
