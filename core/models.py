"""Cross-cutting records: audit trail, work ledger, deadlines, notifications, calendar,
document numbering, dictionaries and task runs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.scoping import RestrictedQuerySet


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class OrgOwnedModel(TimeStampedModel):
    """A business record owned by one org; its visibility follows the org tree and the reader's data scope."""

    uuid = models.UUIDField("公开编号", default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey("orgs.Org", verbose_name="所属单位", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()

    scope_org_field = "org"
    scope_owner_field = "created_by"

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """操作日志: who did what to which record, when, with the values before and after."""

    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        REVEAL = "reveal", "查看敏感信息"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"
        GRANT = "grant", "授权"
        GENERATE = "generate", "生成文书"
        LOGIN = "login", "登录"
        OTHER = "other", "其他"

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    org = models.ForeignKey("orgs.Org", verbose_name="所属单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField("操作类型", max_length=16, choices=Action.choices, db_index=True)
    summary = models.CharField("操作内容", max_length=200)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="对象类型")
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_org_field = "org"
    scope_owner_field = "actor"

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"


class WorkEvent(models.Model):
    """工作台账条目: one unit of work an office did, the single source of logs, scores and statistics."""

    org = models.ForeignKey("orgs.Org", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event_type = models.CharField("事项类型", max_length=64, db_index=True)
    date = models.DateField("日期", db_index=True)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2, default=1)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    note = models.CharField("摘要", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_org_field = "org"
    scope_owner_field = "actor"

    class Meta:
        verbose_name = "工作台账"
        verbose_name_plural = "工作台账"
        # (org, date, type) for the reads by org subtree and period; with the quantity in the index the 千分制 sums the
        # ledger of every office from the index alone (a province's year: 1.2 million entries, no table reads).
        indexes = [models.Index(fields=["org", "date", "event_type", "quantity"], name="workevent_org_date_type_qty")]

    def __str__(self) -> str:
        return f"{self.date} {self.event_type} ×{self.quantity}"


class Deadline(models.Model):
    """法定/工作期限: a clock on a record, with the working-day due date and its warning state."""

    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        DONE = "done", "已完成"
        CANCELLED = "cancelled", "已撤销"
        # A window for someone else's act that ran out unused (e.g. the parties' 30 days to apply for 司法确认,
        # 人民调解法 第三十三条): nothing is left for the office to do, so it is not overdue work.
        LAPSED = "lapsed", "已届满"

    class State(models.TextChoices):
        NORMAL = "normal", "正常"
        DUE_SOON = "due_soon", "即将到期"
        OVERDUE = "overdue", "已超期"

    org = models.ForeignKey("orgs.Org", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="责任人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField("期限类型", max_length=64, db_index=True)
    title = models.CharField("事项", max_length=200)
    basis = models.CharField("依据", max_length=200, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    link = models.CharField("链接", max_length=300, blank=True)
    start_date = models.DateField("起算日")
    due_date = models.DateField("到期日", db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    state = models.CharField("预警", max_length=16, choices=State.choices, default=State.NORMAL)
    notified_state = models.CharField(max_length=16, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_org_field = "org"
    scope_owner_field = "owner"

    class Meta:
        verbose_name = "期限"
        verbose_name_plural = "期限"
        ordering = ["due_date", "id"]
        # 今日待办's 辖区预警 reads the open deadlines that are due soon or overdue, earliest first: this index finds
        # them without walking every open deadline (about seven in ten are in their normal state).
        indexes = [models.Index(fields=["status", "state", "due_date"], name="core_deadline_open_state")]

    def __str__(self) -> str:
        return f"{self.title}（{self.due_date}）"


class Notification(models.Model):
    """站内提醒 sent to one user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    level = models.CharField("级别", max_length=16, default="info")
    title = models.CharField("标题", max_length=200)
    link = models.CharField("链接", max_length=300, blank=True)
    is_read = models.BooleanField("已读", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class CalendarOverride(models.Model):
    """节假日/调休 override: makes a date a holiday or a working day, for years the calendar package does not know."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'工作日' if self.is_workday else '休息日'} {self.note}"


class DocumentSequence(models.Model):
    """文书编号计数器 per org, year and document kind; numbers are never reused."""

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    kind = models.CharField(max_length=64)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year", "kind"], name="docseq_unique_org_year_kind")]

    def __str__(self) -> str:
        return f"{self.year} {self.kind} #{self.last_number}"


class DictType(models.Model):
    """码表: an administrator-editable list of values (dispute categories, person tags …)."""

    code = models.CharField("编码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=100)
    description = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "码表"
        verbose_name_plural = "码表"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class DictItem(models.Model):
    """One value of a 码表."""

    dict_type = models.ForeignKey(DictType, on_delete=models.CASCADE, related_name="items", verbose_name="码表")
    code = models.CharField("编码", max_length=64)
    label = models.CharField("名称", max_length=100)
    sort_order = models.IntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "码表项"
        verbose_name_plural = "码表项"
        ordering = ["dict_type", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["dict_type", "code"], name="dictitem_unique_code")]

    def __str__(self) -> str:
        return self.label


class Parameter(models.Model):
    """系统参数: an administrator-editable default (e.g. a working rule that differs between provinces)."""

    key = models.CharField("参数键", max_length=100, unique=True)
    value = models.CharField("参数值", max_length=200)
    label = models.CharField("参数名称", max_length=100)
    note = models.CharField("依据/说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "系统参数"
        verbose_name_plural = "系统参数"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.label}={self.value}"


class TaskRun(models.Model):
    """A long-running job (import, batch documents, rebuild) with progress the browser polls."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField("任务", max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField("进度说明", max_length=300, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    report = models.JSONField("结果报告", null=True, blank=True)
    # The worker running the task renews this lease; a running task whose lease has run out lost its worker.
    lease_until = models.DateTimeField("租约到期", null=True, blank=True)
    # The uploaded file the task works on (storage name): kept only while the task is pending or running.
    upload = models.CharField("上传文件", max_length=300, blank=True)
    # The task backend's id of the queued task (``TaskResult.id``): the sweep fails the backend's record of a task whose
    # worker died or that never started, so the queue does not keep showing it running (or run it after all).
    task_result_id = models.CharField("任务队列编号", max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0


class WorkerHeartbeat(models.Model):
    """The task worker's last sign of life, read by /healthz."""

    name = models.CharField(max_length=100, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.seen_at:%Y-%m-%d %H:%M:%S}"
