from __future__ import annotations

import datetime as dt
import random

import pytest
from faker import Faker

from core.demo import DemoContext
from corrections import plans
from corrections.demo import seed_plans, seed_subjects
from corrections.models import CorrectionPlan, RiskAssessment, Subject

pytestmark = pytest.mark.django_db


def test_demo_plans_assess_every_subject_approve_most_plans_and_are_marked_simulated(personas):
    faker = Faker("zh_CN")
    faker.seed_instance(7)
    ctx = DemoContext(rng=random.Random(7), faker=faker, scale="city", offices=[personas.office], committees={}, villages={},
                      office_users={personas.office.pk: [personas.head, personas.owner]}, out=lambda line: None,
                      today=dt.date.today())
    seed_subjects(ctx, office=personas.office, users=[personas.head, personas.owner], count=40)
    assert seed_plans(ctx, office=personas.office) == 40
    assert RiskAssessment.objects.count() == 40 and all(a.simulated for a in RiskAssessment.objects.all())
    assert CorrectionPlan.objects.filter(status="approved").count() >= 25
    assert all(p.measures.exists() for p in CorrectionPlan.objects.all())
    report = plans.grade_validation(Subject.objects.all())
    assert report["simulated"] and report["overall"]["count"] == 40 and report["overall"]["violations"] >= 1
    assert {row["level"] for row in report["overall"]["by_level"] if row["count"]} >= {"严管"}
