from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import Membership


def primary_membership(user: Any) -> Membership | None:
    if hasattr(user, "_primary_membership"):
        return user._primary_membership  # type: ignore[no-any-return]
    m = (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("org", "role")
        .order_by("-is_primary", "id")
        .first()
    )
    user._primary_membership = m
    return m


def post_org(user: Any, orgs: Any) -> Any:
    """The org a form offers first among ``orgs`` (受理组织, 登记单位 …): the org of the user's post (主任职) when the
    user may choose it, else the only org offered, else none (the user chooses)."""
    membership = primary_membership(user)
    if membership is not None and orgs.filter(pk=membership.org_id).exists():
        return membership.org
    return orgs.first() if orgs.count() == 1 else None


def org_members(viewer: Any, org: Any) -> tuple[QuerySet[Membership], set[int]]:
    """An org's 任职 for its page (active first, by role), and the ids of their users whose accounts ``viewer`` may
    open (registered with orgs at start-up)."""
    members = Membership.objects.filter(org=org).select_related("user", "role").order_by("-is_active", "role__sort_order", "user__username")
    manageable = (set(users_visible_to(viewer).filter(memberships__org=org).values_list("pk", flat=True))
                  if viewer.has_perm("accounts.view_user") else set())
    return members, manageable


def shell_identity(user: Any) -> tuple[str, str] | None:
    """(单位, 角色) of the user's main 任职 for the top bar of every page (registered with the page shell at start-up)."""
    from accounts.scope import shown_membership

    if user.is_superuser or not user.is_active:  # no grants are read for them: ask for the main 任职 alone
        main = primary_membership(user)
        return (main.org.name, main.role.name) if main is not None else None
    return shown_membership(user)  # read with the grants the page needs anyway


def serves_at(user: Any, org: Any) -> bool:
    """The user works at ``org`` or at an org above it (a county lawyer on duty at an office): who may be named as a
    record's 接待人 or 责任人 there."""
    ancestors = [org.path[:n] for n in range(org.steplen, len(org.path) + 1, org.steplen)]
    return Membership.objects.filter(user=user, is_active=True, org__path__in=ancestors).exists()


def writable_orgs(user: Any, model: Any, action: str = "add") -> Any:
    """Orgs the user may create ``model`` records in: the orgs inside an ``add`` grant's scope (for a case record,
    the 办案范围 of the role: ``accounts.scope.effective_scope``). ``action="supervise"``: the orgs where the user
    files a record as an act of supervision the law gives to the bureau (e.g. the county registering a prison's
    release notice for the office of the person's residence): the whole data scope of the grants that may add it."""
    from django.db.models import Q

    from accounts.models import DataScope
    from accounts.scope import effective_scope, grants_for, perm_name
    from orgs.models import Org

    if user.is_superuser:
        return Org.objects.filter(is_active=True)
    needed = perm_name(model, "add")
    q: Q | None = None
    for g in grants_for(user):
        if needed not in g.perms:
            continue
        scope = effective_scope(g, model, action)
        if scope == DataScope.ALL:
            return Org.objects.filter(is_active=True)
        if scope == DataScope.SUBTREE:
            part = Q(path__startswith=g.org_path)
        elif scope == DataScope.CUSTOM:
            part = Q(pk__in=g.custom_org_ids)
        else:
            part = Q(pk=g.org_id)
        q = part if q is None else q | part
    return Org.objects.filter(is_active=True).filter(q) if q is not None else Org.objects.none()


def orgs_with_perm(user: Any, perm: str) -> Any:
    """Active and inactive orgs inside the scope of the user's grants that carry ``perm``.
    An "only own records" grant reaches no org: user administration is never about one's own rows."""
    from django.db.models import Q

    from accounts.models import DataScope
    from accounts.scope import grants_for
    from orgs.models import Org

    if user.is_superuser:
        return Org.objects.all()
    q: Q | None = None
    for g in grants_for(user):
        if perm not in g.perms:
            continue
        if g.scope == DataScope.ALL:
            return Org.objects.all()
        if g.scope == DataScope.SUBTREE:
            part = Q(path__startswith=g.org_path)
        elif g.scope == DataScope.ORG:
            part = Q(pk=g.org_id)
        elif g.scope == DataScope.CUSTOM:
            part = Q(pk__in=g.custom_org_ids)
        else:
            continue
        q = part if q is None else q | part
    return Org.objects.filter(q) if q is not None else Org.objects.none()


def has_global_perm(user: Any, perm: str) -> bool:
    """``perm`` granted with the 全部数据 scope: needed for platform-wide settings such as roles."""
    from accounts.models import DataScope
    from accounts.scope import grants_for

    if user.is_superuser:
        return True
    return any(perm in g.perms and g.scope == DataScope.ALL for g in grants_for(user))


def users_visible_to(viewer: Any, perm: str = "accounts.view_user") -> Any:
    """用户管理: the users holding a membership (active or not) in an org inside the viewer's scope for
    ``perm``; a 全部数据 grant also sees accounts that have no membership at all."""
    from accounts.models import User

    if has_global_perm(viewer, perm):
        return User.objects.all()
    orgs = orgs_with_perm(viewer, perm)
    return User.objects.filter(pk__in=Membership.objects.filter(org__in=orgs).values("user_id"))


def with_memberships(users: Any) -> Any:
    """``users`` with their memberships, org and role prefetched (no query per row)."""
    from django.db.models import Prefetch

    return users.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("org", "role").order_by("-is_primary", "id"))
    )


def user_list(viewer: Any) -> Any:
    """The 用户管理 rows with their memberships prefetched (no query per row)."""
    return with_memberships(users_visible_to(viewer)).order_by("username")


def login_log_list(viewer: Any) -> Any:
    """登录日志 rows of the users the viewer may audit; a failed attempt with an unknown user name
    is matched by name, and only a 全部数据 grant sees attempts for names that match no account."""
    from django.db.models import Q

    from accounts.models import LoginLog

    perm = "accounts.view_loginlog"
    if has_global_perm(viewer, perm):
        return LoginLog.objects.select_related("user")
    users = users_visible_to(viewer, perm)
    return LoginLog.objects.filter(Q(user__in=users) | Q(user__isnull=True, username__in=users.values("username"))).select_related("user")


_ACTION_WORDS = {"add": "新增", "change": "修改", "delete": "删除", "view": "查看"}


def permission_label(perm: Any) -> str:
    """A permission in Chinese: the four built-in actions are named from the model's verbose name
    (Django stores them as "Can view …"); custom permissions carry their Chinese name already."""
    action, _, model_name = perm.codename.partition("_")
    if action in _ACTION_WORDS and model_name == perm.content_type.model:
        model = perm.content_type.model_class()
        noun = model._meta.verbose_name if model is not None else model_name
        return f"{_ACTION_WORDS[action]}{noun}"
    return str(perm.name)


def permission_groups(perms: Any) -> list[tuple[str, list[tuple[Any, str]]]]:
    """Permissions grouped by app (the app's Chinese verbose name), each with its Chinese label."""
    from django.apps import apps

    groups: dict[str, list[tuple[Any, str]]] = {}
    order: dict[str, int] = {c.label: i for i, c in enumerate(apps.get_app_configs())}
    labels: dict[str, str] = {c.label: str(c.verbose_name) for c in apps.get_app_configs()}
    for p in sorted(perms, key=lambda p: (order.get(p.content_type.app_label, 999), p.content_type.model, p.codename)):
        app = p.content_type.app_label
        groups.setdefault(labels.get(app, app), []).append((p, permission_label(p)))
    return list(groups.items())


def users_serving_at(orgs: Any) -> Any:
    """Active users with an active membership at one of ``orgs``: who may be named the person in charge of a record
    (接待人, 矫正责任人, 帮教责任人)."""
    from accounts.models import User

    return User.objects.filter(memberships__org__in=orgs, memberships__is_active=True, is_active=True).distinct().order_by("full_name")
