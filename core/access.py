"""Access helpers: the same answer (404) for a missing object and one outside the user's scope;
403 when the user may see the object but not perform the action."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model

from core.errors import AccessDenied, NotFound

M = TypeVar("M", bound=Model)


def access_object(user: Any, model: type[M], *, action: str = "view", **lookup: Any) -> M:
    manager = model._default_manager
    obj = manager.visible_to(user, "view").filter(**lookup).first()  # type: ignore[attr-defined]
    if obj is None:
        raise NotFound(f"未找到该{model._meta.verbose_name}，或您无权查看")
    if action != "view" and not manager.visible_to(user, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise AccessDenied(f"您没有{_ACTION_WORDS.get(action, action)}该{model._meta.verbose_name}的权限")
    return obj


def supervised_object(user: Any, model: type[M], **lookup: Any) -> M:
    """The record for an act of supervision (监督) the law gives to the bureau above the office that handles it —
    备案审查, a referred request's decision, 异议的决定 (法律援助法 第四十九条) …: visible (else 404) and inside the
    data scope of a grant with the change right (else 403), whatever the role's 办案范围."""
    return access_object(user, model, action="supervise", **lookup)


def can_supervise(user: Any, obj: Model) -> bool:
    """Whether ``user`` may perform an act of supervision on ``obj`` (see ``supervised_object``)."""
    return bool(type(obj)._default_manager.visible_to(user, "supervise").filter(pk=obj.pk).exists())  # type: ignore[attr-defined]


def require_perm(user: Any, perm: str, *, what: str = "执行此操作") -> None:
    if not user.has_perm(perm):
        raise AccessDenied(f"您没有{what}的权限")


_ACTION_WORDS = {"change": "修改", "delete": "删除", "add": "新增", "supervise": "监督处理"}
