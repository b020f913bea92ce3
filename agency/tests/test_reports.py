"""代收代办统计表: per office the figures equal direct counts of the records, and the county's total adds them up."""

from __future__ import annotations

import pytest
from django.utils import timezone

from agency import services
from agency.tests import factories
from reports import selectors
from reports.registry import table_get

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_agency_figures_equal_direct_counts(personas):
    a = services.review_forward(actor=personas.owner, application=factories.review(personas))
    services.review_acceptance(actor=personas.owner, application=a, accepted=True)
    services.review_decide(actor=personas.owner, application=a, decision="revoke")
    factories.review(personas, name="乌云", form="oral", oral_record="申请人口述：请求撤销责令拆除决定，笔录经核对签名。")
    factories.case(personas)
    factories.case(personas, kind="labour_arbitration", matter="追索劳动报酬", institution="赤峰市劳动人事争议仲裁委员会",
                   rights_known_date=TODAY)
    period = selectors.period_parse(str(TODAY.year), today=TODAY)
    report = selectors.report_build(personas.supervisor, table=table_get("agency"), org=personas.county, period=period,
                                    prepared_on=TODAY)
    office = {row.label: row.values for row in report.rows}["西屯街道司法所"]
    assert (office["review.received"], office["review.form.oral"], office["review.forwarded"]) == (2, 1, 1)
    assert (office["review.accepted"], office["review.decision.revoke"], office["review.decision.uphold"]) == (1, 1, 0)
    assert (office["case.notary"], office["case.labour_arbitration"], office["case.forwarded"]) == (1, 1, 0)
    assert report.total.values["review.received"] == 2
