from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from consultation.models import Consultation
from consultation.tests import factories
from core.testing import valid_id_number
from mediation.models import Dispute

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _create(client, personas, **over):
    data = {
        "org": personas.office.pk, "date": TODAY.isoformat(), "channel": "phone", "name": "韩桂芝",
        "id_number": valid_id_number(birth="19620704", seq="822"), "phone": "13947612345", "topic": "inheritance",
        "question": "父亲去世没留遗嘱，留下一处平房，哥哥说房子都归他，我能不能分？",
        "answer": "父亲未立遗嘱的，按法定继承办理，子女同为第一顺序继承人，份额一般均等。",
        "laws_cited": "中华人民共和国民法典 第一千一百二十七条\n中华人民共和国民法典 第一千一百三十条", "follow_up": "none",
        "duration_minutes": "20",
    }
    data.update(over)
    return client.post("/consultation/new/", data, HTTP_HX_REQUEST="true")


def test_office_records_a_consultation_through_the_dialog(personas, login):
    c = login(personas.owner)
    form = c.get("/consultation/new/", HTTP_HX_REQUEST="true").content.decode()
    assert "咨询人姓名" in form and "转为矛盾纠纷" not in form
    assert _create(c, personas).status_code == 204
    consultation = Consultation.objects.get()
    assert consultation.person.name == "韩桂芝" and consultation.channel == "phone" and consultation.handler == personas.owner
    page = c.get(consultation.get_absolute_url()).content.decode()
    assert "中华人民共和国民法典 第一千一百三十条" in page and "继承" in page and 'data-action="convert"' in page


def test_bad_dialog_input_shows_chinese_errors_and_saves_nothing(personas, login):
    c = login(personas.owner)
    r = _create(c, personas, answer="", question="")
    assert r.status_code == 422 and "请填写咨询问题" in r.content.decode()
    r = _create(c, personas, answer="")
    assert r.status_code == 422 and "请填写解答意见" in r.content.decode()
    r = _create(c, personas, id_number="150402196207048220")
    assert r.status_code == 422 and "校验位错误" in r.content.decode()
    r = _create(c, personas, date=(TODAY + dt.timedelta(days=2)).isoformat())
    assert r.status_code == 422 and "咨询日期不能晚于今天" in r.content.decode()
    assert Consultation.objects.count() == 0


def test_the_form_s_and_the_service_s_errors_come_in_one_round(personas, login):
    c = login(personas.owner)
    r = _create(c, personas, question="", answer="", follow_up="referred", id_number="150402196207048220", phone="12",
                duration_minutes="900", org=personas.office.pk)
    body = r.content.decode()
    assert r.status_code == 422
    for field, message in [
        ("question", "请填写咨询问题"), ("referred_to", "转介其他部门时请填写转介单位"), ("duration_minutes", "用时应在1至"),
        ("id_number", "咨询人的身份证号码校验位错误"), ("phone", "咨询人的电话号码格式不正确"),
    ]:
        assert f'data-testid="error-{field}">{message}' in body, field
    assert Consultation.objects.count() == 0


def test_convert_dialog_is_prefilled_and_creates_the_dispute(personas, login):
    consultation = factories.consultation(personas)
    c = login(personas.owner)
    url = f"/consultation/{consultation.uuid}/convert/"
    form = c.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "孙秀兰与某某婚姻家庭纠纷" in form and factories.QUESTION in form
    assert 'value="marriage_family" selected' in form
    r = c.post(url, {"org": personas.office.pk, "title": "孙秀兰与周德明离婚纠纷", "category": "marriage_family",
                     "received_date": TODAY.isoformat(), "respondent_name": "周德明", "respondent_phone": "13804760001",
                     "claims": "解除婚姻关系"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    dispute = Dispute.objects.get()
    assert dispute.facts == factories.QUESTION
    assert dispute.parties.get(role="applicant").person == consultation.person
    page = c.get(consultation.get_absolute_url()).content.decode()
    assert dispute.get_absolute_url() in page and 'data-action="convert"' not in page
    again = c.post(url, {"org": personas.office.pk, "title": "重复", "category": "marriage_family",
                         "received_date": TODAY.isoformat(), "respondent_name": "周德明"}, HTTP_HX_REQUEST="true")
    assert again.status_code == 422 and "不能重复转办" in again.content.decode()
    assert Dispute.objects.count() == 1


def test_edit_dialog_saves_a_correction(personas, login):
    consultation = factories.consultation(personas)
    c = login(personas.owner)
    url = f"/consultation/{consultation.uuid}/edit/"
    assert factories.QUESTION in c.get(url).content.decode()
    r = c.post(url, {"date": consultation.date.isoformat(), "channel": "walk_in", "topic": "marriage_family",
                     "question": consultation.question, "answer": "", "follow_up": "referred",
                     "referred_to": "红山区妇女联合会"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    consultation.refresh_from_db()
    assert consultation.follow_up == "referred" and consultation.referred_to == "红山区妇女联合会"


@pytest.mark.parametrize("suffix", ["", "edit/", "convert/"])
def test_personas_on_consultation_pages(personas, login, client, suffix):
    consultation = factories.consultation(personas)
    url = f"/consultation/{consultation.uuid}/{suffix}"
    assert client.get(url).status_code == 302
    assert login(personas.outsider).get(url).status_code == 404
    assert login(personas.owner).get(url).status_code == 200
    # The county reads the office's consultation but does not write it (办案范围): a write page is 403.
    assert login(personas.supervisor).get(url).status_code == (200 if suffix == "" else 403)
    assert login(personas.readonly).get(url).status_code == (200 if suffix == "" else 403)


def test_personas_on_the_list_and_create_pages(personas, login, client):
    factories.consultation(personas)
    assert client.get("/consultation/").status_code == 302
    assert client.get("/consultation/new/").status_code == 302
    for user in (personas.owner, personas.supervisor, personas.readonly):
        assert "孙秀兰" in login(user).get("/consultation/").content.decode()
    outsider_page = login(personas.outsider).get("/consultation/")
    assert outsider_page.status_code == 200 and "孙秀兰" not in outsider_page.content.decode()
    assert login(personas.owner).get("/consultation/new/").status_code == 200
    # Consultations are recorded at an office: the county, which records none of its own, is refused the dialog (403).
    assert login(personas.supervisor).get("/consultation/new/").status_code == 403
    assert login(personas.caseworker).get("/consultation/new/").status_code == 200
    assert login(personas.readonly).get("/consultation/new/").status_code == 403
    assert _create(login(personas.readonly), personas).status_code == 403
    assert Consultation.objects.count() == 1


def test_outsider_and_readonly_cannot_convert(personas, login):
    consultation = factories.consultation(personas)
    url = f"/consultation/{consultation.uuid}/convert/"
    post = {"org": personas.office.pk, "title": "x", "category": "other", "received_date": TODAY.isoformat(), "respondent_name": "周"}
    assert login(personas.outsider).post(url, post).status_code == 404
    assert login(personas.readonly).post(url, post).status_code == 403
    assert Dispute.objects.count() == 0


def test_list_filters_and_exports_what_it_shows(personas, login):
    factories.consultation(personas, name="甲咨询人", topic="loan", channel="hotline")
    factories.consultation(personas, name="乙咨询人", topic="labour", channel="walk_in", date=TODAY - dt.timedelta(days=40))
    c = login(personas.owner)
    page = c.get("/consultation/?topic=loan").content.decode()
    assert "甲咨询人" in page and "乙咨询人" not in page
    assert "乙咨询人" not in c.get("/consultation/?channel=hotline").content.decode()
    since = (TODAY - dt.timedelta(days=10)).isoformat()
    dated = c.get(f"/consultation/?date_from={since}").content.decode()
    assert "甲咨询人" in dated and "乙咨询人" not in dated
    assert "甲咨询人" in c.get("/consultation/?q=甲咨询").content.decode()
    assert "甲咨询人" in c.get("/consultation/?handler=张明&follow_up=none").content.decode()
    assert "甲咨询人" not in c.get("/consultation/?follow_up=referred").content.decode()
    wb = load_workbook(BytesIO(c.get("/consultation/?topic=loan&export=xlsx").content))
    rows = list(wb.active.values)
    assert len(rows) == 2 and rows[1][2] == "甲咨询人" and rows[1][4] == "12348热线" and rows[1][5] == "借贷"
    assert "中华人民共和国民法典 第一千零七十九条" in rows[1][8]


def test_list_query_count_does_not_grow_with_rows(personas, login):
    c = login(personas.owner)
    factories.consultation(personas, name="一号")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/consultation/").status_code == 200
        return len(ctx.captured_queries)

    count()  # warm the per-process caches (menu, content types)
    one = count()
    for i in range(15):
        factories.consultation(personas, name=f"咨询人{i}")
    assert count() == one


def test_menu_shows_the_entry_to_users_who_may_view(personas, login):
    assert "法律咨询" in login(personas.owner).get("/").content.decode()
