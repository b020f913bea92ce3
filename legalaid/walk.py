"""Permission-walk specs for 法律援助 (see core/walk.py)."""

import datetime as dt
from typing import Any

from consultation.tests import factories as consultation_factories
from core.testing import valid_id_number
from core.walk import WalkSpec
from legalaid.tests import factories

SAMPLE = "马国庆"


def _listed(personas: Any) -> dict[str, Any]:
    factories.application(personas, name=SAMPLE)
    return {}


def _uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": factories.application(personas, name=SAMPLE).uuid}


def _fields(**over: Any) -> dict[str, Any]:
    return {"received_date": dt.date.today().isoformat(), "matter": "labour", "facts": factories.FACTS, "request": factories.REQUEST,
            "hardship_basis": "statement", "hardship_detail": factories.HARDSHIP, **over}


def _create(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {"org": personas.office.pk, "channel": "window", "name": "白玉山",
                "id_number": valid_id_number(birth="19700101", seq="615"), **_fields()}


def _edit(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _uuid(personas), _fields(request="代理劳动仲裁并申请先予执行")


def _forward(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _uuid(personas), {"date": dt.date.today().isoformat(), "centre_name": "红山区法律援助中心"}


def _not_accept(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _uuid(personas), {"date": dt.date.today().isoformat(), "reason": "申请人已自行委托律师，撤回申请"}


def _from_consultation(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    c = consultation_factories.consultation(personas, name="孙秀兰")
    return {"uuid": c.uuid}, _fields(matter="abuse_victim", hardship_basis="not_required", hardship_detail="")


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "legalaid:application_list": WalkSpec("list", build=_listed, sample=SAMPLE),
    # The dialog offers only the offices the user may receive applications in, so the owner office is an invalid
    # choice for the outsider (422), as for 登记法律咨询.
    "legalaid:application_create": WalkSpec("create", build=_create, expect={"outsider": 422}),
    "legalaid:application_detail": WalkSpec("detail", build=_uuid),
    "legalaid:application_edit": WalkSpec("write", build=_edit),
    "legalaid:application_forward": WalkSpec("write", build=_forward),
    "legalaid:application_not_accept": WalkSpec("write", build=_not_accept),
    "legalaid:application_from_consultation": WalkSpec("write", build=_from_consultation),
}


def _api_create(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {
        "org": personas.office.code, "applicant": {"name": "白玉山", "id_number": valid_id_number(birth="19700101", seq="615")},
        "matter": "labour", "facts": factories.FACTS, "hardship_basis": "statement", "hardship_detail": factories.HARDSHIP,
    }


WALK.update({
    "api:legal_aid_application_list": WalkSpec("list", build=_listed, sample=SAMPLE),
    "api:legal_aid_application_detail": WalkSpec("detail", build=_uuid),
    "api:legal_aid_application_create": WalkSpec("create", build=_api_create),
    "api:legal_aid_application_forward": WalkSpec("write", build=lambda p: (_uuid(p), {"centre_name": "红山区法律援助中心"})),
})

WALK.update({
    "api:legal_aid_application_update": WalkSpec("write", method="PATCH", build=lambda p: (_uuid(p), {"opposing_party": "某建筑劳务公司"})),
    "api:legal_aid_application_not_accept": WalkSpec("write", build=lambda p: (_uuid(p), {"reason": "申请人已委托律师代理"})),
})
