from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.errors import ValidationFailed
from core.models import Deadline, Notification, WorkEvent
from mediation.choices import Outcome, RejectReason, Status
from mediation.models import Agreement, Dispute
from mediation.services import (
    AgreementInput,
    PerformanceInput,
    agreement_make,
    confirmation_record,
    dispute_accept,
    dispute_archive,
    dispute_close,
    dispute_escalate,
    dispute_fail,
    dispute_reject,
    followup_record,
    performance_record,
    session_record,
)
from mediation.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _events(dispute):
    return list(
        WorkEvent.objects.filter(content_type__model="dispute", object_id=str(dispute.pk))
        .order_by("id")
        .values_list("event_type", flat=True)
    )


def test_full_life_cycle_writes_ledger_deadlines_and_timeline(personas):
    d = factories.dispute(personas, received=TODAY - dt.timedelta(days=20))
    m = factories.mediator(personas)
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY - dt.timedelta(days=19), mediator_ids=[m.pk])
    assert d.number == f"（{(TODAY - dt.timedelta(days=19)).year}）红西司人调字第1号"
    conclude = Deadline.objects.get(kind="mediation.conclude")
    assert conclude.status == "open" and conclude.due_date > d.accepted_date + dt.timedelta(days=27)
    session_record(actor=personas.owner, dispute=d, date=TODAY - dt.timedelta(days=10), place="司法所调解室",
                   hosts="赵调解", record="双方陈述……经调解，双方同意由李二河拆除围墙并赔偿。")
    assert Dispute.objects.get(pk=d.pk).status == Status.MEDIATING
    respondent = d.parties.get(role="respondent")
    agreement = agreement_make(actor=personas.owner, dispute=d, data=AgreementInput(
        kind=Outcome.WRITTEN, facts="宅基地界址争议", content="一、李二河于十日内拆除围墙；二、赔偿王大山损失2000元。",
        signed_date=TODAY - dt.timedelta(days=5), amount=Decimal("2000"),
        items=[PerformanceInput(respondent.pk, "赔偿损失2000元", TODAY + dt.timedelta(days=5), Decimal("2000"))]))
    assert agreement.copies == 3 and agreement.number == d.number
    assert agreement.confirmation_deadline >= agreement.effective_date + dt.timedelta(days=30)
    kinds = set(Deadline.objects.filter(status="open").values_list("kind", flat=True))
    assert kinds == {"mediation.judicial_confirmation", "mediation.performance", "mediation.followup"}
    assert Deadline.objects.get(kind="mediation.conclude").status == "done"
    confirmation_record(actor=personas.owner, agreement=agreement, applied_date=TODAY)
    performance_record(actor=personas.owner, item=agreement.items.get(), performed_date=TODAY)
    d.refresh_from_db()
    assert d.status == Status.PERFORMED
    followup_record(actor=personas.owner, dispute=d, date=TODAY, visitor="赵调解", visited="王大山", performance="full",
                    satisfaction="satisfied", situation="已履行完毕，双方满意。")
    assert not Deadline.objects.filter(status="open").exists()
    dispute_close(actor=personas.owner, dispute=d, date=TODAY)
    dispute_archive(actor=personas.owner, dispute=d, date=TODAY)
    assert _events(d) == [
        "mediation.dispute_registered", "mediation.dispute_accepted", "mediation.session", "mediation.agreement_written",
        "mediation.settled_amount", "mediation.confirmation_applied", "mediation.followup", "mediation.dispute_closed",
        "mediation.dispute_archived",
    ]
    assert WorkEvent.objects.get(event_type="mediation.settled_amount").quantity == Decimal("2000")
    assert [s.kind for s in d.steps.all()][:3] == ["register", "accept", "assign"]


def test_reject_needs_a_legal_reason(personas):
    d = factories.dispute(personas)
    with pytest.raises(ValidationFailed, match="不予受理的事由"):
        dispute_reject(actor=personas.owner, dispute=d, reason="", date=TODAY)
    dispute_reject(actor=personas.owner, dispute=d, reason=RejectReason.OTHER_AUTHORITY, date=TODAY)
    assert Dispute.objects.get(pk=d.pk).status == Status.REJECTED


def test_agreement_rejects_deadline_before_agreement_and_saves_nothing(personas):
    d = factories.dispute(personas)
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY - dt.timedelta(days=10))
    respondent = d.parties.get(role="respondent")
    with pytest.raises(ValidationFailed, match="早于协议日期"):
        agreement_make(actor=personas.owner, dispute=d, data=AgreementInput(
            kind=Outcome.WRITTEN, facts="事实", content="内容", signed_date=TODAY - dt.timedelta(days=1),
            items=[PerformanceInput(respondent.pk, "付款", TODAY - dt.timedelta(days=3))]))
    d.refresh_from_db()
    assert d.status == Status.ACCEPTED and d.outcome == ""
    assert not Agreement.objects.exists() and not Deadline.objects.filter(kind="mediation.performance").exists()


def test_agreement_requires_signature_date(personas):
    d = factories.dispute(personas)
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY)
    with pytest.raises(ValidationFailed, match="签字"):
        agreement_make(actor=personas.owner, dispute=d, data=AgreementInput(
            kind=Outcome.ORAL, facts="事实", content="内容", signed_date=None))  # type: ignore[arg-type]


def test_failed_mediation_must_tell_the_parties_the_routes(personas):
    d = factories.dispute(personas)
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY)
    with pytest.raises(ValidationFailed, match="其他解决途径"):
        dispute_fail(actor=personas.owner, dispute=d, date=TODAY, routes=" ")
    dispute_fail(actor=personas.owner, dispute=d, date=TODAY, routes="已告知可向人民法院起诉")
    assert Dispute.objects.get(pk=d.pk).outcome == Outcome.FAILED


def test_risk_flag_warns_the_office_head(personas):
    factories.dispute(personas, org=personas.committee, may_turn_criminal=True)
    note = Notification.objects.get(user=personas.head)
    assert "可能激化为治安、刑事案件" in note.title


def test_escalation_moves_up_and_keeps_history(personas):
    d = factories.dispute(personas, org=personas.committee)
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY)
    with pytest.raises(ValidationFailed, match="上级"):
        dispute_escalate(actor=personas.owner, dispute=d, to_org=personas.other_office, reason="难以调处")
    dispute_escalate(actor=personas.owner, dispute=d, to_org=personas.office, reason="村调委会调解未果")
    d.refresh_from_db()
    assert d.org == personas.office and d.level == "office"
    assert "提交西屯街道司法所" in d.steps.get(kind="escalate").summary
    assert Deadline.objects.get(kind="mediation.conclude").org == personas.office


def test_outsider_cannot_see_disputes(personas):
    d = factories.dispute(personas)
    assert Dispute.objects.visible_to(personas.supervisor).filter(pk=d.pk).exists()
    assert not Dispute.objects.visible_to(personas.outsider).filter(pk=d.pk).exists()
    assert not Dispute.objects.visible_to(personas.readonly, "change").filter(pk=d.pk).exists()


def test_a_dispute_unconcluded_after_a_month_enters_the_ledger_once(personas):
    from core.deadlines import deadlines_refresh

    d = factories.dispute(personas, received=TODAY - dt.timedelta(days=60))
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY - dt.timedelta(days=60))
    deadlines_refresh()
    deadlines_refresh()
    assert WorkEvent.objects.filter(event_type="mediation.overdue", object_id=str(d.pk)).count() == 1


def test_mediators_designated_by_the_committee_or_chosen_by_the_parties_with_experts(personas):
    from mediation.services import dispute_assign, expert_add

    d = factories.dispute(personas)
    zhao, qian = factories.mediator(personas, "赵调解"), factories.mediator(personas, "钱调解")
    expert = expert_add(actor=personas.supervisor, org=personas.county, name="周律师", kind="lawyer", speciality="婚姻家庭")
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY, mediator_ids=[zhao.pk])
    assert not d.mediators_chosen_by_parties
    dispute_assign(actor=personas.owner, dispute=d, mediator_ids=[qian.pk], expert_ids=[expert.pk], chosen_by_parties=True)
    d.refresh_from_db()
    assert d.mediators_chosen_by_parties and list(d.mediators.all()) == [qian] and list(d.experts.all()) == [expert]
    # 人民调解法 第十九条: the timeline keeps both: first designated, then the parties' choice with the 专家会诊.
    assert [s.summary for s in d.steps.filter(kind="assign")] == ["指派调解员：赵调解", "当事人选择调解员：钱调解；邀请专家：周律师"]


def test_escalation_village_to_office_to_joint_mediation_keeps_the_whole_history(personas):
    d = factories.dispute(personas, org=personas.committee)
    assert d.level == "village"
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY)
    number = d.number  # issued by the committee that accepted it; the case keeps it wherever it goes
    session_record(actor=personas.owner, dispute=d, date=TODAY, place="村调解室", hosts="村调解员", record="双方分歧较大。")
    dispute_escalate(actor=personas.owner, dispute=d, to_org=personas.office, reason="村调委会调解未果")
    dispute_escalate(actor=personas.supervisor, dispute=d, to_org=personas.county, reason="涉及土地权属，需公安、法院和自然资源部门联合调解")
    d.refresh_from_db()
    assert (d.org, d.level, d.number) == (personas.county, "joint", number)
    steps = list(d.steps.order_by("id").values_list("kind", "org__name"))
    assert steps == [("register", "一西街社区人民调解委员会"), ("accept", "一西街社区人民调解委员会"),
                     ("session", "一西街社区人民调解委员会"), ("escalate", "西屯街道司法所"), ("escalate", "红山区司法局")]
    assert d.sessions.count() == 1  # the village committee's record stays with the dispute
    # Sent to the county bureau it becomes a 联合调解, which the ledger counts once.
    assert _events(d)[-3:] == ["mediation.dispute_escalated", "mediation.joint_mediation", "mediation.dispute_escalated"]
    with pytest.raises(ValidationFailed, match="上级"):
        dispute_escalate(actor=personas.supervisor, dispute=d, to_org=personas.office, reason="退回")


def test_may_turn_criminal_warns_the_office_head_when_flagged_later_and_when_reported(personas):
    from mediation.services import dispute_report_risk, dispute_update

    d = factories.dispute(personas, org=personas.committee)
    assert not Notification.objects.filter(user=personas.head).exists()
    dispute_update(actor=personas.owner, dispute=d, changes={"may_turn_criminal": True})
    dispute_update(actor=personas.owner, dispute=d, changes={"facts": "双方又发生口角。"})  # no second warning for the same flag
    assert Notification.objects.filter(user=personas.head, title__contains="可能激化为治安、刑事案件").count() == 1
    dispute_report_risk(actor=personas.owner, dispute=d, date=TODAY, note="一方扬言动手")
    note = Notification.objects.get(user=personas.head, title__contains="防民转刑")
    assert note.level == "danger" and note.link == d.get_absolute_url()
    d.refresh_from_db()
    assert d.reported_to_police_date == TODAY and "报告公安机关：一方扬言动手" in d.steps.get(kind="risk").summary
    assert "mediation.risk_reported" in _events(d)
