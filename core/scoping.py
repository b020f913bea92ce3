"""The one scoping mechanism: ``Model.objects.visible_to(user, action)``.

Every view, API endpoint, export, dashboard query and task reads business records through it.
A model declares where its owning org lives (``scope_org_field``; empty means the model *is*
an org) and which user owns a record (``scope_owner_field``) for the "own records" scope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from core.expressions import CompiledSQL

if TYPE_CHECKING:
    from accounts.models import User

ACTIONS = ("view", "add", "change", "delete")


# (database, model, scope Q) → the query of ``Model.objects.filter(Q)``: a pure function of the key, so an entry never
# goes stale (a changed grant gives another Q). Bounded: past the limit it starts over.
_SCOPED_QUERIES: dict[tuple[str, type[models.Model], models.Q], Any] = {}
SCOPED_QUERIES_MAX = 4096


# (query class, model) → the attributes of a new query of them.
_FRESH_STATES: dict[tuple[type, type[models.Model]], dict[str, Any]] = {}


def _fresh_state(query: Any) -> dict[str, Any]:
    """The attributes of a new query of the same class and model: what an untouched query holds."""
    key = (type(query), query.model)
    found = _FRESH_STATES.get(key)
    if found is None:
        found = _FRESH_STATES[key] = dict(type(query)(query.model).__dict__)
    return found


def _value_key(q: models.Q) -> bool:
    """Whether ``q`` is equal to another Q exactly when it selects the same rows: its values are plain data or
    ``CompiledSQL`` (compared by their SQL and parameters), not objects compared by identity (a queryset)."""
    for child in q.children:
        if isinstance(child, models.Q):
            if not _value_key(child):
                return False
            continue
        value = child[1]  # type: ignore[index]  # a (lookup, value) pair
        if isinstance(value, tuple | list):
            if not all(type(v) in (int, str) for v in value):
                return False
        elif type(value) not in (int, str, bool, CompiledSQL):
            return False
    return True


class RestrictedQuerySet(models.QuerySet):
    _pristine = False  # also for a queryset unpickled from before this attribute existed

    def __init__(self, model: Any = None, query: Any = None, using: str | None = None, hints: Any = None) -> None:
        super().__init__(model, query, using, hints)
        # A queryset made with a query of its own (as a manager makes it), not a clone: nothing filtered yet.
        self._pristine = query is None

    def visible_to(self, user: User | Any, action: str = "view") -> RestrictedQuerySet:
        """Records ``user`` may ``action``: the union over the user's memberships whose role grants
        ``<app>.<action>_<model>`` of that membership's data scope.

        Straight from the manager (``Model.objects.visible_to``), the filtered query is built once per scope and
        copied afterwards: adding the scope's conditions cost several times more than working them out."""
        scope_q = scope_resolver()

        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        q = scope_q(user, self.model, action)
        if q is None:
            return self.none()
        if not q:
            return self.all()
        # Only a queryset as its manager made it (not a clone, its query not changed in place since) with a
        # condition compared by value: anything else is filtered as it is.
        if not self._pristine or self.query.__dict__ != _fresh_state(self.query) or not _value_key(q):
            return self.filter(q)
        key = (self.db, self.model, q)
        query = _SCOPED_QUERIES.get(key)
        if query is None:
            scoped = self.filter(q)
            if len(_SCOPED_QUERIES) >= SCOPED_QUERIES_MAX:
                _SCOPED_QUERIES.clear()
            _SCOPED_QUERIES[key] = scoped.query.chain()
            return scoped
        scoped = self._chain()  # type: ignore[attr-defined]  # keeps what the queryset itself carries (hints, prefetches)
        scoped.query = query.chain()
        return scoped  # type: ignore[no-any-return]


# The function that turns (user, model, action) into the scope's condition: ``Q()`` for everything, ``None`` for
# nothing, otherwise the rows the user's roles reach. It lives in ``accounts`` (memberships, roles, data scopes), a
# layer above this one, which registers it when the apps are ready (``AccountsConfig.ready``).
_scope_resolver: Callable[[Any, type[models.Model], str], models.Q | None] | None = None


def register_scope_resolver(resolver: Callable[[Any, type[models.Model], str], models.Q | None]) -> None:
    """Install the data-scope resolver ``visible_to`` asks; the app that owns roles calls this once at start-up."""
    global _scope_resolver
    _scope_resolver = resolver


def scope_resolver() -> Callable[[Any, type[models.Model], str], models.Q | None]:
    """The registered resolver; without one no record could be scoped, so refuse rather than show everything."""
    if _scope_resolver is None:
        raise ImproperlyConfigured(
            "没有登记数据范围解析函数：请把 accounts 列入 INSTALLED_APPS（AccountsConfig.ready 调用 "
            "core.scoping.register_scope_resolver）"
        )
    return _scope_resolver
