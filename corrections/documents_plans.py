"""Documents generated from 社区矫正 records (see documents/registry.py): the 社区矫正方案, printed from an approved
plan with every measure, its frequency, the conditions that triggered it and its legal basis."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.numbering import NumberKind, register_number_kind
from corrections.models import CorrectionPlan, PlanMeasure, StrategyMeasure
from documents.registry import DocumentKind
from documents.rendering import BLANK, known
from people.documents import chinese_date, sex_label

register_number_kind(NumberKind("correction_plan", "矫案", "社区矫正方案"))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()] or [BLANK]


def _rows(measures: list[PlanMeasure]) -> list[dict[str, str]]:
    return [{"seq": str(i), "title": m.title, "frequency": m.frequency_text or "按需", "triggers": known(m.triggers_text),
             "basis": m.legal_basis} for i, m in enumerate(measures, start=1)]


@dataclass(frozen=True)
class PlanContext:
    """The fields of the 社区矫正方案: who, the four statutory parts and the measures of each section."""

    number: str
    name: str
    sex: str
    correction_type: str
    level: str
    crime: str
    term: str
    version: str
    trigger: str
    fact_lines: list[str]
    assessment_lines: list[str]
    psychology_lines: list[str]
    supervision: list[dict[str, str]]
    education: list[dict[str, str]]
    assistance: list[dict[str, str]]
    officer: str
    approver: str
    office: str
    approved_on: str


def plan_context(plan: CorrectionPlan, *, org: Any, number: str, issued_on: dt.date, actor: Any) -> PlanContext:
    subject = plan.subject
    measures = list(plan.measures.all().order_by("section", "sort_order", "id"))
    by_section = {code: [m for m in measures if m.section == code] for code in StrategyMeasure.Section.values}
    officer = subject.officer
    return PlanContext(
        number=number, name=subject.person.name, sex=known(sex_label(subject.person)),
        correction_type=subject.get_correction_type_display(), level=f"{plan.level.name}（{plan.level.colour_name}）",
        crime=subject.crime, term=f"{chinese_date(subject.start_date)}至{chinese_date(subject.end_date)}（{subject.period_text}）",
        version=f"第{plan.version}版", trigger=plan.trigger, fact_lines=_lines(plan.basic_facts),
        assessment_lines=_lines(plan.assessment_result), psychology_lines=_lines(plan.psychology),
        supervision=_rows(by_section["supervision"]), education=_rows(by_section["education"]),
        assistance=_rows(by_section["assistance"]), officer=known(officer.display_name if officer else ""),
        approver=known(plan.approved_by.display_name if plan.approved_by else ""), office=org.name,
        approved_on=known(chinese_date(plan.approved_on)),
    )


def _missing(plan: CorrectionPlan, part: Any) -> str:
    if plan.status != CorrectionPlan.Status.APPROVED:
        return "矫正方案审批后才能生成文书，请先审批方案"
    return ""


PLAN_DOCUMENT_KINDS = [
    DocumentKind(
        code="correction_plan",
        label="社区矫正方案",
        template_path="corrections/doc_templates/correction_plan.docx",
        version="2026.1",
        number_kind="correction_plan",
        context_builder=plan_context,
        model="corrections.CorrectionPlan",
        button_label="生成矫正方案文书",
        missing=_missing,
    ),
]
