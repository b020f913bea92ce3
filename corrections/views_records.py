"""Pages of 重新违法犯罪 (考核 N03) and 变更执行地 (社区矫正法 第二十七条第二款): the two lists with their Excel export,
a page per record, and the dialogs, each one service call (corrections.reoffences, corrections.transfers)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from core.details import Panel, RecordView
from core.forms import record_dialog
from core.lists import ScopedListView
from corrections import forms_records as f
from corrections import lists_records as lists
from corrections import reoffences, transfers
from corrections.models import Reoffence, Subject, Transfer
from corrections.selectors import officer_choices
from orgs.models import Org


def _name(r: Any) -> str:
    return r.subject.person.name  # type: ignore[no-any-return]


class ReoffenceListView(ScopedListView):
    model = Reoffence
    filterset_class = lists.ReoffenceFilterSet
    table_class = lists.ReoffenceTable
    title = "社区矫正对象重新违法犯罪"
    export_filename = "社区矫正对象重新违法犯罪"
    export_columns = [("姓名", _name), ("矫正类别", lambda r: r.subject.get_correction_type_display()),
                      ("发现日期", lambda r: r.discovered_date), ("性质", lambda r: r.get_nature_display()),
                      ("违法犯罪事实", lambda r: r.description), ("处理机关", lambda r: r.authority),
                      ("处理结果", lambda r: r.get_outcome_display()), ("处理日期", lambda r: r.outcome_date),
                      ("处理情况", lambda r: r.outcome_note), ("司法所", lambda r: r.org.name)]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return lists.reoffence_list(request.user)


class TransferListView(ScopedListView):
    model = Transfer
    filterset_class = lists.TransferFilterSet
    table_class = lists.TransferTable
    title = "变更执行地"
    export_filename = "变更执行地"
    export_columns = [("姓名", _name), ("原执行地司法所", lambda t: t.org.name), ("新执行地司法所", lambda t: t.to_office.name),
                      ("新居住地", lambda t: t.new_address), ("变更理由", lambda t: t.reason), ("变更决定日期", lambda t: t.decision_date),
                      ("决定书文号", lambda t: t.decision_number), ("对象收到决定日期", lambda t: t.notified_date),
                      ("应报到日期", lambda t: t.report_due_date), ("交接日期", lambda t: t.handover_date),
                      ("新执行地报到日期", lambda t: t.reported_date), ("逾期报到（日）", lambda t: t.reported_late_days or ""),
                      ("状态", lambda t: t.get_status_display())]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return lists.transfer_list(request.user)


class ReoffenceDetailView(RecordView):
    model = Reoffence
    list_title, list_url_name = "社区矫正对象重新违法犯罪", "corrections:reoffence_list"
    heading = "{obj}"
    crumb_text = "{obj.subject.person.name} {obj.discovered_date:%Y-%m-%d}"
    template_name = "corrections/record_detail.html"
    panels = [
        Panel("违法犯罪情况", fields=(("发现日期", "discovered_date"), ("性质", "get_nature_display"), ("事实", "description"),
                                  ("处理机关", "authority"))),
        Panel("处理结果", fields=(("处理结果", "get_outcome_display"), ("处理日期", "outcome_date"), ("处理情况", "outcome_note"))),
        Panel("社区矫正对象", side=True, fields=(("姓名", "subject.person.name"), ("矫正类别", "subject.get_correction_type_display"),
                                            ("矫正期限", lambda r: f"{r.subject.start_date:%Y-%m-%d} 至 {r.subject.end_date:%Y-%m-%d}"),
                                            ("司法所", "org.name"))),
    ]

    def get_object(self, request: HttpRequest, value: Any) -> Any:
        return lists.reoffence_list(request.user).filter(uuid=value).first()

    def get_context(self, request: HttpRequest, obj: Any, *, can_change: bool) -> dict[str, Any]:
        actions = [("更新处理情况", f"/corrections/reoffences/{obj.uuid}/edit/", "edit")] if can_change else []
        return {"actions": actions, "subject_url": obj.subject.get_absolute_url()}


class TransferDetailView(RecordView):
    model = Transfer
    list_title, list_url_name = "变更执行地", "corrections:transfer_list"
    heading = "{obj.subject.person.name}变更执行地"
    template_name = "corrections/record_detail.html"
    panels = [
        Panel("变更决定", fields=(("新执行地司法所", "to_office.name"), ("新居住地", "new_address"), ("变更理由", "reason"),
                              ("变更决定日期", "decision_date"), ("决定书文号", "decision_number"), ("对象收到决定日期", "notified_date"))),
        Panel("交接与报到", fields=(("状态", "get_status_display"), ("应交接日期", "handover_due_date"), ("交接日期", "handover_date"),
                                ("撤销日期", "cancelled_date"), ("撤销原因", "cancel_reason"), ("应报到日期", "report_due_date"),
                                ("报到日期", "reported_date"), ("逾期报到（日）", lambda t: t.reported_late_days or ""),
                                ("新执行地接收人", lambda t: t.received_by.display_name if t.received_by else ""))),
        Panel("社区矫正对象", side=True, fields=(("姓名", "subject.person.name"), ("矫正类别", "subject.get_correction_type_display"),
                                            ("原执行地司法所", "org.name"),
                                            ("原矫正责任人", lambda t: t.from_officer.display_name if t.from_officer else ""))),
    ]

    def get_object(self, request: HttpRequest, value: Any) -> Any:
        return lists.transfer_list(request.user).filter(uuid=value).first()

    def get_context(self, request: HttpRequest, obj: Any, *, can_change: bool) -> dict[str, Any]:
        actions = [("办理交接", f"/corrections/transfers/{obj.uuid}/handover/", "handover"),
                   ("撤销变更", f"/corrections/transfers/{obj.uuid}/cancel/", "cancel")] \
            if can_change and obj.status == "approved" else []
        # The subject's file is the sending office's only until the hand-over.
        return {"actions": actions, "subject_url": obj.subject.get_absolute_url() if obj.subject.org_id == obj.org_id else ""}


def _reoffence_input(cd: dict[str, Any]) -> reoffences.ReoffenceInput:
    return reoffences.ReoffenceInput(discovered_date=cd["discovered_date"], nature=cd["nature"], description=cd["description"],
                                     authority=cd["authority"], outcome=cd["outcome"], outcome_date=cd.get("outcome_date"),
                                     outcome_note=cd.get("outcome_note") or "")


reoffence_record = record_dialog(
    Subject, form=f.ReoffenceForm, title="登记重新违法犯罪：{obj.person.name}", perm=("corrections.add_reoffence", "登记重新违法犯罪"),
    intro="矫正期间发现社区矫正对象违法或涉嫌犯罪的，登记事实、处理机关和处理结果；缓刑、假释对象在考验期限内犯新罪的，"
          "应当提请撤销缓刑、假释（刑法 第七十七条、第八十六条，社区矫正法 第四十六条）。",
    save=lambda request, subject, cd: reoffences.reoffence_record(actor=request.user, subject=subject, data=_reoffence_input(cd)),
    message="已登记重新违法犯罪",
)

reoffence_edit = record_dialog(
    Reoffence, form=f.ReoffenceForm, title="更新处理情况：{obj.subject.person.name}",
    form_kwargs=lambda request, r: {"initial": {k: getattr(r, k) for k in ("discovered_date", "nature", "description", "authority",
                                                                          "outcome", "outcome_date", "outcome_note")}},
    save=lambda request, r, cd: reoffences.reoffence_update(actor=request.user, reoffence=r, data=_reoffence_input(cd)),
    message="已保存",
)

transfer_approve = record_dialog(
    Subject, form=f.TransferForm, title="变更执行地：{obj.person.name}", perm=("corrections.add_transfer", "登记变更执行地"),
    intro="登记执行地县级社区矫正机构作出的变更执行地决定（社区矫正法 第二十七条第二款）。交接后对象和档案移交新执行地司法所，"
          "对象应自收到决定之日起七日内到新执行地报到（实施办法 第三十一条）。",
    form_kwargs=lambda request, subject: {"exclude": subject.org},
    save=lambda request, subject, cd: transfers.transfer_approve(actor=request.user, subject=subject, data=transfers.TransferInput(**cd)),
    message=lambda t: f"已登记变更执行地决定：变更至{t.to_office.name}，应于 {t.report_due_date:%Y-%m-%d} 前到新执行地报到",
)

transfer_handover = record_dialog(
    Transfer, form=f.HandoverDateForm, title="变更执行地交接：{obj.subject.person.name}",
    intro=lambda t: f"将法律文书和矫正档案移交{t.to_office.name}：交接后对象由新执行地管理，本所不再能查看其档案，"
                    "正在执行的期限、待履行事项、电子定位和矫正方案随之移交。",
    save=lambda request, t, cd: transfers.transfer_handover(actor=request.user, transfer=t, date=cd["date"]),
    message=lambda t: f"已移交{t.to_office.name}",
    redirect_to="/corrections/transfers/",
)

transfer_cancel = record_dialog(
    Transfer, form=f.TransferCancelForm, title="撤销变更执行地：{obj.subject.person.name}",
    intro=lambda t: f"交接前，县级社区矫正机构撤销变更决定、对象放弃迁居或登记有误的，撤销本条变更执行地记录（原定变更至{t.to_office.name}）："
                    "对象仍由本所管理，移交档案期限随之结束。已交接的不能撤销。",
    save=lambda request, t, cd: transfers.transfer_cancel(actor=request.user, transfer=t, reason=cd["reason"], date=cd["date"]),
    message="已撤销变更执行地",
)

transfer_report = record_dialog(
    Subject, form=f.TransferReportForm, title="变更执行地报到：{obj.person.name}",
    intro="对象到本所报到：核实身份，办理登记接收手续，确定矫正责任人（实施办法 第三十一条）。",
    form_kwargs=lambda request, subject: {"officers": officer_choices(Org.objects.filter(pk=subject.org_id)),
                                          "initial": {"date": timezone.localdate()}},
    save=lambda request, subject, cd: transfers.transfer_report(actor=request.user, subject=subject, date=cd["date"],
                                                                officer=cd["officer"]),
    message="已登记报到",
)
