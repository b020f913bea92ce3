from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from people.models import Person


def person_list(user: Any) -> QuerySet[Person]:
    return Person.objects.visible_to(user, "view").select_related("org", "region", "created_by")


def person_table(user: Any) -> QuerySet[Person]:
    """The rows of the 人员信息库 list page: it shows the registering org only, so only that is joined (joining
    住址区划 and the registering user for 50 rows cost more than rendering them)."""
    return Person.objects.visible_to(user, "view").select_related("org")
