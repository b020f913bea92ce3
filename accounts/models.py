"""Users, roles with data scopes, memberships, personal access tokens and the login log."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, Permission
from django.db import models


class DataScope(models.TextChoices):
    """数据权限: how far a role's permissions reach from the membership's org."""

    ALL = "all", "全部数据"
    SUBTREE = "subtree", "本单位及下级"
    ORG = "org", "仅本单位"
    SELF = "self", "仅本人"
    CUSTOM = "custom", "自定义单位"


class CaseWrite(models.TextChoices):
    """办案范围: which of the records a role's data scope reaches it may also add, change or delete, for the modules
    that keep case records (a dispute, a consultation, a legal-aid application, a corrections or 安置帮教 file …).

    A county or city bureau reads an office's cases and supervises them (指导、监督); it does not write the facts,
    the parties or the agreement of a case the office handles, unless a role grants that explicitly."""

    SCOPE = "scope", "同数据权限"
    OWN_ORG = "own_org", "仅本单位办理的案件"


class User(AbstractUser):
    """A platform account; its rights come only from its memberships (user, org, role)."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机号码", max_length=20, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class Role(models.Model):
    """角色: a set of permissions plus one data scope."""

    code = models.CharField("编码", max_length=50, unique=True)
    name = models.CharField("名称", max_length=50)
    data_scope = models.CharField("数据权限", max_length=10, choices=DataScope.choices, default=DataScope.ORG)
    permissions = models.ManyToManyField(Permission, verbose_name="功能权限", blank=True)
    custom_orgs = models.ManyToManyField("orgs.Org", verbose_name="自定义单位", blank=True, related_name="+")
    case_write = models.CharField(
        "办案范围", max_length=10, choices=CaseWrite.choices, default=CaseWrite.SCOPE,
        help_text="新增、修改、删除案件记录（纠纷、咨询、援助申请、矫正、安置帮教档案等）的范围；"
                  "“仅本单位办理的案件”时，下级单位的案件只能查看和监督",
    )
    requires_2fa = models.BooleanField("必须启用双因素认证", default=False)
    is_builtin = models.BooleanField("内置角色", default=False)
    is_read_only = models.BooleanField("只读", default=False)
    description = models.CharField("说明", max_length=200, blank=True)
    sort_order = models.IntegerField("排序", default=0)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """任职: the user acts for ``org`` with ``role``; a user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name="用户")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="memberships", verbose_name="单位")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships", verbose_name="角色")
    title = models.CharField("职务", max_length=50, blank=True)
    is_primary = models.BooleanField("主要任职", default=True)
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.org}（{self.role}）"


class AccessToken(models.Model):
    """个人访问令牌 for API clients; only a hash of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField("名称", max_length=100, default="API")
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = "访问令牌"
        verbose_name_plural = "访问令牌"

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"


class LoginLog(models.Model):
    """登录日志: every login attempt, successful or not."""

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    username = models.CharField("用户名", max_length=150)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    success = models.BooleanField("成功")
    reason = models.CharField("说明", max_length=100, blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)

    class Meta:
        verbose_name = "登录日志"
        verbose_name_plural = "登录日志"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {'成功' if self.success else '失败'}"
