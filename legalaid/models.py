"""法律援助申请 and its 审查: an application for legal aid received at a 司法所 (its 法律援助工作站, 法律援助法 第十三条) and passed on to
the county 法律援助机构, which alone decides whether to grant aid (第四十三条)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from core.models import OrgOwnedModel
from legalaid.choices import (
    CHECK_EXEMPT,
    AssignmentStatus,
    Channel,
    HardshipBasis,
    HardshipTest,
    NotifyingAuthority,
    ObjectionResult,
    ProgressKind,
    ProviderKind,
    QualityGrade,
    ReviewSource,
    ReviewStatus,
    Satisfaction,
    Status,
    TerminationGround,
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
    # 第二十六条: a defender for one who may be sentenced to life imprisonment or death needs three years' practice.
    life_or_death = models.BooleanField("可能判处无期徒刑、死刑", default=False)
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


class Provider(OrgOwnedModel):
    """法律援助人员名册: the 律师, 基层法律服务工作者 and 值班律师 a 法律援助机构 (``org``) may assign (法律援助法
    第十六条: 律师事务所、基层法律服务所 and their people are bound to take assigned cases), with the 执业证号 that
    shows they may practise and the 执业年限 that 第二十六条 asks of a defender in a life or death case."""

    # A roster, not a case: the 办案范围 of a role does not narrow its writes (accounts.scope.effective_scope).
    case_record = False

    kind = models.CharField("人员类别", max_length=20, choices=ProviderKind.choices, default=ProviderKind.LAWYER)
    name = models.CharField("姓名", max_length=50)
    licence_number = models.CharField("执业证号", max_length=30)
    firm = models.CharField("执业机构", max_length=100, help_text="律师事务所或基层法律服务所")
    specialities = models.CharField("擅长领域", max_length=200, blank=True)
    practice_since = models.DateField("执业起始日期")
    phone = models.CharField("联系电话", max_length=20, blank=True)
    is_active = models.BooleanField("在册", default=True)

    class Meta:
        verbose_name = "法律援助人员"
        verbose_name_plural = "法律援助人员"
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "licence_number"], name="legalaid_provider_licence_unique"),
                       models.CheckConstraint(condition=~models.Q(licence_number=""), name="legalaid_provider_has_licence")]

    def __str__(self) -> str:
        return f"{self.name}（{self.firm}）"

    def get_absolute_url(self) -> str:
        return f"/legalaid/providers/{self.uuid}/"

    def years_of_practice(self, on: dt.date | None = None) -> int:
        """Whole years since the licence was first issued, on the given day (default today)."""
        on = on or dt.date.today()
        years = on.year - self.practice_since.year
        if (on.month, on.day) < (self.practice_since.month, self.practice_since.day):
            years -= 1
        return max(years, 0)


class Assignment(OrgOwnedModel):
    """法律援助案件: one provider's handling of a granted or notified matter (``org`` is the 机构), from the 指派
    (第四十三条、第三十六条) through the provider's progress reports to the 结案 with its 结案报告 and materials
    (第五十条) or the 终止 (第四十八条); then the 机构's 质量评查 (第五十七条), the 回访 of the recipient and the
    办案补贴 (第五十二条). A change of provider ends this row as REPLACED and starts a new one."""

    review = models.ForeignKey(Review, verbose_name="法律援助审查", on_delete=models.PROTECT, related_name="assignments")
    provider = models.ForeignKey(Provider, verbose_name="法律援助人员", on_delete=models.PROTECT, related_name="assignments")
    assigned_date = models.DateField("指派日期", db_index=True)
    status = models.CharField("办理状态", max_length=20, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.HANDLING, db_index=True)
    replaced_date = models.DateField("更换日期", null=True, blank=True)
    replaced_reason = models.TextField("更换理由", blank=True)
    # 结案 (第五十条)
    case_end_date = models.DateField("案件办结日期", null=True, blank=True)
    case_result = models.TextField("办理结果", blank=True)
    closing_due = models.DateField("提交结案材料期限", null=True, blank=True)
    closed_date = models.DateField("结案日期", null=True, blank=True)
    closing_report = models.TextField("结案报告", blank=True)
    materials = models.TextField("结案材料", blank=True, help_text="法律文书副本或者复印件、办理情况报告等")
    # 终止 (第四十八条)
    termination_ground = models.CharField("终止情形", max_length=30, choices=TerminationGround.choices, blank=True)
    termination_date = models.DateField("终止日期", null=True, blank=True)
    termination_note = models.TextField("终止说明", blank=True)
    # 质量评查, 回访, 补贴
    quality_grade = models.CharField("评查等次", max_length=20, choices=QualityGrade.choices, blank=True)
    quality_date = models.DateField("评查日期", null=True, blank=True)
    quality_note = models.TextField("评查意见", blank=True)
    visit_date = models.DateField("回访日期", null=True, blank=True)
    satisfaction = models.CharField("受援人满意度", max_length=20, choices=Satisfaction.choices, blank=True)
    visit_note = models.TextField("回访情况", blank=True)
    subsidy = models.DecimalField("办案补贴（元）", max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "法律援助案件"
        verbose_name_plural = "法律援助案件"
        ordering = ["-assigned_date", "-id"]
        indexes = [models.Index(fields=["org", "assigned_date"], name="legalaid_assign_org_date")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="replaced") | (models.Q(replaced_date__isnull=False) & ~models.Q(replaced_reason="")),
                name="legalaid_replaced_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="terminated") | (models.Q(termination_date__isnull=False)
                                                            & ~models.Q(termination_ground="")),
                name="legalaid_terminated_has_ground",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | (models.Q(closed_date__isnull=False) & ~models.Q(closing_report="")),
                name="legalaid_closed_has_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review.application.applicant.name} 法律援助案件（{self.provider.name}）"

    def get_absolute_url(self) -> str:
        return f"/legalaid/cases/{self.uuid}/"


class Progress(models.Model):
    """办案进展: one step the provider reports (会见、阅卷、立案、开庭 …)."""

    assignment = models.ForeignKey(Assignment, verbose_name="法律援助案件", on_delete=models.CASCADE, related_name="progress")
    date = models.DateField("日期")
    kind = models.CharField("事项", max_length=20, choices=ProgressKind.choices)
    note = models.TextField("情况")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "办案进展"
        verbose_name_plural = "办案进展"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class SubsidyStandard(models.Model):
    """法律援助补贴标准 (法律援助法 第五十二条: set by the province's 司法行政部门 with its finance department, by case
    type and cost). One amount per matter of the 码表 ``legal_aid_matter``; the row with a blank matter is the default.
    Loaded with UNCONFIRMED defaults; the administrator edits them to the province's published table."""

    matter = models.CharField("申请事项类别", max_length=40, blank=True, unique=True, help_text="留空为默认标准")
    amount = models.DecimalField("每件补贴（元）", max_digits=10, decimal_places=2)
    confirmed = models.BooleanField("已核实", default=False)
    basis = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "法律援助补贴标准"
        verbose_name_plural = "法律援助补贴标准"
        ordering = ["matter"]

    def __str__(self) -> str:
        return f"{self.matter or '默认'}：{self.amount}元"
