"""The 社区矫正 documents generated from a record (see documents/registry.py): the 调查评估意见书 from a commission
(社区矫正法 第十八条), the 社区矫正宣告书 at reception (第二十二条), and at the end of the term the 期满鉴定表, the
解除社区矫正宣告书 and the 解除社区矫正证明书 (第四十四条). ID numbers are printed masked; a minor's announcement carries
the note that it is held without the public (第五十四条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.numbering import NumberKind, register_number_kind
from corrections.documents_duties import DUTY_DOCUMENT_KINDS
from corrections.documents_plans import PLAN_DOCUMENT_KINDS
from documents.registry import DocumentKind
from documents.rendering import BLANK, known
from people.documents import chinese_date, sex_label

VERSION = "2026.1"
DIR = "corrections/doc_templates"

NUMBER_WORDS = {
    "corrections_announcement": ("矫宣", "社区矫正宣告书"),
    "corrections_appraisal": ("矫鉴", "社区矫正期满鉴定表"),
    "corrections_discharge_announcement": ("矫解宣", "解除社区矫正宣告书"),
    "corrections_discharge_certificate": ("矫解证", "解除社区矫正证明书"),
}
for _code, (_word, _label) in NUMBER_WORDS.items():
    register_number_kind(NumberKind(_code, _word, _label))


def agency_name(org: Any) -> str:
    """The county 社区矫正机构 the office acts for (社区矫正法 第九条): the county bureau above the office."""
    from orgs.models import Org

    county = Org.objects.filter(path=org.path[: -Org.steplen], kind=Org.Kind.COUNTY_BUREAU).first()
    return f"{county.name}（社区矫正机构）" if county else f"{org.name}（受委托）"


def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()] or [BLANK]


# --- 调查评估意见书 ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpinionContext:
    number: str
    addressee: str
    case_number: str
    received_date: str
    opinion_date: str
    person_line: str
    person_name: str
    finding_lines: list[str]
    opinion: str
    reason_lines: list[str]
    agency: str
    office: str
    issued_on: str
    copy_to: str


def _copy_to(org: Any) -> str:
    from orgs.models import Org

    county = Org.objects.filter(path=org.path[: -Org.steplen]).first()
    place = (county.name if county else org.name).removesuffix("司法局")
    return f"{place}人民检察院"


def opinion_context(inv: Any, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> OpinionContext:
    person = inv.person
    line = "，".join(x for x in (person.name, sex_label(person), f"公民身份号码 {known(person.id_number_masked)}",
                                 f"涉嫌{inv.crime}") if x)
    return OpinionContext(
        number=number, addressee=inv.body_name, case_number=inv.case_number,
        received_date=chinese_date(inv.received_date), opinion_date=chinese_date(inv.opinion_date),
        person_line=line, person_name=person.name, finding_lines=lines(inv.findings),
        opinion=inv.get_opinion_display() if inv.opinion else BLANK, reason_lines=lines(inv.reasons),
        agency=agency_name(inv.org), office=inv.org.name, issued_on=chinese_date(inv.opinion_date or issued_on),
        copy_to=_copy_to(inv.org),
    )


def opinion_missing(inv: Any, part: Any = None) -> str:
    return "" if inv.opinion else "尚未出具评估意见：请先填写调查情况和评估意见"


# --- 社区矫正宣告书 ---------------------------------------------------------------------------------------------

# 入矫宣告的内容 (2012 办法 第七条, carried on in practice; 社区矫正法 第二十二条).
ANNOUNCED_RULES = [
    "一、判决书、裁定书、决定书的主要内容及社区矫正期限；",
    "二、社区矫正期间应当遵守的法律、行政法规和监督管理规定，服从监督管理（社区矫正法 第二十三条）；",
    "三、违反监督管理规定或者禁止令可能受到的处罚（训诫、警告、治安管理处罚、撤销缓刑、撤销假释、收监执行）；",
    "四、社区矫正对象依法享有的权利和被限制的权利；",
    "五、矫正小组人员组成及职责。",
]


@dataclass(frozen=True)
class SubjectContext:
    number: str
    privacy: str
    name: str
    sex: str
    id_number_masked: str
    correction_type: str
    crime: str
    decision: str
    period: str
    start: str
    end: str
    prohibitions: str
    team: str
    rule_lines: list[str]
    announcer: str
    office: str
    agency: str
    issued_on: str
    ended_on: str
    appraisal: str
    needs: str
    handed_to: str
    consequence: str
    copy_to: str


# 解矫宣告 (实施办法 第五十三条, UNCONFIRMED wording): what the end of the term means for each type.
CONSEQUENCES = {
    "control": "管制期满，依法解除管制。",
    "probation": "缓刑考验期满，原判刑罚不再执行。",
    "parole": "假释考验期满，原判刑罚视为执行完毕。",
    "temporary_outside": "暂予监外执行期满，刑罚执行完毕。",
}


def subject_context(subject: Any, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> SubjectContext:
    from corrections.models import minor_at_offence

    person = subject.person
    handover = getattr(subject, "handover", None) if hasattr(subject, "handover") else None
    minor = minor_at_offence(person, subject.effective_date)
    return SubjectContext(
        number=number,
        privacy="（未成年人，不公开宣告；档案信息依法保密，社区矫正法 第五十四条）" if minor else "",
        name=person.name, sex=known(sex_label(person)), id_number_masked=known(person.id_number_masked),
        correction_type=subject.get_correction_type_display(), crime=subject.crime,
        decision=f"{subject.decision_organ}{subject.decision_number}", period=f"{chinese_date(subject.start_date)}至"
        f"{chinese_date(subject.end_date)}（{subject.period_text}）", start=chinese_date(subject.start_date),
        end=chinese_date(subject.end_date),
        prohibitions="；".join(p.content for p in subject.prohibitions.all()) or BLANK,
        team="；".join(f"{m.name}（{m.get_role_display()}）" for m in subject.team.all()) or BLANK,
        rule_lines=ANNOUNCED_RULES, announcer=getattr(actor, "full_name", "") or str(actor), office=subject.org.name,
        agency=agency_name(subject.org), issued_on=chinese_date(issued_on),
        ended_on=chinese_date(subject.ended_date or subject.end_date),
        appraisal=handover.appraisal if handover else BLANK, needs=known(handover.needs) if handover else BLANK,
        handed_to=(f"{handover.handed_to}（{chinese_date(handover.handover_date)}交接）" if handover and handover.handed_to else BLANK),
        consequence=CONSEQUENCES.get(subject.correction_type, ""), copy_to=f"{subject.decision_organ}、人民检察院、公安机关",
    )


def announcement_missing(subject: Any, part: Any = None) -> str:
    from corrections.reception import team_gaps

    if subject.status != "in_correction":
        return "社区矫正已解除或终止，不再宣告"
    gaps = team_gaps(subject)
    return f"宣告前请先确定矫正小组：{gaps[0]}" if gaps else ""


def appraisal_missing(subject: Any, part: Any = None) -> str:
    return "" if hasattr(subject, "handover") else "请先登记期满鉴定意见"


def discharge_missing(subject: Any, part: Any = None) -> str:
    if subject.status != "discharged":
        return "解除社区矫正后才能生成（社区矫正法 第四十四条：矫正期满或者被赦免的解除）"
    if subject.end_reason == "expiry" and not hasattr(subject, "handover"):
        return "请先登记期满鉴定意见"
    return ""


def _kind(code: str, label: str, template: str, builder: Any, model: str, missing: Any, number_kind: str = "") -> DocumentKind:
    return DocumentKind(code=code, label=label, template_path=f"{DIR}/{template}", version=VERSION, number_kind=number_kind or code,
                        context_builder=builder, model=model, missing=missing)


# （2026）红西司矫调字第3号: the opinion is generated when it is issued (``investigations.investigation_issue``).
register_number_kind(NumberKind("corrections_investigation", "矫调", "调查评估意见书"))

DOCUMENT_KINDS = [
    _kind("corrections_investigation", "调查评估意见书", "investigation_opinion.docx", opinion_context,
          "corrections.Investigation", opinion_missing),
    _kind("corrections_announcement", "社区矫正宣告书", "announcement.docx", subject_context, "corrections.Subject",
          announcement_missing),
    _kind("corrections_appraisal", "社区矫正期满鉴定表", "appraisal.docx", subject_context, "corrections.Subject",
          appraisal_missing),
    _kind("corrections_discharge_announcement", "解除社区矫正宣告书", "discharge_announcement.docx", subject_context,
          "corrections.Subject", discharge_missing),
    _kind("corrections_discharge_certificate", "解除社区矫正证明书", "discharge_certificate.docx", subject_context,
          "corrections.Subject", discharge_missing),
    *DUTY_DOCUMENT_KINDS,
    *PLAN_DOCUMENT_KINDS,
]
