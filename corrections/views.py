"""社区矫正 pages: 社区矫正对象台账, the 接收报到登记 dialog, a subject's page and the edit dialog."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters

from accounts.permissions import require_create_orgs
from accounts.selectors import writable_orgs
from core.access import access_object, can_supervise, require_perm, supervised_object
from core.audit import audit_record
from core.forms import SamePersonField, client_ip, handle_dialog
from core.http import AuthedRequest
from core.lists import ScopedListView
from corrections import forms as f
from corrections import selectors, services
from corrections.filtersets import SubjectFilterSet
from corrections.models import Subject
from corrections.tables import SubjectTable
from orgs.models import Org
from people.services import PersonInput


def subject_create_orgs(user: Any) -> Any:
    """The 司法所 where the user may receive a corrections subject (办案范围)."""
    return writable_orgs(user, Subject).filter(kind=Org.Kind.OFFICE)


class SubjectListView(ScopedListView):
    model = Subject
    filterset_class = SubjectFilterSet
    table_class = SubjectTable
    title = "社区矫正对象台账"
    create_url_name = "corrections:subject_receive"
    create_orgs = subject_create_orgs
    export_filename = "社区矫正对象台账"
    # ID numbers leave only masked; the subject's address is never exported (sensitive, 个人信息保护法 第二十八条).
    export_columns = [
        ("姓名", lambda s: s.person.name),
        ("身份证号码", lambda s: s.person.id_number_masked),
        ("性别", lambda s: s.person.get_sex_display()),
        ("矫正类别", lambda s: s.get_correction_type_display()),
        ("罪名", lambda s: s.crime),
        ("社区矫正决定机关", lambda s: s.decision_organ),
        ("法律文书文号", lambda s: s.decision_number),
        ("生效日期", lambda s: s.effective_date),
        ("矫正期限起", lambda s: s.start_date),
        ("矫正期限止", lambda s: s.end_date),
        ("矫正期限", lambda s: s.period_text),
        ("应报到日期", lambda s: s.report_due_date),
        ("报到日期", lambda s: s.reported_date),
        ("逾期报到（日）", lambda s: s.reported_late_days or ""),
        ("矫正状态", lambda s: s.get_status_display()),
        ("管理等级", lambda s: s.level_name or "未评定"),
        ("矫正责任人", lambda s: s.officer.display_name if s.officer else ""),
        ("司法所", lambda s: s.org.name),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        from corrections.plans import with_current_level

        return with_current_level(selectors.subject_list(request.user))

    def export(self, request: HttpRequest, qs: QuerySet) -> HttpResponse:
        """A minor's name leaves masked for anyone outside the owning office (社区矫正法 第五十四条)."""
        from core.exports import workbook_bytes, xlsx_response
        from corrections.privacy import mask_minors

        content = workbook_bytes(title=self.title, columns=self.export_columns, rows=mask_minors(qs.iterator(chunk_size=2000), request.user))
        audit_record(actor=request.user, action="export", summary=f"导出{self.title}（{qs.count()}条）", ip_address=client_ip(request))
        return xlsx_response(filename=self.export_filename or self.title, content=content)


def _input(cd: dict[str, Any]) -> services.SubjectInput:
    return services.SubjectInput(
        correction_type=cd["correction_type"], decision_organ=cd["decision_organ"], decision_number=cd["decision_number"],
        crime=cd["crime"], effective_date=cd["effective_date"], start_date=cd["start_date"], end_date=cd["end_date"],
        reported_date=cd["reported_date"], officer=cd["officer"],
    )


@login_required
@sensitive_post_parameters("id_number")
def subject_receive(request: AuthedRequest) -> HttpResponse:
    """接收报到登记 (社区矫正法 第二十一条、第二十二条)."""
    require_perm(request.user, "corrections.add_subject", what="接收社区矫正对象")
    orgs = require_create_orgs(subject_create_orgs(request.user), what="接收社区矫正对象")
    form = f.ReceiveForm(request.POST or None, orgs=orgs, officers=selectors.officer_choices(orgs), initial={"officer": request.user})

    def save(cd: dict[str, Any]) -> str:
        from corrections.reception import ProhibitionInput

        prohibitions = [ProhibitionInput(content=cd["prohibition"])] if cd["has_prohibition"] else []
        subject = services.subject_receive(
            actor=request.user, org=cd["org"], data=_input(cd),
            person=PersonInput(name=cd["name"], id_number=cd["id_number"], phone=cd["phone"],
                               same_person=SamePersonField.confirmed(cd, cd["id_number"])),
            prohibitions=prohibitions, temporary_reason=cd["temporary_reason"],
        )
        return f"已接收社区矫正对象 {subject.person.name}"

    return handle_dialog(request, form=form, title="接收报到登记", save=save, redirect_to="/corrections/", extra={
        "intro": "社区矫正对象持判决书、裁定书或决定书报到：核对法律文书、核实身份后登记（社区矫正法 第二十二条）。",
    })


@login_required
def subject_detail(request: AuthedRequest, uuid: str) -> HttpResponse:
    subject = selectors.subject_file(request.user, uuid)
    if subject is None:
        raise Http404("未找到该社区矫正对象，或您无权查看")
    from corrections.privacy import mask_minors

    subject = next(iter(mask_minors([subject], request.user)))
    # Every read of a subject's file leaves an access-log row (社区矫正法 第四条 and 个人信息保护法: sensitive records).
    audit_record(actor=request.user, action="other", summary=f"查阅社区矫正对象档案 {subject.person.name}", obj=subject,
                 ip_address=client_ip(request))
    return render(request, "corrections/subject_detail.html", {
        "title": f"社区矫正对象：{subject.person.name}",
        "s": subject,
        "can_change": Subject.objects.visible_to(request.user, "change").filter(pk=subject.pk).exists(),
        # 解除/终止 is an act the county agency may take on any subject it supervises (第四十四、四十五条).
        "can_release": can_supervise(request.user, subject),
        "breadcrumbs": [("社区矫正对象台账", "/corrections/"), (subject.person.name, "")],
        **_cycle(subject),
    })


def _cycle(subject: Subject) -> dict[str, Any]:
    """The reception and discharge parts of the file (禁止令, 入矫信息, 矫正小组 and its gaps, 期满鉴定)."""
    from corrections.models import minor_at_offence
    from corrections.reception import team_gaps

    team = list(subject.team.all())
    transfers = list(subject.transfers.select_related("org", "to_office").order_by("-decision_date", "-id"))
    return {"prohibitions": list(subject.prohibitions.all()), "team": team, "team_gaps": team_gaps(subject, team),
            "reception": getattr(subject, "reception", None), "handover": getattr(subject, "handover", None),
            "minor": minor_at_offence(subject.person, subject.effective_date),
            # 重新违法犯罪 and 变更执行地 are part of the file: the office holding the subject sees them all, including
            # those recorded by the office of a former place of execution.
            "reoffences": list(subject.reoffences.order_by("-discovered_date", "-id")), "transfers": transfers,
            "open_transfer": next((t for t in transfers if t.status != "reported"), None)}


@login_required
def subject_release(request: AuthedRequest, uuid: str) -> HttpResponse:
    """解除或终止社区矫正 (社区矫正法 第四十四条、第四十五条)."""
    subject = supervised_object(request.user, Subject, uuid=uuid)  # the 社区矫正机构's act: also the county's
    form = f.ReleaseForm(request.POST or None, initial={"date": min(subject.end_date, timezone.localdate())})

    def save(cd: dict[str, Any]) -> str:
        done = services.subject_release(actor=request.user, subject=subject, reason=cd["reason"], date=cd["date"], note=cd["note"])
        return f"已{done.get_status_display()}：{done.person.name}"

    return handle_dialog(request, form=form, title=f"解除（终止）矫正：{subject.person.name}", save=save,
                         redirect_to=subject.get_absolute_url(), extra={
        "intro": f"矫正期限至 {subject.end_date:%Y-%m-%d}。期满解除的，发放解除社区矫正证明书，并通知决定机关、检察院、公安机关（第四十四条）。",
    })


@login_required
def subject_edit(request: AuthedRequest, uuid: str) -> HttpResponse:
    subject = access_object(request.user, Subject, action="change", uuid=uuid)
    initial = {name: getattr(subject, name) for name in services.EDITABLE_FIELDS}
    form = f.SubjectFields(request.POST or None, initial=initial,
                           officers=selectors.officer_choices(Org.objects.filter(pk=subject.org_id)))
    return handle_dialog(
        request, form=form, title=f"修改基本信息：{subject.person.name}", redirect_to=subject.get_absolute_url(),
        save=lambda cd: (services.subject_update(actor=request.user, subject=subject, data=_input(cd)), "已保存修改")[1],
    )
