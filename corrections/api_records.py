"""重新违法犯罪 (考核 N03) and 变更执行地 (社区矫正法 第二十七条第二款) over the API: the lists with the pages' filters,
a record each, and every action of the pages. Reads are scoped by ``visible_to``; writes go through
``corrections.reoffences`` and ``corrections.transfers`` (one transaction, audit row, ledger entry); a refused input
leaves as ``{code, message, field}`` in Chinese and saves nothing."""

import datetime as dt
import uuid as uuid_lib
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from core.api import In, choice_schema
from core.errors import ValidationFailed
from core.routes import action_route, detail_route, list_route
from corrections import lists_records as lists
from corrections import reoffences, transfers
from corrections.choices_duties import ReoffenceNature, ReoffenceOutcome
from corrections.models import Reoffence, Subject, Transfer
from orgs.models import Org

router = Router(tags=["社区矫正 重新违法犯罪与变更执行地"])


class _SubjectRow(Schema):
    uuid: uuid_lib.UUID
    subject_uuid: uuid_lib.UUID
    subject_name: str
    org_name: str

    @staticmethod
    def resolve_subject_uuid(obj: Any) -> Any:
        return obj.subject.uuid

    @staticmethod
    def resolve_subject_name(obj: Any) -> str:
        return obj.subject.person.name  # type: ignore[no-any-return]

    @staticmethod
    def resolve_org_name(obj: Any) -> str:
        return obj.org.name  # type: ignore[no-any-return]


class ReoffenceOut(_SubjectRow):
    discovered_date: dt.date
    nature: str = Field(..., description="illegal 违法、crime 犯罪")
    description: str
    authority: str
    outcome: str
    outcome_date: dt.date | None = None
    outcome_note: str


class TransferOut(_SubjectRow):
    to_office_code: str
    to_office_name: str
    new_address: str
    reason: str
    decision_date: dt.date
    decision_number: str
    notified_date: dt.date
    report_due_date: dt.date = Field(..., description="应到新执行地报到的最后一日")
    handover_due_date: dt.date | None = Field(None, description="应移交档案的最后一日（作出决定之日起五日）")
    handover_date: dt.date | None = None
    reported_date: dt.date | None = None
    reported_late_days: int
    cancelled_date: dt.date | None = None
    cancel_reason: str = ""
    status: str = Field(..., description="approved 已决定待交接、handed_over 已交接待报到、reported 已报到、cancelled 已撤销")

    @staticmethod
    def resolve_to_office_code(obj: Transfer) -> str:
        return obj.to_office.code

    @staticmethod
    def resolve_to_office_name(obj: Transfer) -> str:
        return obj.to_office.name


class ReoffenceFilters(Schema):
    name: str | None = Field(None, max_length=50, description="姓名包含")
    org: str | None = Field(None, max_length=100, description="司法所名称包含")
    nature: str | None = Field(None, max_length=10)
    outcome: str | None = Field(None, max_length=20)
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class TransferFilters(Schema):
    name: str | None = Field(None, max_length=50, description="姓名包含")
    org: str | None = Field(None, max_length=100, description="原执行地司法所名称包含")
    status: str | None = Field(None, max_length=20)
    to_office: str | None = Field(None, max_length=100, description="新执行地司法所名称包含")
    date_from: dt.date | None = None
    date_to: dt.date | None = None


list_route(router, "/reoffences", name="reoffence_list", response=ReoffenceOut, filters=ReoffenceFilters,
           filterset=lists.ReoffenceFilterSet, selector=lists.reoffence_list, summary="重新违法犯罪列表",
           description="数据权限范围内矫正期间发现的社区矫正对象重新违法犯罪（考核 N03），筛选条件与页面相同。")
reoffence_read = detail_route(router, "/reoffences/{uuid}", name="reoffence_detail", response=ReoffenceOut, model=Reoffence,
                              selector=lists.reoffence_list, summary="重新违法犯罪详情")
list_route(router, "/transfers", name="transfer_list", response=TransferOut, filters=TransferFilters,
           filterset=lists.TransferFilterSet, selector=lists.transfer_list, summary="变更执行地列表",
           description="本所（原执行地）登记的变更执行地决定、交接和新执行地报到情况。")
transfer_read = detail_route(router, "/transfers/{uuid}", name="transfer_detail", response=TransferOut, model=Transfer,
                             selector=lists.transfer_list, summary="变更执行地详情")


class ReoffenceIn(In):
    discovered_date: dt.date
    nature: Annotated[ReoffenceNature, choice_schema(ReoffenceNature, description="性质")]
    description: str = Field(..., max_length=5000)
    authority: str = Field(..., max_length=100)
    outcome: Annotated[ReoffenceOutcome, choice_schema(ReoffenceOutcome, description="处理结果")] = ReoffenceOutcome.PENDING
    outcome_date: dt.date | None = None
    outcome_note: str = Field("", max_length=300)


class ReoffencePatch(In):
    discovered_date: dt.date | None = None
    nature: Annotated[ReoffenceNature, choice_schema(ReoffenceNature, description="性质")] | None = None
    description: str | None = Field(None, max_length=5000)
    authority: str | None = Field(None, max_length=100)
    outcome: Annotated[ReoffenceOutcome, choice_schema(ReoffenceOutcome, description="处理结果")] | None = None
    outcome_date: dt.date | None = None
    outcome_note: str | None = Field(None, max_length=300)


_FIELDS = ("discovered_date", "nature", "description", "authority", "outcome", "outcome_date", "outcome_note")


def _update(request: HttpRequest, r: Reoffence, payload: ReoffencePatch) -> Reoffence:
    """The fields given replace the record's; ``outcome_date`` may be null (back to 处理中), any other field given must
    have a value (as ``core.routes.changes_given``)."""
    given = payload.dict(exclude_unset=True)
    for field, value in given.items():
        if value is None and field != "outcome_date":
            raise ValidationFailed(f"“{field}”不能为空；不修改的字段请不要放在请求中", field=field)
    values = {k: getattr(r, k) for k in _FIELDS} | given
    return reoffences.reoffence_update(actor=request.user, reoffence=r, data=reoffences.ReoffenceInput(**values))


action_route(router, "/subjects/{uuid}/reoffences", name="reoffence_record", model=Subject, payload=ReoffenceIn, status=201,
             perm=("corrections.add_reoffence", "登记重新违法犯罪"), response=ReoffenceOut, summary="登记重新违法犯罪",
             description="矫正期间发现的违法或新的犯罪；计入工作台账 corrections.reoffended（考核 N03 扣分），"
                         "缓刑、假释对象涉嫌犯罪的，奖惩建议中提示提请撤销（刑法 第七十七条、第八十六条）。",
             run=lambda request, subject, p: reoffences.reoffence_record(actor=request.user, subject=subject,
                                                                         data=reoffences.ReoffenceInput(**p.dict())))
action_route(router, "/reoffences/{uuid}", name="reoffence_update", model=Reoffence, payload=ReoffencePatch, method="PATCH",
             response=ReoffenceOut, reader=reoffence_read, summary="更新重新违法犯罪处理情况",
             description="只修改给出的字段；处理结果改回处理中时 outcome_date 可为 null。", run=_update)


class TransferIn(In):
    to_office: str = Field(..., max_length=20, description="新执行地司法所的机构代码")
    new_address: str = Field(..., max_length=200)
    reason: str = Field(..., max_length=300)
    decision_date: dt.date = Field(..., description="县级社区矫正机构作出变更决定的日期")
    decision_number: str = Field("", max_length=60)
    notified_date: dt.date | None = Field(None, description="对象收到决定的日期，七日报到期限自此起算；不给同决定日期")
    request: uuid_lib.UUID | None = Field(None, description="已批准的变更执行地申请（可选）")


def _approve(request: HttpRequest, subject: Subject, p: TransferIn) -> Transfer:
    office = Org.objects.filter(code=p.to_office, kind=Org.Kind.OFFICE).first()
    if office is None:
        raise ValidationFailed(f"没有机构代码为 {p.to_office} 的司法所", field="to_office")
    linked = subject.requests.filter(uuid=p.request).first() if p.request else None
    if p.request and linked is None:
        raise ValidationFailed("所附申请不是该对象的申请", field="request")
    data = transfers.TransferInput(to_office=office, new_address=p.new_address, reason=p.reason, decision_date=p.decision_date,
                                   decision_number=p.decision_number, notified_date=p.notified_date, request=linked)
    return transfers.transfer_approve(actor=request.user, subject=subject, data=data)


action_route(router, "/subjects/{uuid}/transfers", name="transfer_approve", model=Subject, payload=TransferIn, status=201,
             perm=("corrections.add_transfer", "登记变更执行地"), response=TransferOut, summary="登记变更执行地决定",
             description="原执行地司法所登记县级社区矫正机构的变更执行地决定（社区矫正法 第二十七条第二款）；交接前对象仍由本所管理。",
             run=_approve)


class TransferHandoverIn(In):
    date: dt.date = Field(..., description="交接日期")


action_route(router, "/transfers/{uuid}/handover", name="transfer_handover", model=Transfer, payload=TransferHandoverIn,
             response=TransferOut, reader=transfer_read, summary="变更执行地交接",
             description="移交法律文书和矫正档案：对象、正在执行的期限、待履行事项、电子定位和矫正方案移交新执行地司法所，"
                         "新执行地开始计算七日报到期限（实施办法 第三十一条）。交接后本所对该对象的档案返回 404。",
             run=lambda request, t, p: transfers.transfer_handover(actor=request.user, transfer=t, date=p.date))


class TransferCancelIn(In):
    reason: str = Field(..., max_length=300, description="撤销原因，如 县级社区矫正机构撤销变更决定")
    date: dt.date | None = Field(None, description="撤销日期；不给为今天")


action_route(router, "/transfers/{uuid}/cancel", name="transfer_cancel", model=Transfer, payload=TransferCancelIn,
             response=TransferOut, reader=transfer_read, summary="撤销变更执行地",
             description="交接前撤销变更执行地决定（县级社区矫正机构撤销决定、对象放弃迁居或登记有误）：对象仍由本所管理，"
                         "移交档案期限结束。已交接的返回 422。",
             run=lambda request, t, p: transfers.transfer_cancel(actor=request.user, transfer=t, reason=p.reason, date=p.date))


class TransferReportIn(In):
    date: dt.date = Field(..., description="报到日期")
    officer: str | None = Field(None, max_length=150, description="矫正责任人的用户名；不给为本人")


def _report(request: HttpRequest, subject: Subject, p: TransferReportIn) -> Transfer:
    from django.contrib.auth import get_user_model

    officer = None
    if p.officer:
        officer = get_user_model().objects.filter(username=p.officer, is_active=True).first()
        if officer is None:
            raise ValidationFailed(f"没有用户名为 {p.officer} 的在用账号", field="officer")
    return transfers.transfer_report(actor=request.user, subject=subject, date=p.date, officer=officer)


action_route(router, "/subjects/{uuid}/transfer-report", name="transfer_report", model=Subject, payload=TransferReportIn,
             response=TransferOut, summary="变更执行地报到",
             description="新执行地司法所登记对象报到、确定矫正责任人；报到期限随之结束，逾期的写明逾期日数。",
             answer=lambda request, subject, t: t, run=_report)

