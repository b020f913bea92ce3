"""Documents generated from a 法律援助申请 (see documents/registry.py): the 法律援助申请表 forwarded with the
application to the 法律援助机构."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from docxtpl import Listing

from core.dictionaries import dict_label
from core.numbering import NumberKind, register_number_kind
from documents.registry import DocumentKind
from documents.rendering import known
from legalaid.models import Application
from people.documents import chinese_date, ethnicity_label, sex_label

register_number_kind(NumberKind("legal_aid_application", "援申", "法律援助申请表"))


@dataclass(frozen=True)
class ApplicationFormContext:
    """The fields of 法律援助申请表: the applicant, the matter, the facts and request, and the hardship basis
    (法律援助法 第四十一条 statement, 第四十二条 exemption or 第三十二条 no hardship condition). The ID number is the
    masked one (个人信息保护法 第二十八条): the applicant's ID card copy travels with the materials."""

    number: str
    name: str
    sex: str
    birth_date: str
    ethnicity: str
    id_number_masked: str
    phone: str
    address: str
    received_date: str
    channel: str
    criminal: str
    matter: str
    opposing_party: str
    facts: Listing
    request: Listing
    hardship_basis: str
    hardship_detail: Listing
    urgent: str
    handler: str
    office: str
    issued_on: str


def _hardship_basis(application: Application) -> str:
    label = application.get_hardship_basis_display()
    if application.check_exempt:
        return f"{label}（免予核查经济困难状况，法律援助法 第四十二条）"
    if application.hardship_basis == "not_required":
        return f"{label}（法律援助法 第三十二条）"
    return f"{label}（法律援助法 第四十一条）"


def application_form_context(application: Application, *, org: Any, number: str, issued_on: dt.date,
                             actor: Any) -> ApplicationFormContext:
    person = application.applicant
    handler = application.handler
    return ApplicationFormContext(
        number=number, name=person.name, sex=known(sex_label(person)), birth_date=known(chinese_date(person.birth_date)),
        ethnicity=known(ethnicity_label(person)), id_number_masked=known(person.id_number_masked), phone=known(person.phone),
        address=known(person.address_full), received_date=known(chinese_date(application.received_date)),
        channel=application.get_channel_display(), criminal="是" if application.is_criminal else "否",
        matter=dict_label("legal_aid_matter", application.matter), opposing_party=known(application.opposing_party),
        facts=Listing(known(application.facts)), request=Listing(known(application.request)),
        hardship_basis=_hardship_basis(application), hardship_detail=Listing(known(application.hardship_detail)),
        urgent=known(application.urgent_reason), handler=known((handler.full_name or handler.username) if handler else ""),
        office=org.name, issued_on=chinese_date(issued_on),
    )


DOCUMENT_KINDS = [
    DocumentKind(
        code="legal_aid_application",
        label="法律援助申请表",
        template_path="legalaid/doc_templates/legal_aid_application.docx",
        version="2026.1",
        number_kind="legal_aid_application",
        context_builder=application_form_context,
        model="legalaid.Application",
        button_label="生成申请表",
    ),
]
