from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.models import AuditEvent
from core.testing import valid_id_number
from corrections.models import Subject
from corrections.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _receive(client, personas, **over):
    effective = TODAY - dt.timedelta(days=4)
    data = {
        "org": personas.office.pk, "name": "高志远", "id_number": valid_id_number(birth="19900214", seq="517"),
        "phone": "13947612345", "correction_type": "probation", "crime": "盗窃罪", "decision_organ": "赤峰市红山区人民法院",
        "decision_number": "（2026）内0402刑初321号", "effective_date": effective.isoformat(), "start_date": effective.isoformat(),
        "end_date": (effective + dt.timedelta(days=400)).isoformat(), "reported_date": TODAY.isoformat(),
    }
    data.update(over)
    return client.post("/corrections/receive/", data, HTTP_HX_REQUEST="true")


def test_office_receives_a_subject_through_the_dialog_and_the_page_masks_the_id_number(personas, login):
    c = login(personas.owner)
    form = c.get("/corrections/receive/", HTTP_HX_REQUEST="true").content.decode()
    assert "接收报到登记" in form and "社区矫正法 第二十二条" in form
    assert _receive(c, personas).status_code == 204
    subject = Subject.objects.get()
    assert subject.person.name == "高志远" and subject.officer == personas.owner and subject.crime == "盗窃罪"
    page = c.get(subject.get_absolute_url()).content.decode()
    number = valid_id_number(birth="19900214", seq="517")
    assert number not in page and subject.person.id_number_masked in page
    assert "（2026）内0402刑初321号" in page and "赤峰市红山区人民法院" in page and "逾期" not in page
    assert AuditEvent.objects.filter(action="other", summary="查阅社区矫正对象档案 高志远", actor=personas.owner).exists()


def test_bad_dialog_input_shows_chinese_errors_and_saves_nothing(personas, login):
    c = login(personas.owner)
    r = _receive(c, personas, id_number="150402199002145170")
    assert r.status_code == 422 and "校验位" in r.content.decode()
    r = _receive(c, personas, reported_date=(TODAY + dt.timedelta(days=1)).isoformat())
    assert r.status_code == 422 and "报到日期不能晚于今天" in r.content.decode()
    r = _receive(c, personas, end_date=(TODAY - dt.timedelta(days=10)).isoformat())
    assert r.status_code == 422 and "矫正期限止必须晚于矫正期限起" in r.content.decode()
    r = _receive(c, personas, id_number="")
    assert r.status_code == 422 and "请填写身份证号码" in r.content.decode()
    assert not Subject.objects.exists()


def test_late_reporting_is_flagged_on_the_subject_page(personas, login):
    effective = TODAY - dt.timedelta(days=30)
    subject = factories.subject(personas, effective_date=effective, start_date=effective, reported_date=TODAY,
                                end_date=effective + dt.timedelta(days=500))
    page = login(personas.owner).get(subject.get_absolute_url()).content.decode()
    assert f"逾期 {subject.reported_late_days} 日报到" in page and "社区矫正法 第二十一条" in page


def test_edit_dialog_saves_a_correction(personas, login):
    subject = factories.subject(personas)
    c = login(personas.owner)
    url = f"/corrections/{subject.uuid}/edit/"
    assert "危险驾驶罪" in c.get(url).content.decode()
    post = {name: getattr(subject, name).isoformat() for name in ("effective_date", "start_date", "end_date", "reported_date")}
    r = c.post(url, {**post, "correction_type": "probation", "crime": "交通肇事罪", "decision_organ": subject.decision_organ,
                     "decision_number": subject.decision_number}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    subject.refresh_from_db()
    assert subject.crime == "交通肇事罪"


@pytest.mark.parametrize("suffix", ["", "edit/"])
def test_personas_on_subject_pages(personas, login, client, suffix):
    subject = factories.subject(personas)
    url = f"/corrections/{subject.uuid}/{suffix}"
    assert client.get(url).status_code == 302
    assert login(personas.outsider).get(url).status_code == 404
    assert login(personas.owner).get(url).status_code == 200
    # The county reads the office's case but does not write it (办案范围): a write page is 403, as for the auditor.
    assert login(personas.supervisor).get(url).status_code == (200 if suffix == "" else 403)
    assert login(personas.readonly).get(url).status_code == (200 if suffix == "" else 403)


def test_personas_on_the_list_and_receive_pages(personas, login, client):
    factories.subject(personas)
    assert client.get("/corrections/").status_code == 302
    assert client.get("/corrections/receive/").status_code == 302
    for user in (personas.owner, personas.supervisor, personas.readonly):
        assert "刘建军" in login(user).get("/corrections/").content.decode()
    outsider_page = login(personas.outsider).get("/corrections/")
    assert outsider_page.status_code == 200 and "刘建军" not in outsider_page.content.decode()
    assert login(personas.readonly).get("/corrections/receive/").status_code == 403
    assert _receive(login(personas.readonly), personas).status_code == 403
    outsider = _receive(login(personas.outsider), personas)
    assert outsider.status_code == 422 and "选择一个有效的选项" in outsider.content.decode()
    assert Subject.objects.count() == 1


def test_list_filters_and_exports_what_it_shows(personas, login):
    factories.subject(personas, name="甲对象", correction_type="control", crime="寻衅滋事罪",
                      end_date=TODAY + dt.timedelta(days=300))
    factories.subject(personas, name="乙对象", reported_date=TODAY - dt.timedelta(days=1))
    c = login(personas.owner)
    page = c.get("/corrections/?correction_type=control").content.decode()
    assert "甲对象" in page and "乙对象" not in page
    assert "乙对象" in c.get(f"/corrections/?reported_from={TODAY - dt.timedelta(days=1)}").content.decode()
    assert "甲对象" not in c.get(f"/corrections/?reported_from={TODAY - dt.timedelta(days=1)}").content.decode()
    assert "甲对象" not in c.get("/corrections/?status=discharged").content.decode()
    assert "甲对象" in c.get("/corrections/?q=寻衅").content.decode()
    wb = load_workbook(BytesIO(c.get("/corrections/?correction_type=control&export=xlsx").content))
    rows = list(wb.active.values)
    assert len(rows) == 2 and rows[1][0] == "甲对象" and rows[1][3] == "管制" and rows[1][4] == "寻衅滋事罪"
    assert "*" in rows[1][1]  # the ID number leaves masked
    assert AuditEvent.objects.filter(action="export", summary__contains="社区矫正对象台账（1条）").exists()


def test_list_query_count_does_not_grow_with_rows(personas, login):
    c = login(personas.owner)
    factories.subject(personas, name="一号")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/corrections/").status_code == 200
        return len(ctx.captured_queries)

    count()
    one = count()
    for i in range(15):
        factories.subject(personas, name=f"对象{i}")
    assert count() == one


def test_menu_shows_the_entry_to_users_who_may_view(personas, login):
    assert "社区矫正" in login(personas.owner).get("/").content.decode()
    assert "/corrections/" in login(personas.readonly).get("/").content.decode()


def test_a_mediator_has_no_corrections_permission_and_no_menu_entry(personas, login):
    from core.testing import make_user

    mediator = make_user("mediator_150402001001", org=personas.committee, role="mediator", full_name="赵调解")
    assert not any(p.startswith("corrections.") for p in mediator.get_all_permissions())
    assert mediator.has_perm("mediation.view_dispute")
    c = login(mediator)
    assert "/corrections/" not in c.get("/").content.decode()
    assert c.get("/corrections/").status_code == 403
