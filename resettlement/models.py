"""安置帮教: people released from prison (and people whose 社区矫正 ended) whom the 司法所 of their registered
residence receives, files, visits and helps to resettle through the 帮教期 (中办发〔2010〕5号; 衔接 under
综治委〔1999〕5号: the prison's 刑满释放人员通知书 one month before release)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from core.models import OrgOwnedModel
from resettlement.choices import (
    AssistanceKind,
    AssistReason,
    AssistResult,
    AssistStatus,
    Category,
    EndReason,
    GroupRole,
    HandoverMethod,
    PointsKind,
    RiskLevel,
    Status,
    VisitKind,
)


class Released(OrgOwnedModel):
    """帮教对象: one release of one person, kept by the 司法所 of the registered residence (``org``). Registered from
    the prison's notice (待衔接) or when a release is discovered later; received (衔接) on return; filed (建档), classified,
    visited and helped until the 帮教期 ends, the person re-offends, dies or moves away."""

    person = models.ForeignKey("people.Person", verbose_name="帮教对象", on_delete=models.PROTECT, related_name="releases")
    category = models.CharField("对象类别", max_length=20, choices=Category.choices, default=Category.RELEASED)
    crime = models.CharField("原罪名", max_length=200)
    sentence = models.CharField("原判刑期", max_length=60, help_text="如 有期徒刑三年六个月")
    prison = models.CharField("服刑场所", max_length=100, help_text="如 内蒙古自治区赤峰监狱；解除社区矫正的填原执行司法所")
    release_date = models.DateField("释放（解除）日期", db_index=True)
    notice_date = models.DateField("收到通知日期", null=True, blank=True,
                                   help_text="监狱的刑满释放人员通知书送达之日；释放后才发现的为空")
    key_subject = models.BooleanField("重点帮教对象", default=False, help_text="重点帮教对象必接必送")
    key_ground = models.CharField("列为重点的理由", max_length=200, blank=True)
    risk_level = models.CharField("风险等级", max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    risk_reason = models.CharField("评定理由", max_length=300, blank=True)
    assessed_date = models.DateField("风险评估日期", null=True, blank=True)
    status = models.CharField("帮教状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="帮教责任人", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    # 衔接
    returned_date = models.DateField("衔接日期", null=True, blank=True)
    handover_method = models.CharField("衔接方式", max_length=20, choices=HandoverMethod.choices, blank=True)
    collected_by = models.CharField("接回人", max_length=100, blank=True, help_text="接回的工作人员或家属姓名")
    # 建档
    filed_date = models.DateField("建档日期", null=True, blank=True)
    prison_conduct = models.CharField("服刑期间表现", max_length=300, blank=True)
    family = models.CharField("家庭情况", max_length=300, blank=True)
    education = models.CharField("文化程度", max_length=20, blank=True)
    skills = models.CharField("劳动技能", max_length=200, blank=True)
    housing = models.CharField("住房情况", max_length=200, blank=True)
    income = models.CharField("生活来源", max_length=200, blank=True)
    # 帮教期
    period_years = models.PositiveSmallIntegerField("帮教期（年）", default=5)
    period_end = models.DateField("帮教期止", db_index=True)
    placed = models.BooleanField("已安置", default=False)
    unplaced_reason = models.CharField("未安置原因", max_length=200, blank=True)
    out_of_contact_since = models.DateField("失联日期", null=True, blank=True)
    ended_date = models.DateField("帮教结束日期", null=True, blank=True)
    end_reason = models.CharField("结束原因", max_length=20, choices=EndReason.choices, blank=True)
    reoffence = models.CharField("重新犯罪罪名", max_length=200, blank=True)
    # 双列管 (2015 安置帮教工作要点): a person whose actual residence lies in another office's area is managed by both the
    # office of the registered residence (``org``, which keeps the clocks) and that of the residence (``co_org``).
    co_org = models.ForeignKey("orgs.Org", verbose_name="居住地司法所（双列管）", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    co_note = models.CharField("双列管说明", max_length=200, blank=True, help_text="如 现居住地址、工作单位")
    # 解除社区矫正人员 taken over from the corrections record's hand-over (one 安置帮教 record per correction).
    correction_subject = models.OneToOneField("corrections.Subject", verbose_name="原社区矫正记录", null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="resettlement")

    # Both offices of a 双列管 person see and record the work (``visible_to`` reaches the record through either).
    scope_shared_org_fields = ("co_org",)

    class Meta:
        verbose_name = "安置帮教对象"
        verbose_name_plural = "安置帮教对象"
        ordering = ["-release_date", "-id"]
        indexes = [models.Index(fields=["org", "status"], name="resettle_released_org_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gt=models.F("release_date")), name="resettle_released_period"),
            # One release of one person is open at a time; a new release after the period ends is a new record.
            models.UniqueConstraint(fields=["person"], condition=~models.Q(status="ended"), name="resettle_released_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_category_display()}）"

    def get_absolute_url(self) -> str:
        return f"/resettlement/{self.uuid}/"

    @property
    def filed(self) -> bool:
        return self.filed_date is not None

    def period_elapsed(self, today: dt.date) -> bool:
        return today >= self.period_end


class Visit(models.Model):
    """帮教走访: a contact with the person (home visit, talk or phone), with what was found."""

    released = models.ForeignKey(Released, verbose_name="帮教对象", on_delete=models.CASCADE, related_name="visits")
    date = models.DateField("走访日期")
    kind = models.CharField("方式", max_length=10, choices=VisitKind.choices, default=VisitKind.HOME)
    met = models.BooleanField("见到本人", default=True)
    content = models.TextField("走访情况")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="走访人", null=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "帮教走访"
        verbose_name_plural = "帮教走访"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class Assistance(models.Model):
    """安置帮扶: employment, 低保, housing, training, medical insurance or other help arranged for the person."""

    released = models.ForeignKey(Released, verbose_name="帮教对象", on_delete=models.CASCADE, related_name="assistance")
    date = models.DateField("日期")
    kind = models.CharField("帮扶种类", max_length=20, choices=AssistanceKind.choices)
    content = models.CharField("帮扶内容", max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "安置帮扶"
        verbose_name_plural = "安置帮扶"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class GroupMember(models.Model):
    """帮教小组成员: who helps the person and with what task (思想帮教、就业帮扶、日常联系 …)."""

    released = models.ForeignKey(Released, verbose_name="帮教对象", on_delete=models.CASCADE, related_name="group")
    name = models.CharField("姓名", max_length=50)
    role = models.CharField("身份", max_length=20, choices=GroupRole.choices)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    task = models.CharField("帮教任务", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "帮教小组成员"
        verbose_name_plural = "帮教小组成员"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class AssistRequest(OrgOwnedModel):
    """协查: the office (``org``) asks another office or the county bureau (``to_org``) to find a released person who
    was never received or is out of contact (协查通报, 2015 安置帮教工作要点); the receiving org replies found or not
    found, with what it found, within the configured working days."""

    released = models.ForeignKey(Released, verbose_name="帮教对象", on_delete=models.PROTECT, related_name="assist_requests")
    to_org = models.ForeignKey("orgs.Org", verbose_name="协查单位", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("协查原因", max_length=20, choices=AssistReason.choices)
    details = models.TextField("协查事项", help_text="已掌握的线索：可能的去向、联系人、最后联系时间等")
    sent_date = models.DateField("发出日期")
    due_date = models.DateField("回复期限")
    status = models.CharField("状态", max_length=10, choices=AssistStatus.choices, default=AssistStatus.OPEN, db_index=True)
    result = models.CharField("协查结果", max_length=10, choices=AssistResult.choices, blank=True)
    reply = models.TextField("回复情况", blank=True, help_text="查到的：现住址、联系方式、现状；未查到的：已采取的查找措施")
    replied_date = models.DateField("回复日期", null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="回复人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    # The receiving org sees the request in its queue and replies to it.
    scope_shared_org_fields = ("to_org",)

    class Meta:
        verbose_name = "安置帮教协查"
        verbose_name_plural = "安置帮教协查"
        ordering = ["-sent_date", "-id"]

    def __str__(self) -> str:
        return f"协查：{self.released.person.name}"

    def get_absolute_url(self) -> str:
        return f"/resettlement/assist/{self.uuid}/"


class PointsItem(models.Model):
    """积分项目: what earns points and what the points buy. No national rule sets them (UNCONFIRMED): the rows shipped
    are a default that an administrator edits in 系统管理."""

    name = models.CharField("项目", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=10, choices=PointsKind.choices)
    points = models.PositiveSmallIntegerField("分值")
    is_active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "安置帮教积分项目"
        verbose_name_plural = "安置帮教积分项目"
        ordering = ["kind", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}{self.points}分）"


class PointsEntry(models.Model):
    """积分记录: points earned (positive) or exchanged for a support item (negative); the balance is their sum."""

    released = models.ForeignKey(Released, verbose_name="帮教对象", on_delete=models.CASCADE, related_name="points")
    date = models.DateField("日期")
    item = models.ForeignKey(PointsItem, verbose_name="积分项目", on_delete=models.PROTECT, related_name="+")
    points = models.SmallIntegerField("积分", help_text="加分为正，兑换为负")
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "安置帮教积分记录"
        verbose_name_plural = "安置帮教积分记录"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.item.name} {self.points:+d}"
