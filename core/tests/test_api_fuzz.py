"""The OpenAPI document is the API's contract: schemathesis generates requests from ``/api/v1/openapi.json`` (valid
and invalid ones) and sends them to the application in process, signed in as the office staff member with an access
token, with the office's own sample records in the database. Every answer must be documented (status code, body
schema, content type) and none may be a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from accounts.tokens import token_issue
from core.walk import registry

# Enough examples per operation to reach each error branch, few enough to keep the run well under two minutes.
EXAMPLES = 4
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


class Samples:
    """The walk's sample record of the operation under test (owned by the office), built once before its first
    example, so a list or a report has something of the office's to show."""

    def __init__(self, personas: Any) -> None:
        self.personas, self.built = personas, False

    def ensure(self, case: Any) -> None:
        if self.built:
            return
        self.built = True
        specs = registry().get(f"api:{case.operation.definition.raw.get('operationId')}", [])
        if specs:
            specs[0].prepare(self.personas)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Documents the fuzzing generates go to a temporary directory, not the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Requests go to the real WSGI application, whose request signals close a database connection found inside a
    transaction; the test's transaction is one, and PostgreSQL would lose it (every later query: "the connection is
    closed"). Django's own test client disconnects the same handler while it runs a request; so does this test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def samples(personas: Any) -> Samples:
    return Samples(personas)


@pytest.fixture
def token(personas: Any) -> str:
    return token_issue(user=personas.owner, name="接口模糊测试").token


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_api_answer_is_documented(case: Any, token: str, samples: Samples) -> None:
    samples.ensure(case)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
