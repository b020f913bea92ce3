"""上传笔录 on the dispute page: the transcript prefills the 调解记录 and 调解协议 dialogs, nothing is saved until the
mediator confirms them, and a bad file says in Chinese what to fix."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mediation.choices import Status
from mediation.models import Agreement, Dispute, DisputeStep, MediationSession
from mediation.services import dispute_accept
from mediation.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
HX = {"HTTP_HX_REQUEST": "true"}
FIXTURES = Path(__file__).parent / "transcripts"


def _transcript(day: dt.date = TODAY) -> bytes:
    return f"""调 解 笔 录
时间：{day.year}年{day.month}月{day.day}日上午9时
地点：西屯街道司法所人民调解室
事由：宅基地界址纠纷
调解员：赵调解
记录人：张明

调解员赵调解：今天就申请人王大山与被申请人李二河之间的宅基地纠纷进行调解。请申请人王大山先说。
申请人王大山：李二河砌墙占了我家宅基地半米，我要求他把墙拆了，再赔偿我损失三千元。
被申请人李二河：墙是占了一点，我可以拆，钱最多给一千五。
调解员赵调解：经调解，双方自愿达成如下协议：
一、被申请人李二河于本协议签订之日起十日内通过微信向申请人王大山支付补偿款人民币2000元；
二、被申请人李二河于本月底前拆除占用申请人宅基地的围墙。
双方对协议内容有没有意见？
申请人王大山：没有意见，同意。
被申请人李二河：同意。
""".encode()


def _accepted(personas) -> Dispute:
    dispute = factories.dispute(personas)
    return dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=TODAY - dt.timedelta(days=10))


def _upload(client, dispute, content: bytes, name: str = "笔录.txt"):
    return client.post(f"/mediation/disputes/{dispute.uuid}/transcript/", {"file": SimpleUploadedFile(name, content)}, **HX)


def test_upload_prefills_the_session_dialog_and_saves_nothing(personas, login):
    dispute = _accepted(personas)
    steps = DisputeStep.objects.count()
    r = _upload(login(personas.owner), dispute, _transcript())

    body = r.content.decode()
    assert r.status_code == 200 and 'data-testid="transcript-proposal"' in body
    form = r.context["form"]
    assert form.initial["hosts"] == "赵调解" and form.initial["recorder"] == "张明"
    assert form.initial["place"] == "西屯街道司法所人民调解室" and form.initial["date"] == TODAY.isoformat()
    assert "申请人王大山：李二河砌墙占了我家宅基地半米" in form.initial["record"]
    assert f'action="/mediation/disputes/{dispute.uuid}/session/"' in body  # confirmation goes to the 调解记录 step
    assert 'data-testid="transcript-agreement"' in body
    assert not MediationSession.objects.exists() and not Agreement.objects.exists()
    assert DisputeStep.objects.count() == steps and Dispute.objects.get(pk=dispute.pk).status == Status.ACCEPTED


def test_mediator_confirms_the_record_then_the_prefilled_agreement(personas, login):
    dispute = _accepted(personas)
    c = login(personas.owner)
    _upload(c, dispute, _transcript())
    respondent = dispute.parties.get(role="respondent")

    session_dialog = c.get(f"/mediation/disputes/{dispute.uuid}/session/", **HX).context["form"]
    assert session_dialog.initial["hosts"] == "赵调解"
    corrected = {**session_dialog.initial, "hosts": "赵调解、张明", "is_public": ""}
    assert c.post(f"/mediation/disputes/{dispute.uuid}/session/", corrected, **HX).status_code == 204
    session = MediationSession.objects.get()
    assert session.hosts == "赵调解、张明" and "被申请人李二河：墙是占了一点" in session.record
    # The 调解记录 draft is used up; the agreement draft waits on the case page.
    assert "hosts" not in c.get(f"/mediation/disputes/{dispute.uuid}/session/", **HX).context["form"].initial
    page = c.get(dispute.get_absolute_url()).content.decode()
    assert 'data-testid="agreement-draft"' in page

    agreement_dialog = c.get(f"/mediation/disputes/{dispute.uuid}/agreement/", **HX).context["form"]
    initial = agreement_dialog.initial
    assert initial["kind"] == "written" and initial["amount"] == "2000" and "微信转账" in initial["performance_method"]
    assert initial["content"].startswith("一、被申请人李二河于本协议签订之日起十日内通过微信向申请人王大山支付补偿款人民币2000元")
    assert initial["item1_obligor"] == str(respondent.pk) and initial["item1_amount"] == "2000"
    # 十日内 from the session day (民法典 第二百零一条: the day itself is not counted; a holiday moves the end later).
    assert initial["item1_due"] >= (TODAY + dt.timedelta(days=10)).isoformat()
    assert not Agreement.objects.exists()
    data = {k: v for k, v in initial.items() if v is not None}
    assert c.post(f"/mediation/disputes/{dispute.uuid}/agreement/", data, **HX).status_code == 204
    agreement = Agreement.objects.get()
    assert agreement.amount == 2000 and agreement.items.get(description__contains="2000").obligor == respondent
    assert 'data-testid="agreement-draft"' not in c.get(dispute.get_absolute_url()).content.decode()


def test_json_segments_from_a_recogniser_are_read(personas, login):
    dispute = _accepted(personas)
    segments = [
        {"speaker": "调解员", "text": "今天就王大山与李二河的宅基地纠纷进行调解，请申请人先说。"},
        {"speaker": "申请人", "text": "我叫王大山，李二河砌墙占了我家地，我要求他拆墙。"},
        {"speaker": "被申请人", "text": "我不同意拆，墙是按老界砌的。"},
        {"speaker": "调解员", "text": "双方分歧较大，本次调解不成。"},
    ]
    r = _upload(login(personas.owner), dispute, json.dumps(segments, ensure_ascii=False).encode(), "asr.json")
    body = r.content.decode()
    assert r.status_code == 200 and "申请人王大山：我叫王大山" in r.context["form"].initial["record"]
    assert 'data-testid="transcript-agreement"' not in body and "未预填调解协议" in body


@pytest.mark.parametrize(("name", "content", "message"), [
    ("no_labels.txt", (FIXTURES / "no_labels.txt").read_bytes(), "没有识别到说话人标记"),
    ("笔录.docx", b"PK\x03\x04", "不支持“.docx”格式的笔录"),
    ("笔录.txt", b"   \n", "笔录文件是空的"),
    ("笔录.txt", "调解员：你好".encode("gbk"), "GBK"),
    ("asr.json", b"[{\"speaker\": 1,", "不是有效的 JSON"),
])
def test_a_bad_file_says_what_to_fix_and_saves_nothing(personas, login, name, content, message):
    dispute = _accepted(personas)
    c = login(personas.owner)
    r = _upload(c, dispute, content, name)
    assert r.status_code == 422 and message in r.content.decode()
    assert not MediationSession.objects.exists()
    assert "hosts" not in c.get(f"/mediation/disputes/{dispute.uuid}/session/", **HX).context["form"].initial


def test_a_file_over_the_size_limit_is_refused(personas, login, monkeypatch):
    from core import transcripts

    monkeypatch.setattr(transcripts, "MAX_UPLOAD_BYTES", 100)
    r = _upload(login(personas.owner), _accepted(personas), _transcript())
    assert r.status_code == 422 and "笔录文件过大" in r.content.decode()


def test_no_upload_before_acceptance(personas, login):
    dispute = factories.dispute(personas)
    c = login(personas.owner)
    assert 'data-action="transcript"' not in c.get(dispute.get_absolute_url()).content.decode()
    r = _upload(c, dispute, _transcript())
    assert r.status_code == 422 and "受理后、调结前才能上传调解笔录" in r.content.decode()


def test_personas_on_the_upload_dialog(personas, login, client):
    dispute = _accepted(personas)
    url = f"/mediation/disputes/{dispute.uuid}/transcript/"
    assert 'data-action="transcript"' in login(personas.owner).get(dispute.get_absolute_url()).content.decode()
    assert login(personas.owner).get(url).status_code == 200
    assert _upload(login(personas.owner), dispute, _transcript()).status_code == 200
    # The county supervises the office's cases but does not write them (办案范围), as on every other step of the page.
    assert _upload(login(personas.supervisor), dispute, _transcript()).status_code == 403
    assert login(personas.outsider).get(url).status_code == 404
    assert _upload(login(personas.outsider), dispute, _transcript()).status_code == 404
    assert login(personas.readonly).get(url).status_code == 403
    assert _upload(login(personas.readonly), dispute, _transcript()).status_code == 403
    assert 'data-action="transcript"' not in login(personas.readonly).get(dispute.get_absolute_url()).content.decode()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert not MediationSession.objects.exists()
