"""法律咨询 pages: 法律咨询台账, the registration dialog, the consultation page and its 转为矛盾纠纷 dialog."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.permissions import require_create_orgs
from accounts.selectors import post_org, writable_orgs
from consultation import forms as f
from consultation import selectors, services
from consultation.choices import FollowUp
from consultation.filtersets import ConsultationFilterSet
from consultation.models import Consultation
from consultation.outcomes import outcome_find
from consultation.tables import ConsultationTable
from core.access import access_object, require_perm
from core.details import RecordView
from core.dictionaries import dict_label
from core.errors import SifasuoError
from core.forms import SamePersonField, attach_error, record_dialog
from core.http import AuthedRequest
from core.lists import ScopedListView
from mediation.forms import TranscriptUploadForm
from mediation.models import Dispute
from orgs.models import Org
from people.services import PersonInput

# 法律咨询 is answered by the 司法所 itself (its 公共法律服务工作站).
RECORDING_KINDS = [Org.Kind.OFFICE]
DISPUTE_KINDS = [Org.Kind.COMMITTEE, Org.Kind.OFFICE]


class ConsultationListView(ScopedListView):
    model = Consultation
    filterset_class = ConsultationFilterSet
    table_class = ConsultationTable
    title = "法律咨询台账"
    create_url_name = "consultation:consultation_create"
    create_orgs = lambda user: writable_orgs(user, Consultation).filter(kind__in=RECORDING_KINDS)  # noqa: E731
    selector = selectors.consultation_list
    export_filename = "法律咨询台账"
    export_columns = [
        ("登记编号", lambda c: c.number),
        ("咨询日期", lambda c: c.date),
        ("咨询人", lambda c: c.person.name),
        ("联系电话", lambda c: c.person.phone),
        ("咨询方式", lambda c: c.get_channel_display()),
        ("咨询类别", lambda c: dict_label("consultation_topic", c.topic)),
        ("咨询问题", lambda c: c.question),
        ("解答意见", lambda c: c.answer),
        ("引用法条", lambda c: "；".join(c.laws)),
        ("接待人", lambda c: c.handler.display_name if c.handler else ""),
        ("用时（分钟）", lambda c: c.duration_minutes),
        ("后续处理", lambda c: c.get_follow_up_display()),
        ("转介单位", lambda c: c.referred_to),
        ("转办纠纷", lambda c: c.dispute.title if c.dispute else ""),
        ("登记单位", lambda c: c.org.name),
    ]


def _input(cd: dict[str, Any]) -> services.ConsultationInput:
    return services.ConsultationInput(
        date=cd["date"], channel=cd["channel"], topic=cd["topic"], question=cd["question"], answer=cd["answer"],
        laws_cited=cd["laws_cited"], handler=cd["handler"], duration_minutes=cd["duration_minutes"],
        follow_up=cd["follow_up"], referred_to=cd["referred_to"], number=cd["number"],
    )


def _recording_orgs(request: HttpRequest) -> Any:
    return require_create_orgs(writable_orgs(request.user, Consultation).filter(kind__in=RECORDING_KINDS), what="登记法律咨询")


def _record(request: AuthedRequest, _: None, cd: dict[str, Any]) -> str:
    consultation = services.consultation_record(
        actor=request.user, org=cd["org"], data=_input(cd),
        person=PersonInput(name=cd["name"], id_number=cd["id_number"], phone=cd["phone"],
                           same_person=SamePersonField.confirmed(cd, cd["id_number"])),
    )
    return f"已登记 {consultation.person.name} 的法律咨询"


consultation_create = record_dialog(
    form=f.ConsultationForm, title="登记法律咨询", save=_record, redirect_to="/consultation/", sensitive=("id_number",),
    perm=("consultation.add_consultation", "登记法律咨询"), template="consultation/consultation_dialog.html",
    form_kwargs=lambda request, _: {"orgs": (orgs := _recording_orgs(request)), "handlers": selectors.handler_choices(orgs),
                                    "initial": {"handler": request.user, "org": post_org(request.user, orgs)}},
    extra=lambda request, _: {"transcript_url": reverse("consultation:consultation_create_transcript")},
)


def _transcript_dialog(request: AuthedRequest, *, title: str, review: Any) -> HttpResponse:
    """上传咨询笔录: check and read the file, then hand the proposal to ``review`` (which renders the prefilled dialog).
    Nothing is saved until the staff member confirms that dialog."""
    from consultation.transcripts import consultation_proposal
    from core.transcripts import read_upload

    form = TranscriptUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            proposal = consultation_proposal(read_upload(upload), upload.name)
        except SifasuoError as exc:
            attach_error(form, exc)
        else:
            return review(proposal, upload.name)  # type: ignore[no-any-return]
    return render(request, "core/dialog_form.html", {
        "form": form, "title": title, "action": request.get_full_path(),
        "intro": "咨询人（当事人）的发言填入“咨询问题”，工作人员或律师的发言填入“解答意见”；核对修改并点击“确定”后才会保存。",
    }, status=422 if request.method == "POST" else 200)


def _review(request: AuthedRequest, form: Any, *, title: str, action: str, filename: str, notes: list[str]) -> HttpResponse:
    return render(request, "consultation/transcript_review.html",
                  {"form": form, "title": title, "action": action, "filename": filename, "notes": notes})


@login_required
def consultation_create_transcript(request: AuthedRequest) -> HttpResponse:
    """登记法律咨询 from a transcript: the registration dialog opens prefilled with the question, answer and laws."""
    require_perm(request.user, "consultation.add_consultation", what="登记法律咨询")
    orgs = _recording_orgs(request)

    def review(proposal: Any, filename: str) -> HttpResponse:
        form = f.ConsultationForm(orgs=orgs, handlers=selectors.handler_choices(orgs),
                                  initial={"handler": request.user, "org": post_org(request.user, orgs), **proposal.form_fields()})
        return _review(request, form, title="登记法律咨询", action=reverse("consultation:consultation_create"),
                       filename=filename, notes=proposal.notes)

    return _transcript_dialog(request, title="上传咨询笔录", review=review)


@login_required
def consultation_transcript(request: AuthedRequest, uuid: str) -> HttpResponse:
    """A consultation's question and answer from its transcript: the edit dialog opens prefilled."""
    consultation = access_object(request.user, Consultation, action="change", uuid=uuid)

    def review(proposal: Any, filename: str) -> HttpResponse:
        initial = {name: getattr(consultation, name) for name in services.EDITABLE_FIELDS}
        fields = proposal.form_fields()
        fields.pop("name", None)  # the consulting person is fixed; his details are edited in 人员信息库
        form = f.ConsultationFields(initial={**initial, **fields}, converted=consultation.dispute_id is not None,
                                    handlers=selectors.handler_choices(Org.objects.filter(pk=consultation.org_id)))
        return _review(request, form, title=f"修改法律咨询：{consultation.person.name}",
                       action=reverse("consultation:consultation_edit", args=[consultation.uuid]), filename=filename,
                       notes=proposal.notes)

    return _transcript_dialog(request, title=f"上传咨询笔录：{consultation.person.name}", review=review)


class ConsultationDetailView(RecordView):
    model = Consultation
    template_name = "consultation/consultation_detail.html"
    object_name = "c"
    list_title, list_url_name = "法律咨询台账", "consultation:consultation_list"
    heading, crumb_text = "{obj.person.name}的法律咨询", "{obj.person.name} {obj.date:%Y-%m-%d}"

    def get_object(self, request: HttpRequest, value: Any) -> Consultation | None:
        return selectors.consultation_detail(request.user, value)

    def get_context(self, request: HttpRequest, c: Consultation, *, can_change: bool) -> dict[str, Any]:
        # 转为法律援助申请 (法律援助法 第二十三条): the application the consultation became, if the user may see it.
        legal_aid = outcome_find("legal_aid", request.user, c)
        return {
            "topic": dict_label("consultation_topic", c.topic),
            "can_convert": can_change and c.dispute_id is None and legal_aid is None and request.user.has_perm("mediation.add_dispute"),
            "legal_aid": legal_aid,
            "can_apply_legal_aid": (can_change and legal_aid is None and c.follow_up in (FollowUp.NONE, FollowUp.LEGAL_AID)
                                    and request.user.has_perm("legalaid.add_application")),
            "dispute_visible": (c.dispute_id is not None
                                and Dispute.objects.visible_to(request.user, "view").filter(pk=c.dispute_id).exists()),
        }


def _edit_form(request: AuthedRequest, c: Consultation) -> dict[str, Any]:
    return {"initial": {name: getattr(c, name) for name in services.EDITABLE_FIELDS}, "converted": c.dispute_id is not None,
            "handlers": selectors.handler_choices(Org.objects.filter(pk=c.org_id))}


consultation_edit = record_dialog(
    Consultation, form=f.ConsultationFields, title="修改法律咨询：{obj.person.name}", form_kwargs=_edit_form,
    save=lambda request, c, cd: services.consultation_update(actor=request.user, consultation=c, data=_input(cd)),
    message="已保存修改",
)


def _convert_form(request: AuthedRequest, c: Consultation) -> dict[str, Any]:
    orgs = writable_orgs(request.user, Dispute).filter(kind__in=DISPUTE_KINDS, path__startswith=c.org.path).order_by("depth", "path")
    category = f.DISPUTE_CATEGORY_FOR_TOPIC.get(c.topic, "other")
    return {"orgs": orgs, "initial": {"org": c.org, "category": category,
                                      "title": f"{c.person.name}与某某{dict_label('dispute_category', category)}"}}


def _convert(request: AuthedRequest, c: Consultation, cd: dict[str, Any]) -> Dispute:
    return services.consultation_to_dispute(actor=request.user, consultation=c, data=services.ConversionInput(
        title=cd["title"], category=cd["category"], respondent_name=cd["respondent_name"],
        respondent_id_number=cd["respondent_id_number"], respondent_phone=cd["respondent_phone"], claims=cd["claims"],
        respondent_same_person=SamePersonField.confirmed(cd, cd["respondent_id_number"]),
        amount=cd["amount"] or Decimal(0), received_date=cd["received_date"], org=cd["org"],
    ))


# 转为矛盾纠纷: prefilled from the consultation; the person and the question are carried over, not retyped.
consultation_convert = record_dialog(
    Consultation, form=f.ConvertForm, title="转为矛盾纠纷：{obj.person.name}", form_kwargs=_convert_form, save=_convert,
    message=lambda dispute: f"已转为矛盾纠纷：{dispute.title}", perm=("mediation.add_dispute", "登记矛盾纠纷"),
    intro="申请人：{obj.person.name}；纠纷简要情况取自咨询问题：{obj.question}", sensitive=("respondent_id_number",),
)
