from __future__ import annotations

import datetime as dt
import random

import pytest
from faker import Faker

from agency.demo import WAITING_DAYS, seed
from agency.models import AgencyCase, ReviewApplication
from core.demo import DemoContext
from core.models import Deadline, WorkEvent

pytestmark = pytest.mark.django_db


def test_demo_year_goes_through_the_services(personas):
    faker = Faker("zh_CN")
    faker.seed_instance(7)
    today = dt.date.today()
    users = [personas.head, personas.owner]
    ctx = DemoContext(rng=random.Random(7), faker=faker, scale="city", offices=[personas.office], committees={}, villages={},
                      office_users={personas.office.pk: users}, out=lambda line: None, today=today,
                      per_office={"agency_review": 8, "agency_case": 12})
    seed(ctx)
    reviews = list(ReviewApplication.objects.all())
    assert len(reviews) == 8 and AgencyCase.objects.count() == 12
    assert any(r.late_reason for r in reviews)  # the one taken late carries its reason
    assert all(r.status != "received" for r in reviews if (today - r.received_date).days > WAITING_DAYS)
    assert WorkEvent.objects.filter(event_type="agency.review_received").count() == 8
    waiting = sum(r.status == "received" for r in reviews)
    assert Deadline.objects.filter(kind="agency.review_forward", status="open").count() == waiting
    assert AgencyCase.objects.filter(kind="labour_arbitration").exclude(rights_known_date=None).count() == \
        AgencyCase.objects.filter(kind="labour_arbitration").count()
