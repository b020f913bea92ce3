"""法律援助 pages: 法律援助申请台账, the receiving dialog, the application page with its actions (转交法律援助机构,
不予受理) and the 转为法律援助申请 dialog opened from a consultation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.selectors import post_org, writable_orgs
from consultation.models import Consultation
from consultation.selectors import handler_choices
from core.details import RecordView
from core.dictionaries import dict_label
from core.forms import SamePersonField, record_dialog
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
    selector = selectors.application_list
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


def _input(cd: dict[str, Any], **over: Any) -> services.ApplicationInput:
    values = {name: cd[name] for name in services.EDITABLE_FIELDS}
    return services.ApplicationInput(**{**values, **over})


def _receive(request: AuthedRequest, _: None, cd: dict[str, Any]) -> str:
    application = services.application_receive(
        actor=request.user, org=cd["org"], data=_input(cd, channel=cd["channel"]),
        applicant=PersonInput(name=cd["name"], id_number=cd["id_number"], phone=cd["phone"],
                              same_person=SamePersonField.confirmed(cd)),
    )
    return f"已接收 {application.applicant.name} 的法律援助申请"


def _receive_form(request: AuthedRequest, _: None) -> dict[str, Any]:
    orgs = writable_orgs(request.user, Application).filter(kind=Org.Kind.OFFICE)
    return {"orgs": orgs, "handlers": handler_choices(orgs), "initial": {"handler": request.user, "org": post_org(request.user, orgs)}}


application_create = record_dialog(
    form=f.ApplicationForm, title="接收法律援助申请", save=_receive, form_kwargs=_receive_form, redirect_to="/legalaid/",
    perm=("legalaid.add_application", "接收法律援助申请"), sensitive=("id_number",),
)


class ApplicationDetailView(RecordView):
    model = Application
    template_name = "legalaid/application_detail.html"
    object_name = "a"
    list_title, list_url_name = "法律援助申请台账", "legalaid:application_list"
    heading, crumb_text = "{obj.applicant.name}的法律援助申请", "{obj.applicant.name} {obj.received_date:%Y-%m-%d}"

    def get_object(self, request: HttpRequest, value: Any) -> Application | None:
        return selectors.application_detail(request.user, value)

    def get_context(self, request: HttpRequest, a: Application, *, can_change: bool) -> dict[str, Any]:
        return {
            "matter": dict_label("legal_aid_matter", a.matter),
            "can_act": can_change and a.status == Status.RECEIVED,
            "consultation_visible": (a.consultation_id is not None
                                     and Consultation.objects.visible_to(request.user, "view").filter(pk=a.consultation_id).exists()),
        }


application_edit = record_dialog(
    Application, form=f.ApplicationFields, title="修改法律援助申请：{obj.applicant.name}", message="已保存修改",
    form_kwargs=lambda request, a: {"initial": {name: getattr(a, name) for name in services.EDITABLE_FIELDS},
                                    "handlers": handler_choices(Org.objects.filter(pk=a.org_id))},
    save=lambda request, a, cd: services.application_update(actor=request.user, application=a, data=_input(cd)),
)

# 转交法律援助机构 (代为转交): the date and the receiving 机构, named after the county by default.
application_forward = record_dialog(
    Application, form=f.ForwardForm, title="转交法律援助机构：{obj.applicant.name}",
    form_kwargs=lambda request, a: {"initial": {"centre_name": selectors.centre_name_for(a.org)}},
    save=lambda request, a, cd: services.application_forward(actor=request.user, application=a, date=cd["date"],
                                                             centre_name=cd["centre_name"]),
    message=lambda a: f"已转交{a.centre_name}",
    intro="将申请表及申请人提交的材料转交法律援助机构；机构自收到申请之日起七日内作出是否给予法律援助的决定（法律援助法 第四十三条）。",
)

application_not_accept = record_dialog(
    Application, form=f.NotAcceptForm, title="不予受理：{obj.applicant.name}", message="已登记不予受理",
    save=lambda request, a, cd: services.application_not_accept(actor=request.user, application=a, reason=cd["reason"],
                                                                date=cd["date"]),
    intro="请向申请人说明理由；申请人仍可直接向法律援助机构申请，是否给予法律援助由法律援助机构决定（法律援助法 第四十三条）。",
)


def _from_consultation_form(request: AuthedRequest, c: Consultation) -> dict[str, Any]:
    return {"needs_id": not c.person.id_number_hash, "handlers": handler_choices(Org.objects.filter(pk=c.org_id)),
            "initial": {"facts": c.question, "handler": c.handler or request.user, "matter": f.MATTER_FOR_TOPIC.get(c.topic, "")}}


# 转为法律援助申请: prefilled from the consultation; the person and the question are carried over, not retyped.
application_from_consultation = record_dialog(
    Consultation, form=f.FromConsultationForm, title="转为法律援助申请：{obj.person.name}", form_kwargs=_from_consultation_form,
    perm=("legalaid.add_application", "接收法律援助申请"), sensitive=("id_number",), message="已转为法律援助申请",
    save=lambda request, c, cd: services.application_from_consultation(actor=request.user, consultation=c, data=_input(cd),
                                                                       id_number=cd.get("id_number", "")),
    intro="申请人：{obj.person.name}；案情取自咨询问题，可修改。",
)
