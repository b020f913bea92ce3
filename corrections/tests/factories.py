"""Test builders for 社区矫正 on top of the shared personas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.testing import valid_id_number
from corrections.models import Subject, months_after
from corrections.services import SubjectInput, subject_receive
from people.services import PersonInput

_seq = iter(range(300, 999))


def data(**over: Any) -> SubjectInput:
    """A 缓刑 of one year for 危险驾驶罪: effective five days ago, reported three days ago."""
    effective = dt.date.today() - dt.timedelta(days=5)
    values: dict[str, Any] = {
        "correction_type": "probation", "decision_organ": "赤峰市红山区人民法院", "decision_number": "（2026）内0402刑初118号",
        "crime": "危险驾驶罪", "effective_date": effective, "start_date": effective,
        "end_date": months_after(effective, 12) - dt.timedelta(days=1),
        "reported_date": dt.date.today() - dt.timedelta(days=3),
    }
    values.update(over)
    return SubjectInput(**values)


def person(name: str = "刘建军", *, id_number: str = "") -> PersonInput:
    return PersonInput(name=name, id_number=id_number or valid_id_number(birth="19850612", seq=str(next(_seq))),
                       phone="13904762345")


def subject(personas: Any, *, org: Any = None, name: str = "刘建军", **over: Any) -> Subject:
    return subject_receive(actor=personas.owner, org=org or personas.office, person=person(name), data=data(**over))
