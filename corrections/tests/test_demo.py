from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone
from faker import Faker

from core.demo import DemoContext
from core.models import Deadline, WorkEvent
from corrections.demo import seed_subjects
from corrections.models import Subject

pytestmark = pytest.mark.django_db


def test_demo_subjects_run_through_the_service_and_are_all_still_in_correction(personas):
    faker = Faker("zh_CN")
    faker.seed_instance(5)
    today = dt.date.today()
    ctx = DemoContext(rng=random.Random(5), faker=faker, scale="city", offices=[personas.office], committees={}, villages={},
                      office_users={personas.office.pk: [personas.head, personas.owner]}, out=lambda line: None, today=today)
    assert seed_subjects(ctx, office=personas.office, users=[personas.head, personas.owner], count=30) == 30
    rows = list(Subject.objects.select_related("person"))
    assert len(rows) == 30 and all(s.status == "in_correction" and s.end_date > today for s in rows)
    assert all(s.effective_date <= s.reported_date <= today and s.person.id_number_masked for s in rows)
    assert all(s.decision_organ.endswith("人民法院") and s.decision_number.endswith("号") for s in rows)
    assert len({s.correction_type for s in rows}) >= 3 and len({s.crime for s in rows}) >= 5
    assert any(s.reported_late_days for s in rows)
    assert WorkEvent.objects.filter(event_type="corrections.intake").count() == 30
    assert Deadline.objects.filter(kind="corrections.discharge", status="open").count() == 30


def test_demo_cycle_gives_a_year_of_investigations_arrivals_and_discharges(personas):
    from corrections.choices import ArrivalStatus, InvestigationStatus
    from corrections.demo import seed_investigations, seed_reception
    from corrections.models import ExpectedArrival, Handover, Investigation

    faker = Faker("zh_CN")
    faker.seed_instance(7)
    today = dt.date.today()
    ctx = DemoContext(rng=random.Random(7), faker=faker, scale="city", offices=[personas.office], committees={}, villages={},
                      office_users={personas.office.pk: [personas.head, personas.owner]}, out=lambda line: None, today=today)
    users = [personas.head, personas.owner]
    seed_subjects(ctx, office=personas.office, users=users, count=5)
    seed_investigations(ctx, office=personas.office, users=users, count=12)
    seed_reception(ctx, office=personas.office, users=users)
    invs = list(Investigation.objects.all())
    assert len(invs) == 12 and sum(i.status == InvestigationStatus.INVESTIGATING for i in invs) == 1
    assert any(i.status == InvestigationStatus.FILED for i in invs) and all(i.number for i in invs if i.opinion)
    assert WorkEvent.objects.filter(event_type="investigation.completed").count() == 11
    assert ExpectedArrival.objects.filter(status=ArrivalStatus.RECEIVED).count() == 1
    assert ExpectedArrival.objects.filter(status=ArrivalStatus.EXPECTED).exists()
    assert Subject.objects.filter(status="discharged").count() == 1 and Subject.objects.filter(status="terminated").count() == 1
    assert Handover.objects.count() == 1
    assert not Deadline.objects.filter(kind="corrections.discharge", status="open", object_id__in=[
        str(pk) for pk in Subject.objects.exclude(status="in_correction").values_list("pk", flat=True)]).exists()


def test_the_module_seeder_runs_the_whole_cycle_per_office(personas):
    from corrections.demo import seed
    from corrections.models import Investigation

    faker = Faker("zh_CN")
    faker.seed_instance(9)
    ctx = DemoContext(rng=random.Random(9), faker=faker, scale="province", offices=[personas.office], committees={}, villages={},
                      office_users={personas.office.pk: [personas.head, personas.owner]}, out=lambda line: None,
                      today=dt.date.today())
    seed(ctx)
    assert Subject.objects.filter(status="in_correction").count() >= 2 and Investigation.objects.count() == 2


def test_the_demo_puts_a_subject_under_electronic_positioning_and_one_out_of_contact(personas):
    from corrections.demo_duties import _lost_now, _positioning
    from corrections.models import Abscond, LocationAlert, Monitoring
    from corrections.tests import factories

    today = timezone.localdate()
    ctx = DemoContext(rng=random.Random(3), faker=Faker("zh_CN"), scale="province", offices=[personas.office], committees={},
                      villages={}, office_users={personas.office.pk: [personas.owner]}, out=lambda line: None, today=today)
    start = today - dt.timedelta(days=60)
    wearer = factories.subject(personas, name="刘建军", effective_date=start, start_date=start, reported_date=start)
    missing = factories.subject(personas, name="周丽", effective_date=start, start_date=start, reported_date=start)
    _positioning(ctx, wearer, personas.owner)
    _lost_now(ctx, missing, personas.owner)
    monitoring = Monitoring.objects.get(subject=wearer)
    assert monitoring.start_date <= today <= monitoring.end_date and monitoring.ended_date is None
    alerts = LocationAlert.objects.filter(subject=wearer)
    assert alerts.filter(kind="out_of_area").exists() and not alerts.filter(handled_date__isnull=True).exists()
    assert Abscond.objects.filter(subject=missing, found_date__isnull=True).count() == 1


def test_the_demo_year_has_a_few_new_offences_and_changes_of_the_place_of_execution(personas):
    from corrections.demo import seed_subjects
    from corrections.demo_records import seed_records
    from corrections.models import Reoffence, Transfer

    faker = Faker("zh_CN")
    faker.seed_instance(11)
    today = dt.date.today()
    users = {personas.office.pk: [personas.head, personas.owner], personas.other_office.pk: [personas.outsider]}
    ctx = DemoContext(rng=random.Random(11), faker=faker, scale="city", offices=[personas.office, personas.other_office],
                      committees={}, villages={}, office_users=users, out=lambda line: None, today=today)
    seed_subjects(ctx, office=personas.office, users=users[personas.office.pk], count=12)
    seed_subjects(ctx, office=personas.other_office, users=users[personas.other_office.pk], count=6)
    Subject.objects.update(start_date=today - dt.timedelta(days=200))  # long enough in correction for the year's events
    seed_records(ctx)
    offences = list(Reoffence.objects.all())
    assert 1 <= len(offences) <= 4 and all(o.subject.start_date <= o.discovered_date <= today for o in offences)
    assert WorkEvent.objects.filter(event_type="corrections.reoffended").count() == len(offences)
    moved = list(Transfer.objects.all())
    assert moved and all(t.subject.org_id == t.to_office_id for t in moved)
    assert all(t.status in ("reported", "handed_over") for t in moved)
