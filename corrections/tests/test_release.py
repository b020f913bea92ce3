"""解除或终止社区矫正 (社区矫正法 第四十四条、第四十五条): the service's rules, the page action and the API route
against the personas; the 期满解除 clock closes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.deadlines import open_deadlines_for
from core.errors import ValidationFailed
from core.models import AuditEvent, WorkEvent
from core.testing import token_api
from corrections.choices import Status
from corrections.services import subject_release
from corrections.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _ended_term(personas: Any) -> Any:
    """A 缓刑 of three months that ended yesterday."""
    effective = TODAY - dt.timedelta(days=100)
    return factories.subject(personas, effective_date=effective, start_date=effective, end_date=TODAY - dt.timedelta(days=1),
                             reported_date=effective + dt.timedelta(days=2))


def test_expiry_before_the_term_ends_is_refused_in_chinese(personas):
    subject = factories.subject(personas)
    with pytest.raises(ValidationFailed, match="期满之日起才能解除"):
        subject_release(actor=personas.owner, subject=subject, reason="expiry", date=TODAY)
    with pytest.raises(ValidationFailed, match="只适用于假释"):
        subject_release(actor=personas.owner, subject=subject, reason="parole_revoked", date=TODAY)
    subject.refresh_from_db()
    assert subject.status == Status.IN_CORRECTION and open_deadlines_for(subject, "corrections.discharge").exists()


def test_expiry_discharges_the_subject_and_closes_the_clock(personas):
    subject = _ended_term(personas)
    subject_release(actor=personas.owner, subject=subject, reason="expiry", date=TODAY, note="解除证明书 红矫解字第3号")
    subject.refresh_from_db()
    assert (subject.status, subject.ended_date, subject.get_end_reason_display()) == (Status.DISCHARGED, TODAY, "矫正期满")
    assert not open_deadlines_for(subject, "corrections.discharge").exists()
    assert WorkEvent.objects.filter(event_type="corrections.release", object_id=str(subject.pk), date=TODAY).count() == 1
    assert AuditEvent.objects.filter(summary="解除矫正 刘建军（矫正期满）").count() == 1
    with pytest.raises(ValidationFailed, match="已解除矫正，不能再次解除或终止"):
        subject_release(actor=personas.owner, subject=subject, reason="death", date=TODAY)


def test_owner_terminates_on_the_page_and_sees_it(personas, login):
    subject = factories.subject(personas)
    c = login(personas.owner)
    detail = c.get(subject.get_absolute_url()).content.decode()
    assert 'data-action="release"' in detail
    bad = c.post(f"/corrections/{subject.uuid}/release/", {"reason": "expiry", "date": TODAY.isoformat()}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and "期满之日起才能解除" in bad.content.decode()
    ok = c.post(f"/corrections/{subject.uuid}/release/", {"reason": "death", "date": TODAY.isoformat(), "note": "死亡证明"},
                HTTP_HX_REQUEST="true")
    assert ok.status_code == 204
    page = c.get(subject.get_absolute_url()).content.decode()
    assert "矫正终止" in page and "死亡" in page and 'data-action="release"' not in page
    assert not open_deadlines_for(subject, "corrections.discharge").exists()


@pytest.mark.parametrize(("who", "expected"), [("owner", 200), ("supervisor", 200), ("outsider", 404), ("readonly", 403)])
def test_personas_on_the_release_api(personas, password, who, expected):
    subject = _ended_term(personas)
    api = token_api(getattr(personas, who), password, base="/api/v1/corrections", name="矫正同步")
    r = api.post(f"/subjects/{subject.uuid}/release", {"reason": "expiry"})
    assert r.status_code == expected, r.content
    subject.refresh_from_db()
    if expected == 200:
        assert r.json()["status_display"] == "解除矫正" and r.json()["end_reason"] == "expiry"
        assert not open_deadlines_for(subject, "corrections.discharge").exists()
    else:
        assert "message" in r.json() and subject.status == Status.IN_CORRECTION


def test_anonymous_cannot_release(personas, client):
    subject = factories.subject(personas)
    assert client.post(f"/api/v1/corrections/subjects/{subject.uuid}/release", {"reason": "death"},
                       content_type="application/json").status_code == 401
    page = client.post(f"/corrections/{subject.uuid}/release/", {"reason": "death", "date": TODAY.isoformat()})
    assert page.status_code == 302 and "/login" in page["Location"]
    subject.refresh_from_db()
    assert subject.status == Status.IN_CORRECTION


def test_the_county_supervisor_is_offered_the_release_but_not_the_case_edits(personas, login):
    """解除/终止 is the county agency's act over every subject it supervises (社区矫正法 第四十四、四十五条); editing the
    office's record is not (办案范围). The read-only auditor is offered neither."""
    subject = factories.subject(personas)
    page = login(personas.supervisor).get(subject.get_absolute_url()).content.decode()
    assert 'data-action="release"' in page and 'data-action="edit"' not in page
    page = login(personas.readonly).get(subject.get_absolute_url()).content.decode()
    assert 'data-action="release"' not in page and 'data-action="edit"' not in page
    page = login(personas.owner).get(subject.get_absolute_url()).content.decode()
    assert 'data-action="release"' in page and 'data-action="edit"' in page
