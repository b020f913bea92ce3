"""人民调解 pages: 矛盾纠纷台账, registration, the case page with one dialog per step, mediators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters

from accounts.permissions import require_create_orgs
from accounts.selectors import post_org, writable_orgs
from core.access import access_object, can_supervise, require_perm
from core.deadlines import open_deadlines_for
from core.details import RecordView
from core.dictionaries import dict_label
from core.errors import AccessDenied, ErrorCollector, SifasuoError
from core.exports import xlsx_response
from core.forms import SamePersonField, attach_error, client_ip, handle_dialog
from core.http import AuthedRequest
from core.imports import import_dialog, template_bytes
from core.lists import ScopedListView
from mediation import forms as f
from mediation import selectors, services
from mediation.choices import PartyRole, Source, Status
from mediation.filtersets import CommitteeFilterSet, DisputeFilterSet, ExpertFilterSet, MediatorFilterSet
from mediation.models import CommitteeProfile, Dispute, Expert, Mediator, PerformanceItem
from mediation.tables import CommitteeTable, DisputeTable, ExpertTable, MediatorTable, committee_type_text
from orgs.models import Org
from orgs.selectors import registering_office
from people.models import Person
from people.services import PersonInput, person_find_or_create, registered_under_other_name

S = Status


def dispute_create_orgs(user: Any) -> Any:
    """The 调委会 and 司法所 where the user may file a dispute (办案范围)."""
    return writable_orgs(user, Dispute).filter(kind__in=HANDLING_KINDS)


class DisputeListView(ScopedListView):
    model = Dispute
    filterset_class = DisputeFilterSet
    table_class = DisputeTable
    title = "矛盾纠纷台账"
    create_url_name = "mediation:dispute_create"
    create_orgs = dispute_create_orgs
    import_url_name = "mediation:dispute_import"
    export_filename = "矛盾纠纷台账"
    export_columns = [
        ("受理编号", lambda d: d.number),
        ("纠纷名称", lambda d: d.title),
        ("纠纷类型", lambda d: dict_label("dispute_category", d.category)),
        ("当事人", lambda d: "、".join(f"{p.get_role_display()}{p.person.name}" for p in d.parties.all())),
        ("案件来源", lambda d: d.get_source_display()),
        ("登记日期", lambda d: d.received_date),
        ("受理日期", lambda d: d.accepted_date),
        ("状态", lambda d: d.get_status_display()),
        ("调解结果", lambda d: d.get_outcome_display()),
        ("涉及金额（元）", lambda d: float(d.amount)),
        ("涉及人数", lambda d: d.people_count),
        ("群体性纠纷", lambda d: "是" if d.is_group else "否"),
        ("可能民转刑", lambda d: "是" if d.may_turn_criminal else "否"),
        ("调解员", lambda d: "、".join(m.person.name for m in d.mediators.all())),
        ("办理单位", lambda d: d.org.name),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.dispute_list(request.user)


def _or_dash(value: float | None) -> float | str:
    return "—" if value is None else value


class MediatorListView(ScopedListView):
    model = Mediator
    filterset_class = MediatorFilterSet
    table_class = MediatorTable
    selector = selectors.mediator_registry
    title = "人民调解员"
    create_url_name = "mediation:mediator_create"
    export_filename = "人民调解员名册"
    export_columns = [
        ("姓名", lambda m: m.person.name),
        ("性别", lambda m: m.person.get_sex_display()),
        ("调解组织", lambda m: m.org.name),
        ("职务", lambda m: m.get_position_display()),
        ("专职", lambda m: "是" if m.is_full_time else "否"),
        ("擅长领域", lambda m: m.specialities),
        ("培训学时", lambda m: float(m.training_hours)),
        ("办理纠纷", lambda m: m.cases_handled),
        ("调解数", lambda m: m.cases_mediated),
        ("调解成功数", lambda m: m.cases_settled),
        ("调解成功率（%）", lambda m: _or_dash(selectors.success_rate(m.cases_settled, m.cases_mediated))),
    ]


HANDLING_KINDS = [Org.Kind.COMMITTEE, Org.Kind.OFFICE]


@login_required
@sensitive_post_parameters("applicant_id_number", "respondent_id_number")
def dispute_create(request: AuthedRequest) -> HttpResponse:
    require_perm(request.user, "mediation.add_dispute", what="登记矛盾纠纷")
    orgs = require_create_orgs(dispute_create_orgs(request.user), what="登记矛盾纠纷")
    form = f.DisputeRegisterForm(request.POST or None, orgs=orgs, initial={"org": post_org(request.user, orgs)})

    def save(cd: dict[str, Any]) -> str:
        org = cd["org"]
        parties, errors = [], ErrorCollector()
        for role, prefix in ((PartyRole.APPLICANT, "applicant"), (PartyRole.RESPONDENT, "respondent")):
            with errors.check(prefix=f"{prefix}_", party=PartyRole(role).label):  # each party's error at its own fields
                person = person_find_or_create(actor=request.user, org=registering_office(org), data=PersonInput(
                    name=cd[f"{prefix}_name"], id_number=cd[f"{prefix}_id_number"], phone=cd[f"{prefix}_phone"],
                    same_person=SamePersonField.confirmed(cd, cd[f"{prefix}_id_number"])))
                parties.append(services.PartyInput(person=person, role=role))
        errors.raise_if_any()
        dispute = services.dispute_register(actor=request.user, org=org, data=services.DisputeInput(
            title=cd["title"], category=cd["category"], source=cd["source"], received_date=cd["received_date"],
            facts=cd["facts"], claims=cd["claims"], amount=cd["amount"] or Decimal(0), people_count=cd["people_count"],
            is_group=cd["is_group"], may_turn_criminal=cd["may_turn_criminal"], parties=parties))
        return f"已登记纠纷：{dispute.title}"

    return handle_dialog(request, form=form, title="登记矛盾纠纷", save=save, redirect_to="/mediation/disputes/")


@login_required
def dispute_detail(request: AuthedRequest, uuid: str) -> HttpResponse:
    dispute = selectors.dispute_detail(request.user, uuid)
    if dispute is None:
        raise Http404("未找到该纠纷，或您无权查看")
    can_change = Dispute.objects.visible_to(request.user, "change").filter(pk=dispute.pk).exists()
    agreement = getattr(dispute, "agreement", None)
    return render(request, "mediation/dispute_detail.html", {
        "title": dispute.title,
        "dispute": dispute,
        "agreement": agreement,
        "items": list(agreement.items.select_related("obligor__person")) if agreement else [],
        "category": dict_label("dispute_category", dispute.category),
        "deadlines": list(open_deadlines_for(dispute).order_by("due_date")),
        "actions": [(code, a.label, a.style) for code, a in ACTIONS.items()
                    if a.available(dispute) and (can_change or (a.right == "supervise" and can_supervise(request.user, dispute)))],
        "identity_actions": can_change,
        "can_upload_transcript": can_change and dispute.status in TRANSCRIPT_STATUSES,
        "agreement_draft": can_change and ACTIONS["agreement"].available(dispute) and bool(_draft(request, dispute, "agreement")),
        "breadcrumbs": [("矛盾纠纷台账", "/mediation/disputes/"), (dispute.title, "")],
    })


@dataclass(frozen=True)
class Action:
    """One step a user can take on a dispute: a dialog form and the service it calls."""

    label: str
    statuses: tuple[str, ...]
    form: Callable[[AuthedRequest, Dispute], Any]
    save: Callable[[AuthedRequest, Dispute, dict[str, Any], Any], str]
    style: str = "outline-primary"
    needs_agreement: bool = False
    # Offered beside a party, not in the case's action bar (合并/更正 of a party whose identity is to be checked).
    per_party: bool = False
    # The right the step needs: "change" (the handling office's work, narrowed by the role's 办案范围) or "supervise"
    # (分级调处 up to the county: the county takes the dispute up for 联合调解, over its whole data scope).
    right: str = "change"

    def available(self, dispute: Dispute) -> bool:
        if dispute.status not in self.statuses or self.per_party:
            return False
        return not self.needs_agreement or hasattr(dispute, "agreement")


def _agreement_save(request: AuthedRequest, d: Dispute, cd: dict[str, Any], form: Any) -> str:
    items = [services.PerformanceInput(obligor_party_id=o, description=desc, amount=amt, due_date=due)
             for o, desc, amt, due in form.items()]
    services.agreement_make(actor=request.user, dispute=d, data=services.AgreementInput(
        kind=cd["kind"], facts=cd["facts"], content=cd["content"], signed_date=cd["signed_date"],
        responsibilities=cd["responsibilities"], performance_method=cd["performance_method"],
        amount=cd["amount"] or Decimal(0), items=items))
    _draft_used(request, d, "agreement")
    return "已记录调解协议，司法确认申请期开始计算"


def _open_items(dispute: Dispute) -> Any:
    """The agreement's performance items neither performed nor given a next step."""
    return PerformanceItem.objects.filter(agreement__dispute=dispute, performed_date__isnull=True, unperformed_route="")


def _data(request: AuthedRequest) -> Any:
    return request.POST or None


def _unverified_parties(request: AuthedRequest, dispute: Dispute) -> list[Any]:
    """The parties flagged 身份待核实, each labelled with the name the office registered for that number (the user's
    own office's row: ``visible_to``), for the 合并 and 更正 dialogs."""
    parties = list(dispute.parties.select_related("person").filter(identity_unverified=True))
    visible = Person.objects.visible_to(request.user, "view")
    for party in parties:
        registered = registered_under_other_name(party.person)
        party.registered = (  # type: ignore[attr-defined]
            registered if registered is not None and visible.filter(pk=registered.pk).exists() else None)
    return parties


def _identity_form(form_class: Any) -> Callable[[AuthedRequest, Dispute], Any]:
    def build(request: AuthedRequest, dispute: Dispute) -> Any:
        parties = _unverified_parties(request, dispute)
        form = form_class(_data(request), parties=parties, initial={"party": request.GET.get("party")})
        form.fields["party"].help_text = "；".join(
            f"{p.person.name}：本所登记为“{p.registered.name}”" + (f"（电话 {p.registered.phone}）" if p.registered.phone else "")
            for p in parties if p.registered is not None)
        return form
    return build


# --- what a dialog starts from: the facts the platform already holds, never a guess about what happened ---

def _mediator_names(dispute: Dispute) -> str:
    return "、".join(m.person.name for m in dispute.mediators.select_related("person").order_by("person__name"))


def _party_names(dispute: Dispute) -> str:
    return "、".join(p.person.name for p in dispute.parties.select_related("person").order_by("role", "id"))


def _known(request: AuthedRequest, dispute: Dispute, part: str) -> dict[str, Any]:
    """Initial values of a step's dialog: 主持调解员 and 调查人 are the assigned mediators, the agreement's 纠纷主要事实
    the registered facts, the 回访人 the user and the 回访对象 the parties; a transcript's proposal goes over them."""
    known: dict[str, Any] = {}
    if part in ("session", "investigate"):
        known["hosts" if part == "session" else "investigators"] = _mediator_names(dispute)
    elif part == "agreement":
        known["facts"] = dispute.facts
    elif part == "followup":
        known = {"visitor": request.user.display_name, "visited": _party_names(dispute)}
    elif part == "assign":
        known = {"mediators": list(dispute.mediators.all()), "experts": list(dispute.experts.all())}
    return {**{k: v for k, v in known.items() if v}, **(_draft(request, dispute, part) or {})}


# --- 上传笔录: the transcript's proposal waits in the user's session until the mediator saves the dialogs ---

TRANSCRIPT_STATUSES = (S.ACCEPTED, S.MEDIATING)


def _draft_key(dispute: Dispute) -> str:
    return f"mediation.transcript.{dispute.uuid}"


def _draft(request: AuthedRequest, dispute: Dispute, part: str) -> dict[str, Any] | None:
    """Initial values of a dialog proposed by an uploaded transcript (``part`` is "session" or "agreement")."""
    return (request.session.get(_draft_key(dispute)) or {}).get(part)


def _draft_used(request: AuthedRequest, dispute: Dispute, part: str) -> None:
    """Forget a proposal once the mediator has saved the dialog it prefilled."""
    draft = request.session.get(_draft_key(dispute))
    if draft and draft.pop(part, None) is not None:
        if draft.get("session") or draft.get("agreement"):
            request.session[_draft_key(dispute)] = draft
        else:
            del request.session[_draft_key(dispute)]


def _session_save(request: AuthedRequest, d: Dispute, cd: dict[str, Any], form: Any) -> str:
    services.session_record(actor=request.user, dispute=d, **cd)
    _draft_used(request, d, "session")
    return "已保存调解记录"


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """Dates and amounts as the strings the form fields accept, so the proposal can wait in the session."""
    return {k: v.isoformat() if isinstance(v, dt.date) else str(v) if isinstance(v, Decimal) else v for k, v in values.items()}


@login_required
def dispute_transcript(request: AuthedRequest, uuid: str) -> HttpResponse:
    """上传笔录: read a typed 调解笔录 or a speech-recognition result, separate the speakers and propose the 调解记录
    (人民调解法 第二十七条) and the 调解协议 (第二十九条). Nothing is saved here: the proposal opens as the 调解记录
    dialog, and the 达成协议 dialog starts from it too, so the mediator confirms or corrects every field first."""
    from core.llm import llm_enabled
    from mediation import transcripts

    dispute = access_object(request.user, Dispute, action="change", uuid=uuid)
    form = f.TranscriptUploadForm(request.POST or None, request.FILES or None)
    if dispute.status not in TRANSCRIPT_STATUSES:
        form.add_error(None, f"该纠纷当前为“{dispute.get_status_display()}”，受理后、调结前才能上传调解笔录")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            segments = transcripts.parse_transcript(transcripts.read_upload(upload), upload.name)
        except SifasuoError as exc:
            attach_error(form, exc)
        else:
            proposal = transcripts.extract(segments, use_llm=llm_enabled())
            parties = [(p.pk, p.person.name, p.role) for p in dispute.parties.select_related("person")]
            agreement = proposal.agreement_fields(parties) if proposal.agreed else None
            if not proposal.agreed:
                proposal.notes.append("笔录中双方没有达成协议，未预填调解协议；调解不成的，请使用“调解不成”记录告知当事人的其他途径")
            request.session[_draft_key(dispute)] = {
                "session": _jsonable(proposal.session_fields()), "agreement": _jsonable(agreement) if agreement else None,
            }
            session_form = f.SessionForm(initial=_draft(request, dispute, "session"))
            return render(request, "mediation/transcript_review.html", {
                "form": session_form, "title": f"调解记录：{dispute.title}",
                "action": reverse("mediation:dispute_action", args=[dispute.uuid, "session"]),
                "filename": upload.name, "turns": sum(1 for s in segments if not s.header), "notes": proposal.notes,
                "agreement_url": reverse("mediation:dispute_action", args=[dispute.uuid, "agreement"]) if agreement else "",
            })
    return render(request, "core/dialog_form.html", {
        "form": form, "title": f"上传笔录：{dispute.title}", "action": request.get_full_path(),
        "intro": "上传后系统区分说话人身份，预填调解记录和调解协议；核对修改并点击“确定”后才会保存。",
    }, status=422 if request.method == "POST" else 200)


ACTIONS: dict[str, Action] = {
    "accept": Action(
        "受理", (S.LEAD,),
        lambda r, d: f.AcceptForm(_data(r), dispute=d, mediators=selectors.mediators_for(r.user, d), requested=d.requested_mediators),
        lambda r, d, cd, form: (services.dispute_accept(actor=r.user, dispute=d, accepted_date=cd["accepted_date"],
                                                        mediator_ids=[m.pk for m in cd["mediators"]],
                                                        chosen_by_parties=cd["chosen_by_parties"]), "已受理")[1],
        style="primary",
    ),
    "edit": Action(
        "修改基本情况", (S.LEAD, S.ACCEPTED, S.MEDIATING),
        lambda r, d: f.DisputeEditForm(_data(r), initial={n: getattr(d, n) for n in services.EDITABLE_FIELDS}),
        lambda r, d, cd, form: (services.dispute_update(actor=r.user, dispute=d, changes=cd), "已保存修改")[1],
        style="outline-secondary",
    ),
    "reject": Action(
        "不予受理", (S.LEAD,), lambda r, d: f.RejectForm(_data(r)),
        lambda r, d, cd, form: (services.dispute_reject(actor=r.user, dispute=d, reason=cd["reason"], date=cd["date"]), "已记录不予受理")[1],
        style="outline-danger",
    ),
    "assign": Action(
        "指派调解员", (S.ACCEPTED, S.MEDIATING),
        lambda r, d: f.AssignForm(_data(r), mediators=selectors.mediators_for(r.user, d), experts=selectors.experts_for(r.user),
                                  requested=d.requested_mediators, chosen=d.mediators_chosen_by_parties,
                                  initial=_known(r, d, "assign")),
        lambda r, d, cd, form: (services.dispute_assign(actor=r.user, dispute=d, mediator_ids=[m.pk for m in cd["mediators"]],
                                                        expert_ids=[e.pk for e in cd["experts"]],
                                                        chosen_by_parties=cd["chosen_by_parties"]), "已指派调解员")[1],
    ),
    "investigate": Action(
        "调查记录", (S.ACCEPTED, S.MEDIATING), lambda r, d: f.InvestigationForm(_data(r), initial=_known(r, d, "investigate")),
        lambda r, d, cd, form: (services.investigation_record(actor=r.user, dispute=d, **cd), "已保存调查记录")[1],
    ),
    "session": Action(
        "调解记录", (S.ACCEPTED, S.MEDIATING), lambda r, d: f.SessionForm(_data(r), dispute=d, initial=_known(r, d, "session")),
        _session_save,
        style="primary",
    ),
    "escalate": Action(
        "升级调处", (S.LEAD, S.ACCEPTED, S.MEDIATING), lambda r, d: f.EscalateForm(_data(r), orgs=selectors.escalation_targets(d)),
        lambda r, d, cd, form: (services.dispute_escalate(actor=r.user, dispute=d, to_org=cd["to_org"], reason=cd["reason"],
                                                          joint_bodies=cd["joint_bodies"]),
                                f"已提交{cd['to_org'].name}")[1],
        style="outline-warning", right="supervise",
    ),
    "joint": Action(
        "联合调解", (S.LEAD, S.ACCEPTED, S.MEDIATING),
        lambda r, d: f.JointMediationForm(_data(r), initial={"joint_bodies": "、".join(d.joint_bodies)}),
        lambda r, d, cd, form: (services.dispute_joint_mediation(actor=r.user, dispute=d, bodies=cd["joint_bodies"], note=cd["note"]),
                                "已记录联合调解参与单位")[1],
        style="outline-warning",
    ),
    "risk": Action(
        "报告公安（防民转刑）", (S.LEAD, S.ACCEPTED, S.MEDIATING), lambda r, d: f.RiskForm(_data(r)),
        lambda r, d, cd, form: (services.dispute_report_risk(actor=r.user, dispute=d, **cd), "已记录报告公安机关")[1],
        style="outline-danger",
    ),
    "agreement": Action(
        "达成协议", (S.ACCEPTED, S.MEDIATING),
        lambda r, d: f.AgreementForm(_data(r), dispute=d, parties=d.parties.select_related("person"), initial=_known(r, d, "agreement")),
        _agreement_save, style="success",
    ),
    "fail": Action(
        "调解不成", (S.ACCEPTED, S.MEDIATING), lambda r, d: f.FailForm(_data(r)),
        lambda r, d, cd, form: (services.dispute_fail(actor=r.user, dispute=d, **cd), "已终止调解")[1],
        style="outline-secondary",
    ),
    "perform": Action(
        "记录履行", (S.AGREED,),
        lambda r, d: f.PerformanceForm(_data(r), items=d.agreement.items.filter(performed_date__isnull=True)),
        lambda r, d, cd, form: (services.performance_record(actor=r.user, item=d.agreement.items.get(pk=cd["item"]),
                                                            performed_date=cd["performed_date"]), "已记录履行")[1],
        needs_agreement=True,
    ),
    "confirm": Action(
        "司法确认", (S.AGREED, S.PERFORMED), lambda r, d: f.ConfirmationForm(_data(r)),
        lambda r, d, cd, form: (services.confirmation_record(actor=r.user, agreement=d.agreement, **cd), "已记录司法确认申请")[1],
        needs_agreement=True,
    ),
    "followup": Action(
        "回访", (S.AGREED, S.PERFORMED, S.FAILED),
        lambda r, d: f.FollowUpForm(_data(r), dispute=d, items=_open_items(d), initial=_known(r, d, "followup")),
        lambda r, d, cd, form: (services.followup_record(actor=r.user, dispute=d, **cd), "已保存回访记录")[1],
    ),
    "unperformed": Action(
        "记录未履行", (S.AGREED,), lambda r, d: f.UnperformedForm(_data(r), items=_open_items(d)),
        lambda r, d, cd, form: (services.performance_unperformed_record(actor=r.user, item=_open_items(d).get(pk=cd["item"]),
                                                                        route=cd["route"], note=cd["note"], date=cd["date"]),
                                "已记录未履行的后续处理")[1],
        needs_agreement=True, style="outline-secondary",
    ),
    "close": Action(
        "结案", (S.AGREED, S.PERFORMED, S.FAILED), lambda r, d: f.DateForm(_data(r)),
        lambda r, d, cd, form: (services.dispute_close(actor=r.user, dispute=d, date=cd["date"]), "已结案")[1],
        style="success",
    ),
    "identity-merge": Action(
        "合并（同一人）", tuple(Status.values), _identity_form(f.IdentityPartyForm),
        lambda r, d, cd, form: (services.party_identity_merge(actor=r.user, dispute=d, party_id=cd["party"],
                                                              ip_address=client_ip(r)),
                                "已核实为同一人并合并，申请人所填电话已记入")[1],
        per_party=True,
    ),
    "identity-correct": Action(
        "更正", tuple(Status.values), _identity_form(f.IdentityCorrectForm),
        lambda r, d, cd, form: (services.party_identity_correct(actor=r.user, dispute=d, party_id=cd["party"], name=cd["name"],
                                                                id_number=cd["id_number"], ip_address=client_ip(r)),
                                "已更正当事人信息")[1],
        per_party=True,
    ),
    "archive": Action(
        "立卷归档", (S.CLOSED, S.REJECTED), lambda r, d: f.DateForm(_data(r)),
        lambda r, d, cd, form: (services.dispute_archive(actor=r.user, dispute=d, date=cd["date"]), "已归档")[1],
    ),
}


@login_required
def dispute_action(request: AuthedRequest, uuid: str, action: str) -> HttpResponse:
    """One dialog per step; the service checks the rules, the page only offers what the status allows."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这个办理环节")
    dispute = access_object(request.user, Dispute, action=spec.right, uuid=uuid)
    form = spec.form(request, dispute)
    return handle_dialog(
        request, form=form, title=f"{spec.label}：{dispute.title}",
        save=lambda cd: spec.save(request, dispute, cd, form), redirect_to=f"/mediation/disputes/{dispute.uuid}/",
    )


class CommitteeListView(ScopedListView):
    model = Org
    filterset_class = CommitteeFilterSet
    table_class = CommitteeTable
    selector = selectors.committee_list
    title = "人民调解委员会"
    export_filename = "人民调解委员会"
    export_columns = [
        ("名称", lambda o: o.name),
        ("所在村（社区）", lambda o: o.region.name),
        ("类型", lambda o: committee_type_text(o.committee_type, o.trade)),
        ("本届任期届满", lambda o: o.term_end),
        ("在任调解员", lambda o: o.member_count),
        ("女性委员", lambda o: o.women_count),
    ]


def _can_edit_profile(user: Any, committee: Org) -> bool:
    return writable_orgs(user, CommitteeProfile).filter(pk=committee.pk).exists()  # type: ignore[no-any-return]


class CommitteeDetailView(RecordView):
    model = Org
    lookup = "code"
    template_name = "mediation/committee_detail.html"
    object_name = "committee"
    list_title, list_url_name = "人民调解委员会", "mediation:committee_list"
    heading = "{obj.name}"

    def get_object(self, request: HttpRequest, value: Any) -> Org | None:
        return Org.objects.visible_to(request.user, "view").filter(code=value, kind=Org.Kind.COMMITTEE).first()

    def get_context(self, request: HttpRequest, committee: Org, *, can_change: bool) -> dict[str, Any]:
        members = list(selectors.mediator_list(request.user).filter(org=committee).order_by("position", "id"))
        profile = CommitteeProfile.objects.filter(org=committee).first()
        return {"members": members, "profile": profile, "can_appoint": request.user.has_perm("mediation.add_mediator"),
                "warnings": services.committee_profile_warnings(profile) + services.committee_composition_warnings(members),
                "can_edit_profile": _can_edit_profile(request.user, committee)}


@login_required
def committee_profile_edit(request: AuthedRequest, code: str) -> HttpResponse:
    """编辑调委会信息: type, trade, establishment and the current three-year term."""
    committee = access_object(request.user, Org, code=code, kind=Org.Kind.COMMITTEE)
    if not _can_edit_profile(request.user, committee):
        raise AccessDenied("您没有编辑该人民调解委员会信息的权限")
    profile = CommitteeProfile.objects.filter(org=committee).first()
    fields = ("committee_type", "trade", "established", "term_start", "term_end")
    initial = {name: getattr(profile, name) for name in fields} if profile else {}
    form = f.CommitteeProfileForm(request.POST or None, initial=initial)

    def save(cd: dict[str, Any]) -> str:
        saved = services.committee_profile_save(actor=request.user, committee=committee, data=services.CommitteeProfileInput(**cd))
        expired = [w for w in services.committee_profile_warnings(saved) if "届满" in w]
        return f"已保存{committee.name}的信息{'；' + expired[0] if expired else ''}"

    return handle_dialog(request, form=form, title=f"编辑调委会信息：{committee.name}", save=save,
                         redirect_to=reverse("mediation:committee_detail", args=[committee.code]))


@login_required
def mediator_training(request: AuthedRequest, uuid: str) -> HttpResponse:
    """记录一次调解员培训: the hours are added to the mediator's 累计培训学时."""
    mediator = access_object(request.user, Mediator, action="change", uuid=uuid)
    form = f.TrainingForm(request.POST or None)

    def save(cd: dict[str, Any]) -> str:
        services.mediator_training_record(actor=request.user, mediator=mediator, **cd)
        return f"已记录 {mediator.person.name} 参加培训 {cd['hours'].normalize():f} 学时"

    return handle_dialog(request, form=form, title=f"记录培训：{mediator.person.name}", save=save, redirect_to="/mediation/mediators/")


@login_required
@sensitive_post_parameters("id_number")
def mediator_appoint(request: AuthedRequest) -> HttpResponse:
    require_perm(request.user, "mediation.add_mediator", what="选聘人民调解员")
    orgs = writable_orgs(request.user, Mediator).filter(kind__in=HANDLING_KINDS)
    initial = {"org": post_org(request.user, orgs)}
    if request.GET.get("org"):
        initial["org"] = orgs.filter(code=request.GET["org"]).first()
    form = f.MediatorAppointForm(request.POST or None, initial=initial, orgs=orgs)

    def save(cd: dict[str, Any]) -> str:
        person = person_find_or_create(actor=request.user, org=registering_office(cd["org"]), data=PersonInput(
            name=cd["name"], id_number=cd["id_number"], phone=cd["phone"], sex=cd["sex"],
            same_person=SamePersonField.confirmed(cd, cd["id_number"])))
        services.mediator_appoint(actor=request.user, org=cd["org"], person=person, data=services.MediatorInput(
            position=cd["position"], is_full_time=cd["is_full_time"], specialities=cd["specialities"],
            term_start=cd["term_start"], term_end=cd["term_end"]))
        return f"已选聘人民调解员 {person.name}"

    return handle_dialog(request, form=form, title="选聘人民调解员", save=save, redirect_to="/mediation/mediators/")


class ExpertListView(ScopedListView):
    model = Expert
    filterset_class = ExpertFilterSet
    table_class = ExpertTable
    selector = selectors.expert_pool
    title = "调解专家库"
    create_url_name = "mediation:expert_create"
    export_filename = "调解专家库"
    export_columns = [
        ("姓名", lambda e: e.name), ("类别", lambda e: e.get_kind_display()), ("专业领域", lambda e: e.speciality),
        ("工作单位", lambda e: e.employer), ("联系电话", lambda e: e.phone), ("登记单位", lambda e: e.org.name),
    ]


@login_required
def expert_create(request: AuthedRequest) -> HttpResponse:
    require_perm(request.user, "mediation.add_expert", what="登记调解专家")
    orgs = writable_orgs(request.user, Expert).exclude(kind=Org.Kind.COMMITTEE)
    org = orgs.order_by("depth").first()
    if org is None:
        raise AccessDenied("您没有可登记专家的单位")
    form = f.ExpertForm(request.POST or None)
    return handle_dialog(
        request, form=form, title="登记调解专家", redirect_to="/mediation/experts/",
        save=lambda cd: f"已登记专家 {services.expert_add(actor=request.user, org=org, **cd).name}",
    )


@login_required
def dispute_import(request: AuthedRequest) -> HttpResponse:
    require_perm(request.user, "mediation.add_dispute", what="导入矛盾纠纷")
    return import_dialog(
        request, orgs=require_create_orgs(dispute_create_orgs(request.user), what="导入矛盾纠纷"),
        importer="mediation.imports.dispute_import", label="导入矛盾纠纷", template_url=reverse("mediation:dispute_import_template"),
        done_url=reverse("mediation:dispute_list"), update_label="更新已经存在的数据（按受理编号匹配）",
    )


@login_required
def dispute_import_template(request: AuthedRequest) -> HttpResponse:
    from mediation import imports

    return xlsx_response(filename="矛盾纠纷导入模板",
                         content=template_bytes(title="矛盾纠纷导入模板", columns=imports.COLUMNS, example=imports.EXAMPLE))


@login_required
def grid_report(request: AuthedRequest) -> HttpResponse:
    """网格+司法: a grid worker reports a dispute lead from a phone; it becomes a 待受理 dispute of the committee."""
    require_perm(request.user, "mediation.add_dispute", what="上报纠纷线索")
    orgs = require_create_orgs(dispute_create_orgs(request.user), what="上报纠纷线索")
    form = f.GridReportForm(request.POST or None, orgs=orgs, initial={"org": post_org(request.user, orgs)})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            parties = [
                services.PartyInput(person=person_find_or_create(actor=request.user, org=registering_office(cd["org"]),
                                                                 data=PersonInput(name=cd[f"{p}_name"], phone=cd[f"{p}_phone"])),
                                    role=role)
                for p, role in (("applicant", PartyRole.APPLICANT), ("respondent", PartyRole.RESPONDENT))
            ]
            dispute = services.dispute_register(actor=request.user, org=cd["org"], data=services.DisputeInput(
                title=f"{cd['applicant_name']}与{cd['respondent_name']}{dict_label('dispute_category', cd['category'])}",
                category=cd["category"], facts=cd["facts"], received_date=timezone.localdate(), source=Source.GRID,
                people_count=cd["people_count"], is_group=cd["is_group"], may_turn_criminal=cd["may_turn_criminal"],
                parties=parties))
        except SifasuoError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, f"已上报：{dispute.title}，调委会将尽快处理")
            return redirect("mediation:grid_report")
    mine = Dispute.objects.visible_to(request.user, "view").filter(created_by=request.user, source=Source.GRID).order_by("-id")[:10]
    return render(request, "mediation/grid_report.html", {"form": form, "mine": mine, "title": "上报纠纷线索",
                                                          "breadcrumbs": [("上报纠纷线索", "")]},
                  status=422 if request.method == "POST" else 200)
