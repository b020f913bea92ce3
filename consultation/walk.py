"""Permission-walk specs for 法律咨询 (see core/walk.py)."""

import datetime as dt
from typing import Any

from consultation.tests import factories
from core.testing import valid_id_number
from core.walk import WalkSpec

SAMPLE = "孙秀兰"


def _listed(personas: Any) -> dict[str, Any]:
    factories.consultation(personas, name=SAMPLE)
    return {}


def _uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": factories.consultation(personas, name=SAMPLE).uuid}


def _create(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {
        "org": personas.office.pk, "date": dt.date.today().isoformat(), "channel": "phone", "name": "韩桂芝",
        "id_number": valid_id_number(birth="19620704", seq="822"), "topic": "inheritance",
        "question": "父亲去世没留遗嘱，留下一处平房，我能不能分？", "answer": "未立遗嘱的按法定继承办理，子女同为第一顺序继承人。",
        "laws_cited": "中华人民共和国民法典 第一千一百二十七条", "follow_up": "none", "duration_minutes": "20",
    }


def _edit(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    c = factories.consultation(personas, name=SAMPLE)
    return {"uuid": c.uuid}, {"date": c.date.isoformat(), "channel": "walk_in", "topic": "marriage_family", "question": c.question,
                              "answer": "", "follow_up": "referred", "referred_to": "红山区妇女联合会"}


def _convert(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    c = factories.consultation(personas, name=SAMPLE)
    return {"uuid": c.uuid}, {"org": personas.office.pk, "title": "孙秀兰与周德明离婚纠纷", "category": "marriage_family",
                              "received_date": dt.date.today().isoformat(), "respondent_name": "周德明"}


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "consultation:consultation_list": WalkSpec("list", build=_listed, sample=SAMPLE),
    # The dialog offers only the orgs the user may record in, so the owner office is an invalid choice (422).
    "consultation:consultation_create": WalkSpec("create", build=_create, expect={"outsider": 422}),
    "consultation:consultation_detail": WalkSpec("detail", build=_uuid),
    "consultation:consultation_edit": WalkSpec("write", build=_edit),
    "consultation:consultation_convert": WalkSpec("write", build=_convert),
    # 上传笔录 only prefills a dialog and saves nothing, so the walk opens the upload dialogs. Every office may record
    # consultations of its own, so the outsider may open the registration one.
    "consultation:consultation_create_transcript": WalkSpec("create", method="GET", expect={"outsider": "ok"}),
    "consultation:consultation_transcript": WalkSpec("write", method="GET", build=_uuid),
}


def _api_create(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {
        "org": personas.office.code, "channel": "phone", "topic": "inheritance", "person": {"name": "韩桂芝"},
        "question": "父亲去世没留遗嘱，我能不能分房子？", "answer": "未立遗嘱的按法定继承办理。",
        "laws_cited": ["中华人民共和国民法典 第一千一百二十七条"],
    }


WALK.update({
    "api:consultation_list": WalkSpec("list", build=_listed, sample=SAMPLE),
    "api:consultation_detail": WalkSpec("detail", build=_uuid),
    "api:consultation_create": WalkSpec("create", build=_api_create),
})

TRANSCRIPT = "接待人：请讲。\n咨询人孙秀兰：父亲去世没留遗嘱，留下一处平房，我能不能分？\n接待人：未立遗嘱的按法定继承办理。\n"


def _upload() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("咨询笔录.txt", TRANSCRIPT.encode())}


def _api_edit(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _uuid(personas), {"follow_up": "referred", "referred_to": "红山区妇女联合会"}


def _api_convert(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _uuid(personas), {"title": "孙秀兰与周德明离婚纠纷", "category": "marriage_family", "respondent_name": "周德明"}


WALK.update({
    "api:consultation_update": WalkSpec("write", method="PATCH", build=_api_edit),
    "api:consultation_convert": WalkSpec("write", build=_api_convert),
    # 上传笔录 proposes the fields and saves nothing. Every office records consultations of its own, so the outsider
    # may read a transcript before registering; only the auditor, who may not register, is refused.
    "api:consultation_create_transcript": WalkSpec("self", method="POST", build=lambda p: ({}, _upload()), expect={"readonly": 403}),
    # Reading a transcript into an existing consultation proposes a change to it: refused to whoever may not change
    # it, the auditor and the county (办案范围), 403.
    "api:consultation_transcript": WalkSpec("detail", method="POST", build=lambda p: (_uuid(p), _upload()),
                                            expect={"readonly": 403, "supervisor": 403}),
})
