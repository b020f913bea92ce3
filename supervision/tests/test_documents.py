"""The ten documents 一表一报告两函三单三书: each .docx is generated from its template in the repo and carries the
office, the facts and the deadline; the 函、单、书 are numbered in the issuing bureau's 文号 series, the 整改反馈单 in
the office's; who may generate which; what a record still lacks is said in Chinese before any number is issued."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from io import BytesIO
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from core.errors import AccessDenied, ValidationFailed
from core.models import DocumentSequence
from documents.models import GeneratedDocument
from documents.pdf import docx_to_pdf
from documents.services import document_generate
from supervision import charts
from supervision.choices import IssueDocument
from supervision.services import item_receive, item_rectify, item_verify, report_create
from supervision.tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DUE = TODAY + dt.timedelta(days=15)
DUE_TEXT = f"{DUE.year}年{DUE.month}月{DUE.day}日"
REQUIREMENT = "逐件分析超期原因，限期办结。"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def text_of(document: GeneratedDocument) -> tuple[str, int]:
    """Every paragraph and table cell of the .docx, and the number of pictures in it."""
    with document.file.open("rb") as handle:
        docx = Document(BytesIO(handle.read()))
    parts = [p.text for p in docx.paragraphs]
    for table in docx.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts), len(docx.inline_shapes)


def _issued(p: Any, kind: str, **kw: Any) -> Any:
    item = factories.item(p, doc_kind=kind, due_date=DUE, **kw)
    assert item.document is not None and item.document.kind == kind
    return item


@pytest.mark.parametrize(("kind", "title", "word"), [
    (IssueDocument.TIP, "提示函", "提"),
    (IssueDocument.LETTER, "督办函", "督"),
    (IssueDocument.PROBLEMS, "问题清单", "问"),
    (IssueDocument.ASSIGN, "交办单", "交"),
    (IssueDocument.RECTIFY, "整改通知书", "改"),
    (IssueDocument.INTERVIEW, "约谈通知书", "谈"),
])
def test_issued_document_carries_office_facts_deadline_and_the_county_number(personas, kind, title, word):
    extra = {"meeting_time": "2026年6月10日上午9时", "meeting_place": "红山区司法局三楼会议室"} if kind == IssueDocument.INTERVIEW else {}
    item = _issued(personas, kind, **extra)

    text, _ = text_of(item.document)

    number = f"（{TODAY.year}）红司{word}字第1号"
    assert item.number == number and number in text
    assert title in text
    assert "西屯街道司法所" in text and factories.FACTS in text and DUE_TEXT in text
    assert REQUIREMENT in text and "红山区司法局" in text
    assert item.document.org == personas.office  # kept with the office it is sent to
    if kind == IssueDocument.INTERVIEW:
        assert "约谈时间：2026年6月10日上午9时" in text and "约谈对象：西屯街道司法所所长李所长" in text
    if kind in (IssueDocument.LETTER, IssueDocument.TIP, IssueDocument.RECTIFY):
        assert "（联系人：王股长" in text


def test_problem_list_lists_the_other_open_warnings_of_the_office(personas):
    other = factories.warning(personas, rule_code="YJ02", facts="该所1名工作人员连续3个及以上工作日未确认工作日志：张明。")
    item = _issued(personas, IssueDocument.PROBLEMS)

    text, _ = text_of(item.document)

    assert "工作事项超期预警" in text and factories.FACTS in text
    assert "工作日志漏填预警" in text and other.facts in text and "督促工作人员每日确认工作日志" in text


def test_each_bureau_numbers_its_own_series(personas):
    first = _issued(personas, IssueDocument.LETTER)
    second = _issued(personas, IssueDocument.LETTER, title="第二件", source=factories.warning(personas, period="2026-04"))
    assert (first.number, second.number) == (f"（{TODAY.year}）红司督字第1号", f"（{TODAY.year}）红司督字第2号")
    assert DocumentSequence.objects.filter(org=personas.county, kind="supervision_letter").exists()
    assert not DocumentSequence.objects.filter(org=personas.office, kind="supervision_letter").exists()


def test_feedback_sheet_is_the_office_reply_with_the_verdict_once_given(personas):
    item = _issued(personas, IssueDocument.RECTIFY)
    with pytest.raises(ValidationFailed, match="还没有报送整改反馈"):
        document_generate(actor=personas.head, kind="supervision_feedback", target=item, org=personas.office)
    item_receive(actor=personas.head, item=item)
    item_rectify(actor=personas.head, item=item, text="已逐件清理超期事项，2项均已办结并补录台账。")
    item_verify(actor=personas.supervisor, item=item, accept=True, note="经核查，整改到位")

    document = document_generate(actor=personas.head, kind="supervision_feedback", target=item, org=personas.office)

    text, _ = text_of(document)
    assert document.number == f"（{TODAY.year}）红西司馈字第1号"
    assert "整改反馈单" in text and item.number in text and "西屯街道司法所" in text and DUE_TEXT in text
    assert "已逐件清理超期事项，2项均已办结并补录台账。" in text and factories.FACTS in text
    assert "核查通过。经核查，整改到位" in text and f"{TODAY.year}年{TODAY.month}月{TODAY.day}日" in text


def test_only_the_bureau_issues_and_only_the_office_replies(personas):
    item = _issued(personas, IssueDocument.LETTER)
    with pytest.raises(AccessDenied):
        document_generate(actor=personas.head, kind="supervision_letter", target=item, org=personas.office)
    item_receive(actor=personas.head, item=item)
    item_rectify(actor=personas.head, item=item, text="已逐件清理超期事项，2项均已办结并补录台账。")
    with pytest.raises(AccessDenied):
        document_generate(actor=personas.supervisor, kind="supervision_feedback", target=item, org=personas.office)


def test_interview_notice_without_time_and_place_is_refused_before_a_number_is_issued(personas):
    item = _issued(personas, IssueDocument.LETTER)
    with pytest.raises(ValidationFailed, match="须写明约谈时间和地点"):
        document_generate(actor=personas.supervisor, kind="supervision_interview", target=item, org=personas.office)
    assert not DocumentSequence.objects.filter(kind="supervision_interview").exists()


def _county_report(p: Any) -> Any:
    start = TODAY.replace(day=1)
    return report_create(actor=p.supervisor, org=p.county, start=start, end=TODAY)


def test_statistics_table_sums_the_ledger_per_office(personas):
    item = _issued(personas, IssueDocument.LETTER)
    report = _county_report(personas)

    document = document_generate(actor=personas.supervisor, kind="supervision_stats", target=report, org=personas.county)

    text, _ = text_of(document)
    assert document.number == f"（{TODAY.year}）红司统字第1号"
    assert "司法所工作统计表" in text and "统计单位：红山区司法局" in text
    assert "西屯街道司法所" in text and "三中街街道司法所" in text and "平庄镇司法所" not in text
    assert item.issued_on == TODAY  # the item and its warning count in this period's row of 西屯
    docx = Document(BytesIO(document.file.open("rb").read()))
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in docx.tables[0].rows}
    # 预警, 红色预警, 督办事项, 已销号
    assert rows["西屯街道司法所"][-4:] == ["1", "0", "1", "0"] and rows["三中街街道司法所"][-4:] == ["0", "0", "0", "0"]
    assert rows["合计"][-4:] == ["1", "0", "1", "0"]


def test_analysis_report_is_written_from_the_figures_with_charts(personas):
    _issued(personas, IssueDocument.LETTER)
    report = _county_report(personas)

    document = document_generate(actor=personas.supervisor, kind="supervision_report", target=report, org=personas.county)

    text, pictures = text_of(document)
    assert "红山区司法局" in text and "司法所工作分析报告" in text
    assert "所辖2个司法所" in text and "期内平台共产生预警1条，其中红色0条、橙色1条、黄色0条" in text
    assert "期内下发督办事项1件，已核查销号0件" in text and "西屯街道司法所：期内预警1条（红色0条）" in text
    assert "针对工作事项超期预警：对超期事项逐件分析原因" in text
    try:
        charts.bar_chart(title="t", labels=["a"], values=[1], unit="件")
    except charts.ChartsUnavailable as exc:
        assert pictures == 0 and str(exc) in text
    else:
        assert pictures == 2  # 台账事项 per office and the 预警等级 pie (no mediation yet: no success-rate chart)
        assert "图表从略" not in text


def test_assessment_notice_gives_the_office_score_and_rank(personas):
    start = TODAY.replace(day=1)
    office_report = report_create(actor=personas.supervisor, org=personas.office, start=start, end=TODAY)

    document = document_generate(actor=personas.supervisor, kind="supervision_assess", target=office_report, org=personas.office)

    text, _ = text_of(document)
    assert document.number == f"（{TODAY.year}）红司考字第1号"
    assert "考核结果通知书" in text and "西屯街道司法所：" in text and "在红山区司法局所辖2个司法所中排名第" in text
    assert "基础性工作" in text and "负面清单" in text
    with pytest.raises(ValidationFailed, match="只能发给司法所"):
        document_generate(actor=personas.supervisor, kind="supervision_assess", target=_county_report(personas), org=personas.county)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="未安装 LibreOffice")
def test_letter_and_rectification_notice_open_in_a_word_processor(personas):
    """The acceptance case: a warning's 督办函 and 整改通知书 are read by LibreOffice (as Word would) with the office,
    the facts and the deadline on the page."""
    letter = _issued(personas, IssueDocument.LETTER)
    notice = _issued(personas, IssueDocument.RECTIFY, source=factories.warning(personas, period="2026-04"))
    for item in (letter, notice):
        with item.document.file.open("rb") as handle:
            pdf = docx_to_pdf(handle.read())
        assert pdf.startswith(b"%PDF")
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
            flat = "".join(text.split())
            assert item.number in flat and "西屯街道司法所" in flat and "".join(DUE_TEXT.split()) in flat
            assert "".join(factories.FACTS.split()) in flat


def test_a_verified_item_takes_no_new_letters_and_no_number_is_spent(personas):
    item = _issued(personas, IssueDocument.TIP)
    item_receive(actor=personas.head, item=item)
    item_rectify(actor=personas.head, item=item, text="已逐件清理超期事项，2项均已办结并补录台账。")
    item_verify(actor=personas.supervisor, item=item, accept=True, note="经核查，整改到位")

    for kind in ("supervision_letter", "supervision_rectify", "supervision_interview"):
        with pytest.raises(ValidationFailed, match="已核查销号"):
            document_generate(actor=personas.supervisor, kind=kind, target=item, org=personas.office)
        assert not DocumentSequence.objects.filter(kind=kind).exists()
    # The office's reply stays available: it records the verdict.
    assert document_generate(actor=personas.head, kind="supervision_feedback", target=item, org=personas.office).number
