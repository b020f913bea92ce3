"""Privacy of a subject's file: visible to the owning office and the county/city corrections roles only (an office
elsewhere gets 404, a 人民调解员 no menu and no list); a minor's name is masked outside the owning office on the list,
the export, the API and the file page (社区矫正法 第五十四条); every view of a file is an access-log row the auditor
finds in 操作日志."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from core.models import AuditEvent
from core.testing import PASSWORD, token_api, valid_id_number
from corrections.services import subject_receive
from corrections.tests import factories
from people.services import PersonInput

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _minor(personas):
    birth = TODAY.replace(year=TODAY.year - 16)
    return subject_receive(actor=personas.owner, org=personas.office,
                           person=PersonInput(name="陈小明", id_number=valid_id_number(birth=f"{birth:%Y%m%d}", seq="319")),
                           data=factories.data())


def test_minor_is_masked_outside_the_owning_office(personas, login):
    subject = _minor(personas)
    owner, county = login(personas.owner), login(personas.supervisor)
    assert "陈小明" in owner.get("/corrections/").content.decode()
    listed = county.get("/corrections/").content.decode()
    assert "陈小明" not in listed and "陈**" in listed
    page = county.get(subject.get_absolute_url()).content.decode()
    assert "陈小明" not in page and "陈**" in page and 'data-testid="minor"' in page
    export = county.get("/corrections/?export=xlsx")
    cells = {c.value for row in load_workbook(io.BytesIO(export.content)).active.iter_rows() for c in row}
    assert "陈**" in cells and "陈小明" not in cells
    api = token_api(personas.supervisor, PASSWORD)
    body = api.get(f"/api/v1/corrections/subjects/{subject.uuid}").json()
    assert body["person_name"] == "陈**" and body["person_id_number_masked"] == ""
    assert token_api(personas.owner, PASSWORD).get(f"/api/v1/corrections/subjects/{subject.uuid}").json()["person_name"] == "陈小明"


def test_every_view_is_logged_and_the_auditor_finds_it(personas, login):
    subject = factories.subject(personas)
    login(personas.owner).get(subject.get_absolute_url())
    login(personas.supervisor).get(subject.get_absolute_url())
    token_api(personas.owner, PASSWORD).get(f"/api/v1/corrections/subjects/{subject.uuid}")
    rows = AuditEvent.objects.filter(summary="查阅社区矫正对象档案 刘建军")
    assert {r.actor for r in rows} == {personas.owner, personas.supervisor} and rows.count() == 3
    page = login(personas.readonly).get("/audit/", {"summary": "查阅社区矫正对象档案"}).content.decode()
    assert page.count("查阅社区矫正对象档案 刘建军") == 3


def test_other_office_and_mediator_cannot_see_the_file(personas, login):
    subject = factories.subject(personas)
    assert login(personas.outsider).get(subject.get_absolute_url()).status_code == 404
    assert "刘建军" not in login(personas.outsider).get("/corrections/").content.decode()
