"""法律咨询: one question a person brought to the office, the answer given and what happened next
(公共法律服务; 法律援助法 第三十一条 for questions that become a legal-aid application)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from consultation.choices import Channel, FollowUp
from core.models import OrgOwnedModel


class Consultation(OrgOwnedModel):
    """法律咨询登记: who asked what, the answer with the laws cited, and the follow-up (a dispute, legal aid or a referral)."""

    number = models.CharField("登记编号", max_length=40, blank=True, db_index=True)
    date = models.DateField("咨询日期", db_index=True)
    channel = models.CharField("咨询方式", max_length=20, choices=Channel.choices, default=Channel.WALK_IN)
    person = models.ForeignKey("people.Person", verbose_name="咨询人", on_delete=models.PROTECT, related_name="+")
    topic = models.CharField("咨询类别", max_length=40, db_index=True)
    question = models.TextField("咨询问题")
    answer = models.TextField("解答意见", blank=True)
    laws_cited = models.TextField("引用法条", blank=True, help_text="每行一条，如：中华人民共和国民法典 第一千零七十九条")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接待人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duration_minutes = models.PositiveIntegerField("用时（分钟）", null=True, blank=True)
    follow_up = models.CharField("后续处理", max_length=20, choices=FollowUp.choices, default=FollowUp.NONE, db_index=True)
    referred_to = models.CharField("转介单位", max_length=100, blank=True)
    dispute = models.ForeignKey(
        "mediation.Dispute", verbose_name="转办的矛盾纠纷", null=True, blank=True, on_delete=models.PROTECT,
        related_name="consultations",
    )

    class Meta:
        verbose_name = "法律咨询"
        verbose_name_plural = "法律咨询"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org", "date"], name="consultation_org_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dispute__isnull=True) | models.Q(follow_up="dispute"), name="consultation_dispute_follow_up"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.date:%Y-%m-%d} 咨询"

    def get_absolute_url(self) -> str:
        return f"/consultation/{self.uuid}/"

    @property
    def laws(self) -> list[str]:
        return [line for line in self.laws_cited.splitlines() if line.strip()]
