"""Permission-walk specs for 代收代办 (see core/walk.py)."""

import datetime as dt
from typing import Any

from agency.choices import REVIEW_CHECKLIST_KEYS
from agency.tests import factories
from core.testing import valid_id_number
from core.walk import WalkSpec

SAMPLE = "包金花"
CASE_SAMPLE = "张桂芳"
GUIDE_SAMPLE = "赤峰市红山公证处"


def _today() -> str:
    return dt.date.today().isoformat()


def _review(personas: Any, **over: Any) -> Any:
    return factories.review(personas, name=SAMPLE, **over)


def _uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": _review(personas).uuid}


def _forwarded(personas: Any) -> dict[str, Any]:
    from agency.services import review_forward

    return {"uuid": review_forward(actor=personas.owner, application=_review(personas)).uuid}


def _accepted(personas: Any) -> dict[str, Any]:
    from agency.services import review_acceptance, review_forward

    a = review_forward(actor=personas.owner, application=_review(personas))
    return {"uuid": review_acceptance(actor=personas.owner, application=a, accepted=True).uuid}


def _listed(personas: Any) -> dict[str, Any]:
    _review(personas)
    return {}


def _case_uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": factories.case(personas, name=CASE_SAMPLE).uuid}


def _case_listed(personas: Any) -> dict[str, Any]:
    factories.case(personas, name=CASE_SAMPLE)
    return {}


def _review_fields(personas: Any) -> dict[str, Any]:
    return {"org": personas.office.pk, "form": "written", "name": "白音", "id_number": valid_id_number(birth="19700101", seq="616"),
            "respondent": "红山区某街道办事处", "act": factories.ACT, "act_known_date": (dt.date.today() - dt.timedelta(days=10)).isoformat(),
            "request": factories.REQUEST, "facts": factories.FACTS, "checklist": list(REVIEW_CHECKLIST_KEYS)}


def _case_fields(personas: Any) -> dict[str, Any]:
    return {"org": personas.office.pk, "kind": "notary", "received_date": _today(), "name": "白音",
            "id_number": valid_id_number(birth="19700101", seq="617"), "matter": "继承公证", "institution": "赤峰市红山公证处"}


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "agency:review_list": WalkSpec("list", build=_listed, sample=SAMPLE),
    # The dialog offers only the offices the user may act in, so the owner office is an invalid choice for the outsider
    # (422), as for 接收法律援助申请.
    "agency:review_create": WalkSpec("create", build=lambda p: ({}, _review_fields(p)), expect={"outsider": 422}),
    "agency:review_detail": WalkSpec("detail", build=_uuid),
    "agency:review_forward": WalkSpec("write", build=lambda p: (_uuid(p), {"date": _today(), "review_body": "红山区人民政府行政复议机构"})),
    "agency:review_acceptance": WalkSpec("write", build=lambda p: (_forwarded(p), {"accepted": "1", "date": _today()})),
    "agency:review_decide": WalkSpec("write", build=lambda p: (_accepted(p), {"decision": "revoke", "date": _today()})),
    "agency:review_withdraw": WalkSpec("write", build=lambda p: (_uuid(p), {"date": _today(), "reason": "双方协商解决，申请人撤回"})),
    "agency:case_list": WalkSpec("list", build=_case_listed, sample=CASE_SAMPLE),
    "agency:case_create": WalkSpec("create", build=lambda p: ({}, _case_fields(p)), expect={"outsider": 422}),
    "agency:case_detail": WalkSpec("detail", build=_case_uuid),
    "agency:case_forward": WalkSpec("write", build=lambda p: (_case_uuid(p), {"date": _today()})),
    "agency:case_result": WalkSpec("write", build=lambda p: (_case_uuid(p), {"done": "1", "date": _today(), "result": "已出具继承公证书"})),
    # Shared reference data (the seeded guides): every signed-in user reads it.
    "agency:guide_list": WalkSpec("self"),
}


def _api_review(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    f = _review_fields(personas)
    return {}, {"org": personas.office.code, "applicant": {"name": f["name"], "id_number": f["id_number"]},
                **{k: f[k] for k in ("respondent", "act", "act_known_date", "request", "facts", "checklist")}}


def _api_case(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    f = _case_fields(personas)
    return {}, {"org": personas.office.code, "person": {"name": f["name"], "id_number": f["id_number"]}, "kind": "notary",
                "matter": f["matter"], "institution": f["institution"]}


WALK.update({
    "api:agency_review_list": WalkSpec("list", build=_listed, sample=SAMPLE),
    "api:agency_review_detail": WalkSpec("detail", build=_uuid),
    "api:agency_review_create": WalkSpec("create", build=_api_review),
    "api:agency_review_forward": WalkSpec("write", build=lambda p: (_uuid(p), {})),
    "api:agency_review_acceptance": WalkSpec("write", build=lambda p: (_forwarded(p), {"accepted": True})),
    "api:agency_review_decide": WalkSpec("write", build=lambda p: (_accepted(p), {"decision": "uphold"})),
    "api:agency_review_withdraw": WalkSpec("write", build=lambda p: (_uuid(p), {"reason": "双方协商解决，申请人撤回"})),
    "api:agency_case_list": WalkSpec("list", build=_case_listed, sample=CASE_SAMPLE),
    "api:agency_case_detail": WalkSpec("detail", build=_case_uuid),
    "api:agency_case_create": WalkSpec("create", build=_api_case),
    "api:agency_case_forward": WalkSpec("write", build=lambda p: (_case_uuid(p), {})),
    "api:agency_case_result": WalkSpec("write", build=lambda p: (_case_uuid(p), {"done": True, "result": "已出具继承公证书"})),
    "api:agency_guide_list": WalkSpec("self"),
})
