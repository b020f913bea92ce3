"""Forms of 系统管理: the dialogs for accounts, memberships, roles and the user's own password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import Permission

from accounts.models import CaseWrite, DataScope, Role
from accounts.selectors import permission_groups
from core.forms import StyledForm
from orgs.models import Org


def _org_label(org: Org) -> str:
    return f"{'　' * (org.depth - 1)}{org.name}"


class _OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _org_label(obj)


class UserCreateForm(StyledForm):
    username = forms.CharField(label="用户名", max_length=50, help_text="登录用，3至50位英文字母、数字或 _ . @ -")
    full_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    org = _OrgChoiceField(label="任职单位", queryset=Org.objects.none(),
                          error_messages={"invalid_choice": "只能选择您有权管理的单位"})
    role = forms.ModelChoiceField(label="角色", queryset=Role.objects.none(),
                                  error_messages={"invalid_choice": "只能选择您有权授予的角色"})
    title = forms.CharField(label="职务", max_length=50, required=False)

    def __init__(self, *args: Any, orgs: Any, roles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["role"].queryset = roles  # type: ignore[attr-defined]


class UserEditForm(StyledForm):
    full_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    is_active = forms.BooleanField(label="账号启用（停用后不能登录）", required=False)


class MembershipForm(StyledForm):
    org = _OrgChoiceField(label="任职单位", queryset=Org.objects.none(),
                          error_messages={"invalid_choice": "只能选择您有权管理的单位"})
    role = forms.ModelChoiceField(label="角色", queryset=Role.objects.none(),
                                  error_messages={"invalid_choice": "只能选择您有权授予的角色"})
    title = forms.CharField(label="职务", max_length=50, required=False)

    def __init__(self, *args: Any, orgs: Any, roles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["role"].queryset = roles  # type: ignore[attr-defined]


class RoleForm(StyledForm):
    data_scope = forms.ChoiceField(label="数据权限", choices=DataScope.choices)
    case_write = forms.ChoiceField(
        label="办案范围", choices=CaseWrite.choices, required=False,
        help_text="新增、修改、删除案件记录的范围；“仅本单位办理的案件”时，下级单位的案件只能查看和监督",
    )
    requires_2fa = forms.BooleanField(label="必须启用双因素认证", required=False)
    custom_orgs = forms.ModelMultipleChoiceField(
        label="自定义单位", queryset=Org.objects.filter(is_active=True), required=False,
        help_text="数据权限为“自定义单位”时生效；按住 Ctrl 可多选",
    )
    permissions = forms.ModelMultipleChoiceField(
        label="功能权限", queryset=Permission.objects.select_related("content_type"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    wide_fields = ("custom_orgs", "permissions")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["custom_orgs"].widget.attrs["size"] = 8
        self.fields["custom_orgs"].label_from_instance = _org_label  # type: ignore[attr-defined]

    def style_field(self, name: str, field: forms.Field) -> None:
        if name != "permissions":
            super().style_field(name, field)

    def permission_groups(self) -> list[tuple[str, list[tuple[Any, str, bool]]]]:
        """The permission checkboxes grouped by app, each with its Chinese label and checked state."""
        if self.is_bound:
            chosen = {str(v) for v in self.data.getlist("permissions")}  # type: ignore[attr-defined]
        else:
            chosen = {str(getattr(v, "pk", v)) for v in (self.initial.get("permissions") or [])}
        return [
            (app, [(p, label, str(p.pk) in chosen) for p, label in items])
            for app, items in permission_groups(self.fields["permissions"].queryset)  # type: ignore[attr-defined]
        ]


class PasswordChangeForm(StyledForm):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label="新密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                   help_text="至少8位，不能全是数字，不能是常见密码")
    new_password2 = forms.CharField(label="再次输入新密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        if cd.get("new_password") and cd.get("new_password2") and cd["new_password"] != cd["new_password2"]:
            self.add_error("new_password2", "两次输入的新密码不一致")
        return cd
