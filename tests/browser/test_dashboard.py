"""数据驾驶舱 in a real browser: a supervisor drills down from the city map to a county, an office, a figure and the
records behind it; the county's ranking links lead the same way."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from core.testing import Personas, make_user
from mediation.models import Dispute
from mediation.services import dispute_accept
from mediation.tests import factories

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _work(personas: Personas) -> None:
    today = dt.date.today()
    for _ in range(2):
        dispute = factories.dispute(personas, received=today)
        dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=today)


def open_figure(page: Page, figure: Locator, personas: Personas) -> None:
    """Click a figure and land on exactly the records it counts: the figure, the count above the list and the rows
    agree, and every row is one of the disputes accepted by the office."""
    shown = figure.inner_text().strip()
    assert shown == "2", shown
    figure.click()
    expect(page.get_by_test_id("records-count")).to_have_text(shown)
    rows = page.get_by_test_id("records").locator("tbody tr")
    expect(rows).to_have_count(int(shown))
    accepted = {str(d.uuid) for d in Dispute.objects.filter(org=personas.office, accepted_date__isnull=False)}
    hrefs = rows.get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    linked = {href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs}
    assert linked == accepted, (linked, accepted)


def test_city_user_clicks_a_county_on_the_map_then_an_office_then_a_figure(page: Page, personas: Personas, login_as: Any) -> None:
    _work(personas)
    city_user = make_user("city_150400", org=personas.city, role="city_staff", full_name="孙科长")
    login_as(page, city_user)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))  # city users land on the dashboard
    expect(page.get_by_test_id("board-title")).to_contain_text("赤峰市司法局")
    chart = page.get_by_test_id("unit-chart")
    expect(chart.locator("canvas")).to_be_visible()

    # Click 红山区 on the map where ECharts drew it (the canvas, as a user does).
    x, y = page.evaluate("""() => {
        const chart = echarts.getInstanceByDom(document.getElementById('unit-chart'));
        const region = echarts.getMap('赤峰').geoJSON.features.find(f => f.properties.name === '红山区');
        return chart.convertToPixel({seriesIndex: 0}, region.properties.cp);
    }""")
    # Just below the centre: the county's name label sits on the centre itself.
    chart.click(position={"x": x, "y": y + 12})
    expect(page).to_have_url(re.compile(rf"/dashboard/{personas.county.code}/"))
    expect(page.get_by_test_id("board-title")).to_contain_text("红山区司法局")

    page.get_by_test_id("ranking").get_by_role("link", name="西屯街道司法所").click()
    expect(page).to_have_url(re.compile(rf"/dashboard/{personas.office.code}/"))
    open_figure(page, page.locator('[data-group="disputes"] [data-figure="disputes.accepted"] a'), personas)
    expect(page.get_by_test_id("records")).to_contain_text("王大山与李二河宅基地纠纷")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "dashboard-records.png", full_page=True)
    page.get_by_test_id("records").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/mediation/disputes/"))


def test_county_supervisor_drills_down_through_the_ranking_to_the_records(page: Page, personas: Personas, login_as: Any) -> None:
    _work(personas)
    login_as(page, personas.supervisor)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_test_id("board-title")).to_contain_text("红山区司法局")
    expect(page.get_by_test_id("unit-chart").locator("canvas")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "dashboard-county.png", full_page=True)

    # A bar of the county's chart opens the office (ECharts' click handler, dispatched as a click on that bar).
    page.evaluate("""() => {
        const chart = echarts.getInstanceByDom(document.getElementById('unit-chart'));
        chart.trigger('click', {name: '西屯街道司法所'});
    }""")
    expect(page).to_have_url(re.compile(rf"/dashboard/{personas.office.code}/"))
    page.go_back()
    page.get_by_test_id("ranking").get_by_role("link", name="西屯街道司法所").click()
    expect(page.get_by_test_id("board-title")).to_contain_text("西屯街道司法所")
    open_figure(page, page.locator('[data-figure="disputes.accepted"] a').first, personas)

    page.goto(f"/dashboard/{personas.other_county.code}/")
    expect(page.get_by_role("heading", name="404 未找到")).to_be_visible()
