"""法律援助统计表: per office, the applications received in the period by status, channel and hardship basis; the
综合统计表 borrows 受理申请（件） from it."""

from __future__ import annotations

import datetime as dt

import pytest

from consultation.tests import factories as consultation_factories
from legalaid import services
from legalaid.tests import factories
from reports import selectors
from reports.registry import table_get

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _rows(user, code, org):  # type: ignore[no-untyped-def]
    period = selectors.period_parse(str(TODAY.year), today=TODAY)
    report = selectors.report_build(user, table=table_get(code), org=org, period=period, prepared_on=TODAY)
    return {row.label: row.values for row in report.rows}


def test_figures_per_office_equal_the_applications(personas):
    forwarded = factories.application(personas, received_date=TODAY)
    services.application_forward(actor=personas.owner, application=forwarded)
    factories.application(personas, name="白玉山", matter="abuse_victim", hardship_basis="not_required", received_date=TODAY,
                          is_urgent=True, urgent_reason="需要立即申请人身安全保护令")
    c = consultation_factories.consultation(personas, date=TODAY)
    services.application_from_consultation(actor=personas.owner, consultation=c, data=factories.data(
        received_date=TODAY, hardship_basis="minimum_living", hardship_detail="最低生活保障证"))
    services.application_receive(actor=personas.caseworker, org=personas.sibling_office, applicant=factories.applicant("高占军"),
                                 data=factories.data(received_date=TODAY))
    rows = _rows(personas.supervisor, "legal_aid", personas.county)
    office = rows["西屯街道司法所"]
    assert office["accepted"] == 3 and office["status.forwarded"] == 1 and office["status.received"] == 2
    assert office["channel.window"] == 2 and office["channel.consultation"] == 1
    assert (office["hardship.statement"], office["hardship.exempt"], office["hardship.not_required"]) == (1, 1, 1)
    assert office["urgent"] == 1 and rows["三中街街道司法所"]["accepted"] == 1
    assert _rows(personas.supervisor, "overview", personas.county)["西屯街道司法所"]["legal_aid.accepted"] == 3
    assert "西屯街道司法所" not in _rows(personas.outsider, "legal_aid", personas.other_county)
