"""社区矫正对象手机端接口 (/api/v1/corrections/me/…): the subject signs in with the ID number and the text-message code,
receives a token of its own kind, and sees and does exactly what the phone page offers — about itself only.
Another subject's records are not found, a staff token or session does not open the routes, a wrong or expired code
or token is refused with a Chinese message."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.tokens import token_issue
from core.models import AuditEvent
from core.testing import valid_id_number
from corrections import duties
from corrections.models import CheckIn, SubjectCode, SubjectToken
from corrections.tests import factories

pytestmark = pytest.mark.django_db
API = "/api/v1/corrections/me"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ID_A = valid_id_number(birth="19870305", seq="211")
ID_B = valid_id_number(birth="19900718", seq="212")


def _subject(p: Any, name: str, id_number: str) -> Any:
    from corrections.services import subject_receive

    today = timezone.localdate()
    subject = subject_receive(actor=p.owner, org=p.office, person=factories.person(name, id_number=id_number),
                              data=factories.data(effective_date=today - dt.timedelta(days=40), start_date=today - dt.timedelta(days=40),
                                                  reported_date=today - dt.timedelta(days=38)))
    duties.obligations_schedule(actor=p.owner, subject=subject, start=today - dt.timedelta(days=2), end=today + dt.timedelta(days=40),
                                measures=[{"kind": "report", "title": "每周报到", "frequency": "weekly", "legal_basis": "社区矫正法 第二十三条"},
                                          {"kind": "written_report", "title": "每月书面报告", "frequency": "monthly"}])
    return subject


def _code(client: Client, id_number: str, caplog: Any) -> str:
    with caplog.at_level(logging.INFO, logger="corrections.sms"):
        sent = client.post(f"{API}/code", {"id_number": id_number}, content_type="application/json")
    assert sent.status_code == 200 and "验证码已发送" in sent.json()["message"]
    return re.findall(r"验证码为 (\d{6})", caplog.text)[-1]


def _token(client: Client, id_number: str, caplog: Any) -> str:
    code = _code(client, id_number, caplog)
    answer = client.post(f"{API}/login", {"id_number": id_number, "code": code}, content_type="application/json")
    assert answer.status_code == 201, answer.content
    token = answer.json()["token"]
    assert token.startswith("sjz_") and not SubjectToken.objects.filter(key_hash=token).exists()  # only the hash is kept
    return str(token)


def _auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_subject_signs_in_sees_the_day_checks_in_reports_and_signs_out(personas, caplog):
    subject = _subject(personas, "周晓峰", ID_A)
    client = Client()
    token = _token(client, ID_A, caplog)
    me = client.get(API, **_auth(token)).json()
    assert me["name"] == "周晓峰" and me["org_name"] == personas.office.name and me["end_date"] == f"{subject.end_date}"

    today = client.get(f"{API}/today", **_auth(token)).json()
    assert today["checkin_due"]["title"] == "每周报到" and today["report_due"]["title"] == "每月书面报告"
    assert today["next_checkin"]["window_start"] > today["date"]
    schedule = client.get(f"{API}/obligations", **_auth(token)).json()
    assert {o["kind"] for o in schedule} == {"report", "written_report"}
    assert all(o["due_date"] >= f"{timezone.localdate() - dt.timedelta(days=7)}" for o in schedule)
    one = client.get(f"{API}/obligations/{schedule[0]['uuid']}", **_auth(token))
    assert one.status_code == 200 and one.json()["uuid"] == schedule[0]["uuid"]

    done = client.post(f"{API}/checkins", {"latitude": "42.258600", "longitude": "118.886900", "accuracy": "15",
                                           "photo": SimpleUploadedFile("a.png", PNG, content_type="image/png")}, **_auth(token))
    assert done.status_code == 201, done.content
    assert done.json()["has_photo"] and done.json()["obligation_title"] == "每周报到"
    again = client.post(f"{API}/checkins", {}, **_auth(token))
    assert again.status_code == 400 and "今天没有需要签到的事项" in again.json()["message"]
    short = client.post(f"{API}/reports", {"text": "很好"}, **_auth(token))
    assert short.status_code == 400 and short.json()["field"] == "text" and "不少于10个字" in short.json()["message"]
    report = client.post(f"{API}/reports", {"text": "本月遵纪守法，按时报到，参加了社区公益劳动八小时。"}, **_auth(token))
    assert report.status_code == 201 and report.json()["is_report"]
    assert subject.obligations.filter(kind__in=["report", "written_report"], status="done").count() == 2

    records = client.get(f"{API}/records", **_auth(token)).json()
    assert [r["is_report"] for r in records] == [True, False]
    assert records[1]["latitude"] == "42.258600"  # the subject's own location, to the subject alone
    assert client.get(f"{API}/records/{records[1]['uuid']}", **_auth(token)).status_code == 200

    assert client.post(f"{API}/logout", **_auth(token)).json() == {"revoked": True}
    gone = client.get(f"{API}/today", **_auth(token))
    assert gone.status_code == 401 and "重新登录" in gone.json()["message"]


def test_subject_a_cannot_read_subject_b(personas, caplog):
    _subject(personas, "周晓峰", ID_A)
    b = _subject(personas, "吴桂兰", ID_B)
    duties.checkin_record(subject=b, latitude="42.1", longitude="118.9")
    token_a = _token(Client(), ID_A, caplog)
    client = Client()
    b_obligation = b.obligations.first()
    b_record = CheckIn.objects.get(subject=b)
    for url in (f"{API}/obligations/{b_obligation.uuid}", f"{API}/records/{b_record.uuid}"):
        answer = client.get(url, **_auth(token_a))
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    mine = client.get(f"{API}/obligations", **_auth(token_a)).json()
    assert str(b_obligation.uuid) not in {o["uuid"] for o in mine}
    assert client.get(f"{API}/records", **_auth(token_a)).json() == []
    assert client.get(API, **_auth(token_a)).json()["name"] == "周晓峰"


def test_a_staff_token_or_session_is_not_a_subject(personas, login):
    _subject(personas, "周晓峰", ID_A)
    staff = token_issue(user=personas.owner).token
    answer = Client().get(f"{API}/today", **_auth(staff))
    assert answer.status_code == 401 and answer.json()["code"] == "not_subject_token" and "工作人员" in answer.json()["message"]
    session = login(personas.owner).get(f"{API}/today")
    assert session.status_code == 401 and "短信验证码" in session.json()["message"]
    assert Client().get(f"{API}/obligations").status_code == 401
    # And the subject's token opens no staff route.
    assert Client().get("/api/v1/corrections/subjects", **_auth("sjz_00000000_x")).status_code == 401


def test_wrong_or_expired_code_and_expired_token_are_refused_in_chinese(personas, caplog):
    subject = _subject(personas, "周晓峰", ID_A)
    client = Client()
    code = _code(client, ID_A, caplog)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    answer = client.post(f"{API}/login", {"id_number": ID_A, "code": wrong}, content_type="application/json")
    assert answer.status_code == 400 and answer.json()["field"] == "code" and "验证码不正确或已过期" in answer.json()["message"]
    SubjectCode.objects.filter(subject=subject).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    expired = client.post(f"{API}/login", {"id_number": ID_A, "code": code}, content_type="application/json")
    assert expired.status_code == 400 and "已过期" in expired.json()["message"]
    assert not SubjectToken.objects.exists()

    token = _token(client, ID_A, caplog)
    SubjectToken.objects.update(idle_until=timezone.now() - dt.timedelta(seconds=1))
    stale = client.get(f"{API}/today", **_auth(token))
    assert stale.status_code == 401 and stale.json()["code"] == "phone_login_expired" and "重新登录" in stale.json()["message"]
    assert AuditEvent.objects.filter(summary__contains="手机端接口登录").exists()


def test_a_token_stops_working_when_the_subject_leaves_correction(personas, caplog):
    from corrections.services import subject_release

    subject = _subject(personas, "周晓峰", ID_A)
    token = _token(Client(), ID_A, caplog)
    subject_release(actor=personas.owner, subject=subject, reason="death", date=timezone.localdate())
    assert Client().get(f"{API}/today", **_auth(token)).status_code == 401


def test_the_unknown_number_gets_the_same_answer(personas, caplog):
    with caplog.at_level(logging.INFO, logger="corrections.sms"):
        answer = Client().post(f"{API}/code", {"id_number": ID_B}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["message"] == duties.SENT_MESSAGE and "验证码为" not in caplog.text
