"""安置帮教 pages and API: the whole cycle in the dialogs and over the API, masked ID numbers, logged reads, Excel
export in scope, Chinese errors that save nothing."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core.deadlines import open_deadlines_for
from core.models import AuditEvent
from core.testing import token_api, valid_id_number
from resettlement.models import Released
from resettlement.tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NUMBER = valid_id_number(birth="19791103", seq="613")


def _register(client, personas, **over):
    data = {"org": personas.office.pk, "name": "钱立新", "id_number": NUMBER, "phone": "13947612345", "category": "released",
            "crime": "抢劫罪", "sentence": "有期徒刑五年", "prison": "内蒙古自治区赤峰监狱",
            "release_date": (TODAY - dt.timedelta(days=1)).isoformat(), "notice_date": (TODAY - dt.timedelta(days=30)).isoformat(),
            "key_subject": "on", "key_ground": "暴力犯罪"}
    data.update(over)
    return client.post("/resettlement/register/", data, HTTP_HX_REQUEST="true")


def test_office_runs_the_cycle_in_the_dialogs_and_the_first_visit_is_on_the_home_page(personas, login):
    c = login(personas.owner)
    assert "登记刑满释放人员" in c.get("/resettlement/register/", HTTP_HX_REQUEST="true").content.decode()
    assert _register(c, personas).status_code == 204
    r = Released.objects.get()
    page = c.get(r.get_absolute_url()).content.decode()
    assert NUMBER not in page and r.person.id_number_masked in page and "重点帮教对象" in page and "记录衔接" in page
    assert AuditEvent.objects.filter(summary="查阅安置帮教档案 钱立新", actor=personas.owner).exists()
    url = f"/resettlement/{r.uuid}/"
    wrong = c.post(url + "handover/", {"date": TODAY.isoformat(), "method": "family", "collected_by": "其妻"}, HTTP_HX_REQUEST="true")
    assert wrong.status_code == 422 and "必接必送" in wrong.content.decode()
    ok = c.post(url + "handover/", {"date": TODAY.isoformat(), "method": "collected", "collected_by": "李所长"}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 204
    home = c.get("/").content.decode()
    assert "首次走访：钱立新" in home
    for step, data in (("file", {"family": "与妻子同住", "housing": "自有住房", "income": "打零工"}),
                       ("visit", {"date": TODAY.isoformat(), "kind": "home", "met": "on", "content": "在家，情绪稳定"}),
                       ("assistance", {"date": TODAY.isoformat(), "kind": "employment", "content": "介绍到砖厂务工"})):
        assert c.post(url + f"{step}/", data, HTTP_HX_REQUEST="true").status_code == 204, step
    r.refresh_from_db()
    assert r.filed and r.placed and r.visits.count() == 1
    assert "首次走访：钱立新" not in c.get("/").content.decode()
    assert open_deadlines_for(r, "resettlement.visit").get().title == "定期走访：钱立新"


def test_bad_dialog_input_shows_chinese_errors_and_saves_nothing(personas, login):
    c = login(personas.owner)
    r = _register(c, personas, id_number="150402197911036130")
    assert r.status_code == 422 and "校验位" in r.content.decode()
    r = _register(c, personas, key_ground="")
    assert r.status_code == 422 and "请填写理由" in r.content.decode()
    r = _register(c, personas, release_date="2026-13-01")
    assert r.status_code == 422
    assert not Released.objects.exists()


def test_the_list_and_its_export_stay_in_scope_and_mask_the_id_number(personas, login):
    mine = factories.released(personas, name="孙海涛")
    factories.released(personas, org=personas.other_office, actor=personas.outsider, name="冯外县")
    html = login(personas.owner).get("/resettlement/").content.decode()
    assert "孙海涛" in html and "冯外县" not in html
    response = login(personas.owner).get("/resettlement/?export=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["孙海涛"]
    assert mine.person.id_number_masked in [c.value for c in sheet[2]]


def test_api_cycle_and_personas(personas, password):
    def api(user):
        return token_api(user, password, base="/api/v1/resettlement", name="帮教同步")

    owner = api(personas.owner)
    created = owner.post("/released", {
        "org": personas.office.code, "person": {"name": "钱立新", "id_number": NUMBER}, "crime": "抢劫罪",
        "sentence": "有期徒刑五年", "prison": "内蒙古自治区赤峰监狱", "release_date": (TODAY - dt.timedelta(days=1)).isoformat()})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "pending" and NUMBER not in created.content.decode()
    uuid = body["uuid"]
    assert owner.post(f"/released/{uuid}/handover", {"method": "self"}).json()["status"] == "active"
    bad = owner.post(f"/released/{uuid}/visits", {"content": "走访", "date": (TODAY + dt.timedelta(days=2)).isoformat()})
    assert bad.status_code == 400 and bad.json()["message"] == "走访日期不能晚于今天"
    assert owner.post(f"/released/{uuid}/visits", {"content": "在家务农"}).status_code == 201
    ended = owner.post(f"/released/{uuid}/end", {"reason": "reoffended", "reoffence": "盗窃罪"}).json()
    assert ended["status"] == "ended" and ended["reoffence"] == "盗窃罪" and len(ended["visits"]) == 1
    assert api(personas.outsider).get(f"/released/{uuid}").status_code == 404
    assert api(personas.supervisor).get(f"/released/{uuid}").status_code == 200


def test_the_import_dialog_offers_the_template_and_the_template_is_a_valid_sheet(personas, login):
    from core.imports import read_rows
    from resettlement.imports import COLUMNS

    c = login(personas.owner)
    dialog = c.get("/resettlement/import/", HTTP_HX_REQUEST="true").content.decode()
    assert "导入刑满释放人员通知" in dialog and "/resettlement/import/template/" in dialog
    template = c.get("/resettlement/import/template/")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_rows(template.content, COLUMNS)
    assert [r["name"] for _, r in rows] == ["张三"]
    assert login(personas.readonly).get("/resettlement/import/").status_code == 403
