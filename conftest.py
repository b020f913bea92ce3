from __future__ import annotations

import pytest
from django.test import Client

from core.testing import PASSWORD, Personas, build_personas


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    """Each test starts with an empty cache: cached reference tables (码表, calendar, parameters) are rebuilt from the
    test's own database, so one test's edit to a dictionary label cannot leak into the next test of the worker."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    return build_personas()


@pytest.fixture
def login(client: Client):  # type: ignore[no-untyped-def]
    """Return a client logged in as the given user (force_login: no lockout, no password hashing)."""

    def _login(user):  # type: ignore[no-untyped-def]
        c = Client()
        c.force_login(user)
        if user.is_superuser:
            session = c.session
            # The administrator's TOTP step is tested on its own; other tests start verified.
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session["otp_device_id"] = device.persistent_id
            session.save()
        return c

    return _login


@pytest.fixture
def password() -> str:
    return PASSWORD
