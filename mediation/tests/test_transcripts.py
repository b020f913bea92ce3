from __future__ import annotations

import datetime as dt
import json
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from core.errors import ServiceUnavailable, ValidationFailed
from core.llm import chat_json
from core.models import CalendarOverride
from mediation import forms
from mediation.choices import Status
from mediation.models import Agreement
from mediation.services import AgreementInput, PerformanceInput, agreement_make, dispute_accept, session_record
from mediation.tests import factories
from mediation.transcripts import extract as extract_proposal
from mediation.transcripts import find_amounts, find_deadlines, parse_number, parse_transcript

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "transcripts"


def _load(name: str, reference_date: dt.date | None = None, **kw: Any):
    segments = parse_transcript((FIXTURES / name).read_bytes(), name)
    return segments, extract_proposal(segments, reference_date=reference_date, **kw)


# --- the realistic transcripts -----------------------------------------------------------------------------------


def test_neighbour_dispute_settles_3000_yuan_by_wechat_within_ten_days():
    _, proposal = _load("neighbour_homestead.txt", dt.date(2026, 3, 10))

    assert [(p.name, p.role) for p in proposal.parties] == [("张三", "applicant"), ("李四", "respondent")]
    assert "我要求李四把滴水檐改回去，赔偿我修墙的钱五千元。" in proposal.party("applicant").claims
    assert proposal.agreed is True
    assert proposal.amount == Decimal(3000)
    assert proposal.payment_methods == ["微信转账"]
    payment, rebuild = proposal.items
    assert (payment.obligor, payment.obligee, payment.amount) == ("李四", "张三", Decimal(3000))
    # 民法典 第二百零一条: the day of signing is not counted; 2026-03-20 is a Friday.
    assert (payment.due_text, payment.due_date) == ("十日内", dt.date(2026, 3, 20))
    assert rebuild.obligor == "李四" and rebuild.amount == 0 and rebuild.due_date == dt.date(2026, 3, 31)
    assert "滴水檐改回" in rebuild.description
    assert proposal.clauses[0] == "一、被申请人李四于本协议签订之日起十日内通过微信向申请人张三支付修墙补偿款人民币3000元。"
    assert len(proposal.clauses) == 3 and not any("有没有意见" in c for c in proposal.clauses)
    assert proposal.facts.startswith("申请人张三与被申请人李四因宅基地滴水檐纠纷申请调解。申请人张三称：")
    assert "被申请人李四称：我家盖房子是村里批过的" in proposal.facts


def test_neighbour_session_fields_fill_the_record_dialog():
    _, proposal = _load("neighbour_homestead.txt")

    fields = proposal.session_fields()
    assert fields["date"] == dt.date(2026, 3, 10)  # from the 时间 line when no reference date is given
    assert fields["place"] == "红山镇司法所人民调解室"
    assert (fields["hosts"], fields["recorder"]) == ("王五", "赵六")
    record = fields["record"].split("\n")
    assert record[0] == "事由：宅基地滴水檐纠纷"
    assert record[1].startswith("调解员王五：今天我们就申请人张三与被申请人李四之间的宅基地纠纷进行调解。")
    assert "申请人张三：我叫张三，家住红山镇东升村三组。" in fields["record"]
    # Continuation lines stay in the same turn: one paragraph per turn.
    assert any(line.startswith("申请人张三：我叫张三") and line.endswith("赔偿我修墙的钱五千元。") for line in record)
    assert record[-1] == "调解员王五：好，请双方核对笔录后签字按手印，协议一式三份，双方各执一份，调委会留存一份。"
    assert forms.SessionForm(data=fields).is_valid()


def test_neighbour_agreement_fields_match_dispute_parties_by_name():
    _, proposal = _load("neighbour_homestead.txt", dt.date(2026, 3, 10))

    fields = proposal.agreement_fields([(11, "张三", "applicant"), (12, "李四", "respondent")])

    assert fields["kind"] == "written"
    assert fields["amount"] == Decimal(3000)
    assert fields["performance_method"] == "微信转账"
    assert fields["content"].split("\n")[1].startswith("二、被申请人李四于2026年3月31日前")
    assert (fields["item1_obligor"], fields["item1_amount"], fields["item1_due"]) == ("12", Decimal(3000), dt.date(2026, 3, 20))
    assert fields["item1_description"] == "李四向张三支付3000元"
    assert (fields["item2_obligor"], fields["item2_due"]) == ("12", dt.date(2026, 3, 31))
    assert "item3_obligor" not in fields


def test_loan_paid_in_two_instalments_by_bank_transfer():
    _, proposal = _load("loan_instalments.txt", dt.date(2026, 11, 20))

    assert proposal.hosts == ["刘芳", "陈建国"] and proposal.recorder == "孙丽"
    assert [(p.name, p.role) for p in proposal.parties] == [("周海", "applicant"), ("吴强", "respondent")]
    assert proposal.agreed is True
    assert proposal.amount == Decimal(10000)
    assert proposal.payment_methods == ["分期", "银行转账"]
    assert [(i.obligor, i.obligee, i.amount, i.due_date) for i in proposal.items] == [
        ("吴强", "周海", Decimal(5000), dt.date(2026, 12, 31)),
        ("吴强", "周海", Decimal(5000), dt.date(2027, 1, 31)),
    ]
    assert [i.description for i in proposal.items] == ["吴强向周海支付5000元（第1期）", "吴强向周海支付5000元（第2期）"]
    assert proposal.clauses[1] == "二、周海放弃主张利息。"
    fields = proposal.agreement_fields([(7, "周海", "applicant"), (8, "吴强", "respondent")])
    assert (fields["item1_obligor"], fields["item2_obligor"], fields["item2_due"]) == ("8", "8", dt.date(2027, 1, 31))


def test_betrothal_gift_returned_by_bank_transfer_and_the_gold_handed_back_the_same_day():
    segments, proposal = _load("betrothal_gift.txt")

    assert proposal.reference_date == dt.date(2026, 9, 8)  # 时间：2026年9月8日下午2时30分
    assert (proposal.hosts, proposal.recorder, proposal.place) == (["刘海燕", "包文祥"], "马小军", "安庆镇司法所调解室")
    assert [(p.name, p.role) for p in proposal.parties] == [("刘桂芝", "applicant"), ("何建华", "respondent")]
    # The village head invited to the session speaks under his bare name: he is the 参加人 of the header, not a party.
    assert ("unknown", "李德胜") in [(s.role, s.name) for s in segments]
    assert proposal.attendees == ["前进村村主任李德胜", "后营子村网格员赵丽"]
    assert "李德胜：我说两句" in proposal.record_text
    assert proposal.party("applicant").claims == ["我要求他把彩礼全部退回来，三金也要退。"]
    assert proposal.party("respondent").claims == ["彩礼钱办订婚酒席花了两万多，最多退四万。"]
    assert proposal.facts.startswith("申请人刘桂芝与被申请人何建华因婚约财产（彩礼）纠纷申请调解。")
    assert proposal.agreed is True
    assert len(proposal.clauses) == 3 and proposal.clauses[2] == "三、双方就婚约财产再无其他争议。"
    # 88,000 of 彩礼 and 12,000 of 三金 were spoken about; only the 35,000 agreed to be returned is the agreement amount.
    assert proposal.amount == Decimal(35000)
    assert proposal.payment_methods == ["一次性", "银行转账"]
    money, gold = proposal.items
    # "于2026年9月30日前通过银行转账一次性付清" is when and how the 35,000 is paid, not a second payment.
    assert (money.obligor, money.obligee, money.amount, money.due_date) == ("何建华", "刘桂芝", Decimal(35000), dt.date(2026, 9, 30))
    assert (gold.obligor, gold.amount, gold.due_text, gold.due_date) == ("何建华", 0, "当日", dt.date(2026, 9, 8))
    assert "三金首饰" in gold.description and "交还刘桂芝" in gold.description
    assert proposal.notes == []


def test_betrothal_gift_agreement_dialog_for_the_registered_parties():
    _, proposal = _load("betrothal_gift.txt")

    fields = proposal.agreement_fields([(21, "刘桂芝", "applicant"), (22, "何建华", "respondent")])

    assert (fields["kind"], fields["signed_date"], fields["amount"]) == ("written", dt.date(2026, 9, 8), Decimal(35000))
    assert fields["performance_method"] == "一次性，银行转账"
    assert (fields["item1_obligor"], fields["item1_amount"], fields["item1_due"]) == ("22", Decimal(35000), dt.date(2026, 9, 30))
    assert (fields["item2_obligor"], fields["item2_amount"], fields["item2_due"]) == ("22", None, dt.date(2026, 9, 8))
    # Both claims are already quoted in the facts: no separate 争议事项 paragraph repeats them.
    assert "争议事项" not in fields["facts"] and "最多退四万" in fields["facts"]
    assert proposal.notes == []


def test_labour_wages_for_five_workers_paid_in_two_cash_instalments():
    segments, proposal = _load("labour_wages.txt")

    assert proposal.reference_date == dt.date(2026, 10, 20)  # 二〇二六年十月二十日, a Tuesday
    assert (proposal.hosts, proposal.recorder) == (["王丽"], "周明")
    # "韩宝山（工人代表）": the note in brackets is not part of the name.
    assert [(p.name, p.role) for p in proposal.parties] == [("韩宝山", "applicant"), ("孙德旺", "respondent")]
    assert [(s.role, s.name) for s in segments if not s.header][:3] == [
        ("mediator", "王丽"), ("applicant", "韩宝山"), ("respondent", "孙德旺")]
    assert proposal.attendees == []
    # The demand goes on over a line break; "行，但是得写进协议里" later is assent to the offer, not a new claim.
    assert proposal.party("applicant").claims == ["我们要求他月底前把钱全给了，不给我们就去劳动监察大队、去法院告他。"]
    assert proposal.party("respondent").claims == ["钱我认，不是不给，是开发商没给我结账。"]
    assert proposal.agreed is True
    assert proposal.clauses[0] == "一、孙德旺欠韩宝山等五名工人劳务费共计肆万贰仟元。"
    assert proposal.amount == Decimal(42000)
    assert proposal.payment_methods == ["分期", "现金"]
    assert [(i.obligor, i.obligee, i.amount, i.due_text, i.due_date) for i in proposal.items] == [
        ("孙德旺", "韩宝山", Decimal(15000), "本周五", dt.date(2026, 10, 23)),
        ("孙德旺", "韩宝山", Decimal(27000), "下个月15号", dt.date(2026, 11, 15)),
    ]
    assert [i.description for i in proposal.items] == ["孙德旺向韩宝山支付15000元（第1期）", "孙德旺向韩宝山支付27000元（第2期）"]
    assert proposal.notes == ["笔录中申请人韩宝山注明为“工人代表”，如其代表其他当事人参加调解，请在纠纷中补充其他当事人并核对授权委托书"]


def test_labour_wages_respondent_not_registered_under_that_name_is_noted():
    _, proposal = _load("labour_wages.txt")

    # The dispute was registered with the respondent's name mistyped: the items still go to the one respondent.
    fields = proposal.agreement_fields([(31, "韩宝山", "applicant"), (32, "孙德望", "respondent")])

    assert "笔录中的被申请人“孙德旺”不是本纠纷登记的当事人，请核对姓名或先补充当事人" in proposal.notes
    assert "笔录中的申请人“韩宝山”不是本纠纷登记的当事人，请核对姓名或先补充当事人" not in proposal.notes
    assert [(fields[f"item{n}_obligor"], fields[f"item{n}_amount"], fields[f"item{n}_due"]) for n in (1, 2)] == [
        ("32", Decimal(15000), dt.date(2026, 10, 23)), ("32", Decimal(27000), dt.date(2026, 11, 15))]
    assert fields["performance_method"] == "分期，现金"


def test_claims_made_after_the_first_turn_are_added_to_the_facts_as_the_matters_in_dispute():
    text = (
        "调解员王五：今天就申请人张三与被申请人李四之间的借款纠纷进行调解，请申请人先说。\n"
        "申请人张三：去年五月李四向我借了两万元，说好年底还，到现在一分没还。\n"
        "被申请人李四：钱是借了，但是我已经还了五千元现金，他不认。\n"
        "调解员王五：张三，你的要求是什么？\n"
        "申请人张三：我要求他把剩下的钱都还我，还要付利息。\n"
        "被申请人李四：利息没说过，最多还一万五。\n"
    )
    proposal = extract_proposal(parse_transcript(text, "笔录.txt"), reference_date=dt.date(2026, 3, 10))

    facts = proposal.agreement_fields([(1, "张三", "applicant"), (2, "李四", "respondent")])["facts"]

    first, disputed = facts.split("\n")
    assert first.startswith("申请人张三与被申请人李四因借款纠纷申请调解。申请人张三称：去年五月李四向我借了两万元")
    # 人民调解法 第二十九条: the agreement states 纠纷的主要事实、争议事项.
    assert disputed == "争议事项：申请人张三主张：我要求他把剩下的钱都还我，还要付利息。被申请人李四主张：利息没说过，最多还一万五。"


def test_next_month_on_a_day_and_this_month_on_a_day():
    assert [v for _, _, v in find_deadlines("下个月15号之前给清", dt.date(2026, 10, 20))] == [dt.date(2026, 11, 15)]
    assert [v for _, _, v in find_deadlines("下月5日前", dt.date(2026, 12, 20))] == [dt.date(2027, 1, 5)]
    assert [v for _, _, v in find_deadlines("本月二十日前", dt.date(2026, 3, 10))] == [dt.date(2026, 3, 20)]


def test_speech_recognition_json_with_numbered_speakers_gets_roles_from_what_they_say():
    segments, proposal = _load("messy_asr.json", dt.date(2026, 4, 15))

    roles = {s.speaker: (s.role, s.name) for s in segments}
    assert roles == {"说话人3": ("mediator", ""), "说话人1": ("applicant", "钱小梅"), "说话人2": ("respondent", "冯德明")}
    assert [(p.name, p.role) for p in proposal.parties] == [("钱小梅", "applicant"), ("冯德明", "respondent")]
    assert proposal.agreed is True
    assert proposal.amount == Decimal(2500)
    assert proposal.payment_methods == ["一次性", "支付宝转账"]
    (item,) = proposal.items
    assert (item.obligor, item.obligee, item.due_text, item.due_date) == ("冯德明", "钱小梅", "下周五", dt.date(2026, 4, 24))
    # Fillers are dropped from the record; consecutive sentences of one speaker form one turn.
    assert "呃" not in proposal.record_text and "那个那个" not in proposal.record_text
    assert "申请人钱小梅：我叫钱小梅，去年三月租了他在幸福小区的房子" in proposal.record_text
    assert proposal.record_text.count("申请人钱小梅：") == 3
    assert "转写文件只标注了说话人编号，各人的身份是根据发言内容推断的，请核对" in proposal.notes


def test_messy_labels_with_half_width_colons_spaces_and_bare_names():
    segments, proposal = _load("messy_labels.txt", dt.date(2026, 5, 8))

    assert [(s.role, s.name) for s in segments] == [
        ("mediator", ""), ("applicant", "黄桂英"), ("respondent", "林国栋"), ("respondent", "林国栋"),
        ("mediator", ""), ("applicant", "黄桂英"), ("respondent", "林国栋"),
    ]
    assert segments[1].text.endswith("以后狗必须拴起来。")  # three continuation lines joined to the applicant's turn
    assert proposal.agreed is True
    assert proposal.payment_methods == ["现金"]
    (item,) = proposal.items
    assert (item.obligor, item.amount, item.due_text, item.due_date) == ("林国栋", Decimal(1500), "当场", dt.date(2026, 5, 8))
    assert "笔录中没有主持调解员的姓名，请在“主持调解员”一栏填写" in proposal.notes


def test_failed_mediation_when_the_respondent_refuses():
    _, proposal = _load("failed_refusal.txt")

    assert proposal.agreed is False
    assert proposal.items == [] and proposal.clauses == [] and proposal.amount == 0
    assert "笔录记载调解不成，可使用“调解不成”对话框终止调解并告知当事人其他解决途径" in proposal.notes
    assert proposal.party("applicant").claims == ["我要求他退还装修款两万元，再赔偿楼下邻居的损失。"]
    assert proposal.reference_date == dt.date(2026, 6, 2)


def test_party_refusing_after_the_clauses_are_read_means_no_agreement():
    text = (
        "调解员王五：经调解，双方达成如下协议：一、李四于十日内向张三支付3000元。双方是否同意？\n"
        "申请人张三：同意。\n"
        "被申请人李四：我不同意，三千太多了，我不签。\n"
    )
    proposal = extract_proposal(parse_transcript(text, "笔录.txt"), reference_date=dt.date(2026, 3, 10))

    assert proposal.agreed is False
    assert proposal.clauses == ["一、李四于十日内向张三支付3000元。"]
    assert "被申请人李四在宣读协议内容后表示不同意，未达成协议" in proposal.notes


def test_saying_there_is_nothing_to_disagree_with_is_not_a_refusal():
    text = (
        "调解员王五：经调解，双方达成如下协议：一、李四于2026年3月31日前向张三支付3000元。双方是否同意？\n"
        "申请人张三：同意。\n"
        "被申请人李四：没有不同意的，签吧。\n"
    )
    proposal = extract_proposal(parse_transcript(text, "笔录.txt"), reference_date=dt.date(2026, 3, 10))

    assert proposal.agreed is True


# --- the proposal goes through the real dialogs and services -------------------------------------------------------


def test_proposal_passes_the_agreement_dialog_and_the_service(personas):
    dispute = factories.dispute(personas)
    today = dt.date.today()
    dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=today - dt.timedelta(days=10))
    transcript = (
        "调解员赵调解：今天就申请人王大山与被申请人李二河之间的宅基地纠纷进行调解，先告知双方权利义务。\n"
        "申请人王大山：李二河砌墙占了我家宅基地半米，我要求他把墙拆了，赔偿我三千元。\n"
        "被申请人李二河：墙我可以拆，钱最多给两千。\n"
        "调解员赵调解：经调解，双方自愿达成如下协议：\n"
        "一、被申请人李二河于十五日内拆除占用王大山宅基地的围墙；\n"
        "二、被申请人李二河于十日内以现金方式向申请人王大山支付补偿款贰仟伍佰元。\n"
        "申请人王大山：同意。\n"
        "被申请人李二河：同意。\n"
    )
    proposal = extract_proposal(parse_transcript(transcript.encode("utf-8"), "笔录.txt"), reference_date=today - dt.timedelta(days=2))
    parties = list(dispute.parties.select_related("person"))

    session = forms.SessionForm(data={"place": "司法所调解室", **proposal.session_fields()})
    assert session.is_valid(), session.errors
    session_record(actor=personas.owner, dispute=dispute, **session.cleaned_data)
    initial = proposal.agreement_fields([(p.pk, p.person.name, p.role) for p in parties])
    form = forms.AgreementForm(data={k: v for k, v in initial.items() if v is not None}, parties=parties)
    assert form.is_valid(), form.errors
    cd = form.cleaned_data
    agreement_make(actor=personas.owner, dispute=dispute, data=AgreementInput(
        kind=cd["kind"], facts=cd["facts"], content=cd["content"], signed_date=cd["signed_date"],
        performance_method=cd["performance_method"], amount=cd["amount"] or Decimal(0),
        items=[PerformanceInput(obligor_party_id=o, description=d, amount=a, due_date=due) for o, d, a, due in form.items()]))

    dispute.refresh_from_db()
    assert dispute.status == Status.AGREED
    agreement = Agreement.objects.get(dispute=dispute)
    assert agreement.amount == Decimal(2500) and agreement.performance_method == "现金"
    respondent = next(p for p in parties if p.person.name == "李二河")
    assert sorted((i.obligor_id, i.amount) for i in agreement.items.all()) == [(respondent.pk, Decimal(0)), (respondent.pk, Decimal(2500))]
    assert dispute.sessions.get().hosts == "赵调解"


# --- input the platform must refuse, with a message that says how to fix it ----------------------------------------


def test_text_without_speaker_labels_is_refused():
    with pytest.raises(ValidationFailed) as exc:
        parse_transcript((FIXTURES / "no_labels.txt").read_bytes(), "no_labels.txt")
    assert exc.value.message == "笔录中没有识别到说话人标记，请在每段话前注明“调解员：”“申请人：”等身份后再上传"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "a.txt", "笔录文件是空的，请选择有内容的笔录文件"),
        (b"  \n\n ", "a.txt", "笔录文件是空的，请选择有内容的笔录文件"),
        ("调解员王五：今天调解。".encode("gbk"), "a.txt", "笔录文件是 GBK（GB2312）编码，请用记事本打开后“另存为”UTF-8 编码再上传"),
        ('[{"speaker": "调解员", "text": "开始"', "a.json", "转写文件不是有效的 JSON（第 1 行第 33 列附近有误），请确认文件完整后再上传"),
        (b'{"words": []}', "a.json",
         "无法识别转写文件的结构：应为 [{\"speaker\": …, \"text\": …}] 列表，或含 segments、sentences 的对象"),
        (b"PK\x03\x04", "a.docx", "不支持“.docx”格式的笔录，请上传 .txt 文本或语音转写的 .json 文件"),
        ('[{"text": "今天调解"}, {"text": "同意"}]', "a.json",
         "笔录中没有识别到说话人标记，请在每段话前注明“调解员：”“申请人：”等身份后再上传"),
    ],
)
def test_unreadable_transcripts_get_a_specific_message(content, filename, message):
    with pytest.raises(ValidationFailed) as exc:
        parse_transcript(content, filename)
    assert exc.value.message == message


def test_json_list_of_labelled_speakers_and_segments_object():
    rows = [{"speaker": "调解员王五", "text": "请申请人先说。"}, {"speaker": "申请人张三", "text": "他欠我钱。"},
            {"speaker": "张三", "text": "要求还钱。"}, {"speaker": "被申请人李四", "text": "我会还。"}]
    as_list = parse_transcript(json.dumps(rows, ensure_ascii=False), "t.json")
    as_object = parse_transcript(json.dumps({"segments": rows}, ensure_ascii=False).encode("utf-8"), "t.json")

    expected = [("mediator", "王五", "请申请人先说。"), ("applicant", "张三", "他欠我钱。"), ("applicant", "张三", "要求还钱。"),
                ("respondent", "李四", "我会还。")]
    assert [(s.role, s.name, s.text) for s in as_list] == expected
    assert [(s.role, s.name, s.text) for s in as_object] == expected


def test_header_lines_fill_hosts_recorder_and_invited_attendees():
    text = "时间：2026年5月8日\n参加人：村主任赵某、律师刘某\n调解员：王五、陈七\n记录人：赵六\n调解员王五：开始调解。\n申请人张三：好。\n"
    proposal = extract_proposal(parse_transcript(text, "t.txt"))

    fields = proposal.session_fields()
    assert (fields["date"], fields["hosts"], fields["recorder"]) == (dt.date(2026, 5, 8), "王五、陈七", "赵六")
    assert fields["attendees"] == "村主任赵某、律师刘某"
    assert fields["record"] == "调解员王五：开始调解。\n申请人张三：好。"


def test_text_labels_in_all_spellings():
    text = (
        "主持人：开始调解。\n当事人张三：我是申请人张三。\n第三人：我是担保人。\n记录员：请核对笔录。\n"
        "王某某（被申请人）：我同意。\n村主任：我作证。\n张三：好的。\n"
    )
    segments = parse_transcript(text, "t.txt")

    assert [(s.role, s.name) for s in segments] == [
        ("mediator", ""), ("applicant", "张三"), ("third", ""), ("recorder", ""), ("respondent", "王某某"), ("unknown", ""),
        ("applicant", "张三"),
    ]
    assert extract_proposal(segments, reference_date=dt.date(2026, 1, 5)).attendees == ["村主任"]


# --- numbers and dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [("5000元", 5000), ("5,000元", 5000), ("伍仟元", 5000), ("五千元", 5000), ("两万元", 20000), ("1.5万元", 15000),
     ("三千五百元", 3500), ("三千五块钱", 3500), ("一万二千元", 12000), ("一万二元", 12000), ("一千零五元", 1005), ("壹万贰仟元整", 12000),
     ("人民币2500.50元", Decimal("2500.50")), ("1万5千元", 15000)],
)
def test_amounts_in_arabic_and_chinese_numerals(text, amount):
    assert [value for _, _, value in find_amounts(text)] == [Decimal(amount)]


def test_a_piece_of_land_is_not_money():
    assert find_amounts("李四家占了一块地，赔偿三百元") == [(11, 14, Decimal(300))]
    assert parse_number("十五") == 15 and parse_number("二十") == 20 and parse_number("零") == 0


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("2026年12月31日前", dt.date(2026, 12, 31)),
        ("12月31日之前", dt.date(2026, 12, 31)),
        ("2026-12-31", dt.date(2026, 12, 31)),
        ("二〇二六年十二月三十一日前", dt.date(2026, 12, 31)),
        ("2月1日前", dt.date(2027, 2, 1)),  # said in March: next year's 2月1日
        ("十日内", dt.date(2026, 3, 20)),
        ("15天内", dt.date(2026, 3, 25)),
        ("一个月内", dt.date(2026, 4, 10)),
        ("两周内", dt.date(2026, 3, 24)),
        ("本月底前", dt.date(2026, 3, 31)),
        ("下月底", dt.date(2026, 4, 30)),
        ("下周五", dt.date(2026, 3, 20)),
        ("本周五", dt.date(2026, 3, 13)),
        ("年底前", dt.date(2026, 12, 31)),
        ("明天", dt.date(2026, 3, 11)),
    ],
)
def test_deadlines_against_a_fixed_reference_date(text, due):
    assert [value for _, _, value in find_deadlines(text, dt.date(2026, 3, 10))] == [due]


def test_a_period_ending_in_the_national_day_holiday_ends_on_the_next_working_day():
    # 民法典 第二百零三条: 2026-09-25 + 10 days = 2026-10-05, inside the 国庆 holiday (10-01 … 10-07). The holiday
    # is entered as administrator overrides so the test does not depend on the calendar package's data.
    CalendarOverride.objects.bulk_create(
        [CalendarOverride(date=dt.date(2026, 10, day), is_workday=False, note="国庆节") for day in range(1, 8)]
        + [CalendarOverride(date=dt.date(2026, 10, 8), is_workday=True, note="国庆节后上班")]
    )
    assert [value for _, _, value in find_deadlines("十日内付清", dt.date(2026, 9, 25))] == [dt.date(2026, 10, 8)]


# --- the optional model server -----------------------------------------------------------------------------------


class _Server:
    """A real OpenAI-compatible /v1/chat/completions server on 127.0.0.1, answering from ``reply(request_json)``."""

    def __init__(self, reply: Any, *, status: int = 200, delay: float = 0.0) -> None:
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                owner.requests.append({"path": self.path, **body})
                owner.headers.append(dict(self.headers))
                time.sleep(delay)
                code, payload = reply(body) if callable(reply) else (status, reply)
                data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> _Server:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _completion(content: str) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "model": "local",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}


LLM_ANSWER = {
    "parties": [{"name": "张三", "role": "applicant", "claims": ["要求李四改回滴水檐并赔偿修墙费"]},
                {"name": "李四", "role": "respondent", "claims": ["只愿承担部分修墙费用"]},
                {"name": "王富贵", "role": "third", "claims": []}],
    "facts": "李四翻建房屋时滴水檐越过宅基地界线，雨水致张三家西墙受损，双方就修墙费用发生争议。",
    "agreed": True,
    "clauses": ["李四于十日内通过微信向张三支付修墙补偿款3000元", "李四于2026年3月31日前将滴水檐改回界线以内"],
    "amount": 3000,
    "payment_methods": ["微信转账"],
    "items": [{"obligor": "李四", "obligee": "张三", "description": "支付修墙补偿款", "amount": 3000, "due_date": "2026-03-20"},
              {"obligor": "王富贵", "description": "无关事项", "amount": 1, "due_date": "2026-03-21"}],
}


def test_model_answer_is_merged_when_valid(settings):
    with _Server(_completion("```json\n" + json.dumps(LLM_ANSWER, ensure_ascii=False) + "\n```")) as server:
        settings.LLM_BASE_URL, settings.LLM_API_KEY, settings.LLM_MODEL = server.url, "sk-office", "qwen-local"
        _, proposal = _load("neighbour_homestead.txt", dt.date(2026, 3, 10), use_llm=True)

    (request,) = server.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["model"] == "qwen-local" and request["response_format"] == {"type": "json_object"}
    assert "调解员王五：今天我们就申请人张三与被申请人李四" in request["messages"][1]["content"]
    assert server.headers[0]["Authorization"] == "Bearer sk-office"
    assert proposal.facts == LLM_ANSWER["facts"]
    # 王富贵 never appears in the transcript: a model may not invent a party, nor an obligation for one.
    assert [(p.name, p.role) for p in proposal.parties] == [("张三", "applicant"), ("李四", "respondent")]
    assert proposal.clauses == ["一、李四于十日内通过微信向张三支付修墙补偿款3000元", "二、李四于2026年3月31日前将滴水檐改回界线以内"]
    assert [(i.obligor, i.amount, i.due_date) for i in proposal.items] == [("李四", Decimal(3000), dt.date(2026, 3, 20))]
    assert proposal.notes == ["已由智能提取服务补充：当事人、纠纷事实、协议条款、协议金额、履行事项，请逐项核对"]


@pytest.mark.parametrize(
    ("status", "payload"),
    [
        (500, {"error": {"message": "model crashed"}}),
        (200, b"<html>502 Bad Gateway</html>"),
        (200, _completion("对不起，我无法处理这个请求。")),
        (200, _completion('{"parties": "不是列表", "amount": -5}')),
    ],
)
def test_server_failures_keep_the_built_in_result(settings, status, payload):
    _, built_in = _load("neighbour_homestead.txt", dt.date(2026, 3, 10))
    with _Server(payload, status=status) as server:
        settings.LLM_BASE_URL = server.url
        _, proposal = _load("neighbour_homestead.txt", dt.date(2026, 3, 10), use_llm=True)

    assert server.requests
    assert proposal.notes == ["智能提取服务不可用，已使用内置规则提取"]
    assert (proposal.facts, proposal.clauses, proposal.amount) == (built_in.facts, built_in.clauses, built_in.amount)
    assert [(i.obligor, i.due_date) for i in proposal.items] == [(i.obligor, i.due_date) for i in built_in.items]


def test_slow_server_times_out_and_keeps_the_built_in_result(settings):
    with _Server(_completion("{}"), delay=2.0) as server:
        settings.LLM_BASE_URL, settings.LLM_TIMEOUT_SECONDS = server.url, 0.3
        started = time.monotonic()
        _, proposal = _load("loan_instalments.txt", dt.date(2026, 11, 20), use_llm=True)

    assert time.monotonic() - started < 1.5
    assert proposal.notes == ["智能提取服务不可用，已使用内置规则提取"]
    assert proposal.amount == Decimal(10000)


def test_unreachable_server_keeps_the_built_in_result(settings):
    with _Server(_completion("{}")) as server:
        url = server.url
    settings.LLM_BASE_URL = url  # the port is closed now
    _, proposal = _load("failed_refusal.txt", use_llm=True)

    assert "智能提取服务不可用，已使用内置规则提取" in proposal.notes
    assert proposal.agreed is False


def test_without_a_configured_server_the_rules_are_used(settings):
    settings.LLM_BASE_URL = ""
    _, proposal = _load("messy_labels.txt", dt.date(2026, 5, 8), use_llm=True)

    assert "未配置智能提取服务，已使用内置规则提取" in proposal.notes
    assert proposal.amount == Decimal(1500)


def test_chat_json_retries_without_response_format_when_the_server_rejects_it(settings):
    def reply(body: dict[str, Any]) -> tuple[int, Any]:
        if "response_format" in body:
            return 400, {"error": {"message": "response_format not supported"}}
        return 200, _completion('好的，结果如下：{"agreed": false}')

    with _Server(reply) as server:
        settings.LLM_BASE_URL = server.url + "/chat/completions"
        assert chat_json("只输出 JSON", "笔录") == {"agreed": False}
    assert ["response_format" in r for r in server.requests] == [True, False]


def test_chat_json_refuses_a_non_http_address(settings):
    settings.LLM_BASE_URL = "file:///etc/passwd"
    with pytest.raises(ServiceUnavailable) as exc:
        chat_json("s", "u")
    assert exc.value.message == "LLM_BASE_URL 必须以 http:// 或 https:// 开头"
