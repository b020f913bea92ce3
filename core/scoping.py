"""The one scoping mechanism: ``Model.objects.visible_to(user, action)``.

Every view, API endpoint, export, dashboard query and task reads business records through it.
A model declares where its owning org lives (``scope_org_field``; empty means the model *is*
an org) and which user owns a record (``scope_owner_field``) for the "own records" scope; a record that another org
manages with its owner (``scope_shared_org_fields``, e.g. 安置帮教's 双列管) is also inside that org's scope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

if TYPE_CHECKING:
    from accounts.models import User

# ``supervise``: the change right over the whole data scope, for the acts of supervision the law gives to a bureau
# over an office's case (a role's 办案范围 narrows add/change/delete of case records to its own org, not these).
ACTIONS = ("view", "add", "change", "delete", "supervise")


class RestrictedQuerySet(models.QuerySet):
    def visible_to(self, user: User | Any, action: str = "view") -> RestrictedQuerySet:
        """Records ``user`` may ``action``: the union over the user's memberships whose role grants
        ``<app>.<action>_<model>`` of that membership's data scope."""
        scope_q = scope_resolver()

        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        q = scope_q(user, self.model, action)
        if q is None:
            return self.none()
        return self.filter(q) if q else self.all()


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
