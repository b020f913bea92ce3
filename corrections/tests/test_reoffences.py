"""重新违法犯罪 (考核 N03): the record through its service (audit, ledger entry the 考核标准 deducts under N03, every
problem reported at once and nothing saved), the suggested revocation after a new crime, the page, the API and the
persona answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.errors import ValidationErrors, ValidationFailed
from core.models import AuditEvent, WorkEvent
from core.testing import token_api
from corrections import duties
from corrections.models import Reoffence, months_after
from corrections.reoffences import ReoffenceInput, reoffence_record, reoffence_update
from corrections.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _subject(p: Any, **over: Any) -> Any:
    effective = months_after(TODAY, -4)
    values = {"effective_date": effective, "start_date": effective, "reported_date": effective + dt.timedelta(days=2),
              "end_date": months_after(effective, 24) - dt.timedelta(days=1)}
    return factories.subject(p, name="韩立新", **{**values, **over})


def _input(**over: Any) -> ReoffenceInput:
    values: dict[str, Any] = {"discovered_date": TODAY - dt.timedelta(days=3), "nature": "crime",
                              "description": "2026年在红山区某小区入户盗窃手机两部", "authority": "赤峰市公安局红山区分局",
                              "outcome": "pending"}
    values.update(over)
    return ReoffenceInput(**values)


def _events(record: Reoffence) -> list[tuple[str, dt.date, int]]:
    return list(WorkEvent.objects.filter(object_id=str(record.pk), event_type="corrections.reoffended")
                .values_list("event_type", "date", "org_id"))


def test_a_new_crime_is_recorded_with_its_audit_row_and_one_n03_ledger_entry(personas):
    subject = _subject(personas)
    record = reoffence_record(actor=personas.owner, subject=subject, data=_input())
    assert (record.org, record.nature, record.outcome) == (personas.office, "crime", "pending")
    assert _events(record) == [("corrections.reoffended", TODAY - dt.timedelta(days=3), personas.office.pk)]
    assert AuditEvent.objects.filter(object_id=str(record.pk), action="create", summary__contains="重新犯罪 韩立新").exists()


def test_every_problem_is_reported_at_once_and_nothing_is_saved(personas):
    subject = _subject(personas)  # 缓刑
    with pytest.raises(ValidationErrors) as caught:
        reoffence_record(actor=personas.owner, subject=subject, data=_input(
            discovered_date=subject.start_date - dt.timedelta(days=1), description=" ", authority="",
            outcome="revoke_parole", outcome_date=None))
    fields = {e.field for e in caught.value.errors}
    assert fields == {"discovered_date", "description", "authority", "outcome", "outcome_date"}
    messages = " ".join(e.message for e in caught.value.errors)
    assert "只适用于假释" in messages and "矫正期间" in messages
    assert not Reoffence.objects.exists() and not WorkEvent.objects.filter(event_type="corrections.reoffended").exists()


def test_a_crime_is_not_punished_by_the_police_and_a_future_day_is_refused(personas):
    subject = _subject(personas)
    with pytest.raises(ValidationFailed, match="不适用治安管理处罚"):
        reoffence_record(actor=personas.owner, subject=subject, data=_input(outcome="public_security", outcome_date=TODAY))
    with pytest.raises(ValidationFailed, match="矫正期间"):
        reoffence_record(actor=personas.owner, subject=subject, data=_input(discovered_date=TODAY + dt.timedelta(days=1)))
    # A breach of the law punished by the police is fine.
    ok = reoffence_record(actor=personas.owner, subject=subject, data=_input(
        nature="illegal", outcome="public_security", outcome_date=TODAY, outcome_note="行政拘留五日"))
    assert ok.get_outcome_display() == "治安管理处罚"


def test_the_update_moves_the_ledger_entry_with_a_corrected_day_and_never_counts_twice(personas):
    subject = _subject(personas)
    record = reoffence_record(actor=personas.owner, subject=subject, data=_input())
    corrected = TODAY - dt.timedelta(days=10)
    reoffence_update(actor=personas.owner, reoffence=record, data=_input(
        discovered_date=corrected, outcome="revoke_probation", outcome_date=TODAY, outcome_note="（2026）红司矫建字第3号"))
    assert _events(record) == [("corrections.reoffended", corrected, personas.office.pk)]
    row = AuditEvent.objects.filter(object_id=str(record.pk), action="update").get()
    assert row.before["outcome"] == "pending" and row.after["outcome"] == "revoke_probation"


def test_a_new_crime_of_a_probationer_points_to_revocation_until_it_is_decided(personas):
    subject = _subject(personas)
    reoffence_record(actor=personas.owner, subject=subject, data=_input(nature="illegal", outcome="public_security",
                                                                          outcome_date=TODAY))
    assert "revoke_probation" not in [s.kind for s in duties.sanction_suggestions(subject)]
    reoffence_record(actor=personas.owner, subject=subject, data=_input())
    suggestion = next(s for s in duties.sanction_suggestions(subject) if s.kind == "revoke_probation")
    assert "刑法 第七十七条第一款" in suggestion.basis and "涉嫌新的犯罪" in suggestion.reason
    duties.sanction_decide(actor=personas.owner, subject=subject, data=duties.SanctionInput(
        kind="revoke_probation", facts=suggestion.reason, basis=suggestion.basis, decision_date=TODAY, suggested=True))
    assert "revoke_probation" not in [s.kind for s in duties.sanction_suggestions(subject)]


def test_a_temporary_outside_subjects_crime_suggests_nothing_the_law_does_not_say(personas):
    subject = _subject(personas, correction_type="temporary_outside")
    reoffence_record(actor=personas.owner, subject=subject, data=_input())
    assert not [s for s in duties.sanction_suggestions(subject) if s.kind == "imprison"]


def test_the_office_records_through_the_dialog_and_the_file_and_the_list_show_it(personas, login):
    subject = _subject(personas)
    c = login(personas.owner)
    form = c.get(f"/corrections/{subject.uuid}/reoffence/", HTTP_HX_REQUEST="true").content.decode()
    assert "刑法 第七十七条" in form
    bad = c.post(f"/corrections/{subject.uuid}/reoffence/", {"discovered_date": TODAY.isoformat(), "nature": "crime",
                                                             "description": "盗窃", "authority": "", "outcome": "public_security"},
                 HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and not Reoffence.objects.exists()
    good = c.post(f"/corrections/{subject.uuid}/reoffence/", {"discovered_date": TODAY.isoformat(), "nature": "crime",
                                                              "description": "入户盗窃手机两部", "authority": "赤峰市公安局红山区分局",
                                                              "outcome": "coercive", "outcome_date": TODAY.isoformat()},
                  HTTP_HX_REQUEST="true")
    assert good.status_code == 204
    record = Reoffence.objects.get()
    page = c.get(subject.get_absolute_url()).content.decode()
    assert "入户盗窃手机两部" in page and "被采取刑事强制措施" in page
    assert "韩立新" in c.get("/corrections/reoffences/").content.decode()
    assert "赤峰市公安局红山区分局" in c.get(record.get_absolute_url()).content.decode()
    export = c.get("/corrections/reoffences/?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(personas.outsider).get(record.get_absolute_url()).status_code == 404
    assert "韩立新" not in login(personas.outsider).get("/corrections/reoffences/").content.decode()


def test_the_api_records_updates_and_refuses_in_chinese(personas, password):
    subject = _subject(personas)
    api = token_api(personas.owner, password, base="/api/v1/corrections", name="矫正同步")
    body = {"discovered_date": TODAY.isoformat(), "nature": "illegal", "description": "酒后殴打他人", "authority": "红山区公安分局"}
    r = api.post(f"/subjects/{subject.uuid}/reoffences", body)
    assert r.status_code == 201, r.content
    uuid = r.json()["uuid"]
    assert r.json()["outcome"] == "pending" and r.json()["subject_name"] == "韩立新"
    bad = api.send("patch", f"/reoffences/{uuid}", {"outcome": "public_security"})
    assert bad.status_code == 400 and "处理日期" in bad.content.decode()
    assert Reoffence.objects.get().outcome == "pending"
    ok = api.send("patch", f"/reoffences/{uuid}", {"outcome": "public_security", "outcome_date": TODAY.isoformat()})
    assert ok.status_code == 200 and ok.json()["outcome"] == "public_security"
    assert [row["uuid"] for row in api.get("/reoffences", {"nature": "illegal"}).json()["items"]] == [uuid]
    outsider = token_api(personas.outsider, password, base="/api/v1/corrections", name="外所")
    assert outsider.get(f"/reoffences/{uuid}").status_code == 404
    assert outsider.post(f"/subjects/{subject.uuid}/reoffences", body).status_code == 404
    assert Reoffence.objects.count() == 1


def test_the_1000_point_item_n03_deducts_for_the_recorded_case(personas):
    from assessment.scoring import score_offices
    from assessment.selectors import standard_in_force

    subject = _subject(personas)
    reoffence_record(actor=personas.owner, subject=subject, data=_input(discovered_date=TODAY))
    standard = standard_in_force(TODAY.year)[0]
    score = score_offices(None, standard, [personas.office], TODAY.replace(day=1), TODAY)[0]
    n03 = next(s for s in score.items if s.item.code == "N03")
    assert n03.connected and n03.count == 1 and n03.points == -30
