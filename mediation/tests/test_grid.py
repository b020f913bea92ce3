from __future__ import annotations

import pytest

from core.testing import make_user
from mediation.models import Dispute

pytestmark = pytest.mark.django_db


def test_grid_worker_reports_a_lead_from_the_phone_page(personas, login):
    worker = make_user("grid_150402001001", org=personas.committee, role="grid_worker", full_name="网格员小刘")
    c = login(worker)
    page = c.get("/mediation/report/")
    assert page.status_code == 200 and personas.committee.name in page.content.decode()
    bad = c.post("/mediation/report/", {"org": personas.committee.pk, "category": "neighbour", "facts": "",
                                         "applicant_name": "甲", "respondent_name": "乙", "people_count": "2"})
    assert bad.status_code == 422 and "请填写纠纷情况" in bad.content.decode()
    r = c.post("/mediation/report/", {"org": personas.committee.pk, "category": "neighbour", "facts": "两家因排水发生争吵",
                                       "applicant_name": "甲", "respondent_name": "乙", "people_count": "2", "may_turn_criminal": "on"})
    assert r.status_code == 302
    d = Dispute.objects.get()
    assert d.source == "grid" and d.status == "lead" and d.org == personas.committee and d.title == "甲与乙邻里纠纷"
    # The office sees the lead; the grid worker sees only their own reports and cannot open the case page's actions.
    assert Dispute.objects.visible_to(personas.owner).filter(pk=d.pk).exists()
    assert "甲与乙邻里纠纷" in c.get("/mediation/report/").content.decode()
    assert c.get(f"/mediation/disputes/{d.uuid}/accept/").status_code == 403
    other = make_user("grid_other", org=personas.committee, role="grid_worker")
    assert not Dispute.objects.visible_to(other).filter(pk=d.pk).exists()


def test_the_menu_offers_the_lead_form_only_to_those_who_file_disputes(personas, login):
    """A county bureau reads and supervises its offices' disputes but files none (办案范围): its menu has no 上报纠纷线索;
    an office and a county role granted case writes do."""
    from core.testing import make_county_caseworker

    assert "/mediation/report/" not in login(personas.supervisor).get("/").content.decode()
    assert "/mediation/report/" in login(personas.owner).get("/").content.decode()
    assert "/mediation/report/" in login(make_county_caseworker(personas)).get("/").content.decode()
