"""The 人民调解 document set generated from a dispute record (司法部《人民调解文书格式》; layouts in
``mediation/doc_layouts.py``), the 卷宗 that merges them in the standard order, and the 司法确认 application package
(人民调解法 第三十三条). Every document is numbered in the series of the committee or office handling the dispute
(its ``org``) and the year; see documents/registry.py for how kinds are declared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from docxtpl import Listing

from core.dictionaries import dict_label
from core.numbering import NumberKind, register_number_kind
from documents.registry import DocumentKind
from documents.rendering import BLANK, known
from mediation.choices import Outcome, PartyRole, Source, Status
from mediation.models import Dispute, DisputeParty
from people.documents import chinese_date, ethnicity_label, sex_label

VERSION = "2026.1"
DIR = "mediation/doc_templates"

# One 文号 series per document kind, committee and year: （2026）红西一人调协字第3号.
NUMBER_WORDS = {
    "mediation_application": ("人调申", "人民调解申请书"),
    "mediation_acceptance": ("人调受", "人民调解受理登记表"),
    "mediation_notice": ("人调告", "当事人权利义务告知书"),
    "mediation_investigation": ("人调查", "人民调解调查记录"),
    "mediation_session": ("人调记", "人民调解记录"),
    "mediation_agreement": ("人调协", "人民调解协议书"),
    "mediation_oral_agreement": ("人调口", "口头调解协议登记表"),
    "mediation_followup": ("人调访", "人民调解回访记录"),
    "mediation_cover": ("人调封", "人民调解卷宗封面"),
    "mediation_index": ("人调目", "卷内目录"),
    "mediation_case_file": ("人调卷", "人民调解卷宗"),
    "mediation_confirmation": ("人调证", "司法确认申请材料"),
}
for _code, (_word, _label) in NUMBER_WORDS.items():
    register_number_kind(NumberKind(_code, _word, _label))


# --- formatting --------------------------------------------------------------------------------------------


def yuan(value: Decimal | None) -> str:
    """An amount in 元; an amount never recorded (the field's 0) is a blank to fill in, not "0.00" or "无"."""
    return f"{value:,.2f}元" if value else BLANK


def short_date(value: dt.date | None) -> str:
    """The date column of the 卷内目录 (narrow): 2026.11.05."""
    return f"{value:%Y.%m.%d}" if value else ""


def text(value: str) -> Listing:
    """A multi-line field: each line break of the record stays a line break in Word."""
    return Listing(known(value))


def clauses(value: str) -> list[str]:
    """A multi-clause field (facts, agreed terms) as one paragraph per line of the record, so each clause is its own
    paragraph and no justified line is stretched across a line break; the blank line when the record has none."""
    return [line.strip() for line in value.splitlines() if line.strip()] or [BLANK]


def committee_seal(org: Any) -> str:
    """The seal line under a mediation document: the document is the 人民调解委员会's (人民调解法 第二十九条:
    加盖人民调解委员会印章), so a case kept by a 司法所 leaves the committee's name to the stamp."""
    from orgs.models import Org

    return f"{org.name}（印）" if org.kind == Org.Kind.COMMITTEE else "（人民调解委员会印）"


def _age(birth: dt.date | None, on: dt.date) -> str:
    if birth is None:
        return ""
    return f"{on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))}岁"


def party_line(party: DisputeParty, on: dt.date) -> str:
    """申请书/协议书 的当事人基本情况: 姓名、性别、民族、年龄、职业或职务、联系方式、住址 (ID number masked:
    a printed form leaves the office; 个人信息保护法 第二十八条)."""
    person = party.person
    details = [person.name, sex_label(person) or f"性别{BLANK}", ethnicity_label(person) or f"民族{BLANK}",
               _age(person.birth_date, on) or f"年龄{BLANK}", f"公民身份号码：{known(person.id_number_masked)}",
               f"职业或职务：{known(party.occupation)}", f"联系电话：{known(person.phone)}", f"住址：{known(person.address_full)}"]
    return f"{party.get_role_display()}：{'，'.join(d for d in details if d)}。"


def _parties(dispute: Dispute) -> list[DisputeParty]:
    return list(dispute.parties.all().select_related("person", "person__region"))


def _names(parties: list[DisputeParty], role: str | None = None) -> str:
    return "、".join(p.person.name for p in parties if role is None or p.role == role)


def _mediators(dispute: Dispute) -> str:
    return known("、".join(m.person.name for m in dispute.mediators.all()))


def _user(actor: Any) -> str:
    return getattr(actor, "full_name", "") or str(actor or "")


@dataclass(frozen=True)
class CaseContext:
    """Fields every 人民调解 document shares: the 文号, the committee, the case and its parties."""

    number: str
    committee: str
    case_number: str
    title: str
    category: str
    source: str
    parties: str
    applicants: str
    respondents: str
    mediators: str
    received_on: str
    accepted_on: str
    issued_on: str
    registrar: str
    seal: str


def _case(dispute: Dispute, parties: list[DisputeParty], *, org: Any, number: str, issued_on: dt.date, actor: Any) -> dict[str, Any]:
    return dict(
        number=number, committee=org.name, case_number=dispute.number or "尚未受理", title=dispute.title,
        category=dict_label("dispute_category", dispute.category), source=dispute.get_source_display(),
        parties=_names(parties), applicants=_names(parties, PartyRole.APPLICANT), respondents=_names(parties, PartyRole.RESPONDENT),
        mediators=_mediators(dispute), received_on=chinese_date(dispute.received_date), accepted_on=chinese_date(dispute.accepted_date),
        issued_on=chinese_date(issued_on), registrar=_user(dispute.lead_person or actor), seal=committee_seal(org),
    )


# --- contexts ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationContext(CaseContext):
    """人民调解申请书 (人民调解法 第十七条: 当事人可以向人民调解委员会申请调解)."""

    applicant_lines: list[str]
    respondent_lines: list[str]
    fact_lines: list[str]
    claim_lines: list[str]


def application_context(dispute: Dispute, **kw: Any) -> ApplicationContext:
    parties = _parties(dispute)
    on = dispute.received_date
    return ApplicationContext(
        **_case(dispute, parties, **kw),
        applicant_lines=[party_line(p, on) for p in parties if p.role == PartyRole.APPLICANT],
        respondent_lines=[party_line(p, on) for p in parties if p.role != PartyRole.APPLICANT],
        fact_lines=clauses(dispute.facts), claim_lines=clauses(dispute.claims),
    )


@dataclass(frozen=True)
class AcceptanceContext(CaseContext):
    """人民调解受理登记表: 纠纷类型、案件来源 and the committee's acceptance with the parties' consent, and how the
    mediators were chosen (人民调解法 第十九条: 调委会指定，或者由当事人选择)."""

    amount: str
    people_count: str
    facts: Listing
    claims: Listing
    mediator_choice: str
    requested_mediators: str


def acceptance_context(dispute: Dispute, **kw: Any) -> AcceptanceContext:
    parties = _parties(dispute)
    choice = "当事人选择" if dispute.mediators_chosen_by_parties else "调委会指定"
    people = f"{dispute.people_count}人" if dispute.people_count else ""
    return AcceptanceContext(**_case(dispute, parties, **kw), amount=yuan(dispute.amount), people_count=known(people),
                             facts=text(dispute.facts), claims=text(dispute.claims), mediator_choice=choice,
                             requested_mediators=known(dispute.requested_mediators))


def notice_context(dispute: Dispute, **kw: Any) -> CaseContext:
    """当事人权利义务告知书 (人民调解工作若干规定 第三十条; rights and duties: 人民调解法 第二十三条、第二十四条)."""
    return CaseContext(**_case(dispute, _parties(dispute), **kw))


@dataclass(frozen=True)
class InvestigationContext(CaseContext):
    """调查记录 (人民调解工作若干规定 第二十七条)."""

    date: str
    place: str
    investigators: str
    respondent: str
    content: Listing


def investigation_context(dispute: Dispute, *, part: Any, **kw: Any) -> InvestigationContext:
    return InvestigationContext(**_case(dispute, _parties(dispute), **kw), date=chinese_date(part.date), place=part.place,
                                investigators=part.investigators, respondent=part.respondent, content=text(part.content))


@dataclass(frozen=True)
class SessionContext(CaseContext):
    """调解记录 (人民调解法 第二十七条: 人民调解员应当记录调解情况)."""

    sequence: int
    date: str
    place: str
    hosts: str
    recorder: str
    attendees: str
    publicity: str
    joint_bodies: str
    record: Listing


def session_context(dispute: Dispute, *, part: Any, **kw: Any) -> SessionContext:
    sequence = dispute.sessions.filter(date__lte=part.date).exclude(date=part.date, pk__gt=part.pk).count()
    publicity = "公开调解（人民调解工作若干规定 第二十九条）" if part.is_public else "不公开调解"
    return SessionContext(**_case(dispute, _parties(dispute), **kw), sequence=sequence, date=chinese_date(part.date), place=part.place,
                          hosts=known(part.hosts), recorder=known(part.recorder), attendees=known(part.attendees), publicity=publicity,
                          joint_bodies=known("、".join(part.joint_bodies)), record=text(part.record))


@dataclass(frozen=True)
class PerformanceRow:
    seq: int
    obligor: str
    description: str
    amount: str
    due: str


@dataclass(frozen=True)
class AgreementContext(CaseContext):
    """人民调解协议书 (人民调解法 第二十九条: 当事人的基本情况; 纠纷的主要事实、争议事项以及各方当事人的责任;
    达成协议的内容, 履行的方式、期限) and the 口头协议登记表 (第二十八条: 调解员记录口头协议的内容)."""

    agreement_number: str
    party_lines: list[str]
    signature_lines: list[str]
    facts: Listing
    content: Listing
    performance: Listing
    fact_lines: list[str]
    responsibility_lines: list[str]
    content_lines: list[str]
    performance_lines: list[str]
    items: list[PerformanceRow]
    amount: str
    copies: int
    signed_on: str
    effective_on: str


def agreement_context(dispute: Dispute, **kw: Any) -> AgreementContext:
    agreement = dispute.agreement
    parties = _parties(dispute)
    items = [
        PerformanceRow(seq=n, obligor=i.obligor.person.name, description=i.description, amount=yuan(i.amount), due=chinese_date(i.due_date))
        for n, i in enumerate(agreement.items.select_related("obligor__person").order_by("due_date", "id"), start=1)
    ]
    performance = clauses(agreement.performance_method) if agreement.performance_method else []
    performance += [f"{r.obligor}于{known(r.due)}前{r.description}。" for r in items]
    return AgreementContext(
        **_case(dispute, parties, **kw), agreement_number=_agreement_document_number(dispute),
        party_lines=[party_line(p, agreement.signed_date) for p in parties],
        signature_lines=[f"{p.get_role_display()}（签名、盖章或按指印）：{p.person.name}＿＿＿＿＿＿" for p in parties],
        facts=text(agreement.facts), content=text(agreement.content), performance=text("\n".join(performance)),
        fact_lines=clauses(agreement.facts), responsibility_lines=clauses(agreement.responsibilities),
        content_lines=clauses(agreement.content), performance_lines=performance or [BLANK],
        items=items, amount=yuan(agreement.amount), copies=agreement.copies,
        signed_on=chinese_date(agreement.signed_date), effective_on=chinese_date(agreement.effective_date),
    )


@dataclass(frozen=True)
class FollowUpContext(CaseContext):
    """回访记录: 当事人, 调解协议编号, 回访事由, 履行情况, 满意度, 新的隐患 (人民调解法 第三十一条: 督促履行)."""

    agreement_number: str
    date: str
    visitor: str
    visited: str
    performance: str
    satisfaction: str
    risk: str
    situation: Listing


def followup_context(dispute: Dispute, *, part: Any, **kw: Any) -> FollowUpContext:
    agreement = getattr(dispute, "agreement", None)
    return FollowUpContext(
        **_case(dispute, _parties(dispute), **kw), agreement_number=_agreement_document_number(dispute) if agreement else "未达成调解协议",
        date=chinese_date(part.date), visitor=part.visitor, visited=part.visited, performance=part.get_performance_display(),
        satisfaction=part.get_satisfaction_display(), risk="发现新的矛盾隐患，已报告" if part.risk_found else "未发现",
        situation=text(part.situation),
    )


@dataclass(frozen=True)
class CoverContext(CaseContext):
    """卷宗封面: 调委会名称, 卷名, 卷号, 人民调解员, 调解日期（起止）, 立卷人, 立卷日期."""

    period: str
    filer: str


def cover_context(dispute: Dispute, **kw: Any) -> CoverContext:
    end = dispute.concluded_date or dispute.closed_date
    period = f"{chinese_date(dispute.accepted_date)}至{chinese_date(end) if end else '今'}"
    return CoverContext(**_case(dispute, _parties(dispute), **kw), period=period, filer=_user(kw["actor"]))


@dataclass(frozen=True)
class IndexRow:
    seq: int
    name: str
    number: str
    date: str
    page: str
    note: str = ""


@dataclass(frozen=True)
class IndexContext(CaseContext):
    """卷内目录: one row per document filed in the case, in the standard order."""

    rows: list[IndexRow]
    filer: str


def index_context(dispute: Dispute, **kw: Any) -> IndexContext:
    existing = _latest_documents(dispute)
    rows = [
        IndexRow(seq=n, name=c.name, number=existing[(c.code, c.part_id)].number if (c.code, c.part_id) in existing else "",
                 date=short_date(c.date), page="")
        for n, c in enumerate(case_file_components(dispute), start=1)
    ]
    return IndexContext(**_case(dispute, _parties(dispute), **kw), rows=rows, filer=_user(kw["actor"]))


@dataclass(frozen=True)
class ConfirmationContext(AgreementContext):
    """司法确认申请书 + 调解组织主持调解的证明 (人民调解法 第三十三条; 民事诉讼法 第二百零五条; 最高人民法院关于
    人民调解协议司法确认程序的若干规定 第三条: 申请书、调解协议、身份证明和财产权利证明等材料)."""

    applicant_lines: list[str] = field(default_factory=list)
    attachment_lines: list[str] = field(default_factory=list)
    deadline: str = ""


def confirmation_context(dispute: Dispute, **kw: Any) -> ConfirmationContext:
    base = agreement_context(dispute, **kw)
    agreement = dispute.agreement
    parties = _parties(dispute)
    values = {name: getattr(base, name) for name in base.__dataclass_fields__}
    values.update(
        # A joint application (人民调解法 第三十三条): every party of the agreement is an applicant.
        applicant_lines=[f"申请人：{party_line(p, agreement.signed_date).split('：', 1)[1]}" for p in parties],
        signature_lines=[f"申请人（签名）：{p.person.name}＿＿＿＿＿＿" for p in parties],
        attachment_lines=[
            f"1. 人民调解协议书（协议编号：{base.agreement_number}）；",
            f"2. 调解组织主持调解的证明（{kw['number']}）；",
            "3. 各申请人的身份证明；",
            "4. 与调解协议相关的财产权利证明等证明材料（如有）；",
            "5. 各申请人的送达地址、联系电话。",
        ],
        deadline=chinese_date(agreement.confirmation_deadline),
    )
    return ConfirmationContext(**values)


# --- what a record must have ---------------------------------------------------------------------------------


def _agreement(dispute: Dispute) -> Any:
    return getattr(dispute, "agreement", None)


def application_missing(dispute: Dispute, part: Any) -> str:
    if dispute.source != Source.APPLICATION:
        return f"该纠纷来源为“{dispute.get_source_display()}”，不是当事人申请，没有人民调解申请书"
    return ""


def accepted_missing(dispute: Dispute, part: Any) -> str:
    if not dispute.number or not dispute.accepted_date:
        return "该纠纷尚未受理，请先办理受理（受理后才有受理编号）"
    return ""


def agreement_missing(dispute: Dispute, part: Any) -> str:
    agreement = _agreement(dispute)
    if agreement is None:
        return "该纠纷尚未达成调解协议，请先记录调解协议"
    if agreement.kind != Outcome.WRITTEN:
        return "该纠纷达成的是口头协议，请生成口头调解协议登记表"
    return ""


def oral_missing(dispute: Dispute, part: Any) -> str:
    agreement = _agreement(dispute)
    if agreement is None:
        return "该纠纷尚未达成调解协议，请先记录调解协议"
    if agreement.kind != Outcome.ORAL:
        return "该纠纷达成的是书面协议，请生成人民调解协议书"
    return ""


def confirmation_missing(dispute: Dispute, part: Any) -> str:
    """人民调解法 第三十三条: the parties apply jointly within 30 days of a written agreement taking effect."""
    agreement = _agreement(dispute)
    if agreement is None:
        return "该纠纷尚未达成调解协议，不能申请司法确认"
    if agreement.kind != Outcome.WRITTEN:
        return "口头调解协议无法提交人民法院审查；申请司法确认需要书面的人民调解协议书"
    if dispute.status == Status.ARCHIVED:
        return "该纠纷已归档，不能再生成司法确认申请材料"
    if timezone.localdate() > agreement.confirmation_deadline:
        return (f"司法确认申请期已于{chinese_date(agreement.confirmation_deadline)}届满（人民调解法 第三十三条：自调解协议生效之日起三十日内），"
                "人民法院不予受理；可告知当事人通过诉讼解决")
    return ""


# --- the case file (卷宗) ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Component:
    """One document filed in the case: its kind, the sub-record it is written from, its name in the index and date."""

    code: str
    part: Any
    name: str
    date: dt.date | None

    @property
    def part_id(self) -> str:
        return str(self.part.pk) if self.part is not None else ""


def case_file_components(dispute: Dispute) -> list[Component]:
    """The documents of the case in the standard 卷宗 order (申请书, 受理登记表, 告知书, 调查记录, 调解记录,
    协议书 or 口头协议登记表, 回访记录), only those the record has: no 申请书 when no party applied, no 协议 after
    调解不成, one 调查/调解/回访记录 per record."""
    found: list[Component] = []
    if not application_missing(dispute, None):
        found.append(Component("mediation_application", None, "人民调解申请书", dispute.received_date))
    found.append(Component("mediation_acceptance", None, "人民调解受理登记表", dispute.accepted_date))
    found.append(Component("mediation_notice", None, "当事人权利义务告知书", dispute.accepted_date))
    found += [Component("mediation_investigation", i, f"调查记录（{i.respondent}）", i.date) for i in dispute.investigations.all()]
    found += [Component("mediation_session", s, f"调解记录（第{n}次）", s.date) for n, s in enumerate(dispute.sessions.all(), start=1)]
    agreement = _agreement(dispute)
    if agreement is not None:
        written = agreement.kind == Outcome.WRITTEN
        found.append(Component("mediation_agreement" if written else "mediation_oral_agreement", None,
                               "人民调解协议书" if written else "口头调解协议登记表", agreement.signed_date))
    found += [Component("mediation_followup", v, f"回访记录（{v.visited}）", v.date) for v in dispute.followups.all()]
    return found


def _agreement_document_number(dispute: Dispute) -> str:
    """The register number (文号) of the newest 人民调解协议书 or 口头调解协议登记表 generated for the dispute: a
    document that cites the agreement cites the number printed on it, or leaves a blank when none was generated."""
    from documents.models import GeneratedDocument

    document = (GeneratedDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(Dispute), object_id=str(dispute.pk),
        kind__in=("mediation_agreement", "mediation_oral_agreement"),
    ).order_by("-created_at", "-id").only("number").first())
    return document.number if document is not None else BLANK


def _latest_documents(dispute: Dispute) -> dict[tuple[str, str], Any]:
    """The newest generated copy of each (kind, part) of the dispute: one query."""
    from documents.models import GeneratedDocument

    latest: dict[tuple[str, str], Any] = {}
    for document in GeneratedDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(Dispute), object_id=str(dispute.pk), kind__in=NUMBER_WORDS,
    ).order_by("created_at", "id"):
        latest[(document.kind, document.part_id)] = document
    return latest


@dataclass(frozen=True)
class FiledDocument:
    name: str
    number: str
    date: str
    content: bytes


@dataclass(frozen=True)
class CaseFileContext:
    """The merged 卷宗: its cover and index (rendered with the case file's own 文号) and the filed documents."""

    number: str
    cover: CoverContext
    index: IndexContext
    documents: list[FiledDocument]


def case_file_context(dispute: Dispute, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> CaseFileContext:
    """Each filed document is the newest copy already generated (a document is kept as issued, never re-rendered);
    a document never generated is generated now, with its own 文号, so the case file only holds numbered documents."""
    from documents.services import document_generate

    existing = _latest_documents(dispute)
    filed = []
    for component in case_file_components(dispute):
        document = existing.get((component.code, component.part_id))
        if document is None:
            document = document_generate(actor=actor, kind=component.code, target=dispute, org=org, part=component.part)
        with document.file.open("rb") as handle:
            content = handle.read()
        filed.append(FiledDocument(name=component.name, number=document.number, date=short_date(component.date), content=content))
    kw = {"org": org, "number": number, "issued_on": issued_on, "actor": actor}
    cover = cover_context(dispute, **kw)
    index = IndexContext(**{n: getattr(cover, n) for n in CaseContext.__dataclass_fields__},
                         rows=[IndexRow(seq=n, name=d.name, number=d.number, date=d.date, page="") for n, d in enumerate(filed, start=1)],
                         filer=cover.filer)
    return CaseFileContext(number=number, cover=cover, index=index, documents=filed)


def case_file_render(kind: DocumentKind, context: CaseFileContext) -> bytes:
    """封面, 卷内目录, then the filed documents, each from a new page; the index's 页号 are page references that
    Word and LibreOffice compute (the estimate written with them counts the cover and index pages)."""
    from dataclasses import replace

    from django.conf import settings

    from documents.compose import estimated_pages, merge_documents, open_docx, pageref
    from documents.rendering import render_docx

    base = Path(settings.BASE_DIR)
    cover = open_docx(render_docx(base / COVER_TEMPLATE, context.cover))
    filed = [open_docx(d.content) for d in context.documents]
    # The first filed document follows the cover and the index (one page per 20 rows).
    page = estimated_pages(cover) + 1 + len(context.documents) // 20 + 1
    starts = []
    for document in filed:
        starts.append(page)
        page += estimated_pages(document)
    rows = [replace(row, page=str(start)) for row, start in zip(context.index.rows, starts, strict=True)]
    index = open_docx(render_docx(base / INDEX_TEMPLATE, replace(context.index, rows=rows)))
    table = index.tables[0]
    for n, row in enumerate(table.rows[1:], start=1):
        pageref(row.cells[4].paragraphs[0], sequence=n + 2, cached=starts[n - 1])
    return merge_documents([cover, index, *filed])


COVER_TEMPLATE = f"{DIR}/cover.docx"
INDEX_TEMPLATE = f"{DIR}/index.docx"


def _kind(code: str, label: str, template: str, builder: Any, **extra: Any) -> DocumentKind:
    return DocumentKind(code=code, label=label, template_path=f"{DIR}/{template}", version=VERSION, number_kind=code,
                        context_builder=builder, model="mediation.Dispute", **extra)


DOCUMENT_KINDS = [
    _kind("mediation_application", "人民调解申请书", "application.docx", application_context, missing=application_missing,
          button_label="申请书"),
    _kind("mediation_acceptance", "人民调解受理登记表", "acceptance.docx", acceptance_context, missing=accepted_missing,
          button_label="受理登记表"),
    _kind("mediation_notice", "当事人权利义务告知书", "notice.docx", notice_context, button_label="权利义务告知书"),
    _kind("mediation_investigation", "人民调解调查记录", "investigation.docx", investigation_context,
          parts=lambda d: d.investigations.all(), in_panel=False, button_label="生成调查记录"),
    _kind("mediation_session", "人民调解记录", "session.docx", session_context,
          parts=lambda d: d.sessions.all(), in_panel=False, button_label="生成调解记录"),
    _kind("mediation_agreement", "人民调解协议书", "agreement.docx", agreement_context, missing=agreement_missing, in_panel=False,
          button_label="生成协议书"),
    _kind("mediation_oral_agreement", "口头调解协议登记表", "oral_agreement.docx", agreement_context, missing=oral_missing,
          in_panel=False, button_label="生成口头协议登记表"),
    _kind("mediation_followup", "人民调解回访记录", "followup.docx", followup_context,
          parts=lambda d: d.followups.all(), in_panel=False, button_label="生成回访记录"),
    _kind("mediation_cover", "人民调解卷宗封面", "cover.docx", cover_context, missing=accepted_missing, button_label="卷宗封面"),
    _kind("mediation_index", "卷内目录", "index.docx", index_context, missing=accepted_missing, button_label="卷内目录"),
    _kind("mediation_case_file", "人民调解卷宗", "cover.docx", case_file_context, missing=accepted_missing,
          renderer=case_file_render, button_label="合并卷宗"),
    _kind("mediation_confirmation", "司法确认申请材料", "confirmation.docx", confirmation_context, missing=confirmation_missing,
          in_panel=False, button_label="生成司法确认申请书及主持调解证明"),
]
