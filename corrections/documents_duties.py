"""The 考核奖惩 documents (社区矫正法 第二十八条), generated when a person records the decision (``sanction_decide``):
表扬、训诫、警告 决定书, and the 建议书 proposing a public-order penalty to the police (第五十九条) or a revocation of
缓刑/假释 or 收监执行 to the decision organ (第四十六条至第四十九条). Numbered in the office's series per kind and year;
the ID number is masked (a printed form leaves the office)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.numbering import NumberKind, register_number_kind
from corrections.choices_duties import SanctionKind
from corrections.doc_layouts_duties import DIR, TITLES
from corrections.models import Sanction
from documents.registry import DocumentKind
from documents.rendering import known
from people.documents import chinese_date, sex_label

VERSION = "2026.1"
WORDS = {"praise": "矫扬", "admonition": "矫训", "warning": "矫警", "public_security": "矫提治", "revoke_probation": "矫撤缓",
         "revoke_parole": "矫撤假", "imprison": "矫收监"}
for _kind, _word in WORDS.items():
    register_number_kind(NumberKind(f"corrections_{_kind}", _word, TITLES[_kind]))


@dataclass(frozen=True)
class SanctionContext:
    number: str
    recipient: str
    subject_line: str
    fact_lines: list[str]
    conclusion: str
    closing_lines: list[str]
    issuer: str
    issued_on: str
    copy_to: str


def _county(org: Any) -> str:
    """The county 社区矫正机构 (司法局) above the office, which decides on the office's investigation."""
    from orgs.models import Org

    parent = Org.objects.filter(path=org.path[: -Org.steplen]).first() if org.depth > 1 else None
    return parent.name if parent is not None else org.name


def sanction_context(sanction: Sanction, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> SanctionContext:
    subject = sanction.subject
    person = subject.person
    kind = SanctionKind(sanction.kind)
    subject_line = (f"社区矫正对象{person.name}，{known(sex_label(person))}，公民身份号码{known(person.id_number_masked)}，"
                    f"因犯{subject.crime}，经{subject.decision_organ}{subject.decision_number}判处（决定）"
                    f"{subject.get_correction_type_display()}，矫正期限自{chinese_date(subject.start_date)}起至"
                    f"{chinese_date(subject.end_date)}止，由{org.name}负责日常监督管理。")
    facts = [line.strip() for line in sanction.facts.splitlines() if line.strip()]
    county = _county(org)
    if kind in (SanctionKind.PRAISE, SanctionKind.ADMONITION, SanctionKind.WARNING):
        recipient = f"{person.name}："
        conclusion = f"根据{sanction.basis}的规定，决定给予{person.name}{kind.label}。"
        closing = ["望你珍惜机会，继续遵纪守法、服从监督管理、积极参加教育学习。"] if kind == SanctionKind.PRAISE else \
            ["望你认真悔过，严格遵守监督管理规定；如再违反，将依法从重处理。",
             "如不服本决定，可以自收到本决定书之日起向人民检察院提出申诉、控告。"]
        copy_to = f"{subject.decision_organ}、同级人民检察院"
    elif kind == SanctionKind.PUBLIC_SECURITY:
        recipient = f"{county.replace('司法局', '')}公安（分）局："
        conclusion = f"根据{sanction.basis}及《中华人民共和国社区矫正法》第五十九条的规定，建议对{person.name}依法给予治安管理处罚。"
        closing = ["请依法审查处理，并将处理结果书面告知我局。"]
        copy_to = "同级人民检察院"
    else:
        recipient = f"{subject.decision_organ}："
        conclusion = f"根据{sanction.basis}的规定，建议对{person.name}{kind.label.removeprefix('提请')}。"
        closing = ["请依法审查裁定（决定）。人民法院应当自收到建议书之日起三十日内作出裁定（社区矫正法 第四十六条、第四十九条）。"]
        copy_to = "同级人民检察院、公安机关"
    return SanctionContext(number=number, recipient=recipient, subject_line=subject_line, fact_lines=facts,
                           conclusion=conclusion, closing_lines=closing, issuer=f"{county}（受委托：{org.name}）",
                           issued_on=chinese_date(sanction.decision_date), copy_to=copy_to)


def _fits(kind: str) -> Any:
    """Each decision prints its own document only: a 训诫 record never gives a 表扬决定书."""
    def missing(sanction: Sanction, part: Any = None) -> str:
        if sanction.kind == kind:
            return ""
        return f"该记录是{sanction.get_kind_display()}决定，只能生成{TITLES[sanction.kind]}"
    return missing


DUTY_DOCUMENT_KINDS = [
    DocumentKind(code=f"corrections_{kind}", label=title, template_path=f"{DIR}/sanction_{kind}.docx", version=VERSION,
                 number_kind=f"corrections_{kind}", context_builder=sanction_context, model="corrections.Sanction",
                 button_label=f"重新生成{title}", missing=_fits(kind))
    for kind, title in TITLES.items()
]
