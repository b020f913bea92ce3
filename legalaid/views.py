"""法律援助 pages: 法律援助申请台账, the receiving dialog, the application page with its actions (转交法律援助机构,
不予受理) and the 转为法律援助申请 dialog opened from a consultation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters

from accounts.selectors import writable_orgs
from consultation.models import Consultation
from consultation.selectors import handler_choices
from core.access import access_object, require_perm
from core.dictionaries import dict_label
from core.forms import handle_dialog
from core.http import AuthedRequest
from core.lists import ScopedListView
from legalaid import forms as f
from legalaid import selectors, services
from legalaid.choices import Status
from legalaid.filtersets import ApplicationFilterSet
from legalaid.models import Application
from legalaid.tables import ApplicationTable
from orgs.models import Org
from people.services import PersonInput


class ApplicationListView(ScopedListView):
    model = Application
    filterset_class = ApplicationFilterSet
    table_class = ApplicationTable
    title = "法律援助申请台账"
    create_url_name = "legalaid:application_create"
    export_filename = "法律援助申请台账"
    export_columns = [
        ("接收日期", lambda a: a.received_date),
        ("申请人", lambda a: a.applicant.name),
        ("身份证号码", lambda a: a.applicant.id_number_masked),
        ("联系电话", lambda a: a.applicant.phone),
        ("申请方式", lambda a: a.get_channel_display()),
        ("申请事项类别", lambda a: dict_label("legal_aid_matter", a.matter)),
        ("对方当事人", lambda a: a.opposing_party),
        ("案情及申请理由", lambda a: a.facts),
        ("申请援助事项", lambda a: a.request),
        ("经济困难依据", lambda a: a.get_hardship_basis_display()),
        ("经济困难状况说明或证明材料", lambda a: a.hardship_detail),
        ("刑事案件", lambda a: "是" if a.is_criminal else "否"),
        ("紧急情形", lambda a: a.urgent_reason),
        ("接待人", lambda a: a.handler.display_name if a.handler else ""),
        ("办理状态", lambda a: a.get_status_display()),
        ("转交日期", lambda a: a.forwarded_date),
        ("接收的法律援助机构", lambda a: a.centre_name),
        ("不予受理理由", lambda a: a.not_accepted_reason),
        ("接收单位", lambda a: a.org.name),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.application_list(request.user)


def _input(cd: dict[str, Any], **over: Any) -> services.ApplicationInput:
    values = {name: cd[name] for name in services.EDITABLE_FIELDS}
    return services.ApplicationInput(**{**values, **over})


@login_required
@sensitive_post_parameters("id_number")
def application_create(request: AuthedRequest) -> HttpResponse:
    require_perm(request.user, "legalaid.add_application", what="接收法律援助申请")
    orgs = writable_orgs(request.user, Application).filter(kind=Org.Kind.OFFICE)
    form = f.ApplicationForm(request.POST or None, orgs=orgs, handlers=handler_choices(orgs), initial={"handler": request.user})

    def save(cd: dict[str, Any]) -> str:
        application = services.application_receive(
            actor=request.user, org=cd["org"], data=_input(cd, channel=cd["channel"]),
            applicant=PersonInput(name=cd["name"], id_number=cd["id_number"], phone=cd["phone"]),
        )
        return f"已接收 {application.applicant.name} 的法律援助申请"

    return handle_dialog(request, form=form, title="接收法律援助申请", save=save, redirect_to="/legalaid/")


@login_required
def application_detail(request: AuthedRequest, uuid: str) -> HttpResponse:
    application = selectors.application_detail(request.user, uuid)
    if application is None:
        raise Http404("未找到该法律援助申请，或您无权查看")
    can_change = Application.objects.visible_to(request.user, "change").filter(pk=application.pk).exists()
    consultation_visible = (application.consultation_id is not None and Consultation.objects.visible_to(request.user, "view")
                            .filter(pk=application.consultation_id).exists())
    return render(request, "legalaid/application_detail.html", {
        "title": f"{application.applicant.name}的法律援助申请",
        "a": application,
        "matter": dict_label("legal_aid_matter", application.matter),
        "can_act": can_change and application.status == Status.RECEIVED,
        "consultation_visible": consultation_visible,
        "breadcrumbs": [("法律援助申请台账", "/legalaid/"),
                        (f"{application.applicant.name} {application.received_date:%Y-%m-%d}", "")],
    })


@login_required
def application_edit(request: AuthedRequest, uuid: str) -> HttpResponse:
    application = access_object(request.user, Application, action="change", uuid=uuid)
    initial = {name: getattr(application, name) for name in services.EDITABLE_FIELDS}
    form = f.ApplicationFields(request.POST or None, initial=initial,
                               handlers=handler_choices(Org.objects.filter(pk=application.org_id)))
    return handle_dialog(
        request, form=form, title=f"修改法律援助申请：{application.applicant.name}", redirect_to=application.get_absolute_url(),
        save=lambda cd: (services.application_update(actor=request.user, application=application, data=_input(cd)), "已保存修改")[1],
    )


@login_required
def application_forward(request: AuthedRequest, uuid: str) -> HttpResponse:
    """转交法律援助机构 (代为转交): the date and the receiving 机构, named after the county by default."""
    application = access_object(request.user, Application, action="change", uuid=uuid)
    form = f.ForwardForm(request.POST or None, initial={"centre_name": selectors.centre_name_for(application.org)})

    def save(cd: dict[str, Any]) -> str:
        services.application_forward(actor=request.user, application=application, date=cd["date"], centre_name=cd["centre_name"])
        return f"已转交{application.centre_name}"

    return handle_dialog(
        request, form=form, title=f"转交法律援助机构：{application.applicant.name}", save=save,
        redirect_to=application.get_absolute_url(),
        extra={"intro": "将申请表及申请人提交的材料转交法律援助机构；"
                        "机构自收到申请之日起七日内作出是否给予法律援助的决定（法律援助法 第四十三条）。"},
    )


@login_required
def application_not_accept(request: AuthedRequest, uuid: str) -> HttpResponse:
    application = access_object(request.user, Application, action="change", uuid=uuid)
    form = f.NotAcceptForm(request.POST or None)

    def save(cd: dict[str, Any]) -> str:
        services.application_not_accept(actor=request.user, application=application, reason=cd["reason"], date=cd["date"])
        return "已登记不予受理"

    return handle_dialog(
        request, form=form, title=f"不予受理：{application.applicant.name}", save=save, redirect_to=application.get_absolute_url(),
        extra={"intro": "请向申请人说明理由；申请人仍可直接向法律援助机构申请，是否给予法律援助由法律援助机构决定（法律援助法 第四十三条）。"},
    )


@login_required
@sensitive_post_parameters("id_number")
def application_from_consultation(request: AuthedRequest, uuid: str) -> HttpResponse:
    """转为法律援助申请: prefilled from the consultation; the person and the question are carried over, not retyped."""
    consultation = access_object(request.user, Consultation, action="change", uuid=uuid)
    require_perm(request.user, "legalaid.add_application", what="接收法律援助申请")
    form = f.FromConsultationForm(
        request.POST or None, needs_id=not consultation.person.id_number_hash,
        handlers=handler_choices(Org.objects.filter(pk=consultation.org_id)),
        initial={"facts": consultation.question, "handler": consultation.handler or request.user,
                 "matter": f.MATTER_FOR_TOPIC.get(consultation.topic, "")},
    )

    def save(cd: dict[str, Any]) -> str:
        services.application_from_consultation(actor=request.user, consultation=consultation, data=_input(cd),
                                               id_number=cd.get("id_number", ""))
        return "已转为法律援助申请"

    return handle_dialog(
        request, form=form, title=f"转为法律援助申请：{consultation.person.name}", save=save,
        redirect_to=consultation.get_absolute_url(),
        extra={"intro": f"申请人：{consultation.person.name}；案情取自咨询问题，可修改。"},
    )
