"""The 数据驾驶舱 shows, at every level, the same numbers a direct count over the records gives; each number opens
exactly the records it counts; nobody sees another county's figures; a page costs the same whatever the history."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.deadlines import deadline_open, deadlines_refresh
from core.ledger import ledger_record
from core.models import WorkEvent
from dashboard.figures import FIGURES, GROUPS, figure_connected
from dashboard.selectors import board, figure_records
from mediation.services import dispute_accept
from mediation.tests import factories
from orgs.models import Org

TODAY = dt.date.today()
MONTH = (TODAY.replace(day=1), TODAY)
LAST_MONTH_DAY = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=15)
YEAR_AGO = TODAY - dt.timedelta(days=400)


@pytest.fixture
def work(personas: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """Work in both counties, this month, last month and over a year ago; the rollups follow after each commit."""
    with django_capture_on_commit_callbacks(execute=True):
        for day in (TODAY, TODAY, LAST_MONTH_DAY):
            dispute = factories.dispute(personas, received=day)
            dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=day)
        ledger_record(org=personas.committee, actor=personas.owner, event_type="mediation.agreement_written", date=TODAY)
        ledger_record(org=personas.committee, actor=personas.owner, event_type="mediation.settled_amount", date=TODAY, quantity=Decimal("3500"))
        ledger_record(org=personas.office, actor=personas.owner, event_type="mediation.agreement_oral", date=YEAR_AGO)
        ledger_record(org=personas.sibling_office, actor=personas.supervisor, event_type="mediation.dispute_accepted", date=TODAY)
        ledger_record(org=personas.sibling_office, actor=personas.supervisor, event_type="consultation.recorded", date=TODAY)
        ledger_record(org=personas.county, actor=personas.supervisor, event_type="worklog.manual", date=TODAY, quantity=4)
        for _ in range(3):
            ledger_record(org=personas.other_office, actor=personas.outsider, event_type="mediation.dispute_accepted", date=TODAY)
        ledger_record(org=personas.other_office, actor=personas.outsider, event_type="consultation.recorded", date=LAST_MONTH_DAY)
        factories.mediator(personas, "赵调解", org=personas.committee)
        late = factories.dispute(personas, received=TODAY - dt.timedelta(days=50))
        deadline_open(org=personas.office, owner=personas.owner, kind="mediation.conclude", title="调结期限",
                      start_date=TODAY - dt.timedelta(days=50), due_date=TODAY - dt.timedelta(days=5), target=late)
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_refresh(today=TODAY)
    return personas


def direct(user: Any, org: Org, key: str, period: tuple[dt.date, dt.date]) -> Decimal:
    """The figure counted straight from the records, the way a clerk would."""
    _, figure = FIGURES[key]
    if figure.live is not None:
        return Decimal(figure.live.records(user, period).filter(**{f"{figure.live.org_path}__startswith": org.path}).count())
    events = WorkEvent.objects.visible_to(user, "view").filter(
        org__path__startswith=org.path, event_type__in=figure.event_types, date__range=period)
    if figure.measure == "quantity":
        return events.aggregate(s=Sum("quantity"))["s"] or Decimal(0)
    return Decimal(events.count())


LEDGER_AND_LIVE = [k for k, (g, f) in FIGURES.items() if f.kind in ("ledger", "live")]


@pytest.mark.parametrize("who, level", [("sysadmin", "city"), ("supervisor", "county"), ("owner", "office")])
def test_every_figure_equals_a_direct_count_at_each_level(work: Any, who: str, level: str) -> None:
    user, org = getattr(work, who), getattr(work, level)
    for period in (MONTH, (YEAR_AGO, TODAY), (LAST_MONTH_DAY, LAST_MONTH_DAY)):
        b = board(user, org, period, today=TODAY)
        for key in LEDGER_AND_LIVE:
            group, figure = FIGURES[key]
            if not figure_connected(group, figure):
                continue
            assert b.totals[key] == direct(user, org, key, period), (level, key, period)
            for row in b.rows:
                assert row.values[key] == direct(user, row.org, key, period), (row.org.name, key, period)


def test_figures_are_not_zero_where_work_was_done(work: Any) -> None:
    """Guards the equality test above against comparing zeros with zeros."""
    b = board(work.sysadmin, work.city, MONTH, today=TODAY)
    assert b.totals["disputes.accepted"] == 6
    assert b.totals["mediation.success"] == 1
    assert b.totals["mediation.amount"] == Decimal("3500")
    assert b.totals["worklog.manual"] == 4
    assert b.totals["team.mediators"] == 1
    assert b.totals["warnings.open_overdue"] == 1
    by_county = {r.org.code: r.values for r in b.rows}
    assert by_county["150402"]["disputes.accepted"] == 3
    assert by_county["150403"]["disputes.accepted"] == 3


def test_score_figure_is_the_average_of_the_official_office_scores(work: Any) -> None:
    from assessment.scoring import score_offices
    from assessment.selectors import standard_in_force

    standard, _ = standard_in_force(TODAY.year)
    offices = [work.office, work.sibling_office]
    scores = {s.office.pk: s.total for s in score_offices(None, standard, offices, MONTH[0], MONTH[1], counted_end=TODAY)}
    b = board(work.supervisor, work.county, MONTH, today=TODAY)
    assert b.totals["assessment.score"] == (sum(scores.values(), Decimal(0)) / 2).quantize(Decimal("0.1"))
    assert {r.org.pk: r.values["assessment.score"] for r in b.rows} == scores


def test_modules_not_built_show_not_connected_and_no_number(work: Any, login: Any) -> None:
    response = login(work.supervisor).get(reverse("dashboard:org", kwargs={"code": work.county.code}))
    html = response.content.decode()
    not_built = [g for g in GROUPS if not g.connected]
    assert {g.label for g in not_built} >= {"普法宣传", "法律明白人"}
    assert not {"行政复议代收", "公证仲裁代办"} & {g.label for g in not_built}
    for group in not_built:
        start = html.index(f'data-group="{group.key}"')
        following = html.find('data-group="', start + 1)
        panel = html[start:following if following > 0 else html.index('id="dashboard-data"')]
        assert "未接入" in panel and "data-figure" not in panel
    assert len(GROUPS) == 18


@pytest.mark.parametrize("who, level", [("supervisor", "county"), ("owner", "office"), ("sysadmin", "city")])
def test_drill_down_lists_exactly_the_counted_records(work: Any, login: Any, who: str, level: str) -> None:
    user, org = getattr(work, who), getattr(work, level)
    client = login(user)
    query = {"period": "custom", "date_from": YEAR_AGO.isoformat(), "date_to": TODAY.isoformat()}
    checked = 0
    for key in LEDGER_AND_LIVE:
        group, figure = FIGURES[key]
        if not figure_connected(group, figure):
            continue
        response = client.get(reverse("dashboard:records", kwargs={"code": org.code, "figure": key}), query)
        assert response.status_code == 200
        listed = list(response.context["page"].paginator.object_list)
        expected = figure_records(user, org, figure, (YEAR_AGO, TODAY))
        assert {o.pk for o in listed} == {o.pk for o in expected}
        if figure.live is None:
            ids = set(WorkEvent.objects.filter(org__path__startswith=org.path, event_type__in=figure.event_types,
                                               date__range=(YEAR_AGO, TODAY)).values_list("pk", flat=True))
            assert {o.pk for o in listed} == ids
            value = sum((e.quantity for e in listed), Decimal(0)) if figure.measure == "quantity" else Decimal(len(listed))
        else:
            value = Decimal(len(listed))
        assert value == direct(user, org, key, (YEAR_AGO, TODAY))
        checked += 1
    assert checked >= 20


def test_drill_down_links_each_entry_to_its_record(work: Any, login: Any) -> None:
    response = login(work.owner).get(reverse("dashboard:records", kwargs={"code": work.office.code, "figure": "disputes.accepted"}),
                                     {"period": "month"})
    html = response.content.decode()
    assert response.context["page"].paginator.count == 2
    assert "/mediation/disputes/" in html and "王大山与李二河宅基地纠纷" in html


def test_outsiders_get_404_for_another_county_s_figures(work: Any, login: Any) -> None:
    county = login(work.supervisor)
    for code in (work.other_county.code, work.other_office.code, work.city.code):
        assert county.get(reverse("dashboard:org", kwargs={"code": code})).status_code == 404
        assert county.get(reverse("dashboard:screen", kwargs={"code": code})).status_code == 404
        assert county.get(reverse("dashboard:records", kwargs={"code": code, "figure": "disputes.accepted"})).status_code == 404
    office = login(work.owner)
    for code in (work.county.code, work.sibling_office.code, work.other_office.code):
        assert office.get(reverse("dashboard:org", kwargs={"code": code})).status_code == 404
    unknown = reverse("dashboard:records", kwargs={"code": work.office.code, "figure": "corrections.subjects"})
    assert office.get(unknown).status_code == 404


def test_an_office_user_s_dashboard_counts_only_its_own_office(work: Any, login: Any) -> None:
    response = login(work.owner).get(reverse("dashboard:home"), {"period": "month"})
    assert response.status_code == 200
    assert response.context["org"] == work.office
    assert response.context["board"].totals["disputes.accepted"] == 2
    assert "平庄镇司法所" not in response.content.decode()


def test_city_map_data_has_the_counties_by_map_name_with_their_links(work: Any, login: Any) -> None:
    response = login(work.sysadmin).get(reverse("dashboard:home"), {"figure": "disputes.accepted", "period": "month"})
    data = json.loads(json.dumps(response.context["chart"]))  # what json_script hands to the page
    assert data["map"] is True
    units = {u["name"]: u for u in data["units"]}
    assert units["红山区"]["value"] == 3 and units["元宝山区"]["value"] == 3
    assert units["红山区"]["url"].startswith(reverse("dashboard:org", kwargs={"code": "150402"}))
    assert len(data["trend"]) == 12 and data["trend"][-1]["value"] == 6
    assert 'id="dashboard-data"' in response.content.decode()


def test_county_ranking_links_to_each_office_with_the_chosen_figure(work: Any, login: Any) -> None:
    response = login(work.supervisor).get(reverse("dashboard:home"), {"figure": "disputes.accepted", "period": "month"})
    ranking = response.context["ranking"]
    assert [r["org"].code for r in ranking] == [work.office.code, work.sibling_office.code]  # 2 before 1
    assert response.context["chart"]["map"] is False
    assert f'href="/dashboard/{work.office.code}/?period=custom' in response.content.decode()


def test_period_selector_narrows_the_figures_and_rejects_a_reversed_range(work: Any, login: Any) -> None:
    client = login(work.supervisor)
    url = reverse("dashboard:org", kwargs={"code": work.county.code})
    day = LAST_MONTH_DAY.isoformat()
    response = client.get(url, {"period": "custom", "date_from": day, "date_to": day})
    assert response.context["board"].totals["disputes.accepted"] == 1
    response = client.get(url, {"period": "year"})
    assert response.context["period"][0] == TODAY.replace(month=1, day=1)
    response = client.get(url, {"period": "custom", "date_from": TODAY.isoformat(), "date_to": LAST_MONTH_DAY.isoformat()})
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_screen_is_a_dark_full_page_that_refreshes_itself(work: Any, login: Any) -> None:
    response = login(work.supervisor).get(reverse("dashboard:screen", kwargs={"code": work.county.code}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "dashboard-screen" in html and 'data-seconds="300"' in html
    assert 'id="sidebar"' not in html
    assert "红山区司法局数字司法数据驾驶舱" in html


def test_city_and_county_users_land_on_the_dashboard_office_users_on_their_to_do_list(work: Any, login: Any) -> None:
    landing = reverse("dashboard:landing")
    assert login(work.supervisor).get(landing).url == reverse("dashboard:home")
    assert login(work.sysadmin).get(landing).url == reverse("dashboard:home")
    assert login(work.owner).get(landing).url == reverse("core:home")


def _page_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, {"period": "year"}).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_does_not_grow_with_history(personas: Any, login: Any, django_capture_on_commit_callbacks: Any) -> None:
    client = login(personas.supervisor)
    urls = [reverse("dashboard:org", kwargs={"code": personas.county.code}),
            reverse("dashboard:records", kwargs={"code": personas.county.code, "figure": "disputes.accepted"})]
    with django_capture_on_commit_callbacks(execute=True):
        dispute = factories.dispute(personas, received=TODAY)
        dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=TODAY)
    client.get(urls[0])  # warm the per-process caches (content types, dictionaries)
    short = [_page_queries(client, u) for u in urls]
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(150):
            org = (personas.office, personas.sibling_office, personas.committee)[n % 3]
            ledger_record(org=org, actor=personas.owner, event_type="mediation.dispute_accepted", date=TODAY - dt.timedelta(days=n % 90))
            ledger_record(org=org, actor=personas.owner, event_type="consultation.recorded", date=TODAY - dt.timedelta(days=n))
        dispute = factories.dispute(personas, received=TODAY)
        dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=TODAY)
    long = [_page_queries(client, u) for u in urls]
    assert long == short


# --- what a figure means -------------------------------------------------------------------------------------------


def test_success_rate_is_computed_from_the_counts_and_has_no_value_without_a_denominator(
    work: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """调解成功率 = 调解成功 ÷ (调解成功 + 调解不成): the committee's written agreement is 100%, 三中街's one failure 0%;
    a period where nothing was concluded has no rate (— with 无分母), never 0%."""
    with django_capture_on_commit_callbacks(execute=True):
        ledger_record(org=work.sibling_office, actor=work.supervisor, event_type="mediation.dispute_failed", date=TODAY)
    b = board(work.supervisor, work.county, MONTH, today=TODAY)
    rows = {r.org.pk: r.values for r in b.rows}
    assert rows[work.office.pk]["mediation.rate"] == Decimal("100.0")
    assert rows[work.sibling_office.pk]["mediation.rate"] == Decimal("0.0")  # one failure, no success: a real 0%
    assert b.totals["mediation.rate"] == Decimal("50.0")  # from the summed counts, not an average of the rates
    office = board(work.owner, work.office, (LAST_MONTH_DAY, LAST_MONTH_DAY), today=TODAY)
    cell = next(c for g in office.groups for c in g.cells if c.figure.key == "mediation.rate")
    assert cell.value is None and cell.text == "—" and cell.title == "无分母" and cell.unit == ""


def test_the_board_prints_rates_scores_and_look_alike_figures_so_they_cannot_be_misread(work: Any, login: Any) -> None:
    client = login(work.owner)
    html = client.get(reverse("dashboard:home"), {"period": "custom", "date_from": LAST_MONTH_DAY.isoformat(),
                                                  "date_to": LAST_MONTH_DAY.isoformat()}).content.decode()
    rate = re.search(r'data-figure="mediation.rate">.*?data-testid="figure-value"([^>]*)>(.*?)</div>', html, re.S)
    assert rate and rate[1].strip() == 'title="无分母"' and rate[2] == "—", rate
    score = re.search(r'data-figure="assessment.score">.*?data-testid="kpi-value"[^>]*>(.*?)</div>', html, re.S)
    assert score and re.fullmatch(r"(<a [^>]+>)?[\d.]+/1000(</a>)?", score[1]), score
    assert "期内发生超期" in html and "当前仍超期" in html and "期限超期" not in html
    assert "此刻已过期限仍未办结的事项，不受统计期间影响" in html


def test_the_score_reads_out_of_1000_in_the_ranking_the_chart_and_on_the_screen(work: Any, login: Any) -> None:
    """千分制: wherever an office's score is shown it reads "x/1000", so it is never taken for a count or a per cent."""
    client = login(work.supervisor)
    query = {"figure": "assessment.score", "period": "month"}
    response = client.get(reverse("dashboard:home"), query)
    ranking = response.context["ranking"]
    assert ranking and all(re.fullmatch(r"[\d,.]+/1000", r["text"]) for r in ranking), ranking
    html = response.content.decode()
    for row in ranking:
        assert f">{row['text']}</td>" in html
    assert response.context["chart"]["figure"]["full"] == 1000  # the map's tooltip prints value/1000
    assert client.get(reverse("dashboard:home"), {"figure": "disputes.accepted"}).context["chart"]["figure"]["full"] is None
    screen = client.get(reverse("dashboard:screen", kwargs={"code": work.county.code}), query).content.decode()
    shown = re.findall(r'data-testid="screen-ranking">(.*?)</ol>', screen, re.S)
    assert shown and re.findall(r"<b[^>]*>([\d,.]+/1000)</b>", shown[0]), shown


def test_the_default_period_is_the_last_30_days_and_the_month_is_a_choice(work: Any, login: Any) -> None:
    client = login(work.supervisor)
    response = client.get(reverse("dashboard:home"))
    assert response.context["period"] == (TODAY - dt.timedelta(days=29), TODAY)
    assert response.context["period_code"] == "last30"
    response = client.get(reverse("dashboard:home"), {"period": "month"})
    assert response.context["period"] == MONTH
    api = client.get("/api/v1/dashboard", {"period": "last30"}).json()
    assert api["date_from"] == (TODAY - dt.timedelta(days=29)).isoformat()


def test_the_screen_shows_every_live_module_s_figures_and_names_the_others_once(work: Any, login: Any) -> None:
    response = login(work.supervisor).get(reverse("dashboard:screen", kwargs={"code": work.county.code}))
    html = response.content.decode()
    live = [g for g in GROUPS if g.connected]
    shown = [g.group for g in response.context["screen_left"] + response.context["screen_right"]]
    assert shown == live and {g.key for g in live} >= {"corrections", "legalaid", "warnings"}
    for group in live:
        assert f'data-group="{group.key}"' in html
    assert "未接入" not in html
    # One row of headline figures a module, so that every module fits the wall screen; the board shows them all.
    for gv in response.context["screen_left"] + response.context["screen_right"]:
        assert [c.figure.key for c in gv.cells] == list(gv.group.screen_keys)[:3]
        assert len(gv.cells) == min(3, len(gv.group.figures))
    assert 'data-figure="corrections.checkin_rate"' in html and 'data-figure="corrections.level_none"' not in html
    off = html.split('data-testid="screen-off"')[1].split("</footer>")[0]
    assert all(g.label in off for g in GROUPS if not g.connected)
