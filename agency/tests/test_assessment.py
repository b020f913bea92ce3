"""The 2026 千分制 items I11 行政复议申请代收转递 and K14 公证、仲裁代办 count the 代收代办 module's forwarding."""

from __future__ import annotations

import pytest

from assessment.models import StandardItem
from core.ledger import EVENT_TYPES

pytestmark = pytest.mark.django_db


def test_the_standard_s_agency_items_name_recorded_events():
    items = {i.code: i.event_types for i in StandardItem.objects.filter(code__in=("I11", "K14"), standard__year=2026)}
    assert items == {"I11": ["agency.review_forwarded"], "K14": ["agency.case_forwarded"]}
    assert all(code in EVENT_TYPES for codes in items.values() for code in codes)
