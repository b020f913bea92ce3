"""Typing helpers for views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:  # a name for the type checker only: the user model belongs to accounts, a layer above core
    from accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``: ``user`` is a real user."""

    user: User  # type: ignore[assignment]
