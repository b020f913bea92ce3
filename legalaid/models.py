"""法律援助申请 and its 审查: an application for legal aid received at a 司法所 (its 法律援助工作站, 法律援助法 第十三条) and passed on to
the county 法律援助机构, which alone decides whether to grant aid (第四十三条)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import OrgOwnedModel
from legalaid.choices import (
    CHECK_EXEMPT,
    Channel,
    HardshipBasis,
    HardshipTest,
    NotifyingAuthority,
    ObjectionResult,
    ReviewSource,
    ReviewStatus,
    Status,
)


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


class Review(OrgOwnedModel):
    """法律援助审查: the county 法律援助机构's handling of one application or 通知 (``org`` is the 机构). It decides
    within seven days of receipt whether to grant aid (法律援助法 第四十三条第一款), may first ask once for the
    missing materials (一次性告知, 第四十三条第二款: no reply → treated as withdrawn), may provide aid before deciding in
    an urgent matter (先行提供, 第四十四条), refuses in writing with reasons, and records the applicant's 异议 to the
    司法行政部门 and its outcome (第四十九条). A 通知辩护/通知代理 (第三十六条) needs no decision: the 机构 assigns a
    lawyer within three days of the notice. The forwarding office keeps its application and reads the outcome here."""

    application = models.OneToOneField(Application, verbose_name="法律援助申请", on_delete=models.PROTECT,
                                       related_name="review")
    source = models.CharField("来源", max_length=20, choices=ReviewSource.choices)
    received_date = models.DateField("机构收到日期", db_index=True)
    status = models.CharField("审查状态", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.REVIEWING,
                              db_index=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审查人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    decision_due = models.DateField("决定期限", null=True, blank=True)
    notifying_authority = models.CharField("通知机关类别", max_length=20, choices=NotifyingAuthority.choices, blank=True)
    notifying_organ = models.CharField("通知机关", max_length=100, blank=True)
    notice_number = models.CharField("通知书文号", max_length=60, blank=True)
    # 一次性告知 (第四十三条第二款)
    materials_requested = models.TextField("需补充的材料或说明", blank=True)
    materials_notice_date = models.DateField("告知补充材料日期", null=True, blank=True)
    materials_reply_due = models.DateField("补充材料期限", null=True, blank=True)
    materials_received_date = models.DateField("补齐材料日期", null=True, blank=True)
    # 先行提供 (第四十四条)
    advance_aid = models.BooleanField("先行提供法律援助", default=False)
    advance_reason = models.CharField("先行提供情形", max_length=200, blank=True)
    advance_date = models.DateField("先行提供日期", null=True, blank=True)
    # 经济困难 (第四十一条: 诚信承诺 or 信息共享查询)
    pledge_signed = models.BooleanField("申请人已作个人诚信承诺", default=False)
    monthly_income = models.DecimalField("家庭月人均收入（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    hardship_test = models.CharField("经济困难条件", max_length=20, choices=HardshipTest.choices, blank=True)
    eligibility_note = models.TextField("审查意见（资格说明）", blank=True)
    # 决定 (第四十三条第一款)
    decision_date = models.DateField("决定日期", null=True, blank=True)
    refusal_reason = models.TextField("不予法律援助的理由", blank=True)
    withdrawn_date = models.DateField("视为撤回日期", null=True, blank=True)
    # 指派 (第四十三条、第三十六条); the roster of providers comes with the assignment module.
    provider_name = models.CharField("法律援助人员", max_length=50, blank=True)
    provider_unit = models.CharField("所在律师事务所或基层法律服务所", max_length=100, blank=True)
    assigned_date = models.DateField("指派日期", null=True, blank=True)
    # 异议 (第四十九条)
    objection_date = models.DateField("提出异议日期", null=True, blank=True)
    objection_text = models.TextField("异议内容", blank=True)
    objection_result = models.CharField("异议审查结果", max_length=20, choices=ObjectionResult.choices, blank=True)
    objection_decided_date = models.DateField("异议审查日期", null=True, blank=True)
    objection_note = models.TextField("异议审查意见", blank=True)

    class Meta:
        verbose_name = "法律援助审查"
        verbose_name_plural = "法律援助审查"
        ordering = ["-received_date", "-id"]
        indexes = [models.Index(fields=["org", "received_date"], name="legalaid_review_org_received")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="refused") | (models.Q(decision_date__isnull=False) & ~models.Q(refusal_reason="")),
                name="legalaid_refused_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="assigned") | (models.Q(assigned_date__isnull=False) & ~models.Q(provider_name="")),
                name="legalaid_assigned_has_provider",
            ),
            models.CheckConstraint(
                condition=~models.Q(source="notice") | ~models.Q(notifying_authority=""),
                name="legalaid_notice_has_authority",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.applicant.name} {self.received_date:%Y-%m-%d} 法律援助审查"

    def get_absolute_url(self) -> str:
        return f"/legalaid/centre/{self.uuid}/"

    @property
    def decided_in_time(self) -> bool | None:
        """Whether the decision came within the period (None while undecided or for a 通知)."""
        if self.decision_date is None or self.decision_due is None:
            return None
        return self.decision_date <= self.decision_due


class HardshipStandard(models.Model):
    """经济困难标准: set by each province and adjusted over time (法律援助法 第三十四条). The eligibility helper compares
    the household's monthly income per person with it; the reviewer decides. Edited by the administrator."""

    province = models.CharField("省级行政区", max_length=50, blank=True, unique=True,
                                help_text="留空为未单独设置的省份所用的默认标准")
    monthly_income_per_person = models.DecimalField("家庭月人均收入低于（元）", max_digits=10, decimal_places=2)
    confirmed = models.BooleanField("已核实", default=False,
                                    help_text="未核实时，资格说明注明“标准未核实”，请管理员按本省政府公布的标准修改")
    basis = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "经济困难标准"
        verbose_name_plural = "经济困难标准"
        ordering = ["province"]

    def __str__(self) -> str:
        return f"{self.province or '默认'}：月人均收入低于{self.monthly_income_per_person}元"
