"""The 人民调解 document set: each generated .docx carries the record's data and its 文号, the 卷宗 merges them in the
standard order, the 司法确认 package, refusals with Chinese messages, and the buttons on the dispute page."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document

from core.errors import ValidationFailed
from core.models import DocumentSequence
from documents.compose import bookmark_name
from documents.models import GeneratedDocument
from documents.pdf import docx_to_pdf
from documents.services import document_generate
from mediation.choices import Outcome
from mediation.services import (
    AgreementInput,
    PerformanceInput,
    agreement_make,
    dispute_accept,
    followup_record,
    investigation_record,
    session_record,
)
from mediation.tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a .docx, in document order (tables after paragraphs)."""
    docx = Document(BytesIO(content))
    parts = [p.text for p in docx.paragraphs]
    for table in docx.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def docx_fields(document: GeneratedDocument) -> dict[str, str]:
    """The bordered form's cells as label → value (each label cell is followed by its value cell)."""
    with document.file.open("rb") as handle:
        docx = Document(BytesIO(handle.read()))
    fields: dict[str, str] = {}
    for table in docx.tables:
        for row in table.rows:
            cells = list({cell._tc: cell for cell in row.cells}.values())  # a merged cell is listed once per grid column
            for label, value in zip(cells[::2], cells[1::2], strict=False):
                fields[label.text.strip().replace(" ", "").replace("\u3000", "")] = value.text.strip()
    return fields


def text_of(document: GeneratedDocument) -> str:
    with document.file.open("rb") as handle:
        return docx_text(handle.read())


def day(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def accepted(personas):  # type: ignore[no-untyped-def]
    d = factories.dispute(personas, received=day(20))
    m = factories.mediator(personas, "赵调解")
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=day(19), mediator_ids=[m.pk])
    return d


@pytest.fixture
def case(personas):  # type: ignore[no-untyped-def]
    """A dispute taken through every step up to a written agreement and a follow-up visit."""
    d = accepted(personas)
    investigation_record(actor=personas.owner, dispute=d, date=day(18), place="王大山家中", investigators="赵调解、张明",
                         respondent="王大山", content="王大山称：李二河砌墙占用宅基地约0.5米。\n现场测量属实。")
    session_record(actor=personas.owner, dispute=d, date=day(15), place="西屯街道人民调解室", hosts="赵调解",
                   record="第一次调解，双方各执己见。", recorder="张明")
    session_record(actor=personas.owner, dispute=d, date=day(10), place="西屯街道人民调解室", hosts="赵调解",
                   record="第二次调解，李二河同意拆墙并赔偿。", attendees="村委会主任孙某", is_public=True)
    respondent = d.parties.get(role="respondent")
    agreement_make(actor=personas.owner, dispute=d, data=AgreementInput(
        kind=Outcome.WRITTEN, facts="李二河砌墙占用王大山宅基地约0.5米。", responsibilities="李二河负主要责任。",
        content="一、李二河于十日内拆除占地围墙；\n二、李二河赔偿王大山损失人民币2000元。", performance_method="现金支付",
        signed_date=day(5), amount=Decimal("2000"),
        items=[PerformanceInput(respondent.pk, "赔偿损失2000元", day(1), Decimal("2000"))]))
    followup_record(actor=personas.owner, dispute=d, date=day(1), visitor="赵调解", visited="王大山", performance="full",
                    satisfaction="satisfied", situation="围墙已拆除，赔偿款已付清。")
    d.refresh_from_db()
    return d


def generate(personas, d, kind, part=None):  # type: ignore[no-untyped-def]
    return document_generate(actor=personas.owner, kind=kind, target=d, org=d.org, part=part)


# --- each document carries the record's data and its 文号 ----------------------------------------------------------


def test_application_carries_parties_facts_and_claims(personas, case):
    document = generate(personas, case, "mediation_application")
    text = text_of(document)
    assert document.number == f"（{YEAR}）红西司人调申字第1号" and document.number in text
    for value in ("人民调解申请书", "申请人：王大山", "被申请人：李二河", "砌墙占用王大山宅基地约0.5米", "请求拆除占地围墙并赔偿损失",
                  "自愿申请西屯街道司法所调解", "西屯街道司法所", f"{day(20).year}年{day(20).month}月{day(20).day}日"):
        assert value in text, value


def test_acceptance_form_carries_number_category_source_and_mediator(personas, case):
    document = generate(personas, case, "mediation_acceptance")
    text = text_of(document)
    assert document.number == f"（{YEAR}）红西司人调受字第1号" and document.number in text
    for value in ("人民调解受理登记表", case.number, "房屋宅基地", "当事人申请", "王大山", "李二河", "3,000.00元", "2人",
                  "经当事人同意，西屯街道司法所受理并调解王大山与李二河之间的纠纷", "赵调解", "张明"):
        assert value in text, value
    fields = docx_fields(document)
    assert fields["当事人选择的调解员"] == "＿＿＿＿＿＿" and fields["调解员"] == "赵调解（调委会指定）"


def test_acceptance_form_shows_the_mediator_the_parties_chose(personas):
    """人民调解法 第十九条: the parties may choose their mediator; the register says they did, and whom they asked for."""
    d = factories.dispute(personas, received=day(20), requested_mediators="赵调解")
    m = factories.mediator(personas, "赵调解")
    dispute_accept(actor=personas.owner, dispute=d, accepted_date=day(19), mediator_ids=[m.pk], chosen_by_parties=True)
    fields = docx_fields(generate(personas, d, "mediation_acceptance"))
    assert fields["当事人选择的调解员"] == "赵调解" and fields["调解员"] == "赵调解（当事人选择）"


def test_notice_lists_rights_and_duties_from_the_law(personas, case):
    text = text_of(generate(personas, case, "mediation_notice"))
    for value in ("人民调解当事人权利义务告知书", "王大山、李二河：", "第二十三条", "选择或者接受人民调解员", "如实陈述纠纷事实",
                  "三十日内共同向人民法院申请司法确认", "不收取任何费用"):
        assert value in text, value


def test_investigation_record_per_investigation(personas, case):
    investigation = case.investigations.get()
    document = generate(personas, case, "mediation_investigation", part=investigation)
    text = text_of(document)
    assert document.part_id == str(investigation.pk) and document.number in text
    assert document.title == f"人民调解调查记录（{case.title}，{investigation}）"
    for value in ("人民调解调查记录", "王大山家中", "赵调解、张明", "现场测量属实", case.number, f"{day(18).month}月{day(18).day}日"):
        assert value in text, value


def test_session_records_are_numbered_in_order(personas, case):
    first, second = case.sessions.all()
    second_text = text_of(generate(personas, case, "mediation_session", part=second))
    first_doc = generate(personas, case, "mediation_session", part=first)
    first_text = text_of(first_doc)
    assert "第2次" in second_text and "村委会主任孙某" in second_text and "公开调解" in second_text
    assert "第1次" in first_text and "双方各执己见" in first_text and "不公开调解" in first_text and "张明" in first_text
    assert first_doc.number == f"（{YEAR}）红西司人调记字第2号"


def test_written_agreement_carries_parties_content_items_and_amount(personas, case):
    document = generate(personas, case, "mediation_agreement")
    text = text_of(document)
    assert document.number == f"（{YEAR}）红西司人调协字第1号"
    for value in (document.number, "人民调解协议书", "申请人：王大山", "被申请人：李二河",
                  "李二河负主要责任", "李二河于十日内拆除占地围墙", "赔偿损失2000元", "2,000.00元", "现金支付",
                  "本协议一式3份", f"{day(5).year}年{day(5).month}月{day(5).day}日", f"{day(1).month}月{day(1).day}日",
                  "（人民调解委员会印）"):
        assert value in text, value
    # One number: the register's. No 协议编号 beside it, and the seal is the committee's, not the 司法所's.
    assert text.count(document.number) == 1 and case.agreement.number not in text and "司法所（印）" not in text


def test_oral_agreement_register(personas):
    d = accepted(personas)
    agreement_make(actor=personas.owner, dispute=d, data=AgreementInput(
        kind=Outcome.ORAL, facts="邻里噪音争执", content="双方互相谅解，晚十点后不再施工。", signed_date=day(3)))
    d.refresh_from_db()
    with pytest.raises(ValidationFailed, match="口头协议"):
        generate(personas, d, "mediation_agreement")
    document = generate(personas, d, "mediation_oral_agreement")
    text = text_of(document)
    for value in (document.number, "口头调解协议登记表", "晚十点后不再施工", "邻里噪音争执", "第三十条"):
        assert value in text, value
    assert text.count(document.number) == 1 and d.number not in text


def test_followup_record(personas, case):
    visit = case.followups.get()
    assert "调解协议编号\n＿＿＿＿＿＿" in text_of(generate(personas, case, "mediation_followup", part=visit))
    agreement = generate(personas, case, "mediation_agreement")
    text = text_of(generate(personas, case, "mediation_followup", part=visit))
    # The record cites the agreement by the number printed on it (the register's), never the agreement's own field.
    for value in ("人民调解回访记录", "王大山", "已全部履行", "满意", "赔偿款已付清", agreement.number, "未发现"):
        assert value in text, value


def test_cover_and_index(personas, case):
    cover = text_of(generate(personas, case, "mediation_cover"))
    for value in ("人民调解卷宗", "西屯街道司法所", case.title, case.number, "赵调解", "张明"):
        assert value in cover, value
    generate(personas, case, "mediation_agreement")
    index = generate(personas, case, "mediation_index")
    rows = [[c.text for c in row.cells] for row in Document(BytesIO(index.file.read())).tables[0].rows]
    names = [r[1] for r in rows[1:]]
    assert names == ["人民调解申请书", "人民调解受理登记表", "当事人权利义务告知书", "调查记录（王大山）", "调解记录（第1次）",
                     "调解记录（第2次）", "人民调解协议书", "回访记录（王大山）"]
    assert rows[7][2] == f"（{YEAR}）红西司人调协字第1号" and rows[1][2] == ""  # the 申请书 has not been generated yet


# --- the case file ---------------------------------------------------------------------------------------------


def test_case_file_merges_the_documents_in_the_standard_order(personas, case):
    agreement = generate(personas, case, "mediation_agreement")  # generated before: the case file reuses it
    bundle = generate(personas, case, "mediation_case_file")
    assert bundle.number == f"（{YEAR}）红西司人调卷字第1号"
    content = bundle.file.read()
    docx = Document(BytesIO(content))
    titles = [p.text for p in docx.paragraphs if p.text in {
        "人民调解卷宗", "卷内目录", "人民调解申请书", "人民调解受理登记表", "人民调解当事人权利义务告知书", "人民调解调查记录",
        "人民调解记录", "人民调解协议书", "人民调解回访记录"}]
    assert titles == ["人民调解卷宗", "卷内目录", "人民调解申请书", "人民调解受理登记表", "人民调解当事人权利义务告知书",
                      "人民调解调查记录", "人民调解记录", "人民调解记录", "人民调解协议书", "人民调解回访记录"]
    # The index lists the filed documents with their numbers and a page reference to each.
    index = docx.tables[1]
    rows = [[c.text for c in row.cells] for row in index.rows]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 9)]
    assert rows[7][1] == "人民调解协议书" and rows[7][2] == agreement.number
    xml = index._tbl.xml
    for n in range(3, 11):
        assert f"PAGEREF {bookmark_name(n)}" in xml
    body = docx.element.body.xml
    assert all(f'w:name="{bookmark_name(n)}"' in body for n in range(1, 11))
    pages = [int(r[4]) for r in rows[1:]]
    assert pages == sorted(pages) and pages[0] >= 3
    # Documents never generated were generated (numbered) for the case file; the agreement was not generated twice.
    kinds = list(GeneratedDocument.objects.filter(object_id=str(case.pk)).values_list("kind", flat=True))
    assert kinds.count("mediation_agreement") == 1 and kinds.count("mediation_session") == 2
    assert agreement.number in docx_text(content) and case.number in docx_text(content)


def test_case_file_of_a_failed_mediation_has_no_agreement(personas):
    from mediation.services import dispute_fail

    d = accepted(personas)
    dispute_fail(actor=personas.owner, dispute=d, date=TODAY, routes="已告知可向人民法院起诉")
    d.refresh_from_db()
    names = [r.cells[1].text for r in Document(BytesIO(generate(personas, d, "mediation_case_file").file.read())).tables[1].rows[1:]]
    assert names == ["人民调解申请书", "人民调解受理登记表", "当事人权利义务告知书"]


# --- 司法确认 ------------------------------------------------------------------------------------------------------


def test_confirmation_package_from_a_written_agreement(personas, case):
    agreement = generate(personas, case, "mediation_agreement")
    document = generate(personas, case, "mediation_confirmation")
    text = text_of(document)
    deadline = case.agreement.confirmation_deadline
    for value in ("司法确认申请书", "调解组织主持调解的证明", "申请人：王大山", "申请人：李二河", agreement.number, case.number,
                  "第三十三条", "第二百零五条", f"{deadline.year}年{deadline.month}月{deadline.day}日前", "赵调解",
                  f"2. 调解组织主持调解的证明（{document.number}）", "特此证明", "（人民调解委员会印）"):
        assert value in text, value
    # Each clause of the agreement is a paragraph of its own, not run together after 协议主要内容.
    with document.file.open("rb") as handle:
        paragraphs = [p.text.strip() for p in Document(BytesIO(handle.read())).paragraphs]
    assert "一、李二河于十日内拆除占地围墙；" in paragraphs
    assert "二、李二河赔偿王大山损失人民币2000元。" in paragraphs


def test_confirmation_refused_after_the_thirty_days(personas):
    d = accepted(personas)
    agreement_make(actor=personas.owner, dispute=d, data=AgreementInput(
        kind=Outcome.WRITTEN, facts="事实", content="内容", signed_date=day(19)))
    d.refresh_from_db()
    agreement = d.agreement
    agreement.effective_date = day(40)  # effective more than thirty days ago
    agreement.save()
    with pytest.raises(ValidationFailed, match="司法确认申请期已于"):
        generate(personas, d, "mediation_confirmation")
    assert not GeneratedDocument.objects.exists()


# --- refusals ----------------------------------------------------------------------------------------------------


def test_documents_needing_acceptance_are_refused_before_a_number_is_issued(personas):
    d = factories.dispute(personas)
    for kind in ("mediation_acceptance", "mediation_cover", "mediation_index", "mediation_case_file"):
        with pytest.raises(ValidationFailed, match="尚未受理"):
            generate(personas, d, kind)
    with pytest.raises(ValidationFailed, match="尚未达成调解协议"):
        generate(personas, d, "mediation_agreement")
    assert not GeneratedDocument.objects.exists() and not DocumentSequence.objects.filter(kind__startswith="mediation_a").exists()


def test_per_record_kind_needs_its_record(personas, case):
    with pytest.raises(ValidationFailed, match="对应的记录旁"):
        generate(personas, case, "mediation_investigation")
    other = accepted(personas)
    investigation_record(actor=personas.owner, dispute=other, date=day(2), place="甲", investigators="乙", respondent="丙", content="丁")
    with pytest.raises(ValidationFailed, match="对应的记录旁"):
        generate(personas, case, "mediation_investigation", part=other.investigations.get())


def test_application_only_when_a_party_applied(personas):
    d = factories.dispute(personas, source="grid")
    with pytest.raises(ValidationFailed, match="不是当事人申请"):
        generate(personas, d, "mediation_application")


# --- pages -------------------------------------------------------------------------------------------------------


def test_dispute_page_offers_buttons_next_to_the_records(personas, case, login):
    client = login(personas.owner)
    page = client.get(case.get_absolute_url()).content.decode()
    investigation, visit = case.investigations.get(), case.followups.get()
    for testid in ("generate-mediation_acceptance", "generate-mediation_notice", "generate-mediation_case_file",
                   f"generate-mediation_investigation-{investigation.pk}", f"generate-mediation_followup-{visit.pk}",
                   "generate-mediation_agreement", "generate-mediation_confirmation"):
        assert f'data-testid="{testid}"' in page, testid
    assert 'data-testid="generate-mediation_oral_agreement"' not in page
    response = client.post(f"/documents/generate/mediation_investigation/{case.uuid}/", {"part": investigation.pk})
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    page = client.get(case.get_absolute_url()).content.decode()
    assert document.number in page and f"/documents/{document.uuid}/download/" in page


def test_readonly_sees_no_generate_buttons(personas, case, login):
    page = login(personas.readonly).get(case.get_absolute_url()).content.decode()
    assert "generate-mediation" not in page


def test_generating_for_an_unready_record_shows_the_reason(personas, login):
    d = factories.dispute(personas)
    client = login(personas.owner)
    response = client.post(f"/documents/generate/mediation_acceptance/{d.uuid}/", follow=True)
    assert response.status_code == 200 and "无法生成人民调解受理登记表：该纠纷尚未受理" in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_part_of_another_dispute_is_404(personas, case, login):
    other = accepted(personas)
    investigation_record(actor=personas.owner, dispute=other, date=day(2), place="甲", investigators="乙", respondent="丙", content="丁")
    response = login(personas.owner).post(f"/documents/generate/mediation_investigation/{case.uuid}/",
                                          {"part": other.investigations.get().pk})
    assert response.status_code == 404 and not GeneratedDocument.objects.exists()


def test_outsider_cannot_generate(personas, case, login):
    response = login(personas.outsider).post(f"/documents/generate/mediation_agreement/{case.uuid}/")
    assert response.status_code == 404 and not GeneratedDocument.objects.exists()


def test_download_agreement_as_word(personas, case, login):
    document = generate(personas, case, "mediation_agreement")
    response = login(personas.supervisor).get(f"/documents/{document.uuid}/download/")
    assert response.status_code == 200
    text = docx_text(b"".join(response.streaming_content))
    assert "王大山" in text and "李二河" in text and document.number in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="未安装 LibreOffice")
def test_case_file_converts_to_pdf_with_page_numbers(personas, case):
    bundle = generate(personas, case, "mediation_case_file")
    pdf = docx_to_pdf(bundle.file.read())
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        flat = "".join(text.split())
        assert "人民调解卷宗" in flat and "卷内目录" in flat and "人民调解协议书" in flat and bundle.number in flat


# --- bad agreement input (人民调解法 第二十九条: effective when signed) ----------------------------------------------


def test_agreement_without_signature_date_saves_nothing(personas, login):
    d = accepted(personas)
    respondent = d.parties.get(role="respondent")
    response = login(personas.owner).post(f"/mediation/disputes/{d.uuid}/agreement/", {
        "kind": "written", "facts": "宅基地界址争议", "content": "李二河拆除围墙", "item1_obligor": respondent.pk,
        "item1_description": "拆除围墙", "item1_due": TODAY.isoformat(),
    }, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "签字" in response.content.decode()
    d.refresh_from_db()
    assert d.status == "accepted" and not hasattr(d, "agreement")
    assert not d.steps.filter(kind="agreement").exists()


def test_performance_deadline_before_the_agreement_date_saves_nothing(personas):
    d = accepted(personas)
    respondent = d.parties.get(role="respondent")
    with pytest.raises(ValidationFailed, match="早于协议日期，请核对"):
        agreement_make(actor=personas.owner, dispute=d, data=AgreementInput(
            kind=Outcome.WRITTEN, facts="事实", content="内容", signed_date=day(2),
            items=[PerformanceInput(respondent.pk, "赔偿", day(3), Decimal("100"))]))
    d.refresh_from_db()
    assert d.status == "accepted" and not GeneratedDocument.objects.exists()
    from mediation.models import Agreement, PerformanceItem

    assert not Agreement.objects.exists() and not PerformanceItem.objects.exists()
