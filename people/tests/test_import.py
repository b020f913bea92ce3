from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from core.models import TaskRun
from core.testing import valid_id_number
from people.models import Person

pytestmark = pytest.mark.django_db

HEADER = ["姓名*", "身份证号码", "性别", "民族", "出生日期", "联系电话", "住址区划代码", "详细地址", "备注"]


def _xlsx(rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("people.xlsx", buf.getvalue())


def _post(client, personas, upload, update=False):
    data = {"file": upload, "org": personas.office.pk}
    if update:
        data["update_existing"] = "on"
    return client.post("/people/import/", data, HTTP_HX_REQUEST="true")


def test_template_download_has_the_columns(personas, login):
    r = login(personas.owner).get("/people/import/template/")
    ws = load_workbook(BytesIO(r.content)).active
    assert [c.value for c in ws[1]][:2] == ["姓名*", "身份证号码"]


def test_valid_file_imports_every_row_with_progress(personas, login):
    rows = [
        ["刘一", valid_id_number(seq="201"), "", "蒙古族", "", "13900000001", "150402001", "一西街1号", ""],
        ["陈二", "", "女", "汉", "1975/3/8", "0476-8222333", "", "", "无证件"],
    ]
    r = _post(login(personas.owner), personas, _xlsx(rows))
    assert r.status_code == 200
    run = TaskRun.objects.get()
    assert run.status == "done" and run.report["created"] == 2
    assert "数据已全部导入成功" in r.content.decode()
    liu = Person.objects.get(name="刘一")
    assert liu.ethnicity == "02" and liu.region.code == "150402001" and liu.sex == "1"
    assert str(Person.objects.get(name="陈二").birth_date) == "1975-03-08"


def test_one_bad_row_imports_nothing_and_reports_the_row(personas, login):
    bad = valid_id_number(seq="202")[:17] + "0"
    if bad == valid_id_number(seq="202"):
        bad = bad[:17] + "1"
    rows = [
        ["刘一", valid_id_number(seq="201"), "", "", "", "", "", "", ""],
        ["错号", bad, "", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", "", "缺姓名"],
        ["电话错", "", "", "", "", "1380000", "", "", ""],
    ]
    r = _post(login(personas.owner), personas, _xlsx(rows))
    body = r.content.decode()
    assert Person.objects.count() == 0
    assert "导入失败" in body and "第3行" in body and "校验位错误" in body
    assert "第4行" in body and "请填写姓名" in body and "第5行" in body and "电话号码格式不正确" in body
    assert TaskRun.objects.get().report["errors"][0]["row"] == 3


def test_wrong_columns_are_rejected_with_a_clear_message(personas, login):
    r = _post(login(personas.owner), personas, _xlsx([["x", "y"]], header=["名字", "号码"]))
    body = r.content.decode()
    assert "表头与模板不一致" in body and "缺少必填列：姓名" in body and "无法识别的列：名字、号码" in body
    assert Person.objects.count() == 0


def test_wrong_file_type_is_rejected_before_import(personas, login):
    r = _post(login(personas.owner), personas, SimpleUploadedFile("people.xlsx", b"this is not excel"))
    assert r.status_code == 422 and "文件内容与扩展名" in r.content.decode()
    assert TaskRun.objects.count() == 0


def test_update_existing_only_when_asked(personas, login):
    number = valid_id_number(seq="203")
    c = login(personas.owner)
    _post(c, personas, _xlsx([["周三", number, "", "", "", "", "", "", ""]]))
    r = _post(c, personas, _xlsx([["周三", number, "", "", "", "13900000009", "", "", ""]]))
    assert "勾选“更新已经存在的数据”" in r.content.decode()
    _post(c, personas, _xlsx([["周三", number, "", "", "", "13900000009", "", "", ""]]), update=True)
    assert Person.objects.get().phone == "13900000009"
    out = _post(login(personas.outsider), personas, _xlsx([["周三", number, "", "", "", "", "", "", ""]]), update=True)
    assert out.status_code == 422  # the owner office is not a registering org the outsider may choose


def test_readonly_and_anonymous_cannot_import(personas, login, client):
    assert login(personas.readonly).get("/people/import/").status_code == 403
    assert client.get("/people/import/").status_code == 302


# --- the same import over the API -------------------------------------------------------------------------------------

def _api_import(client, personas, upload, org=None, update=False):
    data = {"file": upload, "org": org or personas.office.code}
    if update:
        data["update_existing"] = "true"
    return client.post("/api/v1/people/import", data)


def test_api_import_answers_202_with_the_task_and_the_task_carries_the_report(personas, login):
    c = login(personas.owner)
    r = _api_import(c, personas, _xlsx([["张三", valid_id_number(seq="301"), "", "汉族", "", "", "", "", ""],
                                        ["李四", "", "女", "", "1980-02-03", "", "", "", ""]]))
    assert r.status_code == 202, r.content
    run = r.json()
    assert run["label"] == "导入人员信息" and run["status"] in ("pending", "running", "done")
    task = c.get(f"/api/v1/tasks/{run['uuid']}").json()
    assert task["status"] == "done" and task["percent"] == 100
    assert task["report"] == {"total": 2, "created": 2, "updated": 0, "ok": True, "error_count": 0, "errors": []}
    assert Person.objects.filter(name__in=["张三", "李四"]).count() == 2


def test_api_import_of_a_faulty_file_reports_each_row_and_writes_nothing(personas, login):
    c = login(personas.owner)
    r = _api_import(c, personas, _xlsx([["王五", "", "", "", "", "", "", "", ""],
                                        ["", "", "", "", "", "", "", "", "缺姓名"],
                                        ["赵六", "", "不详", "", "", "", "", "", ""]]))
    task = c.get(f"/api/v1/tasks/{r.json()['uuid']}").json()
    assert task["status"] == "failed" and task["report"]["ok"] is False and task["report"]["created"] == 0
    assert [(e["row"], e["key"]) for e in task["report"]["errors"]] == [(3, "（未填姓名）"), (4, "赵六")]
    assert "性别“不详”无法识别" in task["report"]["errors"][-1]["message"]
    assert not Person.objects.filter(name="王五").exists()


def test_api_import_refuses_before_storing_anything(personas, login):
    c = login(personas.owner)
    wrong = _api_import(c, personas, SimpleUploadedFile("people.csv", b"a,b\n"))
    assert wrong.status_code == 400 and wrong.json()["field"] == "file"
    outside = _api_import(c, personas, _xlsx([["张三", "", "", "", "", "", "", "", ""]]), org=personas.other_office.code)
    assert outside.status_code == 404
    assert login(personas.readonly).post("/api/v1/people/import", {"org": personas.office.code,
                                                                    "file": _xlsx([["张三"]])}).status_code == 403
    assert c.post("/api/v1/people/import", {"org": personas.office.code}).status_code == 422  # no file
    assert not TaskRun.objects.exists()
