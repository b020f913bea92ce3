"""Typing helpers for views."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``: ``user`` is a real user."""

    user: User  # type: ignore[assignment]
