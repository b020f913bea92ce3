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


def investigation(personas: Any, *, org: Any = None, name: str = "孙海涛", received: dt.date | None = None,
                  fast_track: bool = False) -> Any:
    """A court's commission for a 缓刑 candidate, received two days ago (or on ``received``)."""
    from corrections.investigations import InvestigationInput, investigation_register

    return investigation_register(
        actor=personas.owner, org=org or personas.office, person=person(name),
        data=InvestigationInput(body_type="court", body_name="赤峰市红山区人民法院", case_number="（2026）内0402刑初456号",
                                proposed_type="probation", crime="盗窃罪",
                                received_date=received or dt.date.today() - dt.timedelta(days=2), fast_track=fast_track))


def issued(personas: Any, **over: Any) -> Any:
    from corrections.investigations import investigation_issue

    return investigation_issue(actor=personas.owner, investigation=investigation(personas, **over),
                               findings="居住地：西屯街道红旗社区，有固定住所。\n家庭成员愿意配合监管。", opinion="suitable",
                               reasons="社会危险性较小，对所居住社区无重大不良影响。", date=dt.date.today())


def arrival(personas: Any, *, org: Any = None, name: str = "周晓东", effective: dt.date | None = None) -> Any:
    """A court's notice of a 缓刑 subject whose judgment took effect ``effective`` (default three days ago)."""
    from corrections.reception import ArrivalInput, arrival_notice

    effective = effective or dt.date.today() - dt.timedelta(days=3)
    return arrival_notice(actor=personas.owner, org=org or personas.office, person=person(name),
                          data=ArrivalInput(correction_type="probation", decision_organ="赤峰市红山区人民法院",
                                            decision_number="（2026）内0402刑初789号", effective_date=effective,
                                            notice_date=min(effective + dt.timedelta(days=2), dt.date.today())))
