from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from consultation.models import Consultation
from consultation.tests import factories as consultation_factories
from core import calendar
from core.errors import ValidationFailed
from mediation.choices import Outcome, PartyRole, Source
from mediation.models import Dispute, Mediator
from mediation.services import (
    AgreementInput,
    DisputeInput,
    PartyInput,
    agreement_make,
    dispute_accept,
    dispute_escalate,
    dispute_fail,
    dispute_register,
    dispute_report_risk,
)
from orgs.models import Org
from orgs.selectors import registering_office
from people.services import PersonInput, person_create
from reports import selectors
from reports.exports import DOCX_MAX_COLUMNS, column_chunks, report_docx, report_xlsx
from reports.registry import NOT_APPLICABLE, all_tables, table_get
from worklog.models import WorkLog
from worklog.selectors import completion_by_office
from worklog.services import worklog_confirm, worklog_open

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
Y = TODAY.year - 1  # a whole past year: every period of it is complete


def _march() -> list[dt.date]:
    return calendar.workdays_in(dt.date(Y, 3, 1), dt.date(Y, 3, 31))


def _d(month: int, day: int) -> dt.date:
    return dt.date(Y, month, day)


def _dispute(actor: Any, org: Org, *, accepted: dt.date | None, category: str = "neighbour", people: int = 2,
             is_group: bool = False, received: dt.date | None = None) -> Dispute:
    office = registering_office(org)
    parties = [
        PartyInput(person_create(actor=actor, org=office, confirm_duplicate=True, data=PersonInput(name="王大山")), PartyRole.APPLICANT),
        PartyInput(person_create(actor=actor, org=office, confirm_duplicate=True, data=PersonInput(name="李二河")), PartyRole.RESPONDENT),
    ]
    d = dispute_register(actor=actor, org=org, data=DisputeInput(
        title="王大山与李二河纠纷", category=category, facts="双方发生争执。", received_date=received or _d(1, 2),
        source=Source.APPLICATION, people_count=people, is_group=is_group, parties=parties))
    if accepted:
        dispute_accept(actor=actor, dispute=d, accepted_date=accepted)
    return d


def _agree(actor: Any, d: Dispute, kind: str, day: dt.date, amount: str) -> None:
    agreement_make(actor=actor, dispute=d, data=AgreementInput(
        kind=kind, facts="争议事项", content="双方同意和解。", signed_date=day, amount=Decimal(amount)))


def _build(p: Any) -> None:
    """Records across the personas' orgs, inside year ``Y`` and outside it."""
    written = _dispute(p.owner, p.office, accepted=_d(3, 2), category="housing_homestead")
    _agree(p.owner, written, Outcome.WRITTEN, _d(3, 10), "5000")
    group = _dispute(p.owner, p.office, accepted=_d(4, 1), people=8, is_group=True)
    _agree(p.owner, group, Outcome.ORAL, _d(4, 3), "0")
    risky = _dispute(p.owner, p.office, accepted=_d(5, 1), people=3)
    dispute_report_risk(actor=p.owner, dispute=risky, date=_d(5, 2), note="一方扬言报复")
    dispute_fail(actor=p.owner, dispute=risky, date=_d(5, 6), routes="告知可向人民法院起诉")
    committee = _dispute(p.owner, p.committee, accepted=_d(6, 1), category="contract")
    _agree(p.owner, committee, Outcome.WRITTEN, _d(6, 5), "2000")
    _dispute(p.owner, p.office, accepted=dt.date(Y - 1, 12, 20), received=dt.date(Y - 1, 12, 18))  # the year before
    _dispute(p.caseworker, p.sibling_office, accepted=_d(7, 1), category="contract")
    escalated = _dispute(p.caseworker, p.sibling_office, accepted=_d(8, 1))
    dispute_escalate(actor=p.supervisor, dispute=escalated, to_org=p.county, reason="涉及多个乡镇")
    outside = _dispute(p.outsider, p.other_office, accepted=_d(3, 3))
    _agree(p.outsider, outside, Outcome.WRITTEN, _d(3, 9), "7000")
    for person in ("赵调解", "钱调解"):
        Mediator.objects.create(org=p.committee, created_by=p.owner, is_full_time=person == "赵调解",
                                person=person_create(actor=p.owner, org=p.office, data=PersonInput(name=person)))
    Mediator.objects.create(org=p.office, created_by=p.owner, is_active=False,
                            person=person_create(actor=p.owner, org=p.office, data=PersonInput(name="离任调解员")))
    consultation_factories.consultation(p, date=_d(3, 5), channel="phone", topic="loan")
    consultation_factories.consultation(p, name="周大成", date=_d(3, 6), follow_up="referred", referred_to="县人社局")
    consultation_factories.consultation(p, name="吴小梅", date=dt.date(Y - 1, 12, 30))
    consultation_record_outside(p)
    march = _march()
    for day in march[:3]:
        worklog_confirm(actor=p.owner, log=worklog_open(user=p.owner, day=day), summary="入户走访")
    worklog_confirm(actor=p.head, log=worklog_open(user=p.head, day=march[0]), summary="所务会")


def consultation_record_outside(p: Any) -> None:
    from consultation.services import consultation_record

    consultation_record(actor=p.outsider, org=p.other_office, person=consultation_factories.person("郑外所"),
                        data=consultation_factories.data(date=_d(3, 5)))


def _report(user: Any, code: str, org: Org, token: str = str(Y)) -> selectors.Report:
    period = selectors.period_parse(token, today=TODAY)
    return selectors.report_build(user, table=table_get(code), org=org, period=period, prepared_on=TODAY)


def _rows(report: selectors.Report) -> dict[str, dict[str, Any]]:
    return {row.label: row.values for row in report.rows}


# --- figures equal direct counts -------------------------------------------------------------------------------------

def test_mediation_work_figures_per_office_equal_direct_counts(personas):
    _build(personas)
    report = _report(personas.supervisor, "mediation_work", personas.county)
    rows = _rows(report)
    assert list(rows) == ["红山区司法局（本级）", "西屯街道司法所", "三中街街道司法所"]
    year = (_d(1, 1), _d(12, 31))
    office = rows["西屯街道司法所"]
    disputes = Dispute.objects.filter(org__path__startswith=personas.office.path)
    assert office["accepted"] == disputes.filter(accepted_date__range=year).count() == 4
    assert office["success"] == disputes.filter(outcome__in=["written", "oral"], concluded_date__range=year).count() == 3
    assert office["mediated"] == 4 and office["written"] == 2 and office["oral"] == 1
    assert office["amount"] == Decimal("7000")
    assert (office["criminal"], office["criminal_people"], office["petition"], office["petition_people"]) == (1, 3, 1, 8)
    assert office["rate"] == 75.0
    assert office["committees"] == Org.objects.filter(path__startswith=personas.office.path, kind="committee").count() == 1
    assert (office["mediators"], office["mediators_full_time"]) == (2, 1)  # the retired mediator does not count
    assert rows["三中街街道司法所"]["accepted"] == 1
    assert rows["红山区司法局（本级）"]["accepted"] == 1  # escalated: the county bureau's own record
    assert report.total.values["accepted"] == Dispute.objects.filter(
        org__path__startswith=personas.county.path, accepted_date__range=year).count() == 6


def test_mediation_work_agrees_with_the_statistics_page(personas):
    from mediation.statistics import dispute_statistics

    _build(personas)
    report = _report(personas.supervisor, "mediation_work", personas.county)
    stats = dispute_statistics(personas.supervisor, date_from=_d(1, 1), date_to=_d(12, 31), group_by="office")
    for key in ("accepted", "mediated", "success", "written", "oral", "amount", "criminal", "petition_people"):
        assert report.total.values[key] == stats.total.values[key]
        assert _rows(report)["西屯街道司法所"][key] == next(r for r in stats.rows if r.label == "西屯街道司法所").values[key]


def test_category_table_counts_each_dispute_type(personas):
    _build(personas)
    rows = _rows(_report(personas.supervisor, "mediation_category", personas.county))
    office = rows["西屯街道司法所"]
    assert (office["neighbour.accepted"], office["neighbour.success"]) == (2, 1)
    assert (office["housing_homestead.accepted"], office["housing_homestead.amount"]) == (1, Decimal("5000"))
    assert (office["contract.accepted"], office["contract.amount"]) == (1, Decimal("2000"))
    assert office["all.accepted"] == 4 and office["all.amount"] == Decimal("7000")
    assert office["medical.accepted"] == 0
    assert rows["三中街街道司法所"]["contract.accepted"] == 1


def test_consultation_figures_equal_direct_counts(personas):
    _build(personas)
    report = _report(personas.supervisor, "consultation", personas.county)
    office = _rows(report)["西屯街道司法所"]
    year_records = Consultation.objects.filter(org=personas.office, date__year=Y)
    assert office["total"] == year_records.count() == 2
    assert (office["channel.phone"], office["channel.walk_in"]) == (1, 1)
    assert office["follow_up.referred"] == 1 and office["topic.loan"] == 1
    assert report.total.values["total"] == 2  # the other county's question is not the county's


def test_worklog_completion_equals_the_completion_page(personas):
    _build(personas)
    report = _report(personas.supervisor, "worklog_completion", personas.county, token=f"{Y}-03")
    office = _rows(report)["西屯街道司法所"]
    page = next(r for r in completion_by_office(personas.supervisor, start=_d(3, 1), end=_d(3, 31))
                if r["office"] == personas.office)
    assert (office["staff"], office["expected"], office["confirmed"]) == (page["staff"], page["expected"], page["confirmed"])
    assert office["confirmed"] == WorkLog.objects.filter(org=personas.office, date__month=3, date__year=Y).count() == 4
    assert office["expected"] == 2 * len(_march())
    assert office["rate"] == round(4 * 100 / (2 * len(_march())), 1)


# --- rows add up to 合计 -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [t.code for t in all_tables()])
def test_rows_add_up_to_the_total_row(personas, code):
    _build(personas)
    report = _report(personas.sysadmin, code, personas.city)
    assert [r.label for r in report.rows] == ["红山区司法局", "元宝山区司法局"]
    for column in report.columns:
        total = report.total.values[column.key]
        if total is NOT_APPLICABLE:
            assert all(r.values[column.key] is NOT_APPLICABLE for r in report.rows)
        elif column.kind == "rate":
            num, den = (sum(r.values[k] for r in report.rows) for k in column.rate_of or ())
            assert total == (round(num * 100 / den, 1) if den else None)
        else:
            assert total == sum(r.values[column.key] for r in report.rows), column.key
    assert report.total.texts == [selectors.cell_text(c, report.total.values[c.key]) for c in report.columns]


def test_office_report_rows_are_its_committees_and_its_own_records(personas):
    _build(personas)
    report = _report(personas.owner, "mediation_work", personas.office)
    rows = _rows(report)
    assert list(rows) == ["西屯街道司法所（本级）", "一西街社区人民调解委员会"]
    assert rows["一西街社区人民调解委员会"]["accepted"] == 1 and rows["一西街社区人民调解委员会"]["committees"] == 1
    assert rows["西屯街道司法所（本级）"]["accepted"] == 3
    assert report.total.values["accepted"] == 4


# --- modules not in use ------------------------------------------------------------------------------------------------

def test_overview_borrows_the_figure_of_every_module_in_use(personas):
    _build(personas)
    report = _report(personas.supervisor, "overview", personas.county)
    work = _report(personas.supervisor, "mediation_work", personas.county)
    office = _rows(report)["西屯街道司法所"]
    assert office["mediation_work.accepted"] == _rows(work)["西屯街道司法所"]["accepted"] == 4
    assert office["consultation.total"] == 2
    assert office["legal_aid.accepted"] == 0  # the 法律援助 module is in use; this office received no application
    assert office["corrections_register.in_register"] == 0  # 社区矫正 is in use: nobody in register is a 0, not 不适用
    assert office["resettlement_register.in_register"] == 0  # 安置帮教 likewise
    texts = dict(zip([c.key for c in report.columns], report.total.texts, strict=True))
    assert "不适用" not in texts.values()
    assert texts["mediation_work.accepted"] == "6"


def test_a_column_of_a_module_not_in_use_is_not_applicable_never_zero(personas):
    from reports.registry import ColumnRef, ReportQuery, borrowed_figures

    period = selectors.period_parse(str(Y), today=TODAY)
    query = ReportQuery(user=personas.sysadmin, org=personas.county, period=period,
                        units=selectors.report_units(personas.sysadmin, personas.county))
    # 行政复议代收 has no module yet: its table is not registered.
    figures = borrowed_figures(query, [ColumnRef("review", "review_register", "received", "代收复议申请（件）", "行政复议")])
    assert figures and all(values["review_register.received"] is NOT_APPLICABLE for values in figures.values())


# --- periods -----------------------------------------------------------------------------------------------------------

def test_periods_parse_months_quarters_and_years():
    today = dt.date(2026, 12, 1)
    month = selectors.period_parse("2026-02", today=today)
    assert (month.start, month.end, month.name) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28), "2026年2月")
    quarter = selectors.period_parse("2026-Q3", today=today)
    assert (quarter.start, quarter.end, quarter.name, quarter.token) == (
        dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026年第三季度", "2026-Q3")
    year = selectors.period_parse("2026", today=today)
    assert (year.start, year.end, year.full_end) == (dt.date(2026, 1, 1), today, dt.date(2026, 12, 31))
    assert year.in_progress and "统计至今日" in year.label
    assert selectors.default_period(today).token == "2026-11"


def test_half_year_periods_for_the_half_yearly_reports():
    today = dt.date(2026, 12, 1)
    first = selectors.period_parse("2026-H1", today=today)
    assert (first.start, first.end, first.name, first.token, first.report_name, first.in_progress) == (
        dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2026年上半年", "2026-H1", "半年报", False)
    second = selectors.period_parse("2026-H2", today=today)
    assert (second.start, second.end, second.full_end, second.name) == (dt.date(2026, 7, 1), today, dt.date(2026, 12, 31), "2026年下半年")
    assert second.in_progress and "统计至今日" in second.label
    with pytest.raises(ValidationFailed, match="尚未开始"):
        selectors.period_parse("2026-H2", today=dt.date(2026, 6, 30))
    with pytest.raises(ValidationFailed, match="半年应为1"):
        selectors.period_make("half", 2026, 3, today=today)


@pytest.mark.parametrize(("token", "message"), [
    ("2026-H3", "统计期间格式不正确"),
    ("2027-01", "所选统计期间“2027年1月”尚未开始"),
    ("2027", "所选统计期间“2027年”尚未开始"),
    ("2026-13", "月份应为1至12"),
    ("2026-11-05", "统计期间格式不正确"),
])
def test_a_future_or_malformed_period_is_refused_in_chinese(token, message):
    with pytest.raises(ValidationFailed) as exc:
        selectors.period_parse(token, today=dt.date(2026, 12, 1))
    assert message in exc.value.message


# --- pages and files ---------------------------------------------------------------------------------------------------

def test_page_previews_the_users_own_org_last_month_by_default(personas, login):
    page = login(personas.supervisor).get("/reports/")
    assert page.status_code == 200
    report = page.context["report"]
    assert report.org == personas.county and report.period == selectors.default_period(TODAY)
    body = page.content.decode()
    assert "填报单位：红山区司法局" in body and "西屯街道司法所" in body and "合计" in body


def test_the_dispute_type_table_continues_in_pieces_on_the_page_as_in_the_word_file(personas, login):
    """A 1366 px screen holds sixteen figures: the dispute-type table (three for each type) continues in 续表, each
    piece with every unit row and the 合计 row; together the pieces show each column once, in order."""
    _build(personas)
    page = login(personas.supervisor).get(f"/reports/mediation_category/{personas.county.code}/{Y}/")
    report, parts = page.context["report"], page.context["parts"]
    assert len(parts) == len(column_chunks(report.columns)) > 1
    assert [p["caption"] for p in parts] == ["", *(f"（续表{n}）" for n in range(1, len(parts)))]
    assert sum(p["width"] - 1 for p in parts) == len(report.columns)
    assert all(p["width"] - 1 <= DOCX_MAX_COLUMNS for p in parts)
    shown = [text for p in parts for text in p["total"]]
    assert shown == report.total.texts
    for row in report.rows:
        assert [t for p in parts for r, texts in p["rows"] if r.key == row.key for t in texts] == row.texts
    body = page.content.decode()
    assert body.count('data-testid="report-table"') == len(parts) and body.count('<tr data-row="total">') == len(parts)
    assert "（续表1）" in body and body.count(">西屯街道司法所</td>") == len(parts)
    # 邻里纠纷 heads three columns in one piece; the office's figures sit under it.
    office = next(r for r in report.rows if r.label == "西屯街道司法所")
    piece = next(p for p in parts if any(h["label"] == "邻里纠纷" for h in p["header_top"]))
    texts = next(t for r, t in piece["rows"] if r.key == office.key)
    at = sum(h["colspan"] for h in piece["header_top"][:[h["label"] for h in piece["header_top"]].index("邻里纠纷")])
    assert texts[at:at + 2] == ["2", "1"]  # 受理 2, 调解成功 1
    # A table of sixteen figures or fewer is one table, as before.
    work = login(personas.supervisor).get(f"/reports/mediation_work/{personas.county.code}/{Y}/")
    assert len(work.context["parts"]) == 1 and "续表" not in work.content.decode()


def test_choice_form_goes_to_the_table_address(personas, login):
    page = login(personas.supervisor).get("/reports/", {"table": "consultation", "org": personas.office.code,
                                                         "kind": "quarter", "year": Y, "quarter": 2})
    assert page.status_code == 302 and page["Location"] == f"/reports/consultation/{personas.office.code}/{Y}-Q2/"


def test_choice_form_offers_the_half_year(personas, login):
    c = login(personas.supervisor)
    page = c.get("/reports/", {"table": "consultation", "org": personas.office.code, "kind": "half", "year": Y, "half": 1})
    assert page.status_code == 302 and page["Location"] == f"/reports/consultation/{personas.office.code}/{Y}-H1/"
    missing = c.get("/reports/", {"table": "consultation", "org": personas.office.code, "kind": "half", "year": Y})
    assert missing.status_code == 200 and "半年报请选择上半年或下半年" in missing.content.decode()
    table = c.get(f"/reports/consultation/{personas.office.code}/{Y}-H1/")
    assert table.status_code == 200 and f"{Y}年上半年" in table.content.decode()


def test_choice_of_a_future_period_shows_what_to_correct(personas, login):
    page = login(personas.supervisor).get("/reports/", {"table": "consultation", "org": personas.county.code,
                                                         "kind": "month", "year": TODAY.year + 1, "month": 1})
    assert page.status_code == 200 and page.context["report"] is None
    assert f"所选统计期间“{TODAY.year + 1}年1月”尚未开始" in page.content.decode()


def test_future_period_address_is_a_clear_error(personas, login):
    page = login(personas.supervisor).get(f"/reports/mediation_work/{personas.county.code}/{TODAY.year + 1}/")
    assert page.status_code == 400 and "尚未开始" in page.content.decode()


def test_excel_file_has_the_standard_header_and_the_numbers(personas, login):
    _build(personas)
    response = login(personas.supervisor).get(f"/reports/mediation_work/{personas.county.code}/{Y}/xlsx/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    ws = load_workbook(BytesIO(response.content)).active
    cells = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert cells[0][0] == "人民调解工作统计表"
    assert cells[1][0] == f"填报单位：红山区司法局　　统计期间：{Y}年（{Y}-01-01至{Y}-12-31）"
    assert cells[2][0] == f"填报人：王股长　　填报日期：{TODAY.year}年{TODAY.month:02d}月{TODAY.day:02d}日"
    headers = cells[3] + cells[4]
    assert "受理数" in headers and "人民调解员（人）" in headers and "书面协议" in headers
    by_label = {row[0]: row for row in cells[5:] if row[0]}
    report = _report(personas.supervisor, "mediation_work", personas.county)
    accepted = 1 + [c.key for c in report.columns].index("accepted")
    amount = 1 + [c.key for c in report.columns].index("amount")
    assert by_label["西屯街道司法所"][accepted] == 4 and by_label["西屯街道司法所"][amount] == 7000
    assert by_label["合计"][accepted] == 6
    assert any(str(row[0]).startswith("1. 受理数按受理日期统计") for row in cells if row[0])


def test_excel_total_row_carries_every_module_in_use_as_a_number(personas, login):
    response = login(personas.supervisor).get(f"/reports/overview/{personas.county.code}/{Y}/xlsx/")
    ws = load_workbook(BytesIO(response.content)).active
    total = next(row for row in ws.iter_rows(values_only=True) if row[0] == "合计")
    assert "不适用" not in total and 0 in total


def test_word_file_is_a_landscape_table_with_header_and_total(personas, login):
    _build(personas)
    response = login(personas.supervisor).get(f"/reports/mediation_work/{personas.county.code}/{Y}/docx/")
    assert response.status_code == 200
    doc = Document(BytesIO(response.content))
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "人民调解工作统计表" in text and "填报单位：红山区司法局" in text and "填报人：王股长" in text
    table = doc.tables[0]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows}
    assert rows["合计"][1 + [c.key for c in _report(personas.supervisor, "mediation_work", personas.county).columns]
                        .index("accepted")] == "6"


def test_word_splits_a_table_wider_than_a_page_into_continuations(personas):
    _build(personas)
    report = _report(personas.supervisor, "mediation_category", personas.county)
    chunks = column_chunks(report.columns)
    assert len(chunks) > 1 and all(len(c) <= DOCX_MAX_COLUMNS for c in chunks)
    assert sorted(i for c in chunks for i in c) == list(range(len(report.columns)))
    doc = Document(BytesIO(report_docx(report)))
    assert len(doc.tables) == len(chunks)
    assert all(t.rows[-1].cells[0].text == "合计" for t in doc.tables)
    assert load_workbook(BytesIO(report_xlsx(report))).active.max_column == len(report.columns) + 1


def test_downloads_are_audited(personas, login):
    from core.models import AuditEvent

    login(personas.owner).get(f"/reports/consultation/{personas.office.code}/{Y}/xlsx/")
    event = AuditEvent.objects.get(action="export")
    assert "法律咨询统计表" in event.summary and event.org_id == personas.office.pk


# --- scope -------------------------------------------------------------------------------------------------------------

def test_county_may_choose_only_its_own_subtree(personas, login):
    c = login(personas.supervisor)
    assert c.get(f"/reports/mediation_work/{personas.other_county.code}/{Y}/").status_code == 404
    assert c.get(f"/reports/mediation_work/{personas.other_office.code}/{Y}/xlsx/").status_code == 404
    assert c.get(f"/reports/mediation_work/{personas.city.code}/{Y}/").status_code == 404
    choices = [code for code, _ in c.get("/reports/").context["form"].fields["org"].choices]
    assert choices == [personas.county.code, personas.office.code, personas.sibling_office.code]


def test_office_sees_only_its_own_org(personas, login):
    c = login(personas.owner)
    assert [code for code, _ in c.get("/reports/").context["form"].fields["org"].choices] == [personas.office.code]
    assert c.get(f"/reports/mediation_work/{personas.county.code}/{Y}/").status_code == 404
    assert c.get(f"/reports/mediation_work/{personas.sibling_office.code}/{Y}/docx/").status_code == 404
    assert c.get(f"/reports/mediation_work/{personas.office.code}/{Y}/").status_code == 200


def test_a_choice_outside_the_scope_is_a_form_error_not_a_report(personas, login):
    page = login(personas.owner).get("/reports/", {"table": "overview", "org": personas.county.code, "kind": "year",
                                                    "year": Y})
    assert page.status_code == 200 and page.context["report"] is None and "org" in page.context["form"].errors


def test_unknown_table_is_404(personas, login):
    assert login(personas.owner).get(f"/reports/nosuch/{personas.office.code}/{Y}/").status_code == 404


def test_report_page_query_count_does_not_grow_with_records(personas, login):
    c = login(personas.sysadmin)
    url = f"/reports/mediation_work/{personas.city.code}/{Y}/"
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        c.get(url)
    _build(personas)
    with CaptureQueriesContext(connection) as many:
        c.get(url)
    assert len(many) == len(few)
