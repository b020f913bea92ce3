"""Drive a running installation with real HTTP requests, as a person and an API client would, and count the
answers that are not what they should be (deploy/check.sh runs it against the production shape).

Each request carries ``X-Forwarded-Proto: https``, as nginx adds it in front of gunicorn; cookies are kept by hand
(they are marked Secure, and the connection to gunicorn is plain HTTP on the loopback, as behind nginx). At the end
the log file is searched for the ID and phone numbers sent and for errors: none may be there.

    python deploy/smoke.py --base-url http://127.0.0.1:8000 --log-file /path/sifasuo.log --username office_150402001
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.validators import id_check_char  # noqa: E402  (plain Python: no Django set-up needed)

_BODY = "150402" + "19790305" + "918"
ID_NUMBER = _BODY + id_check_char(_BODY)  # a valid number that no demo person has
PHONE = "13847612398"


class Smoke:
    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.origin = f"https://{parts.hostname}:{self.port}"
        self.cookies: dict[str, str] = {}
        self.checked = 0
        self.failures: list[str] = []

    def request(self, method: str, path: str, *, body: Any = None, form: dict[str, str] | None = None,
                headers: dict[str, str] | None = None, https: bool = True) -> tuple[int, dict[str, str], bytes]:
        sent = {"Host": f"{self.host}:{self.port}", "User-Agent": "sifasuo-deploy-check"}
        if https:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data: bytes | None = None
        if form is not None:
            data = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        if method != "GET":
            sent["Origin"] = self.origin
            sent["Referer"] = self.origin + path
            if "csrftoken" in self.cookies:
                sent["X-CSRFToken"] = self.cookies["csrftoken"]
        sent.update(headers or {})
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, path, body=data, headers=sent)
            response = conn.getresponse()
            content = response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(value)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return response.status, {k.lower(): v for k, v in response.getheaders()}, content
        finally:
            conn.close()

    def expect(self, what: str, ok: bool, detail: str = "") -> None:
        self.checked += 1
        print(f"  {'✓' if ok else '✗'} {what}{'' if ok else f'：{detail}'}", flush=True)
        if not ok:
            self.failures.append(what)

    def wait_until_up(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                status, _, content = self.request("GET", "/healthz")
                health = json.loads(content) if status == 200 else {}
                if health.get("database") == "ok" and health.get("worker") == "ok":
                    self.expect("健康检查：数据库与任务进程正常", True)
                    return
            except (OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                self.expect("健康检查：数据库与任务进程正常", False, f"{seconds:.0f} 秒内未就绪")
                raise SystemExit(1)
            time.sleep(1)


def run(smoke: Smoke, username: str, password: str) -> None:
    smoke.wait_until_up()

    status, headers, _ = smoke.request("GET", "/accounts/login/", https=False)
    smoke.expect("明文 HTTP 请求被重定向到 HTTPS", status == 301 and headers.get("location", "").startswith("https://"), str(status))

    status, headers, body = smoke.request("GET", "/static/core/app.css")
    smoke.expect("静态文件由 WhiteNoise 提供", status == 200 and len(body) > 0, str(status))

    status, headers, _ = smoke.request("GET", "/accounts/login/")
    smoke.expect("登录页", status == 200 and "max-age" in headers.get("strict-transport-security", ""), str(status))
    status, headers, _ = smoke.request("POST", "/accounts/login/", form={
        "username": username, "password": password, "csrfmiddlewaretoken": smoke.cookies.get("csrftoken", "")})
    smoke.expect(f"以 {username} 登录", status == 302 and "sessionid" in smoke.cookies, f"{status} {headers.get('location')}")

    status, headers, body = smoke.request("GET", "/people/")
    html = body.decode()
    smoke.expect("人员列表", status == 200 and "no-store" in headers.get("cache-control", ""), str(status))
    links = re.findall(r'href="(/people/[0-9a-f-]{36}/)"', html)
    smoke.expect("人员列表有记录", bool(links))
    if links:
        status, _, body = smoke.request("GET", links[0])
        smoke.expect("人员详情", status == 200 and "身份证号码" in body.decode(), str(status))

    status, headers, _ = smoke.request("POST", "/people/", form={
        "id_number": ID_NUMBER, "csrfmiddlewaretoken": smoke.cookies.get("csrftoken", "")})
    location = headers.get("location", "")
    smoke.expect("按身份证号码查找：重定向到查找键", status == 303 and "id_key=" in location and ID_NUMBER not in location, f"{status} {location}")
    if location:
        status, _, _ = smoke.request("GET", location)
        smoke.expect("按查找键筛选的列表", status == 200, str(status))
        status, headers, _ = smoke.request("GET", location + "&export=xlsx")
        smoke.expect("导出筛选结果", status == 200 and "spreadsheetml" in headers.get("content-type", ""), str(status))
    status, _, _ = smoke.request("GET", "/people/?" + urlencode({"phone": PHONE}))
    smoke.expect("按联系电话筛选", status == 200, str(status))

    status, _, body = smoke.request("GET", "/mediation/disputes/")
    smoke.expect("矛盾纠纷列表", status == 200, str(status))
    disputes = re.findall(r'href="(/mediation/disputes/[0-9a-f-]{36}/)"', body.decode())
    if disputes:
        status, _, _ = smoke.request("GET", disputes[0])
        smoke.expect("矛盾纠纷详情", status == 200, str(status))

    api = Smoke(f"http://{smoke.host}:{smoke.port}")  # a second client, without the browser's cookies
    status, _, body = api.request("POST", "/api/v1/auth/token", body={"username": username, "password": password})
    token = json.loads(body).get("token", "") if status == 201 else ""
    smoke.expect("API：签发访问令牌", bool(token), f"{status} {body[:200]!r}")
    bearer = {"Authorization": f"Bearer {token}"}
    status, headers, body = api.request("GET", "/api/v1/people?limit=5", headers=bearer)
    items = json.loads(body).get("items", []) if status == 200 else []
    smoke.expect("API：人员列表", status == 200 and bool(items) and "no-store" in headers.get("cache-control", ""), str(status))
    if items:
        status, _, _ = api.request("GET", f"/api/v1/people/{items[0]['uuid']}", headers=bearer)
        smoke.expect("API：人员详情", status == 200, str(status))
    status, _, body = api.request("POST", "/api/v1/id-key", body={"id_number": ID_NUMBER}, headers=bearer)
    key = json.loads(body).get("id_key", "") if status == 200 else ""
    status, _, _ = api.request("GET", f"/api/v1/people?id_key={key}", headers=bearer)
    smoke.expect("API：按身份证号码查找键筛选", bool(key) and status == 200, str(status))
    status, headers, body = api.request("GET", f"/api/v1/people/{ID_NUMBER}", headers=bearer)
    smoke.expect("API：错误也是 JSON", status in (404, 422) and headers.get("content-type", "").startswith("application/json"), str(status))
    status, _, body = api.request("GET", "/api/v1/no-such-endpoint", headers=bearer)
    smoke.expect("API：不存在的地址返回 JSON 404", status == 404 and json.loads(body)["code"] == "not_found", str(status))


def check_logs(smoke: Smoke, log_file: Path) -> None:
    time.sleep(1)  # the access log line of the last request
    text = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    smoke.expect("日志已写入（含 gunicorn 访问日志）", "gunicorn.access" in text and "id_key=" in text, str(log_file))
    for label, secret in (("身份证号码", ID_NUMBER), ("手机号码", PHONE)):
        smoke.expect(f"日志中没有明文{label}", secret not in text)
    errors = [line for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line or line.startswith("Traceback")]
    smoke.expect("日志中没有错误", not errors, "\n".join(errors[:5]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--log-file", required=True, type=Path)
    parser.add_argument("--username", default="office_150402001")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "Demo@2026"))
    args = parser.parse_args()
    smoke = Smoke(args.base_url)
    run(smoke, args.username, args.password)
    check_logs(smoke, args.log_file)
    print(f"冒烟检查：{smoke.checked} 项，{len(smoke.failures)} 项失败。", flush=True)
    return 1 if smoke.failures else 0


if __name__ == "__main__":
    sys.exit(main())
