"""社区矫正对象统计表: per unit, the subjects in the register at the period's end, received and released in it; the
综合统计表's 社区矫正 column is its 期末在册 (a live module reports its figures, never 不适用)."""

from __future__ import annotations

import datetime as dt

import pytest

from corrections.models import months_after
from corrections.services import subject_receive, subject_release
from corrections.tests import factories
from reports import selectors
from reports.registry import table_get

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _rows(user, code, org, token=str(TODAY.year)):  # type: ignore[no-untyped-def]
    period = selectors.period_parse(token, today=TODAY)
    report = selectors.report_build(user, table=table_get(code), org=org, period=period, prepared_on=TODAY)
    return {row.label: row.values for row in report.rows}, report.total.values


def test_register_counts_the_subjects_and_the_overview_borrows_it(personas):
    factories.subject(personas, name="刘建军")
    factories.subject(personas, name="陈国平")
    start = TODAY - dt.timedelta(days=400)
    ended = factories.subject(personas, name="孙已解", effective_date=start, start_date=start, reported_date=start + dt.timedelta(days=3),
                              end_date=months_after(start, 12) - dt.timedelta(days=1))
    subject_release(actor=personas.owner, subject=ended, reason="expiry", date=months_after(start, 12) - dt.timedelta(days=1))
    subject_receive(actor=personas.outsider, org=personas.other_office, person=factories.person("冯外县"), data=factories.data())

    rows, total = _rows(personas.supervisor, "corrections_register", personas.county)
    assert rows["西屯街道司法所"]["in_register"] == 2 and rows["三中街街道司法所"]["in_register"] == 0
    assert total["in_register"] == 2  # 孙已解 was released; 冯外县 is another county's
    overview, overview_total = _rows(personas.supervisor, "overview", personas.county)
    assert overview["西屯街道司法所"]["corrections_register.in_register"] == 2
    assert overview_total["corrections_register.in_register"] == 2
    assert overview_total["resettlement_register.in_register"] == 0  # 安置帮教 is in use; nobody on its register
    outsider, _ = _rows(personas.outsider, "corrections_register", personas.other_county)
    assert "西屯街道司法所" not in outsider


def test_a_subject_released_in_the_period_is_not_in_the_register_at_its_end(personas):
    start = TODAY - dt.timedelta(days=400)
    end = months_after(start, 12) - dt.timedelta(days=1)
    subject = factories.subject(personas, name="孙已解", effective_date=start, start_date=start, reported_date=start + dt.timedelta(days=3),
                                end_date=end)
    subject_release(actor=personas.owner, subject=subject, reason="expiry", date=end)
    _, total = _rows(personas.owner, "corrections_register", personas.office, f"{end.year}-{end.month:02d}")
    assert total["discharged"] == 1 and total["in_register"] == 0
    before = end - dt.timedelta(days=40)
    _, total = _rows(personas.owner, "corrections_register", personas.office, f"{before.year}-{before.month:02d}")
    assert total["in_register"] == 1 and total["discharged"] == 0


def test_new_crimes_and_breaches_count_once_per_person_and_give_the_reoffence_rate(personas):
    from corrections.reoffences import ReoffenceInput, reoffence_record

    thief = factories.subject(personas, name="韩立新")
    brawler = factories.subject(personas, name="刘建军")
    factories.subject(personas, name="陈国平")
    factories.subject(personas, name="周丽")
    day = TODAY - dt.timedelta(days=1)
    for subject, nature in ((thief, "crime"), (thief, "crime"), (brawler, "illegal")):
        reoffence_record(actor=personas.owner, subject=subject, data=ReoffenceInput(
            discovered_date=day, nature=nature, description="盗窃或殴打他人", authority="赤峰市公安局红山区分局"))
    rows, total = _rows(personas.supervisor, "corrections_register", personas.county, f"{day.year}")
    office = rows["西屯街道司法所"]
    assert (office["served"], office["reoffended"], office["reoffended_illegal"]) == (4, 1, 1)
    assert total["reoffence_rate"] == 25.0  # one new crime among four under correction
    outsider, _ = _rows(personas.outsider, "corrections_register", personas.other_county, f"{day.year}")
    assert "西屯街道司法所" not in outsider
