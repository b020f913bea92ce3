"""Permission-walk specs for 人民调解 (see core/walk.py)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.testing import valid_id_number
from core.walk import WalkSpec
from mediation.choices import PartyRole
from mediation.services import (
    AgreementInput,
    PerformanceInput,
    agreement_make,
    dispute_accept,
    dispute_close,
    expert_add,
    performance_record,
    session_record,
)
from mediation.tests import factories
from reports.selectors import default_period

DISPUTE = "王大山与李二河宅基地纠纷"
MEDIATOR = "赵调解"
EXPERT = "周律师"


def _disputes(personas: Any) -> dict[str, Any]:
    factories.dispute(personas, title=DISPUTE)
    return {}


def _dispute(personas: Any) -> dict[str, Any]:
    return {"uuid": factories.dispute(personas, title=DISPUTE).uuid}


def _register(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {
        "org": personas.office.pk, "title": "张某与刘某借款纠纷", "category": "contract", "source": "application",
        "received_date": dt.date.today().isoformat(), "facts": "刘某借张某5000元到期未还。", "claims": "归还借款", "amount": "5000",
        "people_count": "2", "applicant_name": "张某某", "applicant_id_number": valid_id_number(seq="401"),
        "applicant_phone": "13900000001", "respondent_name": "刘某某", "respondent_id_number": "", "respondent_phone": "",
    }


def _accept(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    mediator = factories.mediator(personas, MEDIATOR)
    kwargs = {"uuid": factories.dispute(personas, title=DISPUTE).uuid, "action": "accept"}
    return kwargs, {"accepted_date": dt.date.today().isoformat(), "mediators": [mediator.pk]}


def _mediators(personas: Any) -> dict[str, Any]:
    factories.mediator(personas, MEDIATOR)
    return {}


def _training(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    mediator = factories.mediator(personas, MEDIATOR)
    return {"uuid": mediator.uuid}, {"date": dt.date.today().isoformat(), "hours": "4", "topic": "民法典婚姻家庭编"}


def _appoint(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {"org": personas.committee.pk, "name": "孙女士", "id_number": valid_id_number(seq="602"), "sex": "2",
                "position": "chair", "specialities": "婚姻家庭"}


def _experts(personas: Any) -> dict[str, Any]:
    expert_add(actor=personas.owner, org=personas.office, name=EXPERT, kind="lawyer", speciality="婚姻家庭、继承")
    return {}


def _expert_new(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {"name": "吴专家", "kind": "lawyer", "speciality": "劳动争议", "phone": "13900000002"}


HX = {"HTTP_HX_REQUEST": "true"}

WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "mediation:dispute_list": WalkSpec("list", build=_disputes, sample=DISPUTE),
    # Dialogs offer only the orgs the user may write in, so the owner office is an invalid choice (422).
    "mediation:dispute_create": WalkSpec("create", build=_register, headers=HX, expect={"outsider": 422}),
    # The import dialog lets each office import into its own orgs; the auditor may not import at all.
    "mediation:dispute_import": WalkSpec("create", method="GET", expect={"outsider": "ok"}),
    "mediation:dispute_import_template": WalkSpec("self"),
    "mediation:dispute_detail": WalkSpec("detail", build=_dispute),
    "mediation:dispute_action": WalkSpec("write", build=_accept, headers=HX),
    # 上传笔录 only proposes the dialogs' values and saves nothing, so the walk opens the dialog (which needs change rights).
    "mediation:dispute_transcript": WalkSpec("write", method="GET", build=lambda p: {"uuid": _accepted(p).uuid}, headers=HX),
    # The grid report page lists the reporter's own orgs; it has no target org to refuse.
    "mediation:grid_report": WalkSpec("create", method="GET", expect={"outsider": "ok"}),
    "mediation:mediator_list": WalkSpec("list", build=_mediators, sample=MEDIATOR),
    # Choosing a mediator is the committee's act (人民调解法 第十三条) and registers the person in the office's 人员信息库,
    # which the county does not write: 403 for the supervisor, as for a case.
    "mediation:mediator_create": WalkSpec("create", build=_appoint, headers=HX, expect={"outsider": 422}),
    # The registries of a case module (调解员 and their 培训, 调委会, 专家库) are not cases: the county keeps them with the
    # committees (人民调解法 第五条、第十四条), so its 办案范围 does not narrow these writes.
    "mediation:mediator_training": WalkSpec("write", build=_training, headers=HX, case=False),
    "mediation:committee_list": WalkSpec("list", sample="一西街社区人民调解委员会"),
    "mediation:committee_detail": WalkSpec("detail", build=lambda p: {"code": p.committee.code}),
    "mediation:committee_profile_edit": WalkSpec("write", build=lambda p: ({"code": p.committee.code}, {
        "committee_type": "community", "established": "2011-06-01", "term_start": "2024-01-01"}), headers=HX, case=False),
    "mediation:expert_list": WalkSpec("list", build=_experts, sample=EXPERT),
    # An expert is registered in the user's own org: the outsider's request is a permitted write of their own.
    "mediation:expert_create": WalkSpec("create", build=_expert_new, headers=HX, expect={"outsider": "ok"}, case=False),
    "mediation:statistics": WalkSpec("list", build=_disputes, sample="西屯街道司法所"),
}


# --- API: each step of the life cycle on a sample in the state that step needs, built through the services ---


def _today() -> str:
    return dt.date.today().isoformat()


def _accepted(personas: Any) -> Any:
    dispute = factories.dispute(personas, title=DISPUTE)
    return dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=dt.date.today() - dt.timedelta(days=10))


def _mediating(personas: Any) -> Any:
    dispute = _accepted(personas)
    session_record(actor=personas.owner, dispute=dispute, date=dt.date.today() - dt.timedelta(days=5), place="调解室",
                   hosts=MEDIATOR, record="双方陈述了各自意见。")
    return dispute


def _agreed(personas: Any) -> Any:
    dispute = _mediating(personas)
    respondent = dispute.parties.get(role=PartyRole.RESPONDENT)
    agreement_make(actor=personas.owner, dispute=dispute, data=AgreementInput(
        kind="written", facts="宅基地界址争议。", content="李二河拆除占地围墙并补偿2000元。", signed_date=dt.date.today() - dt.timedelta(days=3),
        amount=Decimal(2000), items=[PerformanceInput(obligor_party_id=respondent.pk, description="支付补偿款", amount=Decimal(2000),
                                                       due_date=dt.date.today() + dt.timedelta(days=10))]))
    return dispute


def _performed(personas: Any) -> Any:
    dispute = _agreed(personas)
    performance_record(actor=personas.owner, item=dispute.agreement.items.get(), performed_date=dt.date.today())
    return dispute


def _closed(personas: Any) -> Any:
    dispute = _performed(personas)
    return dispute_close(actor=personas.owner, dispute=dispute, date=dt.date.today())


def _api_step(state: Any, data: Any) -> Any:
    """(kwargs, body) for a step on a dispute built by ``state``; ``data`` may be a function of (personas, dispute)."""

    def build(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        dispute = state(personas)
        return {"uuid": dispute.uuid}, data(personas, dispute) if callable(data) else data

    return build


def _api_register(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {
        "org": personas.office.code, "title": "张某与刘某借款纠纷", "category": "contract", "facts": "刘某借张某5000元到期未还。",
        "amount": "5000", "parties": [{"role": "applicant", "name": "张某某", "id_number": valid_id_number(seq="411")},
                                      {"role": "respondent", "name": "刘某某"}],
    }


def _api_accept(personas: Any, dispute: Any) -> dict[str, Any]:
    return {"accepted_date": _today(), "mediators": [str(factories.mediator(personas, MEDIATOR).uuid)]}


def _api_assign(personas: Any, dispute: Any) -> dict[str, Any]:
    return {"mediators": [str(factories.mediator(personas, MEDIATOR).uuid)]}


def _api_agreement(personas: Any, dispute: Any) -> dict[str, Any]:
    respondent = dispute.parties.get(role=PartyRole.RESPONDENT)
    return {"kind": "written", "facts": "宅基地界址争议。", "content": "李二河拆除占地围墙。", "signed_date": _today(),
            "items": [{"obligor_party_id": respondent.pk, "description": "拆除围墙", "due_date": _today()}]}


def _api_performance(personas: Any, dispute: Any) -> dict[str, Any]:
    return {"item": dispute.agreement.items.get().pk, "performed_date": _today()}


def _mediator_uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": factories.mediator(personas, MEDIATOR).uuid}


WALK.update({
    "api:dispute_list": WalkSpec("list", build=_disputes, sample=DISPUTE),
    "api:dispute_register": WalkSpec("create", build=_api_register),
    "api:dispute_detail": WalkSpec("detail", build=_dispute),
    "api:dispute_update": WalkSpec("write", method="PATCH", build=_api_step(lambda p: factories.dispute(p, title=DISPUTE), {"title": "新标题"})),
    "api:dispute_accept": WalkSpec("write", build=_api_step(lambda p: factories.dispute(p, title=DISPUTE), _api_accept)),
    "api:dispute_reject": WalkSpec("write", build=_api_step(lambda p: factories.dispute(p, title=DISPUTE),
                                                            {"reason": "party_refuses", "date": _today()})),
    "api:dispute_assign": WalkSpec("write", build=_api_step(_accepted, _api_assign)),
    # 分级调处: the county may take a dispute up (联合调解), an act of supervision not narrowed by its 办案范围.
    "api:dispute_escalate": WalkSpec("write", build=_api_step(lambda p: factories.dispute(p, title=DISPUTE, org=p.committee),
                                                              lambda p, d: {"to_org": p.office.code, "reason": "村调委会调解不成"}),
                                     expect={"supervisor": "ok"}),
    "api:dispute_report_risk": WalkSpec("write", build=_api_step(_accepted, {"note": "双方情绪激动，扬言动手"})),
    "api:dispute_investigation": WalkSpec("write", build=_api_step(_accepted, {
        "place": "现场", "investigators": MEDIATOR, "respondent": "邻居孙某", "content": "围墙确实越界约半米。"})),
    "api:dispute_session": WalkSpec("write", build=_api_step(_accepted, {
        "place": "调解室", "hosts": MEDIATOR, "record": "双方陈述了各自意见。"})),
    "api:dispute_agreement": WalkSpec("write", build=_api_step(_mediating, _api_agreement)),
    "api:dispute_fail": WalkSpec("write", build=_api_step(_mediating, {"routes": "已告知可以向人民法院起诉。"})),
    "api:dispute_performance": WalkSpec("write", build=_api_step(_agreed, _api_performance)),
    "api:dispute_confirmation": WalkSpec("write", build=_api_step(_agreed, {"result": "已裁定确认有效"})),
    "api:dispute_followup": WalkSpec("write", build=_api_step(_agreed, lambda personas, dispute: {
        "visitor": MEDIATOR, "visited": "王大山", "performance": "partial", "satisfaction": "satisfied", "situation": "已拆除围墙。",
        "performed_items": [dispute.agreement.items.get().pk]})),
    "api:dispute_unperformed": WalkSpec("write", build=_api_step(_agreed, lambda personas, dispute: {
        "item": dispute.agreement.items.get().pk, "route": "next_step", "note": "已告知可以向人民法院起诉。"})),
    "api:dispute_close": WalkSpec("write", build=_api_step(_performed, {})),
    "api:dispute_archive": WalkSpec("write", build=_api_step(_closed, {})),
    "api:mediator_list": WalkSpec("list", build=_mediators, sample=MEDIATOR),
    "api:mediator_detail": WalkSpec("detail", build=_mediator_uuid),
    "api:committee_list": WalkSpec("list", sample="一西街社区人民调解委员会"),
    "api:committee_detail": WalkSpec("detail", build=lambda p: {"code": p.committee.code}),
    "api:expert_list": WalkSpec("list", build=_experts, sample=EXPERT),
})


def _office_report(personas: Any) -> dict[str, Any]:
    factories.dispute(personas)
    return {"code": "mediation_work", "org": personas.office.code, "period": default_period(timezone.localdate()).token}


def _report_download(fmt: str) -> WalkSpec:
    return WalkSpec("detail", build=lambda p: {**_office_report(p), "fmt": fmt})


# 统计报表 pages with the table this module declares (reports sits below the modules whose tables it shows).
WALK.update({
    "reports:table": WalkSpec("detail", build=_office_report),
    "reports:download": [_report_download("xlsx"), _report_download("docx")],
    "api:report_table": WalkSpec("detail", build=_office_report),
    "api:report_download": [_report_download("xlsx"), _report_download("docx")],
})


def _api_transcript(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = f"时间：{_today()}\n地点：调解室\n调解员{MEDIATOR}：请申请人陈述。\n申请人王大山：围墙占了我家宅基地。\n被申请人李二河：我同意拆除围墙。\n"
    return {"uuid": _accepted(personas).uuid}, {"file": SimpleUploadedFile("笔录.txt", text.encode())}


# 上传笔录 proposes the two bodies and saves nothing: a read for those who may change the dispute, refused to the auditor.
# A transcript read into an accepted dispute proposes a change to it: refused to the auditor and the county (办案范围).
WALK["api:dispute_transcript"] = WalkSpec("detail", method="POST", build=_api_transcript, expect={"readonly": 403, "supervisor": 403})


def _api_appoint(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {"org": personas.committee.code, "name": "孙女士", "id_number": valid_id_number(seq="612"), "sex": "2",
                "position": "chair", "specialities": "婚姻家庭"}


WALK.update({
    "api:mediator_appoint": WalkSpec("create", build=_api_appoint),
    "api:mediator_training": WalkSpec("write", build=lambda p: (_mediator_uuid(p), {"hours": "4", "topic": "民法典婚姻家庭编"}), case=False),
    "api:committee_profile_save": WalkSpec("write", method="PUT", build=lambda p: ({"code": p.committee.code}, {
        "committee_type": "community", "established": "2011-06-01", "term_start": "2024-01-01"}), case=False),
    # An expert is registered in the user's own org: the outsider's request is a permitted write of their own.
    "api:expert_create": WalkSpec("create", case=False, build=lambda p: ({}, {"name": "吴专家", "kind": "lawyer", "speciality": "劳动争议"}),
                                  expect={"outsider": "ok"}),
    "api:dispute_statistics": WalkSpec("list", build=_disputes),
})


def _api_import(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The import template itself: its second row is a valid example dispute."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.imports import template_bytes
    from mediation.imports import COLUMNS, EXAMPLE

    content = template_bytes(title="矛盾纠纷导入模板", columns=COLUMNS, example=EXAMPLE)
    return {}, {"file": SimpleUploadedFile("纠纷.xlsx", content), "org": personas.committee.code}


# The outsider names the owner's committee, which it cannot see (404); the auditor may not register disputes (403).
WALK["api:dispute_import"] = WalkSpec("create", build=_api_import)


def _unverified_application(personas: Any) -> Any:
    """A citizen's online application whose applicant gave an ID number the office registered under another name:
    the applicant party is flagged 身份待核实."""
    from mediation.choices import Source
    from mediation.services import DisputeInput, PartyInput, dispute_register
    from people.services import PersonInput, person_create, person_find_or_create

    number = valid_id_number(birth="19760518", seq="403")
    person_create(actor=personas.owner, org=personas.office, data=PersonInput(name="王登记", id_number=number))
    applicant = person_find_or_create(actor=None, org=personas.office,
                                      data=PersonInput(name="王另名", id_number=number, phone="13900000009"))
    respondent = person_find_or_create(actor=None, org=personas.office, data=PersonInput(name="李某某"))
    dispute = dispute_register(actor=None, org=personas.office, receipt_code="WALKCODE23", receipt_phone="13900000009",
                               data=DisputeInput(title="王另名与李某某邻里纠纷", category="neighbour", facts="排水沟堵塞引发争执。",
                                                 received_date=dt.date.today(), source=Source.APPLICATION,
                                                 parties=[PartyInput(applicant, PartyRole.APPLICANT),
                                                          PartyInput(respondent, PartyRole.RESPONDENT)]))
    return dispute, dispute.parties.get(role=PartyRole.APPLICANT)


def _identity_merge(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    dispute, party = _unverified_application(personas)
    return {"uuid": dispute.uuid, "action": "identity-merge"}, {"party": party.pk}


def _identity_correct(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    dispute, party = _unverified_application(personas)
    return {"uuid": dispute.uuid, "action": "identity-correct"}, {
        "party": party.pk, "name": "王另名", "id_number": valid_id_number(birth="19760518", seq="405")}


def _api_identity(page: Any) -> Any:
    def build(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        kwargs, body = page(personas)
        return {"uuid": kwargs["uuid"]}, body
    return build


# 身份待核实 of an online application: 合并（同一人） and 更正, on the case page and over the API.
WALK["mediation:dispute_action"] = [WALK["mediation:dispute_action"],  # type: ignore[list-item]
                                    WalkSpec("write", build=_identity_merge, headers=HX),
                                    WalkSpec("write", build=_identity_correct, headers=HX)]
WALK["api:dispute_identity_merge"] = WalkSpec("write", build=_api_identity(_identity_merge))
WALK["api:dispute_identity_correct"] = WalkSpec("write", build=_api_identity(_identity_correct))
