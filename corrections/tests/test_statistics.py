"""社区矫正 statistics: the 社区矫正统计表 (在册 by type, sex and minors; 新接收, 解除, 终止, 漏管; 调查评估 and the on-time
rate) and the dashboard figures with their drill-down records; the 千分制 items K05 and N02 score from the ledger."""

from __future__ import annotations

import datetime as dt

import pytest

from core.testing import valid_id_number
from corrections import investigations as inv_svc
from corrections.services import subject_receive, subject_release
from corrections.tests import factories
from people.services import PersonInput

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _report(user, org):
    from reports.registry import table_get
    from reports.selectors import period_make, report_build

    period = period_make("year", TODAY.year, 0, today=TODAY)
    return report_build(user, table=table_get("corrections_register"), org=org, period=period, prepared_on=TODAY)


def test_register_table_by_type_sex_minor_and_investigations(personas):
    factories.subject(personas, name="刘建军")
    birth = TODAY.replace(year=TODAY.year - 17)
    subject_receive(actor=personas.owner, org=personas.office,
                    person=PersonInput(name="陈小红", id_number=valid_id_number(birth=f"{birth:%Y%m%d}", seq="322")),
                    data=factories.data())
    ended = factories.subject(personas, name="赵丽")
    subject_release(actor=personas.owner, subject=ended, reason="death", date=TODAY)
    factories.issued(personas, name="孙海涛")
    late = factories.investigation(personas, name="钱晓峰", received=TODAY - dt.timedelta(days=40))
    inv_svc.investigation_issue(actor=personas.owner, investigation=late, findings="住所固定。", opinion="suitable", reasons="悔罪。",
                                date=TODAY)
    report = _report(personas.supervisor, personas.county)
    columns = [c.key for c in report.columns]
    row = dict(zip(columns, report.total.texts, strict=True))
    from corrections.models import Subject

    women = Subject.objects.filter(status="in_correction", person__sex="2").count()
    assert row["in_register"] == "2" and row["type.probation"] == "2" and row["minor"] == "1"
    assert (row["sex.female"], int(row["sex.male"]) + int(row["sex.female"])) == (str(women), 2)
    assert row["received"] == "3" and row["terminated"] == "1" and row["discharged"] == "0"
    assert row["investigations"] == "2" and row["investigations_on_time"] == "1" and "50" in row["investigations_rate"]


def test_dashboard_figures_are_connected_and_drill_down(personas):
    from dashboard.figures import FIGURES, figure_connected
    from dashboard.selectors import figure_records

    for key in ("corrections.discharged", "corrections.terminated", "corrections.expected", "corrections.missing",
                "corrections.investigations", "corrections.investigations_on_time", "corrections.investigations_overdue"):
        group, figure = FIGURES[key]
        assert figure_connected(group, figure), key
    factories.issued(personas, name="孙海涛")
    group, figure = FIGURES["corrections.investigations_on_time"]
    records = figure_records(personas.supervisor, personas.county, figure, (TODAY - dt.timedelta(days=30), TODAY))
    assert [r.person.name for r in records] == ["孙海涛"]


def test_assessment_items_for_investigations_are_connected(personas):
    from assessment.models import StandardItem

    items = StandardItem.objects.filter(code__in=["K05", "N02", "B12", "I04", "N01"])
    from core.ledger import EVENT_TYPES

    for item in items:
        assert all(code in EVENT_TYPES for code in item.event_types), item.code


@pytest.mark.parametrize("url", ["/corrections/investigations/", "/corrections/arrivals/", "/corrections/"])
def test_list_queries_do_not_grow_with_rows(personas, login, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = login(personas.supervisor)

    def make(n: int, offset: int) -> None:
        for i in range(n):
            name = f"测试{offset + i}号"
            factories.investigation(personas, name=name)
            factories.arrival(personas, name=name)
            factories.subject(personas, name=name)

    make(1, 0)
    c.get(url)  # the first request of a session reads what later ones find cached (menu, grants)
    with CaptureQueriesContext(connection) as one:
        assert c.get(url).status_code == 200
    make(9, 1)
    with CaptureQueriesContext(connection) as ten:
        assert c.get(url).status_code == 200
    assert len(ten.captured_queries) == len(one.captured_queries)
