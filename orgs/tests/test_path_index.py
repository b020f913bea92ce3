"""Subtree queries read an index: on SQLite through the NOCASE index of migration 0003 (a later migration that
rebuilds the table would drop it silently — this test would then fail), on PostgreSQL through Django's own
``varchar_pattern_ops`` index."""

from __future__ import annotations

import pytest
from django.db import connection

from orgs.models import Org, Region
from people.models import Person

pytestmark = pytest.mark.django_db


def _plan(queryset) -> str:  # type: ignore[no-untyped-def]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return " | ".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = off")  # a small test table would be scanned anyway: ask what is possible
        try:
            cursor.execute("EXPLAIN " + sql, params)
            return " | ".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("SET enable_seqscan = on")


@pytest.mark.parametrize("model", [Org, Region])
def test_a_subtree_is_a_range_of_an_index_not_a_scan(model):  # type: ignore[no-untyped-def]
    plan = _plan(model.objects.filter(path__startswith="00010001").values("pk"))
    if connection.vendor == "sqlite":
        assert f"USING COVERING INDEX {model._meta.db_table}_path_like (path>? AND path<?)" in plan, plan
    else:
        assert "Index" in plan and "Seq Scan" not in plan, plan


def test_the_data_scope_subquery_uses_it():
    subtree = Org.objects.filter(path__startswith="00010001").values("pk")
    plan = _plan(Person.objects.filter(org_id__in=subtree))
    if connection.vendor == "sqlite":
        assert "orgs_org_path_like (path>? AND path<?)" in plan, plan
    else:
        assert "Seq Scan on orgs_org" not in plan, plan
