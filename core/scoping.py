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


# (database, model, scope Q) → the query of ``Model.objects.filter(Q)``: a pure function of the key, so an entry never
# goes stale (a changed grant gives another Q). Bounded: past the limit it starts over.
_SCOPED_QUERIES: dict[tuple[str, type[models.Model], models.Q], Any] = {}
SCOPED_QUERIES_MAX = 4096


class RestrictedQuerySet(models.QuerySet):
    def __init__(self, model: Any = None, query: Any = None, using: str | None = None, hints: Any = None) -> None:
        super().__init__(model, query, using, hints)
        # A queryset made with a query of its own (as a manager makes it), not a clone: nothing filtered yet.
        self._pristine = query is None

    def visible_to(self, user: User | Any, action: str = "view") -> RestrictedQuerySet:
        """Records ``user`` may ``action``: the union over the user's memberships whose role grants
        ``<app>.<action>_<model>`` of that membership's data scope.

        Straight from the manager (``Model.objects.visible_to``), the filtered query is built once per scope and
        copied afterwards: adding the scope's conditions cost several times more than working them out."""
        from accounts.scope import scope_q

        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        q = scope_q(user, self.model, action)
        if q is None:
            return self.none()
        if not q:
            return self.all()
        if not self._pristine or self.query.where or self.query.alias_map:  # a clone, or changed in place since
            return self.filter(q)
        key = (self.db, self.model, q)
        try:
            query = _SCOPED_QUERIES.get(key)
        except TypeError:  # a condition that cannot be a key
            return self.filter(q)
        if query is None:
            scoped = self.filter(q)
            if len(_SCOPED_QUERIES) >= SCOPED_QUERIES_MAX:
                _SCOPED_QUERIES.clear()
            _SCOPED_QUERIES[key] = scoped.query.chain()
            return scoped
        return self.__class__(model=self.model, query=query.chain(), using=self._db, hints=self._hints)  # type: ignore[attr-defined]
