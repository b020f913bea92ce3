import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessToken, LoginLog
from accounts.tokens import token_hash
from core.models import AuditEvent

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


def _issue(client, username, password, **extra):
    return client.post(TOKEN_URL, json.dumps({"username": username, "password": password, **extra}), content_type="application/json")


def _bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_token_is_issued_stored_as_hash_and_expires_in_90_days(personas, password, client):
    r = _issue(client, personas.owner.username, password, name="台账同步")
    assert r.status_code == 201
    body = r.json()
    record = AccessToken.objects.get(user=personas.owner)
    assert record.key_hash == token_hash(body["token"]) and body["token"] not in record.key_hash
    assert body["prefix"] == record.prefix and record.prefix in body["token"] and record.name == "台账同步"
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert abs(expires - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
    assert AuditEvent.objects.filter(actor=personas.owner, summary__contains=record.prefix).exists()
    assert LoginLog.objects.filter(user=personas.owner, success=True).exists()


def test_token_authenticates_api_calls_without_session_or_csrf(personas, password):
    token = _issue(Client(), personas.owner.username, password).json()["token"]
    api = Client(enforce_csrf_checks=True)
    r = api.get("/api/v1/orgs", **_bearer(token))
    assert r.status_code == 200 and r.json()["count"] >= 1
    assert "sessionid" not in r.cookies
    assert AccessToken.objects.get(user=personas.owner).last_used_at is not None
    r = api.post("/api/v1/people", json.dumps({"name": "令牌登记", "org": personas.office.code}),
                 content_type="application/json", **_bearer(token))
    assert r.status_code == 201, r.content


def test_session_write_without_csrf_token_is_refused(personas, login):
    c = Client(enforce_csrf_checks=True)
    c.force_login(personas.owner)
    r = c.post("/api/v1/people", json.dumps({"name": "张三", "org": personas.office.code}), content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed"
    assert c.get("/api/v1/people").status_code == 200


def test_anonymous_call_gets_401_json_not_a_redirect(client):
    r = client.get("/api/v1/people")
    assert r.status_code == 401
    assert r.json()["code"] == "unauthenticated" and "访问令牌" in r.json()["message"]
    assert client.get("/api/v1/people", **_bearer("sfs_bogus_token")).status_code == 401


def test_wrong_password_is_401_in_chinese(personas, client):
    r = _issue(client, personas.owner.username, "wrong-password")
    assert r.status_code == 401
    assert r.json() == {"code": "bad_credentials", "message": "用户名或密码错误", "field": None}
    assert not AccessToken.objects.exists()
    assert LoginLog.objects.filter(username=personas.owner.username, success=False).exists()


def test_repeated_failures_lock_the_username_like_the_login_page(personas, password, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _issue(client, personas.owner.username, "wrong-password")
    r = _issue(client, personas.owner.username, password)
    assert r.status_code == 429
    assert r["Content-Type"].startswith("application/json")
    assert r.json()["code"] == "locked_out" and "锁定" in r.json()["message"]
    assert not AccessToken.objects.exists()


def test_expired_token_is_refused(personas, password, client):
    token = _issue(client, personas.owner.username, password).json()["token"]
    AccessToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get("/api/v1/orgs", **_bearer(token)).status_code == 401


def test_revoked_token_stops_working_and_others_tokens_cannot_be_revoked(personas, password, client):
    body = _issue(client, personas.owner.username, password).json()
    other = _issue(client, personas.outsider.username, password).json()
    api = Client()
    assert api.delete(f"/api/v1/auth/token/{other['prefix']}", **_bearer(body["token"])).status_code == 404
    listed = api.get("/api/v1/auth/tokens", **_bearer(body["token"])).json()
    assert [t["prefix"] for t in listed] == [body["prefix"]] and "token" not in listed[0]
    assert api.delete(f"/api/v1/auth/token/{body['prefix']}", **_bearer(body["token"])).status_code == 204
    assert AccessToken.objects.get(prefix=body["prefix"]).revoked
    assert api.get("/api/v1/orgs", **_bearer(body["token"])).status_code == 401
    assert api.get("/api/v1/orgs", **_bearer(other["token"])).status_code == 200


def test_user_who_must_use_2fa_needs_a_device_and_the_current_code(personas, password, client):
    admin = personas.sysadmin
    r = _issue(client, admin.username, password)
    assert r.status_code == 403 and r.json()["code"] == "otp_setup_required"
    device = TOTPDevice.objects.create(user=admin, name="手机", confirmed=True)
    r = _issue(client, admin.username, password)
    assert r.status_code == 401 and r.json()["code"] == "otp_required" and r.json()["field"] == "otp"
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    r = _issue(client, admin.username, password, otp=code)
    assert r.status_code == 201 and AccessToken.objects.filter(user=admin).count() == 1
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    r = _issue(client, admin.username, password, otp=wrong)
    assert r.status_code == 401 and r.json()["code"] == "otp_invalid"
    assert AccessToken.objects.filter(user=admin).count() == 1


def test_session_of_2fa_user_without_verification_is_refused(personas):
    c = Client()
    c.force_login(personas.sysadmin)
    r = c.get("/api/v1/orgs")
    assert r.status_code == 401 and r.json()["code"] == "otp_required"


def test_session_of_user_who_enabled_totp_but_has_not_passed_it_is_refused(personas):
    from accounts.middleware import OTP_PENDING_KEY

    c = Client()
    c.force_login(personas.owner)
    session = c.session
    session[OTP_PENDING_KEY] = True
    session.save()
    r = c.get("/api/v1/orgs")
    assert r.status_code == 401 and r.json()["code"] == "otp_required"


def test_idle_session_gets_401_json(personas, settings):
    c = Client()
    c.force_login(personas.owner)
    session = c.session
    session["last_seen"] = int(timezone.now().timestamp()) - settings.SESSION_IDLE_TIMEOUT_SECONDS - 10
    session.save()
    r = c.get("/api/v1/orgs")
    assert r.status_code == 401 and r.json()["code"] == "session_expired"


def test_bearer_request_skips_the_idle_timeout_and_leaves_the_session_alone(personas, password, settings):
    """An API client's token is not a browser session: an idle session cookie sent along neither ends nor refreshes."""
    token = _issue(Client(), personas.owner.username, password).json()["token"]
    c = Client()
    c.force_login(personas.owner)
    session = c.session
    stale = int(timezone.now().timestamp()) - settings.SESSION_IDLE_TIMEOUT_SECONDS - 10
    session["last_seen"] = stale
    session.save()
    r = c.get("/api/v1/orgs", **_bearer(token))
    assert r.status_code == 200 and r.json()["count"] >= 1
    assert c.session["last_seen"] == stale  # not refreshed by the token call
    # Without the token the same stale browser session is still ended.
    r = c.get("/api/v1/orgs")
    assert r.status_code == 401 and r.json()["code"] == "session_expired"


def test_invalid_bearer_token_does_not_fall_back_to_the_session(personas):
    c = Client()
    c.force_login(personas.owner)
    assert c.get("/api/v1/orgs").status_code == 200
    r = c.get("/api/v1/orgs", **_bearer("not-a-token"))
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"


def _api_operations():
    from sifasuo.api import api

    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            # The token issuing endpoint has none: it is how a client logs in. The subject's phone API takes only a
            # subject's own token, never a staff session (tested in corrections/tests/test_api_phone.py and below).
            if operation.get("security") and not path.startswith(SUBJECT_API):
                yield pytest.param(method, path, id=f"{method.upper()} {path}")


SUBJECT_API = "/api/v1/corrections/me"


def test_the_subject_phone_api_refuses_any_staff_session(personas):
    """社区矫正对象手机端 API: a staff session, verified or not, opens none of it (401 phone_login_required)."""
    from sifasuo.api import api

    c = Client()
    c.force_login(personas.sysadmin)
    paths = [p for p in api.get_openapi_schema()["paths"] if p.startswith(SUBJECT_API) and p not in (f"{SUBJECT_API}/code", f"{SUBJECT_API}/login")]
    assert paths
    for path in paths:
        url = path.replace("{uuid}", "00000000-0000-0000-0000-000000000000")
        r = c.get(url)
        assert r.status_code in (401, 405), (path, r.status_code)
        if r.status_code == 401:
            assert r.json()["code"] == "phone_login_required", (path, r.content[:200])


@pytest.mark.parametrize(("method", "path"), list(_api_operations()))
def test_every_api_operation_refuses_a_session_that_has_not_passed_2fa(personas, method, path):
    """系统管理员 must pass TOTP: until then the browser session opens no API operation, read or write."""
    import re

    url = re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", path)
    c = Client()
    c.force_login(personas.sysadmin)
    r = getattr(c, method)(url, "{}", content_type="application/json") if method != "get" else c.get(url)
    assert r.status_code == 401 and r.json()["code"] == "otp_required", (r.status_code, r.content[:200])
    # Once verified in this session, the same call gets past authentication.
    device = TOTPDevice.objects.create(user=personas.sysadmin, name="test", confirmed=True)
    session = c.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    r = getattr(c, method)(url, "{}", content_type="application/json") if method != "get" else c.get(url)
    assert r.status_code != 401, r.content[:200]
