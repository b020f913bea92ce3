from __future__ import annotations

import django_tables2 as tables
from django.utils.safestring import SafeString

from people.models import Person


def _uuid_text(record: Person) -> str:
    """The record's UUID as text, formatted once per row: the name's link and the actions both print it."""
    found: str | None = record.__dict__.get("_uuid_text")
    if found is None:
        found = record.__dict__["_uuid_text"] = str(record.uuid)
    return found


class PersonTable(tables.Table):
    name = tables.Column(verbose_name="姓名", linkify=lambda record: f"/people/{_uuid_text(record)}/")
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
        # Hex digits and hyphens: nothing to escape. The name's link has usually formatted it already.
        uuid = record.__dict__.get("_uuid_text") or _uuid_text(record)
        return SafeString(
            f'<a class="btn btn-link btn-sm p-0 me-2" href="/people/{uuid}/">查看</a>'
            f'<button class="btn btn-link btn-sm p-0" hx-get="/people/{uuid}/edit/" hx-target="#dialog-content">修改</button>'
        )
