from __future__ import annotations

import datetime as dt
import random

import pytest
from faker import Faker

from consultation.demo import seed_consultations
from consultation.models import Consultation
from core.demo import DemoContext
from core.models import WorkEvent

pytestmark = pytest.mark.django_db


def test_demo_consultations_run_through_the_services(personas):
    faker = Faker("zh_CN")
    faker.seed_instance(3)
    today = dt.date.today()
    ctx = DemoContext(rng=random.Random(3), faker=faker, scale="city", offices=[personas.office], committees={}, villages={},
                      office_users={personas.office.pk: [personas.head, personas.owner]}, out=lambda line: None, today=today)
    converted = seed_consultations(ctx, office=personas.office, users=[personas.head, personas.owner], count=40)
    rows = list(Consultation.objects.select_related("dispute"))
    assert len(rows) == 40 and converted >= 1
    assert WorkEvent.objects.filter(event_type="consultation.recorded").count() == 40
    assert sum(1 for c in rows if c.follow_up == "dispute") == converted
    assert all(c.dispute.facts == c.question for c in rows if c.dispute)
    assert all(today - dt.timedelta(days=365) <= c.date <= today for c in rows)
    assert all("{" not in c.question and c.laws for c in rows)
    assert len({c.topic for c in rows}) >= 8 and len({c.channel for c in rows}) >= 3
