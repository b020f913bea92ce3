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


def centre(personas: Any) -> Any:
    """The county's 法律援助机构 (its 公共法律服务中心), created once per test."""
    from core.testing import service_centre

    return service_centre(personas)


def centre_user(personas: Any) -> Any:
    """A reviewer of the 法律援助中心 (the county staff role at the centre)."""
    from core.testing import make_centre_reviewer

    return make_centre_reviewer(personas)


def forwarded_review(personas: Any, *, name: str = "马国庆", date: dt.date | None = None, **over: Any) -> Any:
    """An application received at the owner office and forwarded to the centre; returns its review."""
    from legalaid.services import application_forward

    centre_user(personas)
    app = application(personas, name=name, **over)
    application_forward(actor=personas.owner, application=app, date=date or app.received_date)
    app.refresh_from_db()
    return app.review


def notice(personas: Any, *, name: str = "包小军", date: dt.date | None = None) -> Any:
    from legalaid.centre import review_register_notice

    return review_register_notice(
        actor=centre_user(personas), centre=centre(personas), authority="court", organ="红山区人民法院",
        received_date=date or dt.date.today(), facts="被告人系未成年人，没有委托辩护人（法律援助法 第二十五条第一款第一项）",
        person=PersonInput(name=name, id_number=valid_id_number(birth="20090301", seq=str(next(_seq)))),
        notice_number="红法刑通〔2026〕12号")


_licence = iter(range(1, 999))


def provider(personas: Any, *, name: str = "韩律师", kind: str = "lawyer", years: int = 8, firm: str = "红山律师事务所",
             **over: Any) -> Any:
    """A provider on the centre's roster with ``years`` of practice (a unique 17-digit licence number)."""
    from legalaid.cases import ProviderInput, provider_create

    today = dt.date.today()
    since = today.replace(year=today.year - years) if not (today.month == 2 and today.day == 29) else dt.date(today.year - years, 2, 28)
    licence = f"1150420{today.year % 100:02d}1{next(_licence):07d}" if kind != "grassroots" else f"JC{next(_licence):06d}"
    data = ProviderInput(kind=kind, name=name, licence_number=licence, firm=firm, practice_since=since,
                         specialities="劳动争议、刑事辩护", phone="13904761234")
    for key, value in over.items():
        setattr(data, key, value)
    return provider_create(actor=centre_user(personas), org=centre(personas), data=data)


def granted_review(personas: Any, *, name: str = "马国庆", **over: Any) -> Any:
    """A forwarded application the centre granted (the three-day assignment clock runs)."""
    from legalaid.centre import review_decide

    review = forwarded_review(personas, name=name, **over)
    return review_decide(actor=centre_user(personas), review=review, grant=True)


def case(personas: Any, *, name: str = "马国庆", provider_name: str = "韩律师", **over: Any) -> Any:
    """A granted review assigned to a new provider; returns the aid case."""
    from legalaid.cases import assignment_create

    review = granted_review(personas, name=name, **over)
    return assignment_create(actor=centre_user(personas), review=review, provider=provider(personas, name=provider_name))
