"""Documents generated from a 人员信息库 record (see documents/registry.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from documents.registry import DocumentKind
from documents.rendering import known
from people.choices import Sex
from people.models import Person


@dataclass(frozen=True)
class PersonSheetContext:
    """The fields of 人员信息登记表. The ID number is the masked one: a printed form leaves the office, and
    个人信息保护法 第二十八条 treats the number as sensitive personal information."""

    number: str
    name: str
    sex: str
    ethnicity: str
    birth_date: str
    id_number_masked: str
    phone: str
    address: str
    note: str
    office: str
    registrar: str
    issued_on: str


def chinese_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def sex_label(person: Person) -> str:
    """性别 as recorded; 未说明 (GB/T 2261.1 code 9) means nobody recorded it, so the form leaves it blank."""
    return "" if person.sex in ("", Sex.UNKNOWN) else person.get_sex_display()


def ethnicity_label(person: Person) -> str:
    """民族 as recorded, or "" when the record has none."""
    return person.get_ethnicity_display() if person.ethnicity else ""


def person_sheet_context(person: Person, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> PersonSheetContext:
    return PersonSheetContext(
        number=number,
        name=person.name,
        sex=known(sex_label(person)),
        ethnicity=known(ethnicity_label(person)),
        birth_date=known(chinese_date(person.birth_date)),
        id_number_masked=known(person.id_number_masked),
        phone=known(person.phone),
        address=known(person.address_full),
        note=person.note,
        office=org.name,
        registrar=getattr(actor, "full_name", "") or str(actor),
        issued_on=chinese_date(issued_on),
    )


DOCUMENT_KINDS = [
    DocumentKind(
        code="person_sheet",
        label="人员信息登记表",
        template_path="people/doc_templates/person_sheet.docx",
        version="2026.1",
        number_kind="person_sheet",
        context_builder=person_sheet_context,
        model="people.Person",
        button_label="生成登记表",
    ),
]
