"""Edges and defaults of a production installation (project issue #15, item 6): the API answers JSON for every
error, signed-in pages are never cached, DEBUG is off unless set, production refuses to start without its secrets,
and ``manage.py check --deploy`` is clean under the production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from accounts.tokens import token_issue

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "SECRET_KEY": "k7Qm2vX9pL4wR8tZ1nB6yH3jF5cD0sA-eG_uI7oP2qW9xV4mN8bT1rY6zK3hJ5gL",
    "FIELD_ENCRYPTION_KEY": "c2lmYXN1by1iZW5jaG1hcmstb25seS1maWVsZC1rZXk=",
    "ID_HASH_KEY": "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``manage.py`` in a fresh process with only ``env`` on top of a clean environment (no test markers)."""
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' process for the live server, refused by check --deploy.
    dropped = {"DEBUG", "SIFASUO_TESTING", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", *SECRETS}
    base = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith(("SECURE_", "PYTEST"))}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.django_db
def test_api_errors_are_json_even_when_django_answers_them(personas):
    c = Client(raise_request_exception=False)
    c.force_login(personas.owner)
    r = c.get("/api/v1/no-such-endpoint")
    assert r.status_code == 404 and r["Content-Type"] == "application/json" and r.json()["code"] == "not_found"
    r = c.delete("/api/v1/people")
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed" and "GET" in r.json()["message"] and "GET" in r["Allow"]
    r = Client().get("/api/v1/people")
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"


@pytest.mark.django_db
@pytest.mark.urls("core.tests.urls_api_failures")
def test_a_crash_or_refusal_below_the_api_is_answered_in_json(personas):
    c = Client(raise_request_exception=False)
    r = c.get("/api/v1/test-crash")
    assert r.status_code == 500 and r.json() == {"code": "server_error", "message": "服务器内部错误，已记录日志；请稍后重试，或联系系统管理员",
                                                 "field": None}
    r = c.get("/api/v1/test-forbidden")
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    # Pages outside the API keep their HTML error pages.
    r = c.get("/no-such-page/")
    assert r.status_code == 404 and r["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_signed_in_answers_are_never_cached(personas, login):
    for url in ("/people/", "/api/v1/people"):
        r = login(personas.owner).get(url)
        assert r.status_code == 200
        assert "no-store" in r["Cache-Control"] and "private" in r["Cache-Control"], url
    token = token_issue(user=personas.owner).token
    r = Client().get("/api/v1/people", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    assert "no-store" not in Client().get("/accounts/login/").get("Cache-Control", "")


def test_production_refuses_to_start_without_its_secrets():
    r = _manage("check", env={"SECRET_KEY": SECRETS["SECRET_KEY"]})
    assert r.returncode != 0
    assert "FIELD_ENCRYPTION_KEY、ID_HASH_KEY" in r.stderr and "Fernet.generate_key()" in r.stderr and "DEBUG=1" in r.stderr
    assert "SECRET_KEY" not in r.stderr.split("必须设置环境变量")[1].split("，")[0]  # the one that is set is not named
    assert _manage("check", env={"DEBUG": "1"}).returncode == 0  # development derives its keys


def test_debug_is_off_unless_set():
    code = "from django.conf import settings; print(settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE)"
    assert _manage("shell", "-c", code, env=SECRETS).stdout.split()[-3:] == ["False", "True", "True"]
    assert _manage("shell", "-c", code, env={"DEBUG": "1"}).stdout.split()[-3:] == ["True", "False", "False"]


def test_check_deploy_is_clean_under_production_settings():
    r = _manage("check", "--deploy", "--fail-level", "WARNING", env={**SECRETS, "ALLOWED_HOSTS": "sifasuo.example.gov.cn"})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "System check identified no issues" in r.stdout


def test_the_production_env_example_lists_every_setting():
    """deploy/production.env.example names every variable the settings and gunicorn read (but the test-only ones),
    and nothing they do not read."""
    import re

    code = (ROOT / "sifasuo" / "settings.py").read_text(encoding="utf-8") + (ROOT / "deploy" / "gunicorn.conf.py").read_text(encoding="utf-8")
    read = set(re.findall(r'(?:env_bool|env_int|os\.environ\.get)\(\s*"([A-Z0-9_]+)"', code))
    listed = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / "deploy" / "production.env.example").read_text(encoding="utf-8"), re.M))
    test_or_demo_only = {"SIFASUO_TESTING", "SQLITE_TEST_FILE", "DEMO_PASSWORD"}
    assert {"SECRET_KEY", "FIELD_ENCRYPTION_KEY", "ID_HASH_KEY", "SECURE_HSTS_SECONDS", "WEB_WORKERS"} <= read
    assert read - test_or_demo_only - listed == set()
    assert listed - read == set()
