"""Every kind of clock closes through a service transition.

The test lists the clock kinds the modules declare (``CLOCKS`` in each ``<app>/ledger.py``; ``deadline_open`` refuses any
other kind), and for each kind and each closing service it names, drives a record through the real services until the
clock opens, then through the closing transition, and shows the clock is closed as a user sees it: not overdue when
the deadline task runs long after the due date, no reminder, not on 今日待办 and no 超期事项 warning. A new kind
without a closing transition, or without a scenario here, fails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils.module_loading import import_string

from agency import services as agency_services
from agency.tests import factories as agency_factories
from core.deadlines import deadline_open, deadlines_refresh, open_deadlines_for
from core.ledger import CLOCK_KINDS
from core.models import Deadline, Notification
from corrections import duties
from corrections.investigations import investigation_issue
from corrections.models import months_after
from corrections.reception import arrival_mark_missing
from corrections.services import subject_receive, subject_release
from corrections.tests import factories as correction_factories
from corrections.transfers import transfer_cancel, transfer_handover
from legalaid import cases as legalaid_cases
from legalaid import centre as legalaid_centre
from legalaid.services import application_forward, application_not_accept
from legalaid.tests import factories as legalaid_factories
from mediation.choices import PartyRole
from mediation.services import (
    AgreementInput,
    PerformanceInput,
    agreement_make,
    confirmation_record,
    dispute_accept,
    dispute_close,
    dispute_fail,
    followup_record,
    performance_record,
    performance_unperformed_record,
)
from mediation.tests import factories as mediation_factories
from people.services import PersonInput, person_create, person_update
from resettlement.services import handover_record, released_end, visit_record
from resettlement.tests import factories as resettlement_factories
from supervision.services import item_receive, item_rectify
from supervision.tests import factories as supervision_factories
from supervision.warnings import deadlines_overdue

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
# A scenario opens a clock through the services and returns (the record, the closing transition).
Scenario = Callable[[Any], tuple[Any, Callable[[], Any]]]


def _accepted(p: Any) -> Any:
    dispute = mediation_factories.dispute(p)
    return dispute_accept(actor=p.owner, dispute=dispute, accepted_date=TODAY - dt.timedelta(days=10))


def _agreed(p: Any) -> Any:
    dispute = _accepted(p)
    respondent = dispute.parties.get(role=PartyRole.RESPONDENT)
    agreement_make(actor=p.owner, dispute=dispute, data=AgreementInput(
        kind="written", facts="宅基地界址争议。", content="李二河拆除占地围墙并补偿2000元。", signed_date=TODAY - dt.timedelta(days=3),
        amount=Decimal(2000), items=[PerformanceInput(obligor_party_id=respondent.pk, description="支付补偿款", amount=Decimal(2000),
                                                       due_date=TODAY + dt.timedelta(days=10))]))
    return dispute


def _item(dispute: Any) -> Any:
    return dispute.agreement.items.get()


def _visit(p: Any, dispute: Any, performance: str = "full") -> Any:
    return followup_record(actor=p.owner, dispute=dispute, date=TODAY, visitor="赵调解", visited="王大山", performance=performance,
                           satisfaction="satisfied", situation="补偿款已付清，围墙已拆除。")


def _performed_then_closed(p: Any, dispute: Any) -> Any:
    performance_record(actor=p.owner, item=_item(dispute), performed_date=TODAY)
    return dispute_close(actor=p.owner, dispute=dispute, date=TODAY)


def _conclude_by_agreement(p: Any) -> tuple[Any, Callable[[], Any]]:
    dispute = _accepted(p)
    respondent = dispute.parties.get(role=PartyRole.RESPONDENT)
    return dispute, lambda: agreement_make(actor=p.owner, dispute=dispute, data=AgreementInput(
        kind="oral", facts="界址争议。", content="李二河拆除围墙。", signed_date=TODAY,
        items=[PerformanceInput(obligor_party_id=respondent.pk, description="拆除围墙", due_date=TODAY)]))


def _conclude_by_failure(p: Any) -> tuple[Any, Callable[[], Any]]:
    dispute = _accepted(p)
    return dispute, lambda: dispute_fail(actor=p.owner, dispute=dispute, date=TODAY, routes="已告知可以向人民法院起诉。")


def _agreed_then(action: Callable[[Any, Any], Any]) -> Scenario:
    def scenario(p: Any) -> tuple[Any, Callable[[], Any]]:
        dispute = _agreed(p)
        return dispute, lambda: action(p, dispute)
    return scenario


def _info_check(p: Any) -> tuple[Any, Callable[[], Any]]:
    person = person_create(actor=p.owner, org=p.office, data=PersonInput(name="王大山", phone="13904761234"))
    deadline_open(org=p.office, owner=p.owner, kind="people.info_check", title="人员信息核对：王大山（住址、联系电话）",
                  start_date=TODAY - dt.timedelta(days=14), due_date=TODAY + dt.timedelta(days=2), target=person,
                  link=person.get_absolute_url())
    return person, lambda: person_update(actor=p.owner, person=person,
                                         data=PersonInput(name="王大山", phone="13904765678", address_detail="西屯村三组"))


def _forward(close: Callable[[Any, Any], Any]) -> Scenario:
    def scenario(p: Any) -> tuple[Any, Callable[[], Any]]:
        application = legalaid_factories.application(p)
        return application, lambda: close(p, application)
    return scenario


def _agency_review(close: Callable[[Any, Any], Any]) -> Scenario:
    def scenario(p: Any) -> tuple[Any, Callable[[], Any]]:
        application = agency_factories.review(p)
        return application, lambda: close(p, application)
    return scenario


def _agency_case(close: Callable[[Any, Any], Any]) -> Scenario:
    def scenario(p: Any) -> tuple[Any, Callable[[], Any]]:
        case = agency_factories.case(p)
        return case, lambda: close(p, case)
    return scenario


def _rectify(p: Any) -> tuple[Any, Callable[[], Any]]:
    item = item_receive(actor=p.owner, item=supervision_factories.item(p))
    return item, lambda: item_rectify(actor=p.owner, item=item, text="逐件分析了超期原因，三件已办结，明确了责任人和时限。")


def _release(reason: str) -> Scenario:
    def scenario(p: Any) -> tuple[Any, Callable[[], Any]]:
        subject = correction_factories.subject(p)
        return subject, lambda: _release_now(p, subject, reason)
    return scenario


def _release_now(p: Any, subject: Any, reason: str) -> Any:
    return subject_release(actor=p.owner, subject=subject, reason=reason, date=TODAY, note="")


def _investigate(p: Any) -> tuple[Any, Callable[[], Any]]:
    inv = correction_factories.investigation(p)
    return inv, lambda: investigation_issue(actor=p.owner, investigation=inv, findings="有固定住所。", opinion="suitable",
                                            reasons="社会危险性小。", date=TODAY)


def _arrive_then_receive(p: Any) -> tuple[Any, Callable[[], Any]]:
    arrival = correction_factories.arrival(p)
    return arrival, lambda: subject_receive(
        actor=p.owner, org=p.office, person=PersonInput(name=arrival.person.name, id_number=arrival.person.reveal_id_number()),
        data=correction_factories.data(effective_date=arrival.effective_date, start_date=arrival.effective_date,
                                       reported_date=TODAY))


def _arrive_then_missing(p: Any) -> tuple[Any, Callable[[], Any]]:
    arrival = correction_factories.arrival(p)

    def missing() -> Any:
        # The ten days to report pass with nobody reporting (the record's last day moves into the past, as time would);
        # only then may the office find the person 漏管.
        arrival.due_date = TODAY - dt.timedelta(days=1)
        return arrival_mark_missing(actor=p.owner, arrival=arrival, note="走访住所无人，已请派出所协查")

    return arrival, missing
def _pending(close: Callable[[Any, Any], Any]) -> Scenario:
    def scenario(p: Any) -> tuple[Any, Callable[[], Any]]:
        released = resettlement_factories.released(p)
        return released, lambda: close(p, released)
    return scenario


def _received(close: Callable[[Any, Any], Any]) -> Scenario:
    def scenario(p: Any) -> tuple[Any, Callable[[], Any]]:
        released = resettlement_factories.received(p)
        return released, lambda: close(p, released)
    return scenario


def _assist_replied(p: Any) -> tuple[Any, Callable[[], Any]]:
    from resettlement import walk as resettlement_walk
    from resettlement.services import assist_reply

    request = resettlement_walk._received(p)  # sent by 三中街街道司法所 to the owner's office, which replies
    return request, lambda: assist_reply(actor=p.owner, request=request, result="not_found", reply="走访其亲属，近期未见")


def _resettle_visit(p: Any, released: Any) -> Any:
    return visit_record(actor=p.owner, released=released, date=TODAY, kind="home", content="在家务农，情绪稳定")


def _resettle_died(p: Any, released: Any) -> Any:
    return released_end(actor=p.owner, released=released, reason="died", date=TODAY)
def _duty_subject(p: Any) -> Any:
    effective = months_after(TODAY, -3)
    return correction_factories.subject(p, effective_date=effective, start_date=effective, reported_date=effective,
                                        end_date=months_after(effective, 24) - dt.timedelta(days=1))


def _trip(p: Any) -> Any:
    start = TODAY + dt.timedelta(days=3)
    return duties.request_submit(actor=p.owner, subject=_duty_subject(p), data=duties.RequestInput(
        kind="travel", reason="赴赤峰市医院复查", destination="赤峰市松山区", start_date=start, end_date=start + dt.timedelta(days=2)))


def _request_decided(p: Any) -> tuple[Any, Callable[[], Any]]:
    trip = _trip(p)
    return trip, lambda: duties.request_decide(actor=p.owner, request=trip, approve=True, note="同意")


def _request_returned(p: Any) -> tuple[Any, Callable[[], Any]]:
    trip = _trip(p)
    duties.request_decide(actor=p.owner, request=trip, approve=True, note="同意")
    trip.start_date = TODAY
    trip.save(update_fields=["start_date"])
    return trip, lambda: duties.request_return(actor=p.owner, request=trip, date=TODAY)


def _monitoring(p: Any) -> Any:
    return duties.monitoring_start(actor=p.owner, subject=_duty_subject(p), data=duties.MonitoringInput(
        trigger="ban_order", facts="违反禁止令进入酒吧", approver="王局长", approval_date=TODAY, start_date=TODAY,
        end_date=TODAY + dt.timedelta(days=60), device="DW-7001"))


def _monitoring_ended(p: Any) -> tuple[Any, Callable[[], Any]]:
    m = _monitoring(p)
    return m, lambda: duties.monitoring_end(actor=p.owner, monitoring=m, date=TODAY, note="经评估不需要继续使用")


def _monitoring_renewed(p: Any) -> tuple[Any, Callable[[], Any]]:
    m = _monitoring(p)
    return m, lambda: duties.monitoring_renew(actor=p.owner, monitoring=m, approver="王局长", approval_date=TODAY,
                                              end_date=TODAY + dt.timedelta(days=120), facts="经评估仍有必要")


def _abscond_found(p: Any) -> tuple[Any, Callable[[], Any]]:
    episode = duties.abscond_register(actor=p.owner, subject=_duty_subject(p), lost_date=TODAY - dt.timedelta(days=2), steps="电话联系未接通")
    return episode, lambda: duties.abscond_found(actor=p.owner, abscond=episode, found_date=TODAY, result="在外地打工，手机丢失")


def _review(close: Callable[[Any, Any], Any]) -> Scenario:
    def scenario(p: Any) -> tuple[Any, Callable[[], Any]]:
        review = legalaid_factories.forwarded_review(p)
        return review, lambda: close(p, review)
    return scenario


def _review_waiting(close: Callable[[Any, Any], Any]) -> Scenario:
    """The 机构 asked once for the missing materials (法律援助法 第四十三条第二款), with a reply date already past."""
    def scenario(p: Any) -> tuple[Any, Callable[[], Any]]:
        received = TODAY - dt.timedelta(days=10)
        review = legalaid_factories.forwarded_review(p, received_date=received, date=received)
        legalaid_centre.review_request_materials(actor=legalaid_factories.centre_user(p), review=review, materials="工资欠条原件",
                                                 date=received + dt.timedelta(days=1), reply_due=TODAY)
        return review, lambda: close(p, review)
    return scenario


def _review_granted(p: Any) -> tuple[Any, Callable[[], Any]]:
    review = legalaid_factories.forwarded_review(p)
    user = legalaid_factories.centre_user(p)
    legalaid_centre.review_decide(actor=user, review=review, grant=True)
    return review, lambda: legalaid_centre.review_assign(actor=user, review=review, provider_name="韩律师")


def _aid_case_ended(close: Callable[[Any, Any], Any]) -> Scenario:
    def scenario(p: Any) -> tuple[Any, Callable[[], Any]]:
        case = legalaid_factories.case(p)
        legalaid_cases.assignment_end(actor=legalaid_factories.centre_user(p), assignment=case, result="法院判决支付欠薪")
        return case, lambda: close(p, case)
    return scenario


def _review_objected(p: Any) -> tuple[Any, Callable[[], Any]]:
    review = legalaid_factories.forwarded_review(p)
    user = legalaid_factories.centre_user(p)
    legalaid_centre.review_decide(actor=user, review=review, grant=False, reason="家庭月人均收入高于经济困难标准")
    legalaid_centre.review_objection_record(actor=user, review=review, text="申请人认为收入计算有误")
    return review, lambda: legalaid_centre.review_objection_decide(actor=p.supervisor, review=review, result="upheld",
                                                                   note="收入核查无误，维持原决定")


def _centre(p: Any) -> Any:
    return legalaid_factories.centre_user(p)
def _transfer_reported(p: Any) -> tuple[Any, Callable[[], Any]]:
    """The county moves a subject from the other office of the county to the owner office; the owner office's head
    answers for the 报到 clock until the subject reports and the officer in charge is named."""
    from corrections.transfers import TransferInput, transfer_approve, transfer_report

    subject = subject_receive(actor=p.caseworker, org=p.sibling_office, person=correction_factories.person("邵国庆"),
                              data=correction_factories.data())
    transfer = transfer_approve(actor=p.caseworker, subject=subject, data=TransferInput(
        to_office=p.office, new_address="红山区西屯街道", reason="随子女迁居", decision_date=TODAY))
    transfer_handover(actor=p.caseworker, transfer=transfer, date=TODAY)
    return transfer, lambda: transfer_report(actor=p.owner, subject=subject, date=TODAY)


def _transfer_decided(close: Callable[[Any, Any], Any]) -> Scenario:
    """The owner office records a 变更执行地 decision (its 交接 clock runs five days from it), then ``close`` runs."""
    def scenario(p: Any) -> tuple[Any, Callable[[], Any]]:
        from corrections.transfers import TransferInput, transfer_approve

        subject = correction_factories.subject(p)
        transfer = transfer_approve(actor=p.owner, subject=subject, data=TransferInput(
            to_office=p.sibling_office, new_address="红山区三中街街道", reason="购房迁居", decision_date=TODAY))
        return transfer, lambda: close(p, transfer)
    return scenario


def _transferred_then_died(p: Any) -> tuple[Any, Callable[[], Any]]:
    """Handed over to the owner office and not yet reported when the subject dies: the 报到 clock closes."""
    transfer, _ = _transfer_reported(p)
    return transfer, lambda: _release_now(p, transfer.subject, "death")


SCENARIOS: dict[tuple[str, str], Scenario] = {
    ("mediation.conclude", "mediation.services.agreement_make"): _conclude_by_agreement,
    ("mediation.conclude", "mediation.services.dispute_fail"): _conclude_by_failure,
    ("mediation.judicial_confirmation", "mediation.services.confirmation_record"): _agreed_then(
        lambda p, d: confirmation_record(actor=p.owner, agreement=d.agreement, applied_date=TODAY)),
    ("mediation.judicial_confirmation", "mediation.services.dispute_close"): _agreed_then(_performed_then_closed),
    ("mediation.performance", "mediation.services.performance_record"): _agreed_then(
        lambda p, d: performance_record(actor=p.owner, item=_item(d), performed_date=TODAY)),
    ("mediation.performance", "mediation.services.performance_unperformed_record"): _agreed_then(
        lambda p, d: performance_unperformed_record(actor=p.owner, item=_item(d), route="litigation", note="", date=TODAY)),
    ("mediation.performance", "mediation.services.followup_record"): _agreed_then(lambda p, d: _visit(p, d)),
    ("mediation.performance", "mediation.services.dispute_close"): _agreed_then(
        lambda p, d: (confirmation_record(actor=p.owner, agreement=d.agreement, applied_date=TODAY),
                      dispute_close(actor=p.owner, dispute=d, date=TODAY))),
    ("mediation.followup", "mediation.services.followup_record"): _agreed_then(lambda p, d: _visit(p, d, "none")),
    ("mediation.followup", "mediation.services.dispute_close"): _agreed_then(_performed_then_closed),
    ("agency.review_forward", "agency.services.review_forward"): _agency_review(
        lambda p, a: agency_services.review_forward(actor=p.owner, application=a)),
    ("agency.review_forward", "agency.services.review_withdraw"): _agency_review(
        lambda p, a: agency_services.review_withdraw(actor=p.owner, application=a, reason="双方协商解决，申请人撤回")),
    ("agency.case_forward", "agency.services.case_forward"): _agency_case(
        lambda p, c: agency_services.case_forward(actor=p.owner, case=c)),
    ("agency.case_forward", "agency.services.case_result"): _agency_case(
        lambda p, c: agency_services.case_result(actor=p.owner, case=c, done=False, result="当事人自愿放弃办理")),
    ("legalaid.forward", "legalaid.services.application_forward"): _forward(
        lambda p, a: application_forward(actor=p.owner, application=a)),
    ("legalaid.forward", "legalaid.services.application_not_accept"): _forward(
        lambda p, a: application_not_accept(actor=p.owner, application=a, reason="申请人已委托律师代理")),
    ("legalaid.decide", "legalaid.centre.review_decide"): _review(
        lambda p, r: legalaid_centre.review_decide(actor=_centre(p), review=r, grant=True)),
    ("legalaid.decide", "legalaid.centre.review_request_materials"): _review(
        lambda p, r: legalaid_centre.review_request_materials(actor=_centre(p), review=r, materials="劳动合同或工资欠条")),
    ("legalaid.materials_reply", "legalaid.centre.review_materials_receive"): _review_waiting(
        lambda p, r: legalaid_centre.review_materials_receive(actor=_centre(p), review=r)),
    # The reply date passes with nothing supplied: the next day's task treats the application as withdrawn.
    ("legalaid.materials_reply", "legalaid.centre.reviews_withdraw_lapsed"): _review_waiting(
        lambda p, r: legalaid_centre.reviews_withdraw_lapsed(today=TODAY + dt.timedelta(days=1))),
    ("legalaid.assign", "legalaid.centre.review_assign"): _review_granted,
    ("legalaid.objection", "legalaid.centre.review_objection_decide"): _review_objected,
    ("legalaid.close", "legalaid.cases.assignment_close"): _aid_case_ended(
        lambda p, c: legalaid_cases.assignment_close(actor=_centre(p), assignment=c, report="代理诉讼，法院判决支付全部欠薪。",
                                                     materials="判决书副本")),
    ("legalaid.close", "legalaid.cases.assignment_terminate"): _aid_case_ended(
        lambda p, c: legalaid_cases.assignment_terminate(actor=_centre(p), assignment=c, ground="recipient_request",
                                                         note="受援人书面要求终止")),
    ("legalaid.close", "legalaid.cases.assignment_change"): _aid_case_ended(
        lambda p, c: legalaid_cases.assignment_change(actor=_centre(p), assignment=c, reason="原承办律师调离",
                                                      provider=legalaid_factories.provider(p, name="苏律师"))),
    ("supervision.rectify", "supervision.services.item_rectify"): _rectify,
    ("people.info_check", "people.services.person_update"): _info_check,
    ("corrections.discharge", "corrections.services.subject_release"): _release("death"),
    ("corrections.investigation", "corrections.investigations.investigation_issue"): _investigate,
    ("corrections.arrival", "corrections.services.subject_receive"): _arrive_then_receive,
    ("corrections.arrival", "corrections.reception.arrival_mark_missing"): _arrive_then_missing,
    ("resettlement.handover", "resettlement.services.handover_record"): _pending(
        lambda p, r: handover_record(actor=p.owner, released=r, date=TODAY, method="self")),
    ("resettlement.handover", "resettlement.services.released_end"): _pending(_resettle_died),
    # A visit closes the visit that was due; the next one it schedules is a new clock.
    ("resettlement.visit", "resettlement.services.visit_record"): _received(_resettle_visit),
    ("resettlement.visit", "resettlement.services.released_end"): _received(_resettle_died),
    ("resettlement.period", "resettlement.services.released_end"): _received(_resettle_died),
    ("resettlement.assist_reply", "resettlement.services.assist_reply"): _assist_replied,
    ("corrections.request_decide", "corrections.duties.request_decide"): _request_decided,
    ("corrections.request_return", "corrections.duties.request_return"): _request_returned,
    ("corrections.monitoring_end", "corrections.duties.monitoring_end"): _monitoring_ended,
    ("corrections.monitoring_end", "corrections.duties.monitoring_renew"): _monitoring_renewed,
    ("corrections.abscond_search", "corrections.duties.abscond_found"): _abscond_found,
    ("corrections.transfer_report", "corrections.transfers.transfer_report"): _transfer_reported,
    ("corrections.transfer_report", "corrections.services.subject_release"): _transferred_then_died,
    ("corrections.transfer_handover", "corrections.transfers.transfer_handover"): _transfer_decided(
        lambda p, t: transfer_handover(actor=p.owner, transfer=t, date=TODAY)),
    ("corrections.transfer_handover", "corrections.transfers.transfer_cancel"): _transfer_decided(
        lambda p, t: transfer_cancel(actor=p.owner, transfer=t, reason="对象放弃迁居")),
    ("corrections.transfer_handover", "corrections.services.subject_release"): _transfer_decided(
        lambda p, t: _release_now(p, t.subject, "death")),
}


def test_every_declared_clock_kind_names_real_closing_services_and_has_a_scenario_for_each():
    assert CLOCK_KINDS, "no clock kinds declared"
    declared = {(code, closer) for code, clock in CLOCK_KINDS.items() for closer in clock.closed_by}
    for _, closer in declared:
        assert callable(import_string(closer)), closer
    assert declared == set(SCENARIOS), "each (clock kind, closing service) pair needs a scenario in SCENARIOS"


def test_a_clock_of_an_undeclared_kind_is_refused(personas):
    with pytest.raises(ValueError, match="undeclared clock kind"):
        deadline_open(org=personas.office, owner=personas.owner, kind="mediation.unknown", title="未声明的期限",
                      start_date=TODAY, due_date=TODAY)


@pytest.mark.parametrize(("kind", "closer"), sorted(SCENARIOS), ids=[f"{k}<-{c.rsplit('.', 1)[1]}" for k, c in sorted(SCENARIOS)])
def test_the_closing_transition_closes_the_clock(personas, client, kind, closer):
    target, close = SCENARIOS[(kind, closer)](personas)
    opened = list(open_deadlines_for(target, kind))
    assert opened, f"the scenario opened no {kind} clock"
    close()
    for clock in opened:
        clock.refresh_from_db()
        assert clock.status in (Deadline.Status.DONE, Deadline.Status.CANCELLED), (clock.title, clock.status)
    # Long after every due date: the deadline task makes none of them overdue and sends no reminder.
    later = max(c.due_date for c in opened) + dt.timedelta(days=60)
    Notification.objects.all().delete()
    deadlines_refresh(today=later)
    titles = [c.title for c in opened]
    assert not Deadline.objects.filter(pk__in=[c.pk for c in opened], state=Deadline.State.OVERDUE).exists()
    assert not Notification.objects.filter(title__startswith=titles[0]).exists()
    # No 超期事项 warning names it, and 今日待办 does not list it.
    facts = " ".join(f.facts for f in deadlines_overdue({"min_count": 1}, later).findings)
    client.force_login(opened[0].owner)
    page = client.get("/").content.decode()
    for title in titles:
        assert title not in facts
        assert title not in page
