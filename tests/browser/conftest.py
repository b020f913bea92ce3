"""Playwright fixtures: one headless Debian Chromium per test process, a fresh page per test on Django's live server,
personas built inside the test (transactional database), and a page that fails the test on any JavaScript error
or Content-Security-Policy violation."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, ViewportSize, sync_playwright

from core.testing import PASSWORD, Personas, build_personas, reload_reference_data

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there unless told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
DESKTOP = ViewportSize(width=1366, height=768)
PHONE = ViewportSize(width=390, height=844)
WALL = ViewportSize(width=1920, height=1080)
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
# How long a step may wait (ms); BROWSER_TIMEOUT_MS raises it on a machine busy with other work.
TIMEOUT_MS = int(os.environ.get("BROWSER_TIMEOUT_MS", "10000"))
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Statuses the pages answer on purpose (422 = form with errors, 404 = outside the user's scope); the response
# listener below reports broken assets instead.
_NETWORK_NOISE = re.compile(r"^Failed to load resource: the server responded with a status of (404|422)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without the browser binary these tests skip (named in the summary), so the suite still passes.
    A hook rather than a module-level skip: a skip raised while this conftest is imported aborts
    ``pytest tests/browser`` instead of skipping."""
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"未找到 Chromium（{CHROMIUM}），跳过浏览器测试")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _new_page(browser: Browser, live_server: Any, viewport: ViewportSize, problems: list[str]) -> Page:
    # Reduced motion: Bootstrap then opens dialogs and the menu without transitions, so what a test sees is final.
    context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url,
                                  reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not _NETWORK_NOISE.match(message.text):
            problems.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    page.on("response", lambda r: problems.append(f"asset {r.status}: {r.url}") if "/static/" in r.url and r.status >= 400 else None)
    return page


def _make_page(browser: Browser, live_server: Any, viewport: ViewportSize) -> Iterator[Page]:
    problems: list[str] = []  # script errors, CSP violations, failed static assets
    page = _new_page(browser, live_server, viewport, problems)
    yield page
    page.context.close()
    if problems:
        pytest.fail("浏览器报告了脚本错误或内容安全策略（CSP）违规：\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A desktop page (1366×768, the common office monitor)."""
    yield from _make_page(browser, live_server, DESKTOP)


@pytest.fixture
def phone_page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A phone page (390×844), as a grid worker or an office worker on the road sees it."""
    yield from _make_page(browser, live_server, PHONE)


@pytest.fixture
def wall_page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A 1920×1080 page, the command centre's wall screen (大屏)."""
    yield from _make_page(browser, live_server, WALL)


@pytest.fixture
def personas(transactional_db: None, live_server: Any) -> Personas:
    reload_reference_data()  # an earlier live-server test of this process flushed what the migrations loaded
    return build_personas()


@pytest.fixture
def login_as(live_server: Any):  # type: ignore[no-untyped-def]
    """Log in through the real form, the way a user does."""

    def _login_as(page: Page, user: Any) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登 录").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return _login_as


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: docs/screenshots with SAVE_SCREENSHOTS=1 (for the README), else a temporary directory."""
    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        return SCREENSHOT_DIR
    return tmp_path


RESIDENTS = [
    # name, sex, birth, ethnicity, sequence, phone, address, note
    ("王桂兰", "2", "19560312", "01", "042", "13847612035", "一西街社区12号楼3单元201室", "独居老人"),
    ("包金花", "2", "19780925", "02", "128", "15004765218", "一西街社区5号楼1单元502室", ""),
    ("刘海涛", "1", "19850607", "01", "213", "13904768841", "一西街社区21号楼2单元301室", "外出务工，常住外地"),
    ("陈志强", "1", "19690118", "01", "357", "", "一西街社区8号楼6单元102室", "退役军人"),
    ("关淑芬", "2", "19910430", "11", "466", "18647693307", "一西街社区17号楼4单元402室", ""),
]


@pytest.fixture
def residents(personas: Personas) -> list[Any]:
    """A few residents of 西屯街道 registered through the service, and their 人员信息核对 clocks on 今日待办."""
    from core import calendar
    from core.deadlines import deadline_open
    from core.testing import valid_id_number
    from orgs.models import Region
    from people.services import PersonInput, person_create

    village = Region.objects.get(code="150402001001")
    today = dt.date.today()
    people = []
    for n, (name, sex, birth, ethnicity, seq, phone, address, note) in enumerate(RESIDENTS):
        data = PersonInput(name=name, sex=sex, ethnicity=ethnicity, id_number=valid_id_number("150402", birth, seq), phone=phone,
                           region=village, address_detail=address, note=note)
        person = person_create(actor=personas.owner, org=personas.office, data=data)
        people.append(person)
        if n < 3:
            due = [today - dt.timedelta(days=3), calendar.add_working_days(today, 1), calendar.add_working_days(today, 10)][n]
            deadline_open(org=personas.office, owner=personas.owner, kind="people.info_check", title=f"人员信息核对：{name}（住址、联系电话）",
                          start_date=today - dt.timedelta(days=14), due_date=due, target=person, link=person.get_absolute_url())
    return people
