from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.dictionaries import dict_choices
from mediation.choices import Outcome, PartyRole, RejectReason, Source
from mediation.models import Dispute
from mediation.services import (
    AgreementInput,
    DisputeInput,
    PartyInput,
    agreement_make,
    confirmation_record,
    dispute_accept,
    dispute_escalate,
    dispute_fail,
    dispute_register,
    dispute_reject,
    dispute_report_risk,
)
from mediation.statistics import MEASURES, StatRow, dispute_statistics
from orgs.models import Org
from orgs.selectors import registering_office
from people.services import PersonInput, person_create

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
D = TODAY - dt.timedelta(days=30)  # inside the period
EARLY = TODAY - dt.timedelta(days=100)  # before it
PERIOD = {"date_from": TODAY - dt.timedelta(days=60), "date_to": TODAY - dt.timedelta(days=10)}


def _days(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def _dispute(actor: Any, org: Org, *, received: dt.date = EARLY, category: str = "housing_homestead",
             source: str = Source.APPLICATION, people: int = 2, is_group: bool = False, accepted: dt.date | None = D) -> Dispute:
    office = registering_office(org)
    parties = [
        PartyInput(person_create(actor=actor, org=office, confirm_duplicate=True, data=PersonInput(name="王大山")), PartyRole.APPLICANT),
        PartyInput(person_create(actor=actor, org=office, confirm_duplicate=True, data=PersonInput(name="李二河")), PartyRole.RESPONDENT),
    ]
    d = dispute_register(actor=actor, org=org, data=DisputeInput(
        title="王大山与李二河纠纷", category=category, facts="双方发生争执。", received_date=received, source=source,
        people_count=people, is_group=is_group, parties=parties))
    if accepted:
        dispute_accept(actor=actor, dispute=d, accepted_date=accepted)
    return d


def _agree(actor: Any, d: Dispute, kind: str, day: dt.date, amount: str = "0") -> Any:
    return agreement_make(actor=actor, dispute=d, data=AgreementInput(
        kind=kind, facts="争议事项", content="双方同意和解。", signed_date=day, amount=Decimal(amount)))


def _build(p: Any) -> dict[str, Dispute]:
    """Disputes across the personas' orgs; the expected figures are spelled out in the tests."""
    d: dict[str, Dispute] = {}
    # 西屯街道司法所 (the owner's office)
    d["written"] = _dispute(p.owner, p.office)
    confirmation_record(actor=p.owner, agreement=_agree(p.owner, d["written"], Outcome.WRITTEN, _days(2), "5000"),
                        applied_date=_days(5))
    d["group"] = _dispute(p.owner, p.office, source=Source.POLICE, people=8, is_group=True, category="neighbour")
    _agree(p.owner, d["group"], Outcome.ORAL, _days(3))
    d["criminal"] = _dispute(p.owner, p.office, source=Source.GRID, people=3, category="neighbour")
    dispute_report_risk(actor=p.owner, dispute=d["criminal"], date=_days(1), note="一方扬言报复")
    dispute_fail(actor=p.owner, dispute=d["criminal"], date=_days(4), routes="告知可向人民法院起诉")
    d["rejected"] = _dispute(p.owner, p.office, source=Source.HOTLINE, accepted=None)
    dispute_reject(actor=p.owner, dispute=d["rejected"], reason=RejectReason.OTHER_AUTHORITY, date=D)
    d["old"] = _dispute(p.owner, p.office, accepted=EARLY + dt.timedelta(days=1))  # accepted before, concluded inside
    _agree(p.owner, d["old"], Outcome.WRITTEN, D, "1000")
    d["open"] = _dispute(p.owner, p.office, source=Source.INITIATIVE, category="contract")
    # its 调委会 counts with the office
    d["committee"] = _dispute(p.owner, p.committee)
    _agree(p.owner, d["committee"], Outcome.WRITTEN, _days(1), "2000")
    # the sibling office
    d["sibling"] = _dispute(p.caseworker, p.sibling_office, source=Source.COURT, category="contract")
    dispute_fail(actor=p.caseworker, dispute=d["sibling"], date=_days(2), routes="告知可申请仲裁")
    # escalated to the county bureau: a row of its own when grouped by office
    d["escalated"] = _dispute(p.caseworker, p.sibling_office, category="contract")
    dispute_escalate(actor=p.supervisor, dispute=d["escalated"], to_org=p.county, reason="涉及多个乡镇")
    # the other county
    d["outside"] = _dispute(p.outsider, p.other_office)
    _agree(p.outsider, d["outside"], Outcome.WRITTEN, _days(1), "7000")
    d["outside_open"] = _dispute(p.outsider, p.other_office)
    return d


def _rows(stats: Any) -> dict[str, StatRow]:
    return {r.label: r for r in stats.rows}


def test_figures_per_office_equal_the_records_built(personas):
    _build(personas)
    stats = dispute_statistics(personas.supervisor, group_by="office", **PERIOD)
    rows = _rows(stats)
    assert list(rows) == ["红山区司法局（本级）", "西屯街道司法所", "三中街街道司法所"]
    office = rows["西屯街道司法所"].values
    assert office == {
        "accepted": 5, "mediated": 5, "success": 4, "written": 3, "oral": 1, "amount": Decimal("8000"),
        "source_application": 2, "source_initiative": 1, "source_transfer": 1, "source_grid": 1, "source_hotline": 0,
        "criminal": 1, "criminal_people": 3, "petition": 1, "petition_people": 8, "rejected": 1, "confirmation": 1,
    }
    assert rows["西屯街道司法所"].rate_text == "80.0%"
    sibling = rows["三中街街道司法所"].values
    assert (sibling["accepted"], sibling["mediated"], sibling["success"], sibling["source_transfer"]) == (1, 1, 0, 1)
    assert rows["三中街街道司法所"].rate_text == "0.0%"
    county = rows["红山区司法局（本级）"]
    assert (county.values["accepted"], county.values["mediated"]) == (1, 0) and county.rate_text == "—"
    total = stats.total.values
    assert (total["accepted"], total["mediated"], total["success"], total["amount"]) == (7, 6, 4, Decimal("8000"))
    assert stats.total.rate_text == "66.7%"
    # the same figures counted straight from the records
    period = (PERIOD["date_from"], PERIOD["date_to"])
    visible = Dispute.objects.filter(org__path__startswith=personas.county.path)
    assert total["accepted"] == visible.filter(accepted_date__range=period).count()
    assert total["success"] == visible.filter(outcome__in=["written", "oral"], concluded_date__range=period).count()


def test_county_supervisor_sees_only_the_county_and_outsider_only_their_office(personas):
    _build(personas)
    supervisor = dispute_statistics(personas.supervisor, group_by="county", **PERIOD)
    assert [r.label for r in supervisor.rows] == ["红山区司法局"]
    assert supervisor.total.values["accepted"] == 7
    outsider = dispute_statistics(personas.outsider, group_by="office", **PERIOD)
    assert [r.label for r in outsider.rows] == ["平庄镇司法所"]
    assert (outsider.total.values["accepted"], outsider.total.values["success"], outsider.total.values["amount"]) == (2, 1, Decimal(7000))
    owner = dispute_statistics(personas.owner, group_by="office", **PERIOD)
    assert [r.label for r in owner.rows] == ["西屯街道司法所"]
    city = dispute_statistics(personas.sysadmin, group_by="county", **PERIOD)
    assert {r.label: r.values["accepted"] for r in city.rows} == {"红山区司法局": 7, "元宝山区司法局": 2}


def test_under_org_limits_the_table_to_that_subtree(personas):
    _build(personas)
    stats = dispute_statistics(personas.sysadmin, group_by="office", under_org=personas.county, **PERIOD)
    assert [r.label for r in stats.rows] == ["红山区司法局（本级）", "西屯街道司法所", "三中街街道司法所"]
    assert stats.total.values["accepted"] == 7


def test_success_rate_is_success_over_mediated_with_one_decimal():
    def row(mediated: int, success: int) -> StatRow:
        return StatRow(key="x", label="x", values={"mediated": mediated, "success": success})

    assert row(3, 2).rate == 66.7 and row(3, 2).rate_text == "66.7%"
    assert row(8, 8).rate_text == "100.0%"
    assert row(0, 0).rate is None and row(0, 0).rate_text == "—"


def test_group_by_category_uses_the_dictionary_labels(personas):
    _build(personas)
    stats = dispute_statistics(personas.supervisor, group_by="category", **PERIOD)
    assert [r.label for r in stats.rows] == [label for _, label in dict_choices("dispute_category")]
    rows = _rows(stats)
    assert rows["房屋宅基地纠纷"].values["accepted"] == 2  # written and committee; old and rejected were not accepted in it
    assert rows["邻里纠纷"].values["success"] == 1
    assert rows["合同纠纷"].values["accepted"] == 3
    assert rows["婚姻家庭纠纷"].values["accepted"] == 0


def test_group_by_source_lists_every_source(personas):
    _build(personas)
    stats = dispute_statistics(personas.supervisor, group_by="source", **PERIOD)
    assert [r.label for r in stats.rows] == [label for _, label in Source.choices]
    assert _rows(stats)["公安机关移送"].values["petition_people"] == 8


def _listed(client: Any, url: str) -> int:
    found = re.search(r"共 (\d+) 条", client.get(url).content.decode())
    assert found, url
    return int(found.group(1))


# The amount and the people counts open the disputes they are summed over.
_COUNTED_BY = {"amount": "success", "criminal_people": "criminal", "petition_people": "petition"}


@pytest.mark.parametrize("group_by", ["office", "category"])
def test_every_figure_links_to_exactly_the_records_it_counts(personas, login, group_by):
    _build(personas)
    c = login(personas.supervisor)
    stats = dispute_statistics(personas.supervisor, group_by=group_by, **PERIOD)
    checked = 0
    for row in [*stats.rows, stats.total]:
        if group_by == "category" and not row.values["accepted"] and row is not stats.total:
            continue  # the fifteen empty categories add nothing but time
        for cell in row.cells:
            if cell.key == "rate":
                assert not cell.url
                continue
            expected = row.values[_COUNTED_BY.get(cell.key, cell.key)]
            assert _listed(c, cell.url) == expected, (row.label, cell.key, cell.url)
            checked += 1
    assert checked >= 3 * len(MEASURES)


def test_statistics_page_shows_table_kpis_bars_and_drill_down(personas, login):
    _build(personas)
    c = login(personas.supervisor)
    query = f"?period=custom&date_from={PERIOD['date_from']}&date_to={PERIOD['date_to']}"
    body = c.get("/mediation/statistics/" + query).content.decode()
    assert 'data-testid="stats-table"' in body and "三中街街道司法所" in body  # county user: by office by default
    assert "红山区司法局（本级）" in body and "66.7%" in body and "8,000.00" in body
    assert 'data-testid="stats-bars"' in body and "width:100.0%" in body
    assert not re.findall(r"<script(?![^>]*\bsrc=)", body)  # the chart is plain HTML (CSP forbids inline scripts)
    city = login(personas.sysadmin).get("/mediation/statistics/" + query).content.decode()
    assert "元宝山区司法局" in city and f"under={personas.county.code}" in city  # city user: by county, with drill-down
    office = login(personas.owner).get("/mediation/statistics/" + query).content.decode()
    assert "房屋宅基地纠纷" in office  # office user: by category
    drill = c.get(f"/mediation/statistics/{query}&group_by=category&under={personas.office.code}").content.decode()
    assert "西屯街道司法所人民调解统计" in drill and "房屋宅基地纠纷" in drill


def test_statistics_table_labels_every_cell_for_the_phone_cards(personas, login):
    """Under 576 px the 调解统计 table is a column of cards (static/core/app.css .list-cards): each cell carries its
    column's name, so a card reads 单位 西屯街道司法所 · 受理数 3 · 调解成功率 66.7% … and the 合计 row is a card too."""
    _build(personas)
    query = f"?period=custom&date_from={PERIOD['date_from']}&date_to={PERIOD['date_to']}"
    body = login(personas.supervisor).get("/mediation/statistics/" + query).content.decode()
    table = body[body.index('<div class="table-responsive list-cards">'):body.index("</table>")]

    def card(row_key: str) -> dict[str, str]:
        row = re.search(rf'<tr data-row="{row_key}">(.*?)</tr>', table, re.S)
        assert row, row_key
        cells = re.findall(r'<td[^>]*data-label="([^"]*)"[^>]*>(.*?)</td>', row[1], re.S)
        return {label: re.sub(r"<[^>]+>", "", text).strip() for label, text in cells}

    office = next(r for r in dispute_statistics(personas.supervisor, date_from=PERIOD["date_from"],
                                                date_to=PERIOD["date_to"], group_by="office").rows
                  if r.label == "西屯街道司法所")
    shown = card(office.key)
    assert shown["司法所"] == "西屯街道司法所"
    assert shown["受理数"] == office.cell("accepted").text and shown["调解成功率"] == office.rate_text
    assert shown["协议涉及金额（元）"] == office.cell("amount").text
    # Every column has its own label, the grouped ones with their group: 达成协议（书面）.
    assert len(shown) == 1 + len(office.cells) and all(shown.keys())
    assert any(re.fullmatch(r".+（.+）", label) for label in shown if label != "协议涉及金额（元）")
    total = card("total")
    assert total["司法所"] == "合计" and total["受理数"] == "7" and total["调解成功率"] == "66.7%"


def test_statistics_page_access(personas, login, client):
    assert client.get("/mediation/statistics/").status_code == 302
    assert login(personas.readonly).get("/mediation/statistics/").status_code == 200
    assert login(personas.outsider).get(f"/mediation/statistics/?under={personas.county.code}").status_code == 404
    bad = login(personas.owner).get("/mediation/statistics/?period=custom&date_from=2026-03-01").content.decode()
    assert "请填写开始日期和结束日期" in bad


def test_statistics_export_has_every_row_and_the_total(personas, login):
    _build(personas)
    c = login(personas.supervisor)
    r = c.get(f"/mediation/statistics/?period=custom&date_from={PERIOD['date_from']}&date_to={PERIOD['date_to']}&export=xlsx")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(r.content)).active
    table = [[cell.value for cell in row] for row in ws.iter_rows()]
    header = table[0]
    assert header[:5] == ["单位/类别", "受理数", "调解数", "调解成功数", "调解成功率（%）"]
    assert [row[0] for row in table[1:]] == ["红山区司法局（本级）", "西屯街道司法所", "三中街街道司法所", "合计"]
    assert table[-1][1:5] == [7, 6, 4, 66.7]
    assert table[2][header.index("协议涉及金额（元）")] == 8000


def test_ledger_filters_stay_hidden_until_a_statistics_link_uses_them(personas, login):
    c = login(personas.owner)
    plain = c.get("/mediation/disputes/").content.decode()
    assert "受理日期起" not in plain and "调结日期起" not in plain
    linked = c.get(f"/mediation/disputes/?accepted_from={D}").content.decode()
    assert "受理日期起" in linked and "调结日期起" not in linked


def _page_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/mediation/statistics/?period=custom&date_from={PERIOD['date_from']}&date_to={PERIOD['date_to']}"
                          "&group_by=office").status_code == 200
    return len(ctx.captured_queries)


def test_statistics_page_query_count_does_not_grow_with_disputes_or_orgs(personas, login):
    c = login(personas.supervisor)
    _dispute(personas.owner, personas.office)
    _dispute(personas.caseworker, personas.sibling_office)
    _page_queries(c)  # the first request of a session loads what later ones reuse
    few = _page_queries(c)
    for i in range(5, 8):
        office = Org.objects.add_child(Org.objects.get(pk=personas.county.pk), {
            "code": f"15040200{i}", "name": f"第{i}街道司法所", "short_name": f"第{i}所", "kind": Org.Kind.OFFICE,
            "region": personas.office.region, "doc_abbr": f"红{i}司"})
        for _ in range(6):
            _agree(personas.caseworker, _dispute(personas.caseworker, office), Outcome.ORAL, _days(1))
    assert Dispute.objects.count() == 20
    many = _page_queries(c)
    assert many == few
    assert "第7街道司法所" in c.get(f"/mediation/statistics/?period=custom&date_from={PERIOD['date_from']}"
                                f"&date_to={PERIOD['date_to']}").content.decode()
