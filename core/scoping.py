"""The one scoping mechanism: ``Model.objects.visible_to(user, action)``.

Every view, API endpoint, export, dashboard query and task reads business records through it.
A model declares where its owning org lives (``scope_org_field``; empty means the model *is*
an org) and which user owns a record (``scope_owner_field``) for the "own records" scope.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from accounts.models import User

ACTIONS = ("view", "add", "change", "delete")


class RestrictedQuerySet(models.QuerySet):
    def visible_to(self, user: User | Any, action: str = "view") -> RestrictedQuerySet:
        """Records ``user`` may ``action``: the union over the user's memberships whose role grants
        ``<app>.<action>_<model>`` of that membership's data scope."""
        from accounts.scope import scope_q

        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        q = scope_q(user, self.model, action)
        if q is None:
            return self.none()
        return self.filter(q) if q else self.all()
