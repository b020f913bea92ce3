"""Layout rules measured in a real browser, by the boxes of the elements (not by screenshots): the 大屏 fills a
1920×1080 wall screen and a 1366×768 laptop without scrolling and with no two map labels or panels on top of each
other; the dashboard says what a figure means (— with 无分母, /1000, period against current); on a 390 px phone every
list is a column of cards with its filter form behind a button and 今日待办 shows dates and states without sideways
scrolling; the login page leads to the portal; a wide 统计报表 shows its last column at 1366 px."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from core.ledger import ledger_record
from core.testing import Personas, make_user

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390
DESKTOP_WIDTH = 1366

# The boxes of the elements matching a selector: [{x, y, w, h, text}], visible ones only.
BOXES = """(selector) => Array.from(document.querySelectorAll(selector)).map(el => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {x: r.left, y: r.top, w: r.width, h: r.height, right: r.right, bottom: r.bottom,
            text: (el.textContent || '').trim(), hidden: style.display === 'none' || style.visibility === 'hidden'
            || Number(style.opacity) === 0 || Number(el.getAttribute('opacity') ?? 1) === 0 || Number(el.getAttribute('fill-opacity') ?? 1) === 0};
}).filter(b => !b.hidden && b.w > 0 && b.h > 0)"""


def boxes(page: Page, selector: str) -> list[dict[str, Any]]:
    return page.evaluate(BOXES, selector)


def overlapping(items: list[dict[str, Any]], slack: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of boxes that cover each other by more than ``slack`` pixels both ways."""
    found = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if min(a["right"], b["right"]) - max(a["x"], b["x"]) > slack and min(a["bottom"], b["bottom"]) - max(a["y"], b["y"]) > slack:
                found.append((a["text"], b["text"]))
    return found


def no_sideways_scroll(page: Page) -> None:
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"页面宽 {width}px，超出窗口 {inner}px"


def _city_work(personas: Personas) -> Any:
    """A little of everything in the city: accepted disputes, one written agreement (调解成功率 100%), consultations."""
    today = dt.date.today()
    for org in (personas.office, personas.sibling_office, personas.other_office):
        ledger_record(org=org, actor=personas.owner, event_type="mediation.dispute_accepted", date=today)
        ledger_record(org=org, actor=personas.owner, event_type="consultation.recorded", date=today)
    ledger_record(org=personas.office, actor=personas.owner, event_type="mediation.agreement_written", date=today)
    return make_user("city_150400", org=personas.city, role="city_staff", full_name="孙科长")


# ----------------------------------------------------------------------------------------------------------- 大屏


@pytest.mark.parametrize("screen", ["wall_page", "page"])  # 1920×1080 and 1366×768
def test_the_screen_fits_the_window_with_no_scrolling_and_no_overlaps(
    request: pytest.FixtureRequest, personas: Personas, login_as: Any, screen: str
) -> None:
    city_user = _city_work(personas)
    page: Page = request.getfixturevalue(screen)
    login_as(page, city_user)
    page.goto(f"/dashboard/{personas.city.code}/screen/?figure=disputes.accepted")
    expect(page.get_by_test_id("screen-title")).to_contain_text("赤峰市司法局")
    map_box = page.get_by_test_id("screen-map")
    expect(map_box.locator("svg text").filter(has_text="红山区")).to_have_count(1)
    page.wait_for_timeout(300)  # the map's labels are laid out in the frame after the first

    width, inner_w, height, inner_h = page.evaluate(
        "[document.scrollingElement.scrollWidth, innerWidth, document.scrollingElement.scrollHeight, innerHeight]")
    assert width <= inner_w and height <= inner_h, (width, inner_w, height, inner_h)
    panels = boxes(page, ".screen-kpi, .screen-group, .screen-center h2, #unit-chart, #trend-chart, .screen-foot")
    assert len(panels) >= 6 + 10  # six tiles and every group of a module in use
    for box in panels:
        assert box["x"] >= 0 and box["y"] >= 0 and box["right"] <= inner_w and box["bottom"] <= inner_h, box
    assert overlapping(panels) == []

    labels = boxes(page, "[data-testid=screen-map] svg text")
    names = {b["text"] for b in labels}
    assert {"红山区", "松山区", "元宝山区", "克什克腾旗", "宁城县"} <= names, names
    assert overlapping(labels) == [], "地图上的名称互相重叠"

    # Figures of the live modules, never 未接入; a period figure and a current one are named apart.
    left_right = page.get_by_test_id("screen-left").inner_text() + page.get_by_test_id("screen-right").inner_text()
    assert "未接入" not in left_right
    assert "社区矫正" in left_right and "在矫人数" in left_right
    assert "期内发生超期" in left_right and "当前仍超期" in left_right
    expect(page.get_by_test_id("screen-off")).to_contain_text("普法宣传")
    expect(page.get_by_test_id("screen-off")).not_to_contain_text("行政复议代收")
    assert "行政复议代收" in left_right and "公证仲裁代办" in left_right
    expect(page.get_by_test_id("screen-off")).not_to_contain_text("安置帮教")
    assert "安置帮教" in left_right
    rate = page.locator('[data-figure="mediation.rate"] b')
    expect(rate).to_have_text(re.compile(r"^100\.0\s*%$"))


def test_dashboard_marks_a_rate_without_denominator_and_the_score_out_of_1000(page: Page, personas: Personas, login_as: Any) -> None:
    _city_work(personas)
    login_as(page, personas.supervisor)
    expect(page.get_by_test_id("board-title")).to_contain_text("红山区司法局")
    # The default period is the last 30 days, with 本月 a choice.
    today = dt.date.today()
    expect(page.get_by_label("统计期间")).to_have_value("last30")
    expect(page.get_by_test_id("period-form").locator("option[value=month]")).to_have_text("本月")
    expect(page.locator("main")).to_contain_text(f"统计期间 {today - dt.timedelta(days=29):%Y-%m-%d} 至 {today:%Y-%m-%d}")
    rate = page.locator('[data-group="mediation"] [data-figure="mediation.rate"] [data-testid=figure-value]')
    expect(rate).to_contain_text("100.0")
    # 西屯街道 concluded one dispute, 三中街 none: its rate has no denominator and says so.
    page.get_by_label("指标").select_option("mediation.rate")
    row = page.get_by_test_id("ranking").locator("tr").filter(has_text="三中街街道司法所").locator("td").last
    expect(row).to_have_text("—")
    expect(row).to_have_attribute("title", "无分母")
    score = page.locator('[data-figure="assessment.score"] [data-testid=kpi-value]')
    expect(score).to_have_text(re.compile(r"^[\d.]+/1000$"))
    no_sideways_scroll(page)

    page.goto(f"/dashboard/{personas.sibling_office.code}/")
    rate = page.locator('[data-group="mediation"] [data-figure="mediation.rate"] [data-testid=figure-value]')
    expect(rate).to_have_text("—")
    expect(rate).to_have_attribute("title", "无分母")
    assert "0.0" not in rate.inner_text()


# ----------------------------------------------------------------------------------------------------------- phones


def test_phone_lists_are_cards_with_the_filter_behind_a_button(phone_page: Page, personas: Personas, residents: list[Any],
                                                               login_as: Any) -> None:
    page = phone_page
    login_as(page, personas.owner)
    # 今日待办: each due item is a card with its date and state on screen.
    due = page.get_by_test_id("todo-due")
    expect(due.first).to_be_visible()
    for box in boxes(page, "[data-testid=todo-table] tbody tr, [data-testid=todo-due], [data-testid=todo-state]"):
        assert box["right"] <= PHONE_WIDTH and box["x"] >= 0, box
    assert re.match(r"\d{4}-\d{2}-\d{2}", due.first.inner_text())
    no_sideways_scroll(page)

    page.goto("/people/")
    table = page.get_by_test_id("person-table")
    expect(table.locator("thead")).to_be_hidden()
    cards = boxes(page, "[data-testid=person-table] tbody tr")
    assert len(cards) == len(residents)
    for card in cards:
        assert card["x"] >= 0 and card["right"] <= PHONE_WIDTH and card["h"] > 100, card  # a card, not a one-line row
    assert overlapping(cards) == []
    first = table.locator("tbody tr").first
    expect(first.locator("td[data-column=phone]")).to_be_visible()
    label = first.locator("td[data-column=phone]").evaluate("td => getComputedStyle(td, '::before').content")
    assert "联系电话" in label
    expect(first.get_by_role("link", name="查看")).to_be_in_viewport()
    no_sideways_scroll(page)

    form = page.locator("form.filter-form")
    expect(form).to_be_hidden()
    page.get_by_test_id("btn-filter").click()
    expect(form).to_be_visible()
    form.get_by_label("姓名").fill("包金花")
    form.get_by_role("button", name="搜索").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("包金花")
    no_sideways_scroll(page)


def test_phone_shows_the_mediation_statistics_as_labelled_cards(phone_page: Page, personas: Personas, login_as: Any) -> None:
    """调解统计 on a phone: each office (and 合计) is a card naming every figure, nothing scrolls sideways."""
    from mediation.tests import factories

    factories.dispute(personas)
    page = phone_page
    login_as(page, personas.supervisor)
    page.goto("/mediation/statistics/")
    table = page.get_by_test_id("stats-table")
    expect(table.locator("thead")).to_be_hidden()
    cards = boxes(page, "[data-testid=stats-table] tbody tr, [data-testid=stats-table] tfoot tr")
    assert len(cards) >= 3  # 本级 or the two offices, and 合计
    for card in cards:
        assert card["x"] >= 0 and card["right"] <= PHONE_WIDTH and card["h"] > 200, card
    assert overlapping(cards) == []
    office = table.locator("tbody tr").filter(has_text="西屯街道司法所")
    accepted = office.locator("td[data-measure=accepted]")
    expect(accepted).to_be_visible()
    assert accepted.evaluate("td => getComputedStyle(td, '::before').content") == '"受理数"'
    rate = office.locator("td[data-measure=rate]")
    assert "调解成功率" in rate.evaluate("td => getComputedStyle(td, '::before').content")
    expect(table.locator("tfoot tr td").first).to_have_text("合计")
    no_sideways_scroll(page)


def test_desktop_lists_stay_tables_with_the_filter_shown(page: Page, personas: Personas, residents: list[Any], login_as: Any) -> None:
    login_as(page, personas.owner)
    page.goto("/people/")
    expect(page.get_by_test_id("btn-filter")).to_be_hidden()
    expect(page.locator("form.filter-form")).to_be_visible()
    expect(page.get_by_test_id("person-table").locator("thead")).to_be_visible()
    rows = boxes(page, "[data-testid=person-table] tbody tr")
    assert rows and all(r["h"] < 60 for r in rows)
    no_sideways_scroll(page)


# ----------------------------------------------------------------------------------------------------------- small things


@pytest.mark.parametrize("size", ["page", "phone_page"])
def test_the_login_page_leads_to_the_portal(request: pytest.FixtureRequest, personas: Personas, size: str) -> None:
    page: Page = request.getfixturevalue(size)
    page.goto("/accounts/login/")
    link = page.get_by_test_id("portal-link").get_by_role("link")
    expect(link).to_be_in_viewport()
    no_sideways_scroll(page)
    link.click()
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("link", name=re.compile("网上申请人民调解"))).to_be_visible()


def test_report_filters_are_whole_and_the_last_column_shows_at_1366(page: Page, personas: Personas, login_as: Any) -> None:
    login_as(page, personas.supervisor)
    year = dt.date.today().year
    for table in ("mediation_work", "overview", "mediation_category"):
        page.goto(f"/reports/{table}/{personas.county.code}/{year}/")
        expect(page.get_by_test_id("report-table").first).to_be_visible()
        no_sideways_scroll(page)
        # Each select is wide enough for the text it shows.
        clipped = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid=report-form] select')).filter(s => {
            const probe = document.createElement('span');
            probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font:' + getComputedStyle(s).font;
            probe.textContent = s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : '';
            document.body.appendChild(probe);
            const need = probe.getBoundingClientRect().width + 36;  // the text plus Bootstrap's arrow padding
            probe.remove();
            return need > s.getBoundingClientRect().width;
        }).map(s => s.name)""")
        assert clipped == [], f"{table}: 筛选框显示不全 {clipped}"
        # Every piece of the table (the dispute-type table continues in 续表) fits without scrolling sideways,
        # its last column inside its box and the window.
        pieces = page.locator(".report-scroll")
        assert pieces.count() == (4 if table == "mediation_category" else 1), (table, pieces.count())
        for n in range(pieces.count()):
            sizes = pieces.nth(n).evaluate("el => [el.scrollWidth, el.clientWidth, el.getBoundingClientRect().right]")
            assert sizes[0] <= sizes[1] + 1, f"{table}: 表格需要左右滚动 {sizes}"
            last = pieces.nth(n).evaluate("""el => el.querySelector('thead tr:first-child th:last-child').getBoundingClientRect().right""")
            assert last <= sizes[2] + 1 and last <= DESKTOP_WIDTH, (table, n, last)
        if table == "mediation_category":
            expect(page.get_by_test_id("report-continued")).to_have_text(["（续表1）", "（续表2）", "（续表3）"])
