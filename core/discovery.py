"""Module autodiscovery: how a lower layer finds what the apps above it declare without importing them.

Each installed app may have a module of a given name (``<app>/menu.py``, ``<app>/ledger.py``, ``<app>/walk.py``,
``<app>/demo.py``, ``<app>/tasks.py``, ``<app>/documents.py``, ``<app>/reports.py``, ``<app>/warnings.py``) declaring
what it adds to a shared registry. ``app_modules(name)`` imports those that exist, in INSTALLED_APPS order, as Django's
admin finds ``admin.py``; an error inside such a module is raised, not taken for its absence."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule


def app_module_pairs(name: str) -> list[tuple[AppConfig, ModuleType]]:
    """(app config, its ``<app>.<name>`` module) for every installed app that has one."""
    return [(config, import_module(f"{config.name}.{name}")) for config in apps.get_app_configs()
            if module_has_submodule(config.module, name)]


def app_modules(name: str) -> list[ModuleType]:
    """The ``<app>.<name>`` module of every installed app that has one."""
    return [module for _, module in app_module_pairs(name)]
