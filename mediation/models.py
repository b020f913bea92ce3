"""人民调解: committees, mediators, experts and disputes from intake to archive
(人民调解法; 人民调解委员会组织条例; 司法部《人民调解工作若干规定》)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from core.models import OrgOwnedModel, TimeStampedModel
from mediation.choices import (
    CommitteeType,
    ExpertKind,
    Level,
    MemberPosition,
    Outcome,
    PartyRole,
    RejectReason,
    Source,
    Status,
    UnperformedRoute,
)


class CommitteeProfile(OrgOwnedModel):
    """人民调解委员会的登记信息; the committee itself is the ``org`` (人民调解法 第八条: 委员三至九人, 任期三年)."""

    # a registry of the committee, not a case: the county bureau keeps it (人民调解法 第五条 指导);
    # the 办案范围 of a role does not narrow its writes (accounts.scope.effective_scope).
    case_record = False

    committee_type = models.CharField("类型", max_length=20, choices=CommitteeType.choices, default=CommitteeType.VILLAGE)
    trade = models.CharField("行业领域", max_length=50, blank=True, help_text="行业性、专业性调委会填写，如 医疗、交通、劳动、物业")
    established = models.DateField("成立日期", null=True, blank=True)
    term_start = models.DateField("本届任期开始", null=True, blank=True)
    term_end = models.DateField("本届任期届满", null=True, blank=True)

    class Meta:
        verbose_name = "人民调解委员会"
        verbose_name_plural = "人民调解委员会"
        constraints = [models.UniqueConstraint(fields=["org"], name="committee_profile_one_per_org")]

    def __str__(self) -> str:
        return self.org.name


class Mediator(OrgOwnedModel):
    """人民调解员 (人民调解法 第十三条、第十四条): a committee member or an appointed mediator of ``org``."""

    # the roster of mediators and their 培训, not a case: the county bureau keeps it (人民调解法 第十四条);
    # the 办案范围 of a role does not narrow its writes (accounts.scope.effective_scope).
    case_record = False

    person = models.ForeignKey("people.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    position = models.CharField("职务", max_length=20, choices=MemberPosition.choices, default=MemberPosition.MEMBER)
    is_full_time = models.BooleanField("专职", default=False)
    specialities = models.CharField("擅长领域", max_length=200, blank=True, help_text="多个领域用顿号分隔，如 婚姻家庭、邻里")
    term_start = models.DateField("任职开始", null=True, blank=True)
    term_end = models.DateField("任职届满", null=True, blank=True)
    training_hours = models.DecimalField("累计培训学时", max_digits=7, decimal_places=1, default=0)
    is_active = models.BooleanField("在任", default=True)

    class Meta:
        verbose_name = "人民调解员"
        verbose_name_plural = "人民调解员"
        ordering = ["org__path", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "person"], name="mediator_unique_person_per_org")]

    def __str__(self) -> str:
        return self.person.name


class Expert(OrgOwnedModel):
    """专家库: lawyers, retired judges and industry experts invited for 专家会诊 (人民调解法 第二十条)."""

    # the 专家库 is a registry the bureau keeps, not a case;
    # the 办案范围 of a role does not narrow its writes (accounts.scope.effective_scope).
    case_record = False

    name = models.CharField("姓名", max_length=50)
    kind = models.CharField("类别", max_length=30, choices=ExpertKind.choices)
    speciality = models.CharField("专业领域", max_length=200)
    employer = models.CharField("工作单位", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    is_active = models.BooleanField("可邀请", default=True)

    class Meta:
        verbose_name = "调解专家"
        verbose_name_plural = "调解专家"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class Dispute(OrgOwnedModel):
    """矛盾纠纷: one dispute from the lead to the archived case file; ``org`` is the committee or office
    handling it now (escalation moves it up the tree and keeps its history)."""

    number = models.CharField("受理编号", max_length=40, blank=True, db_index=True)
    title = models.CharField("纠纷名称", max_length=100)
    category = models.CharField("纠纷类型", max_length=40, db_index=True)
    source = models.CharField("案件来源", max_length=20, choices=Source.choices, default=Source.APPLICATION)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.LEAD, db_index=True)
    level = models.CharField("调处层级", max_length=20, choices=Level.choices, default=Level.VILLAGE)
    joint_bodies = models.JSONField("联合调解参与单位", default=list, blank=True,
                                    help_text="联合调解时参加的单位，如 派出所、人民法庭、信访办、人社局、住建局")
    received_date = models.DateField("登记日期", db_index=True)
    accepted_date = models.DateField("受理日期", null=True, blank=True)
    reject_reason = models.CharField("不予受理事由", max_length=30, choices=RejectReason.choices, blank=True)
    facts = models.TextField("纠纷简要情况")
    claims = models.TextField("申请事项", blank=True)
    amount = models.DecimalField("涉及金额（元）", max_digits=14, decimal_places=2, default=0)
    people_count = models.PositiveIntegerField("涉及人数", default=2)
    is_group = models.BooleanField("群体性纠纷", default=False)
    may_turn_criminal = models.BooleanField("可能激化为治安、刑事案件", default=False)
    reported_to_police_date = models.DateField("报告公安机关日期", null=True, blank=True)
    mediators = models.ManyToManyField(Mediator, verbose_name="调解员", blank=True, related_name="disputes")
    requested_mediators = models.CharField("当事人希望选择的调解员", max_length=100, blank=True,
                                           help_text="人民调解法 第十九条：当事人可以选择调解员")
    mediators_chosen_by_parties = models.BooleanField("调解员由当事人选择", default=False,
                                                      help_text="否则由调委会指定（人民调解法 第十九条）")
    experts = models.ManyToManyField(Expert, verbose_name="邀请专家", blank=True, related_name="disputes")
    outcome = models.CharField("调解结果", max_length=20, choices=Outcome.choices, blank=True)
    concluded_date = models.DateField("调结日期", null=True, blank=True)
    failure_routes = models.TextField("告知当事人的其他途径", blank=True)
    closed_date = models.DateField("结案日期", null=True, blank=True)
    archived_date = models.DateField("归档日期", null=True, blank=True)
    receipt_code = models.CharField("网上申请查询码", max_length=12, blank=True, db_index=True)
    # What the citizen gave on the application, kept only as keyed hashes (``mediation.receipts``): the progress
    # lookup matches the receipt code with the phone or the ID number of THAT application, not the registry's.
    receipt_phone_key = models.CharField("查询凭证（手机号码）", max_length=64, blank=True, editable=False)
    receipt_id_key = models.CharField("查询凭证（身份证号码）", max_length=64, blank=True, editable=False)
    lead_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "矛盾纠纷"
        verbose_name_plural = "矛盾纠纷"
        ordering = ["-received_date", "-id"]
        indexes = [models.Index(fields=["org", "status", "received_date"], name="dispute_org_status_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/mediation/disputes/{self.uuid}/"

    @property
    def is_open(self) -> bool:
        return self.status in (Status.LEAD, Status.ACCEPTED, Status.MEDIATING)


class DisputeParty(TimeStampedModel):
    """当事人 of a dispute, linked to the shared people registry."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey("people.Person", verbose_name="当事人", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("身份", max_length=20, choices=PartyRole.choices)
    occupation = models.CharField("职业或职务", max_length=50, blank=True)
    claim = models.TextField("主张", blank=True)
    identity_unverified = models.BooleanField(
        "身份待核实", default=False,
        help_text="网上申请所填身份证号码在本所已登记为另一姓名：按申请人所填记录，待工作人员核实后合并（同一人）或更正")

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["role", "id"]
        constraints = [models.UniqueConstraint(fields=["dispute", "person"], name="party_unique_person")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person.name}"


class DisputeStep(models.Model):
    """办理过程: the dispute's timeline (受理, 指派, 调查, 调解, 升级, 协议, 回访, 结案 …)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="steps")
    date = models.DateField("日期")
    kind = models.CharField("环节", max_length=30)
    summary = models.CharField("内容", max_length=300)
    org = models.ForeignKey("orgs.Org", verbose_name="办理单位", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "办理过程"
        verbose_name_plural = "办理过程"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.summary}"


class Investigation(TimeStampedModel):
    """调查记录 (人民调解工作若干规定 第二十七条: 调查核实纠纷事实)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="investigations")
    date = models.DateField("调查时间")
    place = models.CharField("调查地点", max_length=100)
    investigators = models.CharField("调查人", max_length=100)
    respondent = models.CharField("被调查人", max_length=100)
    content = models.TextField("调查内容")

    class Meta:
        verbose_name = "调查记录"
        verbose_name_plural = "调查记录"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} 调查 {self.respondent}"


class MediationSession(TimeStampedModel):
    """调解记录 (人民调解法 第二十七条: 人民调解员应当记录调解情况)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField("调解时间")
    place = models.CharField("调解地点", max_length=100)
    hosts = models.CharField("主持调解员", max_length=100)
    attendees = models.CharField("参加人", max_length=200, blank=True, help_text="受邀的亲属、邻里、专家等")
    recorder = models.CharField("记录人", max_length=50, blank=True)
    is_public = models.BooleanField("公开调解", default=False)
    joint_bodies = models.JSONField("联合调解参与单位", default=list, blank=True, help_text="记录调解时参加联合调解的单位")
    record = models.TextField("调解情况")

    class Meta:
        verbose_name = "调解记录"
        verbose_name_plural = "调解记录"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} 调解"


class Agreement(TimeStampedModel):
    """人民调解协议 (人民调解法 第二十八条至第三十三条): written (effective when every party and the mediator
    have signed and the committee has sealed it) or oral (effective on the day it is reached)."""

    dispute = models.OneToOneField(Dispute, on_delete=models.CASCADE, related_name="agreement")
    kind = models.CharField("协议形式", max_length=10, choices=Outcome.choices[:2])
    number = models.CharField("协议编号", max_length=40, blank=True)
    facts = models.TextField("纠纷主要事实、争议事项")
    responsibilities = models.TextField("各方当事人的责任", blank=True)
    content = models.TextField("协议内容")
    performance_method = models.CharField("履行方式", max_length=200, blank=True)
    amount = models.DecimalField("协议金额（元）", max_digits=14, decimal_places=2, default=0)
    signed_date = models.DateField("当事人签字日期")
    effective_date = models.DateField("生效日期")
    copies = models.PositiveSmallIntegerField("份数", default=3)
    confirmation_applied = models.DateField("申请司法确认日期", null=True, blank=True)
    confirmation_result = models.CharField("司法确认结果", max_length=20, blank=True)

    class Meta:
        verbose_name = "调解协议"
        verbose_name_plural = "调解协议"

    def __str__(self) -> str:
        return self.number or f"{self.dispute} 协议"

    @property
    def confirmation_deadline(self) -> dt.date:
        """人民调解法 第三十三条: 自调解协议生效之日起三十日内共同申请司法确认."""
        from core.calendar import add_calendar_days

        return add_calendar_days(self.effective_date, 30)


class PerformanceItem(TimeStampedModel):
    """协议的一项履行义务 with its deadline (人民调解法 第三十一条: 调委会督促履行)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="items")
    obligor = models.ForeignKey(DisputeParty, verbose_name="履行人", on_delete=models.PROTECT, related_name="+")
    description = models.CharField("履行内容", max_length=200)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2, default=0)
    due_date = models.DateField("履行期限")
    performed_date = models.DateField("实际履行日期", null=True, blank=True)
    unperformed_route = models.CharField("未履行的后续处理", max_length=20, blank=True, choices=UnperformedRoute.choices)
    unperformed_note = models.CharField("后续处理说明", max_length=200, blank=True)
    unperformed_date = models.DateField("后续处理日期", null=True, blank=True)

    class Meta:
        verbose_name = "履行事项"
        verbose_name_plural = "履行事项"
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_resolved(self) -> bool:
        """Performed, or not performed with its next step recorded: only then may the case be closed (结案)."""
        return self.performed_date is not None or bool(self.unperformed_route)


class FollowUp(TimeStampedModel):
    """回访记录: performance, satisfaction and hidden risks after the agreement."""

    class Performance(models.TextChoices):
        FULL = "full", "已全部履行"
        PARTIAL = "partial", "部分履行"
        NONE = "none", "未履行"

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASIC = "basic", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="followups")
    date = models.DateField("回访时间")
    visitor = models.CharField("回访人", max_length=50)
    visited = models.CharField("回访对象", max_length=100)
    performance = models.CharField("履行情况", max_length=10, choices=Performance.choices)
    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices)
    situation = models.TextField("回访情况")
    risk_found = models.BooleanField("发现新的矛盾隐患", default=False)

    class Meta:
        verbose_name = "回访记录"
        verbose_name_plural = "回访记录"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} 回访 {self.visited}"
