"""安置帮教 pages: 安置帮教对象名册, the registration dialog, a person's page with one dialog per step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts.permissions import require_create_orgs
from accounts.selectors import writable_orgs
from core.access import access_object, require_perm
from core.audit import audit_record
from core.deadlines import open_deadlines_for
from core.errors import SifasuoError
from core.exports import xlsx_response
from core.forms import SamePersonField, client_ip, handle_dialog
from core.http import AuthedRequest
from core.imports import import_dialog, template_bytes
from core.lists import ScopedListView
from orgs.models import Org
from people.services import PersonInput
from resettlement import forms as f
from resettlement import imports, selectors, services
from resettlement.filtersets import AssistFilterSet, ReleasedFilterSet
from resettlement.models import AssistRequest, GroupMember, Released
from resettlement.tables import AssistTable, ReleasedTable


def released_create_orgs(user: Any) -> Any:
    """The 司法所 the user may register a release notice for: its own office, or (the county bureau, which receives the
    prison's notice and passes it on: 综治委〔1999〕5号) the offices it supervises."""
    return writable_orgs(user, Released, action="supervise").filter(kind=Org.Kind.OFFICE)


class ReleasedListView(ScopedListView):
    model = Released
    filterset_class = ReleasedFilterSet
    table_class = ReleasedTable
    title = "安置帮教对象名册"
    create_url_name = "resettlement:released_register"
    create_orgs = released_create_orgs
    import_url_name = "resettlement:released_import"
    export_filename = "安置帮教对象名册"
    # ID numbers leave only masked; addresses are never exported.
    export_columns = [
        ("姓名", lambda r: r.person.name),
        ("身份证号码", lambda r: r.person.id_number_masked),
        ("性别", lambda r: r.person.get_sex_display()),
        ("对象类别", lambda r: r.get_category_display()),
        ("原罪名", lambda r: r.crime),
        ("原判刑期", lambda r: r.sentence),
        ("服刑场所", lambda r: r.prison),
        ("释放日期", lambda r: r.release_date),
        ("重点帮教对象", lambda r: "是" if r.key_subject else "否"),
        ("风险等级", lambda r: r.get_risk_level_display()),
        ("衔接日期", lambda r: r.returned_date or ""),
        ("衔接方式", lambda r: r.get_handover_method_display()),
        ("建档日期", lambda r: r.filed_date or ""),
        ("已安置", lambda r: "是" if r.placed else "否"),
        ("帮教期止", lambda r: r.period_end),
        ("帮教状态", lambda r: r.get_status_display()),
        ("结束原因", lambda r: r.get_end_reason_display()),
        ("帮教责任人", lambda r: r.officer.display_name if r.officer else ""),
        ("司法所", lambda r: r.org.name),
        ("居住地司法所（双列管）", lambda r: r.co_org.name if r.co_org else ""),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.released_list(request.user)


@login_required
@sensitive_post_parameters("id_number")
def released_register(request: AuthedRequest) -> HttpResponse:
    """登记刑满释放人员通知 (综治委〔1999〕5号: 监狱在释放前一个月发出通知)."""
    require_perm(request.user, "resettlement.add_released", what="登记安置帮教对象")
    orgs = require_create_orgs(released_create_orgs(request.user), what="登记安置帮教对象")
    form = f.RegisterForm(request.POST or None, orgs=orgs, officers=selectors.officer_choices(orgs), initial={"officer": request.user})

    def save(cd: dict[str, Any]) -> str:
        released = services.released_register(
            actor=request.user, org=cd["org"],
            person=PersonInput(name=cd["name"], id_number=cd["id_number"], phone=cd["phone"],
                               same_person=SamePersonField.confirmed(cd, cd["id_number"])),
            data=services.ReleasedInput(
                category=cd["category"], crime=cd["crime"], sentence=cd["sentence"], prison=cd["prison"],
                release_date=cd["release_date"], notice_date=cd["notice_date"], key_subject=cd["key_subject"],
                key_ground=cd["key_ground"], officer=cd["officer"]),
        )
        return f"已登记安置帮教对象 {released.person.name}"

    return handle_dialog(request, form=form, title="登记刑满释放人员", save=save, redirect_to="/resettlement/", extra={
        "intro": "监狱在释放前一个月寄送刑满释放人员通知书；释放后才发现的也在此登记（收到通知日期留空）。",
    })


@login_required
def released_detail(request: AuthedRequest, uuid: str) -> HttpResponse:
    released = selectors.released_detail(request.user, uuid)
    if released is None:
        raise Http404("未找到该安置帮教对象，或您无权查看")
    # Every read of a person's file leaves an access-log row (个人信息保护法 第二十八条: sensitive personal information).
    audit_record(actor=request.user, action="other", summary=f"查阅安置帮教档案 {released.person.name}", obj=released,
                 ip_address=client_ip(request))
    return render(request, "resettlement/released_detail.html", {
        "title": f"安置帮教对象：{released.person.name}",
        "r": released,
        "deadlines": open_deadlines_for(released).order_by("due_date"),
        "can_change": Released.objects.visible_to(request.user, "change").filter(pk=released.pk).exists(),
        # Under 双列管 the residence office records visits, help, 失联, 积分 and 协查; the rest stays with ``org``.
        "is_primary": services.is_primary(request.user, released),
        "points_balance": sum(e.points for e in released.points.all()),
        "breadcrumbs": [("安置帮教对象名册", "/resettlement/"), (released.person.name, "")],
    })


def _step(request: AuthedRequest, uuid: str, *, form_class: type[forms.Form], title: str, intro: str = "",
          initial: dict[str, Any] | None = None, save: Callable[[Released, dict[str, Any]], str]) -> HttpResponse:
    """One dialog of a person's page: the form, the service call, the person's page again."""
    released = access_object(request.user, Released, action="change", uuid=uuid)
    form = form_class(request.POST or None, initial=initial or {})
    return handle_dialog(request, form=form, title=f"{title}：{released.person.name}", redirect_to=released.get_absolute_url(),
                         save=lambda cd: save(released, cd), extra={"intro": intro} if intro else None)


@login_required
def handover(request: AuthedRequest, uuid: str) -> HttpResponse:
    def save(r: Released, cd: dict[str, Any]) -> str:
        services.handover_record(actor=request.user, released=r, date=cd["date"], method=cd["method"], collected_by=cd["collected_by"])
        return "已记录衔接，首次走访已列入待办"

    return _step(request, uuid, form_class=f.HandoverForm, title="记录衔接", save=save,
                 intro="重点帮教对象必接必送：由司法所会同有关部门到监狱接回。")


@login_required
def file(request: AuthedRequest, uuid: str) -> HttpResponse:
    released = access_object(request.user, Released, action="change", uuid=uuid)
    initial = {name: getattr(released, name) for name in services.FILE_FIELDS}

    def save(r: Released, cd: dict[str, Any]) -> str:
        services.file_record(actor=request.user, released=r, data=services.FileInput(**{n: cd[n] for n in services.FILE_FIELDS}))
        return "已保存档案"

    return _step(request, uuid, form_class=f.FileForm, title="建立档案", initial=initial, save=save)


@login_required
def risk(request: AuthedRequest, uuid: str) -> HttpResponse:
    released = access_object(request.user, Released, action="change", uuid=uuid)

    def save(r: Released, cd: dict[str, Any]) -> str:
        services.risk_assess(actor=request.user, released=r, level=cd["level"], reason=cd["reason"], date=cd["date"],
                             key_subject=cd["key_subject"], key_ground=cd["key_ground"])
        return "已保存风险评估"

    return _step(request, uuid, form_class=f.RiskForm, title="风险评估", save=save,
                 initial={"key_subject": released.key_subject, "key_ground": released.key_ground},
                 intro="分类帮教：每半年评估一次；高风险重点管控，中风险一般帮教，低风险情况必知、登记备查。")


@login_required
def visit(request: AuthedRequest, uuid: str) -> HttpResponse:
    def save(r: Released, cd: dict[str, Any]) -> str:
        services.visit_record(actor=request.user, released=r, date=cd["date"], kind=cd["kind"], content=cd["content"], met=cd["met"])
        return "已记录走访，下次走访已列入待办"

    return _step(request, uuid, form_class=f.VisitForm, title="记录走访", save=save)


@login_required
def assistance(request: AuthedRequest, uuid: str) -> HttpResponse:
    def save(r: Released, cd: dict[str, Any]) -> str:
        services.assistance_record(actor=request.user, released=r, date=cd["date"], kind=cd["kind"], content=cd["content"])
        return "已记录帮扶"

    return _step(request, uuid, form_class=f.AssistanceForm, title="记录安置帮扶", save=save)


@login_required
def lost(request: AuthedRequest, uuid: str) -> HttpResponse:
    def save(r: Released, cd: dict[str, Any]) -> str:
        services.contact_lost(actor=request.user, released=r, date=cd["date"], note=cd["note"])
        return "已登记失联，请及时协查"

    return _step(request, uuid, form_class=f.LostForm, title="登记失联", save=save,
                 intro="失联属漏管失控，须立即查找并通报公安机关协查；见到本人后记录走访即解除失联。")


@login_required
def end(request: AuthedRequest, uuid: str) -> HttpResponse:
    def save(r: Released, cd: dict[str, Any]) -> str:
        services.released_end(actor=request.user, released=r, reason=cd["reason"], date=cd["date"], reoffence=cd["reoffence"])
        return "已结束帮教"

    return _step(request, uuid, form_class=f.EndForm, title="结束帮教", save=save)


@login_required
def group_add(request: AuthedRequest, uuid: str) -> HttpResponse:
    def save(r: Released, cd: dict[str, Any]) -> str:
        services.group_member_add(actor=request.user, released=r, name=cd["name"], role=cd["role"], task=cd["task"], phone=cd["phone"])
        return f"已将 {cd['name']} 加入帮教小组"

    return _step(request, uuid, form_class=f.GroupMemberForm, title="帮教小组增加成员", save=save,
                 intro="帮教小组由司法所工作人员、村（居）干部、家庭成员和志愿者组成；重点帮教对象的小组应有社区民警。")


@login_required
@require_POST
def group_remove(request: AuthedRequest, uuid: str, member: int) -> HttpResponse:
    from django.contrib import messages

    released = access_object(request.user, Released, action="change", uuid=uuid)
    item = GroupMember.objects.filter(released=released, pk=member).first()
    if item is None:
        raise Http404("未找到该帮教小组成员")
    try:
        services.group_member_remove(actor=request.user, member=item)
    except SifasuoError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已将 {item.name} 移出帮教小组")
    return redirect(released.get_absolute_url())


@login_required
def released_import_template(request: AuthedRequest) -> HttpResponse:
    content = template_bytes(title="刑满释放人员通知导入模板", columns=imports.COLUMNS, example=imports.EXAMPLE)
    return xlsx_response(filename="刑满释放人员通知导入模板", content=content)


@login_required
def released_import(request: AuthedRequest) -> HttpResponse:
    """监狱的刑满释放人员通知批量导入: the import runs as a task whose progress the dialog polls; all or nothing."""
    require_perm(request.user, "resettlement.add_released", what="导入刑满释放人员通知")
    return import_dialog(
        request, orgs=require_create_orgs(released_create_orgs(request.user), what="导入刑满释放人员通知"),
        importer="resettlement.imports.released_import", label="导入刑满释放人员通知",
        template_url=reverse("resettlement:released_import_template"), done_url=reverse("resettlement:released_list"),
    )


@login_required
def co_manage(request: AuthedRequest, uuid: str) -> HttpResponse:
    """双列管: the office of the registered residence names the office of the actual residence."""
    released = access_object(request.user, Released, action="change", uuid=uuid)
    form = f.CoManageForm(request.POST or None, orgs=selectors.co_org_choices(released),
                          initial={"co_org": released.co_org, "co_note": released.co_note})

    def save(cd: dict[str, Any]) -> str:
        services.co_manage_set(actor=request.user, released=released, co_org=cd["co_org"], note=cd["co_note"])
        return f"已设置双列管：{cd['co_org'].name}" if cd["co_org"] else "已解除双列管"

    return handle_dialog(request, form=form, title=f"双列管：{released.person.name}", redirect_to=released.get_absolute_url(),
                         save=save, extra={"intro": "户籍地与居住地不一致的，由户籍地和居住地司法所共同管理；期限仍由户籍地司法所负责。"})


@login_required
def points(request: AuthedRequest, uuid: str) -> HttpResponse:
    released = access_object(request.user, Released, action="change", uuid=uuid)
    form = f.PointsForm(request.POST or None, items=selectors.points_items())

    def save(cd: dict[str, Any]) -> str:
        entry = services.points_record(actor=request.user, released=released, item=cd["item"], date=cd["date"], note=cd["note"])
        return f"已记录积分 {entry.points:+d} 分，现有 {services.points_balance(released)} 分"

    return handle_dialog(request, form=form, title=f"记录积分：{released.person.name}", redirect_to=released.get_absolute_url(),
                         save=save, extra={"intro": "参加教育学习、公益活动等加分，积分可兑换帮扶物品或服务；积分项目和分值由系统管理员设置。"})


@login_required
def assist_new(request: AuthedRequest, uuid: str) -> HttpResponse:
    """协查: for a person not received after release (未衔接) or out of contact (下落不明)."""
    released = access_object(request.user, Released, action="change", uuid=uuid)
    reason = "not_received" if released.status == "pending" else "missing"
    form = f.AssistRequestForm(request.POST or None, orgs=selectors.assist_target_orgs(released), initial={"reason": reason})

    def save(cd: dict[str, Any]) -> str:
        item = services.assist_request(actor=request.user, released=released, to_org=cd["to_org"], reason=cd["reason"],
                                       details=cd["details"], date=cd["date"])
        return f"已向{item.to_org.name}发出协查，回复期限 {item.due_date:%Y-%m-%d}"

    return handle_dialog(request, form=form, title=f"发起协查：{released.person.name}", redirect_to=released.get_absolute_url(),
                         save=save, extra={"intro": "释放后未衔接或失联下落不明的，向可能去向地的司法所或县级司法局发出协查。"})


class AssistListView(ScopedListView):
    model = AssistRequest
    filterset_class = AssistFilterSet
    table_class = AssistTable
    title = "安置帮教协查"
    export_filename = "安置帮教协查"
    export_columns = [
        ("帮教对象", lambda a: a.released.person.name),
        ("身份证号码", lambda a: a.released.person.id_number_masked),
        ("协查原因", lambda a: a.get_reason_display()),
        ("发出单位", lambda a: a.org.name),
        ("协查单位", lambda a: a.to_org.name),
        ("发出日期", lambda a: a.sent_date),
        ("回复期限", lambda a: a.due_date),
        ("协查事项", lambda a: a.details),
        ("状态", lambda a: a.get_status_display()),
        ("协查结果", lambda a: a.get_result_display()),
        ("回复日期", lambda a: a.replied_date or ""),
        ("回复情况", lambda a: a.reply),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.assist_list(request.user)


@login_required
def assist_detail(request: AuthedRequest, uuid: str) -> HttpResponse:
    item = selectors.assist_detail(request.user, uuid)
    if item is None:
        raise Http404("未找到该协查，或您无权查看")
    return render(request, "resettlement/assist_detail.html", {
        "title": f"安置帮教协查：{item.released.person.name}",
        "a": item,
        "deadlines": open_deadlines_for(item).order_by("due_date"),
        # Only the receiving org answers; the asking office follows the reply here.
        "can_reply": item.status == "open" and AssistRequest.objects.visible_to(request.user, "change").filter(pk=item.pk).exists()
        and services.is_addressee(request.user, item),
        # The person's file is shown to whoever may read it (the asking office; not the receiving one).
        "can_open_file": Released.objects.visible_to(request.user, "view").filter(pk=item.released_id).exists(),
        "breadcrumbs": [("安置帮教协查", "/resettlement/assist/"), (item.released.person.name, "")],
    })


@login_required
def assist_reply(request: AuthedRequest, uuid: str) -> HttpResponse:
    item = access_object(request.user, AssistRequest, action="change", uuid=uuid)
    form = f.AssistReplyForm(request.POST or None)

    def save(cd: dict[str, Any]) -> str:
        services.assist_reply(actor=request.user, request=item, result=cd["result"], reply=cd["reply"], date=cd["date"])
        return "已回复协查"

    return handle_dialog(request, form=form, title=f"回复协查：{item.released.person.name}", redirect_to=item.get_absolute_url(), save=save)
