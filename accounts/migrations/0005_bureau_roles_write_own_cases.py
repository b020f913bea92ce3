"""The built-in city and county roles read and supervise the cases of the offices below them but write only the cases
their own bureau handles (办案范围 “仅本单位办理的案件”); an administrator may grant more on a role of their own."""

from typing import Any

from django.db import migrations

BUREAU_ROLES = ("city_leader", "city_staff", "county_leader", "county_staff")


def bureau_roles_own_org(apps: Any, schema_editor: Any) -> None:
    Role = apps.get_model("accounts", "Role")
    Role.objects.filter(code__in=BUREAU_ROLES).update(case_write="own_org")


def bureau_roles_whole_scope(apps: Any, schema_editor: Any) -> None:
    Role = apps.get_model("accounts", "Role")
    Role.objects.filter(code__in=BUREAU_ROLES).update(case_write="scope")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_role_case_write")]

    operations = [migrations.RunPython(bureau_roles_own_org, bureau_roles_whole_scope)]
