"""A default 经济困难标准 so the eligibility helper has something to compare with (法律援助法 第三十四条: each province
sets its own). The figure is a placeholder, UNCONFIRMED: the row says so and the helper's explanation repeats it until
the administrator enters the province's published standard and marks it 已核实."""

from django.db import migrations

DEFAULT = {
    "monthly_income_per_person": "1500.00",
    "confirmed": False,
    "basis": "默认值，未核实（UNCONFIRMED）：请按本省人民政府公布的经济困难标准修改（法律援助法 第三十四条）",
}


def load(apps, schema_editor):
    apps.get_model("legalaid", "HardshipStandard").objects.get_or_create(province="", defaults=DEFAULT)


def unload(apps, schema_editor):
    apps.get_model("legalaid", "HardshipStandard").objects.filter(province="", confirmed=False).delete()


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0003_add_review_and_hardship_standard")]
    operations = [migrations.RunPython(load, unload)]
