"""Where a consultation went on to, in the modules that take consultations over.

A conversion is a service of the receiving module, which sits above consultation (法律援助: ``legalaid.services.
application_from_consultation``, 法律援助法 第二十三条). So that the consultation's page can link to the record it
became without importing that module, the receiving module registers a finder at start-up (``AppConfig.ready``):
``finder(user, consultation)`` returns the record the user may see, or None."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

OutcomeFinder = Callable[[Any, Any], Any]
_FINDERS: dict[str, OutcomeFinder] = {}


def register_outcome(kind: str, finder: OutcomeFinder) -> None:
    """Install the finder of one kind of follow-up record (e.g. ``"legal_aid"``)."""
    _FINDERS[kind] = finder


def outcome_find(kind: str, user: Any, consultation: Any) -> Any:
    """The ``kind`` record ``consultation`` became, if ``user`` may see it; None without one (or without the module)."""
    finder = _FINDERS.get(kind)
    return finder(user, consultation) if finder is not None else None
