"""法律咨询登记表: generated from a consultation with its fields and 文号, from a button on the consultation page."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document

from consultation.tests import factories
from documents.models import GeneratedDocument
from documents.services import document_generate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _text(document: GeneratedDocument) -> str:
    docx = Document(BytesIO(document.file.read()))
    parts = [p.text for p in docx.paragraphs]
    parts += [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_sheet_carries_question_answer_laws_and_number(personas):
    c = factories.consultation(personas, referred_to="")
    document = document_generate(actor=personas.owner, kind="consultation_sheet", target=c, org=c.org)
    text = _text(document)
    assert document.number == f"（{timezone.localdate().year}）红西司法咨字第1号"
    for value in (document.number, "法律咨询登记表", "孙秀兰", "13904761234", c.person.id_number_masked, "来访", "婚姻家庭",
                  "丈夫长期酗酒", "人身安全保护令", "民法典 第一千零七十九条", "反家庭暴力法 第二十三条", "25分钟", "张明",
                  "西屯街道司法所", c.number):
        assert value in text, value
    assert c.person.reveal_id_number() not in text


def test_button_on_the_consultation_page(personas, login):
    c = factories.consultation(personas)
    client = login(personas.owner)
    assert 'data-testid="generate-consultation_sheet"' in client.get(c.get_absolute_url()).content.decode()
    assert client.post(f"/documents/generate/consultation_sheet/{c.uuid}/").status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.number in client.get(c.get_absolute_url()).content.decode()
    assert login(personas.outsider).post(f"/documents/generate/consultation_sheet/{c.uuid}/").status_code == 404
    assert GeneratedDocument.objects.count() == 1
