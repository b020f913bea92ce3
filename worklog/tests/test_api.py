"""工作日志 over the API: the day opens pre-filled from the ledger, a manual line goes in, one call confirms."""

import datetime as dt

from core.ledger import EVENT_TYPES, ledger_record
from core.testing import token_api


def test_day_shows_ledger_work_then_confirm_freezes_it(personas, password):
    ledger_record(org=personas.office, actor=personas.owner, event_type="mediation.dispute_accepted")
    label = EVENT_TYPES["mediation.dispute_accepted"].label
    api = token_api(personas.owner, password, base="/api/v1/worklog")
    day = dt.date.today().isoformat()
    opened = api.get(f"/days/{day}").json()
    assert opened["status"] == "draft" and [p["description"] for p in opened["pending"]] == [label]

    added = api.post(f"/days/{day}/entries", {"item_code": "training", "description": "参加县局培训"})
    assert added.status_code == 201 and [e["description"] for e in added.json()["entries"]][-1].endswith("参加县局培训")

    confirmed = api.post(f"/days/{day}/confirm", {"summary": "走访两户"}).json()
    assert confirmed["status"] == "confirmed" and confirmed["pending"] == []
    assert any(e["description"] == label and e["derived"] for e in confirmed["entries"])

    again = api.post(f"/days/{day}/entries", {"item_code": "training", "description": "再加一条"})
    assert again.status_code == 400 and "已确认" in again.json()["message"]


def test_future_day_and_reversed_range_are_refused_in_chinese(personas, password):
    api = token_api(personas.owner, password, base="/api/v1/worklog")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert api.get(f"/days/{tomorrow}").json()["message"] == "不能填写今天以后的工作日志"
    r = api.get("/days", {"start": "2026-03-01", "end": "2026-02-01"})
    assert r.status_code == 400 and r.json()["field"] == "end"
    assert api.get("/days/not-a-date").status_code == 422
