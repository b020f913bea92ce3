"""法律援助申请表: generated from an application with the applicant, matter, facts, hardship basis and 文号."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document

from documents.models import GeneratedDocument
from documents.services import document_generate
from legalaid.tests import factories

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


def test_form_carries_applicant_matter_facts_and_hardship(personas):
    a = factories.application(personas, is_urgent=True, urgent_reason="距劳动仲裁时效届满不足七日")
    document = document_generate(actor=personas.owner, kind="legal_aid_application", target=a, org=a.org)
    text = _text(document)
    assert document.number == f"（{timezone.localdate().year}）红西司援申字第1号"
    person = a.applicant
    for value in (document.number, "法律援助申请表", "马国庆", person.get_sex_display(), "1978年9月15日", "13847612345", person.id_number_masked,
                  "窗口申请", "请求确认劳动关系或者支付劳动报酬", "刘建军", "包工头拖欠工资两万三千元", "指派律师代理追索劳动报酬",
                  "如实说明经济困难状况（个人诚信承诺）（法律援助法 第四十一条）", "工资被拖欠后无其他收入",
                  "距劳动仲裁时效届满不足七日", "张明", "西屯街道司法所", "第六十四条"):
        assert value in text, value
    assert a.applicant.reveal_id_number() not in text


def test_exempt_basis_names_article_42(personas):
    a = factories.application(personas, hardship_basis="minimum_living", hardship_detail="最低生活保障证（编号 1504020012）")
    text = _text(document_generate(actor=personas.owner, kind="legal_aid_application", target=a, org=a.org))
    assert "最低生活保障对象（免予核查经济困难状况，法律援助法 第四十二条）" in text and "最低生活保障证（编号 1504020012）" in text


def test_button_on_the_application_page(personas, login):
    a = factories.application(personas)
    client = login(personas.owner)
    assert 'data-testid="generate-legal_aid_application"' in client.get(a.get_absolute_url()).content.decode()
    assert client.post(f"/documents/generate/legal_aid_application/{a.uuid}/").status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.number in client.get(a.get_absolute_url()).content.decode()
    assert login(personas.outsider).post(f"/documents/generate/legal_aid_application/{a.uuid}/").status_code == 404
    assert login(personas.readonly).post(f"/documents/generate/legal_aid_application/{a.uuid}/").status_code == 403
    assert GeneratedDocument.objects.count() == 1


def test_refusal_decision_gives_the_reasons_and_the_objection_route(personas):
    from legalaid.centre import review_decide

    review = factories.forwarded_review(personas)
    user = factories.centre_user(personas)
    review_decide(actor=user, review=review, grant=False, reason="申请人家庭月人均收入高于本省经济困难标准\n申请人名下有商铺出租收入")
    with pytest.raises(Exception, match="尚未作出给予"):
        document_generate(actor=user, kind="legal_aid_grant", target=review, org=review.org)
    document = document_generate(actor=user, kind="legal_aid_refusal", target=review, org=review.org)
    text = _text(document)
    for value in ("不予法律援助决定书", "马国庆", "家庭月人均收入高于本省经济困难标准", "商铺出租收入", "红山区司法局提出",
                  "五日内", "第四十九条", "红山区公共法律服务中心"):
        assert value in text, value


def test_grant_decision_names_the_articles_and_the_three_day_assignment(personas):
    from legalaid.centre import review_decide

    review = factories.forwarded_review(personas)
    user = factories.centre_user(personas)
    review_decide(actor=user, review=review, grant=True, pledge_signed=True)
    text = _text(document_generate(actor=user, kind="legal_aid_grant", target=review, org=review.org))
    for value in ("给予法律援助决定书", "马国庆", "第三十一条、第四十一条", "三日内指派", "决定给予法律援助"):
        assert value in text, value
