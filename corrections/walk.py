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
    # 解除、终止 is the 社区矫正机构's act (社区矫正法 第四十四条), done by the office on its behalf: the county may act.
    "corrections:subject_release": WalkSpec("write", build=_release, expect={"supervisor": "ok"}),
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
    "api:subject_release": WalkSpec("write", build=_release, expect={"supervisor": "ok"}),
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
    # 备案 is the county 社区矫正机构's review: the county staff persona acts (an act of supervision, not narrowed by its
    # 办案范围), the office cannot file its own opinion.
    "corrections:investigation_review": WalkSpec("write", build=_review, owner="supervisor", expect={"supervisor": "ok"}),
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
    "api:investigation_review": WalkSpec("write", build=_api_review, owner="supervisor", expect={"supervisor": "ok"}),
    "api:arrival_list": WalkSpec("list", build=_arrival_listed, sample=ARRIVAL_SAMPLE),
    "api:arrival_detail": WalkSpec("detail", build=_arrival_uuid),
    "api:arrival_notice": WalkSpec("create", build=lambda p: ({}, {**_notice(p)[1], "org": p.office.code})),
    "api:arrival_missing": WalkSpec("write", build=_missing),
    "api:subject_prohibition": WalkSpec("write", build=_prohibition),
    "api:subject_reception": WalkSpec("write", build=_reception),
    "api:subject_team": WalkSpec("write", build=_team),
    "api:subject_handover": WalkSpec("write", build=_handover),
})

# --- 日常监管 (corrections/views_duties.py, corrections/api_duties.py) --------------------------------------------------
# The subject's phone page (corrections/m/) and the positioning system's signed push are outside the walk: the first
# signs in with an ID number and a text-message code, the second with an HMAC signature (see the walk test's ALLOWLIST).
from corrections import duties  # noqa: E402
from corrections.models import months_after  # noqa: E402

DUTY_SAMPLE = "孙立秋"
TODAY = dt.date.today()


def _duty_subject(personas: Any) -> Any:
    """A 缓刑 subject in correction for three months, so last month can be assessed."""
    effective = months_after(TODAY, -3)
    return factories.subject(personas, name=DUTY_SAMPLE, effective_date=effective, start_date=effective,
                             end_date=months_after(effective, 24) - dt.timedelta(days=1), reported_date=effective + dt.timedelta(days=2))


def _scheduled(personas: Any) -> Any:
    subject = _duty_subject(personas)
    duties.schedule_by_level(actor=personas.owner, subject=subject, level="normal", start=TODAY - dt.timedelta(days=3),
                             end=TODAY + dt.timedelta(days=60))
    return subject


def _obligation(personas: Any, kind: str = "talk") -> Any:
    return _scheduled(personas).obligations.filter(kind=kind, status="pending").order_by("due_date").first()


def _trip(personas: Any, days: int = 3) -> Any:
    start = TODAY + dt.timedelta(days=5)
    return duties.request_submit(actor=personas.owner, subject=_duty_subject(personas), data=duties.RequestInput(
        kind="travel", reason="赴赤峰市医院复查", destination="赤峰市松山区", start_date=start, end_date=start + dt.timedelta(days=days - 1)))


def _approved_trip(personas: Any) -> Any:
    trip = _trip(personas)
    duties.request_decide(actor=personas.owner, request=trip, approve=True, note="同意")
    trip.start_date = TODAY - dt.timedelta(days=1)
    trip.save(update_fields=["start_date"])
    return trip


def _monitoring(personas: Any) -> Any:
    return duties.monitoring_start(actor=personas.owner, subject=_duty_subject(personas), data=duties.MonitoringInput(
        trigger="ban_order", facts="违反禁止令进入娱乐场所", approver="王局长", approval_date=TODAY, start_date=TODAY,
        end_date=TODAY + dt.timedelta(days=60), device="DW-0001"))


def _alert(personas: Any) -> Any:
    _monitoring(personas)
    alert, _ = duties.location_alert_receive(data=duties.AlertInput(
        alert_id="W-1", device="DW-0001", kind="out_of_area", occurred_at=dt.datetime.now(dt.UTC), detail="越出红山区"))
    return alert


def _abscond(personas: Any) -> Any:
    return duties.abscond_register(actor=personas.owner, subject=_duty_subject(personas), lost_date=TODAY - dt.timedelta(days=2),
                                   steps="电话联系未接通")


def _sanction(personas: Any) -> Any:
    return duties.sanction_decide(actor=personas.owner, subject=_duty_subject(personas), data=duties.SanctionInput(
        kind="admonition", facts="未按时报到", basis="社区矫正法 第二十八条", decision_date=TODAY))


def _checkin(personas: Any) -> Any:
    subject = _scheduled(personas)
    return duties.report_submit(subject=subject, text="本周遵纪守法，按时参加教育学习。")


def _fulfilment_review(personas: Any) -> Any:
    subject = _scheduled(personas)
    return duties.review_record(actor=personas.owner, subject=subject, period=f"{months_after(TODAY, -1):%Y-%m}")


def _listing(make: Any) -> Any:
    def build(personas: Any) -> dict[str, Any]:
        make(personas)
        return {}
    return build


def _act(action: str, make: Any, data: dict[str, Any]) -> Any:
    return lambda p: ({"action": action, "uuid": make(p).uuid}, data)


_iso = TODAY.isoformat
_LISTS = {
    "obligation_list": _scheduled, "checkin_list": _checkin, "request_list": _trip, "monitoring_list": _monitoring,
    "alert_list": _alert, "abscond_list": _abscond, "sanction_list": _sanction, "review_list": _fulfilment_review,
}
for _name, _make in _LISTS.items():
    WALK[f"corrections:{_name}"] = WalkSpec("list", build=_listing(_make), sample=DUTY_SAMPLE)

WALK["corrections:subject_duties"] = WalkSpec("detail", build=lambda p: {"uuid": _duty_subject(p).uuid})
WALK["corrections:duty_action"] = [
    WalkSpec("write", build=_act("schedule", _duty_subject, {"level": "strict", "start": _iso(),
                                                             "end": (TODAY + dt.timedelta(days=30)).isoformat()})),
    WalkSpec("write", build=_act("request", _duty_subject, {"kind": "visitor", "reason": "亲属探望", "destination": "表哥李明（与案件无关）",
                                                           "start_date": _iso(), "end_date": _iso(), "applied_date": _iso()})),
    WalkSpec("write", build=_act("fulfil", _obligation, {"date": _iso(), "note": "谈话：近期工作和家庭情况"})),
    WalkSpec("write", build=_act("decide", _trip, {"approve": "1", "note": "同意"})),
    WalkSpec("write", build=_act("end", _monitoring, {"date": _iso(), "note": "经评估不需要继续使用"})),
    WalkSpec("write", build=_act("handle", _alert, {"date": _iso(), "handling": "电话核实，已返回"})),
    WalkSpec("write", build=_act("found", _abscond, {"found_date": _iso(), "result": "在外地打工，手机丢失"})),
]

WALK.update({
    "api:obligation_list": WalkSpec("list", build=_listing(_scheduled), sample=DUTY_SAMPLE),
    "api:checkin_list": WalkSpec("list", build=_listing(_checkin), sample=DUTY_SAMPLE),
    "api:subject_request_list": WalkSpec("list", build=_listing(_trip), sample=DUTY_SAMPLE),
    "api:monitoring_list": WalkSpec("list", build=_listing(_monitoring), sample=DUTY_SAMPLE),
    "api:location_alert_list": WalkSpec("list", build=_listing(_alert), sample=DUTY_SAMPLE),
    "api:abscond_list": WalkSpec("list", build=_listing(_abscond), sample=DUTY_SAMPLE),
    "api:sanction_list": WalkSpec("list", build=_listing(_sanction), sample=DUTY_SAMPLE),
    "api:review_list": WalkSpec("list", build=_listing(_fulfilment_review), sample=DUTY_SAMPLE),
    "api:sanction_suggestion_list": WalkSpec("detail", build=lambda p: {"uuid": _duty_subject(p).uuid}),
    "api:obligations_schedule": WalkSpec("write", build=lambda p: ({"uuid": _duty_subject(p).uuid}, {
        "measures": [{"kind": "report", "title": "每周报到", "frequency": "weekly", "legal_basis": "社区矫正法 第二十三条"}],
        "start": _iso(), "end": (TODAY + dt.timedelta(days=30)).isoformat()})),
    "api:obligation_fulfil": WalkSpec("write", build=lambda p: ({"uuid": _obligation(p).uuid}, {"date": _iso(), "note": "谈话"})),
    "api:obligation_excuse": WalkSpec("write", build=lambda p: ({"uuid": _obligation(p).uuid}, {"reason": "住院治疗"})),
    "api:subject_request_submit": WalkSpec("write", build=lambda p: ({"uuid": _duty_subject(p).uuid}, {
        "kind": "travel", "reason": "参与诉讼", "destination": "赤峰市中级人民法院", "start_date": (TODAY + dt.timedelta(days=4)).isoformat(),
        "end_date": (TODAY + dt.timedelta(days=5)).isoformat()})),
    "api:subject_request_refer": WalkSpec("write", build=lambda p: ({"uuid": _trip(p, 10).uuid}, {"note": "外出十日"})),
    "api:subject_request_decide": WalkSpec("write", build=lambda p: ({"uuid": _trip(p).uuid}, {"approve": True, "note": "同意"})),
    "api:subject_request_return": WalkSpec("write", build=lambda p: ({"uuid": _approved_trip(p).uuid}, {"date": _iso()})),
    "api:monitoring_start": WalkSpec("write", build=lambda p: ({"uuid": _duty_subject(p).uuid}, {
        "trigger": "left_area", "facts": "未经批准前往北京", "approver": "王局长", "approval_date": _iso(), "start_date": _iso(),
        "end_date": (TODAY + dt.timedelta(days=30)).isoformat(), "device": "DW-0002"})),
    "api:monitoring_renew": WalkSpec("write", build=lambda p: ({"uuid": _monitoring(p).uuid}, {
        "facts": "经评估仍需使用", "approver": "王局长", "approval_date": _iso(), "end_date": (TODAY + dt.timedelta(days=120)).isoformat()})),
    "api:monitoring_end": WalkSpec("write", build=lambda p: ({"uuid": _monitoring(p).uuid}, {"date": _iso(), "note": "期满解除"})),
    "api:location_alert_handle": WalkSpec("write", build=lambda p: ({"uuid": _alert(p).uuid}, {"date": _iso(), "handling": "电话核实"})),
    "api:abscond_register": WalkSpec("write", build=lambda p: ({"uuid": _duty_subject(p).uuid}, {
        "lost_date": _iso(), "steps": "电话联系未接通"})),
    "api:abscond_step": WalkSpec("write", build=lambda p: ({"uuid": _abscond(p).uuid}, {"step": "走访其父母"})),
    "api:abscond_found": WalkSpec("write", build=lambda p: ({"uuid": _abscond(p).uuid}, {"found_date": _iso(), "result": "已返回"})),
    "api:sanction_decide": WalkSpec("write", build=lambda p: ({"uuid": _duty_subject(p).uuid}, {
        "kind": "warning", "facts": "脱管十二日", "basis": "社区矫正法 第二十八条", "decision_date": _iso()})),
    "api:review_record": WalkSpec("write", build=lambda p: ({"uuid": _duty_subject(p).uuid}, {"period": f"{months_after(TODAY, -1):%Y-%m}"})),
})

# --- 分类管理与矫正方案 (corrections/views_plans.py, corrections/api_plans.py) ------------------------------------------

PLAN_SAMPLE = "陈志明"


def _graded(personas: Any) -> Any:
    from corrections.tests import plan_factories

    subject = plan_factories.receive(personas, PLAN_SAMPLE)
    plan_factories.assess(personas, subject)
    return subject


def _draft(personas: Any) -> Any:
    from corrections.plans import plan_generate

    return plan_generate(actor=personas.owner, subject=_graded(personas))


def _proposal(personas: Any) -> Any:
    from corrections.plans import conditions_update, regrade_scan
    from corrections.tests import plan_factories

    effective = dt.date.today() - dt.timedelta(days=120)
    subject = plan_factories.receive(personas, PLAN_SAMPLE, effective_date=effective, start_date=effective,
                                     reported_date=effective + dt.timedelta(days=2), end_date=effective + dt.timedelta(days=700))
    plan_factories.assess(personas, subject, "high", on=effective + dt.timedelta(days=3))
    conditions_update(actor=personas.owner, subject=subject, values={"review_record": "good"})
    regrade_scan(actor=personas.owner, subjects=subject.__class__.objects.filter(pk=subject.pk))
    return subject.regrade_proposals.get()


def _subject_uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": _graded(personas).uuid}


def _assessment_form(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    from corrections.tests import plan_factories

    subject = plan_factories.receive(personas, PLAN_SAMPLE)
    answers = {f"item_{k}": v for k, v in plan_factories.answers().items()}
    return {"uuid": subject.uuid}, {"kind": "initial", "assessed_on": dt.date.today().isoformat(), **answers}


def _assessment_json(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    from corrections.tests import plan_factories

    subject = plan_factories.receive(personas, PLAN_SAMPLE)
    return {"uuid": subject.uuid}, {"answers": plan_factories.answers(), "override_level": "normal", "override_reason": "家庭监护得力"}


def _assessment_uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": _graded(personas).assessments.get().uuid}


def _plan_uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": _draft(personas).uuid}


def _measure_kwargs(personas: Any) -> dict[str, Any]:
    plan = _draft(personas)
    return {"uuid": plan.uuid, "measure_id": plan.measures.filter(obligation="个别谈话").first().pk}


MEASURE = {"section": "assistance", "title": "协调办理医疗救助", "legal_basis": "社区矫正法 第四十三条", "obligation": "",
           "note": "住院费用负担重"}
SECTIONS = {"basic_facts": "基本情况（修改）", "assessment_result": "评估结果（修改）", "psychology": "心理状态（修改）"}

WALK.update({
    "corrections:subject_grading": WalkSpec("detail", build=_subject_uuid),
    "corrections:conditions_edit": WalkSpec("write", build=lambda p: (_subject_uuid(p), {"education": "junior", "employment": "unemployed"})),
    "corrections:assessment_create": WalkSpec("write", build=_assessment_form),
    "corrections:grade_adjust": WalkSpec("write", build=lambda p: (_subject_uuid(p), {"level": "normal", "reason": "经县级社区矫正机构同意"})),
    "corrections:plan_generate": WalkSpec("write", build=lambda p: (_subject_uuid(p), {})),
    "corrections:assessment_detail": WalkSpec("detail", build=_assessment_uuid),
    "corrections:plan_list": WalkSpec("list", build=lambda p: (_draft(p), {})[1], sample=PLAN_SAMPLE),
    "corrections:plan_detail": WalkSpec("detail", build=_plan_uuid),
    "corrections:plan_edit": WalkSpec("write", build=lambda p: (_plan_uuid(p), SECTIONS)),
    "corrections:plan_approve": WalkSpec("write", build=lambda p: (_plan_uuid(p), {})),
    "corrections:measure_add": WalkSpec("write", build=lambda p: (_plan_uuid(p), MEASURE)),
    "corrections:measure_edit": WalkSpec("write", build=lambda p: (_measure_kwargs(p), {
        "section": "education", "title": "个别教育谈话", "legal_basis": "社区矫正法 第三十六条", "obligation": "个别谈话", "count": "2",
        "period": "month"})),
    "corrections:measure_remove": WalkSpec("write", build=lambda p: (_measure_kwargs(p), {})),
    "corrections:grade_list": WalkSpec("list", build=lambda p: (_graded(p), {})[1], sample=PLAN_SAMPLE),
    "corrections:proposal_list": WalkSpec("list", build=lambda p: (_proposal(p), {})[1], sample=PLAN_SAMPLE),
    "corrections:regrade_run": WalkSpec("create", build=lambda p: ({}, {"org": p.office.pk})),
    "corrections:proposal_decide": WalkSpec("write", build=lambda p: ({"uuid": _proposal(p).uuid}, {"approve": "1", "note": "同意"})),
    "corrections:standards": WalkSpec("self"),
    # Counts by grade in the reader's own scope, no names: every signed-in reader with view rights gets the page.
    "corrections:validation_report": WalkSpec("self", build=lambda p: (_graded(p), {})[1]),
    "api:correction_level_list": WalkSpec("self"),
    "api:correction_rule_set": WalkSpec("self"),
    "api:correction_strategy_list": WalkSpec("self"),
    "api:subject_conditions_detail": WalkSpec("detail", build=_subject_uuid),
    "api:subject_conditions_update": WalkSpec("write", method="PUT", build=lambda p: (_subject_uuid(p), {
        "values": {"substance_use": "alcohol"}})),
    "api:correction_assessment_list": WalkSpec("detail", build=_subject_uuid),
    "api:correction_assessment_create": WalkSpec("write", build=_assessment_json),
    "api:correction_assessment_detail": WalkSpec("detail", build=_assessment_uuid),
    "api:correction_grade_history": WalkSpec("detail", build=_subject_uuid),
    "api:correction_grade_adjust": WalkSpec("write", build=lambda p: (_subject_uuid(p), {"level": "normal", "reason": "经县级社区矫正机构同意"})),
    "api:correction_grade_list": WalkSpec("list", build=lambda p: (_graded(p), {})[1], sample=PLAN_SAMPLE),
    "api:correction_proposal_list": WalkSpec("list", build=lambda p: (_proposal(p), {})[1], sample=PLAN_SAMPLE),
    "api:correction_proposal_decide": WalkSpec("write", build=lambda p: ({"uuid": _proposal(p).uuid}, {"approve": True, "note": "同意"})),
    "api:correction_regrade_run": WalkSpec("create", build=lambda p: ({}, {"org": p.office.code})),
    "api:correction_plan_list": WalkSpec("list", build=lambda p: (_draft(p), {})[1], sample=PLAN_SAMPLE),
    "api:correction_plan_generate": WalkSpec("write", build=lambda p: (_subject_uuid(p), {})),
    "api:correction_plan_detail": WalkSpec("detail", build=_plan_uuid),
    "api:correction_plan_update": WalkSpec("write", method="PATCH", build=lambda p: (_plan_uuid(p), SECTIONS)),
    "api:correction_plan_measure_add": WalkSpec("write", build=lambda p: (_plan_uuid(p), MEASURE)),
    "api:correction_plan_measure_update": WalkSpec("write", method="PUT", build=lambda p: (_measure_kwargs(p), {
        "section": "education", "title": "个别教育谈话", "legal_basis": "社区矫正法 第三十六条", "obligation": "个别谈话", "count": 2,
        "period": "month"})),
    "api:correction_plan_measure_remove": WalkSpec("write", method="DELETE", build=_measure_kwargs),
    "api:correction_plan_approve": WalkSpec("write", build=lambda p: (_plan_uuid(p), {})),
    "api:correction_plan_obligations": WalkSpec("detail", build=_plan_uuid),
    "api:correction_grade_validation": WalkSpec("self", build=lambda p: (_graded(p), {})[1]),
})


# --- 重新违法犯罪 and 变更执行地 (corrections/views_records.py, corrections/api_records.py) -----------------------------

REOFFENCE_SAMPLE = "韩立新"
TRANSFER_SAMPLE = "邵国庆"


def _reoffence(personas: Any) -> Any:
    from corrections.reoffences import ReoffenceInput, reoffence_record

    subject = factories.subject(personas, name=REOFFENCE_SAMPLE)
    return reoffence_record(actor=personas.owner, subject=subject, data=ReoffenceInput(
        discovered_date=TODAY, nature="illegal", description="酒后在饭店寻衅滋事", authority="赤峰市公安局红山区分局"))


def _transfer(personas: Any) -> Any:
    """A change of the place of execution decided for a subject of the owner office, to the other office of the county."""
    from corrections.transfers import TransferInput, transfer_approve

    subject = factories.subject(personas, name=TRANSFER_SAMPLE)
    return transfer_approve(actor=personas.owner, subject=subject, data=TransferInput(
        to_office=personas.sibling_office, new_address="红山区三中街街道", reason="购房迁居", decision_date=TODAY))


def _transferred_in(personas: Any) -> Any:
    """A subject the county moved from the other office of the county to the owner office: handed over, not yet reported.
    The other office's steps are taken by a county user whose role grants case writes (no persona works there)."""
    from corrections.services import subject_receive
    from corrections.transfers import TransferInput, transfer_approve, transfer_handover

    other = personas.caseworker
    subject = subject_receive(actor=other, org=personas.sibling_office, person=factories.person(TRANSFER_SAMPLE),
                              data=factories.data())
    transfer = transfer_approve(actor=other, subject=subject, data=TransferInput(
        to_office=personas.office, new_address="红山区西屯街道", reason="随子女迁居", decision_date=TODAY))
    transfer_handover(actor=other, transfer=transfer, date=TODAY)
    return subject


_REOFFENCE_FORM = {"discovered_date": _iso(), "nature": "illegal", "description": "醉酒后殴打他人，致轻微伤",
                   "authority": "赤峰市公安局红山区分局", "outcome": "pending"}

WALK.update({
    "corrections:reoffence_list": WalkSpec("list", build=_listing(_reoffence), sample=REOFFENCE_SAMPLE),
    "corrections:reoffence_detail": WalkSpec("detail", build=lambda p: {"uuid": _reoffence(p).uuid}),
    "corrections:reoffence_record": WalkSpec("write", build=lambda p: ({"uuid": _duty_subject(p).uuid}, _REOFFENCE_FORM)),
    "corrections:reoffence_edit": WalkSpec("write", build=lambda p: ({"uuid": _reoffence(p).uuid}, {
        **_REOFFENCE_FORM, "outcome": "public_security", "outcome_date": _iso(), "outcome_note": "行政拘留五日"})),
    "corrections:transfer_list": WalkSpec("list", build=_listing(_transfer), sample=TRANSFER_SAMPLE),
    "corrections:transfer_detail": WalkSpec("detail", build=lambda p: {"uuid": _transfer(p).uuid}),
    "corrections:transfer_approve": WalkSpec("write", build=lambda p: ({"uuid": _duty_subject(p).uuid}, {
        "to_office": p.sibling_office.pk, "new_address": "红山区三中街街道", "reason": "购房迁居", "decision_date": _iso()})),
    "corrections:transfer_handover": WalkSpec("write", build=lambda p: ({"uuid": _transfer(p).uuid}, {"date": _iso()})),
    "corrections:transfer_cancel": WalkSpec("write", build=lambda p: ({"uuid": _transfer(p).uuid}, {"reason": "对象放弃迁居", "date": _iso()})),
    "corrections:transfer_report": WalkSpec("write", build=lambda p: ({"uuid": _transferred_in(p).uuid}, {"date": _iso()})),
    "api:reoffence_list": WalkSpec("list", build=_listing(_reoffence), sample=REOFFENCE_SAMPLE),
    "api:reoffence_detail": WalkSpec("detail", build=lambda p: {"uuid": _reoffence(p).uuid}),
    "api:reoffence_record": WalkSpec("write", build=lambda p: ({"uuid": _duty_subject(p).uuid}, _REOFFENCE_FORM)),
    "api:reoffence_update": WalkSpec("write", method="PATCH", build=lambda p: ({"uuid": _reoffence(p).uuid}, {
        "outcome": "public_security", "outcome_date": _iso(), "outcome_note": "行政拘留五日"})),
    "api:transfer_list": WalkSpec("list", build=_listing(_transfer), sample=TRANSFER_SAMPLE),
    "api:transfer_detail": WalkSpec("detail", build=lambda p: {"uuid": _transfer(p).uuid}),
    "api:transfer_approve": WalkSpec("write", build=lambda p: ({"uuid": _duty_subject(p).uuid}, {
        "to_office": p.sibling_office.code, "new_address": "红山区三中街街道", "reason": "购房迁居", "decision_date": _iso()})),
    "api:transfer_handover": WalkSpec("write", build=lambda p: ({"uuid": _transfer(p).uuid}, {"date": _iso()})),
    "api:transfer_cancel": WalkSpec("write", build=lambda p: ({"uuid": _transfer(p).uuid}, {"reason": "对象放弃迁居", "date": _iso()})),
    "api:transfer_report": WalkSpec("write", build=lambda p: ({"uuid": _transferred_in(p).uuid}, {"date": _iso()})),
})
