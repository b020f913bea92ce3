"""Login security through the real pages: lockout, password hashing, mandatory and optional TOTP,
idle timeout, the login log, and who may manage accounts."""

import base64
import os
import re
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginLog, Role

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LANDING = "/dashboard/start/"  # LOGIN_REDIRECT_URL: the dashboard for city and county users, 今日待办 for others


def _secret_from_page(response) -> bytes:
    found = re.search(r'data-testid="otp-secret">([A-Z2-7]+)<', response.content.decode())
    assert found, "the set-up page shows the secret for manual entry"
    secret = found.group(1)
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def _code(key: bytes, *, ahead: int = 0) -> str:
    return f"{totp(key, drift=ahead):06d}"


def test_lockout_after_failure_limit_through_the_login_form(personas, password):
    c = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        r = c.post(LOGIN, {"username": personas.owner.username, "password": "wrong-password"})
        assert r.status_code == 200 and "用户名或密码错误" in r.content.decode()
    r = c.post(LOGIN, {"username": personas.owner.username, "password": "wrong-password"})
    assert "账号已临时锁定" in r.content.decode()
    assert LoginLog.objects.filter(username=personas.owner.username, success=False).count() >= limit
    # The right password does not help while the lockout lasts.
    r = c.post(LOGIN, {"username": personas.owner.username, "password": password})
    assert "账号已临时锁定" in r.content.decode()
    assert "_auth_user_id" not in c.session
    assert not LoginLog.objects.filter(username=personas.owner.username, success=True).exists()
    r = c.get("/")
    assert r.status_code == 302 and r["Location"].startswith(LOGIN)


def test_administrator_unlock_lets_the_user_sign_in_again(personas, password, login):
    c = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        c.post(LOGIN, {"username": personas.owner.username, "password": "wrong-password"})
    assert "账号已临时锁定" in c.post(LOGIN, {"username": personas.owner.username, "password": password}).content.decode()
    assert login(personas.sysadmin).post(f"/accounts/users/{personas.owner.username}/unlock/").status_code == 302
    r = c.post(LOGIN, {"username": personas.owner.username, "password": password})
    assert r.status_code == 302 and r["Location"] == LANDING


def test_successful_and_failed_logins_are_logged(personas, password):
    c = Client(HTTP_USER_AGENT="Mozilla/5.0 测试浏览器")
    c.post(LOGIN, {"username": personas.owner.username, "password": "nope-nope"})
    c.post(LOGIN, {"username": "no_such_user", "password": "nope-nope"})
    r = c.post(LOGIN, {"username": personas.owner.username, "password": password})
    assert r.status_code == 302
    failed = LoginLog.objects.get(username=personas.owner.username, success=False)
    assert failed.reason == "用户名或密码错误" and failed.ip_address == "127.0.0.1"
    ok = LoginLog.objects.get(username=personas.owner.username, success=True)
    assert ok.user == personas.owner and ok.user_agent == "Mozilla/5.0 测试浏览器"
    assert LoginLog.objects.filter(username="no_such_user", success=False, user=None).exists()


def test_argon2_is_the_first_hasher_outside_tests():
    env = {k: v for k, v in os.environ.items() if k != "SIFASUO_TESTING"}
    env["DJANGO_SETTINGS_MODULE"] = "sifasuo.settings"
    env["DEBUG"] = "1"  # outside tests and without DEBUG the settings would ask for the production secrets
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.TESTING, settings.PASSWORD_HASHERS[0])"],
        env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR,
    ).stdout.split()
    assert out == ["False", "django.contrib.auth.hashers.Argon2PasswordHasher"]
    # Inside tests only a fast hasher is put in front; argon2 still comes right after it.
    assert settings.PASSWORD_HASHERS[1] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_sysadmin_must_set_up_totp_before_anything_else(personas, password):
    c = Client()
    r = c.post(LOGIN, {"username": personas.sysadmin.username, "password": password})
    assert r.status_code == 302 and r["Location"].startswith("/accounts/otp/")
    for path in ("/", "/accounts/users/", "/accounts/roles/", "/orgs/", "/accounts/profile/"):
        r = c.get(path)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/otp/"), path
    page = c.get("/accounts/otp/")
    assert page.status_code == 200 and page.context["setting_up"] is True
    key = _secret_from_page(page)
    r = c.post("/accounts/otp/", {"token": _code(key), "next": "/"})
    assert r.status_code == 302 and r["Location"] == "/"
    assert TOTPDevice.objects.get(user=personas.sysadmin).confirmed is True
    assert c.get("/").status_code == 200
    assert c.get("/accounts/users/").status_code == 200


def test_wrong_totp_code_is_refused_and_logged(personas, password):
    c = Client()
    c.post(LOGIN, {"username": personas.sysadmin.username, "password": password})
    key = _secret_from_page(c.get("/accounts/otp/"))
    wrong = "000000" if _code(key) != "000000" else "111111"
    r = c.post("/accounts/otp/", {"token": wrong, "next": "/"})
    assert r.status_code == 200 and "验证码错误或已过期" in r.content.decode()
    assert LoginLog.objects.filter(user=personas.sysadmin, success=False, reason="双因素验证码错误").exists()
    assert TOTPDevice.objects.get(user=personas.sysadmin).confirmed is False
    assert c.get("/")["Location"].startswith("/accounts/otp/")


def test_normal_user_may_enable_totp_and_must_then_enter_it(personas, password):
    c = Client()
    assert c.post(LOGIN, {"username": personas.owner.username, "password": password})["Location"] == LANDING
    assert c.get("/").status_code == 200
    assert c.get("/accounts/otp/")["Location"] == LANDING  # optional: no set-up forced
    page = c.get("/accounts/otp/", {"setup": "1"})
    key = _secret_from_page(page)
    assert c.post("/accounts/otp/?setup=1", {"token": _code(key), "next": "/accounts/profile/"})["Location"] == "/accounts/profile/"
    assert "已启用" in c.get("/accounts/profile/").content.decode()
    c.post("/accounts/logout/")

    c = Client()
    r = c.post(LOGIN, {"username": personas.owner.username, "password": password})
    assert r["Location"].startswith("/accounts/otp/")
    # Skipping the code is not possible: every page sends the user back to it.
    r = c.get("/people/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/otp/")
    device = TOTPDevice.objects.get(user=personas.owner)
    # The code of the step just used is spent; the authenticator's next code is accepted.
    r = c.post("/accounts/otp/", {"token": _code(key, ahead=device.drift + 1), "next": "/people/"})
    assert r.status_code == 302 and r["Location"] == "/people/"
    assert c.get("/people/").status_code == 200



def test_turning_totp_on_and_off_is_in_the_operation_log(personas, password, login):
    c = Client()
    c.post(LOGIN, {"username": personas.owner.username, "password": password})
    key = _secret_from_page(c.get("/accounts/otp/", {"setup": "1"}))
    c.post("/accounts/otp/?setup=1", {"token": _code(key), "next": "/accounts/profile/"})
    r = c.post("/accounts/otp/disable/", follow=True)
    assert "已停用双因素认证" in r.content.decode() and not TOTPDevice.objects.filter(user=personas.owner).exists()
    log = login(personas.readonly).get("/audit/", {"per_page": 50}).content.decode()
    assert "用户 office_150402001 启用了双因素认证" in log and "用户 office_150402001 停用了双因素认证" in log


def test_a_role_that_requires_totp_cannot_turn_it_off_and_nothing_is_logged(personas, login):
    c = login(personas.sysadmin)
    r = c.post("/accounts/otp/disable/", follow=True)
    assert "您的角色要求必须启用双因素认证，不能停用" in r.content.decode()
    assert TOTPDevice.objects.filter(user=personas.sysadmin).exists()
    assert "停用了双因素认证" not in c.get("/audit/", {"per_page": 50}).content.decode()

def test_idle_session_is_logged_out_with_a_message(personas, login):
    c = login(personas.owner)
    assert c.get("/").status_code == 200
    session = c.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT_SECONDS - 60
    session.save()
    r = c.get("/people/")
    assert r.status_code == 302
    assert r["Location"].startswith(LOGIN) and "timeout=1" in r["Location"] and "next=/people/" in r["Location"]
    page = c.get(r["Location"])
    assert "长时间未操作，已自动退出" in page.content.decode()
    assert c.get("/")["Location"].startswith(LOGIN)


def test_user_management_rights_per_persona(personas, login):
    role = Role.objects.get(code="office_staff")
    data = {"username": "new_user01", "full_name": "新人", "org": personas.office.pk, "role": role.pk}
    assert login(personas.owner).get("/accounts/users/new/").status_code == 403
    assert login(personas.owner).post("/accounts/users/new/", data).status_code == 403
    assert login(personas.readonly).get("/accounts/users/").status_code == 403
    assert login(personas.sysadmin).get("/accounts/users/new/").status_code == 200
    assert login(personas.sysadmin).get("/accounts/users/").status_code == 200
    r = login(personas.outsider).post(f"/accounts/users/{personas.owner.username}/edit/", {"full_name": "改名"})
    assert r.status_code == 404
    personas.owner.refresh_from_db()
    assert personas.owner.full_name == "张明"
