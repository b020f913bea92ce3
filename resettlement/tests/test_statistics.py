"""安置帮教 downstream: the demo runs through the services; the dashboard group and the statistics table equal direct
counts over the records (rates included), in the viewer's scope; the 考核 items for 安置帮教 are connected."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from faker import Faker

from core.demo import DemoContext
from core.models import Deadline, WorkEvent
from dashboard.selectors import board
from reports.registry import NOT_APPLICABLE
from resettlement import services
from resettlement.models import Released
from resettlement.tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_demo_people_run_through_the_services(personas: Any) -> None:
    from resettlement.demo import seed_released

    faker = Faker("zh_CN")
    faker.seed_instance(7)
    ctx = DemoContext(rng=random.Random(7), faker=faker, scale="city", offices=[personas.office], committees={}, villages={},
                      office_users={personas.office.pk: [personas.head, personas.owner]}, out=lambda line: None, today=TODAY)
    assert seed_released(ctx, office=personas.office, users=[personas.head, personas.owner], count=25) == 25
    rows = list(Released.objects.all())
    assert len(rows) == 25 and {r.status for r in rows} >= {"active"}
    assert all(r.period_end > r.release_date for r in rows)
    received = [r for r in rows if r.returned_date]
    assert all(r.handover_method == "collected" for r in received if r.key_subject)
    assert WorkEvent.objects.filter(event_type="resettlement.visit").count() >= len(received)
    from resettlement.models import GroupMember, PointsEntry

    assert GroupMember.objects.exists() and PointsEntry.objects.exists()
    assert WorkEvent.objects.filter(event_type="resettlement.handover").count() == len(received)
    # Every active person has exactly one open visit clock or a period ending before it would fall due.
    for r in rows:
        if r.status == "active":
            assert Deadline.objects.filter(kind="resettlement.visit", object_id=str(r.pk), status="open").count() <= 1


@pytest.fixture
def register(personas: Any, django_capture_on_commit_callbacks: Any) -> Any:
    with django_capture_on_commit_callbacks(execute=True):
        a = factories.received(personas, name="孙海涛", release_date=TODAY - dt.timedelta(days=3), day=TODAY - dt.timedelta(days=2))
        services.assistance_record(actor=personas.owner, released=a, date=TODAY, kind="employment", content="砖厂务工")
        key = factories.released(personas, name="周立强", release_date=TODAY - dt.timedelta(days=2), key_subject=True, key_ground="涉毒")
        services.handover_record(actor=personas.owner, released=key, date=TODAY - dt.timedelta(days=2), method="collected",
                                 collected_by="李所长")
        factories.released(personas, name="吴未归", release_date=TODAY - dt.timedelta(days=1))
        c = factories.received(personas, name="郑再犯", release_date=TODAY - dt.timedelta(days=3), day=TODAY - dt.timedelta(days=2))
        services.released_end(actor=personas.owner, released=c, reason="reoffended", date=TODAY, reoffence="盗窃罪")
        factories.released(personas, org=personas.other_office, actor=personas.outsider, name="冯外县",
                           release_date=TODAY - dt.timedelta(days=1))
    return personas


def _period() -> tuple[dt.date, dt.date]:
    return (TODAY - dt.timedelta(days=29), TODAY)


def test_the_dashboard_group_counts_the_records(register: Any) -> None:
    county = board(register.supervisor, register.county, _period(), today=TODAY)
    group = next(g for g in county.groups if g.group.key == "resettlement")
    assert group.connected
    direct = Released.objects.filter(org__path__startswith=register.county.path)
    assert county.totals["resettlement.on_register"] == direct.filter(status="active").count() == 2
    assert county.totals["resettlement.released"] == direct.filter(release_date__range=_period()).count() == 4
    assert county.totals["resettlement.handover"] == direct.exclude(returned_date=None).count() == 3
    assert county.totals["resettlement.reoffended"] == 1
    url = reverse("dashboard:records", kwargs={"code": register.county.code, "figure": "resettlement.on_register"})
    from django.test import Client

    client = Client()
    client.force_login(register.supervisor)
    html = client.get(url).content.decode()
    assert "孙海涛" in html and "周立强" in html and "郑再犯" not in html and "冯外县" not in html


def test_the_dashboard_rates_equal_direct_counts_and_drill_down(register: Any) -> None:
    from decimal import Decimal

    from django.test import Client

    from resettlement.models import GroupMember

    r = Released.objects.get(person__name="孙海涛")
    services.group_member_add(actor=register.owner, released=r, name="李村主任", role="cadre", task="帮助联系就业")
    county = board(register.supervisor, register.county, _period(), today=TODAY)
    direct = Released.objects.filter(org__path__startswith=register.county.path)
    released = direct.filter(release_date__range=_period())
    on_register = direct.filter(status="active")

    def pct(n: int, d: int) -> Decimal:
        return (Decimal(n) * 100 / d).quantize(Decimal("0.1"))

    expected = {
        "resettlement.connection_rate": pct(released.exclude(returned_date=None).count(), released.count()),
        "resettlement.collection_rate": pct(released.filter(key_subject=True, handover_method="collected").count(),
                                            released.filter(key_subject=True).count()),
        "resettlement.placement_rate": pct(on_register.filter(placed=True).count(), on_register.count()),
        "resettlement.support_rate": pct(GroupMember.objects.filter(released__in=on_register).values("released").distinct().count(),
                                         on_register.count()),
        "resettlement.reoffence_rate": pct(direct.filter(end_reason="reoffended", ended_date__range=_period()).count(),
                                           on_register.count()),
    }
    assert {k: county.totals[k] for k in expected} == expected
    assert expected["resettlement.connection_rate"] == Decimal("75.0") and expected["resettlement.placement_rate"] == Decimal("50.0")
    office_row = next(row for row in county.rows if row.org == register.office)
    assert office_row.values["resettlement.support_rate"] == Decimal("50.0")
    group = next(g for g in county.groups if g.group.key == "resettlement")
    cell = next(c for c in group.cells if c.figure.key == "resettlement.connection_rate")
    assert cell.text == "75.0" and cell.unit == "%" and cell.url
    client = Client()
    client.force_login(register.supervisor)
    html = client.get(cell.url).content.decode()
    assert "孙海涛" in html and "周立强" in html and "吴未归" not in html and "冯外县" not in html
    # 必接必送率: the 重点帮教对象 released in the period and collected at the gate, over those released.
    cell = next(c for c in group.cells if c.figure.key == "resettlement.collection_rate")
    assert cell.text == "100.0" and cell.url
    html = client.get(cell.url).content.decode()
    assert "周立强" in html and "孙海涛" not in html and "冯外县" not in html
    # Another county with nobody released: no denominator, shown as — (无分母), never as 0%.
    other = board(register.sysadmin, register.other_county, _period(), today=TODAY)
    rate = next(c for g in other.groups for c in g.cells if c.figure.key == "resettlement.placement_rate")
    assert rate.value is None and rate.text == "—" and rate.title == "无分母"


def test_the_statistics_table_rates_equal_direct_counts(register: Any) -> None:
    from reports import selectors
    from reports.registry import table_get

    period = selectors.period_parse(f"{TODAY.year}-{TODAY.month:02d}", today=TODAY)
    report = selectors.report_build(register.supervisor, table=table_get("resettlement_register"), org=register.county,
                                    period=period, prepared_on=TODAY)
    total = report.total.values
    mine = Released.objects.filter(org=register.office)
    in_period = mine.filter(release_date__range=(period.start, period.end))
    expected = {
        "in_register": mine.filter(status="active").count(),
        "released": in_period.count(),
        "connected": in_period.exclude(returned_date=None).count(),
        "key_released": in_period.filter(key_subject=True).count(),
        "key_collected": in_period.filter(key_subject=True, handover_method="collected").count(),
        "placed": mine.filter(status="active", placed=True).count(),
        "reoffended": mine.filter(end_reason="reoffended", ended_date__range=(period.start, period.end)).count(),
    }
    assert {k: total[k] for k in expected} == expected
    assert expected["in_register"] == 2 and expected["placed"] == 1 and expected["reoffended"] == 1
    for rate, (num, den) in {"connection_rate": ("connected", "released"), "placement_rate": ("placed", "in_register"),
                             "reoffence_rate": ("reoffended", "in_register")}.items():
        value = total[rate]
        if expected[den]:
            assert float(value) == pytest.approx(expected[num] / expected[den], abs=1e-3) or \
                float(value) == pytest.approx(100 * expected[num] / expected[den], abs=0.1), rate
    assert NOT_APPLICABLE not in total.values()
    overview = selectors.report_build(register.supervisor, table=table_get("overview"), org=register.county, period=period,
                                      prepared_on=TODAY)
    assert overview.total.values["resettlement_register.in_register"] == 2


def test_the_statistics_table_has_the_half_yearly_form(register: Any) -> None:
    """The office reports 安置帮教 half-yearly (by 7月2日 and 次年2月2日): the table for this half-year counts the same
    records as a direct query over its dates."""
    from reports import selectors
    from reports.registry import table_get

    half = 1 if TODAY.month <= 6 else 2
    period = selectors.period_parse(f"{TODAY.year}-H{half}", today=TODAY)
    assert period.kind == "half" and period.start == dt.date(TODAY.year, 1 if half == 1 else 7, 1)
    report = selectors.report_build(register.supervisor, table=table_get("resettlement_register"), org=register.county,
                                    period=period, prepared_on=TODAY)
    mine = Released.objects.filter(org=register.office)
    in_period = mine.filter(release_date__range=(period.start, period.end))
    total = report.total.values
    assert (total["released"], total["connected"], total["in_register"]) == (
        in_period.count(), in_period.exclude(returned_date=None).count(), mine.filter(status="active").count())
    assert total["reoffended"] == mine.filter(end_reason="reoffended", ended_date__range=(period.start, period.end)).count()


def test_the_assessment_items_of_resettlement_are_connected() -> None:
    from core.ledger import EVENT_TYPES

    for code in ("resettlement.file_created", "resettlement.handover", "resettlement.assisted", "resettlement.visit",
                 "resettlement.screening", "resettlement.lost_contact"):
        assert code in EVENT_TYPES, code
