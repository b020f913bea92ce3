from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.errors import ValidationFailed
from core.testing import valid_id_number
from mediation.models import Expert, Mediator
from mediation.services import MediatorInput, committee_composition_warnings, mediator_appoint
from mediation.tests import factories

pytestmark = pytest.mark.django_db


def test_appointment_defaults_to_a_three_year_term(personas):
    person = factories.person(personas, "钱委员")
    m = mediator_appoint(actor=personas.owner, org=personas.committee, person=person,
                         data=MediatorInput(term_start=dt.date(2024, 3, 1)))
    assert m.term_end == dt.date(2027, 3, 1)
    with pytest.raises(ValidationFailed, match="已是"):
        mediator_appoint(actor=personas.owner, org=personas.committee, person=person, data=MediatorInput())


def test_committee_without_a_woman_is_warned(personas, login):
    for name, seq in (("甲", "111"), ("乙", "113"), ("丙", "115")):  # odd 17th digit: men
        p = factories.person(personas, name)
        p.sex = "1"
        p.save()
        mediator_appoint(actor=personas.owner, org=personas.committee, person=p,
                         data=MediatorInput(position="chair" if name == "甲" else "member"))
    members = list(Mediator.objects.filter(org=personas.committee).select_related("person"))
    warnings = committee_composition_warnings(members)
    assert warnings == ["没有女性委员（人民调解法 第八条：人民调解委员会应当有妇女成员）"]
    page = login(personas.owner).get(f"/mediation/committees/{personas.committee.code}/").content.decode()
    assert "应当有妇女成员" in page
    listing = login(personas.owner).get("/mediation/committees/?without_women=true").content.decode()
    assert personas.committee.name in listing


def test_appoint_through_dialog_registers_the_person_once(personas, login):
    c = login(personas.owner)
    number = valid_id_number(seq="602")
    r = c.post("/mediation/mediators/new/", {"org": personas.committee.pk, "name": "孙女士", "id_number": number,
                                              "sex": "2", "position": "chair", "specialities": "婚姻家庭"},
               HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    m = Mediator.objects.get()
    assert m.person.sex == "2" and m.position == "chair"
    r = c.post("/mediation/mediators/new/", {"org": personas.office.pk, "name": "孙女士", "id_number": number, "sex": "2",
                                              "position": "member"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204 and Mediator.objects.filter(person=m.person).count() == 2
    assert login(personas.readonly).get("/mediation/mediators/new/").status_code == 403
    assert login(personas.outsider).get(f"/mediation/committees/{personas.committee.code}/").status_code == 404


def test_expert_pool(personas, login):
    c = login(personas.supervisor)
    r = c.post("/mediation/experts/new/", {"name": "周律师", "kind": "lawyer", "speciality": "婚姻家庭、继承",
                                            "phone": "13900000002"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    assert Expert.objects.get().org == personas.county
    assert "周律师" in c.get("/mediation/experts/").content.decode()
    assert "周律师" not in login(personas.outsider).get("/mediation/experts/").content.decode()
    # The county's pool serves its offices: the office sees it and may invite from it (专家会诊).
    assert "周律师" in login(personas.owner).get("/mediation/experts/").content.decode()
    bad = c.post("/mediation/experts/new/", {"name": "吴专家", "kind": "lawyer", "speciality": "劳动", "phone": "12"},
                 HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and "电话号码格式不正确" in bad.content.decode()



def test_expert_pool_reaches_only_from_posts_whose_role_grants_viewing_experts(personas, login, password):
    from accounts.models import Membership, Role
    from core.testing import token_api
    from mediation.services import expert_add

    expert_add(actor=personas.supervisor, org=personas.county, name="周律师", kind="lawyer", speciality="婚姻家庭",
                        phone="13900000002")
    # The outsider also holds a post in this county whose role does not include 查看调解专家.
    no_experts = Role.objects.create(code="records_only", name="档案查阅", data_scope="org")
    no_experts.permissions.set(Role.objects.get(code="office_staff").permissions.exclude(codename="view_expert"))
    Membership.objects.create(user=personas.outsider, org=personas.office, role=no_experts, is_primary=False)
    assert "周律师" not in login(personas.outsider).get("/mediation/experts/").content.decode()
    api = token_api(personas.outsider, password)
    assert "周律师" not in str(api.get("/api/v1/mediation/experts").json())
    assert "周律师" in login(personas.owner).get("/mediation/experts/").content.decode()
    assert "周律师" in login(personas.supervisor).get("/mediation/experts/").content.decode()
    assert "周律师" in login(personas.readonly).get("/mediation/experts/").content.decode()

def test_mediator_registry_shows_cases_handled_success_rate_and_training_hours(personas, login):
    from core.models import WorkEvent
    from mediation.services import AgreementInput, agreement_make, dispute_accept, dispute_fail, dispute_reject

    today = dt.date.today()
    zhao = factories.mediator(personas, "赵调解")
    factories.mediator(personas, "钱调解")
    settled, failed, open_, rejected = (factories.dispute(personas, title=f"第{i}起") for i in range(4))
    for d in (settled, failed, open_):
        dispute_accept(actor=personas.owner, dispute=d, accepted_date=today, mediator_ids=[zhao.pk])
    agreement_make(actor=personas.owner, dispute=settled, data=AgreementInput(kind="oral", facts="事实", content="内容", signed_date=today))
    dispute_fail(actor=personas.owner, dispute=failed, date=today, routes="已告知可以向人民法院起诉")
    rejected.mediators.add(zhao)  # assigned before it was refused: not a case handled
    dispute_reject(actor=personas.owner, dispute=rejected, reason="party_refuses", date=today)

    c = login(personas.owner)
    r = c.post(f"/mediation/mediators/{zhao.uuid}/training/", {"date": today.isoformat(), "hours": "4.5", "topic": "民法典婚姻家庭编"},
               HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    bad = c.post(f"/mediation/mediators/{zhao.uuid}/training/", {"date": today.isoformat(), "hours": "0", "topic": "x"},
                 HTTP_HX_REQUEST="true")
    assert bad.status_code == 422
    zhao.refresh_from_db()
    assert zhao.training_hours == Decimal("4.5")
    assert WorkEvent.objects.get(event_type="mediation.mediator_trained").quantity == Decimal("4.5")

    page = c.get("/mediation/mediators/")
    rows = {r.person.name: r for r in page.context["table"].data}
    assert (rows["赵调解"].cases_handled, rows["赵调解"].cases_mediated, rows["赵调解"].cases_settled) == (3, 2, 1)
    assert (rows["钱调解"].cases_handled, rows["钱调解"].cases_mediated) == (0, 0)
    body = page.content.decode()
    assert "50.0%（1/2）" in body and "记录培训" in body
    assert "记录培训" not in login(personas.readonly).get("/mediation/mediators/").content.decode()
    wb = load_workbook(BytesIO(c.get("/mediation/mediators/?name=赵&export=xlsx").content))
    header, row = list(wb.active.values)
    assert dict(zip(header, row, strict=True))["调解成功率（%）"] == 50.0
    assert dict(zip(header, row, strict=True))["培训学时"] == 4.5


def test_mediator_list_query_count_does_not_grow_with_rows(personas, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factories.mediator(personas, "赵调解")
    c = login(personas.owner)
    c.get("/mediation/mediators/")
    with CaptureQueriesContext(connection) as one:
        c.get("/mediation/mediators/")
    for name in ("钱调解", "孙调解", "李调解", "周调解"):
        factories.dispute(personas, title=name).mediators.add(factories.mediator(personas, name))
    with CaptureQueriesContext(connection) as many:
        c.get("/mediation/mediators/")
    assert len(many) == len(one)



def test_a_term_ended_without_re_election_is_warned(personas):
    today = dt.date.today()
    started = dt.date(today.year - 4, today.month, 1)
    for name, position in (("孙委员", "chair"), ("李委员", "member"), ("周委员", "member")):
        person = factories.person(personas, name)
        person.sex = "2"
        person.save()
        mediator_appoint(actor=personas.owner, org=personas.committee, person=person,
                         data=MediatorInput(position=position, term_start=started if name == "孙委员" else None))
    members = list(Mediator.objects.filter(org=personas.committee).select_related("person"))
    # 人民调解法 第九条: 每届任期三年 — the default term ended a year ago and nobody was re-elected.
    assert committee_composition_warnings(members) == ["任期已届满未换届：孙委员（人民调解法 第九条：每届任期三年）"]


def test_dispute_types_are_the_15_standard_categories_of_an_editable_dictionary():
    from core.dictionaries import dict_choices
    from core.models import DictItem

    assert len(dict_choices("dispute_category")) == 15
    item = DictItem.objects.get(dict_type__code="dispute_category", code="neighbour")
    item.label = "邻里关系纠纷"
    item.save()
    assert ("neighbour", "邻里关系纠纷") in dict_choices("dispute_category")
