from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from people.models import Person


def person_list(user: Any) -> QuerySet[Person]:
    return Person.objects.visible_to(user, "view").select_related("org", "region", "created_by")


def person_table(user: Any) -> QuerySet[Person]:
    """The rows of the 人员信息库 list page. It shows the registering org's short name only: read as a column of
    the row (``org_short_name``) rather than by building an ``Org`` for each of the 50 rows, which cost a third of
    loading them."""
    return Person.objects.visible_to(user, "view").annotate(org_short_name=F("org__short_name"))  # type: ignore[no-any-return,return-value]
