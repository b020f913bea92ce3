"""Load test of a running 数字司法所 server, driven by locust: ``python bench/load.py --url http://127.0.0.1:PORT
--users 20 --seconds 120`` (``bench/run.py`` starts the production shape and calls it; ``deploy/check.sh`` may call it
against an installation). Loopback addresses only: this is not a tool to load someone else's server.

Five demo personas (password ``--password``, the demo's ``Demo@2026`` by default) share the users, as a city's staff
share the platform: the office head ``office_150402001`` and the office staff ``staff_150402001_1`` browse their
lists and register and advance disputes; the county user ``county_150402``, the city user ``city_admin`` and the
read-only auditor ``auditor_150402`` browse, filter, open records and dashboards. The system administrator is left
out: TOTP makes a scripted login impractical, and no administrator works the platform all day.

Before the load, one discovery pass per persona (plain requests, nothing timed) finds what that persona can open:

- pages: the persona's menu (every link of the side bar), plus the list URLs given with ``--lists`` (``bench/run.py``
  passes every ``ScopedListView`` route of the URL conf); a page with a filter form is a list, and its filter
  fields (every ``<select>`` of the form and the keyword box) and the record links of its first page are kept;
- dashboards: the persona's landing dashboard and the boards it links to (drill-down);
- API: every ``GET`` operation of ``/api/v1/openapi.json`` without a path parameter that answers 200 for the
  persona's token, and the records behind the list answers for the detail operations (``/…/{uuid}``).

During the load each user waits 1–3 s between actions (a quick clerk) and does, by weight: the home page (今日待办),
a list page, the same list filtered (as the filter form sends it, through htmx), a record page, a dashboard, other
menu pages (reports, statistics, work logs), API list and detail reads, and for the two office personas the dispute
workflow over the API — 登记 → 受理 → 指派调解员 → 调解记录 → 书面调解协议 — and the 人民调解协议书 generated through
the page's form (Word). Every write the server acknowledged (2xx, or the document's success message) is listed in the
output, so that the caller can check it is in the database (``bench/run.py`` does; without a database this script
re-reads each dispute through the API).

Output (``--json PATH``, or stdout): per request group the count, failures and p50/p95/p99 in ms over the measured
window (which starts once every user has logged in), the throughput, the errors with their first messages, the
acknowledged writes, and with ``--server-pid`` the server's CPU time per request (a figure a busy machine does not
inflate as much as the latencies)."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import re
import statistics
import sys
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import gevent
import locust  # noqa: F401  (before requests: importing locust patches the standard library for gevent)
import requests
from locust import HttpUser, between, task
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report import summary_lines  # noqa: E402

DEFAULT_PASSWORD = "Demo@2026"
OFFICE = "150402001"


@dataclass(frozen=True)
class Persona:
    username: str
    weight: int
    writes_in: str = ""  # the office (org code) where the persona registers disputes; empty: reads only


PERSONAS = [
    Persona(f"office_{OFFICE}", 5, writes_in=OFFICE),
    Persona(f"staff_{OFFICE}_1", 5, writes_in=OFFICE),
    Persona("county_150402", 4),
    Persona("city_admin", 3),
    Persona("auditor_150402", 3),
]
# Request groups and their targets (p95, ms): pages and API reads as users feel them, a Word document within a second.
GROUPS = {
    "home": 300, "list": 300, "list filtered": 300, "detail": 300, "dashboard": 300, "page": 300,
    "api read": 300, "api write": None, "document": 1000, "login": None,
}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
SKIP_LINK = re.compile(r"^/(static|media|admin|accounts/(logout|login|password|otp))|/(new|import|export|download|pdf)/|\.\w+$")


class LoadError(RuntimeError):
    """The server cannot be load-tested as asked (not loopback, personas cannot log in)."""


# ---------------------------------------------------------------------------------------------------------------
# Discovery


class _PageParser(HTMLParser):
    """Links of the page, and the filter form's fields (``form.filter-form``): select name → option values."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.menu: list[str] = []
        self.filters: dict[str, list[str]] = {}
        self.text_filters: list[str] = []
        self.in_filter_form = False
        self.in_menu = False
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "nav" and a.get("id") == "sidebar":
            self.in_menu = True
        elif tag == "form" and "filter-form" in a.get("class", "").split():
            self.in_filter_form = True
        elif tag == "a" and a.get("href", "").startswith("/"):
            (self.menu if self.in_menu else self.links).append(a["href"])
        elif self.in_filter_form and tag == "select" and a.get("name"):
            self.select = a["name"]
            self.filters[self.select] = []
        elif self.in_filter_form and tag == "option" and self.select and a.get("value"):
            self.filters[self.select].append(a["value"])
        elif self.in_filter_form and tag == "input" and a.get("type", "text") == "text" and a.get("name"):
            self.text_filters.append(a["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.in_menu = False
        elif tag == "form":
            self.in_filter_form = False
        elif tag == "select":
            self.select = None


def _parse(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    return parser


@dataclass
class ListPage:
    url: str
    filters: dict[str, list[str]]
    keyword: str  # name of the keyword box ("q"), empty if the list has none
    records: list[str]


@dataclass
class Plan:
    """What one persona can open, found before the load."""

    username: str
    lists: list[ListPage] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    dashboards: list[str] = field(default_factory=list)
    api_lists: list[str] = field(default_factory=list)
    api_records: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)


def _login(session: requests.Session, base: str, username: str, password: str) -> requests.Response:
    session.get(f"{base}/accounts/login/", timeout=30)
    token = session.cookies.get("csrftoken", "")
    return session.post(f"{base}/accounts/login/", data={"username": username, "password": password, "csrfmiddlewaretoken": token},
                        headers={"Referer": f"{base}/accounts/login/"}, allow_redirects=False, timeout=30)


def _token(base: str, username: str, password: str) -> tuple[str, str]:
    r = requests.post(f"{base}/api/v1/auth/token", json={"username": username, "password": password, "name": "负载测试"}, timeout=30)
    if r.status_code != 201:
        raise LoadError(f"{username} 无法取得接口令牌（HTTP {r.status_code}）：{r.text[:200]}")
    body = r.json()
    return body["token"], body["prefix"]


def _records(links: list[str], under: str) -> list[str]:
    pattern = re.compile(rf"^{re.escape(under)}(?:{UUID}|\d+)/$")
    return list(dict.fromkeys(link for link in links if pattern.match(link)))


def discover(base: str, persona: Persona, password: str, lists: list[str]) -> Plan:
    """Open, as ``persona``, the menu, the given list routes, the dashboards and the API; keep what answers 200."""
    session = requests.Session()
    r = _login(session, base, persona.username, password)
    if r.status_code != 302 or "/accounts/login/" in r.headers.get("Location", ""):
        raise LoadError(f"演示账号 {persona.username} 无法登录（HTTP {r.status_code}）：请确认数据库已载入演示数据、密码为 {password}")
    plan = Plan(persona.username)
    home = session.get(f"{base}/", timeout=60)
    menu = [link for link in dict.fromkeys(_parse(home.text).menu) if not SKIP_LINK.search(link) and link != "/"]
    for url in dict.fromkeys([*menu, *lists]):
        if url.startswith("/dashboard/"):
            continue
        r = session.get(f"{base}{url}", timeout=60)
        if r.status_code != 200 or r.url.rstrip("/").endswith("/accounts/login"):
            continue
        page = _parse(r.text)
        if page.filters or page.text_filters:
            keyword = "q" if "q" in page.text_filters else ""
            plan.lists.append(ListPage(url, {k: v for k, v in page.filters.items() if v}, keyword, _records(page.links, url)[:20]))
        elif url in menu:
            plan.pages.append(url)
    landing = session.get(f"{base}/dashboard/", timeout=60)
    if landing.status_code == 200:
        board = urllib.parse.urlsplit(landing.url).path
        links = _parse(landing.text).links
        children = [link for link in links if re.match(r"^/dashboard/\d+/(\?|$)", link)]
        drill = [link for link in links if re.match(r"^/dashboard/\d+/records/", link)]
        plan.dashboards = list(dict.fromkeys([board, f"{board}?period=year", *children[:6], *drill[:: max(1, len(drill) // 4)][:4]]))
    token, prefix = _token(base, persona.username, password)
    api = {"Authorization": f"Bearer {token}"}
    schema = requests.get(f"{base}/api/v1/openapi.json", headers=api, timeout=60).json()
    for path, operations in schema.get("paths", {}).items():
        if "get" not in operations or "{" in path or path.endswith(("/auth/tokens", "/openapi.json")):
            continue
        r = requests.get(f"{base}{path}", headers=api, timeout=60)
        if r.status_code != 200:
            continue
        plan.api_lists.append(path)
        items = r.json().get("items", []) if isinstance(r.json(), dict) else []
        detail = f"{path}/{{uuid}}"
        if detail in schema["paths"]:
            plan.api_records += [f"{path}/{item['uuid']}" for item in items[:10] if isinstance(item, dict) and "uuid" in item]
        if path.endswith("/mediation/mediators") and persona.writes_in:
            plan.mediators = [item["uuid"] for item in items if isinstance(item, dict) and item.get("is_active", True)][:10]
    requests.delete(f"{base}/api/v1/auth/token/{prefix}", headers=api, timeout=30)
    return plan


# ---------------------------------------------------------------------------------------------------------------
# The users


@dataclass
class Acknowledged:
    """Writes the server acknowledged: per dispute uuid, the last state reached; the documents' numbers."""

    disputes: dict[str, dict[str, Any]] = field(default_factory=dict)
    documents: list[dict[str, str]] = field(default_factory=list)


ACKED = Acknowledged()
PLANS: dict[str, Plan] = {}
LOGGED_IN: set[int] = set()  # users past their login: the measured window starts when all are
RAMP_LIMIT_SECONDS = 90.0
SETTINGS: dict[str, Any] = {"password": DEFAULT_PASSWORD}
STEPS = ("accept", "assign", "session", "agreement", "document")
_serial = itertools.count(1)


class PersonaUser(HttpUser):
    """One person at a browser (session cookie) who also has an API client (personal access token)."""

    abstract = True
    persona: Persona
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.plan = PLANS[self.persona.username]
        with self.client.get("/accounts/login/", name="login|form", catch_response=True) as r:
            r.success()
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post("/accounts/login/", name="login|post", allow_redirects=False, catch_response=True,
                              data={"username": self.persona.username, "password": SETTINGS["password"], "csrfmiddlewaretoken": token}) as r:
            if r.status_code != 302:
                r.failure(f"登录失败 HTTP {r.status_code}")
        with self.client.post("/api/v1/auth/token", name="login|token", catch_response=True,
                              json={"username": self.persona.username, "password": SETTINGS["password"], "name": "负载测试"}) as r:
            if r.status_code != 201:
                r.failure(f"令牌签发失败 HTTP {r.status_code}")
                self.api, self.token_prefix = {}, ""
            else:
                self.api = {"Authorization": f"Bearer {r.json()['token']}"}
                self.token_prefix = r.json()["prefix"]
        self.open_disputes: list[dict[str, Any]] = []
        LOGGED_IN.add(id(self))

    def on_stop(self) -> None:
        if self.token_prefix:
            self.client.delete(f"/api/v1/auth/token/{self.token_prefix}", headers=self.api, name="login|token revoke")

    def page(self, url: str, name: str, headers: dict[str, str] | None = None) -> None:
        with self.client.get(url, name=name, headers=headers, catch_response=True) as r:
            if r.status_code == 200 and "/accounts/login/" in r.url:
                r.failure("会话丢失：被重定向到登录页")

    @task(3)
    def home(self) -> None:
        self.page("/", "home|/")

    @task(4)
    def list_page(self) -> None:
        if self.plan.lists:
            page = random.choice(self.plan.lists)
            self.page(page.url, f"list|{page.url}")

    @task(4)
    def list_filtered(self) -> None:
        candidates = [p for p in self.plan.lists if p.filters or p.keyword]
        if not candidates:
            return
        page = random.choice(candidates)
        query: dict[str, str] = {}
        if page.filters:
            name = random.choice(sorted(page.filters))
            query[name] = random.choice(page.filters[name])
        if page.keyword and (not query or random.random() < 0.3):
            query[page.keyword] = random.choice(["王", "李", "张", "纠纷", "2026"])
        self.page(f"{page.url}?{urllib.parse.urlencode(query)}", f"list filtered|{page.url}", headers={"HX-Request": "true"})

    @task(4)
    def record(self) -> None:
        records = [(p.url, r) for p in self.plan.lists for r in p.records]
        if records:
            under, url = random.choice(records)
            self.page(url, f"detail|{under}*")

    @task(2)
    def dashboard(self) -> None:
        if self.plan.dashboards:
            url = random.choice(self.plan.dashboards)
            path = re.sub(r"/records/[^/]+/", "/records/*/", re.sub(r"^/dashboard/\d+/", "/dashboard/<code>/", url.split("?")[0]))
            self.page(url, f"dashboard|{path}")

    @task(1)
    def other_page(self) -> None:
        if self.plan.pages:
            url = random.choice(self.plan.pages)
            self.page(url, f"page|{url}")

    @task(3)
    def api_read(self) -> None:
        if not self.api:
            return
        if self.plan.api_records and random.random() < 0.5:
            url = random.choice(self.plan.api_records)
            self.client.get(url, headers=self.api, name=f"api read|{re.sub(UUID, '{uuid}', url)}")
        elif self.plan.api_lists:
            url = random.choice(self.plan.api_lists)
            self.client.get(url, headers=self.api, name=f"api read|{url}")

    @task(6)
    def dispute_work(self) -> None:
        """登记 a dispute, or take one of this user's disputes one step further (the office's daily case work)."""
        if not self.persona.writes_in or not self.api:
            return
        if not self.open_disputes or random.random() < 0.15:
            self.dispute_register()
        else:
            self.dispute_advance(random.choice(self.open_disputes))

    def write(self, path: str, body: dict[str, Any], step: str) -> dict[str, Any] | None:
        with self.client.post(path, json=body, headers=self.api, name=f"api write|{step}", catch_response=True) as r:
            if r.status_code not in (200, 201):
                r.failure(f"{step} HTTP {r.status_code}: {r.text[:300]}")
                return None
            return r.json()  # type: ignore[no-any-return]

    def dispute_register(self) -> None:
        n = next(_serial)
        applicant, respondent = random.choice("王李张刘陈杨赵黄") + "某甲", random.choice("周吴徐孙马朱胡郭") + "某乙"
        body = self.write("/api/v1/mediation/disputes", {
            "org": self.persona.writes_in, "title": f"{applicant}与{respondent}相邻通行纠纷（负载测试{n}）", "category": "neighbour",
            "source": "application", "facts": "双方因院墙外通道使用发生争执。", "claims": "恢复通行", "amount": "1000", "people_count": 2,
            "parties": [{"role": "applicant", "name": applicant, "phone": f"139{n % 100000000:08d}"},
                        {"role": "respondent", "name": respondent, "phone": f"138{n % 100000000:08d}"}],
        }, "register")
        if body is not None:
            state = {"uuid": body["uuid"], "username": self.persona.username, "status": body["status"], "sessions": 0, "done": []}
            ACKED.disputes[body["uuid"]] = state
            self.open_disputes.append(state)

    def dispute_advance(self, state: dict[str, Any]) -> None:
        step = STEPS[len(state["done"])]
        uuid = state["uuid"]
        base = f"/api/v1/mediation/disputes/{uuid}"
        body: dict[str, Any] | None = None
        if step == "accept":
            body = self.write(f"{base}/accept", {}, step)
        elif step == "assign":
            if not self.plan.mediators:
                state["done"].append(step)
                return
            body = self.write(f"{base}/assign", {"mediators": [random.choice(self.plan.mediators)]}, step)
        elif step == "session":
            body = self.write(f"{base}/sessions", {"place": "司法所调解室", "hosts": "调解员", "recorder": "工作人员",
                                                   "record": "申请人：要求恢复通行。\n被申请人：同意让出通道。"}, step)
        elif step == "agreement":
            body = self.write(f"{base}/agreement", {"kind": "written", "facts": "双方因院墙外通道使用发生争执。",
                                                    "content": "一、被申请人即日拆除堆放物，恢复通行。", "performance_method": "当场履行"}, step)
        else:
            self.document_generate(state)
            self.open_disputes.remove(state)
            return
        if body is not None:
            state["status"] = body["status"]
            state["sessions"] = len(body.get("sessions", []))
            state["agreement"] = bool(body.get("agreement"))
            state["done"].append(step)

    def document_generate(self, state: dict[str, Any]) -> None:
        """人民调解协议书 as the dispute page's button makes it: a form POST, then the page with the message."""
        token = self.client.cookies.get("csrftoken", "")
        url = f"/documents/generate/mediation_agreement/{state['uuid']}/"
        with self.client.post(url, data={"csrfmiddlewaretoken": token}, name="document|mediation_agreement",
                              allow_redirects=False, catch_response=True) as r:
            if r.status_code != 302:
                r.failure(f"生成文书 HTTP {r.status_code}")
                return
            location = r.headers.get("Location", "")
        with self.client.get(location, name="detail|/mediation/disputes/*", catch_response=True) as page:
            found = re.search(r"已生成人民调解协议书，文号\s*([^<\s]+)", page.text or "")
            if found is None:
                page.failure("生成文书后页面没有显示文号：" + (re.search(r"无法生成[^<]*", page.text or "") or [""])[0][:200])
                return
        ACKED.documents.append({"dispute": state["uuid"], "number": found.group(1), "username": self.persona.username})
        state["done"].append("document")


def _user_class(persona: Persona) -> type[PersonaUser]:
    return type(f"User_{persona.username}", (PersonaUser,), {"persona": persona, "weight": persona.weight})


# ---------------------------------------------------------------------------------------------------------------
# Run and report


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def _check_loopback(url: str) -> None:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise LoadError(f"只能对本机（127.0.0.1/localhost）的服务做负载测试，现在是 {host or url}")


def verify_over_api(base: str, password: str) -> dict[str, Any]:
    """Re-read every acknowledged dispute through the API as the persona that wrote it: lost = missing or behind."""
    tokens: dict[str, tuple[str, str]] = {}
    lost: list[str] = []
    for uuid, state in ACKED.disputes.items():
        if state["username"] not in tokens:
            tokens[state["username"]] = _token(base, state["username"], password)
        r = requests.get(f"{base}/api/v1/mediation/disputes/{uuid}", headers={"Authorization": f"Bearer {tokens[state['username']][0]}"},
                         timeout=60)
        if r.status_code != 200:
            lost.append(f"{uuid}: HTTP {r.status_code}")
        elif r.json()["status"] != state["status"] or len(r.json()["sessions"]) < state["sessions"]:
            lost.append(f"{uuid}: 应为 {state['status']}，数据库中为 {r.json()['status']}")
    for token, prefix in tokens.values():
        requests.delete(f"{base}/api/v1/auth/token/{prefix}", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    return {"checked": len(ACKED.disputes), "lost": lost}


def server_cpu_seconds(server_pid: int, database: str) -> float:
    """CPU seconds used so far by the server process ``server_pid`` with its children (gunicorn and its workers)
    and by the PostgreSQL backends connected to ``database``: what the requests cost, whatever else the machine runs."""
    import psutil

    total = 0.0
    try:
        root = psutil.Process(server_pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        processes = []
    if database:
        processes += [p for p in psutil.process_iter(["cmdline"]) if f" {database} " in " ".join(p.info["cmdline"] or []) + " "
                      and (p.info["cmdline"] or [""])[0].startswith("postgres:")]
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def run(url: str, *, users: int, seconds: float, password: str = DEFAULT_PASSWORD, lists: list[str] | None = None,
        server_pid: int = 0, database: str = "", out: Any = print) -> dict[str, Any]:
    """Discover, start ``users`` users (logged in over about ten seconds, as a morning's first logins), then
    measure ``seconds`` of their work; returns the report (see the module's docstring)."""
    _check_loopback(url)
    base = url.rstrip("/")
    SETTINGS["password"] = password
    started = time.monotonic()
    jobs = [gevent.spawn(discover, base, persona, password, lists or []) for persona in PERSONAS]
    gevent.joinall(jobs, raise_error=True)
    for persona, job in zip(PERSONAS, jobs, strict=True):
        plan = PLANS[persona.username] = job.value
        out(f"  {persona.username}：列表 {len(plan.lists)}，其他页面 {len(plan.pages)}，驾驶舱 {len(plan.dashboards)}，"
            f"记录 {sum(len(p.records) for p in plan.lists)}，接口 {len(plan.api_lists)}+{len(plan.api_records)}")
    out(f"发现阶段用时 {time.monotonic() - started:.0f} 秒；开始负载：{users} 个用户，{seconds:.0f} 秒")
    samples: dict[str, list[float]] = defaultdict(list)
    pages: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    messages: dict[str, str] = {}
    window: dict[str, float] = {}

    def on_request(request_type: str, name: str, response_time: float, response_length: int, exception: Any = None, **_: Any) -> None:
        group = name.split("|", 1)[0]
        counts[group] += 1
        if exception is not None:
            failures[group] += 1
            messages.setdefault(f"{request_type} {name}", str(exception)[:300])
        if "from" in window:
            samples[group].append(response_time)
            pages[name].append(response_time)

    env = Environment(user_classes=[_user_class(p) for p in PERSONAS], host=base)
    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=max(1.0, users / 10))
    ramp_started = time.monotonic()
    while len(LOGGED_IN) < users and time.monotonic() - ramp_started < RAMP_LIMIT_SECONDS:
        gevent.sleep(0.2)
    window["from"] = time.monotonic()
    cpu_from = server_cpu_seconds(server_pid, database) if server_pid else 0.0
    gevent.sleep(seconds)
    window["to"] = time.monotonic()
    cpu = server_cpu_seconds(server_pid, database) - cpu_from if server_pid else None
    load = os.getloadavg()[0]
    runner.quit()
    runner.greenlet.join()
    verified = verify_over_api(base, password)
    groups = {}
    for group in GROUPS:
        values = samples.get(group, [])
        if not values and not counts.get(group):
            continue
        groups[group] = {"requests": counts.get(group, 0), "failures": failures.get(group, 0), "measured": len(values),
                         "p50_ms": round(_percentile(values, 0.50), 1), "p95_ms": round(_percentile(values, 0.95), 1),
                         "p99_ms": round(_percentile(values, 0.99), 1), "target_p95_ms": GROUPS[group]}
    slowest = sorted(((round(_percentile(v, 0.95), 1), name, len(v)) for name, v in pages.items() if len(v) >= 5), reverse=True)[:15]
    measured = sum(len(v) for v in samples.values())
    return {
        "url": base, "users": users, "seconds": seconds, "ramp_seconds": round(window["from"] - ramp_started, 1),
        "logged_in": len(LOGGED_IN), "requests": sum(counts.values()), "errors": sum(failures.values()),
        "throughput_rps": round(measured / (window["to"] - window["from"]), 1),
        "median_ms": round(statistics.median([x for v in samples.values() for x in v]), 1) if measured else 0.0,
        "server_cpu_ms_per_request": round(cpu * 1000 / measured, 1) if cpu is not None and measured else None,
        "load_average_1min": round(load, 1), "groups": groups, "slowest_pages": [{"p95_ms": p, "name": n, "requests": c} for p, n, c in slowest],
        "error_messages": messages,
        "writes": {"disputes": list(ACKED.disputes.values()), "documents": ACKED.documents,
                   "acknowledged": sum(1 + len(d["done"]) for d in ACKED.disputes.values())},
        "verified_over_api": verified,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="对运行中的数字司法所做负载测试（locust，仅限本机地址）")
    parser.add_argument("--url", required=True, help="服务地址，如 http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=20, help="并发用户数（默认20）")
    parser.add_argument("--seconds", type=float, default=60, help="持续秒数（默认60）")
    parser.add_argument("--password", default=DEFAULT_PASSWORD, help="演示账号的密码")
    parser.add_argument("--lists", type=Path, help="JSON 文件：要覆盖的列表页地址（bench/run.py 从 URL 配置生成）")
    parser.add_argument("--server-pid", type=int, default=0, help="服务主进程号：计时期间统计它及其子进程的 CPU 时间（可选）")
    parser.add_argument("--database", default="", help="与 --server-pid 一起：也统计连到这个 PostgreSQL 数据库的后端进程")
    parser.add_argument("--json", type=Path, help="把结果写入这个 JSON 文件（默认打印）")
    args = parser.parse_args()
    lists = json.loads(args.lists.read_text(encoding="utf-8")) if args.lists else []
    try:
        report = run(args.url, users=args.users, seconds=args.seconds, password=args.password, lists=lists,
                     server_pid=args.server_pid, database=args.database)
    except (LoadError, requests.RequestException) as exc:
        print(f"负载测试无法进行：{exc}", file=sys.stderr)
        return 2
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    for line in summary_lines(report):
        print(line, file=sys.stderr)
    missed = [g for g, v in report["groups"].items() if v["target_p95_ms"] is not None and v["p95_ms"] > v["target_p95_ms"]]
    return 1 if report["errors"] or report["verified_over_api"]["lost"] or missed else 0


if __name__ == "__main__":
    sys.exit(main())
