"""Test builders for 人民调解 on top of the shared personas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from core.testing import valid_id_number
from mediation.choices import PartyRole
from mediation.models import Dispute, Mediator
from mediation.services import DisputeInput, PartyInput, dispute_register
from people.services import PersonInput, person_create

_seq = iter(range(300, 999))


def person(personas: Any, name: str, *, org: Any = None) -> Any:
    return person_create(actor=personas.owner, org=org or personas.office, confirm_duplicate=True,
                         data=PersonInput(name=name, id_number=valid_id_number(seq=str(next(_seq)))))


def mediator(personas: Any, name: str = "赵调解", *, org: Any = None) -> Mediator:
    return Mediator.objects.create(org=org or personas.office, created_by=personas.owner, person=person(personas, name),
                                   specialities="婚姻家庭、邻里")


def dispute(personas: Any, *, org: Any = None, received: dt.date | None = None, **kw: Any) -> Dispute:
    applicant, respondent = person(personas, "王大山"), person(personas, "李二河")
    data = DisputeInput(
        title=kw.pop("title", "王大山与李二河宅基地纠纷"), category=kw.pop("category", "housing_homestead"),
        facts=kw.pop("facts", "双方因宅基地界址发生争执，李二河砌墙占用王大山宅基地约0.5米。"),
        received_date=received or dt.date.today() - dt.timedelta(days=20),
        claims="请求拆除占地围墙并赔偿损失", amount=Decimal("3000"),
        parties=[PartyInput(applicant, PartyRole.APPLICANT), PartyInput(respondent, PartyRole.RESPONDENT)], **kw,
    )
    return dispute_register(actor=personas.owner, org=org or personas.office, data=data)
