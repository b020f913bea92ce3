"""The 数据驾驶舱's 社区矫正 group beyond the register: subjects by current management level and the level changes of
the period; check-ins done against due with their rate; 脱管 now and its rate; 电子定位 and 越界报警 of the period.
Every count opens exactly the records it counts, inside the viewer's scope (office, county, outsider); a rate whose
denominator is zero is shown as — (无分母), never as 0%."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from corrections import duties
from corrections.models import Obligation, months_after
from corrections.plans import grade_adjust
from corrections.services import subject_receive
from corrections.tests import factories
from dashboard.selectors import board

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


def _period() -> tuple[dt.date, dt.date]:
    return _today() - dt.timedelta(days=25), _today() + dt.timedelta(days=25)


def _started(p: Any, name: str, *, org: Any = None, actor: Any = None) -> Any:
    start = _today() - dt.timedelta(days=40)
    return subject_receive(actor=actor or p.owner, org=org or p.office, person=factories.person(name),
                           data=factories.data(effective_date=start, start_date=start, reported_date=start + dt.timedelta(days=1),
                                               end_date=months_after(start, 12) - dt.timedelta(days=1)))


@pytest.fixture
def world(personas: Any) -> Any:
    """In the office: 刘建军 with weekly reports (two of four due done), graded 普管 then 严管, under 电子定位 with one
    越界报警; 周丽 out of contact since five days ago. In another county: 冯外县, graded 宽管, also out of contact."""
    p, today = personas, _today()
    liu = _started(p, "刘建军")
    duties.obligations_schedule(actor=p.owner, subject=liu, start=today - dt.timedelta(days=21), end=today + dt.timedelta(days=10),
                                measures=[{"kind": "report", "title": "每周报到", "frequency": "weekly"}])
    duties.obligations_sweep(today=today)  # the three past weeks go 未履行
    first = liu.obligations.order_by("due_date").first()
    duties.obligation_fulfil(actor=p.owner, obligation=first, date=first.window_start, note="到所报到，补登")
    duties.checkin_record(subject=liu, latitude="42.25", longitude="118.88")  # this week's, done today
    grade_adjust(actor=p.owner, subject=liu, level_code="normal", reason="入矫评估为普管", date=today - dt.timedelta(days=30))
    grade_adjust(actor=p.owner, subject=liu, level_code="strict", reason="未按规定报到，从严管理", date=today - dt.timedelta(days=3))
    duties.sanction_decide(actor=p.owner, subject=liu, data=duties.SanctionInput(
        kind="warning", facts="连续两次未按规定报到。", basis="社区矫正法 第二十八条", decision_date=today - dt.timedelta(days=2)))
    duties.monitoring_start(actor=p.owner, subject=liu, data=duties.MonitoringInput(
        trigger="refused_report", facts="拒不报告活动情况，已给予警告。", approver="王局长", approval_date=today - dt.timedelta(days=1),
        start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=60), device="DW-0001"))
    duties.location_alert_receive(data=duties.AlertInput(alert_id="A-1", device="DW-0001", kind="out_of_area", occurred_at=timezone.now()))
    duties.location_alert_receive(data=duties.AlertInput(alert_id="A-2", device="DW-0001", kind="low_battery", occurred_at=timezone.now()))
    zhou = _started(p, "周丽")
    duties.abscond_register(actor=p.owner, subject=zhou, lost_date=today - dt.timedelta(days=5), steps="电话联系不上，走访家属")
    feng = _started(p, "冯外县", org=p.other_office, actor=p.outsider)
    grade_adjust(actor=p.outsider, subject=feng, level_code="lenient", reason="评估风险低，宽管", date=today - dt.timedelta(days=10))
    duties.abscond_register(actor=p.outsider, subject=feng, lost_date=today - dt.timedelta(days=2), steps="电话联系不上")
    return p


def _totals(user: Any, org: Any) -> dict[str, Any]:
    return board(user, org, _period(), today=_today()).totals


def test_the_office_sees_levels_check_ins_absconds_and_positioning(world: Any) -> None:
    office = _totals(world.owner, world.office)
    assert office["corrections.level_strict"] == 1 and office["corrections.level_normal"] == 0
    assert office["corrections.level_lenient"] == 0
    # 周丽 has no grade yet unless reception grades at once; whatever reception does, the levels add up to 在矫.
    assert sum(office[f"corrections.level_{c}"] for c in ("strict", "normal", "lenient", "none")) == office["corrections.in_correction"] == 2
    assert office["corrections.level_changes"] == 1  # 普管 → 严管; the first grading is not a change
    assert office["corrections.checkins_due"] == 4 and office["corrections.checkins_done"] == 2  # the week still open is not due
    assert office["corrections.checkin_rate"] == Decimal("50.0")
    assert office["corrections.absconded"] == 1 and office["corrections.abscond_rate"] == Decimal("50.0")
    assert office["corrections.monitored"] == 1 and office["corrections.out_of_area"] == 1  # the low-battery alert is not 越界


def test_the_county_adds_up_its_offices_and_the_outsider_sees_only_its_own(world: Any) -> None:
    county = board(world.supervisor, world.county, _period(), today=_today())
    assert county.totals["corrections.absconded"] == 1 and county.totals["corrections.level_lenient"] == 0
    row = next(r for r in county.rows if r.org == world.office)
    assert row.values["corrections.checkin_rate"] == Decimal("50.0") and row.values["corrections.monitored"] == 1
    outsider = _totals(world.outsider, world.other_office)
    assert outsider["corrections.level_lenient"] == 1 and outsider["corrections.absconded"] == 1
    assert outsider["corrections.monitored"] == 0 and outsider["corrections.out_of_area"] == 0
    assert outsider["corrections.checkins_due"] == 0
    assert outsider["corrections.checkin_rate"] is None  # 无分母: nothing was due, so no rate (not 0%)
    assert outsider["corrections.abscond_rate"] == Decimal("100.0")
    city = _totals(world.sysadmin, world.city)
    assert city["corrections.absconded"] == 2 and city["corrections.level_lenient"] == 1


def test_a_rate_without_denominator_shows_a_dash_and_has_no_drill_down(world: Any, login: Any) -> None:
    Obligation.objects.all().delete()
    view = board(world.owner, world.office, _period(), today=_today())
    cell = next(c for g in view.groups for c in g.cells if c.figure.key == "corrections.checkin_rate")
    assert cell.value is None and cell.text == "—" and cell.title == "无分母" and cell.url == ""
    rate = reverse("dashboard:records", kwargs={"code": world.office.code, "figure": "corrections.checkin_rate"})
    assert login(world.owner).get(rate).status_code == 404


@pytest.mark.parametrize(("figure", "shown", "hidden"), [
    ("corrections.level_strict", ["刘建军"], ["周丽", "冯外县"]),
    ("corrections.level_changes", ["普管→严管"], ["冯外县"]),
    ("corrections.checkins_due", ["未履行", "已履行"], ["冯外县"]),
    ("corrections.checkins_done", ["已履行"], ["未履行"]),
    ("corrections.absconded", ["周丽"], ["冯外县", "刘建军"]),
    ("corrections.monitored", ["刘建军"], ["周丽"]),
    ("corrections.out_of_area", ["越界"], ["电量不足"]),
])
def test_each_figure_opens_its_records_for_office_and_county_not_for_the_outsider(world: Any, login: Any, figure: str, shown: list[str],
                                                                                   hidden: list[str]) -> None:
    period = _period()
    query = {"period": "custom", "date_from": period[0].isoformat(), "date_to": period[1].isoformat()}
    for user, org in ((world.owner, world.office), (world.supervisor, world.county)):
        url = reverse("dashboard:records", kwargs={"code": org.code, "figure": figure})
        html = login(user).get(url, query).content.decode()
        assert all(s in html for s in shown), (figure, html[-3000:])
        assert not any(h in html for h in hidden), figure
    outsider = reverse("dashboard:records", kwargs={"code": world.office.code, "figure": figure})
    assert login(world.outsider).get(outsider, query).status_code == 404
