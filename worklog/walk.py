"""Permission-walk specs for 工作日志 (see core/walk.py). A day's log always belongs to the signed-in
user, so the day pages are "self"; review is the office head's."""

import datetime as dt
from typing import Any

from core.walk import WalkSpec
from worklog.services import worklog_confirm, worklog_open

OWNER_NAME = "张明"


def _today(personas: Any) -> dict[str, Any]:
    return {"day": dt.date.today().isoformat()}


def _confirmed_log(personas: Any) -> Any:
    log = worklog_open(user=personas.owner, day=dt.date.today())
    return worklog_confirm(actor=personas.owner, log=log, summary="入户走访三户，整理调解卷宗")


def _listed(personas: Any) -> dict[str, Any]:
    _confirmed_log(personas)
    return {}


def _review(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"uuid": _confirmed_log(personas).uuid}, {"note": "内容完整"}


def _manual(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _today(personas), {"item_code": "training", "description": "参加县局培训", "quantity": "1"}


def _confirm(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _today(personas), {"summary": "全天外出参加县局会议"}


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "worklog:today": WalkSpec("self"),
    "worklog:day": WalkSpec("self", build=_today),
    "worklog:manual_add": WalkSpec("self", method="POST", build=_manual),
    "worklog:confirm": WalkSpec("self", method="POST", build=_confirm),
    # Reviewing needs worklog.review_worklog, which only the office head holds.
    "worklog:review_list": WalkSpec("list", build=_listed, sample=OWNER_NAME, owner="head",
                                    expect={"supervisor": 403, "outsider": 403, "readonly": 403}),
    "worklog:review": WalkSpec("write", build=_review, owner="head", headers={"HTTP_HX_REQUEST": "true"}),
    "worklog:completion": WalkSpec("list", sample="西屯街道司法所"),
}


def _api_review(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"uuid": _confirmed_log(personas).uuid}, {"note": "内容完整"}


def _range(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    _confirmed_log(personas)
    today = dt.date.today()
    return {}, {"start": (today - dt.timedelta(days=6)).isoformat(), "end": today.isoformat()}


# The API's day routes are the signed-in user's own log, like the pages; review is the office head's.
WALK.update({
    "api:worklog_range": WalkSpec("self", build=_range),
    "api:worklog_day": WalkSpec("self", build=_today),
    "api:worklog_add": WalkSpec("self", method="POST", build=_manual),
    "api:worklog_confirm": WalkSpec("self", method="POST", build=_confirm),
    "api:worklog_review_list": WalkSpec("list", build=_listed, sample=OWNER_NAME, owner="head",
                                        expect={"supervisor": 403, "outsider": 403, "readonly": 403}),
    "api:worklog_review": WalkSpec("write", build=_api_review, owner="head"),
    "api:worklog_completion": WalkSpec("list", sample="西屯街道司法所"),
})
