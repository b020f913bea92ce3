from __future__ import annotations

import datetime as dt
from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from core.dictionaries import dict_label
from mediation.choices import CommitteeType
from mediation.models import Dispute, Expert, Mediator
from mediation.selectors import success_rate
from orgs.models import Org


class DisputeTable(tables.Table):
    number = tables.Column(verbose_name="受理编号", default="（待受理）")
    title = tables.Column(verbose_name="纠纷名称", linkify=lambda record: f"/mediation/disputes/{record.uuid}/")
    category = tables.Column(verbose_name="纠纷类型")
    parties = tables.Column(verbose_name="当事人", empty_values=(), orderable=False)
    source = tables.Column(verbose_name="来源")
    received_date = tables.DateColumn(verbose_name="登记日期", format="Y-m-d")
    status = tables.Column(verbose_name="状态")
    mediators = tables.Column(verbose_name="调解员", empty_values=(), orderable=False)
    org = tables.Column(verbose_name="办理单位", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = Dispute
        fields = ("number", "title", "category", "parties", "source", "received_date", "status", "mediators", "org")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "dispute-table"}

    def render_category(self, value: str) -> str:
        return dict_label("dispute_category", value)

    def render_parties(self, record: Dispute) -> str:
        return "、".join(p.person.name for p in record.parties.all())

    def render_mediators(self, record: Dispute) -> str:
        return "、".join(m.person.name for m in record.mediators.all()) or "—"

    def render_status(self, record: Dispute) -> str:
        colour = {"lead": "secondary", "accepted": "info", "mediating": "primary", "agreed": "success", "performed": "success",
                  "failed": "warning", "rejected": "dark", "closed": "light text-dark", "archived": "light text-dark"}
        return format_html('<span class="badge bg-{}">{}</span>', colour.get(record.status, "secondary"), record.get_status_display())


class MediatorTable(tables.Table):
    name = tables.Column(verbose_name="姓名", accessor="person__name")
    sex = tables.Column(verbose_name="性别", accessor="person__sex", empty_values=())
    org = tables.Column(verbose_name="调解组织", accessor="org__name")
    position = tables.Column(verbose_name="职务")
    is_full_time = tables.BooleanColumn(verbose_name="专职", yesno="是,否")
    specialities = tables.Column(verbose_name="擅长领域")
    training_hours = tables.Column(verbose_name="培训学时")
    cases_handled = tables.Column(verbose_name="办理纠纷")
    success_rate = tables.Column(verbose_name="调解成功率", empty_values=(), order_by=("cases_settled",))
    term_end = tables.DateColumn(verbose_name="任期届满", format="Y-m-d")
    actions = tables.Column(verbose_name="操作", empty_values=(), orderable=False)

    class Meta:
        model = Mediator
        fields = ("name", "sex", "org", "position", "is_full_time", "specialities", "training_hours", "cases_handled",
                  "success_rate", "term_end", "actions")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "mediator-table"}

    def before_render(self, request: Any) -> None:
        if not request.user.has_perm("mediation.change_mediator"):
            self.columns.hide("actions")

    def render_sex(self, record: Mediator) -> str:
        return record.person.get_sex_display()

    def render_success_rate(self, record: Mediator) -> str:
        rate = success_rate(record.cases_settled, record.cases_mediated)  # type: ignore[attr-defined]
        if rate is None:
            return format_html('<span title="{}">—</span>', "无分母")
        return f"{rate}%（{record.cases_settled}/{record.cases_mediated}）"  # type: ignore[attr-defined]

    def render_actions(self, record: Mediator) -> str:
        return format_html('<button class="btn btn-link btn-sm p-0" hx-get="/mediation/mediators/{}/training/" '
                           'hx-target="#dialog-content">记录培训</button>', record.uuid)


def committee_type_text(value: str | None, trade: str | None) -> str:
    """类型 as registered, with the trade of a 行业性、专业性 committee: 行业性、专业性调委会（医疗）."""
    if not value:
        return "未登记"
    label = str(CommitteeType(value).label)
    return f"{label}（{trade}）" if trade else label


class CommitteeTable(tables.Table):
    name = tables.Column(verbose_name="名称", linkify=lambda record: f"/mediation/committees/{record.code}/")
    region = tables.Column(verbose_name="所在村（社区）", accessor="region__name")
    committee_type = tables.Column(verbose_name="类型", default="未登记")
    term_end = tables.Column(verbose_name="本届任期届满", default="未登记")
    member_count = tables.Column(verbose_name="在任调解员")
    women_count = tables.Column(verbose_name="女性委员")

    class Meta:
        model = Org
        fields = ("name", "region", "committee_type", "term_end", "member_count", "women_count")
        attrs = {"class": "table table-sm table-hover table-bordered"}

    def render_committee_type(self, value: str, record: Org) -> str:
        return committee_type_text(value, getattr(record, "trade", ""))

    def render_term_end(self, value: dt.date) -> str:
        if value < timezone.localdate():
            # 人民调解法 第九条: 每届任期三年 — an expired term calls for re-election.
            return format_html('{} <span class="badge bg-warning text-dark">已届满</span>', value.isoformat())
        return value.isoformat()

    def render_women_count(self, value: int) -> str:
        if value:
            return str(value)
        return format_html('<span class="badge bg-warning text-dark" title="{}">0 缺少女性委员</span>', "人民调解法 第八条")


class ExpertTable(tables.Table):
    name = tables.Column(verbose_name="姓名")
    kind = tables.Column(verbose_name="类别")
    speciality = tables.Column(verbose_name="专业领域")
    employer = tables.Column(verbose_name="工作单位")
    phone = tables.Column(verbose_name="联系电话")
    org = tables.Column(verbose_name="登记单位", accessor="org__short_name")

    class Meta:
        model = Expert
        fields = ("name", "kind", "speciality", "employer", "phone", "org")
        attrs = {"class": "table table-sm table-hover table-bordered"}
