"""分类管理 and the 矫正方案 on realistic subjects: the plans differ where the conditions differ, every measure names
the conditions that triggered it and its legal basis, and bad input is refused in Chinese with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import ValidationFailed
from core.models import AuditEvent, WorkEvent
from corrections import plans
from corrections.models import CorrectionPlan, GradeChange, RegradeProposal, RiskAssessment, StrategyMeasure, months_after
from corrections.tests import plan_factories as pf

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def generated(personas, subject, level="low"):
    pf.assess(personas, subject, level)
    return plans.plan_generate(actor=personas.owner, subject=subject)


def codes(plan):
    return {m.strategy.code for m in plan.measures.select_related("strategy") if m.strategy}


def test_the_default_library_has_sixteen_categories_and_forty_eight_measures_with_legal_basis():
    measures = list(StrategyMeasure.objects.select_related("category"))
    assert len({m.category_id for m in measures}) == 16 and len(measures) == 48
    assert all(m.legal_basis and m.conditions for m in measures)
    keys = {c.key for c in plans.CONDITIONS}
    assert all(c.partition("=")[0] in keys for m in measures for c in m.conditions)
    assert 27 <= len(plans.CONDITIONS) <= 30


def test_plans_for_five_realistic_subjects_differ_in_the_expected_ways(personas):
    minor = generated(personas, pf.minor(personas))
    driver = generated(personas, pf.drunk_driver(personas))
    ill = generated(personas, pf.ill_outside(personas))
    parolee = generated(personas, pf.drug_parolee(personas))
    mother = generated(personas, pf.mother(personas))

    assert {"minor_separate", "minor_guardian", "minor_school", "property_study", "family_repair"} <= codes(minor)
    assert not codes(minor) & {"traffic_study", "illness_report", "drug_test", "female_team"}
    assert "未成年人" in minor.psychology and "第五十二条" in minor.psychology

    assert {"traffic_study", "traffic_service", "alcohol_help"} <= codes(driver)
    assert not codes(driver) & {"minor_separate", "drug_test", "job_guidance"}

    assert {"illness_report", "illness_recheck", "illness_hospital"} <= codes(ill)
    recheck = ill.measures.get(strategy__code="illness_recheck")
    assert (recheck.obligation, recheck.count, recheck.period) == ("病情复查", 1, "quarter")
    # 公益活动 only for those able to work (社区矫正法 第四十二条): not for a subject out on medical parole.
    assert not ill.measures.filter(obligation="公益活动").exists()
    assert driver.measures.filter(obligation="公益活动", strategy=None).exists()

    assert {"drug_test", "drug_study", "drug_rehab", "job_training", "job_guidance", "job_followup", "prior_visit",
            "remorse_study"} <= codes(parolee)
    assert {"female_team", "family_time", "family_repair", "relief", "insurance", "legal_aid"} <= codes(mother)
    assert "female_team" not in codes(parolee)

    for plan in (minor, driver, ill, parolee, mother):
        assert plan.status == "draft" and plan.version == 1 and plan.basic_facts and plan.assessment_result
        for m in plan.measures.all():
            assert m.triggers and all(t["label"] and t["value"] for t in m.triggers), m.title
            assert m.legal_basis, m.title
        # Everyone reported five days ago: 入矫初期, so 严管 and the intake measures.
        assert plan.level.code == "strict" and "initial_study" in codes(plan)
        assert plan.measures.get(obligation="报到", strategy=None).triggers == [{"key": "level", "label": "管理等级", "value": "严管"}]


def test_the_level_sets_the_contact_standards(personas):
    effective = TODAY - dt.timedelta(days=200)
    subject = pf.receive(personas, "周建华", effective_date=effective, start_date=effective, reported_date=effective + dt.timedelta(days=3),
                         end_date=months_after(effective, 24) - dt.timedelta(days=1))
    plan = generated(personas, subject, "low")
    assert plan.level.code == "lenient"
    report = plan.measures.get(obligation="报到", strategy=None)
    assert (report.count, report.period) == (1, "month")
    study = plan.measures.get(obligation="教育学习", strategy=None)
    assert study.hours_per_month == 8 and "initial_study" not in codes(plan)


def test_assessment_scores_every_item_transparently_and_records_ledger_and_history(personas):
    subject = pf.drunk_driver(personas)
    a = pf.assess(personas, subject, "low", substance="alcohol", employment="casual")
    by_code = {row["code"]: row for row in a.answers}
    assert by_code["substance"]["points"] == 2 and by_code["employment"]["points"] == 1 and a.total == 3
    assert by_code["substance"]["label"] == "酗酒或赌博" and by_code["substance"]["question"]
    # The band says 宽管; 入矫不满两个月 makes it 严管 (分类管理办法), and the reason says so.
    assert a.suggested_level.code == "strict" and a.level.code == "strict"
    change = GradeChange.objects.get(subject=subject)
    assert "入矫不满两个月" in change.reason and "3分" in change.reason and change.source == "assessment"
    assert WorkEvent.objects.filter(event_type="corrections.assessment").count() == 1
    assert WorkEvent.objects.filter(event_type="corrections.classified").count() == 1


def test_override_needs_a_reason_in_chinese_and_saves_nothing_without_one(personas):
    subject = pf.drunk_driver(personas)
    with pytest.raises(ValidationFailed, match="须写明理由") as exc:
        pf.assess(personas, subject, "low", override_level="normal", override_reason="")
    assert exc.value.field == "override_reason"
    assert not RiskAssessment.objects.exists() and not GradeChange.objects.exists()
    a = pf.assess(personas, subject, "low", override_level="normal", override_reason="家庭监护得力，已稳定就业")
    assert a.overridden and a.level.code == "normal" and a.suggested_level.code == "strict"
    assert "家庭监护得力" in GradeChange.objects.get(subject=subject).reason


@pytest.mark.parametrize(("answers", "message"), [
    ({"prior": ""}, "未作答"),
    ({"prior": "many"}, "选项“many”无效"),
])
def test_bad_answers_are_refused(personas, answers, message):
    subject = pf.drunk_driver(personas)
    with pytest.raises(ValidationFailed, match=message):
        pf.assess(personas, subject, "low", **answers)
    assert not RiskAssessment.objects.exists()


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"education": "phd"}, "education", "取值“phd”无效"),
    ({"sex": "female"}, "sex", "自动得出"),
    ({"hobby": "yes"}, "hobby", "不是矫正对象基本情况的项目"),
    ({"outside_reason": "illness"}, "outside_reason", "应选“不适用”"),
])
def test_bad_conditions_are_refused(personas, values, field, message):
    subject = pf.drunk_driver(personas)
    with pytest.raises(ValidationFailed, match=message) as exc:
        plans.conditions_update(actor=personas.owner, subject=subject, values=values)
    assert exc.value.field == field


def test_a_plan_needs_a_level_then_staff_edit_and_approve_and_obligations_follow(personas):
    subject = pf.ill_outside(personas)
    with pytest.raises(ValidationFailed, match="请先进行入矫风险需求评估"):
        plans.plan_generate(actor=personas.owner, subject=subject)
    plan = generated(personas, subject)
    assert plans.plan_obligations(plan) == []  # a draft schedules nothing
    talk = plan.measures.filter(obligation="个别谈话").first()
    plans.plan_measure_save(actor=personas.owner, plan=plan, measure=talk, data=plans.MeasureInput(
        section=talk.section, title=talk.title, legal_basis=talk.legal_basis, obligation="个别谈话", count=2, period="month"))
    with pytest.raises(ValidationFailed, match="说明增加该措施的理由"):
        plans.plan_measure_save(actor=personas.owner, plan=plan, data=plans.MeasureInput(
            section="assistance", title="协调低保", legal_basis="社区矫正法 第四十三条"))
    added = plans.plan_measure_save(actor=personas.owner, plan=plan, data=plans.MeasureInput(
        section="assistance", title="协调办理医疗救助", legal_basis="社区矫正法 第四十三条", note="住院费用负担重"))
    assert added.triggers[0]["value"] == "住院费用负担重"
    plans.plan_approve(actor=personas.owner, plan=plan)
    obligations = plans.plan_obligations(plan)
    kinds = {o["kind"] for o in obligations}
    assert {"报到", "书面报告", "个别谈话", "教育学习", "走访", "信息化核查", "病情复查"} <= kinds and "公益活动" not in kinds
    assert all(o["legal_basis"] and o["title"] for o in obligations)
    assert all((o["count"] and o["period"]) or o["hours_per_month"] for o in obligations)
    assert {"kind": "个别谈话", "count": 2, "period": "month"}.items() <= next(
        o for o in obligations if o["measure_id"] == talk.pk).items()
    assert WorkEvent.objects.filter(event_type="corrections.plan_approved").count() == 1
    # The approval schedules the plan's measures as the subject's dated obligations (the phone page shows them).
    scheduled = subject.obligations.filter(source="plan")
    assert scheduled.filter(kind="talk").exists() and scheduled.filter(kind="health_report").exists()
    assert not scheduled.filter(kind="community_service").exists()
    this_month = scheduled.filter(kind="talk", due_date__lte=subject.end_date).values_list("due_date", flat=True)
    assert len(this_month) >= 2
    with pytest.raises(ValidationFailed, match="不能修改"):
        plans.plan_update(actor=personas.owner, plan=plan, basic_facts="x", assessment_result="y", psychology="z")


def test_plans_are_versioned_and_reproposed_when_circumstances_or_level_change(personas):
    subject = pf.drunk_driver(personas)
    first = generated(personas, subject)
    plans.plan_approve(actor=personas.owner, plan=first)
    plans.conditions_update(actor=personas.owner, subject=subject, values={"employment": "unemployed"})
    second = CorrectionPlan.objects.get(subject=subject, status="draft")
    assert second.version == 2 and "就业就学" in second.trigger and "job_guidance" in codes(second)
    plans.plan_approve(actor=personas.owner, plan=second)
    first.refresh_from_db()
    assert first.status == "superseded"
    plans.grade_adjust(actor=personas.owner, subject=subject, level_code="normal", reason="经县级社区矫正机构同意")
    third = CorrectionPlan.objects.get(subject=subject, status="draft")
    assert third.version == 3 and "严管调整为普管" in third.trigger and third.level.code == "normal"
    with pytest.raises(ValidationFailed, match="理由"):
        plans.grade_adjust(actor=personas.owner, subject=subject, level_code="strict", reason="")
    assert AuditEvent.objects.filter(summary__startswith="管理等级调整为普管").exists()


def test_regrading_proposals_after_the_first_two_months_after_a_warning_and_after_good_records(personas):
    effective = TODAY - dt.timedelta(days=100)
    subject = pf.receive(personas, "吴国庆", effective_date=effective, start_date=effective, reported_date=effective + dt.timedelta(days=2),
                         end_date=months_after(effective, 24) - dt.timedelta(days=1))
    pf.assess(personas, subject, "low", on=effective + dt.timedelta(days=3))  # in the first two months: 严管
    assert plans.current_grade(subject).level.code == "strict"
    progress = []
    made = plans.regrade_scan(actor=personas.owner, subjects=subject.__class__.objects.all(),
                              progress=lambda done, total: progress.append((done, total)))
    proposal = RegradeProposal.objects.get(subject=subject)
    assert made == 1 and progress[-1] == (1, 1)
    assert (proposal.to_level.code, proposal.source) == ("lenient", "initial_period") and "满两个月" in proposal.reason
    assert plans.regrade_scan(actor=personas.owner, subjects=subject.__class__.objects.all()) == 0  # one pending at a time
    with pytest.raises(ValidationFailed, match="不予调整的，须写明理由"):
        plans.proposal_decide(actor=personas.owner, proposal=proposal, approve=False)
    plans.proposal_decide(actor=personas.owner, proposal=proposal, approve=True, note="同意")
    assert plans.current_grade(subject).level.code == "lenient"

    plans.conditions_update(actor=personas.owner, subject=subject, values={"sanctions": "warned"})
    plans.regrade_scan(actor=personas.owner, subjects=subject.__class__.objects.all())
    warned = RegradeProposal.objects.get(subject=subject, status="pending")
    assert (warned.to_level.code, warned.source) == ("strict", "penalty") and "警告" in warned.reason
    plans.proposal_decide(actor=personas.owner, proposal=warned, approve=True)

    plans.conditions_update(actor=personas.owner, subject=subject, values={"sanctions": "none", "review_record": "good"})
    plans.regrade_scan(actor=personas.owner, subjects=subject.__class__.objects.all())
    good = RegradeProposal.objects.get(subject=subject, status="pending")
    assert (good.to_level.code, good.source) == ("normal", "good_record")
    assert [c.level.code for c in GradeChange.objects.filter(subject=subject).order_by("id")] == ["strict", "lenient", "strict"]


def test_auc_and_the_validation_report(personas):
    assert plans.auc([3, 4], [1, 2]) == 1.0 and plans.auc([1], [1]) == 0.5 and plans.auc([], [1]) is None
    assert plans.auc([2, 1], [1, 3]) == pytest.approx(0.375)
    risky = pf.drug_parolee(personas)
    pf.assess(personas, risky, "high")
    calm = pf.drunk_driver(personas)
    pf.assess(personas, calm, "low")
    plans.grade_adjust(actor=personas.owner, subject=risky, level_code="normal", reason="试行放宽")
    GradeChange.objects.filter(subject=risky, source="manual").update(source="penalty")
    report = plans.grade_validation(risky.__class__.objects.all())
    overall = report["overall"]
    # By the instrument's band (both are 严管 today only because they are in their first two months).
    rows = {row["level"]: row for row in overall["by_level"]}
    assert (overall["count"], overall["violations"]) == (2, 1)
    assert (rows["严管"]["count"], rows["严管"]["violations"], rows["严管"]["rate"]) == (1, 1, 100.0)
    assert (rows["宽管"]["count"], rows["宽管"]["violations"], rows["宽管"]["rate"]) == (1, 0, 0.0)
    assert rows["普管"]["rate"] is None
    assert overall["auc"] is None and not overall["enough"] and report["simulated"] is False
    assert [row["count"] for row in report["by_sex"]] == [2, 0]


def test_a_refused_proposal_is_not_made_again_for_a_month(personas):
    effective = TODAY - dt.timedelta(days=100)
    subject = pf.receive(personas, "冯立军", effective_date=effective, start_date=effective, reported_date=effective + dt.timedelta(days=2),
                         end_date=months_after(effective, 24) - dt.timedelta(days=1))
    pf.assess(personas, subject, "low", on=effective + dt.timedelta(days=3))
    everyone = subject.__class__.objects.all()
    plans.regrade_scan(actor=personas.owner, subjects=everyone)
    plans.proposal_decide(actor=personas.owner, proposal=RegradeProposal.objects.get(), approve=False, note="家属反映近期情绪不稳")
    assert plans.regrade_scan(actor=personas.owner, subjects=everyone) == 0
    assert plans.regrade_scan(actor=personas.owner, subjects=everyone, today=TODAY + dt.timedelta(days=31)) == 1
    with pytest.raises(ValidationFailed, match="不能再次审批"):
        plans.proposal_decide(actor=personas.owner, proposal=RegradeProposal.objects.get(status="rejected"), approve=True)
