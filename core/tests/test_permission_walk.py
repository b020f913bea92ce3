"""The permission walk: every URL pattern of the project, tried as every persona.

Each URL needs a spec in its app's ``walk.py`` (core/walk.py explains the kinds); a URL without one
fails ``test_every_url_pattern_has_a_walk_spec``, so a new module is walked as soon as it is mounted."""

import json
from typing import Any

import pytest
from django.apps import apps
from django.core.files import File
from django.db.models import CharField, Count, Max, UUIDField
from django.db.models.functions import Cast
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.walk import WalkSpec, registry
from sifasuo.api import api

# Public or framework URLs, by route prefix; each is tested on its own where it is ours.
ALLOWLIST = (
    "admin/",  # Django admin: staff only, its own login
    "static/",
    "media/",
    "healthz",  # load-balancer probe, no data
    "favicon.ico",  # redirect to the static icon, no data
    "accounts/login/",
    "accounts/logout/",
    "portal/",  # 群众服务: the public citizens' portal, no login by design
    "corrections/m/",  # 社区矫正对象手机端: the subject signs in with the ID number and a text-message code, not a staff login
    "api/v1/corrections/positioning/",
    # 社区矫正对象手机端接口: the subject's own token, never a staff login (corrections/tests/test_api_phone.py)
    "api/v1/corrections/me",  # the positioning system's push, authenticated by its HMAC signature (tested on its own)
    "api/v1/openapi.json",
    "api/v1/docs",
    "api/v1/auth/token",  # issuing a token is how an API client logs in
)
API_ROOT = "api/v1/"

# Tables that change on every login or request, whatever the permissions.
NOISY_TABLES = {"sessions.session", "accounts.loginlog", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def url_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(route, namespaced name) of every URL pattern, recursively."""
    resolver = resolver or get_resolver()
    found: list[tuple[str, str]] = []
    for p in resolver.url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace or "") if x)
            found.extend(url_patterns(p, route, ns))
        elif isinstance(p, URLPattern):
            found.append((route, f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")))
    return found


def _walked(route: str) -> bool:
    return route != API_ROOT and not route.startswith(ALLOWLIST)


def test_every_url_pattern_has_a_walk_spec():
    specs = registry()
    missing = sorted({f"{name or '(unnamed)'}  /{route}" for route, name in url_patterns() if _walked(route) and name not in specs})
    assert not missing, "These URLs have no permission-walk spec; add them to the app's walk.py:\n" + "\n".join(missing)


def test_every_api_operation_has_a_walk_spec_with_its_method():
    specs = registry()
    schema = api.get_openapi_schema()
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not _walked(path.removeprefix("/")):
                continue
            name = f"api:{operation['operationId']}"
            if not any(s.http_method == method.upper() for s in specs.get(name, [])):
                missing.append(f"{method.upper()} {path} ({name})")
    assert not missing, "API operations without a walk spec:\n" + "\n".join(missing)


def test_no_spec_names_a_url_that_does_not_exist():
    names = {name for _, name in url_patterns()}
    assert not sorted(set(registry()) - names)


CASES = [pytest.param(name, spec, id=f"{name}#{i}") for name, specs in sorted(registry().items()) for i, spec in enumerate(specs)]


def fingerprint() -> dict[str, tuple[Any, ...]]:
    """Rows, highest key and latest update of every table: a refused write must leave all of them alone."""
    state = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in NOISY_TABLES or model._meta.proxy:
            continue
        # PostgreSQL has no max(uuid): compare such keys as text.
        top = Max(Cast("pk", CharField())) if isinstance(model._meta.pk, UUIDField) else Max("pk")
        aggregates: dict[str, Any] = {"n": Count("pk"), "top": top}
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            aggregates["updated"] = Max("updated_at")
        state[label] = tuple(model._base_manager.aggregate(**aggregates).values())
    return state


def _client(user: Any) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _request(c: Client, spec: WalkSpec, url: str, data: dict[str, Any]) -> Any:
    method = spec.http_method.lower()
    uploads = [v for v in data.values() if isinstance(v, File)]
    if uploads:  # a multipart upload (上传笔录): each persona sends the file from its start
        for upload in uploads:
            upload.seek(0)
        return getattr(c, method)(url, data, **spec.headers)
    if url.startswith("/api/"):
        body = json.dumps(data) if method != "get" else data
        kwargs: dict[str, Any] = {"content_type": "application/json"} if method != "get" else {}
        return getattr(c, method)(url, body, **kwargs, **spec.headers)
    return getattr(c, method)(url, data, **spec.headers)


def _ok(response: Any) -> bool:
    if response.status_code in (200, 201, 202, 204):
        return True
    return response.status_code == 302 and not response["Location"].startswith(reverse("accounts:login"))


def _check(persona: str, expected: int | str, response: Any, name: str) -> None:
    if expected == "ok":
        assert _ok(response), f"{name}: {persona} should succeed, got {response.status_code}"
    else:
        assert response.status_code == expected, f"{name}: {persona} should get {expected}, got {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "spec"), CASES)
def test_permission_walk(name, spec, personas):
    kwargs, data = spec.prepare(personas)
    url = reverse(name, kwargs=kwargs)
    expected = spec.expectations
    users = {"owner": getattr(personas, spec.owner), "supervisor": personas.supervisor,
             "outsider": personas.outsider, "readonly": personas.readonly}
    clients = {who: _client(user) for who, user in users.items()}
    is_write = spec.http_method not in ("GET", "HEAD")

    before = fingerprint()
    anonymous = _request(Client(), spec, url, data)
    if url.startswith("/api/"):
        assert anonymous.status_code == 401, f"{name}: anonymous should get 401, got {anonymous.status_code}"
        assert anonymous.json()["code"] == "unauthenticated"
    else:
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login")), (
            f"{name}: anonymous should be sent to the login page, got {anonymous.status_code}"
        )
    assert fingerprint() == before, f"{name}: an anonymous request changed the database"

    # Refused and read-only personas first, so the owner's write cannot hide their effects.
    order = [who for who in ("outsider", "readonly", "supervisor") if who in expected]
    for who in order:
        if is_write and spec.kind in ("write", "create", "own") and expected[who] == "ok":
            continue  # a permitted write by someone else is not what this walk is about
        before = fingerprint()
        response = _request(clients[who], spec, url, data)
        _check(who, expected[who], response, name)
        if expected[who] != "ok":
            assert fingerprint() == before, f"{name}: the refused {who} request changed the database"
        elif spec.kind == "list" and spec.sample:
            body = response.content.decode()
            if who == "outsider":
                assert spec.sample not in body, f"{name}: the outsider's list shows the owner office's sample"
            else:
                assert spec.sample in body, f"{name}: {who} should see the sample in the list"

    before = fingerprint()
    response = _request(clients["owner"], spec, url, data)
    _check("owner", expected["owner"], response, name)
    if spec.kind == "list" and spec.sample:
        assert spec.sample in response.content.decode(), f"{name}: the owner should see the sample in the list"
    if spec.kind in ("write", "create") and spec.http_method != "GET":
        if expected["owner"] == "ok":
            assert fingerprint() != before, f"{name}: the owner's write succeeded but changed nothing; check the spec's data"
        else:  # refused for a documented reason (e.g. 503 without LibreOffice): nothing may have been written
            assert fingerprint() == before, f"{name}: the owner's refused write changed the database"
