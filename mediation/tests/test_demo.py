from __future__ import annotations

import datetime as dt
import random

import pytest
from faker import Faker

from core.validators import validate_id_number
from mediation.demo import EXPERTS_PER_COUNTY, seed, seed_disputes, seed_mediators
from mediation.models import CommitteeProfile, Dispute, Expert
from mediation.services import committee_composition_warnings, committee_profile_warnings
from orgs.demo import context_build
from people.models import Person

pytestmark = pytest.mark.django_db


def _ctx(personas, seed_value=7):
    rng, faker = random.Random(seed_value), Faker("zh_CN")
    faker.seed_instance(seed_value)
    return context_build(rng=rng, faker=faker, scale="city", offices=[personas.office],
                         office_users={personas.office.pk: [personas.head]}, out=lambda line: None,
                         today=dt.date.today(), per_office={"disputes": 3})


def test_demo_disputes_run_through_the_services(personas):
    ctx = _ctx(personas)
    mediators = seed_mediators(ctx, actor=personas.head, office=personas.office, committees=[personas.committee])
    committee_members = [m for m in mediators if m.org_id == personas.committee.pk]
    assert not any("妇女" in w for w in committee_composition_warnings(committee_members))
    # The committee is registered with its type and current term, so its page shows no gaps (人民调解法 第九条).
    profile = CommitteeProfile.objects.get(org=personas.committee)
    assert profile.committee_type == "community" and profile.established and profile.term_start
    assert profile.term_end and profile.term_end > profile.term_start
    assert committee_profile_warnings(profile, today=profile.term_start) == []
    created = seed_disputes(ctx, actor=personas.head, office=personas.office, committees=[personas.committee],
                            mediators=mediators, count=40, today=dt.date.today())
    assert created == Dispute.objects.count() == 40
    statuses = set(Dispute.objects.values_list("status", flat=True))
    assert {"closed", "agreed"} & statuses
    settled = Dispute.objects.filter(outcome__in=["written", "oral"]).count()
    concluded = Dispute.objects.exclude(outcome="").count()
    assert concluded and settled / concluded > 0.85
    assert all("{" not in d.title and "{" not in d.facts for d in Dispute.objects.all())
    # Parties and mediators draw their ID numbers from the run's register: valid and never repeated.
    numbers = [p.reveal_id_number() for p in Person.objects.all()]
    assert len(numbers) == len(set(numbers)) == len(ctx.id_numbers) > 80
    for number in numbers:
        validate_id_number(number)


def test_demo_seeds_a_county_expert_library(personas):
    seed(_ctx(personas))
    experts = Expert.objects.filter(org=personas.county)
    assert experts.count() == EXPERTS_PER_COUNTY == Expert.objects.count()
    assert all(e.name and e.speciality and e.employer and len(e.phone) == 11 for e in experts)
    assert len({e.kind for e in experts}) >= 2
    # The county's library is seen in that county, not in the other one.
    assert Expert.objects.visible_to(personas.supervisor, "view").count() == EXPERTS_PER_COUNTY
    assert not Expert.objects.visible_to(personas.outsider, "view").exists()


def test_demo_is_the_same_for_the_same_seed(personas):
    from django.db import transaction

    def names(seed_value):
        class Rollback(Exception):
            pass

        try:
            with transaction.atomic():
                seed(_ctx(personas, seed_value))
                got = (list(Person.objects.order_by("id").values_list("name", flat=True)),
                       list(Expert.objects.order_by("id").values_list("name", "kind", "employer")))
                raise Rollback
        except Rollback:
            return got

    assert names(11) == names(11) != names(12)
