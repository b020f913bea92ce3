"""The 2026 standard's I11 行政复议申请代收转递 and K14 公证、仲裁代办 named event codes of modules not built then
(``review.forwarded``, ``notary.forwarded``, shown as 未接入 and scored nothing). The 代收代办 module now records them as
``agency.review_forwarded`` and ``agency.case_forwarded``; an item a county has already edited is left as it is."""

from django.db import migrations

RENAMES = {("I11", "review.forwarded"): "agency.review_forwarded", ("K14", "notary.forwarded"): "agency.case_forwarded"}


def forward(apps, schema_editor):
    StandardItem = apps.get_model("assessment", "StandardItem")
    for (code, old), new in RENAMES.items():
        for item in StandardItem.objects.filter(code=code):
            if item.event_types == [old]:
                item.event_types = [new]
                item.save(update_fields=["event_types"])


def backward(apps, schema_editor):
    StandardItem = apps.get_model("assessment", "StandardItem")
    for (code, old), new in RENAMES.items():
        StandardItem.objects.filter(code=code, event_types=[new]).update(event_types=[old])


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_standard_manage_permission")]
    operations = [migrations.RunPython(forward, backward)]
