from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from core import ledger
        from core.cache import clear_on_change
        from core.models import CalendarOverride, DictItem, DictType, Parameter

        ledger.register_event_types_from_apps()
        clear_on_change(CalendarOverride, "calendar-overrides")
        clear_on_change(Parameter, "parameters")
        clear_on_change(DictItem, "dictionaries")
        clear_on_change(DictType, "dictionaries")
