"""Login log: every attempt, successful or failed, is recorded. Grants: every change that decides them retires the
cached copies (``accounts.scope.grants_bump``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from accounts.models import LoginLog, Membership, Role
from accounts.scope import grants_bump
from orgs.models import Org
from orgs.signals import subtree_moved


def _client(request: Any) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    return request.META.get("REMOTE_ADDR"), request.META.get("HTTP_USER_AGENT", "")[:300]


@receiver(user_logged_in)
def log_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    ip, agent = _client(request)
    LoginLog.objects.create(username=user.username, user=user, success=True, ip_address=ip, user_agent=agent)


@receiver(user_login_failed)
def log_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    ip, agent = _client(request)
    LoginLog.objects.create(
        username=str(credentials.get("username", ""))[:150], success=False, reason="用户名或密码错误", ip_address=ip, user_agent=agent
    )


# Grants: every change to what decides a user's grants, or the 任职 the top bar shows, raises the version of the users
# it reaches (``accounts.scope.grants_bump``), after the change and in its transaction. A queryset ``update`` or
# ``bulk_create`` of these tables sends no signal and must call ``grants_bump`` itself.

# Role fields read into the grants (the shown role name and the data scope); a save that names only others does not bump.
_ROLE_GRANT_FIELDS = {"name", "data_scope"}
_ORG_GRANT_FIELDS = {"name", "is_active", "path", "depth"}


def _holders(role_ids: Iterable[Any]) -> QuerySet[Any, int]:
    return Membership.objects.filter(role_id__in=role_ids).values_list("user_id", flat=True)


def _under(path: str) -> QuerySet[Any, int]:
    """Users with a membership in the org of ``path`` or below it (everyone with a membership for ``""``)."""
    memberships = Membership.objects.filter(org__path__startswith=path) if path else Membership.objects.all()
    return memberships.values_list("user_id", flat=True)


def _touches(update_fields: Any, fields: set[str]) -> bool:
    return update_fields is None or bool(fields & set(update_fields))


@receiver(pre_save, sender=Membership, dispatch_uid="accounts.grants.membership_pre_save")
def membership_before_save(sender: Any, instance: Membership, update_fields: Any = None, **kwargs: Any) -> None:
    # A membership handed to another account (the services never do it) retires the former holder's grants too;
    # who that was is only known before the save.
    if not instance._state.adding and instance.pk is not None and _touches(update_fields, {"user", "user_id"}):
        instance._grants_former_user_id = (  # type: ignore[attr-defined]
            Membership.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()
        )


@receiver(post_save, sender=Membership, dispatch_uid="accounts.grants.membership_saved")
def membership_saved(sender: Any, instance: Membership, **kwargs: Any) -> None:
    former = getattr(instance, "_grants_former_user_id", None)
    grants_bump({instance.user_id} | ({former} if former is not None else set()))


@receiver(post_delete, sender=Membership, dispatch_uid="accounts.grants.membership_deleted")
def membership_deleted(sender: Any, instance: Membership, **kwargs: Any) -> None:
    grants_bump({instance.user_id})


@receiver(post_save, sender=Role, dispatch_uid="accounts.grants.role_saved")
def role_saved(sender: Any, instance: Role, created: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    if not created and _touches(update_fields, _ROLE_GRANT_FIELDS):  # a new role has no holders yet
        grants_bump(_holders([instance.pk]))


@receiver(post_delete, sender=Role, dispatch_uid="accounts.grants.role_deleted")
def role_deleted(sender: Any, instance: Role, **kwargs: Any) -> None:
    grants_bump(_holders([instance.pk]))  # memberships protect their role today; this keeps it right if that changes


def _role_links_changed(sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[Any] | None, **kwargs: Any) -> None:
    """A role's permissions or 自定义单位 changed, from the role's side (``role.permissions.add``, ``set``, ``clear``)
    or from the other (``permission.role_set.add``: ``pk_set`` then holds roles)."""
    if not reverse:
        if (action in ("post_add", "post_remove") and pk_set) or action == "post_clear":
            grants_bump(_holders([instance.pk]))
    elif action in ("post_add", "post_remove") and pk_set:
        grants_bump(_holders(pk_set))
    elif action == "pre_clear":
        # Which roles lose the link is only known before the clear; Django runs pre_clear, the delete and post_clear
        # in one transaction, so the bump still lands with the change.
        other = _THROUGH_OTHER_SIDE[sender]
        grants_bump(_holders(sender.objects.filter(**{f"{other}_id": instance.pk}).values("role_id")))


_THROUGH_OTHER_SIDE = {
    Role.permissions.through: Role.permissions.field.m2m_reverse_field_name(),
    Role.custom_orgs.through: Role.custom_orgs.field.m2m_reverse_field_name(),
}
for _through in _THROUGH_OTHER_SIDE:
    m2m_changed.connect(_role_links_changed, sender=_through, dispatch_uid=f"accounts.grants.{_through._meta.model_name}")


@receiver(post_save, sender=Org, dispatch_uid="accounts.grants.org_saved")
def org_saved(sender: Any, instance: Org, created: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    if created:
        # treebeard makes room for a new node among its sorted siblings by renumbering the later ones and their
        # subtrees (an UPDATE of their paths, no signal). A node added after its siblings, the usual case, moved
        # nothing; otherwise the parent's subtree is bumped (the whole tree for a new root).
        parent = instance.path[: -Org.steplen]
        if Org.objects.filter(path__startswith=parent, depth=instance.depth, path__gt=instance.path).exists():
            grants_bump(_under(parent))
    elif _touches(update_fields, _ORG_GRANT_FIELDS):
        grants_bump(_under(instance.path))


@receiver(subtree_moved, sender=Org, dispatch_uid="accounts.grants.org_subtree_moved")
def org_subtree_moved(sender: Any, common_path: str, **kwargs: Any) -> None:
    # ``Org.objects.move`` rewrote the paths below ``common_path`` by UPDATE: the grants that named them retire.
    grants_bump(_under(common_path))


@receiver(pre_delete, sender=Org, dispatch_uid="accounts.grants.org_deleting")
def org_deleting(sender: Any, instance: Org, **kwargs: Any) -> None:
    # Memberships protect their org; a 自定义单位 link is deleted with it, without an m2m signal. Django sends
    # pre_delete inside the deletion's transaction.
    grants_bump(Membership.objects.filter(role__custom_orgs=instance).values_list("user_id", flat=True))


@receiver(pre_delete, sender=Permission, dispatch_uid="accounts.grants.permission_deleting")
def permission_deleting(sender: Any, instance: Permission, **kwargs: Any) -> None:
    # Rare (an app or model removed); its role links go with it, without an m2m signal.
    grants_bump(Membership.objects.filter(role__permissions=instance).values_list("user_id", flat=True))
