"""``{% url_of %}`` and ``{% asset %}`` for the page shell (templates/base.html): ``{% url %}`` and ``{% static %}``
for URLs that are the same on every page, worked out once per process instead of on every request.

The shell's dozen links and stylesheets cost ``reverse()`` and the static storage on every page; the menu already
remembers its URLs the same way (``core.menu.reverse_once``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.html import conditional_escape

from core.menu import reverse_once

register = template.Library()
_assets: dict[tuple[str, str], str] = {}


@register.simple_tag
def url_of(name: str) -> str:
    """``{% url name %}`` for a URL without arguments (remembered per script prefix and URLconf)."""
    return reverse_once(name)


@register.simple_tag
def asset(path: str) -> str:
    """``{% static path %}``, remembered per script prefix; escaped as ``{% static %}`` escapes it."""
    key = (path, get_script_prefix())
    found = _assets.get(key)
    if found is None:
        found = _assets[key] = conditional_escape(static(path))
    return found


@receiver(setting_changed)
def _forget(*, setting: str, **_: Any) -> None:
    """A test that changes where static files are served from gets URLs worked out afresh."""
    if setting in ("STATIC_URL", "STORAGES", "STATICFILES_STORAGE", "FORCE_SCRIPT_NAME"):
        _assets.clear()
