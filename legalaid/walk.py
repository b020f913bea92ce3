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


# ------------------------------------------------------------------------------------------- the 法律援助机构's queue
# Its records belong to the county's 法律援助机构 (公共法律服务中心), not to the owner office: the centre's reviewer acts
# as their owner (``owner=CR``); the county bureau's staff read them and supervise them but do not review (403), except
# the 异议 that the bureau receives and decides (法律援助法 第四十九条: ``owner=SV``); the forwarding office reads its own
# application.
REVIEW_SAMPLE = "其木格"


def _review(personas: Any) -> Any:
    return factories.forwarded_review(personas, name=REVIEW_SAMPLE)


def _review_uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": _review(personas).uuid}


def _review_listed(personas: Any) -> dict[str, Any]:
    _review(personas)
    return {}


def _refused(personas: Any) -> Any:
    from legalaid.centre import review_decide

    review = _review(personas)
    return review_decide(actor=personas.centre_reviewer, review=review, grant=False, reason="家庭月人均收入高于本省经济困难标准")


def _objected(personas: Any) -> Any:
    from legalaid.centre import review_objection_record

    return review_objection_record(actor=personas.supervisor, review=_refused(personas), text="申请人认为收入计算有误")


def _granted(personas: Any) -> Any:
    from legalaid.centre import review_decide

    return review_decide(actor=personas.centre_reviewer, review=_review(personas), grant=True)


def _waiting(personas: Any) -> Any:
    from legalaid.centre import review_request_materials

    return review_request_materials(actor=personas.centre_reviewer, review=_review(personas), materials="工资欠条原件")


def _today() -> str:
    return dt.date.today().isoformat()


def _direct_fields(personas: Any) -> dict[str, Any]:
    return {"org": factories.centre(personas).pk, "name": "白玉山", "phone": "",
            "id_number": valid_id_number(birth="19700101", seq="616"), **_fields()}


def _notice_fields(personas: Any) -> dict[str, Any]:
    return {"org": factories.centre(personas).pk, "received_date": _today(), "authority": "court", "organ": "红山区人民法院",
            "notice_number": "", "matter": "criminal_defence", "name": "包小军",
            "id_number": valid_id_number(birth="20090301", seq="617"), "facts": "被告人系未成年人，没有委托辩护人"}


SV = "supervisor"
CR = "centre_reviewer"
SUPERVISE = {"supervisor": "ok"}  # an act the law gives to the county bureau over the 机构's case
WALK.update({
    "legalaid:review_list": WalkSpec("list", build=_review_listed, sample=REVIEW_SAMPLE, owner=SV),
    "legalaid:review_detail": WalkSpec("detail", build=_review_uuid, owner=SV),
    # The dialogs open only for a user who acts for a 机构: the outsider and the county bureau are refused (403).
    "legalaid:review_create": WalkSpec("create", build=lambda p: ({}, _direct_fields(p)), owner=CR, expect={"outsider": 403}),
    "legalaid:notice_create": WalkSpec("create", build=lambda p: ({}, _notice_fields(p)), owner=CR, expect={"outsider": 403}),
    "legalaid:review_materials": WalkSpec("write", owner=CR, build=lambda p: (
        _review_uuid(p), {"date": _today(), "materials": "劳动合同或工资欠条；家庭经济困难状况说明", "reply_due": ""})),
    "legalaid:review_materials_received": WalkSpec("write", owner=CR, build=lambda p: (
        {"uuid": _waiting(p).uuid}, {"date": _today()})),
    "legalaid:review_advance": WalkSpec("write", owner=CR, build=lambda p: (
        _review_uuid(p), {"date": _today(), "reason": "距劳动仲裁时效届满不足七日", "provider_name": "韩律师", "provider_unit": ""})),
    "legalaid:review_decide": WalkSpec("write", owner=CR, build=lambda p: (
        _review_uuid(p), {"date": _today(), "grant": "1", "monthly_income": "900", "pledge_signed": "on", "reason": ""})),
    "legalaid:review_assign": WalkSpec("write", owner=CR, build=lambda p: (
        {"uuid": _granted(p).uuid}, {"date": _today(), "provider": factories.provider(p).pk})),
    # 异议: received and decided by the county bureau (法律援助法 第四十九条), an act of supervision.
    "legalaid:review_objection": WalkSpec("write", owner=SV, expect=SUPERVISE, build=lambda p: (
        {"uuid": _refused(p).uuid}, {"date": _today(), "text": "申请人认为收入计算有误"})),
    "legalaid:review_objection_decide": WalkSpec("write", owner=SV, expect=SUPERVISE, build=lambda p: (
        {"uuid": _objected(p).uuid}, {"date": _today(), "result": "upheld", "note": "收入核查无误，维持原决定"})),
    "api:legal_aid_review_list": WalkSpec("list", build=_review_listed, sample=REVIEW_SAMPLE, owner=SV),
    "api:legal_aid_review_detail": WalkSpec("detail", build=_review_uuid, owner=SV),
    "api:legal_aid_review_eligibility": WalkSpec("detail", build=_review_uuid, owner=SV),
    "api:legal_aid_review_create": WalkSpec("create", owner=CR, build=lambda p: ({}, {
        "org": factories.centre(p).code, "applicant": {"name": "白玉山", "id_number": valid_id_number(birth="19700101", seq="616")},
        "matter": "labour", "facts": factories.FACTS, "hardship_basis": "statement", "hardship_detail": factories.HARDSHIP})),
    "api:legal_aid_notice_create": WalkSpec("create", owner=CR, build=lambda p: ({}, {
        "org": factories.centre(p).code, "authority": "court", "organ": "红山区人民法院", "name": "包小军",
        "id_number": valid_id_number(birth="20090301", seq="617"), "facts": "被告人系未成年人，没有委托辩护人"})),
    "api:legal_aid_review_materials": WalkSpec("write", owner=CR, build=lambda p: (_review_uuid(p), {"materials": "工资欠条原件"})),
    "api:legal_aid_review_materials_received": WalkSpec("write", owner=CR, build=lambda p: ({"uuid": _waiting(p).uuid}, {})),
    "api:legal_aid_review_advance": WalkSpec("write", owner=CR, build=lambda p: (
        _review_uuid(p), {"reason": "距劳动仲裁时效届满不足七日", "provider_name": "韩律师"})),
    "api:legal_aid_review_decide": WalkSpec("write", owner=CR, build=lambda p: (_review_uuid(p), {"grant": True})),
    "api:legal_aid_review_assign": WalkSpec("write", owner=CR, build=lambda p: (
        {"uuid": _granted(p).uuid}, {"provider": str(factories.provider(p).uuid)})),
    "api:legal_aid_review_objection": WalkSpec("write", owner=SV, expect=SUPERVISE, build=lambda p: (
        {"uuid": _refused(p).uuid}, {"text": "收入计算有误"})),
    "api:legal_aid_review_objection_decide": WalkSpec("write", owner=SV, expect=SUPERVISE, build=lambda p: (
        {"uuid": _objected(p).uuid}, {"result": "upheld", "note": "收入核查无误，维持原决定"})),
})


# ------------------------------------------------------------------------------- 法律援助人员名册 and aid cases
# Like the queue, they belong to the 法律援助机构: the county staff act as owner.
PROVIDER_SAMPLE = "韩立新"
CASE_SAMPLE = "乌日娜"


def _provider_uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": factories.provider(personas, name=PROVIDER_SAMPLE).uuid}


def _provider_fields(personas: Any, **over: Any) -> dict[str, Any]:
    return {"org": factories.centre(personas).pk, "kind": "lawyer", "name": "白律师", "licence_number": "11504201810123456",
            "firm": "红山律师事务所", "practice_since": "2015-03-01", "specialities": "劳动争议", "phone": "",
            "is_active": "on", **over}


def _case(personas: Any) -> Any:
    return factories.case(personas, name=CASE_SAMPLE)


def _case_uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": _case(personas).uuid}


def _ended(personas: Any) -> Any:
    from legalaid.cases import assignment_end

    return assignment_end(actor=personas.centre_reviewer, assignment=_case(personas), result="劳动仲裁委裁决支付拖欠工资")


def _closed(personas: Any) -> Any:
    from legalaid.cases import assignment_close

    return assignment_close(actor=personas.centre_reviewer, assignment=_ended(personas), report="代理申请劳动仲裁，裁决支付全部欠薪。",
                            materials="仲裁裁决书副本、办理情况报告")


def _other_provider(personas: Any) -> Any:
    return factories.provider(personas, name="苏律师", firm="北方律师事务所")


WALK.update({
    "legalaid:provider_list": WalkSpec("list", build=lambda p: (_provider_uuid(p), {})[1], sample=PROVIDER_SAMPLE, owner=SV),
    "legalaid:provider_detail": WalkSpec("detail", build=_provider_uuid, owner=SV),
    # The roster is kept by the 机构 (a registry, not a case); the dialog opens only for a user who acts for one (403).
    "legalaid:provider_create": WalkSpec("create", build=lambda p: ({}, _provider_fields(p)), owner=CR, case=False,
                                         expect={"outsider": 403}),
    "legalaid:provider_edit": WalkSpec("write", owner=CR, case=False, build=lambda p: (
        _provider_uuid(p), {k: v for k, v in _provider_fields(p, name=PROVIDER_SAMPLE, specialities="刑事辩护").items()
                            if k != "org"})),
    "legalaid:assignment_list": WalkSpec("list", build=lambda p: (_case(p), {})[1], sample=CASE_SAMPLE, owner=CR),
    "legalaid:assignment_detail": WalkSpec("detail", build=_case_uuid, owner=CR),
    "legalaid:assignment_progress": WalkSpec("write", owner=CR, build=lambda p: (
        _case_uuid(p), {"date": _today(), "kind": "meeting", "note": "会见受援人，了解欠薪情况"})),
    "legalaid:assignment_end": WalkSpec("write", owner=CR, build=lambda p: (
        _case_uuid(p), {"date": _today(), "result": "劳动仲裁委裁决支付拖欠工资"})),
    "legalaid:assignment_close": WalkSpec("write", owner=CR, build=lambda p: (
        {"uuid": _ended(p).uuid}, {"date": _today(), "report": "代理申请劳动仲裁，裁决支付全部欠薪。", "materials": "仲裁裁决书副本"})),
    "legalaid:assignment_terminate": WalkSpec("write", owner=CR, build=lambda p: (
        _case_uuid(p), {"date": _today(), "ground": "own_counsel", "note": "受援人自行委托律师"})),
    "legalaid:assignment_quality": WalkSpec("write", owner=CR, build=lambda p: (
        {"uuid": _closed(p).uuid}, {"date": _today(), "grade": "good", "note": ""})),
    "legalaid:assignment_visit": WalkSpec("write", owner=CR, build=lambda p: (
        {"uuid": _closed(p).uuid}, {"date": _today(), "satisfaction": "satisfied", "note": ""})),
    "legalaid:assignment_change": WalkSpec("write", owner=CR, build=lambda p: (
        _case_uuid(p), {"date": _today(), "provider": _other_provider(p).pk, "reason": "原承办律师因病不能继续办理"})),
    "api:legal_aid_provider_list": WalkSpec("list", build=lambda p: (_provider_uuid(p), {})[1], sample=PROVIDER_SAMPLE, owner=SV),
    "api:legal_aid_provider_detail": WalkSpec("detail", build=_provider_uuid, owner=SV),
    "api:legal_aid_provider_create": WalkSpec("create", owner=CR, case=False, build=lambda p: ({}, {
        **_provider_fields(p), "org": factories.centre(p).code, "is_active": True})),
    "api:legal_aid_provider_update": WalkSpec("write", method="PATCH", owner=CR, case=False, build=lambda p: (
        _provider_uuid(p), {"specialities": "刑事辩护"})),
    "api:legal_aid_case_list": WalkSpec("list", build=lambda p: (_case(p), {})[1], sample=CASE_SAMPLE, owner=CR),
    "api:legal_aid_case_detail": WalkSpec("detail", build=_case_uuid, owner=CR),
    "api:legal_aid_case_progress": WalkSpec("write", owner=CR, build=lambda p: (
        _case_uuid(p), {"kind": "meeting", "note": "会见受援人"})),
    "api:legal_aid_case_end": WalkSpec("write", owner=CR, build=lambda p: (_case_uuid(p), {"result": "裁决支付拖欠工资"})),
    "api:legal_aid_case_close": WalkSpec("write", owner=CR, build=lambda p: (
        {"uuid": _ended(p).uuid}, {"report": "代理申请劳动仲裁，裁决支付全部欠薪。", "materials": "仲裁裁决书副本"})),
    "api:legal_aid_case_terminate": WalkSpec("write", owner=CR, build=lambda p: (
        _case_uuid(p), {"ground": "own_counsel", "note": "受援人自行委托律师"})),
    "api:legal_aid_case_quality": WalkSpec("write", owner=CR, build=lambda p: ({"uuid": _closed(p).uuid}, {"grade": "good"})),
    "api:legal_aid_case_visit": WalkSpec("write", owner=CR, build=lambda p: (
        {"uuid": _closed(p).uuid}, {"satisfaction": "satisfied"})),
    "api:legal_aid_case_change_provider": WalkSpec("write", owner=CR, build=lambda p: (
        _case_uuid(p), {"provider": str(_other_provider(p).uuid), "reason": "原承办律师因病不能继续办理"})),
})
