"""Test builders for 法律援助申请 on top of the shared personas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.testing import valid_id_number
from legalaid.models import Application
from legalaid.services import ApplicationInput, application_receive
from people.services import PersonInput

_seq = iter(range(300, 499))

FACTS = "申请人在某建筑工地务工八个月，包工头拖欠工资两万三千元，多次讨要未果，现无力聘请律师。"
REQUEST = "请求指派律师代理追索劳动报酬的劳动仲裁。"
HARDSHIP = "家庭四口人，本人务工为唯一收入来源，工资被拖欠后无其他收入。"


def data(**over: Any) -> ApplicationInput:
    values: dict[str, Any] = {
        "received_date": dt.date.today() - dt.timedelta(days=1), "matter": "labour", "facts": FACTS, "request": REQUEST,
        "hardship_basis": "statement", "hardship_detail": HARDSHIP, "opposing_party": "刘建军",
    }
    values.update(over)
    return ApplicationInput(**values)


def applicant(name: str = "马国庆") -> PersonInput:
    return PersonInput(name=name, id_number=valid_id_number(birth="19780915", seq=str(next(_seq))), phone="13847612345")


def application(personas: Any, *, org: Any = None, name: str = "马国庆", **over: Any) -> Application:
    return application_receive(actor=personas.owner, org=org or personas.office, applicant=applicant(name), data=data(**over))
