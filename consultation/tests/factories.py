"""Test builders for 法律咨询 on top of the shared personas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from consultation.models import Consultation
from consultation.services import ConsultationInput, consultation_record
from core.testing import valid_id_number
from people.services import PersonInput

_seq = iter(range(500, 999))

QUESTION = "丈夫长期酗酒并多次动手打人，本人想离婚，对方不同意，想了解该怎么办、孩子抚养权归谁。"
ANSWER = "可以先由村委会或人民调解委员会调解，调解不成可直接向人民法院提起离婚诉讼；遭受家庭暴力可申请人身安全保护令。"
LAWS = "中华人民共和国民法典 第一千零七十九条\n中华人民共和国反家庭暴力法 第二十三条"


def data(**over: Any) -> ConsultationInput:
    values: dict[str, Any] = {
        "date": dt.date.today() - dt.timedelta(days=3), "channel": "walk_in", "topic": "marriage_family",
        "question": QUESTION, "answer": ANSWER, "laws_cited": LAWS, "duration_minutes": 25,
    }
    values.update(over)
    return ConsultationInput(**values)


def person(name: str = "孙秀兰", *, with_id: bool = True) -> PersonInput:
    return PersonInput(name=name, id_number=valid_id_number(birth="19850312", seq=str(next(_seq))) if with_id else "",
                       phone="13904761234")


def consultation(personas: Any, *, org: Any = None, name: str = "孙秀兰", **over: Any) -> Consultation:
    return consultation_record(actor=personas.owner, org=org or personas.office, person=person(name), data=data(**over))
