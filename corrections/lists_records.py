"""Lists of 重新违法犯罪 and 变更执行地: the scoped selectors, the FilterSets (shared by the page, the Excel export and
the API) and the tables. Each row joins its subject and person in the same query."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import QuerySet

from corrections.choices_duties import ReoffenceNature, ReoffenceOutcome, TransferStatus
from corrections.lists_duties import _TABLE, _Base, _choice, _date_filter, _text
from corrections.models import Reoffence, Transfer


def reoffence_list(user: Any) -> QuerySet:
    return Reoffence.objects.visible_to(user, "view").select_related("org", "subject", "subject__person")


def transfer_list(user: Any) -> QuerySet:
    """The changes of the place of execution the user's offices decided (the sending office keeps the record; the
    receiving office holds the subject)."""
    return Transfer.objects.visible_to(user, "view").select_related("org", "subject", "subject__person", "to_office")


class ReoffenceFilterSet(_Base):
    nature = _choice("性质", ReoffenceNature.choices)
    outcome = _choice("处理结果", ReoffenceOutcome.choices)
    date_from = _date_filter("发现日期起", "discovered_date", "gte")
    date_to = _date_filter("发现日期止", "discovered_date", "lte")

    class Meta:
        model = Reoffence
        fields: list[str] = []


class TransferFilterSet(_Base):
    status = _choice("状态", TransferStatus.choices)
    to_office = django_filters.CharFilter(label="新执行地", field_name="to_office__name", lookup_expr="contains",
                                          widget=forms.TextInput(attrs=_text))
    date_from = _date_filter("决定日期起", "decision_date", "gte")
    date_to = _date_filter("决定日期止", "decision_date", "lte")

    class Meta:
        model = Transfer
        fields: list[str] = []


class ReoffenceTable(tables.Table):
    name = tables.Column(verbose_name="姓名", accessor="subject__person__name", order_by="subject__person__name",
                         linkify=lambda record: record.get_absolute_url())
    discovered_date = tables.DateColumn(verbose_name="发现日期", format="Y-m-d")
    nature = tables.Column(verbose_name="性质")
    authority = tables.Column(verbose_name="处理机关")
    outcome = tables.Column(verbose_name="处理结果")
    org = tables.Column(verbose_name="司法所", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = Reoffence
        fields = ("name", "discovered_date", "nature", "authority", "outcome", "org")
        attrs = {**_TABLE, "data-testid": "reoffence-table"}


class TransferTable(tables.Table):
    name = tables.Column(verbose_name="姓名", accessor="subject__person__name", order_by="subject__person__name",
                         linkify=lambda record: record.get_absolute_url())
    decision_date = tables.DateColumn(verbose_name="决定日期", format="Y-m-d")
    to_office = tables.Column(verbose_name="新执行地司法所", accessor="to_office__name", order_by="to_office__name")
    report_due_date = tables.DateColumn(verbose_name="应报到", format="Y-m-d")
    reported_date = tables.DateColumn(verbose_name="报到", format="Y-m-d", default="—")
    status = tables.Column(verbose_name="状态")
    org = tables.Column(verbose_name="原执行地司法所", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = Transfer
        fields = ("name", "decision_date", "to_office", "report_due_date", "reported_date", "status", "org")
        attrs = {**_TABLE, "data-testid": "transfer-table"}
