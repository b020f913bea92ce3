from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.text import Truncator

from consultation.models import Consultation
from core.dictionaries import dict_choices


class ConsultationTable(tables.Table):
    date = tables.DateColumn(verbose_name="咨询日期", format="Y-m-d")
    person = tables.Column(verbose_name="咨询人", accessor="person__name", order_by="person__name")
    channel = tables.Column(verbose_name="方式")
    topic = tables.Column(verbose_name="类别")
    question = tables.Column(verbose_name="咨询问题", linkify=lambda record: record.get_absolute_url(), orderable=False)
    handler = tables.Column(verbose_name="接待人", accessor="handler__full_name", default="—")
    follow_up = tables.Column(verbose_name="后续处理")
    org = tables.Column(verbose_name="登记单位", accessor="org__short_name", order_by="org__name")

    class Meta:
        model = Consultation
        fields = ("date", "person", "channel", "topic", "question", "handler", "follow_up", "org")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "consultation-table"}

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.topics = dict(dict_choices("consultation_topic"))  # one query per page, not per row

    def render_topic(self, value: str) -> str:
        return self.topics.get(value, value)

    def render_question(self, value: str) -> str:
        return Truncator(value).chars(40)

    def render_follow_up(self, record: Consultation) -> str:
        colour = {"none": "light text-dark", "dispute": "primary", "legal_aid": "success", "referred": "warning text-dark"}
        return format_html('<span class="badge bg-{}">{}</span>', colour.get(record.follow_up, "secondary"), record.get_follow_up_display())
