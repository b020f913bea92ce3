"""码表 access: the active items of an administrator-editable list."""

from __future__ import annotations

from core.models import DictItem


def _all_items() -> dict[str, list[tuple[str, str]]]:
    table: dict[str, list[tuple[str, str]]] = {}
    rows = DictItem.objects.filter(is_active=True).order_by("sort_order", "code").values_list("dict_type__code", "code", "label")
    for type_code, code, label in rows:
        table.setdefault(type_code, []).append((code, label))
    return table


def dict_choices(code: str) -> list[tuple[str, str]]:
    """The active items of one 码表 (the whole small table is cached and cleared on any edit)."""
    from core.cache import cached

    return list(cached("dictionaries", _all_items).get(code, []))


def dict_label(code: str, item_code: str) -> str:
    return dict(dict_choices(code)).get(item_code, item_code)
