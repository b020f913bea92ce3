from __future__ import annotations

import shutil
import subprocess
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document

from core.models import AuditEvent, TaskRun, WorkEvent
from core.testing import valid_id_number
from documents.models import GeneratedDocument
from documents.pdf import UNAVAILABLE_MESSAGE
from documents.services import document_generate, document_pdf_convert
from people.services import PersonInput, person_create

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _text(document: GeneratedDocument) -> str:
    with document.file.open("rb") as handle:
        docx = Document(BytesIO(handle.read()))
    parts = [p.text for p in docx.paragraphs]
    for table in docx.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _generate(personas, person, actor=None) -> GeneratedDocument:
    return document_generate(actor=actor or personas.owner, kind="person_sheet", target=person, org=person.org)


# --- generation -------------------------------------------------------------------------------------------


def test_person_sheet_carries_the_fields_and_the_first_number(personas, person):
    document = _generate(personas, person)
    text = _text(document)
    assert document.number == f"（{YEAR}）红西司登字第1号"
    assert document.number in text
    for value in ("人员信息登记表", "王小红", "女", "蒙古族", "1980年1月1日", "13912345678", "西屯街道一西街8号",
                  "人民调解当事人", "西屯街道司法所", "张明", person.id_number_masked):
        assert value in text, value
    assert document.title == "人员信息登记表（王小红）" and document.version == "2026.1"
    assert document.file.name.startswith(f"documents/{YEAR}/")


def test_full_id_number_never_reaches_the_document(personas, person):
    text = _text(_generate(personas, person))
    assert valid_id_number(seq="124") not in text
    assert "********" in text


def test_numbers_follow_each_other_per_office_and_kind(personas, person):
    first, second = _generate(personas, person), _generate(personas, person)
    assert first.number.endswith("字第1号") and second.number == f"（{YEAR}）红西司登字第2号"
    assert second.number in _text(second)


def test_generation_is_audited_and_counted_in_the_ledger(personas, person):
    document = _generate(personas, person)
    event = AuditEvent.objects.get(action="generate", object_id=str(document.pk))
    assert document.number in event.summary and event.actor == personas.owner
    work = WorkEvent.objects.get(event_type="documents.document_generated")
    assert work.org == personas.office and work.note == document.number


def test_markup_in_values_is_escaped_not_interpreted(personas):
    person = person_create(actor=personas.owner, org=personas.office,
                           data=PersonInput(name="李四", note='甲&乙 <w:t>"丙"</w:t>'))
    text = _text(_generate(personas, person))
    assert '甲&乙 <w:t>"丙"</w:t>' in text


# --- pages: generate --------------------------------------------------------------------------------------


def _generate_url(person) -> str:
    return f"/documents/generate/person_sheet/{person.uuid}/"


def test_owner_generates_from_person_page_and_sees_it_listed(personas, person, login):
    client = login(personas.owner)
    page = client.get(f"/people/{person.uuid}/").content.decode()
    assert "生成登记表" in page and _generate_url(person) in page
    response = client.post(_generate_url(person))
    assert response.status_code == 302 and response["Location"] == f"/people/{person.uuid}/"
    document = GeneratedDocument.objects.get()
    page = client.get(f"/people/{person.uuid}/").content.decode()
    assert document.number in page and f"/documents/{document.uuid}/download/" in page


def test_a_county_caseworker_generates_with_the_office_number(personas, person, login):
    # The county supervisor reads the office's record but does not write it (办案范围): 403, no document.
    assert login(personas.supervisor).post(_generate_url(person)).status_code == 403
    assert not GeneratedDocument.objects.exists()
    # A county role granted case writes issues it, numbered by the office.
    assert login(personas.caseworker).post(_generate_url(person)).status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.org == personas.office and document.number == f"（{YEAR}）红西司登字第1号"
    assert document.created_by == personas.caseworker


def test_readonly_may_not_generate_and_sees_no_button(personas, person, login):
    client = login(personas.readonly)
    assert "生成登记表" not in client.get(f"/people/{person.uuid}/").content.decode()
    assert client.post(_generate_url(person)).status_code == 403
    assert not GeneratedDocument.objects.exists()


def test_outsider_gets_404_when_generating_for_another_office(personas, person, login):
    assert login(personas.outsider).post(_generate_url(person)).status_code == 404
    assert not GeneratedDocument.objects.exists()


def test_anonymous_generate_goes_to_login(personas, person, client):
    response = client.post(_generate_url(person))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_kind_is_404(personas, person, login):
    assert login(personas.owner).post(f"/documents/generate/no_such_kind/{person.uuid}/").status_code == 404


def test_generate_needs_post(personas, person, login):
    assert login(personas.owner).get(_generate_url(person)).status_code == 405


# --- pages: download ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "supervisor", "readonly"])
def test_insiders_download_the_word_file(personas, person, login, who):
    document = _generate(personas, person)
    response = login(getattr(personas, who)).get(f"/documents/{document.uuid}/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert "王小红" in "\n".join(p.text for t in Document(BytesIO(content)).tables for r in t.rows for p in r.cells)
    assert AuditEvent.objects.filter(action="export", object_id=str(document.pk), actor=getattr(personas, who)).exists()


def test_outsider_gets_404_for_another_office_document(personas, person, login):
    document = _generate(personas, person)
    assert login(personas.outsider).get(f"/documents/{document.uuid}/download/").status_code == 404


def test_anonymous_download_goes_to_login(personas, person, client):
    document = _generate(personas, person)
    response = client.get(f"/documents/{document.uuid}/download/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pdf_download_before_conversion_says_what_to_do(personas, person, login):
    document = _generate(personas, person)
    response = login(personas.owner).get(f"/documents/{document.uuid}/pdf/")
    assert response.status_code == 404


# --- list ---------------------------------------------------------------------------------------------------


def test_list_is_scoped(personas, person, login):
    document = _generate(personas, person)
    assert document.number in login(personas.owner).get("/documents/").content.decode()
    assert document.number in login(personas.readonly).get("/documents/").content.decode()
    assert document.number not in login(personas.outsider).get("/documents/").content.decode()


def test_list_filters_by_kind_and_number(personas, person, login):
    first, second = _generate(personas, person), _generate(personas, person)
    page = login(personas.owner).get("/documents/", {"number": "第2号", "kind": "person_sheet"}).content.decode()
    assert second.number in page and first.number not in page


def test_list_query_count_does_not_grow_with_rows(personas, person, login):
    client = login(personas.owner)
    client.get("/documents/")  # the first page of a session also writes the session
    _generate(personas, person)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/documents/").status_code == 200
    for _ in range(9):
        _generate(personas, person)
    with CaptureQueriesContext(connection) as ten:
        assert client.get("/documents/").status_code == 200
    assert len(ten) == len(one)


def test_person_page_query_count_does_not_grow_with_documents(personas, person, login):
    client = login(personas.owner)
    client.get(f"/people/{person.uuid}/")  # the first page of a session also writes the session
    _generate(personas, person)
    with CaptureQueriesContext(connection) as one:
        client.get(f"/people/{person.uuid}/")
    for _ in range(5):
        _generate(personas, person)
    with CaptureQueriesContext(connection) as six:
        client.get(f"/people/{person.uuid}/")
    assert len(six) == len(one)


# --- PDF ------------------------------------------------------------------------------------------------------


def test_missing_libreoffice_gives_the_chinese_message(personas, person, login, settings):
    settings.LIBREOFFICE_BINARY = "/nonexistent/soffice"
    document = _generate(personas, person)
    response = login(personas.owner).post(f"/documents/{document.uuid}/pdf/request/")
    assert response.status_code == 503
    assert UNAVAILABLE_MESSAGE in response.content.decode()
    document.refresh_from_db()
    assert document.pdf_status == GeneratedDocument.PdfStatus.NONE and not TaskRun.objects.exists()


def test_missing_libreoffice_in_htmx_request_is_a_toast(personas, person, login, settings):
    settings.LIBREOFFICE_BINARY = "/nonexistent/soffice"
    document = _generate(personas, person)
    response = login(personas.owner).post(f"/documents/{document.uuid}/pdf/request/", HTTP_HX_REQUEST="true")
    assert response.status_code == 503 and UNAVAILABLE_MESSAGE in response["HX-Trigger"].encode().decode("unicode_escape")


def test_worker_without_libreoffice_marks_the_pdf_failed(personas, person, settings):
    document = _generate(personas, person)
    run = TaskRun.objects.create(label="生成 PDF", user=personas.owner)
    document.pdf_run, document.pdf_status = run, GeneratedDocument.PdfStatus.PENDING
    document.save()
    settings.LIBREOFFICE_BINARY = "/nonexistent/soffice"
    assert document_pdf_convert(document=document)["ok"] is False
    document.refresh_from_db()
    run.refresh_from_db()
    assert document.pdf_status == GeneratedDocument.PdfStatus.FAILED and UNAVAILABLE_MESSAGE in document.pdf_message
    assert run.status == TaskRun.Status.FAILED and "可先下载 Word 版本" in run.message


def test_pdf_request_queues_once_and_is_audited(personas, person, login, settings):
    settings.LIBREOFFICE_BINARY = "/bin/true"  # present; the queued task is not run inside the test transaction
    document = _generate(personas, person)
    client = login(personas.owner)
    response = client.post(f"/documents/{document.uuid}/pdf/request/")
    assert response.status_code == 302 and response["Location"] == f"/people/{person.uuid}/"
    document.refresh_from_db()
    assert document.pdf_status == GeneratedDocument.PdfStatus.PENDING and document.pdf_run is not None
    assert AuditEvent.objects.filter(action="generate", summary=f"生成 PDF {document.number}").exists()
    again = client.post(f"/documents/{document.uuid}/pdf/request/", HTTP_HX_REQUEST="true")
    assert again.status_code == 200 and str(document.pdf_run.uuid) in again.content.decode()
    assert TaskRun.objects.count() == 1


def test_the_pdf_button_is_offered_only_where_libreoffice_is_installed(personas, person, login, settings):
    document = _generate(personas, person)
    client = login(personas.owner)
    settings.LIBREOFFICE_BINARY = "/nonexistent/soffice"
    page = client.get(f"/people/{person.uuid}/").content.decode()
    assert document.number in page and f"/documents/{document.uuid}/pdf/request/" not in page and "生成 PDF" not in page
    settings.LIBREOFFICE_BINARY = "/bin/true"  # present
    page = client.get(f"/people/{person.uuid}/").content.decode()
    assert f"/documents/{document.uuid}/pdf/request/" in page and "生成 PDF" in page


def test_readonly_may_not_request_pdf(personas, person, login):
    document = _generate(personas, person)
    assert login(personas.readonly).post(f"/documents/{document.uuid}/pdf/request/").status_code == 403
    assert not TaskRun.objects.exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="未安装 LibreOffice")
def test_pdf_conversion_with_chinese_fonts(personas, person, login, django_capture_on_commit_callbacks):
    document = _generate(personas, person)
    client = login(personas.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/documents/{document.uuid}/pdf/request/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "taskrun-" in response.content.decode()
    document.refresh_from_db()
    assert document.pdf_status == GeneratedDocument.PdfStatus.DONE, document.pdf_message
    run = TaskRun.objects.get(pk=document.pdf_run_id)
    assert run.status == TaskRun.Status.DONE and run.result_url == f"/documents/{document.uuid}/pdf/"
    progress = client.get(f"/tasks/{run.uuid}/", HTTP_ACCEPT="application/json").json()
    assert progress["status"] == "done" and progress["percent"] == 100
    download = client.get(f"/documents/{document.uuid}/pdf/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        flat = "".join(text.split())  # pdftotext puts spaces between Chinese and Latin characters
        assert "王小红" in flat and "人员信息登记表" in flat and document.number in flat
