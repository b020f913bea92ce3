from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from assessment import periods
from assessment.models import Adjustment, ManualScore, Standard
from assessment.selectors import office_detail, ranking, standard_in_force
from assessment.services import manual_score_record, score_adjust, standard_item_update, standard_new_version, standard_publish
from assessment.walk import _manager
from core.errors import AccessDenied, ValidationFailed
from core.ledger import ledger_record
from core.models import WorkEvent
from mediation.tests import factories
from orgs.models import Org

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
LAST = periods.month(*(lambda d: (d.year, d.month))(TODAY.replace(day=1) - dt.timedelta(days=1)))
NEXT = periods.month(*(lambda d: (d.year, d.month))(TODAY.replace(day=28) + dt.timedelta(days=5)))
HX = {"HTTP_HX_REQUEST": "true"}


def _standard() -> Standard:
    return standard_in_force(LAST.year)[0]


def _item(code: str):  # type: ignore[no-untyped-def]
    return _standard().items.get(code=code)


def _events(office: Org, actor, event_type: str, n: int, day: dt.date | None = None) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        ledger_record(org=office, actor=actor, event_type=event_type, date=day or LAST.start + dt.timedelta(days=3))


def _detail_url(office: Org, period: periods.Period = LAST) -> str:
    return f"/assessment/offices/{office.code}/?period={period.code}"


# ---------------------------------------------------------------- the standard

def test_standard_page_shows_six_parts_with_computed_shares(personas, login):
    page = login(personas.owner).get(f"/assessment/standards/{_standard().pk}/")
    body = page.content.decode()
    for label in ("基础性工作", "制度性工作", "重点性工作", "日常性工作", "业绩突出工作", "负面清单"):
        assert label in body
    parts = {p.code: p for p in page.context["parts"]}
    assert sum(p.points for c, p in parts.items() if c != "negative") == 1000
    assert parts["basic"].share == (parts["basic"].points / 10).quantize(Decimal("0.1"))
    assert parts["negative"].share is None
    assert "按台账“登记矛盾纠纷”计数，每月目标3件" in body and "由县级以上司法局检查评分" in body
    assert "新建版本" not in body  # office staff may read the standard, not maintain it


def test_publishing_a_standard_that_does_not_sum_to_1000_is_refused_and_nothing_is_saved(personas, login):
    _manager(personas)
    c = login(personas.owner)
    r = c.post(f"/assessment/standards/{_standard().pk}/new-version/", {"year": str(LAST.year + 1)})
    draft = Standard.objects.get(year=LAST.year + 1)
    assert r.status_code == 302 and draft.status == "draft" and draft.items.count() == _standard().items.count()
    item = draft.items.get(code="B01")
    r = c.post(f"/assessment/standards/{draft.pk}/items/{item.pk}/edit/", {
        "part": "basic", "name": item.name, "max_points": "20", "rule": "manual", "sort_order": "1"}, **HX)
    assert r.status_code == 204
    r = c.post(f"/assessment/standards/{draft.pk}/publish/", follow=True)
    assert "除负面清单外各项分值合计应为1000分，现为1005分，请调整分值" in r.content.decode()
    assert Standard.objects.get(pk=draft.pk).status == "draft"
    # Fixing the points makes it publishable; once published it is frozen.
    standard_item_update(actor=personas.owner, item=draft.items.get(code="B01"), data={"max_points": Decimal(15)})
    c.post(f"/assessment/standards/{draft.pk}/publish/")
    assert Standard.objects.get(pk=draft.pk).status == "published"
    with pytest.raises(ValidationFailed, match="已发布的考核标准不能修改"):
        standard_item_update(actor=personas.owner, item=draft.items.get(code="B01"), data={"max_points": Decimal(10)})


def test_only_standard_managers_maintain_the_standard(personas):
    with pytest.raises(AccessDenied, match="维护考核标准"):
        standard_new_version(actor=personas.supervisor, source=_standard(), year=LAST.year + 1)
    assert not Standard.objects.filter(year=LAST.year + 1).exists()


def test_a_new_version_of_a_year_already_scored_cannot_be_published(personas):
    manual_score_record(actor=personas.supervisor, office=personas.office, item=_item("B03"), start=LAST.start, end=LAST.end,
                        points=Decimal(10), evidence="委员5人，有女性委员")
    _manager(personas)
    draft = standard_new_version(actor=personas.owner, source=_standard(), year=_standard().year)
    with pytest.raises(ValidationFailed, match="已按现行版本开展了人工评分或复核调整"):
        standard_publish(actor=personas.owner, standard=draft)
    assert Standard.objects.get(pk=draft.pk).status == "draft"


# ---------------------------------------------------------------- reviewers' scores

def test_manual_score_above_the_items_maximum_is_refused_and_nothing_saved(personas, login):
    item = _item("B03")  # 15 points
    url = f"/assessment/offices/{personas.office.code}/items/{item.pk}/score/?period={LAST.code}"
    r = login(personas.supervisor).post(url, {"points": "16", "evidence": "实地检查"}, **HX)
    assert r.status_code == 422
    assert "B03 满分（最多扣）15分，填写的16分超出上限" in r.content.decode()
    assert not ManualScore.objects.exists()
    r = login(personas.supervisor).post(url, {"points": "15", "evidence": "实地检查：委员5人，女性2人"}, **HX)
    assert r.status_code == 204 and ManualScore.objects.get().points == 15


def test_manual_score_needs_evidence(personas, login):
    item = _item("B03")
    url = f"/assessment/offices/{personas.office.code}/items/{item.pk}/score/?period={LAST.code}"
    r = login(personas.supervisor).post(url, {"points": "10", "evidence": "   "}, **HX)
    assert r.status_code == 422 and "请填写依据和佐证材料" in r.content.decode()
    with pytest.raises(ValidationFailed, match="请填写评分依据和佐证材料"):
        manual_score_record(actor=personas.supervisor, office=personas.office, item=item, start=LAST.start, end=LAST.end,
                            points=Decimal(10), evidence=" \n ")
    assert not ManualScore.objects.exists()


def test_manual_deduction_is_stored_negative_and_automatic_items_cannot_be_scored_by_hand(personas):
    score = manual_score_record(actor=personas.supervisor, office=personas.office, item=_item("N07"), start=LAST.start,
                                end=LAST.end, points=Decimal(4), evidence="抽查发现5个工作日未填报工作日志")
    assert score.points == -4
    with pytest.raises(ValidationFailed, match="由台账自动计分，不能人工评分"):
        manual_score_record(actor=personas.supervisor, office=personas.office, item=_item("B11"), start=LAST.start,
                            end=LAST.end, points=Decimal(4), evidence="x")


def test_adjustment_needs_a_reason(personas, login):
    item = _item("B11")
    url = f"/assessment/offices/{personas.office.code}/items/{item.pk}/adjust/?period={LAST.code}"
    r = login(personas.supervisor).post(url, {"delta": "-2", "reason": ""}, **HX)
    assert r.status_code == 422 and "请填写调整理由" in r.content.decode()
    with pytest.raises(ValidationFailed, match="请填写调整理由"):
        score_adjust(actor=personas.supervisor, office=personas.office, item=item, start=LAST.start, end=LAST.end,
                     delta=Decimal(-2), reason="  ")
    assert not Adjustment.objects.exists()


def test_future_period_is_refused_with_a_message_and_nothing_computed_or_saved(personas, login):
    c = login(personas.supervisor)
    for url in (f"/assessment/ranking/?period={NEXT.code}", _detail_url(personas.office, NEXT)):
        with CaptureQueriesContext(connection) as ctx:
            page = c.get(url)
        assert page.status_code == 200
        assert f"考核期{NEXT.label}尚未开始，不能计分" in page.content.decode()
        assert not any("core_workevent" in q["sql"] for q in ctx.captured_queries)
    assert "格式不正确" in c.get("/assessment/ranking/?period=2026-13").content.decode()
    item = _item("B03")
    r = c.post(f"/assessment/offices/{personas.office.code}/items/{item.pk}/score/?period={NEXT.code}",
               {"points": "5", "evidence": "提前评分"}, **HX)
    assert r.status_code == 422 and "考核期尚未开始，不能评分" in r.content.decode()
    with pytest.raises(ValidationFailed, match="尚未开始"):
        score_adjust(actor=personas.supervisor, office=personas.office, item=item, start=NEXT.start, end=NEXT.end,
                     delta=Decimal(1), reason="提前调整")
    assert not ManualScore.objects.exists() and not Adjustment.objects.exists()


# ---------------------------------------------------------------- rankings

def test_rank_ordering_within_the_county_and_the_city(personas, login):
    # B11 aims at 3 a month (prorated by the month's days): 4 gives the full 20 points in any month, 1 about a third.
    _events(personas.office, personas.owner, "mediation.dispute_registered", 4)
    _events(personas.sibling_office, None, "mediation.dispute_registered", 1)
    _events(personas.other_office, personas.outsider, "mediation.dispute_registered", 4)
    result = ranking(personas.supervisor, LAST)
    rows = {r.office.pk: r for r in result.rows}
    assert set(rows) == {personas.office.pk, personas.sibling_office.pk}  # the county sees only its offices
    assert [r.office.pk for r in result.rows] == [personas.office.pk, personas.sibling_office.pk]
    mine, sibling = rows[personas.office.pk], rows[personas.sibling_office.pk]
    assert mine.total == 20 and Decimal(6) < sibling.total < Decimal(7)
    assert (mine.county_rank, mine.county_size) == (1, 2) and (sibling.county_rank, sibling.county_size) == (2, 2)
    # Across the city the other county's office ties with ours: both first, the sibling third.
    assert (mine.city_rank, sibling.city_rank, mine.city_size) == (1, 3, 3)


def test_county_sees_its_offices_and_an_office_sees_its_own_rank_in_its_county(personas, login):
    _events(personas.office, personas.owner, "mediation.dispute_registered", 1)
    _events(personas.sibling_office, None, "mediation.dispute_registered", 3)
    county = login(personas.supervisor).get(f"/assessment/ranking/?period={LAST.code}").content.decode()
    assert personas.office.name in county and personas.sibling_office.name in county and personas.other_office.name not in county
    page = login(personas.owner).get(f"/assessment/ranking/?period={LAST.code}")
    body = page.content.decode()
    assert personas.office.name in body and personas.sibling_office.name not in body
    (row,) = page.context["result"].rows
    assert (row.county_rank, row.county_size) == (2, 2)  # ranked against the sibling it cannot see
    detail = login(personas.owner).get(_detail_url(personas.office)).content.decode()
    assert "红山区司法局内排名" in detail and "第 2 名" in detail


def test_ranking_and_office_detail_show_the_score_out_of_1000(personas, login):
    """千分制: the total reads "20 /1000" in the ranking and on the office's page (the chart labels it the same way)."""
    _events(personas.office, personas.owner, "mediation.dispute_registered", 4)
    c = login(personas.supervisor)
    page = c.get(f"/assessment/ranking/?period={LAST.code}")
    body = page.content.decode()
    totals = re.findall(r'data-testid="ranking-total">(.*?)</td>', body)
    assert len(totals) == 2 and all(re.fullmatch(r'[\d.]+<span class="[^"]+"> /1000</span>', t) for t in totals), totals
    assert totals[0].startswith(f"{page.context['result'].rows[0].total}<") and page.context["result"].rows[0].total == 20
    assert json.loads(page.context["chart"])["full"] == 1000
    detail = c.get(_detail_url(personas.office)).content.decode()
    total = re.search(r'data-testid="office-total">(.*?)</div>', detail)
    assert total and re.fullmatch(r'20(\.0)?<span class="[^"]+"> /1000</span>', total[1]), total


def test_ranking_exports_what_it_shows(personas, login):
    _events(personas.office, personas.owner, "mediation.dispute_registered", 4)
    r = login(personas.supervisor).get(f"/assessment/ranking/?period={LAST.code}&export=xlsx")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("县内排名", "全市排名", "旗县区", "司法所", "总分")
    assert [row[3] for row in rows[1:]] == [personas.office.name, personas.sibling_office.name]
    assert rows[1][4] == 20.0


def test_ranking_runs_a_fixed_number_of_queries_whatever_the_number_of_offices(personas, login):
    c = login(personas.sysadmin)
    _events(personas.office, personas.owner, "mediation.dispute_registered", 2)
    c.get(f"/assessment/ranking/?period={LAST.code}")  # warm the per-process caches (menu, dictionaries)
    with CaptureQueriesContext(connection) as few:
        assert c.get(f"/assessment/ranking/?period={LAST.code}").status_code == 200
    for n in range(8):
        office = Org.objects.add_child(Org.objects.get(pk=personas.county.pk), {  # type: ignore[attr-defined]
            "code": f"15040201{n}", "name": f"测试{n}司法所", "short_name": f"测试{n}", "kind": Org.Kind.OFFICE,
            "region": personas.office.region, "doc_abbr": "测"})
        _events(office, None, "mediation.session", n + 1)
    with CaptureQueriesContext(connection) as many:
        page = c.get(f"/assessment/ranking/?period={LAST.code}")
    assert len(page.context["result"].rows) == 11
    assert len(many.captured_queries) == len(few.captured_queries)


# ---------------------------------------------------------------- 得分明细 and its traces

def test_every_point_of_an_office_score_is_traceable(personas, login):
    d = factories.dispute(personas, received=LAST.start + dt.timedelta(days=1))  # B11 from a real record
    _events(personas.office, personas.owner, "mediation.dispute_registered", 1)
    _events(personas.office, personas.owner, "mediation.session", 3)             # D01: 3 of 4
    _events(personas.office, personas.owner, "mediation.overdue", 2)             # N05: −2 × 2
    _events(personas.office, personas.owner, "mediation.session", 5, day=LAST.end + dt.timedelta(days=1))  # next period
    manual_score_record(actor=personas.supervisor, office=personas.office, item=_item("B03"), start=LAST.start, end=LAST.end,
                        points=Decimal(12), evidence="委员5人，女性2人，有推选记录")
    manual_score_record(actor=personas.supervisor, office=personas.office, item=_item("N07"), start=LAST.start, end=LAST.end,
                        points=Decimal(3), evidence="3个工作日未填工作日志")
    score_adjust(actor=personas.supervisor, office=personas.office, item=_item("B11"), start=LAST.start, end=LAST.end,
                 delta=Decimal(-1), reason="1件纠纷重复登记")
    c = login(personas.supervisor)
    page = c.get(_detail_url(personas.office))
    detail = page.context["detail"]
    score = detail.ranked.score
    # The office's total is exactly the ledger points plus the manual scores and the adjustments listed on the page.
    manual_listed = sum(m.points for m in detail.manual_scores)
    adjusted_listed = sum(a.delta for a in detail.adjustments)
    assert (manual_listed, adjusted_listed) == (Decimal(9), Decimal(-1))
    traced, sources = Decimal(0), set()
    for s in score.items:
        assert s.points == s.auto + s.manual + s.adjustment + s.capped
        assert s.capped == 0
        if s.auto:
            events = c.get(f"/assessment/offices/{personas.office.code}/items/{s.item.pk}/events/?period={LAST.code}")
            assert events.status_code == 200
            counted = sum(r["event"].quantity for r in events.context["rows"] if r["side"] == "numerator")
            assert counted == s.count
            traced += s.auto
            sources.add(s.item.code)
    assert sources == {"B11", "D01", "N05"}  # the entries of the next period are not counted
    assert score.total == traced + manual_listed + adjusted_listed
    body = page.content.decode()
    assert f"＝ <b>{score.total}</b> 分" in body and "委员5人，女性2人，有推选记录" in body and "1件纠纷重复登记" in body
    assert "王股长" in body  # the reviewer
    # From the B11 trace down to the dispute itself.
    trace = c.get(f"/assessment/offices/{personas.office.code}/items/{_item('B11').pk}/events/?period={LAST.code}").content.decode()
    assert f'href="/mediation/disputes/{d.uuid}/"' in trace


def test_a_running_period_prorates_its_targets_to_today(personas):
    _events(personas.office, personas.owner, "mediation.dispute_registered", 1, day=TODAY)
    current = periods.period_current(TODAY)
    score = next(s for s in office_detail(personas.supervisor, personas.office, current).ranked.score.items if s.item.code == "B11")
    days = (TODAY - current.start).days + 1
    target = Decimal(3) * Decimal(days) / Decimal("30.4375")
    assert score.count == 1 and score.auto == min(Decimal(20), (Decimal(20) / target).quantize(Decimal("0.1")))


def test_scores_are_clamped_to_the_items_range_and_the_clamp_is_shown(personas):
    manual_score_record(actor=personas.supervisor, office=personas.office, item=_item("B03"), start=LAST.start, end=LAST.end,
                        points=Decimal(15), evidence="满分")
    score_adjust(actor=personas.supervisor, office=personas.office, item=_item("B03"), start=LAST.start, end=LAST.end,
                 delta=Decimal(3), reason="补充材料加分")
    s = next(s for s in office_detail(personas.supervisor, personas.office, LAST).ranked.score.items if s.item.code == "B03")
    assert (s.manual, s.adjustment, s.capped, s.points) == (15, 3, -3, 15)


# ---------------------------------------------------------------- scope

def test_outsider_gets_404_and_read_only_gets_403_on_writes(personas, login):
    item = _item("B03")
    outsider, readonly = login(personas.outsider), login(personas.readonly)
    assert outsider.get(_detail_url(personas.office)).status_code == 404
    assert outsider.get(f"/assessment/offices/{personas.office.code}/items/{_item('B11').pk}/events/").status_code == 404
    data = {"points": "5", "evidence": "检查"}
    assert outsider.post(f"/assessment/offices/{personas.office.code}/items/{item.pk}/score/", data).status_code == 404
    assert readonly.get(_detail_url(personas.office)).status_code == 200
    assert readonly.post(f"/assessment/offices/{personas.office.code}/items/{item.pk}/score/", data).status_code == 403
    assert readonly.post(f"/assessment/offices/{personas.office.code}/items/{item.pk}/adjust/",
                         {"delta": "1", "reason": "x"}).status_code == 403
    assert readonly.post(f"/assessment/standards/{_standard().pk}/new-version/", {"year": "2030"}).status_code == 403
    # Office staff see their score but do not score themselves.
    assert login(personas.owner).post(f"/assessment/offices/{personas.office.code}/items/{item.pk}/score/", data).status_code == 403
    with pytest.raises(AccessDenied, match="不在您的管理范围内"):
        manual_score_record(actor=personas.supervisor, office=personas.other_office, item=item, start=LAST.start, end=LAST.end,
                            points=Decimal(5), evidence="越权评分")
    assert not ManualScore.objects.exists() and not Adjustment.objects.exists()
    assert WorkEvent.objects.count() == 0


def test_a_manager_edits_a_draft_in_dialogs_and_sees_what_blocks_publishing(personas, login):
    _manager(personas)
    draft = standard_new_version(actor=personas.owner, source=_standard(), year=LAST.year + 1)
    standard_item_update(actor=personas.owner, item=draft.items.get(code="D01"), data={"max_points": Decimal(10)})
    c = login(personas.owner)
    body = c.get(f"/assessment/standards/{draft.pk}/").content.decode()
    assert "新建版本" in body and 'data-testid="btn-publish"' in body and "编辑" in body
    assert "现为" in body and "请调整分值" in body  # the problem is shown before anyone tries to publish
    dialog = c.get(f"/assessment/standards/{draft.pk}/items/{draft.items.get(code='B11').pk}/edit/", **HX).content.decode()
    assert "登记矛盾纠纷（mediation.dispute_registered）" in dialog and 'value="mediation.dispute_registered" selected' in dialog
    published = c.get(f"/assessment/standards/{_standard().pk}/").content.decode()
    assert 'data-testid="btn-publish"' not in published and "/edit/" not in published
    listing = c.get("/assessment/standards/").content.decode()
    assert draft.name in listing and "草稿" in listing


def test_the_city_ranks_all_offices_and_filters_by_county(personas, login):
    _events(personas.office, personas.owner, "mediation.dispute_registered", 1)
    _events(personas.other_office, personas.outsider, "mediation.dispute_registered", 4)
    c = login(personas.sysadmin)
    page = c.get(f"/assessment/ranking/?period={LAST.code}")
    result = page.context["result"]
    assert [r.office.pk for r in result.rows][:2] == [personas.other_office.pk, personas.office.pk]
    assert {cty.code for cty in result.counties} == {personas.county.code, personas.other_county.code}
    assert 'data-testid="ranking-chart"' in page.content.decode()
    county = c.get(f"/assessment/ranking/?period={LAST.code}&county={personas.county.code}").context["result"]
    assert [r.office.pk for r in county.rows] == [personas.office.pk, personas.sibling_office.pk]
    assert [r.county_rank for r in county.rows] == [1, 2] and county.rows[0].city_rank == 2


# ---------------------------------------------------------------- maintaining the standard over the API

def test_a_manager_versions_edits_and_publishes_a_standard_over_the_api(personas, login):
    import json

    _manager(personas)
    c = login(personas.owner)
    r = c.post(f"/api/v1/assessment/standards/{_standard().pk}/versions", json.dumps({"year": LAST.year + 1}),
               content_type="application/json")
    assert r.status_code == 201, r.content
    draft = r.json()
    assert draft["status"] == "draft" and len(draft["items"]) == _standard().items.count()
    item = next(i for i in draft["items"] if i["code"] == "B01")
    url = f"/api/v1/assessment/standards/{draft['id']}/items/{item['id']}"

    def patch(body):  # type: ignore[no-untyped-def]
        return c.patch(url, json.dumps(body), content_type="application/json")

    changed = patch({"max_points": "20", "rule": "manual"})
    assert changed.status_code == 200 and Decimal(changed.json()["max_points"]) == 20 and changed.json()["rule"] == "manual"
    assert patch({"rule": "sometimes"}).status_code == 422  # not one of the fixed codes
    bad_event = patch({"event_types": ["mediation.no_such_event"]})
    assert bad_event.status_code == 400 and bad_event.json()["field"] == "event_types"
    assert patch({"name": None}).status_code == 400

    refused = c.post(f"/api/v1/assessment/standards/{draft['id']}/publish")
    assert refused.status_code == 400 and "现为1005分" in refused.json()["message"]
    patch({"max_points": "15"})
    published = c.post(f"/api/v1/assessment/standards/{draft['id']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    frozen = patch({"max_points": "10"})
    assert frozen.status_code == 400 and "已发布的考核标准不能修改" in frozen.json()["message"]
    assert login(personas.supervisor).post(f"/api/v1/assessment/standards/{draft['id']}/publish").status_code == 403
