from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from accounts.models import LoginLog, Role, User

_attrs = {"class": "table table-sm table-hover table-bordered"}


class UserTable(tables.Table):
    username = tables.Column(verbose_name="用户名", linkify=lambda record: reverse("accounts:user_detail", args=[record.username]))
    full_name = tables.Column(verbose_name="姓名")
    phone = tables.Column(verbose_name="手机号码")
    memberships = tables.Column(verbose_name="任职单位 / 角色", empty_values=(), orderable=False)
    is_active = tables.BooleanColumn(verbose_name="状态", yesno="启用,停用")
    last_login = tables.DateTimeColumn(verbose_name="最近登录", format="Y-m-d H:i", default="从未登录")

    class Meta:
        model = User
        fields = ("username", "full_name", "phone", "memberships", "is_active", "last_login")
        attrs = {**_attrs, "data-testid": "user-table"}

    def render_memberships(self, record: User) -> str:
        rows = [m for m in record.memberships.all()]
        if not rows:
            return "—"
        return format_html_join(
            "", '<div{}>{} · {}</div>',
            ((' class="text-muted text-decoration-line-through"' if not m.is_active else "", m.org.short_name or m.org.name, m.role.name)
             for m in rows),
        )


class RoleTable(tables.Table):
    name = tables.Column(verbose_name="角色名称", linkify=lambda record: reverse("accounts:role_detail", args=[record.code]))
    code = tables.Column(verbose_name="编码")
    data_scope = tables.Column(verbose_name="数据权限")
    requires_2fa = tables.BooleanColumn(verbose_name="双因素认证", yesno="必须,可选")
    perm_count = tables.Column(verbose_name="功能权限数")
    user_count = tables.Column(verbose_name="用户数")
    description = tables.Column(verbose_name="说明")

    class Meta:
        model = Role
        fields = ("name", "code", "data_scope", "requires_2fa", "perm_count", "user_count", "description")
        attrs = {**_attrs, "data-testid": "role-table"}


class LoginLogTable(tables.Table):
    created_at = tables.DateTimeColumn(verbose_name="时间", format="Y-m-d H:i:s")
    username = tables.Column(verbose_name="用户名")
    full_name = tables.Column(verbose_name="姓名", accessor="user__full_name", default="—")
    success = tables.Column(verbose_name="结果")
    reason = tables.Column(verbose_name="说明")
    ip_address = tables.Column(verbose_name="IP地址")
    user_agent = tables.Column(verbose_name="浏览器", attrs={"td": {"class": "small text-truncate", "style": "max-width:16rem"}})

    class Meta:
        model = LoginLog
        fields = ("created_at", "username", "full_name", "success", "reason", "ip_address", "user_agent")
        attrs = {**_attrs, "data-testid": "loginlog-table"}

    def render_success(self, value: bool) -> str:
        return format_html('<span class="badge {}">{}</span>', "bg-success" if value else "bg-danger", "成功" if value else "失败")
