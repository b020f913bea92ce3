"""Documents generated from a 法律援助申请 (see documents/registry.py): the 法律援助申请表 forwarded with the
application to the 法律援助机构, and the 机构's 给予法律援助决定书 / 不予法律援助决定书 (法律援助法 第四十三条); for an
aid case the 指派通知书 to the provider's firm and the 告知书 to the recipient (第三十六条、第四十三条、第五十四条、
第五十五条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from docxtpl import Listing

from core.dictionaries import dict_label
from core.numbering import NumberKind, register_number_kind
from documents.registry import DocumentKind
from documents.rendering import known
from legalaid.models import Application, Assignment, Review
from people.documents import chinese_date, ethnicity_label, sex_label

register_number_kind(NumberKind("legal_aid_application", "援申", "法律援助申请表"))
register_number_kind(NumberKind("legal_aid_grant", "援决", "给予法律援助决定书"))
register_number_kind(NumberKind("legal_aid_refusal", "援不", "不予法律援助决定书"))
register_number_kind(NumberKind("legal_aid_assignment_notice", "援指", "指派通知书"))
register_number_kind(NumberKind("legal_aid_recipient_notice", "援告", "法律援助告知书"))


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


@dataclass(frozen=True)
class DecisionContext:
    """给予/不予法律援助决定书: to the applicant, the matter, the decision and (for a refusal) the reasons and the
    司法行政部门 the 异议 goes to (第四十九条)."""

    number: str
    applicant_line: str
    received_date: str
    matter: str
    articles: str
    advance: str
    reason_lines: list[str]
    department: str
    centre: str
    issued_on: str


ARTICLES = {"required": "第三十一条、第四十一条", "exempt": "第三十一条、第四十二条", "not_applicable": "第三十二条"}


def decision_context(review: Review, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> DecisionContext:
    application = review.application
    parent = type(review.org).objects.get_parent(review.org)
    return DecisionContext(
        number=number, applicant_line=application.applicant.name, received_date=chinese_date(review.received_date),
        matter=dict_label("legal_aid_matter", application.matter), articles=ARTICLES.get(review.hardship_test, "第四十三条"),
        advance=f"本机构已于{chinese_date(review.advance_date)}先行提供法律援助（第四十四条）。" if review.advance_aid else "",
        reason_lines=[line.strip() for line in review.refusal_reason.splitlines() if line.strip()],
        department=parent.name if parent is not None else "设立本机构的司法行政部门", centre=review.org.name,
        issued_on=chinese_date(review.decision_date or issued_on),
    )


def _granted_missing(review: Review, part: Any) -> str:
    return "" if review.status in ("granted", "assigned") and review.decision_date else "尚未作出给予法律援助的决定"


def _refused_missing(review: Review, part: Any) -> str:
    return "" if review.status == "refused" else "尚未作出不予法律援助的决定"


@dataclass(frozen=True)
class AssignmentContext:
    """指派通知书 and 告知书: who is assigned, from which firm, for whom and in what matter, on which article."""

    number: str
    firm: str
    provider: str
    provider_kind: str
    licence_number: str
    phone: str
    recipient: str
    matter: str
    service: str
    articles: str
    authority_line: str
    centre: str
    issued_on: str


def assignment_context(assignment: Assignment, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> AssignmentContext:
    review, provider = assignment.review, assignment.provider
    application = review.application
    notice = review.source == "notice"
    articles = "第三十六条" if notice else "第四十三条"
    if review.life_or_death:
        articles += "、第二十六条"
    return AssignmentContext(
        number=number, firm=provider.firm, provider=provider.name, provider_kind=provider.get_kind_display(),
        licence_number=provider.licence_number, phone=known(provider.phone), recipient=application.applicant.name,
        matter=dict_label("legal_aid_matter", application.matter),
        service="提供辩护" if application.matter == "criminal_defence" else "提供法律援助",
        articles=articles,
        authority_line=(f"本机构已将指派情况通知{review.notifying_organ}。" if notice and review.notifying_organ else ""),
        centre=review.org.name, issued_on=chinese_date(assignment.assigned_date),
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
    DocumentKind(
        code="legal_aid_grant", label="给予法律援助决定书", template_path="legalaid/doc_templates/legal_aid_grant.docx",
        version="2026.1", number_kind="legal_aid_grant", context_builder=decision_context, model="legalaid.Review",
        button_label="生成给予决定书", missing=_granted_missing,
    ),
    DocumentKind(
        code="legal_aid_refusal", label="不予法律援助决定书", template_path="legalaid/doc_templates/legal_aid_refusal.docx",
        version="2026.1", number_kind="legal_aid_refusal", context_builder=decision_context, model="legalaid.Review",
        button_label="生成不予决定书", missing=_refused_missing,
    ),
    DocumentKind(
        code="legal_aid_assignment_notice", label="指派通知书",
        template_path="legalaid/doc_templates/legal_aid_assignment_notice.docx", version="2026.1",
        number_kind="legal_aid_assignment_notice", context_builder=assignment_context, model="legalaid.Assignment",
        button_label="生成指派通知书",
    ),
    DocumentKind(
        code="legal_aid_recipient_notice", label="法律援助告知书",
        template_path="legalaid/doc_templates/legal_aid_recipient_notice.docx", version="2026.1",
        number_kind="legal_aid_recipient_notice", context_builder=assignment_context, model="legalaid.Assignment",
        button_label="生成告知书",
    ),
]
