"""The 2026 考核标准's 社区矫正 items score from the records: each event code an item names is one the module writes
(N03 重新违法犯罪 from the record of a new offence, corrections.reoffences)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.ledger import EVENT_TYPES
from corrections import duties

STANDARD = json.loads((Path(__file__).resolve().parents[2] / "assessment" / "data" / "standard_2026.json").read_text("utf-8"))


def test_every_corrections_item_names_a_recorded_event():
    named = {(item["code"], code) for item in STANDARD["items"] for code in item.get("event_types", [])
             if code.startswith(("corrections.", "investigation."))}
    assert named
    missing = sorted((item, code) for item, code in named if code not in EVENT_TYPES)
    assert missing == []
    assert ("N03", "corrections.reoffended") in named


@pytest.mark.parametrize(("kind", "event"), [("visit", "corrections.visit"), ("education", "corrections.education"),
                                             ("community_service", "corrections.community_service"),
                                             ("info_check", "corrections.location_check"), ("talk", "corrections.interview"),
                                             ("report", "corrections.measure")])
def test_a_fulfilled_measure_counts_under_its_own_item(kind, event):
    assert duties.measure_event(kind) == event and event in EVENT_TYPES
