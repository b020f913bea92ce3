"""回访 records performance on the agreement's items; 结案 requires every item resolved and closes every clock of the
case; a reminder names its case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from core.deadlines import deadlines_refresh, open_deadlines_for
from core.models import AuditEvent, Notification, WorkEvent
from mediation.choices import PartyRole, Status
from mediation.models import Dispute
from mediation.services import AgreementInput, PerformanceInput, agreement_make, dispute_accept
from mediation.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _agreed(personas: Any, *, items: int = 2) -> Dispute:
    dispute = dispute_accept(actor=personas.owner, dispute=factories.dispute(personas), accepted_date=TODAY - dt.timedelta(days=10))
    respondent = dispute.parties.get(role=PartyRole.RESPONDENT)
    agreement_make(actor=personas.owner, dispute=dispute, data=AgreementInput(
        kind="written", facts="宅基地界址争议。", content="李二河拆除围墙并补偿2000元。", signed_date=TODAY - dt.timedelta(days=3),
        amount=Decimal(2000), items=[
            PerformanceInput(obligor_party_id=respondent.pk, description=desc, amount=Decimal(1000), due_date=TODAY + dt.timedelta(days=10))
            for desc in ("拆除占地围墙", "支付补偿款")[:items]
        ]))
    return dispute


def _post(c: Any, dispute: Dispute, action: str, data: dict[str, Any]) -> Any:
    return c.post(f"/mediation/disputes/{dispute.uuid}/{action}/", data, HTTP_HX_REQUEST="true")


def _visit(**over: Any) -> dict[str, Any]:
    return {"date": TODAY.isoformat(), "visitor": "赵调解", "visited": "王大山", "performance": "full", "satisfaction": "satisfied",
            "situation": "补偿款已付清，围墙已拆除。", **over}


def test_a_visit_that_finds_the_agreement_performed_records_every_item(personas, login):
    dispute = _agreed(personas)
    c = login(personas.owner)
    assert "已履行的事项" in c.get(f"/mediation/disputes/{dispute.uuid}/followup/", HTTP_HX_REQUEST="true").content.decode()
    assert _post(c, dispute, "followup", _visit()).status_code == 204
    dispute.refresh_from_db()
    assert dispute.status == Status.PERFORMED
    assert [i.performed_date for i in dispute.agreement.items.all()] == [TODAY, TODAY]
    assert not open_deadlines_for(dispute, "mediation.performance").exists()
    assert not open_deadlines_for(dispute, "mediation.followup").exists()
    assert "已履行" in c.get(f"/mediation/disputes/{dispute.uuid}/").content.decode()


def test_a_partial_performance_visit_asks_which_items_were_performed(personas, login):
    dispute = _agreed(personas)
    c = login(personas.owner)
    r = _post(c, dispute, "followup", _visit(performance="partial"))
    body = r.content.decode()
    assert r.status_code == 422 and "请勾选已履行的事项" in body and "拆除占地围墙" in body and "支付补偿款" in body
    wall = dispute.agreement.items.get(description="拆除占地围墙")
    assert _post(c, dispute, "followup", _visit(performance="partial", performed_items=[wall.pk])).status_code == 204
    wall.refresh_from_db()
    assert wall.performed_date == TODAY
    assert dispute.agreement.items.get(description="支付补偿款").performed_date is None
    assert [d.title for d in open_deadlines_for(dispute, "mediation.performance")] == [
        f"督促履行：{dispute.number} 支付补偿款（{dispute.title}）"]


def test_closing_with_open_items_names_them_and_closes_nothing(personas, login):
    dispute = _agreed(personas)
    c = login(personas.owner)
    r = _post(c, dispute, "close", {"date": TODAY.isoformat()})
    body = r.content.decode()
    assert r.status_code == 422 and "以下履行事项尚未处理，不能结案" in body and "拆除占地围墙" in body and "支付补偿款" in body
    dispute.refresh_from_db()
    assert dispute.status == Status.AGREED and open_deadlines_for(dispute).count() == 4


def test_close_after_each_item_is_resolved_closes_every_clock_of_the_case(personas, login):
    dispute = _agreed(personas)
    c = login(personas.owner)
    wall, money = dispute.agreement.items.get(description="拆除占地围墙"), dispute.agreement.items.get(description="支付补偿款")
    assert _post(c, dispute, "perform", {"item": wall.pk, "performed_date": TODAY.isoformat()}).status_code == 204
    bad = _post(c, dispute, "unperformed", {"item": money.pk, "route": "next_step", "note": "", "date": TODAY.isoformat()})
    assert bad.status_code == 422 and "请写明已告知当事人的后续途径" in bad.content.decode()
    assert _post(c, dispute, "unperformed", {"item": money.pk, "route": "next_step", "note": "已告知可以向人民法院起诉",
                                              "date": TODAY.isoformat()}).status_code == 204
    assert "未履行，已告知当事人后续途径：已告知可以向人民法院起诉" in c.get(f"/mediation/disputes/{dispute.uuid}/").content.decode()
    assert _post(c, dispute, "close", {"date": TODAY.isoformat()}).status_code == 204
    dispute.refresh_from_db()
    assert dispute.status == Status.CLOSED
    assert not open_deadlines_for(dispute).exists()  # 司法确认申请期 and 回访 too
    assert AuditEvent.objects.filter(summary=f"结案 {dispute.title}").count() == 1
    assert WorkEvent.objects.filter(event_type="mediation.dispute_closed", object_id=str(dispute.pk)).count() == 1
    # The deadline task long after every due date: nothing of this case turns overdue or reminds anyone.
    Notification.objects.all().delete()
    deadlines_refresh(today=TODAY + dt.timedelta(days=90))
    assert not Notification.objects.exists()


def test_a_judicial_confirmation_application_resolves_the_items_for_closing(personas):
    from mediation.services import confirmation_record, dispute_close

    dispute = _agreed(personas, items=1)
    confirmation_record(actor=personas.owner, agreement=dispute.agreement, applied_date=TODAY)
    dispute_close(actor=personas.owner, dispute=dispute, date=TODAY)
    assert not open_deadlines_for(dispute).exists()


def test_a_reminder_names_the_case_number_and_title_with_a_link(personas):
    dispute = dispute_accept(actor=personas.owner, dispute=factories.dispute(personas), accepted_date=TODAY - dt.timedelta(days=10))
    deadlines_refresh(today=TODAY + dt.timedelta(days=60))
    note = Notification.objects.get(user=personas.owner)
    assert dispute.number and dispute.number in note.title and dispute.title in note.title and "已超期" in note.title
    assert note.link == dispute.get_absolute_url()
