from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from people.models import Person


class PersonTable(tables.Table):
    name = tables.Column(verbose_name="姓名", linkify=lambda record: f"/people/{record.uuid}/")
    sex = tables.Column(verbose_name="性别")
    ethnicity = tables.Column(verbose_name="民族")
    birth_date = tables.DateColumn(verbose_name="出生日期", format="Y-m-d")
    id_number_masked = tables.Column(verbose_name="身份证号码", attrs={"td": {"class": "masked-id"}})
    phone = tables.Column(verbose_name="联系电话")
    org = tables.Column(verbose_name="登记单位", accessor="org_short_name", order_by="org__name")  # see person_table
    created_at = tables.DateTimeColumn(verbose_name="登记时间", format="Y-m-d")
    actions = tables.Column(verbose_name="操作", empty_values=(), orderable=False)

    class Meta:
        model = Person
        fields = ("name", "sex", "ethnicity", "birth_date", "id_number_masked", "phone", "org", "created_at")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "person-table"}

    def render_actions(self, record: Person) -> str:
        return format_html(
            '<a class="btn btn-link btn-sm p-0 me-2" href="/people/{}/">查看</a>'
            '<button class="btn btn-link btn-sm p-0" hx-get="/people/{}/edit/" hx-target="#dialog-content">修改</button>',
            record.uuid, record.uuid,
        )
