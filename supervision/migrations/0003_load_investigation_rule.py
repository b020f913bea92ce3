"""预警规则 YJ09: 调查评估即将到期或超期 (社区矫正 调查评估, 实施办法 第十四条); YJ05 now runs (its description no longer
says the module is missing). Administrators edit both afterwards."""

from django.db import migrations


def load(apps, schema_editor):
    WarningRule = apps.get_model("supervision", "WarningRule")
    WarningRule.objects.get_or_create(code="YJ09", defaults={
        "name": "调查评估到期预警", "evaluator": "investigation_overdue", "level": "orange",
        "params": {"days_before": 2, "min_count": 1},
        "description": "调查评估在期限届满前2个工作日内或已超期仍未出具意见书", "sort_order": 90, "enabled": True,
    })
    WarningRule.objects.filter(code="YJ05", description__contains="未接入").update(
        description="收到交付通知的社区矫正对象超过报到期限仍未报到（社区矫正法 第二十一条）")


def unload(apps, schema_editor):
    apps.get_model("supervision", "WarningRule").objects.filter(code="YJ09").delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_load_default_rules")]
    operations = [migrations.RunPython(load, unload)]
