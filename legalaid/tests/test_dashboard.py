"""数据驾驶舱 法律援助 group: 接收申请 and 转交法律援助机构 are sums over the ledger, per office, and drill down to
the applications."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.figures import FIGURES, GROUPS
from dashboard.selectors import board, figure_records
from legalaid import services
from legalaid.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
PERIOD = (TODAY - dt.timedelta(days=30), TODAY)


def test_legal_aid_group_is_connected_and_counts_the_ledger(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        forwarded = factories.application(personas)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_forward(actor=personas.owner, application=forwarded)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = factories.application(personas, name="白玉山")
    assert next(g for g in GROUPS if g.key == "legalaid").connected
    b = board(personas.supervisor, personas.county, PERIOD, today=TODAY)
    assert b.totals["legalaid.received"] == 2 and b.totals["legalaid.forwarded"] == 1
    rows = {r.org.pk: r.values for r in b.rows}
    assert rows[personas.office.pk]["legalaid.received"] == 2 and rows[personas.sibling_office.pk]["legalaid.received"] == 0
    assert board(personas.outsider, personas.other_county, PERIOD, today=TODAY).totals["legalaid.received"] == 0
    entries = figure_records(personas.supervisor, personas.office, FIGURES["legalaid.received"][1], PERIOD)
    assert sorted(e.object_id for e in entries) == sorted([str(forwarded.pk), str(waiting.pk)])


def test_the_centres_figures_count_received_decided_in_time_and_drill_down(personas, django_capture_on_commit_callbacks):
    from legalaid.centre import review_decide

    with django_capture_on_commit_callbacks(execute=True):
        granted = factories.forwarded_review(personas)
    with django_capture_on_commit_callbacks(execute=True):
        refused = factories.forwarded_review(personas, name="白玉山")
    user = factories.centre_user(personas)
    with django_capture_on_commit_callbacks(execute=True):
        review_decide(actor=user, review=granted, grant=True)
    with django_capture_on_commit_callbacks(execute=True):
        review_decide(actor=user, review=refused, grant=False, reason="家庭月人均收入高于经济困难标准")
    b = board(personas.supervisor, personas.county, PERIOD, today=TODAY)
    assert b.totals["legalaid.centre_received"] == 2
    assert b.totals["legalaid.granted"] == 1 and b.totals["legalaid.refused"] == 1
    assert b.totals["legalaid.decided_in_time"] == 2
    centre = factories.centre(personas)
    assert {r.org.pk: r.values for r in b.rows}[centre.pk]["legalaid.granted"] == 1
    entries = figure_records(personas.supervisor, centre, FIGURES["legalaid.decided_in_time"][1], PERIOD)
    assert len(list(entries)) == 2
    assert board(personas.outsider, personas.other_county, PERIOD, today=TODAY).totals["legalaid.granted"] == 0


def test_the_centres_figures_count_assignments_and_closings_and_drill_down_to_the_case(personas,
                                                                                       django_capture_on_commit_callbacks):
    from legalaid.cases import assignment_close, assignment_end

    user = factories.centre_user(personas)
    with django_capture_on_commit_callbacks(execute=True):
        case = factories.case(personas, name="乌日娜")
    with django_capture_on_commit_callbacks(execute=True):
        factories.case(personas, name="白玉山", provider_name="苏律师")
    with django_capture_on_commit_callbacks(execute=True):
        assignment_end(actor=user, assignment=case, result="法院判决支付欠薪")
        assignment_close(actor=user, assignment=case, report="代理诉讼，法院判决支付全部欠薪。", materials="判决书副本")
    b = board(personas.supervisor, personas.county, PERIOD, today=TODAY)
    assert b.totals["legalaid.assigned"] == 2 and b.totals["legalaid.closed"] == 1
    centre = factories.centre(personas)
    assert {r.org.pk: r.values for r in b.rows}[centre.pk]["legalaid.closed"] == 1
    entries = list(figure_records(personas.supervisor, centre, FIGURES["legalaid.closed"][1], PERIOD))
    assert len(entries) == 1
    assert board(personas.outsider, personas.other_county, PERIOD, today=TODAY).totals["legalaid.closed"] == 0
