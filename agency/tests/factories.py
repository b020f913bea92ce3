"""Test builders for 代收代办 on top of the shared personas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from agency.choices import REVIEW_CHECKLIST_KEYS, CaseKind
from agency.models import AgencyCase, ReviewApplication
from agency.services import CaseInput, ReviewInput, case_receive, review_receive
from core.testing import valid_id_number
from people.services import PersonInput

_seq = iter(range(200, 299))

ACT = "红山区某街道办事处2026年作出的责令限期拆除违法建设决定"
REQUEST = "请求撤销该责令限期拆除决定"
FACTS = "申请人自建的仓房经过审批，被申请人未听取陈述申辩即作出决定。"


def person(name: str = "包金花") -> PersonInput:
    return PersonInput(name=name, id_number=valid_id_number(birth="19690312", seq=str(next(_seq))), phone="13904761234")


def review_data(**over: Any) -> ReviewInput:
    values: dict[str, Any] = {
        "form": "written", "respondent": "红山区某街道办事处", "act": ACT, "request": REQUEST, "facts": FACTS,
        "act_known_date": timezone.localdate() - dt.timedelta(days=20), "checklist": list(REVIEW_CHECKLIST_KEYS),
    }
    values.update(over)
    return ReviewInput(**values)


def review(personas: Any, *, org: Any = None, name: str = "包金花", **over: Any) -> ReviewApplication:
    return review_receive(actor=personas.owner, org=org or personas.office, applicant=person(name), data=review_data(**over))


def case_data(**over: Any) -> CaseInput:
    values: dict[str, Any] = {"kind": CaseKind.NOTARY, "matter": "继承公证", "institution": "赤峰市红山公证处",
                              "received_date": timezone.localdate()}
    values.update(over)
    return CaseInput(**values)


def case(personas: Any, *, org: Any = None, name: str = "张桂芳", **over: Any) -> AgencyCase:
    return case_receive(actor=personas.owner, org=org or personas.office, person=person(name), data=case_data(**over))
