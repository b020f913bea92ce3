"""The demo plug-in: the rules run over what the other modules seeded, and each county has one 督办事项 waiting for
its verification (and a second one waiting to be received when the office has another warning)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone
from faker import Faker

from core.deadlines import deadline_open
from core.demo import seeders
from orgs.demo import context_build
from supervision.choices import IssueDocument, ItemStatus
from supervision.demo import seed
from supervision.models import EarlyWarning, PeriodReport, SupervisionItem

pytestmark = pytest.mark.django_db


def test_demo_raises_warnings_from_the_data_and_takes_one_item_through_the_loop(personas):
    today = timezone.localdate()
    deadline_open(org=personas.office, owner=personas.owner, kind="people.info_check", title="人员信息核对：王大山",
                  start_date=today - dt.timedelta(days=40), due_date=today - dt.timedelta(days=10))
    lines: list[str] = []
    ctx = context_build(rng=random.Random(7), faker=Faker("zh_CN"), scale="city", offices=[personas.office],
                        office_users={personas.office.pk: [personas.head, personas.owner]}, out=lines.append, today=today,
                        per_office={})

    seed(ctx)

    warnings = EarlyWarning.objects.filter(org=personas.office)
    assert {w.rule.code for w in warnings} >= {"YJ01"}  # the overdue clock; the month's score may add YJ04
    letter = SupervisionItem.objects.get(doc_kind=IssueDocument.LETTER)
    assert letter.status == ItemStatus.RECTIFIED and letter.issuing_org == personas.county and letter.created_by == personas.supervisor
    assert letter.warning.rule.code == "YJ01" and "人员信息核对：王大山" in letter.feedbacks.get().text
    others = SupervisionItem.objects.exclude(pk=letter.pk)
    assert all(i.status == ItemStatus.ISSUED and i.doc_kind == IssueDocument.RECTIFY for i in others)
    assert others.count() == min(1, warnings.count() - 1)
    assert any(line.startswith("  预警规则检测：新增预警") for line in lines)
    month_end = today.replace(day=1) - dt.timedelta(days=1)
    reports = PeriodReport.objects.order_by("org__depth")
    assert [(r.org, r.issuing_org, r.period_start, r.period_end) for r in reports] == [
        (org, personas.county, month_end.replace(day=1), month_end) for org in (personas.county, personas.office)]


def test_supervision_seeder_is_a_registered_plug_in():
    assert [label for label, _ in seeders({"supervision"})] == ["预警督办"]
