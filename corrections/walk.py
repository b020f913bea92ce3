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


# --- 调查评估, 待接收, 入矫与解矫 -------------------------------------------------------------------------------

INV_SAMPLE = "孙海涛"
ARRIVAL_SAMPLE = "周晓东"
TODAY_ISO = dt.date.today().isoformat()


def _inv_listed(personas: Any) -> dict[str, Any]:
    factories.investigation(personas, name=INV_SAMPLE)
    return {}


def _inv_uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": factories.investigation(personas, name=INV_SAMPLE).uuid}


def _register(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {"org": personas.office.pk, "name": "钱晓峰", "id_number": valid_id_number(birth="19920311", seq="611"),
                "body_type": "court", "body_name": "赤峰市红山区人民法院", "case_number": "（2026）内0402刑初501号",
                "proposed_type": "probation", "crime": "危险驾驶罪", "received_date": TODAY_ISO}


def _api_register(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    data = _register(personas)[1]
    return {}, {**data, "org": personas.office.code}


def _extend(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    from core import calendar

    inv = factories.investigation(personas, name=INV_SAMPLE)
    day = inv.due_date + dt.timedelta(days=1)
    while not calendar.is_workday(day):
        day += dt.timedelta(days=1)
    return {"uuid": inv.uuid}, {"due_date": day.isoformat(), "reason": "经委托法院刑庭同意延期三日"}


def _interview(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _inv_uuid(personas), {"date": TODAY_ISO, "kind": "committee", "interviewee": "红旗社区居委会 王主任",
                                 "content": "平时表现良好，社区同意接收。"}


def _issue(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _inv_uuid(personas), {"findings": "有固定住所，家庭支持。", "opinion": "suitable", "reasons": "社会危险性小。",
                                 "date": TODAY_ISO}


def _submit(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"uuid": factories.issued(personas, name=INV_SAMPLE).uuid}, {}


def _submitted(personas: Any) -> Any:
    from corrections.investigations import investigation_submit

    return investigation_submit(actor=personas.owner, investigation=factories.issued(personas, name=INV_SAMPLE))


def _review(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"uuid": _submitted(personas).uuid}, {"decision": "accept", "note": "同意备案"}


def _api_review(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"uuid": _submitted(personas).uuid}, {"accept": True, "note": "同意备案"}


def _arrival_listed(personas: Any) -> dict[str, Any]:
    factories.arrival(personas, name=ARRIVAL_SAMPLE)
    return {}


def _arrival_uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": factories.arrival(personas, name=ARRIVAL_SAMPLE).uuid}


def _notice(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    effective = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    return {}, {"org": personas.office.pk, "name": "吴海波", "id_number": valid_id_number(birth="19880709", seq="713"),
                "correction_type": "probation", "decision_organ": "赤峰市红山区人民法院", "decision_number": "（2026）内0402刑初612号",
                "effective_date": effective, "notice_date": TODAY_ISO}


def _missing(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    # The judgment took effect forty days ago: the ten days to report ran out long since.
    arrival = factories.arrival(personas, name=ARRIVAL_SAMPLE, effective=dt.date.today() - dt.timedelta(days=40))
    return {"uuid": arrival.uuid}, {"note": "电话停机，走访住所无人，已请派出所协查"}


def _prohibition(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _uuid(personas), {"content": "禁止进入夜总会、酒吧、迪厅等娱乐场所"}


def _reception(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _uuid(personas), {"announced_date": TODAY_ISO, "place": "西屯街道司法所"}


def _team(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _uuid(personas), {"name": "李秀英", "role": "committee", "sex": "2", "phone": "13904761111"}


def _handover(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    # A term ending in ten days: the appraisal is written in the last month.
    effective = dt.date.today() - dt.timedelta(days=80)
    subject = factories.subject(personas, name=SAMPLE, effective_date=effective, start_date=effective,
                                end_date=dt.date.today() + dt.timedelta(days=10), reported_date=effective + dt.timedelta(days=2))
    return {"uuid": subject.uuid}, {"appraisal": "矫正期间遵守监督管理规定，按时报到，积极参加公益活动。", "needs": "就业"}


WALK.update({
    "corrections:investigation_list": WalkSpec("list", build=_inv_listed, sample=INV_SAMPLE),
    # As for reception: the dialog offers only the offices the user may act in, so the outsider's choice is invalid (422).
    "corrections:investigation_register": WalkSpec("create", build=_register, expect={"outsider": 422}),
    "corrections:investigation_detail": WalkSpec("detail", build=_inv_uuid),
    "corrections:investigation_extend": WalkSpec("write", build=_extend),
    "corrections:investigation_interview": WalkSpec("write", build=_interview),
    "corrections:investigation_issue": WalkSpec("write", build=_issue),
    "corrections:investigation_submit": WalkSpec("write", build=_submit),
    # 备案 is the county 社区矫正机构's review: the county staff persona acts, the office cannot file its own opinion.
    "corrections:investigation_review": WalkSpec("write", build=_review, owner="supervisor"),
    "corrections:arrival_list": WalkSpec("list", build=_arrival_listed, sample=ARRIVAL_SAMPLE),
    "corrections:arrival_notice": WalkSpec("create", build=_notice, expect={"outsider": 422}),
    "corrections:arrival_detail": WalkSpec("detail", build=_arrival_uuid),
    "corrections:arrival_missing": WalkSpec("write", build=_missing),
    "corrections:subject_prohibition": WalkSpec("write", build=_prohibition),
    "corrections:subject_reception": WalkSpec("write", build=_reception),
    "corrections:subject_team": WalkSpec("write", build=_team),
    "corrections:subject_handover": WalkSpec("write", build=_handover),
    "api:investigation_list": WalkSpec("list", build=_inv_listed, sample=INV_SAMPLE),
    "api:investigation_detail": WalkSpec("detail", build=_inv_uuid),
    "api:investigation_register": WalkSpec("create", build=_api_register),
    "api:investigation_extend": WalkSpec("write", build=_extend),
    "api:investigation_interview": WalkSpec("write", build=_interview),
    "api:investigation_issue": WalkSpec("write", build=_issue),
    "api:investigation_submit": WalkSpec("write", build=_submit),
    "api:investigation_review": WalkSpec("write", build=_api_review, owner="supervisor"),
    "api:arrival_list": WalkSpec("list", build=_arrival_listed, sample=ARRIVAL_SAMPLE),
    "api:arrival_detail": WalkSpec("detail", build=_arrival_uuid),
    "api:arrival_notice": WalkSpec("create", build=lambda p: ({}, {**_notice(p)[1], "org": p.office.code})),
    "api:arrival_missing": WalkSpec("write", build=_missing),
    "api:subject_prohibition": WalkSpec("write", build=_prohibition),
    "api:subject_reception": WalkSpec("write", build=_reception),
    "api:subject_team": WalkSpec("write", build=_team),
    "api:subject_handover": WalkSpec("write", build=_handover),
})
