"""Load the default warning rules added since 0002 (YJ06 安置帮教对象失联) from supervision/data/warning_rules.json;
rules already present, and an administrator's edits, stay as they are."""

from django.db import migrations


def load(apps, schema_editor):
    from importlib import import_module

    import_module("supervision.migrations.0002_load_default_rules").load(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0003_load_investigation_rule")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
