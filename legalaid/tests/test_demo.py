from __future__ import annotations

import datetime as dt
import random

import pytest
from faker import Faker

from consultation.demo import seed_consultations
from core.demo import DemoContext
from core.models import Deadline, WorkEvent
from legalaid.demo import WAITING_DAYS, seed_applications
from legalaid.models import Application

pytestmark = pytest.mark.django_db


def test_demo_applications_come_from_marked_consultations_through_the_services(personas):
    faker = Faker("zh_CN")
    faker.seed_instance(5)
    today = dt.date.today()
    users = [personas.head, personas.owner]
    ctx = DemoContext(rng=random.Random(5), faker=faker, scale="city", offices=[personas.office], committees={}, villages={},
                      office_users={personas.office.pk: users}, out=lambda line: None, today=today)
    seed_consultations(ctx, office=personas.office, users=users, count=60)
    converted = seed_applications(ctx, office=personas.office, users=users, count=3)
    rows = list(Application.objects.select_related("consultation"))
    assert converted == 3 and len(rows) == 4
    from_consultations = [a for a in rows if a.consultation]
    assert len(from_consultations) == 3
    assert all(a.facts == a.consultation.question and a.applicant_id == a.consultation.person_id
               and a.consultation.follow_up == "legal_aid" and a.received_date >= a.consultation.date for a in from_consultations)
    assert WorkEvent.objects.filter(event_type="legal_aid.application_received").count() == 4
    settled = [a for a in rows if a.status != "received"]
    assert all((today - a.received_date).days > WAITING_DAYS for a in settled)
    assert all(a.status != "received" for a in rows if (today - a.received_date).days > WAITING_DAYS)
    waiting = [a for a in rows if a.status == "received"]
    assert Deadline.objects.filter(kind="legalaid.forward", status="open").count() == len(waiting)
    assert WorkEvent.objects.filter(event_type="legal_aid.application_forwarded").count() == sum(a.status == "forwarded" for a in rows)
