"""Data-scope resolution behind ``visible_to``. A user's grants are read once per user object: the request's user
remembers them for that request only, so a changed membership, role or org takes effect with the next request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q

from accounts.models import CaseWrite, DataScope

WRITE_ACTIONS = ("add", "change", "delete")


@dataclass(frozen=True)
class Grant:
    org_id: int
    org_path: str
    scope: str
    perms: frozenset[str]
    custom_org_ids: tuple[int, ...]
    case_write: str = CaseWrite.SCOPE


def grants_for(user: Any) -> list[Grant]:
    """The user's active memberships, cached on the user object for the request.

    Read as plain values (two small queries, three with a 自定义单位 role, no model instances): this runs on every
    page, and building a ``Permission`` and ``ContentType`` object for each of a role's permissions cost more than
    the page itself."""
    cached = getattr(user, "sifasuo_grants", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    grants: list[Grant] = []
    shown: tuple[str, str] | None = None
    if getattr(user, "is_authenticated", False) and user.is_active:
        grants, shown = _read_grants(user)
    user.sifasuo_grants = grants
    user.sifasuo_shown = shown
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
                     "role__name", "role__case_write")
    )
    main = next((m for m in memberships if m[5]), memberships[0] if memberships else None)
    shown = (main[6], main[7]) if main is not None else None
    rows = [m[:4] for m in memberships if m[4]]
    case_write = {m[2]: m[8] for m in memberships}
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
        Grant(org_id=org_id, org_path=org_path, scope=scope, perms=frozenset(perms[role_id]), custom_org_ids=tuple(custom[role_id]),
              case_write=case_write[role_id])
        for org_id, org_path, role_id, scope in rows
    ]
    return grants, shown


def shown_membership(user: Any) -> tuple[str, str] | None:
    """(org name, role name) of the user's main 任职 for the top bar — what ``primary_membership`` returns, read by
    the same query as the grants."""
    grants_for(user)
    return getattr(user, "sifasuo_shown", None)


def clear_cache(user: Any) -> None:
    """Forget what the user object remembers of the user's grants and permissions (after the user's memberships
    changed in the same request)."""
    for attr in ("sifasuo_grants", "sifasuo_shown", "sifasuo_perms"):
        if hasattr(user, attr):
            delattr(user, attr)


def perm_name(model: type[Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def subtree_pks(path: str) -> Any:
    """The pks of the orgs of the subtree at ``path`` (every org whose path starts with it), as a subquery."""
    from orgs.models import Org

    return Org.objects.filter(path__startswith=path).order_by().values("pk")


def is_case_record(model: type[Model]) -> bool:
    """A case record: a model of a module whose AppConfig declares ``case_records = True`` (the work an office
    handles: a dispute, a consultation, a legal-aid application, a corrections or 安置帮教 file …), unless the model
    opts out with ``case_record = False`` (a registry such as the 调委会 or the 专家库, not a case)."""
    from django.apps import apps

    config = apps.get_app_config(model._meta.app_label)
    return bool(getattr(config, "case_records", False)) and bool(getattr(model, "case_record", True))


def effective_scope(grant: Grant, model: type[Model], action: str) -> str:
    """The data scope a grant reaches for ``action`` on ``model``.

    Viewing is always the role's data scope, and so is ``supervise`` (the change right used for an act of supervision
    the law gives to the bureau: ``core.access.supervised_object``). Adding, changing or deleting a case record is narrowed to the
    membership's own org when the role's 办案范围 is “仅本单位办理的案件”: a county or city bureau reads the cases of the
    offices below it and supervises them (指导、监督), but the facts, the parties and the agreement of a case are the
    handling office's to write. A scope already narrower than the org (仅本人) stays as it is."""
    if (
        action in WRITE_ACTIONS
        and grant.case_write == CaseWrite.OWN_ORG
        and grant.scope not in (DataScope.ORG, DataScope.SELF)
        and is_case_record(model)
    ):
        return DataScope.ORG
    return grant.scope


def _grant_q(grant: Grant, model: type[Model], user: Any, action: str = "view") -> Q | None:
    org_field: str = getattr(model, "scope_org_field", "org")
    owner_field: str = getattr(model, "scope_owner_field", "")
    # Orgs that share a record with its owner (安置帮教's 双列管: the office of the actual residence besides that of the
    # registered residence): an org-based scope that reaches one of them reaches the record too.
    shared: tuple[str, ...] = tuple(getattr(model, "scope_shared_org_fields", ()))
    id_lookup = f"{org_field}_id" if org_field else "pk"
    lookups = (id_lookup, *(f"{name}_id" for name in shared))

    def any_of(suffix: str, value: Any) -> Q:
        q = Q()
        for lookup in lookups:
            q |= Q(**{f"{lookup}{suffix}": value})
        return q

    scope = effective_scope(grant, model, action)
    if scope == DataScope.ALL:
        return Q()
    if scope == DataScope.SUBTREE:
        if not org_field:
            return Q(path__startswith=grant.org_path)
        # The orgs of the subtree as a subquery rather than a join on ``org__path LIKE '…%'``: SQLite cannot use an
        # index for LIKE, so the join scanned every record of the table; ``org_id IN (…)`` reads the records of those
        # orgs through the org index (the same rows: the subtree is exactly the orgs whose path starts with this one).
        return any_of("__in", subtree_pks(grant.org_path))
    if scope == DataScope.ORG:
        return any_of("", grant.org_id)
    if scope == DataScope.SELF:
        return Q(**{f"{owner_field}_id": user.pk}) if owner_field else None
    if scope == DataScope.CUSTOM:
        return any_of("__in", grant.custom_org_ids) if grant.custom_org_ids else None
    return None


def scope_q(user: Any, model: type[Model], action: str) -> Q | None:
    """``Q()`` for everything, ``None`` for nothing, otherwise the OR of the permitted grants' scopes (for ``action``,
    ``effective_scope``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Q()
    # 监督 (supervise): the acts the law gives to the bureau over an office's case (备案审查, 异议的决定 …) need the
    # change right over the role's whole data scope, not narrowed by its 办案范围.
    needed = perm_name(model, "change" if action == "supervise" else action)
    result: Q | None = None
    for grant in grants_for(user):
        if needed not in grant.perms:
            continue
        q = _grant_q(grant, model, user, action)
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
    cached = getattr(user, "sifasuo_perms", None)
    if cached is None:
        cached = set()
        for grant in grants_for(user):
            cached |= grant.perms
        user.sifasuo_perms = cached
    return cached  # type: ignore[no-any-return]
