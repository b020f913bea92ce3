"""日常监管 of 社区矫正: scheduling from measures, the subject's check-in and report, the one-time code, reminders and
missed items, 考核, the caps on travel, 电子定位 and the signed alert push, 脱管 and the suggested 奖惩 steps, and the
document each decision generates."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import logging
import re
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.errors import ValidationFailed
from core.models import Deadline, Notification, WorkEvent
from core.testing import valid_id_number
from corrections import duties
from corrections.models import (
    CheckIn,
    LocationAlert,
    Monitoring,
    Obligation,
    Sanction,
    SubjectCode,
    SubjectRequest,
    months_after,
)
from corrections.services import subject_receive
from corrections.sms import HttpSmsSender, SmsError, sms_sender
from corrections.tests import factories
from documents.models import GeneratedDocument

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ID = valid_id_number(birth="19870305", seq="611")


def _subject(p: Any, months_ago: int = 3, **over: Any) -> Any:
    effective = months_after(TODAY, -months_ago) if months_ago else TODAY - dt.timedelta(days=5)
    values = {"effective_date": effective, "start_date": effective, "end_date": months_after(effective, 24) - dt.timedelta(days=1),
              "reported_date": min(effective + dt.timedelta(days=2), TODAY)}
    values.update(over)
    return subject_receive(actor=p.owner, org=p.office, person=factories.person("周晓峰", id_number=ID), data=factories.data(**values))


def _report_due_today(p: Any, subject: Any = None) -> Any:
    subject = subject or _subject(p)
    duties.obligations_schedule(actor=p.owner, subject=subject, start=TODAY - dt.timedelta(days=2), end=TODAY + dt.timedelta(days=40),
                                measures=[{"kind": "report", "title": "每周报到", "frequency": "weekly", "legal_basis": "社区矫正法 第二十三条"}])
    return subject


# ----------------------------------------------------------------------------------------------- scheduling


def test_measures_become_dated_obligations_and_re_scheduling_replaces_only_pending_ones(personas):
    subject = _subject(personas)
    start = TODAY.replace(day=1)
    end = months_after(start, 2) - dt.timedelta(days=1)
    created = duties.obligations_schedule(actor=personas.owner, subject=subject, start=start, end=end, measures=[
        {"kind": "report", "title": "当面报到", "frequency": "weekly", "legal_basis": "社区矫正法 第二十三条"},
        {"kind": "教育学习", "title": "集中教育学习", "hours_per_month": 8, "legal_basis": "社区矫正法 第三十六条"},
        {"kind": "visit", "title": "走访家庭", "frequency": "quarterly"},
        {"kind": "就业帮扶", "title": "推荐就业"},  # an assistance measure without a schedule
    ])
    kinds = [o.kind for o in created]
    assert kinds.count("education") == 2 and kinds.count("visit") == 1
    assert kinds.count("report") == ((end - start).days // 7) + 1
    assert {o.hours for o in created if o.kind == "education"} == {Decimal(8)}
    assert all(start <= o.window_start <= o.due_date <= end for o in created)
    first = created[0]  # the first week's report, begun on the first of this month
    duties.obligation_fulfil(actor=personas.owner, obligation=first, date=min(TODAY, first.due_date), note="当面报到")
    again = duties.obligations_schedule(actor=personas.owner, subject=subject, start=start, end=end,
                                        measures=[{"kind": "report", "title": "当面报到", "frequency": 2}])
    assert subject.obligations.filter(kind="education").count() == 0
    assert subject.obligations.count() == len(again) + subject.obligations.exclude(status="pending").count()


def test_a_measure_with_an_unknown_frequency_is_refused_with_the_accepted_words(personas):
    subject = _subject(personas)
    with pytest.raises(ValidationFailed, match="weekly、biweekly"):
        duties.obligations_schedule(actor=personas.owner, subject=subject, start=TODAY, end=TODAY + dt.timedelta(days=30),
                                    measures=[{"kind": "report", "title": "报到", "frequency": "每天三次"}])
    assert not Obligation.objects.exists()


def test_the_default_schedule_of_a_level_follows_the_parameters_and_adds_health_reports_for_temporary_outside(personas):
    subject = _subject(personas, correction_type="temporary_outside", crime="非法吸收公众存款罪")
    duties.schedule_by_level(actor=personas.owner, subject=subject, level="strict", start=TODAY.replace(day=1),
                             end=months_after(TODAY.replace(day=1), 1) - dt.timedelta(days=1))
    by_kind = {k: subject.obligations.filter(kind=k).count() for k in ("report", "written_report", "talk", "health_report")}
    assert by_kind == {"report": 4, "written_report": 4, "talk": 4, "health_report": 1}
    assert subject.obligations.get(kind="community_service").hours == Decimal(12)


# ---------------------------------------------------------------------------------------- check-in and report


def test_a_check_in_outside_the_schedule_is_refused_and_saves_nothing(personas):
    subject = _subject(personas)
    duties.obligations_schedule(actor=personas.owner, subject=subject, start=TODAY + dt.timedelta(days=3), end=TODAY + dt.timedelta(days=40),
                                measures=[{"kind": "report", "title": "每周报到", "frequency": "weekly"}])
    events = WorkEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        duties.checkin_record(subject=subject, latitude="42.2586", longitude="118.8869")
    assert "今天没有需要签到的事项" in exc.value.message
    assert f"{TODAY + dt.timedelta(days=3):%Y-%m-%d}" in exc.value.message
    assert not CheckIn.objects.exists() and WorkEvent.objects.count() == events
    assert not subject.obligations.exclude(status="pending").exists()


def test_a_check_in_in_its_window_fulfils_the_item_with_time_place_and_photo(personas):
    subject = _report_due_today(personas)
    checkin = duties.checkin_record(subject=subject, latitude="42.258612", longitude="118.886900", accuracy="25",
                                    photo=SimpleUploadedFile("x.png", PNG, content_type="image/png"))
    obligation = checkin.obligation
    assert obligation.status == "done" and obligation.done_date == TODAY
    assert checkin.latitude == Decimal("42.258612") and checkin.photo.name.endswith(".png")
    assert WorkEvent.objects.filter(event_type="corrections.checkin", object_id=str(checkin.pk)).exists()
    with pytest.raises(ValidationFailed, match="今天没有需要签到的事项"):  # the week's report is done
        duties.checkin_record(subject=subject)


@pytest.mark.parametrize(("content", "message"), [
    (b"GIF89a" + b"\x00" * 20, "JPG 或 PNG"),
    (b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), "不能超过 5MB"),
])
def test_a_photo_of_another_type_or_too_large_is_refused_and_nothing_saved(personas, content, message):
    subject = _report_due_today(personas)
    with pytest.raises(ValidationFailed, match=message):
        duties.checkin_record(subject=subject, photo=SimpleUploadedFile("a.jpg", content, content_type="image/jpeg"))
    assert not CheckIn.objects.exists()
    assert not subject.obligations.filter(status="done").exists()


def test_a_written_report_fulfils_the_scheduled_report_or_is_kept_as_an_extra_one(personas):
    subject = _subject(personas)
    extra = duties.report_submit(subject=subject, text="本人已换工作，现在红山区某物流公司上班。")
    assert extra.obligation is None
    duties.obligations_schedule(actor=personas.owner, subject=subject, start=TODAY, end=TODAY + dt.timedelta(days=20),
                                measures=[{"kind": "written_report", "title": "书面报告", "frequency": "biweekly"}])
    report = duties.report_submit(subject=subject, text="本周遵纪守法，按时参加教育学习和公益活动。")
    assert report.obligation is not None and report.obligation.status == "done"
    assert Notification.objects.filter(user=subject.officer, title__contains="书面报告").exists()
    with pytest.raises(ValidationFailed, match="不少于10个字"):
        duties.report_submit(subject=subject, text="好")


# ------------------------------------------------------------------------------------------ one-time code, SMS


def _code_from(caplog: Any) -> str:
    found = re.findall(r"验证码为 (\d{6})", caplog.text)
    assert found, caplog.text
    return found[-1]


def test_the_login_code_goes_to_the_log_without_the_id_number_and_opens_the_page_once(personas, caplog):
    subject = _subject(personas)
    with caplog.at_level(logging.INFO, logger="corrections.sms"):
        message = duties.login_code_send(id_number=ID)
    assert "验证码已发送" in message
    assert ID not in caplog.text and ID[6:14] not in caplog.text
    code = _code_from(caplog)
    with pytest.raises(ValidationFailed, match="验证码不正确"):
        duties.login_code_verify(id_number=ID, code="000000" if code != "000000" else "111111")
    assert duties.login_code_verify(id_number=ID, code=code) == subject
    with pytest.raises(ValidationFailed, match="验证码不正确"):  # spent
        duties.login_code_verify(id_number=ID, code=code)


def test_an_unknown_id_number_gets_the_same_answer_and_no_code(personas, caplog):
    with caplog.at_level(logging.INFO, logger="corrections.sms"):
        assert duties.login_code_send(id_number=valid_id_number(birth="19990101", seq="001")) == duties.SENT_MESSAGE
    assert "验证码为" not in caplog.text and not SubjectCode.objects.exists()


def test_five_wrong_codes_spend_the_code_and_codes_are_limited_per_hour(personas, caplog):
    _subject(personas)
    with caplog.at_level(logging.INFO, logger="corrections.sms"):
        duties.login_code_send(id_number=ID)
    code = _code_from(caplog)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        with pytest.raises(ValidationFailed):
            duties.login_code_verify(id_number=ID, code=wrong)
    with pytest.raises(ValidationFailed):
        duties.login_code_verify(id_number=ID, code=code)
    duties.login_code_send(id_number=ID)
    duties.login_code_send(id_number=ID)
    with pytest.raises(ValidationFailed, match="过于频繁"):
        duties.login_code_send(id_number=ID)


class _Gateway(BaseHTTPRequestHandler):
    """A local SMS gateway of the documented protocol: checks the key and the signature and answers code 0."""

    received: list[dict[str, Any]] = []
    secret = "gateway-secret"

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        data = json.loads(body)
        expected = hmac.new(self.secret.encode(), f"{data['timestamp']}\n".encode() + body, hashlib.sha256).hexdigest()
        if self.headers.get("X-Api-Key") != "office-key" or self.headers.get("X-Signature") != expected:
            answer = {"code": 40301, "message": "签名错误"}
        elif not data["phone"].startswith("1"):
            answer = {"code": 40001, "message": "手机号码无效"}
        else:
            type(self).received.append(data)
            answer = {"code": 0, "id": f"msg-{len(type(self).received)}"}
        raw = json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def gateway():  # type: ignore[no-untyped-def]
    _Gateway.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    server.shutdown()
    server.server_close()


def test_the_http_sender_signs_its_requests_and_reports_a_refusal_in_chinese(gateway):
    sender = HttpSmsSender(gateway, "office-key", "gateway-secret")
    assert sender.send("13904761234", "【西屯街道司法所】验证码 123456") == "msg-1"
    assert _Gateway.received[0]["content"].endswith("123456")
    with pytest.raises(SmsError, match="手机号码无效"):
        sender.send("0476-1234", "x")
    with pytest.raises(SmsError, match="签名错误"):
        HttpSmsSender(gateway, "office-key", "another-secret").send("13904761234", "x")
    with pytest.raises(SmsError, match="暂时无法连接"):
        HttpSmsSender("http://127.0.0.1:9/none", "k", "s", timeout=1).send("13904761234", "x")


def test_the_setting_chooses_the_http_gateway_for_the_login_code(personas, gateway, settings):
    settings.CORRECTIONS_SMS_BACKEND, settings.CORRECTIONS_SMS_URL = "http", gateway
    settings.CORRECTIONS_SMS_KEY, settings.CORRECTIONS_SMS_SECRET = "office-key", "gateway-secret"
    assert isinstance(sms_sender(), HttpSmsSender)
    subject = _subject(personas)
    duties.login_code_send(id_number=ID)
    assert _Gateway.received[0]["phone"] == subject.person.phone
    code = re.search(r"验证码为 (\d{6})", _Gateway.received[0]["content"]).group(1)  # type: ignore[union-attr]
    assert duties.login_code_verify(id_number=ID, code=code) == subject


# ---------------------------------------------------------------------------------- reminders, misses, 考核


def test_the_sweep_reminds_before_marks_misses_for_the_officer_and_records_last_months_review(personas, caplog):
    subject = _subject(personas)
    duties.obligations_schedule(actor=personas.owner, subject=subject, start=months_after(TODAY.replace(day=1), -1),
                                end=TODAY + dt.timedelta(days=20), measures=[{"kind": "report", "title": "每周报到", "frequency": "weekly"}])
    Obligation.objects.create(org=subject.org, subject=subject, kind="written_report", title="书面报告", window_start=TODAY,
                              due_date=TODAY)
    soon = subject.obligations.filter(due_date__gte=TODAY, due_date__lte=TODAY + dt.timedelta(days=1)).count()
    with caplog.at_level(logging.INFO, logger="corrections.sms"):
        counts = duties.obligations_sweep(today=TODAY)
    assert counts["missed"] == subject.obligations.filter(status="missed").count() > 0
    assert Notification.objects.filter(user=subject.officer, title__contains="未按期履行").count() == counts["missed"]
    assert WorkEvent.objects.filter(event_type="corrections.missed").count() == counts["missed"]
    assert counts["reminded"] == soon and "请于" in caplog.text and "完成：书面报告" in caplog.text
    again = duties.obligations_sweep(today=TODAY)
    assert again["missed"] == 0 and again["reminded"] == 0
    first_of_next = months_after(TODAY.replace(day=1), 1)
    duties.obligations_sweep(today=first_of_next)
    review = subject.reviews.get(period=f"{TODAY:%Y-%m}")
    assert review.missed > 0 and review.result == "poor"
    assert any(e["status"] == "未履行" for e in review.evidence)


def test_a_review_shows_the_evidence_of_each_item(personas):
    subject = _report_due_today(personas)
    duties.checkin_record(subject=subject, latitude="42.2586", longitude="118.8869")
    figures = duties.review_compute(subject, TODAY - dt.timedelta(days=2), TODAY + dt.timedelta(days=4))
    done = [e for e in figures["evidence"] if e["status"] == "已履行"]
    assert done and "签到" in done[0]["proof"] and "42.258600" in done[0]["proof"]
    with pytest.raises(ValidationFailed, match="尚未结束"):
        duties.review_record(actor=personas.owner, subject=subject, period=f"{TODAY:%Y-%m}")
    with pytest.raises(ValidationFailed, match="2026Q4"):
        duties.review_record(actor=personas.owner, subject=subject, period="上个月")


# ------------------------------------------------------------------------------------------------ requests


def _trip(start: dt.date, days: int, kind: str = "travel") -> duties.RequestInput:
    return duties.RequestInput(kind=kind, reason="赴北京就医", destination="北京市朝阳区", start_date=start,
                               end_date=start + dt.timedelta(days=days - 1))


def test_a_leave_request_over_the_caps_is_refused_with_the_cap_and_nothing_saved(personas):
    subject = _subject(personas)
    start = months_after(TODAY.replace(day=1), 1) + dt.timedelta(days=2)
    with pytest.raises(ValidationFailed, match="一次外出不能超过30日"):
        duties.request_submit(actor=personas.owner, subject=subject, data=_trip(start, 31))
    first = duties.request_submit(actor=personas.owner, subject=subject, data=_trip(start, 5))
    duties.request_submit(actor=personas.owner, subject=subject, data=_trip(start + dt.timedelta(days=10), 3))
    with pytest.raises(ValidationFailed, match="每月不超过2次"):
        duties.request_submit(actor=personas.owner, subject=subject, data=_trip(start + dt.timedelta(days=20), 2))
    assert SubjectRequest.objects.count() == 2
    assert Deadline.objects.filter(kind="corrections.request_decide").count() == 2
    duties.request_decide(actor=personas.owner, request=first, approve=True)
    with pytest.raises(ValidationFailed, match="二个月内累计外出将达"):
        duties.request_submit(actor=personas.owner, subject=subject, data=_trip(start + dt.timedelta(days=36), 26))
    assert SubjectRequest.objects.count() == 2


def test_the_office_approves_up_to_seven_days_and_the_county_beyond(personas):
    subject = _subject(personas)
    start = TODAY + dt.timedelta(days=4)
    long_trip = duties.request_submit(actor=personas.owner, subject=subject, data=_trip(start, 10))
    with pytest.raises(ValidationFailed, match="超过7日的由县级社区矫正机构批准"):
        duties.request_decide(actor=personas.owner, request=long_trip, approve=True)
    duties.request_refer(actor=personas.owner, request=long_trip, note="赴京就医十日")
    decided = duties.request_decide(actor=personas.supervisor, request=long_trip, approve=True, note="同意")
    assert decided.status == "approved" and decided.decided_by == personas.supervisor
    assert not Deadline.objects.filter(kind="corrections.request_decide", status="open").exists()
    assert Deadline.objects.filter(kind="corrections.request_return", status="open").count() == 1
    with pytest.raises(ValidationFailed, match="不予批准的，请写明理由"):
        duties.request_decide(actor=personas.owner, request=duties.request_submit(
            actor=personas.owner, subject=subject, data=_trip(start + dt.timedelta(days=12), 2)), approve=False)


# ------------------------------------------------------------------------------------------------- 电子定位


def _monitoring_data(**over: Any) -> duties.MonitoringInput:
    values = dict(trigger="ban_order", facts="违反禁止令进入酒吧", approver="王局长", approval_date=TODAY, start_date=TODAY,
                  end_date=TODAY + dt.timedelta(days=60), device="DW-1001")
    values.update(over)
    return duties.MonitoringInput(**values)  # type: ignore[arg-type]


def test_electronic_location_is_limited_to_three_months_and_its_legal_triggers(personas):
    subject = _subject(personas)
    with pytest.raises(ValidationFailed, match="不得超过三个月（社区矫正法 第二十九条）"):
        duties.monitoring_start(actor=personas.owner, subject=subject, data=_monitoring_data(end_date=months_after(TODAY, 3)))
    with pytest.raises(ValidationFailed, match="被给予警告"):
        duties.monitoring_start(actor=personas.owner, subject=subject, data=_monitoring_data(trigger="refused_report"))
    assert not Monitoring.objects.exists()
    first = duties.monitoring_start(actor=personas.owner, subject=subject, data=_monitoring_data())
    renewal = duties.monitoring_renew(actor=personas.owner, monitoring=first, approver="王局长", approval_date=TODAY,
                                      end_date=months_after(first.end_date + dt.timedelta(days=1), 3) - dt.timedelta(days=1),
                                      facts="经评估仍有必要")
    assert renewal.start_date == first.end_date + dt.timedelta(days=1) and renewal.renewal_of == first
    assert Deadline.objects.get(object_id=str(first.pk), kind="corrections.monitoring_end").status == "done"
    with pytest.raises(ValidationFailed, match="已解除或已延长"):
        duties.monitoring_renew(actor=personas.owner, monitoring=first, approver="王局长", approval_date=TODAY,
                                end_date=TODAY + dt.timedelta(days=70), facts="x")


def _push(client: Any, body: dict[str, Any], *, secret: str = "positioning-secret", timestamp: int | None = None) -> Any:
    raw = json.dumps(body, ensure_ascii=False).encode()
    ts = str(timestamp or int(time.time()))
    signature = hmac.new(secret.encode(), ts.encode() + b"\n" + raw, hashlib.sha256).hexdigest()
    return client.post("/api/v1/corrections/positioning/alerts", raw, content_type="application/json",
                       HTTP_X_TIMESTAMP=ts, HTTP_X_SIGNATURE=signature)


ALERT = {"alert_id": "A-20261207-1", "device": "DW-1001", "kind": "out_of_area", "occurred_at": timezone.now().isoformat(),
         "latitude": 41.0, "longitude": 117.0, "detail": "越出红山区范围"}


def test_a_location_alert_with_a_bad_signature_gets_401_in_chinese_and_nothing_saved(personas, client, settings):
    settings.CORRECTIONS_POSITIONING_SECRET = "positioning-secret"
    subject = _subject(personas)
    duties.monitoring_start(actor=personas.owner, subject=subject, data=_monitoring_data())
    before = (WorkEvent.objects.count(), Notification.objects.count())
    for response in (_push(client, ALERT, secret="wrong-secret"), _push(client, ALERT, timestamp=int(time.time()) - 3600),
                     client.post("/api/v1/corrections/positioning/alerts", json.dumps(ALERT), content_type="application/json")):
        assert response.status_code == 401
        assert response.json()["code"] == "bad_signature" and "签名校验失败" in response.json()["message"]
    assert not LocationAlert.objects.exists() and (WorkEvent.objects.count(), Notification.objects.count()) == before


def test_a_signed_alert_is_saved_once_and_told_to_the_officer(personas, client, settings):
    settings.CORRECTIONS_POSITIONING_SECRET = "positioning-secret"
    subject = _subject(personas)
    duties.monitoring_start(actor=personas.owner, subject=subject, data=_monitoring_data())
    first = _push(client, ALERT)
    assert first.status_code == 201, first.content
    assert _push(client, ALERT).status_code == 200  # the same alert again
    alert = LocationAlert.objects.get()
    assert alert.subject == subject and alert.kind == "out_of_area"
    assert Notification.objects.filter(user=subject.officer, title__startswith="定位报警").count() == 1
    unknown = _push(client, {**ALERT, "alert_id": "A-2", "device": "DW-9999"})
    assert unknown.status_code == 400 and "DW-9999" in unknown.json()["message"]
    bad = _push(client, {**ALERT, "alert_id": "A-3", "kind": "fire"})
    assert bad.status_code == 400 and "out_of_area" in bad.json()["message"]
    assert LocationAlert.objects.count() == 1


# ---------------------------------------------------------------------------------------- 脱管 and 奖惩


def test_out_of_contact_beyond_ten_days_suggests_a_warning_and_beyond_a_month_a_revocation(personas):
    subject = _subject(personas)
    episode = duties.abscond_register(actor=personas.owner, subject=subject, lost_date=TODAY - dt.timedelta(days=11), steps="电话联系未接通")
    suggested = duties.sanction_suggestions(subject)
    assert [s.label for s in suggested] == ["警告"]
    assert "共12日" in suggested[0].reason and "实施办法 第三十五条" in suggested[0].basis
    episode.lost_date = TODAY - dt.timedelta(days=40)
    episode.save()
    revoke = duties.sanction_suggestions(subject)[0]
    assert revoke.label == "提请撤销缓刑" and "实施办法 第四十六条" in revoke.basis
    duties.abscond_found(actor=personas.owner, abscond=episode, found_date=TODAY, result="在外地打工，手机丢失")
    assert Deadline.objects.get(kind="corrections.abscond_search").status == "done"
    assert episode.days_on(TODAY) == 41


def test_a_short_episode_found_suggests_an_admonition_and_a_decision_clears_it(personas):
    subject = _subject(personas)
    episode = duties.abscond_register(actor=personas.owner, subject=subject, lost_date=TODAY - dt.timedelta(days=4), steps="走访家属")
    assert duties.sanction_suggestions(subject) == []  # still missing and within ten days: search first
    duties.abscond_found(actor=personas.owner, abscond=episode, found_date=TODAY - dt.timedelta(days=1), result="在亲戚家")
    [advice] = duties.sanction_suggestions(subject)
    assert advice.label == "训诫" and "实施办法 第三十四条" in advice.basis
    sanction = duties.sanction_decide(actor=personas.owner, subject=subject, data=duties.SanctionInput(
        kind=advice.kind, facts=advice.reason, basis=advice.basis, decision_date=TODAY, suggested=True))
    assert duties.sanction_suggestions(subject) == []
    document = GeneratedDocument.objects.get(object_id=str(sanction.pk))
    assert document.kind == "corrections_admonition" and "矫训字第1号" in document.number
    assert WorkEvent.objects.filter(event_type="corrections.admonition", object_id=str(sanction.pk)).exists()


def test_two_warnings_suggest_the_proposal_that_fits_the_type_and_a_wrong_type_is_refused(personas):
    subject = _subject(personas)
    for days in (20, 10):
        duties.sanction_decide(actor=personas.owner, subject=subject, data=duties.SanctionInput(
            kind="warning", facts="未经批准离开红山区", basis="社区矫正法 第二十八条", decision_date=TODAY - dt.timedelta(days=days)))
    assert "提请撤销缓刑" in [s.label for s in duties.sanction_suggestions(subject)]
    with pytest.raises(ValidationFailed, match="只适用于假释"):
        duties.sanction_decide(actor=personas.owner, subject=subject, data=duties.SanctionInput(
            kind="revoke_parole", facts="x", basis="y", decision_date=TODAY))
    assert Sanction.objects.count() == 2


def test_a_good_record_suggests_praise(personas):
    subject = _subject(personas, months_ago=8)
    for n in range(1, 4):
        first = months_after(TODAY.replace(day=1), -n)
        duties.review_record(actor=personas.owner, subject=subject, period=f"{first:%Y-%m}")
    assert [s.label for s in duties.sanction_suggestions(subject)] == ["表扬"]


# ---------------------------------------------------------------------------------------------------- pages


def test_the_subject_page_links_the_duties_page_with_suggestions_and_the_dialogs_save(personas, login):
    subject = _subject(personas)
    duties.abscond_register(actor=personas.owner, subject=subject, lost_date=TODAY - dt.timedelta(days=12), steps="电话联系")
    c = login(personas.owner)
    assert f"/corrections/{subject.uuid}/duties/" in c.get(subject.get_absolute_url()).content.decode()
    page = c.get(f"/corrections/{subject.uuid}/duties/").content.decode()
    assert "建议<strong>警告</strong>" in page and "实施办法 第三十五条" in page
    response = c.post(f"/corrections/duties/request/{subject.uuid}/", {
        "kind": "travel", "reason": "就医", "destination": "北京市", "start_date": (TODAY + dt.timedelta(days=3)).isoformat(),
        "end_date": (TODAY + dt.timedelta(days=40)).isoformat(), "applied_date": TODAY.isoformat()})
    assert response.status_code == 422 and "一次外出不能超过30日" in response.content.decode()
    assert not SubjectRequest.objects.exists()


def test_the_phone_page_logs_in_with_the_code_shows_the_schedule_and_takes_a_check_in(personas, client, caplog):
    subject = _report_due_today(personas)
    assert client.get("/corrections/m/home/").status_code == 302
    with caplog.at_level(logging.INFO, logger="corrections.sms"):
        sent = client.post("/corrections/m/", {"id_number": ID})
    assert "验证码已发送" in sent.content.decode()
    assert client.post("/corrections/m/", {"id_number": ID, "code": "12345x"}).status_code == 422
    assert client.post("/corrections/m/", {"id_number": ID, "code": _code_from(caplog)}).status_code == 302
    home = client.get("/corrections/m/home/").content.decode()
    assert "每周报到" in home and subject.person.name in home
    done = client.post("/corrections/m/checkin/", {"latitude": "42.2586", "longitude": "118.8869",
                                                   "photo": SimpleUploadedFile("p.png", PNG, content_type="image/png")}, follow=True)
    assert "签到成功" in done.content.decode()
    again = client.post("/corrections/m/checkin/", {}, follow=True)
    assert "今天没有需要签到的事项" in again.content.decode()
    client.post("/corrections/m/logout/")
    assert client.get("/corrections/m/home/").status_code == 302


def test_lists_export_to_excel_and_cost_the_same_queries_for_one_row_and_many(personas, login):
    from openpyxl import load_workbook

    subject = _subject(personas)
    c = login(personas.owner)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert c.get("/corrections/duties/obligations/").status_code == 200
        return len(queries)

    duties.obligations_schedule(actor=personas.owner, subject=subject, start=TODAY, end=TODAY + dt.timedelta(days=6),
                                measures=[{"kind": "talk", "title": "个别谈话", "frequency": "weekly"}])
    count()  # the first request fills the caches (parameters, menu)
    one = count()
    duties.obligations_schedule(actor=personas.owner, subject=subject, start=TODAY, end=TODAY + dt.timedelta(days=300),
                                measures=[{"kind": "talk", "title": "个别谈话", "frequency": "weekly"}])
    assert count() == one
    export = c.get("/corrections/duties/obligations/?export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet["A1"].value == "姓名" and sheet.max_row > 40


def test_missed_items_and_an_open_abscond_raise_warnings_for_the_office(personas):
    from supervision.rules import EVALUATORS

    subject = _subject(personas)
    duties.obligations_schedule(actor=personas.owner, subject=subject, start=TODAY - dt.timedelta(days=28), end=TODAY + dt.timedelta(days=7),
                                measures=[{"kind": "report", "title": "每周报到", "frequency": "weekly"}])
    duties.obligations_sweep(today=TODAY)
    missed = EVALUATORS["corrections_missed"]
    [finding] = missed.evaluate(missed.clean_params({"days": 30, "min_count": 3}), TODAY).findings
    assert finding.org_id == personas.office.pk and "周晓峰 每周报到" in finding.facts
    assert not missed.evaluate(missed.clean_params({"days": 30, "min_count": 10}), TODAY).findings
    abscond = EVALUATORS["corrections_abscond"]
    assert not abscond.evaluate(abscond.clean_params({}), TODAY).findings
    duties.abscond_register(actor=personas.owner, subject=subject, lost_date=TODAY - dt.timedelta(days=3), steps="电话联系")
    [lost] = abscond.evaluate(abscond.clean_params({}), TODAY).findings
    assert "周晓峰" in lost.facts and "4日" in lost.facts and "第三十条" in lost.facts


def test_the_demo_gives_each_subject_months_of_check_ins_and_reviews(personas):
    import random

    from faker import Faker

    from core.demo import DemoContext
    from corrections.demo import seed_subjects
    from corrections.demo_duties import seed_duties
    from corrections.models import FulfilmentReview

    faker = Faker("zh_CN")
    faker.seed_instance(7)
    ctx = DemoContext(rng=random.Random(7), faker=faker, scale="city", offices=[personas.office], committees={}, villages={},
                      office_users={personas.office.pk: [personas.head, personas.owner]}, out=lambda line: None, today=TODAY)
    seed_subjects(ctx, office=personas.office, users=[personas.head, personas.owner], count=6)
    seed_duties(ctx)
    assert CheckIn.objects.filter(at__date__lt=TODAY - dt.timedelta(days=60)).exists()
    assert Obligation.objects.filter(status="done").count() > 5 * Obligation.objects.filter(status="missed").count()
    assert not Obligation.objects.filter(status="pending", due_date__lt=TODAY).exists()
    assert FulfilmentReview.objects.filter(result="good").exists()
    assert WorkEvent.objects.filter(event_type="corrections.checkin").count() == CheckIn.objects.filter(is_report=False).count()
