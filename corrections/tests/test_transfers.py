"""变更执行地 (社区矫正法 第二十七条第二款; 实施办法 第三十条、第三十一条): the decision moves nothing; the hand-over
moves the subject and what is still running to the new office, whose 报到 clock runs seven days from the decision's
receipt; the 报到 names the officer and closes the clock. The old office keeps its own history and gets 404 on the file."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.errors import ValidationErrors, ValidationFailed
from core.models import AuditEvent, Deadline, WorkEvent
from core.testing import token_api
from corrections import duties
from corrections.models import CorrectionPlan, Monitoring, Obligation, Subject, Transfer, months_after
from corrections.tests import factories
from corrections.transfers import TransferInput, report_due, transfer_approve, transfer_handover, transfer_report

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _subject(p: Any) -> Any:
    effective = months_after(TODAY, -3)
    return factories.subject(p, name="邵国庆", effective_date=effective, start_date=effective, reported_date=effective + dt.timedelta(days=2),
                             end_date=months_after(effective, 24) - dt.timedelta(days=1))


def _approve(p: Any, subject: Any, **over: Any) -> Transfer:
    values: dict[str, Any] = {"to_office": p.other_office, "new_address": "元宝山区平庄镇", "reason": "因工作调动迁居",
                              "decision_date": TODAY - dt.timedelta(days=1), "decision_number": "红司矫变字〔2026〕5号"}
    values.update(over)
    return transfer_approve(actor=p.owner, subject=subject, data=TransferInput(**values))


def test_the_seven_days_to_report_run_from_the_decisions_receipt_and_a_holiday_end_moves_on():
    # 2025 国庆、中秋: 10月1日至8日放假. Received on 28 September, the seventh day (5 October) falls in the holiday.
    assert report_due(dt.date(2025, 9, 28)) == dt.date(2025, 10, 9)
    assert report_due(dt.date(2025, 11, 3)) == dt.date(2025, 11, 10)


def test_the_decision_is_recorded_and_moves_nothing_yet(personas):
    subject = _subject(personas)
    transfer = _approve(personas, subject, notified_date=TODAY)
    subject.refresh_from_db()
    assert subject.org == personas.office and transfer.status == "approved" and transfer.org == personas.office
    assert transfer.report_due_date == report_due(TODAY)
    assert AuditEvent.objects.filter(object_id=str(transfer.pk), action="create", summary__contains="平庄镇司法所").exists()
    assert not WorkEvent.objects.filter(event_type__startswith="corrections.transfer").exists()
    with pytest.raises(ValidationFailed, match="尚未办结的变更执行地"):
        _approve(personas, subject)


def test_a_wrong_decision_reports_every_problem_and_saves_nothing(personas):
    subject = _subject(personas)
    with pytest.raises(ValidationErrors) as caught:
        _approve(personas, subject, to_office=personas.office, new_address="", reason=" ",
                 decision_date=TODAY + dt.timedelta(days=1))
    assert {e.field for e in caught.value.errors} == {"to_office", "new_address", "reason", "decision_date"}
    assert "迁居申请" in " ".join(e.message for e in caught.value.errors)
    with pytest.raises(ValidationFailed, match="不是司法所"):
        _approve(personas, subject, to_office=personas.other_county)
    assert not Transfer.objects.exists()


def test_the_hand_over_moves_the_subject_and_what_is_running_and_the_new_office_receives_the_report(personas):
    subject = _subject(personas)
    duties.schedule_by_level(actor=personas.owner, subject=subject, level="strict", start=TODAY - dt.timedelta(days=10),
                             end=TODAY + dt.timedelta(days=60))
    done = subject.obligations.filter(kind="talk").order_by("due_date").first()
    duties.obligation_fulfil(actor=personas.owner, obligation=done, date=TODAY, note="谈话：迁居打算")
    monitoring = duties.monitoring_start(actor=personas.owner, subject=subject, data=duties.MonitoringInput(
        trigger="ban_order", facts="违反禁止令进入酒吧", approver="王局长", approval_date=TODAY, start_date=TODAY,
        end_date=TODAY + dt.timedelta(days=60), device="DW-8001"))
    transfer = _approve(personas, subject, notified_date=TODAY)
    transfer_handover(actor=personas.owner, transfer=transfer, date=TODAY)

    subject.refresh_from_db()
    transfer.refresh_from_db()
    assert subject.org == personas.other_office and subject.officer is None
    assert (transfer.status, transfer.org, transfer.from_officer) == ("handed_over", personas.office, personas.owner)
    # The 期满解除 clock and the 电子定位 clock go to the new office, answered for by its staff until 报到.
    discharge = Deadline.objects.get(kind="corrections.discharge", object_id=str(subject.pk))
    located = Deadline.objects.get(kind="corrections.monitoring_end", object_id=str(monitoring.pk))
    assert (discharge.org, discharge.owner) == (personas.other_office, personas.outsider) == (located.org, located.owner)
    assert Monitoring.objects.get(pk=monitoring.pk).org == personas.other_office
    # What is still to be done moves; in-person 报到 while travelling to the new place are excused; what was done stays.
    pending = subject.obligations.filter(status="pending")
    assert pending.exists() and set(pending.values_list("org", flat=True)) == {personas.other_office.pk}
    assert subject.obligations.filter(status="excused", kind="report", note__contains="变更执行地").exists()
    assert Obligation.objects.get(pk=done.pk).org == personas.office
    clock = Deadline.objects.get(kind="corrections.transfer_report", object_id=str(transfer.pk))
    assert (clock.org, clock.due_date, clock.status) == (personas.other_office, report_due(TODAY), "open")
    assert WorkEvent.objects.filter(event_type="corrections.transfer", org=personas.office, date=TODAY).count() == 1

    transfer_report(actor=personas.outsider, subject=subject, date=TODAY)
    subject.refresh_from_db()
    transfer.refresh_from_db()
    clock.refresh_from_db()
    discharge.refresh_from_db()
    assert subject.officer == personas.outsider and transfer.status == "reported" and transfer.received_by == personas.outsider
    assert clock.status == "done" and discharge.owner == personas.outsider
    assert WorkEvent.objects.filter(event_type="corrections.transfer_in", org=personas.other_office, date=TODAY).count() == 1
    # The new office now runs the daily supervision.
    item = subject.obligations.filter(status="pending", kind="talk").order_by("due_date").first()
    duties.obligation_fulfil(actor=personas.outsider, obligation=item, date=TODAY, note="到新执行地后首次谈话")


def test_the_hand_over_waits_for_a_missing_subject_and_undecided_requests(personas):
    subject = _subject(personas)
    transfer = _approve(personas, subject)
    episode = duties.abscond_register(actor=personas.owner, subject=subject, lost_date=TODAY, steps="电话联系未接通")
    with pytest.raises(ValidationFailed, match="脱管"):
        transfer_handover(actor=personas.owner, transfer=transfer, date=TODAY)
    duties.abscond_found(actor=personas.owner, abscond=episode, found_date=TODAY, result="在外地，已返回")
    duties.request_submit(actor=personas.owner, subject=subject, data=duties.RequestInput(
        kind="visitor", reason="亲属探望", destination="表哥（与案件无关）", start_date=TODAY, end_date=TODAY))
    with pytest.raises(ValidationFailed, match="尚未审批"):
        transfer_handover(actor=personas.owner, transfer=transfer, date=TODAY)
    with pytest.raises(ValidationFailed, match="交接日期"):
        transfer_handover(actor=personas.owner, transfer=transfer, date=TODAY - dt.timedelta(days=5))
    assert Subject.objects.get(pk=subject.pk).org == personas.office and Transfer.objects.get().status == "approved"


def test_the_current_plan_follows_the_subject(personas):
    from corrections.plans import plan_approve, plan_generate
    from corrections.tests import plan_factories

    subject = plan_factories.receive(personas, "邵国庆")
    plan_factories.assess(personas, subject)
    plan = plan_generate(actor=personas.owner, subject=subject)
    plan_approve(actor=personas.owner, plan=plan)
    transfer = _approve(personas, subject)
    transfer_handover(actor=personas.owner, transfer=transfer, date=TODAY)
    assert CorrectionPlan.objects.get(pk=plan.pk).org == personas.other_office


def test_after_the_hand_over_the_old_office_gets_404_and_keeps_its_own_records(personas, login, password):
    subject = _subject(personas)
    sanction = duties.sanction_decide(actor=personas.owner, subject=subject, data=duties.SanctionInput(
        kind="admonition", facts="未按时报到", basis="社区矫正法 第二十八条", decision_date=TODAY))
    transfer = _approve(personas, subject)
    old, new = login(personas.owner), login(personas.outsider)
    assert old.get(subject.get_absolute_url()).status_code == 200
    assert new.get(subject.get_absolute_url()).status_code == 404
    answer = old.post(f"/corrections/transfers/{transfer.uuid}/handover/", {"date": TODAY.isoformat()}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 204
    assert old.get(subject.get_absolute_url()).status_code == 404
    assert old.get(f"/corrections/{subject.uuid}/duties/").status_code == 404
    assert old.post(f"/corrections/{subject.uuid}/transfer-report/", {"date": TODAY.isoformat()}).status_code == 404
    page = new.get(subject.get_absolute_url()).content.decode()
    assert "由西屯街道司法所变更执行地移交本所" in page and "登记报到" in page and "未按时报到" not in page
    # The old office still sees what it did: its decision on the subject and its transfer record.
    assert "邵国庆" in old.get("/corrections/duties/sanctions/").content.decode()
    assert "邵国庆" not in new.get("/corrections/duties/sanctions/").content.decode()
    transfer_page = old.get(transfer.get_absolute_url()).content.decode()
    assert "已交接，待报到" in transfer_page and "矫正对象档案" not in transfer_page
    assert new.get(transfer.get_absolute_url()).status_code == 404
    assert sanction.org == personas.office
    # The API answers the same.
    old_api = token_api(personas.owner, password, base="/api/v1/corrections", name="原所")
    new_api = token_api(personas.outsider, password, base="/api/v1/corrections", name="新所")
    assert old_api.get(f"/subjects/{subject.uuid}").status_code == 404
    assert new_api.get(f"/subjects/{subject.uuid}").status_code == 200
    reported = new_api.post(f"/subjects/{subject.uuid}/transfer-report", {"date": TODAY.isoformat()})
    assert reported.status_code == 200, reported.content
    assert reported.json()["status"] == "reported" and reported.json()["reported_late_days"] == 0


def test_the_api_decides_and_hands_over_with_chinese_errors(personas, password):
    subject = _subject(personas)
    api = token_api(personas.owner, password, base="/api/v1/corrections", name="矫正同步")
    body = {"to_office": personas.other_office.code, "new_address": "元宝山区平庄镇", "reason": "因工作调动迁居",
            "decision_date": TODAY.isoformat()}
    bad = api.post(f"/subjects/{subject.uuid}/transfers", {**body, "to_office": "999999999"})
    assert bad.status_code == 400 and "没有机构代码" in bad.content.decode() and not Transfer.objects.exists()
    made = api.post(f"/subjects/{subject.uuid}/transfers", body)
    assert made.status_code == 201, made.content
    assert made.json()["to_office_name"] == "平庄镇司法所" and made.json()["status"] == "approved"
    uuid = made.json()["uuid"]
    assert [r["uuid"] for r in api.get("/transfers").json()["items"]] == [uuid]
    handed = api.post(f"/transfers/{uuid}/handover", {"date": TODAY.isoformat()})
    assert handed.status_code == 200 and handed.json()["status"] == "handed_over"
    assert api.post(f"/transfers/{uuid}/handover", {"date": TODAY.isoformat()}).status_code == 400
    outsider = token_api(personas.outsider, password, base="/api/v1/corrections", name="外所")
    assert outsider.get(f"/transfers/{uuid}").status_code == 404


def test_a_subject_who_does_not_report_at_the_new_place_in_seven_days_raises_yj05_there(personas):
    from supervision.rules import EVALUATORS

    subject = _subject(personas)
    notified = TODAY - dt.timedelta(days=20)
    transfer = _approve(personas, subject, decision_date=notified, notified_date=notified)
    transfer_handover(actor=personas.owner, transfer=transfer, date=notified + dt.timedelta(days=1))
    rule = EVALUATORS["subject_not_reported"]
    findings = rule.evaluate(rule.clean_params({}), TODAY).findings
    assert [f.org_id for f in findings] == [personas.other_office.pk]
    assert "邵国庆" in findings[0].facts and "实施办法 第三十一条" in findings[0].facts
    late = transfer_report(actor=personas.outsider, subject=subject, date=TODAY)
    assert late.reported_late_days == (TODAY - transfer.report_due_date).days > 0
    assert rule.evaluate(rule.clean_params({}), TODAY).findings == []


def test_an_approved_trip_not_yet_reported_back_is_reported_back_at_the_new_office(personas):
    subject = _subject(personas)
    start = TODAY + dt.timedelta(days=2)
    trip = duties.request_submit(actor=personas.owner, subject=subject, data=duties.RequestInput(
        kind="travel", reason="赴赤峰市医院复查", destination="赤峰市松山区", start_date=start, end_date=start + dt.timedelta(days=2)))
    duties.request_decide(actor=personas.owner, request=trip, approve=True, note="同意")
    transfer = _approve(personas, subject)
    transfer_handover(actor=personas.owner, transfer=transfer, date=TODAY)
    back = Deadline.objects.get(kind="corrections.request_return", object_id=str(trip.pk))
    assert back.org == personas.other_office and back.status == "open"
    trip.refresh_from_db()
    assert trip.org == personas.other_office
    transfer_report(actor=personas.outsider, subject=subject, date=TODAY)
    trip.start_date = TODAY
    trip.save(update_fields=["start_date"])
    duties.request_return(actor=personas.outsider, request=trip, date=TODAY)
    back.refresh_from_db()
    assert back.status == "done"


def test_the_decision_opens_the_five_day_hand_over_clock_which_the_hand_over_closes(personas):
    # 实施办法 第三十条 (as usually quoted): the file goes to the new place within five days of the decision.
    from corrections.transfers import CLOCK_TRANSFER_HANDOVER, handover_due

    assert handover_due(dt.date(2025, 9, 28)) == dt.date(2025, 10, 9)  # 10月3日 falls in the 国庆 holiday
    subject = _subject(personas)
    transfer = _approve(personas, subject)
    assert transfer.handover_due_date == handover_due(TODAY - dt.timedelta(days=1))
    clock = Deadline.objects.get(kind=CLOCK_TRANSFER_HANDOVER, object_id=str(transfer.pk))
    assert clock.status == "open" and clock.org == personas.office and clock.due_date == transfer.handover_due_date
    transfer_handover(actor=personas.owner, transfer=transfer, date=TODAY)
    clock.refresh_from_db()
    assert clock.status == "done"


def test_a_decision_not_yet_handed_over_is_withdrawn_with_its_reason_and_the_subject_stays(personas):
    from corrections.transfers import CLOCK_TRANSFER_HANDOVER, transfer_cancel

    subject = _subject(personas)
    transfer = _approve(personas, subject)
    with pytest.raises(ValidationErrors) as caught:
        transfer_cancel(actor=personas.owner, transfer=transfer, reason="  ", date=TODAY + dt.timedelta(days=1))
    assert {e.field for e in caught.value.errors} == {"reason", "date"}
    transfer.refresh_from_db()
    assert transfer.status == "approved"
    transfer_cancel(actor=personas.owner, transfer=transfer, reason="县级社区矫正机构撤销变更决定")
    transfer.refresh_from_db()
    subject.refresh_from_db()
    assert transfer.status == "cancelled" and transfer.cancelled_date == TODAY and subject.org == personas.office
    assert Deadline.objects.get(kind=CLOCK_TRANSFER_HANDOVER, object_id=str(transfer.pk)).status == "done"
    assert AuditEvent.objects.filter(object_id=str(transfer.pk), summary__contains="撤销变更执行地").exists()
    # A new change can be decided afterwards; a handed-over one cannot be withdrawn.
    again = _approve(personas, subject, to_office=personas.sibling_office)
    transfer_handover(actor=personas.owner, transfer=again, date=TODAY)
    with pytest.raises(ValidationFailed, match="只有尚未交接"):
        transfer_cancel(actor=personas.owner, transfer=again, reason="录入有误")


def test_the_end_of_the_correction_withdraws_a_pending_change_and_closes_its_clocks(personas):
    from corrections.services import subject_release

    subject = _subject(personas)
    transfer = _approve(personas, subject)
    subject_release(actor=personas.owner, subject=subject, reason="death", date=TODAY)
    transfer.refresh_from_db()
    assert transfer.status == "cancelled" and "不再变更执行地" in transfer.cancel_reason
    assert not Deadline.objects.filter(object_id=str(transfer.pk), status="open").exists()


def test_the_cancel_page_and_api_route_withdraw_the_decision(personas, login, password):
    subject = _subject(personas)
    transfer = _approve(personas, subject)
    client = login(personas.owner)
    page = client.get(f"/corrections/transfers/{transfer.uuid}/").content.decode()
    assert f"/corrections/transfers/{transfer.uuid}/cancel/" in page
    response = client.post(f"/corrections/transfers/{transfer.uuid}/cancel/", {"reason": "", "date": TODAY.isoformat()})
    assert response.status_code == 422 and "请填写撤销原因" in response.content.decode()
    api = token_api(personas.owner, password, base="/api/v1/corrections", name="矫正同步")
    assert api.post(f"/transfers/{transfer.uuid}/cancel", {"reason": " "}).status_code == 400
    response = api.post(f"/transfers/{transfer.uuid}/cancel", {"reason": "对象放弃迁居"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled" and response.json()["cancel_reason"] == "对象放弃迁居"
