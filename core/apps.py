from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from django_filters.filters import Filter
        from django_tables2.columns.base import Column

        from core import ledger, sqlite
        from core.cache import clear_on_change
        from core.lists import copy_column, copy_filter
        from core.models import CalendarOverride, DictItem, DictType, Parameter

        ledger.register_event_types_from_apps()
        sqlite.install()
        Column.__deepcopy__ = copy_column  # type: ignore[attr-defined]
        Filter.__deepcopy__ = copy_filter  # type: ignore[attr-defined]
        clear_on_change(CalendarOverride, "calendar-overrides")
        clear_on_change(Parameter, "parameters")
        clear_on_change(DictItem, "dictionaries")
        clear_on_change(DictType, "dictionaries")
