"""Short-lived caches of small reference tables (calendar overrides, dictionaries, parameters) that are read
on every write path; a save or delete of those tables clears them at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")
TTL_SECONDS = 300
_PREFIX = "sifasuo:ref:"


def cached(key: str, build: Callable[[], T]) -> T:
    value = cache.get(_PREFIX + key)
    if value is None:
        value = build()
        cache.set(_PREFIX + key, value, TTL_SECONDS)
    return value  # type: ignore[no-any-return]


def clear_on_change(model: Any, *keys: str) -> None:
    """Drop the cached ``keys`` whenever a row of ``model`` is saved or deleted."""

    def clear(**_: Any) -> None:
        cache.delete_many([_PREFIX + k for k in keys])

    post_save.connect(clear, sender=model, weak=False, dispatch_uid=f"clear-{model.__name__}")
    post_delete.connect(clear, sender=model, weak=False, dispatch_uid=f"clear-del-{model.__name__}")
