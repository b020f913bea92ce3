"""Test builders for 安置帮教 on top of the shared personas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from core.testing import valid_id_number
from people.services import PersonInput
from resettlement.models import Released
from resettlement.services import ReleasedInput, handover_record, released_register

_seq = iter(range(400, 999))
TODAY = timezone.localdate()


def data(**over: Any) -> ReleasedInput:
    """A theft sentence of three years at 赤峰监狱, released ten days ago, the notice received a month before."""
    values: dict[str, Any] = {
        "category": "released", "crime": "盗窃罪", "sentence": "有期徒刑三年", "prison": "内蒙古自治区赤峰监狱",
        "release_date": TODAY - dt.timedelta(days=10), "notice_date": TODAY - dt.timedelta(days=40),
    }
    values.update(over)
    return ReleasedInput(**values)


def person(name: str = "孙海涛", *, id_number: str = "") -> PersonInput:
    return PersonInput(name=name, id_number=id_number or valid_id_number(birth="19800304", seq=str(next(_seq))),
                       phone="13904765678")


def released(personas: Any, *, org: Any = None, name: str = "孙海涛", actor: Any = None, **over: Any) -> Released:
    return released_register(actor=actor or personas.owner, org=org or personas.office, person=person(name), data=data(**over))


def received(personas: Any, *, name: str = "孙海涛", day: dt.date | None = None, **over: Any) -> Released:
    """Registered and received (衔接) — 帮教中."""
    r = released(personas, name=name, **over)
    return handover_record(actor=personas.owner, released=r, date=day or TODAY - dt.timedelta(days=1), method="family",
                           collected_by="孙母")
