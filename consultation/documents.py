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
from documents.rendering import known
from people.documents import chinese_date, sex_label

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
        number=number, consultation_number=known(consultation.number), date=known(chinese_date(consultation.date)), name=person.name,
        sex=known(sex_label(person)), phone=known(person.phone), id_number_masked=known(person.id_number_masked),
        channel=consultation.get_channel_display(), topic=dict_label("consultation_topic", consultation.topic),
        question=Listing(known(consultation.question)), answer=Listing(known(consultation.answer)),
        laws=Listing(known("\n".join(consultation.laws))), follow_up=consultation.get_follow_up_display(),
        referred_to=known(consultation.referred_to), handler=known((handler.full_name or handler.username) if handler else ""),
        duration=known(f"{consultation.duration_minutes}分钟" if consultation.duration_minutes else ""),
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
