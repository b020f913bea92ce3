"""The 人民调解 dialogs start from what the platform knows and report every error at once.

受理组织 is the user's post, 主持调解员 and 调查人 the assigned mediators, 纠纷主要事实 the registered facts, 回访人 the
user and 回访对象 the parties; what happened is never preset (履行情况 and 满意度 start at 请选择); long pickers are grouped
(mediators by committee, orgs by county); a form shows every error in one round, naming the party of a party field."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from core.testing import valid_id_number
from mediation.models import Dispute, Mediator
from mediation.services import AgreementInput, agreement_make, dispute_accept, dispute_assign
from mediation.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
BAD = valid_id_number(seq="401")[:17] + ("0" if valid_id_number(seq="401")[17] != "0" else "1")


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return chosen.group(1) if chosen else ""


def _value(html: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(rf'name="{name}"[^>]*>([^<]*)</textarea>', html)
    return found.group(1) if found else ""


def test_registration_starts_at_the_user_s_post(personas, login):
    c = login(personas.owner)
    html = c.get("/mediation/disputes/new/").content.decode()
    assert _selected(html, "org") == str(personas.office.pk)
    # The user's orgs lie in one county: one list, no heading (org_choice_groups groups several counties).
    assert "<optgroup" not in html and f'<option value="{personas.committee.pk}">一西街社区人民调解委员会</option>' in html
    assert re.search(r'<select name="category"[^>]*>\s*<option value="" selected>请选择</option>', html)


def test_every_registration_error_is_shown_at_once_naming_the_party(personas, login):
    c = login(personas.owner)
    r = c.post("/mediation/disputes/new/", {
        "org": personas.office.pk, "title": "", "category": "", "source": "application", "received_date": TODAY.isoformat(),
        "facts": "", "people_count": "2", "applicant_name": "张某某", "applicant_id_number": BAD, "applicant_phone": "1234",
        "respondent_name": "刘某某", "respondent_id_number": BAD,
    }, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 422
    for testid, message in [
        ("title", "请填写纠纷名称"), ("category", "请选择纠纷类型"), ("facts", "请填写纠纷简要情况"),
        ("applicant_id_number", "申请人的身份证号码校验位错误，请核对最后一位"),
        ("applicant_phone", "申请人的电话号码格式不正确"),
        ("respondent_id_number", "被申请人的身份证号码校验位错误，请核对最后一位"),
    ]:
        assert re.search(rf'data-testid="error-{testid}">{message}', body), testid
    assert 'data-testid="error-summary"' in body and "有 6 处需要修改" in body
    assert 'aria-invalid="true"' in body
    assert Dispute.objects.count() == 0


def _accepted(personas):
    d = factories.dispute(personas)
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=TODAY)
    zhao, qian = factories.mediator(personas, "赵调解"), factories.mediator(personas, "钱调解", org=personas.committee)
    dispute_assign(actor=personas.owner, dispute=d, mediator_ids=[zhao.pk, qian.pk])
    return d, zhao, qian


def test_steps_start_from_the_assigned_mediators_and_the_registered_facts(personas, login):
    d, zhao, qian = _accepted(personas)
    c = login(personas.owner)
    session = c.get(f"/mediation/disputes/{d.uuid}/session/").content.decode()
    assert _value(session, "hosts") == "赵调解、钱调解"
    assert _value(c.get(f"/mediation/disputes/{d.uuid}/investigate/").content.decode(), "investigators") == "赵调解、钱调解"
    agreement = c.get(f"/mediation/disputes/{d.uuid}/agreement/").content.decode()
    assert _value(agreement, "facts").strip() == d.facts
    assign = c.get(f"/mediation/disputes/{d.uuid}/assign/").content.decode()
    # Mediators grouped by their committee, the assigned ones chosen already (the dialog replaces the list).
    assert '<optgroup label="西屯街道司法所">' in assign and '<optgroup label="一西街社区人民调解委员会">' in assign
    assert re.search(rf'<option value="{zhao.pk}" selected>', assign) and re.search(rf'<option value="{qian.pk}" selected>', assign)


def test_a_long_mediator_list_gets_a_search_box(personas, login):
    d = factories.dispute(personas)
    for i in range(9):
        factories.mediator(personas, f"调解员{i}")
    c = login(personas.owner)
    html = c.get(f"/mediation/disputes/{d.uuid}/accept/").content.decode()
    assert re.search(r'<select name="mediators"[^>]*data-picker="search"', html)
    assert Mediator.objects.count() == 9


def test_a_followup_starts_with_the_visitor_and_the_parties_and_never_presets_what_it_found(personas, login):
    d, _zhao, _qian = _accepted(personas)
    agreement_make(actor=personas.owner, dispute=d, data=AgreementInput(
        kind="written", facts=d.facts, content="李二河拆除围墙", signed_date=TODAY))
    c = login(personas.owner)
    html = c.get(f"/mediation/disputes/{d.uuid}/followup/").content.decode()
    assert _value(html, "visitor") == "张明"
    assert _value(html, "visited") == "王大山、李二河"
    assert _selected(html, "performance") == "" and _selected(html, "satisfaction") == ""
    r = c.post(f"/mediation/disputes/{d.uuid}/followup/", {"date": TODAY.isoformat(), "visitor": "张明", "visited": "王大山",
                                                           "situation": "已拆除"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 422 and "请选择履行情况" in body and "请选择满意度" in body
    assert not d.followups.exists()
