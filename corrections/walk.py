"""Permission-walk specs for 社区矫正 (see core/walk.py)."""

import datetime as dt
from typing import Any

from core.testing import valid_id_number
from core.walk import WalkSpec
from corrections.tests import factories

SAMPLE = "刘建军"


def _listed(personas: Any) -> dict[str, Any]:
    factories.subject(personas, name=SAMPLE)
    return {}


def _uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": factories.subject(personas, name=SAMPLE).uuid}


def _judgment() -> dict[str, Any]:
    effective = dt.date.today() - dt.timedelta(days=4)
    return {"correction_type": "probation", "crime": "盗窃罪", "decision_organ": "赤峰市红山区人民法院",
            "decision_number": "（2026）内0402刑初321号", "effective_date": effective.isoformat(),
            "start_date": effective.isoformat(), "end_date": (effective + dt.timedelta(days=400)).isoformat(),
            "reported_date": dt.date.today().isoformat()}


def _receive(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {"org": personas.office.pk, "name": "高志远", "id_number": valid_id_number(birth="19900214", seq="517"),
                **_judgment()}


def _edit(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"uuid": factories.subject(personas, name=SAMPLE).uuid}, {**_judgment(), "crime": "交通肇事罪"}


def _release(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    # 终止 for death (社区矫正法 第四十五条) may be recorded on any day of the term.
    return {"uuid": factories.subject(personas, name=SAMPLE).uuid}, {"reason": "death", "date": dt.date.today().isoformat(),
                                                                    "note": "死亡证明"}


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "corrections:subject_list": WalkSpec("list", build=_listed, sample=SAMPLE),
    # The dialog offers only the offices the user may receive in, so the owner office is an invalid choice (422).
    "corrections:subject_receive": WalkSpec("create", build=_receive, expect={"outsider": 422}),
    "corrections:subject_detail": WalkSpec("detail", build=_uuid),
    "corrections:subject_edit": WalkSpec("write", build=_edit),
    "corrections:subject_release": WalkSpec("write", build=_release),
}


def _api_receive(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    judgment = _judgment()
    return {}, {"org": personas.office.code, "person": {"name": "高志远", "id_number": valid_id_number(birth="19900214", seq="517")},
                **{k: judgment[k] for k in ("correction_type", "crime", "decision_organ", "decision_number", "effective_date",
                                            "start_date", "end_date", "reported_date")}}


WALK.update({
    "api:subject_list": WalkSpec("list", build=_listed, sample=SAMPLE),
    "api:subject_detail": WalkSpec("detail", build=_uuid),
    "api:subject_receive": WalkSpec("create", build=_api_receive),
    "api:subject_release": WalkSpec("write", build=_release),
})

WALK["api:subject_update"] = WalkSpec("write", method="PATCH", build=lambda p: (_uuid(p), {"decision_organ": "赤峰市红山区人民法院"}))
