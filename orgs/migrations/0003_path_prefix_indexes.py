"""Subtree queries (``path__startswith``, i.e. ``LIKE 'prefix%'``) read an index on SQLite too.

SQLite uses an index for a ``LIKE`` prefix only when the index has the same collation as ``LIKE``'s comparison:
NOCASE, as ``LIKE`` ignores ASCII case by default. The unique index on ``path`` is BINARY, so every data-scope
subquery (``org_id IN (SELECT id FROM orgs_org WHERE path LIKE …)``) scanned all orgs — on each list, count and
home-page query. Paths are digits and capital letters (treebeard's alphabet), so a NOCASE index orders them as the
unique one does. PostgreSQL needs nothing: Django already gives a unique ``varchar`` field a ``varchar_pattern_ops``
index for ``LIKE``."""

from django.db import migrations

TABLES = ("orgs_org", "orgs_region")


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{table}_path_like" ON "{table}" ("path" COLLATE NOCASE)')


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_path_like"')


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_load_chifeng_regions")]

    operations = [migrations.RunPython(create, drop)]
