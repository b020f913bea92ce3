"""The 千分制 demo plug-in: a few reviewers' scores with evidence and one adjustment, shown on the pages."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from assessment.models import Adjustment, ManualScore
from core.demo import seeders

pytestmark = pytest.mark.django_db


def test_demo_gives_manual_scores_with_evidence_and_one_adjustment(login):
    call_command("seed_demo", counties="150402", seed=2026, apps="assessment", stdout=io.StringIO())
    assert "千分制考核" in [name for name, _ in seeders({"assessment"})]
    scores = list(ManualScore.objects.select_related("created_by", "org"))
    assert len(scores) >= 6 and all(s.evidence and s.created_by for s in scores)
    assert any(s.points < 0 for s in scores)  # a 人工扣分 on the 负面清单
    (adjustment,) = Adjustment.objects.select_related("org", "created_by")
    assert adjustment.reason and adjustment.delta == -2
    reviewer = adjustment.created_by
    assert reviewer.has_perm("assessment.score_office")
    period = f"{adjustment.period_start:%Y-%m}"
    page = login(reviewer).get(f"/assessment/offices/{adjustment.org.code}/?period={period}").content.decode()
    own = [s for s in scores if s.org_id == adjustment.org_id]
    assert own and adjustment.reason in page and all(s.evidence in page for s in own)
