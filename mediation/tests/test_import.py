from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from core.models import TaskRun
from mediation.imports import COLUMNS
from mediation.models import Dispute
from mediation.tests import factories

pytestmark = pytest.mark.django_db
HEADER = [c.header for c in COLUMNS]


def _row(**kw):
    base = {"number": "", "title": "赵某与钱某邻里纠纷", "category": "邻里纠纷", "source": "当事人申请", "received_date": "2026-03-01",
            "accepted_date": "", "facts": "排水沟堵塞引发争执", "claims": "", "applicant_name": "赵某", "applicant_id_number": "",
            "applicant_phone": "", "respondent_name": "钱某", "respondent_id_number": "", "respondent_phone": "", "amount": "",
            "people_count": "", "is_group": "否", "may_turn_criminal": ""}
    base.update(kw)
    return [base[c.key] for c in COLUMNS]


def _upload(client, personas, rows, header=HEADER, update=False):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    data = {"file": SimpleUploadedFile("d.xlsx", buf.getvalue()), "org": personas.office.pk}
    if update:
        data["update_existing"] = "on"
    return client.post("/mediation/disputes/import/", data, HTTP_HX_REQUEST="true")


def test_template_and_import_with_acceptance(personas, login):
    c = login(personas.owner)
    ws = load_workbook(BytesIO(c.get("/mediation/disputes/import/template/").content)).active
    assert [cell.value for cell in ws[1]][1] == "纠纷名称*"
    r = _upload(c, personas, [_row(), _row(title="孙某与李某合同纠纷", category="合同", accepted_date="2026-03-02", amount="8,000")])
    assert "数据已全部导入成功" in r.content.decode()
    accepted = Dispute.objects.get(title="孙某与李某合同纠纷")
    assert accepted.status == "accepted" and accepted.number.startswith("（2026）") and str(accepted.amount) == "8000.00"
    assert Dispute.objects.get(title="赵某与钱某邻里纠纷").status == "lead"


def test_wrong_columns_and_bad_rows_import_nothing(personas, login):
    c = login(personas.owner)
    r = _upload(c, personas, [["x"]], header=["名称", "类型"])
    assert "表头与模板不一致" in r.content.decode()
    r = _upload(c, personas, [_row(), _row(category="不存在的类型"), _row(is_group="可能"), _row(received_date="2026-13-45")])
    body = r.content.decode()
    assert "第3行" in body and "不在码表中" in body and "第4行" in body and "请填写 是 或 否" in body and "第5行" in body
    assert Dispute.objects.count() == 0 and TaskRun.objects.latest("created_at").status == "failed"


def test_update_existing_by_number(personas, login):
    d = factories.dispute(personas)
    import datetime as dt

    from mediation.services import dispute_accept

    dispute_accept(actor=personas.owner, dispute=d, accepted_date=dt.date.today())
    c = login(personas.owner)
    r = _upload(c, personas, [_row(number=d.number, title="改名后的纠纷")])
    assert "更新已经存在的数据" in r.content.decode()
    _upload(c, personas, [_row(number=d.number, title="改名后的纠纷", amount="100")], update=True)
    d.refresh_from_db()
    assert d.title == "改名后的纠纷" and str(d.amount) == "100.00"
    other = _upload(login(personas.outsider), personas, [_row(number=d.number)], update=True)
    assert other.status_code == 422  # may not register in the owner's office at all


def test_edit_dialog(personas, login):
    d = factories.dispute(personas)
    c = login(personas.owner)
    assert c.get(f"/mediation/disputes/{d.uuid}/edit/").status_code == 200
    r = c.post(f"/mediation/disputes/{d.uuid}/edit/", {"title": "新名称", "category": "neighbour", "source": "initiative",
                                                      "facts": "事实", "amount": "10", "people_count": "3"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    d.refresh_from_db()
    assert (d.title, d.source, d.people_count) == ("新名称", "initiative", 3)
    assert d.steps.filter(kind="edit").exists()


def test_api_import_registers_and_accepts_and_the_task_reports_it(personas, login):
    c = login(personas.owner)
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(_row(accepted_date="2026-03-02"))
    ws.append(_row(title="孙某与周某合同纠纷", category="合同纠纷"))
    buf = BytesIO()
    wb.save(buf)
    r = c.post("/api/v1/mediation/disputes/import", {"file": SimpleUploadedFile("d.xlsx", buf.getvalue()), "org": personas.office.code})
    assert r.status_code == 202, r.content
    task = c.get(f"/api/v1/tasks/{r.json()['uuid']}").json()
    assert task["status"] == "done" and task["report"]["created"] == 2, task
    assert Dispute.objects.get(title="赵某与钱某邻里纠纷").number
    refused = c.post("/api/v1/mediation/disputes/import", {"file": SimpleUploadedFile("d.xlsx", buf.getvalue()),
                                                          "org": personas.other_office.code})
    assert refused.status_code == 404
