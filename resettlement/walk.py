"""Permission-walk specs for 安置帮教 (see core/walk.py)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from core.testing import valid_id_number
from core.walk import WalkSpec
from resettlement.tests import factories

SAMPLE = "孙海涛"
TODAY = timezone.localdate()


def _listed(personas: Any) -> dict[str, Any]:
    factories.released(personas, name=SAMPLE)
    return {}


def _uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": factories.released(personas, name=SAMPLE).uuid}


def _active(personas: Any) -> dict[str, Any]:
    return {"uuid": factories.received(personas, name=SAMPLE).uuid}


def _register(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {"org": personas.office.pk, "name": "钱立新", "id_number": valid_id_number(birth="19791103", seq="613"),
                "category": "released", "crime": "抢劫罪", "sentence": "有期徒刑五年", "prison": "内蒙古自治区赤峰监狱",
                "release_date": (TODAY - dt.timedelta(days=3)).isoformat(), "notice_date": (TODAY - dt.timedelta(days=30)).isoformat()}


def _step(build: Any, data: dict[str, Any]) -> Any:
    return lambda personas: (build(personas), data)


DAY = TODAY.isoformat()
HANDOVER = {"date": DAY, "method": "family", "collected_by": "孙母"}
FILE = {"family": "与母亲同住", "housing": "自有平房两间", "income": "务农"}
RISK = {"date": DAY, "level": "low", "reason": "初犯，悔罪表现好，家庭支持"}
VISIT = {"date": DAY, "kind": "home", "met": "on", "content": "在家务农，情绪稳定"}
ASSIST = {"date": DAY, "kind": "employment", "content": "介绍到镇农机合作社务工"}
LOST = {"date": DAY, "note": "电话关机，家属称外出打工未告知去向，已通报派出所协查"}
END = {"reason": "died", "date": DAY}
MEMBER = {"name": "孙秀兰", "role": "family", "phone": "13904761111", "task": "日常陪伴，发现异常及时报告"}


def _member(personas: Any) -> dict[str, Any]:
    from resettlement.services import group_member_add

    released = factories.received(personas, name=SAMPLE)
    member = group_member_add(actor=personas.owner, released=released, name="李村主任", role="cadre", task="帮助联系就业")
    return {"uuid": released.uuid, "member": member.pk}

def _co_manage(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _active(personas), {"co_org": personas.sibling_office.pk, "co_note": "现居三中街某小区"}


def _points(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    from resettlement.models import PointsItem

    return _active(personas), {"item": PointsItem.objects.get(name="参加公益活动").pk, "date": DAY}


def _assist_new(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _uuid(personas), {"to_org": personas.sibling_office.pk, "reason": "not_received", "details": "家属称其在三中街打工",
                             "date": DAY}


def _sent(personas: Any) -> Any:
    """A 协查 the office (the owner's) sent to 三中街街道司法所."""
    from resettlement.services import assist_request

    released = factories.released(personas, name=SAMPLE)
    return assist_request(actor=personas.owner, released=released, to_org=personas.sibling_office, reason="not_received",
                          details="家属称其在三中街打工")


def _received(personas: Any) -> Any:
    """A 协查 三中街街道司法所 sent to the office (the owner's), which replies; the other office's steps are taken by a county
    user whose role grants case writes (no persona works there)."""
    from resettlement.services import assist_request

    released = factories.released(personas, name=SAMPLE, org=personas.sibling_office, actor=personas.caseworker)
    return assist_request(actor=personas.caseworker, released=released, to_org=personas.office, reason="not_received",
                          details="家属称其在西屯打工")


def _api_points(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    kwargs, form = _points(personas)
    return kwargs, {"item": form["item"]}


REPLY = {"result": "found", "reply": "现住西屯某小区，已告知其到户籍地司法所报到", "date": DAY}

WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "resettlement:released_list": WalkSpec("list", build=_listed, sample=SAMPLE),
    # The dialog offers only the offices the user may register in, so the owner office is an invalid choice (422).
    # The county bureau receives the prison's notice and registers it for the office (综治委〔1999〕5号): supervision.
    "resettlement:released_register": WalkSpec("create", build=_register, expect={"outsider": 422, "supervisor": "ok"}),
    # The import dialog lets each office import into its own offices; the auditor may not import at all.
    "resettlement:released_import": WalkSpec("create", method="GET", expect={"outsider": "ok", "supervisor": "ok"}),
    "resettlement:released_import_template": WalkSpec("self"),
    "resettlement:released_detail": WalkSpec("detail", build=_uuid),
    "resettlement:released_handover": WalkSpec("write", build=_step(_uuid, HANDOVER)),
    "resettlement:released_file": WalkSpec("write", build=_step(_active, FILE)),
    "resettlement:released_risk": WalkSpec("write", build=_step(_active, RISK)),
    "resettlement:released_visit": WalkSpec("write", build=_step(_active, VISIT)),
    "resettlement:released_assistance": WalkSpec("write", build=_step(_active, ASSIST)),
    "resettlement:released_lost": WalkSpec("write", build=_step(_active, LOST)),
    "resettlement:released_end": WalkSpec("write", build=_step(_active, END)),
    "resettlement:released_group_add": WalkSpec("write", build=_step(_active, MEMBER)),
    "resettlement:released_group_remove": WalkSpec("write", build=lambda p: (_member(p), {})),
    "resettlement:released_co_manage": WalkSpec("write", build=_co_manage),
    "resettlement:released_points": WalkSpec("write", build=_points),
    "resettlement:released_assist": WalkSpec("write", build=_assist_new),
    "resettlement:assist_list": WalkSpec("list", build=lambda p: (_sent(p), {})[1], sample=SAMPLE),
    "resettlement:assist_detail": WalkSpec("detail", build=lambda p: {"uuid": _sent(p).uuid}),
    "resettlement:assist_reply": WalkSpec("write", build=lambda p: ({"uuid": _received(p).uuid}, REPLY)),
}


def _import_upload(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The import template itself: its second row is a valid example notice."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.imports import template_bytes
    from resettlement.imports import COLUMNS, EXAMPLE

    content = template_bytes(title="刑满释放人员通知导入模板", columns=COLUMNS, example=EXAMPLE)
    return {}, {"file": SimpleUploadedFile("通知.xlsx", content), "org": personas.office.code}


def _api_register(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    _, form = _register(personas)
    return {}, {"org": personas.office.code, "person": {"name": form["name"], "id_number": form["id_number"]},
                **{k: form[k] for k in ("category", "crime", "sentence", "prison", "release_date", "notice_date")}}


WALK.update({
    "api:released_list": WalkSpec("list", build=_listed, sample=SAMPLE),
    "api:released_detail": WalkSpec("detail", build=_uuid),
    "api:released_register": WalkSpec("create", build=_api_register, expect={"supervisor": "ok"}),
    "api:released_import": WalkSpec("create", build=lambda p: _import_upload(p), expect={"supervisor": "ok"}),
    "api:released_handover": WalkSpec("write", build=_step(_uuid, HANDOVER)),
    "api:released_file": WalkSpec("write", method="PUT", build=_step(_active, FILE)),
    "api:released_risk": WalkSpec("write", build=_step(_active, RISK)),
    "api:released_visit": WalkSpec("write", build=_step(_active, {**VISIT, "met": True})),
    "api:released_assistance": WalkSpec("write", build=_step(_active, ASSIST)),
    "api:released_lost": WalkSpec("write", build=_step(_active, LOST)),
    "api:released_end": WalkSpec("write", build=_step(_active, END)),
    "api:released_group_add": WalkSpec("write", build=_step(_active, MEMBER)),
    "api:released_group_remove": WalkSpec("write", method="DELETE", build=lambda p: (_member(p), {})),
    "api:released_co_manage": WalkSpec("write", build=lambda p: (_active(p), {"co_org": p.sibling_office.code, "co_note": "现居三中街"})),
    "api:points_items": WalkSpec("self"),
    "api:released_points": WalkSpec("write", build=_api_points),
    "api:released_assist": WalkSpec("write", build=lambda p: (_uuid(p), {"to_org": p.sibling_office.code, "reason": "not_received",
                                                                         "details": "家属称其在三中街打工"})),
    "api:assist_list": WalkSpec("list", build=lambda p: (_sent(p), {})[1], sample=SAMPLE),
    "api:assist_detail": WalkSpec("detail", build=lambda p: {"uuid": _sent(p).uuid}),
    "api:assist_reply": WalkSpec("write", build=lambda p: ({"uuid": _received(p).uuid}, {"result": "found", "reply": REPLY["reply"]})),
})
