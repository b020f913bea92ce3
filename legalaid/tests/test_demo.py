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


def test_demo_centre_works_its_queue_through_the_services(personas):
    from legalaid.demo import seed_centres
    from legalaid.models import Review
    from legalaid.tests import factories

    faker = Faker("zh_CN")
    faker.seed_instance(7)
    today = dt.date.today()
    factories.centre_user(personas)
    for n in range(12):
        received = today - dt.timedelta(days=10 + n)
        factories.forwarded_review(personas, name=f"申请人{n}", received_date=received, date=received)
    ctx = DemoContext(rng=random.Random(7), faker=faker, scale="city", offices=[personas.office], committees={}, villages={},
                      office_users={personas.office.pk: [personas.owner]}, out=lambda line: None, today=today)
    seed_centres(ctx)
    statuses = {r.status for r in Review.objects.filter(source="forwarded")}
    assert "assigned" in statuses and "reviewing" not in statuses
    notice = Review.objects.get(source="notice")
    assert notice.status == "assigned" and (notice.assigned_date - notice.received_date).days <= 3
    assert WorkEvent.objects.filter(event_type="legal_aid.review_granted").count() == Review.objects.filter(
        source="forwarded", status="assigned").count()
    assert not Deadline.objects.filter(kind__in=["legalaid.decide", "legalaid.assign"], status="open").exists()


def test_demo_centre_assigns_from_its_roster_and_closes_older_cases(personas):
    from legalaid.demo import PROVIDERS, seed_centres
    from legalaid.models import Assignment, Provider, Review
    from legalaid.tests import factories

    faker = Faker("zh_CN")
    faker.seed_instance(11)
    today = dt.date.today()
    factories.centre_user(personas)
    for n in range(10):
        received = today - dt.timedelta(days=20 + 30 * n)
        factories.forwarded_review(personas, name=f"受援人{n}", received_date=received, date=received)
    ctx = DemoContext(rng=random.Random(11), faker=faker, scale="city", offices=[personas.office], committees={}, villages={},
                      office_users={personas.office.pk: [personas.owner]}, out=lambda line: None, today=today)
    seed_centres(ctx)
    assert Provider.objects.count() == len(PROVIDERS)
    assigned = Review.objects.filter(status="assigned")
    assert assigned.exists() and all(r.assignments.exists() for r in assigned)
    statuses = set(Assignment.objects.values_list("status", flat=True))
    assert "closed" in statuses and "handling" in statuses
    closed = Assignment.objects.filter(status="closed")
    assert all(c.subsidy and c.closing_report and c.closed_date <= c.closing_due for c in closed)
    assert WorkEvent.objects.filter(event_type="legal_aid.case_closed").count() == closed.count()
    assert WorkEvent.objects.filter(event_type="legal_aid.progress_reported").exists()
