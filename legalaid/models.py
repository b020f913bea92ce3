"""法律援助申请: an application for legal aid received at a 司法所 (its 法律援助工作站, 法律援助法 第十三条) and passed on to
the county 法律援助机构, which alone decides whether to grant aid (第四十三条)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import OrgOwnedModel
from legalaid.choices import CHECK_EXEMPT, Channel, HardshipBasis, Status


class Application(OrgOwnedModel):
    """法律援助申请登记: who applies for aid in which matter, on what facts and hardship basis, and whether the office
    forwarded it to the 法律援助机构 or did not accept it (``org`` is the receiving office)."""

    received_date = models.DateField("接收日期", db_index=True)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices, default=Channel.WINDOW)
    applicant = models.ForeignKey("people.Person", verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    matter = models.CharField("申请事项类别", max_length=40, db_index=True)
    opposing_party = models.CharField("对方当事人", max_length=100, blank=True)
    facts = models.TextField("案情及申请理由")
    request = models.TextField("申请援助事项", blank=True)
    hardship_basis = models.CharField("经济困难依据", max_length=20, choices=HardshipBasis.choices)
    hardship_detail = models.TextField("经济困难状况说明或证明材料", blank=True)
    is_criminal = models.BooleanField("刑事案件", default=False)
    is_urgent = models.BooleanField("紧急", default=False)
    urgent_reason = models.CharField("紧急情形", max_length=200, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接待人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consultation = models.OneToOneField(
        "consultation.Consultation", verbose_name="来源法律咨询", null=True, blank=True, on_delete=models.PROTECT,
        related_name="legal_aid_application",
    )
    status = models.CharField("办理状态", max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    centre_name = models.CharField("接收的法律援助机构", max_length=100, blank=True)
    forwarded_date = models.DateField("转交日期", null=True, blank=True)
    not_accepted_reason = models.TextField("不予受理理由", blank=True)
    not_accepted_date = models.DateField("不予受理日期", null=True, blank=True)

    class Meta:
        verbose_name = "法律援助申请"
        verbose_name_plural = "法律援助申请"
        ordering = ["-received_date", "-id"]
        indexes = [models.Index(fields=["org", "received_date"], name="legalaid_org_received")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="forwarded") | (models.Q(forwarded_date__isnull=False) & ~models.Q(centre_name="")),
                name="legalaid_forwarded_has_date_and_centre",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="not_accepted") | (models.Q(not_accepted_date__isnull=False)
                                                              & ~models.Q(not_accepted_reason="")),
                name="legalaid_not_accepted_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant.name} {self.received_date:%Y-%m-%d} 法律援助申请"

    def get_absolute_url(self) -> str:
        return f"/legalaid/{self.uuid}/"

    @property
    def check_exempt(self) -> bool:
        """免予核查经济困难状况 (法律援助法 第四十二条)."""
        return self.hardship_basis in CHECK_EXEMPT
