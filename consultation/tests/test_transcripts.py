"""咨询笔录 → 法律咨询: the consulting person's turns become the question, the staff's or lawyer's turns the answer,
the laws cited are listed; the dialogs open prefilled and nothing is saved until the staff member confirms."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultation.models import Consultation
from consultation.tests import factories
from consultation.transcripts import consultation_proposal, laws_in
from core.errors import ValidationFailed

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
HX = {"HTTP_HX_REQUEST": "true"}

INHERITANCE = """法律咨询笔录
时间：2026年3月1日上午
地点：西屯街道司法所公共法律服务工作站
咨询人韩桂芝：您好。
工作人员：您好，请讲。
咨询人韩桂芝：我父亲去世没留遗嘱，留下一处平房，哥哥说房子都归他，我能不能分？
存款又怎么分？
工作人员：父亲没有立遗嘱的，按法定继承办理。根据《民法典》第一千一百二十七条，子女是第一顺序继承人；
依照《中华人民共和国民法典》第一千一百三十条，同一顺序继承人继承遗产的份额一般应当均等。
咨询人韩桂芝：好的，谢谢。
"""


# --- the mapping ---------------------------------------------------------------------------------------------------


def test_asker_turns_become_the_question_and_staff_turns_the_answer():
    proposal = consultation_proposal(INHERITANCE.encode(), "咨询.txt")

    assert proposal.name == "韩桂芝"
    assert proposal.question == "我父亲去世没留遗嘱，留下一处平房，哥哥说房子都归他，我能不能分？\n存款又怎么分？"
    assert proposal.answer.startswith("父亲没有立遗嘱的，按法定继承办理。") and "份额一般应当均等" in proposal.answer
    assert "请讲" not in proposal.answer and "谢谢" not in proposal.question  # greetings are not the question or answer
    assert proposal.laws_cited == "中华人民共和国民法典 第一千一百二十七条\n中华人民共和国民法典 第一千一百三十条"
    assert proposal.notes == []


def test_question_and_answer_labels_and_a_lawyer_are_understood():
    proposal = consultation_proposal("问：老板拖欠工资三个月了怎么办？\n答：可以向劳动保障监察大队投诉。\n"
                                     "值班律师刘某某：也可以申请劳动仲裁，依据《劳动争议调解仲裁法》第二十七条，时效一年。".encode(), "a.txt")
    assert proposal.question == "老板拖欠工资三个月了怎么办？"
    assert proposal.answer == "可以向劳动保障监察大队投诉。\n也可以申请劳动仲裁，依据《劳动争议调解仲裁法》第二十七条，时效一年。"
    assert proposal.laws_cited == "中华人民共和国劳动争议调解仲裁法 第二十七条"


def test_json_segments_with_roles_and_with_numbered_speakers():
    labelled = [{"speaker": "当事人", "text": "邻居占了我家的地，能告他吗？"}, {"speaker": "律师", "text": "可以先申请人民调解。"}]
    proposal = consultation_proposal(json.dumps(labelled, ensure_ascii=False), "asr.json")
    assert (proposal.question, proposal.answer) == ("邻居占了我家的地，能告他吗？", "可以先申请人民调解。")

    numbered = {"sentences": [{"spk": 0, "text": "您好，请讲。"}, {"spk": 1, "text": "老板欠我工资，我该怎么办？能不能告他？"},
                              {"spk": 0, "text": "可以向劳动保障监察大队投诉。"}]}
    proposal = consultation_proposal(json.dumps(numbered, ensure_ascii=False), "asr.json")
    assert proposal.question == "老板欠我工资，我该怎么办？能不能告他？" and proposal.answer == "可以向劳动保障监察大队投诉。"
    assert any("根据发言内容推断" in n for n in proposal.notes)


def test_a_transcript_without_an_answer_is_read_with_a_note():
    proposal = consultation_proposal("咨询人：离婚后孩子抚养费怎么算？".encode(), "a.txt")
    assert proposal.question == "离婚后孩子抚养费怎么算？" and proposal.answer == ""
    assert proposal.notes == ["笔录中没有工作人员或律师的解答，请在“解答意见”中填写"]


@pytest.mark.parametrize(("content", "message"), [
    ("今天有一位大姐来问继承的事，我们给她讲了法定继承。", "没有识别到说话人标记"),
    ("工作人员：请问您有什么事？", "没有咨询人的发言"),
    ("", "笔录文件是空的"),
])
def test_unreadable_transcripts_say_what_to_fix(content, message):
    with pytest.raises(ValidationFailed, match=message):
        consultation_proposal(content.encode(), "a.txt")


def test_laws_in_keeps_regulations_as_titled():
    assert laws_in("依据《工伤保险条例》第十七条和《民法典》第一千零七十九条，再看民法典第一千零七十九条") == [
        "工伤保险条例 第十七条", "中华人民共和国民法典 第一千零七十九条"]


# --- the dialogs ---------------------------------------------------------------------------------------------------


def _upload(client, url: str, content: bytes, name: str = "咨询.txt"):
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, **HX)


def test_create_dialog_is_prefilled_from_a_transcript_and_saved_only_on_confirmation(personas, login):
    c = login(personas.owner)
    assert 'data-testid="consultation-transcript"' in c.get("/consultation/new/", **HX).content.decode()
    r = _upload(c, "/consultation/new/transcript/", INHERITANCE.encode())
    assert r.status_code == 200 and 'action="/consultation/new/"' in r.content.decode()
    initial = r.context["form"].initial
    assert initial["name"] == "韩桂芝" and initial["question"].startswith("我父亲去世没留遗嘱")
    assert initial["laws_cited"].startswith("中华人民共和国民法典 第一千一百二十七条")
    assert not Consultation.objects.exists()

    data = {"org": personas.office.pk, "date": TODAY.isoformat(), "channel": "walk_in", "topic": "inheritance", "follow_up": "none",
            "name": initial["name"], "question": initial["question"], "answer": initial["answer"], "laws_cited": initial["laws_cited"]}
    assert c.post("/consultation/new/", data, **HX).status_code == 204
    saved = Consultation.objects.get()
    assert saved.person.name == "韩桂芝" and saved.laws == ["中华人民共和国民法典 第一千一百二十七条", "中华人民共和国民法典 第一千一百三十条"]


def test_detail_upload_prefills_the_edit_dialog_keeping_the_rest(personas, login):
    consultation = factories.consultation(personas, name="孙秀兰")
    c = login(personas.owner)
    assert 'data-action="transcript"' in c.get(consultation.get_absolute_url()).content.decode()
    r = _upload(c, f"/consultation/{consultation.uuid}/transcript/", "当事人：婚前买的房子离婚时怎么分？\n律师：婚前个人财产归个人。".encode())
    assert r.status_code == 200 and f'action="/consultation/{consultation.uuid}/edit/"' in r.content.decode()
    initial = r.context["form"].initial
    assert (initial["question"], initial["answer"]) == ("婚前买的房子离婚时怎么分？", "婚前个人财产归个人。")
    assert initial["topic"] == consultation.topic and initial["channel"] == consultation.channel
    assert Consultation.objects.get().question == factories.QUESTION  # not saved until the edit dialog is confirmed


@pytest.mark.parametrize(("name", "content", "message"), [
    ("咨询.txt", "今天来了一位群众问继承的事。".encode(), "没有识别到说话人标记"),
    ("咨询.mp3", b"ID3", "不支持“.mp3”格式的笔录"),
])
def test_a_bad_upload_says_what_to_fix_and_saves_nothing(personas, login, name, content, message):
    consultation = factories.consultation(personas, name="孙秀兰")
    c = login(personas.owner)
    for url in ("/consultation/new/transcript/", f"/consultation/{consultation.uuid}/transcript/"):
        r = _upload(c, url, content, name)
        assert r.status_code == 422 and message in r.content.decode()
    assert Consultation.objects.get().question == factories.QUESTION


def test_personas_on_the_upload_dialogs(personas, login, client):
    consultation = factories.consultation(personas, name="孙秀兰")
    detail_url = f"/consultation/{consultation.uuid}/transcript/"
    content = "咨询人：离婚后孩子抚养费怎么算？\n工作人员：一般按月收入的百分之二十至三十。".encode()
    assert _upload(login(personas.owner), detail_url, content).status_code == 200
    # The county reads its offices' records but does not correct them (办案范围): 403.
    assert _upload(login(personas.supervisor), detail_url, content).status_code == 403
    assert _upload(login(personas.outsider), detail_url, content).status_code == 404
    assert _upload(login(personas.readonly), detail_url, content).status_code == 403
    assert login(personas.readonly).get("/consultation/new/transcript/").status_code == 403
    assert login(personas.owner).get("/consultation/new/transcript/").status_code == 200
    for url in (detail_url, "/consultation/new/transcript/"):
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert 'data-action="transcript"' not in login(personas.readonly).get(consultation.get_absolute_url()).content.decode()
