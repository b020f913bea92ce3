"""Data-scope resolution behind ``visible_to``. A user's grants are read once per user object, and kept across
requests in a per-process cache keyed by ``User.grants_version``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router, transaction
from django.db.models import F, Model, Q, QuerySet

from accounts.models import DataScope
from core.expressions import CompiledSQL


@dataclass(frozen=True)
class Grant:
    org_id: int
    org_path: str
    scope: str
    perms: frozenset[str]
    custom_org_ids: tuple[int, ...]


# user pk → (grants_version, grants, shown membership), filled by ``grants_for``. The version is the one on the user
# row the request read anyway (the session's user), so a worker finds out that its entry is stale without a query of
# its own: ``grants_bump`` raises the row's version whenever a membership, a role or an org that decides the grants
# changes, in whichever process that happens. Entries are immutable (a tuple of frozen grants) and shared by threads;
# a plain dict is enough, as a lost race only costs a recomputation.
_PROCESS_CACHE: dict[int, tuple[int, tuple[Grant, ...], tuple[str, str] | None]] = {}
# A bound rather than an LRU: past it the cache starts over, which costs each user one more reading.
PROCESS_CACHE_MAX = 5000


def _in_transaction() -> bool:
    """Inside an atomic block of the code (a test case's own wrapping transaction does not count, as in Django's
    ``durable`` check). There the process cache is neither read nor filled: the transaction may have changed the
    grants without committing yet (a reading would be stored under the committed version, and kept if it rolls
    back), and an entry filled meanwhile by another thread does not know of the transaction's own writes."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(not getattr(b, "_from_testcase", False) for b in connection.atomic_blocks)


def _process_key(user: Any) -> tuple[int, int] | None:
    """(pk, grants_version) to look the user up by, or ``None`` where the process cache must not be used: an
    unsaved user, a user loaded without ``grants_version`` (reading it would cost the query we mean to save), or a
    reading inside a transaction."""
    pk = getattr(user, "pk", None)
    deferred = getattr(user, "get_deferred_fields", None)
    if pk is None or deferred is None or "grants_version" in deferred():
        return None
    version = getattr(user, "grants_version", None)
    if not isinstance(version, int) or _in_transaction():
        return None
    return pk, version


def _remember(key: tuple[int, int], grants: list[Grant], shown: tuple[str, str] | None) -> None:
    pk, version = key
    current = _PROCESS_CACHE.get(pk)
    if current is not None and current[0] > version:  # a user object older than the entry: keep the newer reading
        return
    if current is None and len(_PROCESS_CACHE) >= PROCESS_CACHE_MAX:
        _PROCESS_CACHE.clear()
    _PROCESS_CACHE[pk] = (version, tuple(grants), shown)


def grants_for(user: Any) -> list[Grant]:
    """The user's active memberships, cached on the user object for the request, and in the process for as long as
    the user's ``grants_version`` stays the same (a later request, another user object of the same account).

    Read as plain values (two small queries, three with a 自定义单位 role, no model instances): this runs on every
    page, and building a ``Permission`` and ``ContentType`` object for each of a role's permissions cost more than
    the page itself."""
    cached = getattr(user, "_sifasuo_grants", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    grants: list[Grant] = []
    shown: tuple[str, str] | None = None
    if getattr(user, "is_authenticated", False) and user.is_active:
        key = _process_key(user)
        entry = _PROCESS_CACHE.get(key[0]) if key is not None else None
        if key is not None and entry is not None and entry[0] == key[1]:
            grants, shown = list(entry[1]), entry[2]
        else:
            grants, shown = _read_grants(user)
            if key is not None:
                _remember(key, grants, shown)
    user._sifasuo_grants = grants
    user._sifasuo_shown = shown
    return grants


def _read_grants(user: Any) -> tuple[list[Grant], tuple[str, str] | None]:
    from accounts.models import Membership, Role

    # Every active membership, also those of a dissolved org: they grant nothing, but the top bar names the
    # user's main 任职 (``primary_membership``: 主要任职 first, then the oldest) whatever its org, and reading
    # it here saves the page shell a query of its own.
    memberships = list(
        Membership.objects.filter(user=user, is_active=True)
        .order_by("id")
        .values_list("org_id", "org__path", "role_id", "role__data_scope", "org__is_active", "is_primary", "org__name",
                     "role__name")
    )
    main = next((m for m in memberships if m[5]), memberships[0] if memberships else None)
    shown = (main[6], main[7]) if main is not None else None
    rows = [m[:4] for m in memberships if m[4]]
    role_ids = {role_id for _, _, role_id, _ in rows}
    perms: dict[int, set[str]] = {role_id: set() for role_id in role_ids}
    custom: dict[int, list[int]] = {role_id: [] for role_id in role_ids}
    if role_ids:
        role_perms = Role.permissions.through.objects.filter(role_id__in=role_ids).values_list(
            "role_id", "permission__content_type__app_label", "permission__codename"
        )
        for role_id, app_label, codename in role_perms:
            perms[role_id].add(f"{app_label}.{codename}")
        custom_roles = {role_id for _, _, role_id, scope in rows if scope == DataScope.CUSTOM}
        if custom_roles:  # the 自定义 scope is the only one that reads the role's own list of orgs
            role_orgs = Role.custom_orgs.through.objects.filter(role_id__in=custom_roles).order_by("org__path")
            for role_id, org_id in role_orgs.values_list("role_id", "org_id"):
                custom[role_id].append(org_id)
    grants = [
        Grant(org_id=org_id, org_path=org_path, scope=scope, perms=frozenset(perms[role_id]), custom_org_ids=tuple(custom[role_id]))
        for org_id, org_path, role_id, scope in rows
    ]
    return grants, shown


def shown_membership(user: Any) -> tuple[str, str] | None:
    """(org name, role name) of the user's main 任职 for the top bar — what ``primary_membership`` returns, read by
    the same query as the grants."""
    grants_for(user)
    return getattr(user, "_sifasuo_shown", None)


def clear_cache(user: Any) -> None:
    """Forget what the user object and this process remember of the user's grants and permissions."""
    for attr in ("_sifasuo_grants", "_sifasuo_shown", "_sifasuo_perms", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if hasattr(user, attr):
            delattr(user, attr)
    if getattr(user, "pk", None) is not None:
        _PROCESS_CACHE.pop(user.pk, None)


def clear_process_cache() -> None:
    """Forget every user's grants in this process (tests start each from an empty cache)."""
    _PROCESS_CACHE.clear()


def _forget(user_ids: set[int]) -> None:
    if len(user_ids) > PROCESS_CACHE_MAX // 5:  # a change that reaches many users (a moved branch): start over
        _PROCESS_CACHE.clear()
        return
    for pk in user_ids:
        _PROCESS_CACHE.pop(pk, None)


def grants_bump(user_ids: Iterable[int]) -> None:
    """Retire the cached grants of these users in every process: raise their ``grants_version`` (each worker's entry
    then no longer matches the version on the user row its next request reads) and drop this process's entries,
    now and again when the transaction commits — a request in another thread may have refilled an entry from the
    data before the commit.

    Call it in the transaction that changes what decides the grants, after the change (the signal receivers in
    ``accounts.signals`` do it for saves, deletes and m2m changes; a queryset ``update`` or ``bulk_create`` must
    call it itself). ``user_ids`` may be a ``values_list("user_id", flat=True)`` queryset: the version is then raised
    by one UPDATE with that subquery."""
    from accounts.models import User

    if isinstance(user_ids, QuerySet):
        ids = set(user_ids)
        if ids:
            User.objects.filter(pk__in=user_ids).update(grants_version=F("grants_version") + 1)
    else:
        ids = set(user_ids)
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):  # within every database's limit on query parameters
            User.objects.filter(pk__in=ordered[start:start + 500]).update(grants_version=F("grants_version") + 1)
    if not ids:
        return
    _forget(ids)
    transaction.on_commit(lambda: _forget(ids))


def perm_name(model: type[Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


# Database vendor → the SQL of ``Org.objects.filter(path__startswith=…).values("pk")``, its one parameter left open.
_SUBTREE_SQL: dict[str, str | None] = {}


def subtree_pks(path: str) -> Any:
    """The pks of the orgs of the subtree at ``path`` (every org whose path starts with it) as a subquery: exactly
    ``Org.objects.filter(path__startswith=path).values("pk")``, whose SQL Django compiles once per database vendor;
    later subqueries reuse it with the path as the parameter, prepared as Django prepares a ``startswith`` value.
    Building and compiling that queryset anew for each scoped query cost more than running it."""
    from orgs.models import Org

    connection = connections[router.db_for_read(Org)]
    vendor = connection.vendor
    if vendor not in _SUBTREE_SQL:
        probe = "0001"
        sql, params = Org.objects.filter(path__startswith=probe).order_by().values("pk").query.sql_with_params()
        # Only a single parameter in the shape Django gives ``startswith`` is reused; anything else is left to the ORM.
        _SUBTREE_SQL[vendor] = sql if params == (f"{connection.ops.prep_for_like_query(probe)}%",) else None
    sql = _SUBTREE_SQL[vendor]
    if sql is None:
        return Org.objects.filter(path__startswith=path).values("pk")
    return CompiledSQL(sql, (f"{connection.ops.prep_for_like_query(path)}%",))


def _grant_q(grant: Grant, model: type[Model], user: Any) -> Q | None:
    org_field: str = getattr(model, "scope_org_field", "org")
    owner_field: str = getattr(model, "scope_owner_field", "")
    id_lookup = f"{org_field}_id" if org_field else "pk"
    if grant.scope == DataScope.ALL:
        return Q()
    if grant.scope == DataScope.SUBTREE:
        if not org_field:
            return Q(path__startswith=grant.org_path)
        # The orgs of the subtree as a subquery rather than a join on ``org__path LIKE '…%'``: SQLite cannot use an
        # index for LIKE, so the join scanned every record of the table; ``org_id IN (…)`` reads the records of those
        # orgs through the org index (the same rows: the subtree is exactly the orgs whose path starts with this one).
        return Q(**{f"{id_lookup}__in": subtree_pks(grant.org_path)})
    if grant.scope == DataScope.ORG:
        return Q(**{id_lookup: grant.org_id})
    if grant.scope == DataScope.SELF:
        return Q(**{f"{owner_field}_id": user.pk}) if owner_field else None
    if grant.scope == DataScope.CUSTOM:
        return Q(**{f"{id_lookup}__in": grant.custom_org_ids}) if grant.custom_org_ids else None
    return None


def scope_q(user: Any, model: type[Model], action: str) -> Q | None:
    """``Q()`` for everything, ``None`` for nothing, otherwise the OR of the permitted grants' scopes."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Q()
    needed = perm_name(model, action)
    result: Q | None = None
    for grant in grants_for(user):
        if needed not in grant.perms:
            continue
        q = _grant_q(grant, model, user)
        if q is None:
            continue
        if not q:  # unrestricted
            return Q()
        result = q if result is None else (result | q)
    return result


def user_perms(user: Any) -> set[str]:
    """Every permission of the user's grants; remembered on the user object (``clear_cache`` forgets it)."""
    return set(remembered_perms(user))


def remembered_perms(user: Any) -> set[str]:
    """``user_perms`` without the copy, for ``has_perm`` (called for every menu item and button): the caller must
    not change the set."""
    cached = getattr(user, "_sifasuo_perms", None)
    if cached is None:
        cached = set()
        for grant in grants_for(user):
            cached |= grant.perms
        user._sifasuo_perms = cached
    return cached  # type: ignore[no-any-return]
