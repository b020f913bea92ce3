"""Documents generated from a 法律咨询 record (see documents/registry.py): the 法律咨询登记表."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from docxtpl import Listing

from consultation.models import Consultation
from core.dictionaries import dict_label
from core.numbering import NumberKind, register_number_kind
from documents.registry import DocumentKind
from people.documents import chinese_date

register_number_kind(NumberKind("consultation_sheet", "法咨", "法律咨询登记表"))


@dataclass(frozen=True)
class ConsultationSheetContext:
    """The fields of 法律咨询登记表: who asked, what, the answer with the laws cited and what followed. The ID number
    is the masked one (个人信息保护法 第二十八条: a printed form leaves the office)."""

    number: str
    consultation_number: str
    date: str
    name: str
    sex: str
    phone: str
    id_number_masked: str
    channel: str
    topic: str
    question: Listing
    answer: Listing
    laws: Listing
    follow_up: str
    referred_to: str
    handler: str
    duration: str
    office: str
    issued_on: str


def consultation_sheet_context(consultation: Consultation, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> ConsultationSheetContext:
    person = consultation.person
    handler = consultation.handler
    return ConsultationSheetContext(
        number=number, consultation_number=consultation.number or "无", date=chinese_date(consultation.date), name=person.name,
        sex=person.get_sex_display(), phone=person.phone or "无", id_number_masked=person.id_number_masked or "无",
        channel=consultation.get_channel_display(), topic=dict_label("consultation_topic", consultation.topic),
        question=Listing(consultation.question), answer=Listing(consultation.answer or "无"),
        laws=Listing("\n".join(consultation.laws) or "无"), follow_up=consultation.get_follow_up_display(),
        referred_to=consultation.referred_to or "无", handler=(handler.full_name or handler.username) if handler else "无",
        duration=f"{consultation.duration_minutes}分钟" if consultation.duration_minutes else "无",
        office=org.name, issued_on=chinese_date(issued_on),
    )


DOCUMENT_KINDS = [
    DocumentKind(
        code="consultation_sheet",
        label="法律咨询登记表",
        template_path="consultation/doc_templates/consultation_sheet.docx",
        version="2026.1",
        number_kind="consultation_sheet",
        context_builder=consultation_sheet_context,
        model="consultation.Consultation",
        button_label="生成登记表",
    ),
]
