from __future__ import annotations

import json

import django_tables2 as tables
from django.utils.html import format_html

from core.models import AuditEvent


class AuditEventTable(tables.Table):
    created_at = tables.DateTimeColumn(verbose_name="时间", format="Y-m-d H:i:s")
    actor = tables.Column(verbose_name="操作人", accessor="actor__full_name", default="系统")
    org = tables.Column(verbose_name="单位", accessor="org__short_name", default="—")
    action = tables.Column(verbose_name="操作类型")
    summary = tables.Column(verbose_name="操作内容")
    changes = tables.Column(verbose_name="修改前 → 修改后", empty_values=(), orderable=False)
    ip_address = tables.Column(verbose_name="IP地址")

    class Meta:
        model = AuditEvent
        fields = ("created_at", "actor", "org", "action", "summary", "changes", "ip_address")
        attrs = {"class": "table table-sm table-hover table-bordered", "data-testid": "audit-table"}

    def render_changes(self, record: AuditEvent) -> str:
        if not record.before and not record.after:
            return "—"
        before = json.dumps(record.before or {}, ensure_ascii=False)[:300]
        after = json.dumps(record.after or {}, ensure_ascii=False)[:300]
        return format_html(
            '<details><summary class="small">查看</summary><div class="small"><b>前：</b>{}<br><b>后：</b>{}</div></details>',
            before,
            after,
        )
