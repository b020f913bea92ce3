from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from orgs.models import Org


class OrgTable(tables.Table):
    """The org tree in path order, each name indented by its depth."""

    name = tables.Column(verbose_name="名称", order_by="path")
    code = tables.Column(verbose_name="机构编码")
    kind = tables.Column(verbose_name="类型")
    region = tables.Column(verbose_name="行政区划", accessor="region__name")
    doc_abbr = tables.Column(verbose_name="文书代字")
    member_count = tables.Column(verbose_name="人员数")
    phone = tables.Column(verbose_name="电话")
    is_active = tables.BooleanColumn(verbose_name="状态", yesno="启用,停用")

    class Meta:
        model = Org
        fields = ("name", "code", "kind", "region", "doc_abbr", "member_count", "phone", "is_active")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "org-table"}

    def render_name(self, record: Org) -> str:
        return format_html('<span style="padding-left:{}rem"></span><a href="{}">{}</a>', (record.depth - 1) * 1.25,
                           reverse("orgs:detail", args=[record.code]), record.name)
