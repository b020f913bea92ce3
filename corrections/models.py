"""社区矫正: the offenders a 司法所 supervises in the community on behalf of the county 社区矫正机构
(社区矫正法 第九条第二款: 司法所根据社区矫正机构的委托，承担社区矫正相关工作)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db import models

from core.models import OrgOwnedModel, TimeStampedModel
from corrections.choices import (
    REPORTING_TYPES,
    ArrivalStatus,
    CommissioningBody,
    CorrectionType,
    EndReason,
    IntervieweeKind,
    InvestigationStatus,
    Opinion,
    Status,
    TeamRole,
    TemporaryOutsideReason,
)


def months_after(start: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or that month's last day when it has no such day (no holiday shift: a
    sentence's term is not a procedural period)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_text(start: dt.date, end: dt.date) -> str:
    """A correction term as a judgment writes it, both ends counted: 2026-01-10 to 2027-01-09 is "1年"."""
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if months_after(start, months) > after:
        months -= 1
    days = (after - months_after(start, months)).days
    parts = []
    if months // 12:
        parts.append(f"{months // 12}年")
    if months % 12:
        parts.append(f"{months % 12}个月")
    if days:
        parts.append(f"{days}日")
    return "".join(parts) or "0日"


class Subject(OrgOwnedModel):
    """社区矫正对象 (社区矫正法 第二条): an offender under 管制, 缓刑, 假释 or 暂予监外执行, received by the 司法所 in charge
    (``org``) after reporting (第二十一条) with the legal documents checked and identity verified (第二十二条)."""

    person = models.ForeignKey("people.Person", verbose_name="社区矫正对象", on_delete=models.PROTECT,
                               related_name="correction_subjects")
    correction_type = models.CharField("矫正类别", max_length=20, choices=CorrectionType.choices, db_index=True)
    decision_organ = models.CharField("社区矫正决定机关", max_length=100,
                                      help_text="作出判决、裁定或暂予监外执行决定的机关，如 赤峰市红山区人民法院")
    decision_number = models.CharField("法律文书文号", max_length=60, help_text="如 （2026）内0402刑初123号")
    crime = models.CharField("罪名", max_length=200)
    effective_date = models.DateField("判决、裁定或决定生效日期")
    start_date = models.DateField("矫正期限起")
    end_date = models.DateField("矫正期限止", db_index=True)
    report_due_date = models.DateField(
        "应报到日期", null=True, blank=True,
        help_text="生效之日起十日内（社区矫正法 第二十一条）；暂予监外执行由看守所、监狱移送，不计算",
    )
    reported_date = models.DateField("报到日期", db_index=True)
    status = models.CharField("矫正状态", max_length=20, choices=Status.choices, default=Status.IN_CORRECTION, db_index=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="矫正责任人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="负责日常监督管理的司法所工作人员",
    )
    ended_date = models.DateField("解除（终止）日期", null=True, blank=True)
    end_reason = models.CharField("解除（终止）原因", max_length=20, blank=True, choices=EndReason.choices)
    end_note = models.CharField("解除（终止）说明", max_length=200, blank=True,
                                help_text="如 解除社区矫正证明书编号，或撤销缓刑裁定书文号")

    class Meta:
        verbose_name = "社区矫正对象"
        verbose_name_plural = "社区矫正对象"
        ordering = ["-reported_date", "-id"]
        indexes = [
            models.Index(fields=["org", "status"], name="corrections_subject_org_status"),
            models.Index(fields=["org", "reported_date"], name="corrections_subject_org_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gt=models.F("start_date")), name="corrections_subject_period"),
            models.CheckConstraint(condition=models.Q(reported_date__gte=models.F("effective_date")),
                                   name="corrections_subject_reported_after_effective"),
            # One natural person is under one correction at a time; a new sentence after 解除/终止 is a new record.
            models.UniqueConstraint(fields=["person"], condition=models.Q(status="in_correction"),
                                    name="corrections_subject_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_correction_type_display()}）"

    def get_absolute_url(self) -> str:
        return f"/corrections/{self.uuid}/"

    @property
    def period_text(self) -> str:
        return period_text(self.start_date, self.end_date)

    @property
    def reported_late_days(self) -> int:
        """Days reported after the ten-day window of 社区矫正法 第二十一条 (0 when on time or not computed). Late
        reporting may ground a 训诫 or 警告 under the 实施办法 (its text is not held here); the office judges the reason,
        the platform only shows the delay."""
        if self.report_due_date is None or self.reported_date <= self.report_due_date:
            return 0
        return (self.reported_date - self.report_due_date).days

    @property
    def reports_in_person(self) -> bool:
        return self.correction_type in REPORTING_TYPES


# --- 调查评估 (社区矫正法 第十八条) -------------------------------------------------------------------------------


class Investigation(OrgOwnedModel):
    """调查评估: a commission from a court, procuratorate, police body or prison to assess a defendant's or offender's
    social danger and the impact on the community where they live (社区矫正法 第十八条), carried out by the 司法所
    (``org``) for the county 社区矫正机构. The opinion is due in 10 working days from receipt, 5 for 速裁 cases
    (实施办法 第十四条; UNCONFIRMED figures kept as defaults in ``corrections.investigations``), extendable by agreement
    with the commissioning body; the 调查评估意见书 is then put on record (备案) with the county agency."""

    number = models.CharField("意见书文号", max_length=60, blank=True)
    body_type = models.CharField("委托机关类别", max_length=20, choices=CommissioningBody.choices)
    body_name = models.CharField("委托机关", max_length=100, help_text="如 赤峰市红山区人民法院")
    case_number = models.CharField("委托函文号或案号", max_length=60, help_text="如 （2026）内0402刑初456号")
    person = models.ForeignKey("people.Person", verbose_name="被调查人", on_delete=models.PROTECT, related_name="+")
    proposed_type = models.CharField("拟适用矫正类别", max_length=20, choices=CorrectionType.choices)
    crime = models.CharField("涉嫌罪名", max_length=200)
    received_date = models.DateField("收到委托日期", db_index=True)
    fast_track = models.BooleanField("速裁程序", default=False, help_text="适用速裁程序的，五个工作日内完成")
    due_date = models.DateField("应完成日期")
    extended_reason = models.CharField("延期说明", max_length=200, blank=True, help_text="经与委托机关协商同意延期的说明")
    status = models.CharField("办理状态", max_length=20, choices=InvestigationStatus.choices,
                              default=InvestigationStatus.INVESTIGATING, db_index=True)
    findings = models.TextField("调查情况", blank=True,
                                help_text="居所、家庭和社会关系、一贯表现、犯罪行为的后果和影响、村（居）民委员会和被害人意见等")
    opinion = models.CharField("评估意见", max_length=20, choices=Opinion.choices, blank=True)
    reasons = models.TextField("意见理由", blank=True)
    opinion_date = models.DateField("出具意见日期", null=True, blank=True)
    review_note = models.CharField("备案审查意见", max_length=200, blank=True)
    reviewed_date = models.DateField("备案日期", null=True, blank=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="调查人", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "调查评估"
        verbose_name_plural = "调查评估"
        ordering = ["-received_date", "-id"]
        indexes = [models.Index(fields=["org", "received_date"], name="corrections_inv_org_day")]
        constraints = [
            models.CheckConstraint(condition=models.Q(due_date__gt=models.F("received_date")), name="corrections_inv_due_after"),
            # An opinion is either absent (still investigating) or carries its date.
            models.CheckConstraint(condition=models.Q(opinion="", opinion_date__isnull=True)
                                   | (~models.Q(opinion="") & models.Q(opinion_date__isnull=False)),
                                   name="corrections_inv_opinion_dated"),
        ]

    def __str__(self) -> str:
        return f"调查评估：{self.person.name}（{self.body_name}）"

    def get_absolute_url(self) -> str:
        return f"/corrections/investigations/{self.uuid}/"

    @property
    def on_time(self) -> bool | None:
        """按时完成: the opinion issued on or before the (possibly extended) due date; None while investigating."""
        return None if self.opinion_date is None else self.opinion_date <= self.due_date


class InvestigationInterview(TimeStampedModel):
    """调查走访记录: one interview of the investigation (the person, family, committee, victim …) with what was found."""

    investigation = models.ForeignKey(Investigation, verbose_name="调查评估", on_delete=models.CASCADE, related_name="interviews")
    date = models.DateField("走访日期")
    kind = models.CharField("走访对象类别", max_length=20, choices=IntervieweeKind.choices)
    interviewee = models.CharField("被走访人", max_length=100)
    place = models.CharField("地点", max_length=100, blank=True)
    content = models.TextField("走访情况")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = "调查走访记录"
        verbose_name_plural = "调查走访记录"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.interviewee}（{self.date:%Y-%m-%d}）"


# --- 交付与接收 (社区矫正法 第二十条至第二十五条) --------------------------------------------------------------------


class ExpectedArrival(OrgOwnedModel):
    """待接收社区矫正对象: the decision organ notifies the place of execution within five days of the judgment taking
    effect and serves the documents within ten (社区矫正法 第二十条); from that notice the office expects the person to
    report within ten days of the judgment taking effect (第二十一条). Reception closes the record; a person who has
    not reported and cannot be found is marked 漏管."""

    person = models.ForeignKey("people.Person", verbose_name="社区矫正对象", on_delete=models.PROTECT, related_name="+")
    correction_type = models.CharField("矫正类别", max_length=20, choices=CorrectionType.choices)
    decision_organ = models.CharField("社区矫正决定机关", max_length=100)
    decision_number = models.CharField("法律文书文号", max_length=60)
    effective_date = models.DateField("生效日期")
    notice_date = models.DateField("收到通知日期")
    due_date = models.DateField("应报到日期", db_index=True)
    status = models.CharField("状态", max_length=20, choices=ArrivalStatus.choices, default=ArrivalStatus.EXPECTED, db_index=True)
    subject = models.ForeignKey(Subject, verbose_name="接收后的矫正对象", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    note = models.CharField("情况说明", max_length=200, blank=True, help_text="漏管的，写明查找经过")

    class Meta:
        verbose_name = "待接收社区矫正对象"
        verbose_name_plural = "待接收社区矫正对象"
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(notice_date__gte=models.F("effective_date")),
                                   name="corrections_arrival_notice_after"),
        ]

    def __str__(self) -> str:
        return f"待接收：{self.person.name}"

    def get_absolute_url(self) -> str:
        return f"/corrections/arrivals/{self.uuid}/"


class ProhibitionOrder(TimeStampedModel):
    """禁止令 (刑法 第三十八条第二款、第七十二条第二款): what the judgment forbids the subject during the term —
    certain activities, places or contacts — with its own period where the judgment sets one."""

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="prohibitions")
    content = models.CharField("禁止令内容", max_length=200, help_text="如 禁止进入夜总会、酒吧、迪厅等娱乐场所")
    start_date = models.DateField("禁止令期限起", null=True, blank=True)
    end_date = models.DateField("禁止令期限止", null=True, blank=True)

    class Meta:
        verbose_name = "禁止令"
        verbose_name_plural = "禁止令"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(content=""), name="corrections_prohibition_content"),
            models.CheckConstraint(condition=models.Q(end_date__isnull=True) | models.Q(start_date__isnull=True)
                                   | models.Q(end_date__gte=models.F("start_date")), name="corrections_prohibition_period"),
        ]

    def __str__(self) -> str:
        return self.content


class ReceptionDetail(TimeStampedModel):
    """What reception adds to the subject's file beyond the judgment: the 暂予监外执行 ground (刑事诉讼法 第二百六十五条)
    and the 入矫宣告 (社区矫正法 第二十二条: 宣告犯罪事实、执行社区矫正的期限以及应当遵守的规定), which for a minor is held
    without the public (第五十四条)."""

    subject = models.OneToOneField(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="reception")
    temporary_reason = models.CharField("暂予监外执行情形", max_length=20, choices=TemporaryOutsideReason.choices, blank=True)
    announced_date = models.DateField("入矫宣告日期", null=True, blank=True)
    announcement_place = models.CharField("宣告地点", max_length=100, blank=True)

    class Meta:
        verbose_name = "入矫信息"
        verbose_name_plural = "入矫信息"

    def __str__(self) -> str:
        return f"入矫信息：{self.subject_id}"


class TeamMember(TimeStampedModel):
    """矫正小组成员 (社区矫正法 第二十五条): a female subject's team has a woman; a minor's team has someone who knows
    minors' physical and mental development (第五十二条)."""

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="team")
    name = models.CharField("姓名", max_length=50)
    role = models.CharField("身份", max_length=20, choices=TeamRole.choices)
    sex = models.CharField("性别", max_length=1, choices=[("1", "男"), ("2", "女")])
    phone = models.CharField("联系电话", max_length=20, blank=True)
    knows_minors = models.BooleanField("熟悉未成年人身心特点", default=False)

    class Meta:
        verbose_name = "矫正小组成员"
        verbose_name_plural = "矫正小组成员"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


# --- 解除与终止 (社区矫正法 第四十四条至第四十六条) ---------------------------------------------------------------


class Handover(TimeStampedModel):
    """期满鉴定与安置帮教衔接: the written appraisal of the subject's correction at the end of the term and the hand-over
    to the 安置帮教 work of the place of residence (实施办法 第五十三条, UNCONFIRMED wording). The resettlement module
    reads these rows: who was handed over, when, to whom, with which appraisal and needs."""

    subject = models.OneToOneField(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="handover")
    appraisal = models.TextField("期满鉴定意见", help_text="矫正期间的表现、奖惩和悔罪情况")
    needs = models.CharField("帮扶需求", max_length=200, blank=True, help_text="如 就业、住房、低保、技能培训")
    handed_to = models.CharField("接收安置帮教的单位或人员", max_length=100, blank=True)
    handover_date = models.DateField("交接日期", null=True, blank=True)
    announced_date = models.DateField("解矫宣告日期", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = "期满鉴定与安置帮教交接"
        verbose_name_plural = "期满鉴定与安置帮教交接"

    def __str__(self) -> str:
        return f"交接：{self.subject_id}"


def minor_at_offence(person: object, on: dt.date) -> bool:
    """Under eighteen on ``on`` (the judgment's effective date stands in for the offence date the office does not hold).
    社区矫正法 第五十八条: the minors' rules keep applying when the subject turns eighteen during the term."""
    birth = getattr(person, "birth_date", None)
    if birth is None:
        return False
    return (on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))) < 18
# ---------------------------------------------------------------------------------------------------------------------
# 日常监管 (daily supervision): scheduled obligations and their fulfilment (签到、报告), 考核, requests (外出、会客、迁居、
# 变更执行地), 电子定位 and its alerts, 脱管 episodes and 考核奖惩 (社区矫正法 第二十三条至第三十一条、第二十八条).
# ---------------------------------------------------------------------------------------------------------------------
from corrections.choices_duties import (  # noqa: E402
    AlertKind,
    MonitoringTrigger,
    ObligationKind,
    ObligationStatus,
    RequestKind,
    RequestStatus,
    ReviewResult,
    SanctionKind,
)


class Obligation(OrgOwnedModel):
    """履行事项: one scheduled duty of a subject — a 报到, a 书面报告, a month's 教育学习 or 公益活动 hours, an 个别谈话,
    a 走访, a 信息化核查 or a 暂外 病情复查 — due within [window_start, due_date] (社区矫正法 第二十三条、第二十六条、
    第三十六条、第四十二条); from the approved 矫正方案 or the management level's default contact standard."""

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField("事项类别", max_length=20, choices=ObligationKind.choices)
    title = models.CharField("事项", max_length=100)
    window_start = models.DateField("起始日期")
    due_date = models.DateField("截止日期")
    hours = models.DecimalField("应完成时数", max_digits=5, decimal_places=1, null=True, blank=True)
    basis = models.CharField("依据", max_length=200, blank=True)
    source = models.CharField("来源", max_length=20, default="default", help_text="plan：矫正方案；default：管理等级默认标准")
    status = models.CharField("状态", max_length=20, choices=ObligationStatus.choices, default=ObligationStatus.PENDING)
    done_date = models.DateField("履行日期", null=True, blank=True)
    done_hours = models.DecimalField("已完成时数", max_digits=5, decimal_places=1, default=0)
    note = models.CharField("履行情况", max_length=300, blank=True)
    reminded = models.BooleanField("已提醒", default=False)

    class Meta:
        verbose_name = "履行事项"
        verbose_name_plural = "履行事项"
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["subject", "due_date"], name="corr_obligation_subject_due"),
            models.Index(fields=["status", "due_date"], name="corr_obligation_status_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(due_date__gte=models.F("window_start")), name="corr_obligation_window"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.window_start:%m-%d}至{self.due_date:%m-%d}）"


class CheckIn(OrgOwnedModel):
    """签到或报告: the subject's own act on the phone page (time, browser location, optional photo) or a written
    report; the evidence of an obligation's fulfilment (社区矫正法 第二十六条: 信息化核查)."""

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="checkins")
    obligation = models.ForeignKey(Obligation, verbose_name="履行事项", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="checkins")
    at = models.DateTimeField("时间", db_index=True)
    is_report = models.BooleanField("书面报告", default=False)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy = models.PositiveIntegerField("定位精度（米）", null=True, blank=True)
    photo = models.FileField("照片", upload_to="corrections/checkins/%Y/%m/", blank=True)
    text = models.TextField("报告内容", blank=True)
    via = models.CharField("方式", max_length=20, default="phone", help_text="phone：手机端；office：司法所登记")

    class Meta:
        verbose_name = "签到报告"
        verbose_name_plural = "签到报告"
        ordering = ["-at", "-id"]


class SubjectCode(models.Model):
    """A one-time login code sent to a subject's phone for the subject's phone page; only its hash is kept."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "登录验证码"
        verbose_name_plural = "登录验证码"

    def __str__(self) -> str:
        return f"登录验证码（{self.created_at:%Y-%m-%d %H:%M}）"


class SubjectRequest(OrgOwnedModel):
    """外出、会客、迁居、变更执行地 的申请与审批 (社区矫正法 第二十三条、第二十七条): the 司法所 approves a trip of up to
    seven days on the county agency's delegation, the county agency beyond (实施办法 — article number UNCONFIRMED)."""

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField("申请事项", max_length=20, choices=RequestKind.choices)
    reason = models.CharField("事由", max_length=300)
    destination = models.CharField("目的地、会见对象或新居住地", max_length=200, blank=True)
    start_date = models.DateField("起始日期")
    end_date = models.DateField("结束日期")
    applied_date = models.DateField("申请日期")
    status = models.CharField("状态", max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_date = models.DateField("审批日期", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    returned_date = models.DateField("销假日期", null=True, blank=True)

    class Meta:
        verbose_name = "请假外出申请"
        verbose_name_plural = "请假外出申请"
        ordering = ["-applied_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="corr_request_period"),
        ]

    def __str__(self) -> str:
        return f"{self.subject.person.name}{self.get_kind_display()}申请（{self.start_date:%m-%d}至{self.end_date:%m-%d}）"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class Monitoring(OrgOwnedModel):
    """电子定位: an electronic location device on one of the five legal grounds, approved by the head of the county
    司法行政部门, for at most three months; a renewal is a new record pointing to the one it extends (社区矫正法 第二十九条)."""

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="monitorings")
    trigger = models.CharField("适用情形", max_length=20, choices=MonitoringTrigger.choices)
    facts = models.CharField("事实", max_length=300)
    approver = models.CharField("批准人", max_length=50, help_text="县级司法行政部门负责人")
    approval_date = models.DateField("批准日期")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("期满日期")
    device = models.CharField("装置编号", max_length=50, db_index=True)
    renewal_of = models.ForeignKey("self", verbose_name="延长的定位", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="renewals")
    ended_date = models.DateField("解除日期", null=True, blank=True)
    end_note = models.CharField("解除说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "电子定位"
        verbose_name_plural = "电子定位"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="corr_monitoring_period"),
        ]

    def __str__(self) -> str:
        return f"{self.subject.person.name}电子定位（{self.start_date:%Y-%m-%d}至{self.end_date:%Y-%m-%d}）"


class LocationAlert(OrgOwnedModel):
    """定位报警 received from the external positioning system through the signed API; the data are used only for
    community corrections and kept confidential (社区矫正法 第二十九条第三款)."""

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="location_alerts")
    monitoring = models.ForeignKey(Monitoring, verbose_name="电子定位", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="alerts")
    external_id = models.CharField("报警编号", max_length=64, unique=True)
    kind = models.CharField("报警类型", max_length=20, choices=AlertKind.choices)
    occurred_at = models.DateTimeField("报警时间")
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    detail = models.CharField("说明", max_length=300, blank=True)
    handled_date = models.DateField("处置日期", null=True, blank=True)
    handling = models.CharField("处置情况", max_length=300, blank=True)

    class Meta:
        verbose_name = "定位报警"
        verbose_name_plural = "定位报警"
        ordering = ["-occurred_at", "-id"]


class Abscond(OrgOwnedModel):
    """脱管 (失去联系): from the day contact was lost until the subject is found, with the search steps taken
    (社区矫正法 第三十条: 立即组织查找，公安机关等配合)."""

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="absconds")
    lost_date = models.DateField("失去联系日期")
    found_date = models.DateField("查找到日期", null=True, blank=True)
    steps = models.TextField("查找措施", help_text="电话联系、信息化核查、实地查访、通报公安机关等，每行一项")
    result = models.CharField("查找结果与原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "脱管"
        verbose_name_plural = "脱管"
        ordering = ["-lost_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(found_date__isnull=True) | models.Q(found_date__gte=models.F("lost_date")),
                                   name="corr_abscond_period"),
        ]

    def __str__(self) -> str:
        return f"{self.subject.person.name}脱管（{self.lost_date:%Y-%m-%d}起）"

    def days_on(self, today: dt.date) -> int:
        """Days out of contact, both ends counted, up to the day found or ``today``."""
        return ((self.found_date or today) - self.lost_date).days + 1


class Sanction(OrgOwnedModel):
    """考核奖惩决定: 表扬、训诫、警告, or the proposal to the police (治安管理处罚) or the court (撤销缓刑、撤销假释、
    收监执行) — decided by a person, possibly on the platform's suggestion (社区矫正法 第二十八条)."""

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField("奖惩类别", max_length=20, choices=SanctionKind.choices)
    facts = models.TextField("事实和理由")
    basis = models.CharField("依据", max_length=200)
    decision_date = models.DateField("决定日期")
    suggested = models.BooleanField("平台建议", default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定人", null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "考核奖惩"
        verbose_name_plural = "考核奖惩"
        ordering = ["-decision_date", "-id"]

    def __str__(self) -> str:
        return f"{self.subject.person.name}{self.get_kind_display()}（{self.decision_date:%Y-%m-%d}）"


class FulfilmentReview(OrgOwnedModel):
    """月度、季度考核: the fulfilment of the period's obligations, with the evidence (社区矫正法 第二十八条第二款:
    考核结果可以作为认定是否确有悔改表现的依据)."""

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="reviews")
    period = models.CharField("考核期", max_length=10, help_text="如 2026-11（月度）或 2026Q4（季度）")
    start_date = models.DateField("起")
    end_date = models.DateField("止")
    due = models.PositiveIntegerField("应履行")
    done = models.PositiveIntegerField("已履行")
    missed = models.PositiveIntegerField("未履行")
    result = models.CharField("考核结果", max_length=10, choices=ReviewResult.choices)
    evidence = models.JSONField("依据明细", default=list)

    class Meta:
        verbose_name = "考核"
        verbose_name_plural = "考核"
        ordering = ["-end_date", "-id"]
        constraints = [models.UniqueConstraint(fields=["subject", "period"], name="corr_review_once")]

    def __str__(self) -> str:
        return f"{self.subject.person.name} {self.period} 考核"
# ================================================================================================================
# 分类管理与个别化矫正: risk/needs assessment, management level (严管/普管/宽管), contact standards, the strategy
# library and the 矫正方案 (社区矫正法 第二十四条; 实施办法 第二十一条、第二十二条, wording UNCONFIRMED). The reference
# data (levels, rule sets, strategies) are defaults loaded from corrections/data/ and edited by administrators.
# ================================================================================================================


class Period(models.TextChoices):
    """How often a contact standard or a measure recurs."""

    WEEK = "week", "每周"
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"


class ManagementLevel(models.Model):
    """分类管理等级 (实施办法 第二十一条, UNCONFIRMED wording: 根据矫正类别、犯罪类型、矫正阶段、再犯罪风险等综合评估,
    实行分类管理). Names and colours are configurable (北京 A/B/C, 上海 一级/二级/三级); ``rank`` 1 is the strictest.
    The contact standards of each level are the defaults measures are drawn from (the 严管 figures follow a provincial
    分类管理办法; 普管 and 宽管 figures are UNCONFIRMED defaults)."""

    code = models.CharField("代码", max_length=20, unique=True)
    name = models.CharField("等级名称", max_length=20)
    rank = models.PositiveSmallIntegerField("严格程度", unique=True, help_text="1 为最严格")
    colour = models.CharField("颜色代码", max_length=10, help_text="red / yellow / blue")
    colour_name = models.CharField("颜色", max_length=4, help_text="红、黄、蓝")
    reports_count = models.PositiveSmallIntegerField("到司法所报到（次）", default=1)
    reports_period = models.CharField("报到周期", max_length=10, choices=Period.choices, default=Period.MONTH)
    written_count = models.PositiveSmallIntegerField("书面报告（次）", default=1)
    written_period = models.CharField("书面报告周期", max_length=10, choices=Period.choices, default=Period.MONTH)
    talks_count = models.PositiveSmallIntegerField("个别教育（次）", default=1)
    talks_period = models.CharField("个别教育周期", max_length=10, choices=Period.choices, default=Period.MONTH)
    study_hours = models.PositiveSmallIntegerField("教育学习（小时/月）", default=8)
    service_hours = models.PositiveSmallIntegerField("公益活动（小时/月）", default=8, help_text="有劳动能力的")
    visits_count = models.PositiveSmallIntegerField("实地走访（次）", default=1)
    visits_period = models.CharField("走访周期", max_length=10, choices=Period.choices, default=Period.MONTH)
    checks_count = models.PositiveSmallIntegerField("信息化核查（次）", default=1)
    checks_period = models.CharField("信息化核查周期", max_length=10, choices=Period.choices, default=Period.MONTH)
    travel_rule = models.CharField("外出审批", max_length=200, blank=True)
    basis = models.CharField("依据", max_length=300, blank=True)
    unconfirmed = models.BooleanField("待核实的默认值", default=False,
                                      help_text="来源未能核实的默认标准，请按本省分类管理办法核对后修改")

    class Meta:
        verbose_name = "管理等级与接触标准"
        verbose_name_plural = "管理等级与接触标准"
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class RuleSet(models.Model):
    """评估量表版本 (risk/needs instrument): a versioned set of scored items and the score bands that map a total
    to a level. An assessment keeps its rule set and a copy of every item's question and points, so a later edit of
    the rule set never changes a past result."""

    code = models.CharField("版本代码", max_length=40, unique=True)
    name = models.CharField("量表名称", max_length=100)
    effective_from = models.DateField("启用日期")
    active = models.BooleanField("当前使用", default=True)
    strict_from = models.PositiveSmallIntegerField("严管分数线（≥）", help_text="总分达到此分数，建议严管")
    lenient_below = models.PositiveSmallIntegerField("宽管分数线（<）", help_text="总分低于此分数，建议宽管；其余为普管")
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "风险需求评估量表"
        verbose_name_plural = "风险需求评估量表"
        ordering = ["-effective_from", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class RuleItem(models.Model):
    """One scored item of an instrument: a question and its options, each ``{"value", "label", "points"}``."""

    rule_set = models.ForeignKey(RuleSet, verbose_name="量表", on_delete=models.CASCADE, related_name="items")
    code = models.CharField("题目代码", max_length=40)
    domain = models.CharField("评估维度", max_length=40)
    question = models.CharField("题目", max_length=200)
    options = models.JSONField("选项", help_text='如 [{"value": "0", "label": "无", "points": 0}]')
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "评估题目"
        verbose_name_plural = "评估题目"
        ordering = ["rule_set", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="corrections_ruleitem_unique")]

    def __str__(self) -> str:
        return self.question


class StrategyCategory(models.Model):
    """矫正策略库的类别 (e.g. 未成年人、暂予监外执行（病残）、涉毒): groups measures for the library page."""

    code = models.CharField("代码", max_length=40, unique=True)
    name = models.CharField("类别", max_length=60)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "矫正策略类别"
        verbose_name_plural = "矫正策略类别"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class StrategyMeasure(models.Model):
    """A measure of the 矫正策略库: the subject conditions that trigger it (``conditions``, each ``key=value`` with
    ``|`` between alternatives; ``match`` all or any), the section of the 矫正方案 it belongs to (监督管理 / 教育 /
    帮扶, 社区矫正法 第三条), what it schedules (``obligation``) and how often or how many hours, and its legal basis."""

    class Section(models.TextChoices):
        SUPERVISION = "supervision", "监督管理措施"
        EDUCATION = "education", "教育矫正措施"
        ASSISTANCE = "assistance", "帮扶措施"

    class Obligation(models.TextChoices):
        REPORT = "报到", "报到"
        WRITTEN = "书面报告", "书面报告"
        STUDY = "教育学习", "教育学习"
        SERVICE = "公益活动", "公益活动"
        TALK = "个别谈话", "个别谈话"
        VISIT = "走访", "走访"
        CHECK = "信息化核查", "信息化核查"
        HEALTH = "病情复查", "病情复查"

    category = models.ForeignKey(StrategyCategory, verbose_name="类别", on_delete=models.PROTECT, related_name="measures")
    code = models.CharField("代码", max_length=40, unique=True)
    title = models.CharField("措施", max_length=200)
    section = models.CharField("方案部分", max_length=20, choices=Section.choices)
    obligation = models.CharField("排期事项", max_length=10, choices=Obligation.choices, blank=True,
                                  help_text="需按期履行并排入日程的事项；不排期的措施留空")
    count = models.PositiveSmallIntegerField("次数", null=True, blank=True)
    period = models.CharField("周期", max_length=10, choices=Period.choices, blank=True)
    hours_per_month = models.PositiveSmallIntegerField("小时/月", null=True, blank=True)
    conditions = models.JSONField("触发条件", default=list, help_text='如 ["minor=yes"]、["substance_use=drugs|alcohol"]')
    match = models.CharField("条件关系", max_length=3, choices=[("all", "全部满足"), ("any", "满足其一")], default="all")
    legal_basis = models.CharField("法律依据", max_length=300)
    active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "矫正策略措施"
        verbose_name_plural = "矫正策略措施"
        ordering = ["category__sort_order", "sort_order", "id"]

    def __str__(self) -> str:
        return self.title


class SubjectConditions(OrgOwnedModel):
    """矫正对象的基本情况 (社区矫正法 第二十四条: 性别、年龄、心理特点、健康状况、犯罪原因、犯罪类型、犯罪情节、悔罪表现):
    the structured conditions the office records, keyed as in ``corrections.plans.CONDITIONS``; those the subject's
    record already holds (类别、性别、年龄、期限、阶段、等级) are derived, not stored."""

    subject = models.OneToOneField(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="conditions")
    values = models.JSONField("基本情况", default=dict)

    class Meta:
        verbose_name = "矫正对象基本情况"
        verbose_name_plural = "矫正对象基本情况"


class RiskAssessment(OrgOwnedModel):
    """风险需求评估 (入矫评估 and 再评估): the answer to every item of the rule set with its points, the total and the
    level the bands suggest; an override to another level needs a reason (professional discretion, recorded)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "入矫评估"
        REVIEW = "review", "再评估"

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="assessments")
    rule_set = models.ForeignKey(RuleSet, verbose_name="量表", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("评估类型", max_length=10, choices=Kind.choices, default=Kind.INITIAL)
    assessed_on = models.DateField("评估日期", db_index=True)
    answers = models.JSONField("逐题结果", default=list, help_text="[{code, domain, question, value, label, points}]")
    total = models.PositiveSmallIntegerField("总分")
    suggested_level = models.ForeignKey(ManagementLevel, verbose_name="量表建议等级", on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(ManagementLevel, verbose_name="评估确定等级", on_delete=models.PROTECT, related_name="+")
    override_reason = models.CharField("调整理由", max_length=300, blank=True)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评估人", on_delete=models.PROTECT, related_name="+")
    simulated = models.BooleanField("模拟数据", default=False, help_text="演示数据生成的评估")

    class Meta:
        verbose_name = "风险需求评估"
        verbose_name_plural = "风险需求评估"
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level=models.F("suggested_level")) | ~models.Q(override_reason=""),
                                   name="corrections_assessment_override_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.subject.person.name} {self.get_kind_display()}（{self.assessed_on:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return f"/corrections/assessments/{self.uuid}/"

    @property
    def overridden(self) -> bool:
        return self.level_id != self.suggested_level_id


class GradeChange(OrgOwnedModel):
    """管理等级的每一次确定或调整, with why (入矫评估、再评估、调整建议经批准、人工调整); the latest row is the
    subject's current level and colour."""

    class Source(models.TextChoices):
        ASSESSMENT = "assessment", "评估确定"
        INITIAL_PERIOD = "initial_period", "入矫初期"
        PENALTY = "penalty", "违规或考核不合格"
        GOOD_RECORD = "good_record", "考核良好"
        MANUAL = "manual", "人工调整"

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="grade_changes")
    level = models.ForeignKey(ManagementLevel, verbose_name="管理等级", on_delete=models.PROTECT, related_name="+")
    previous = models.ForeignKey(ManagementLevel, verbose_name="原等级", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    source = models.CharField("调整依据", max_length=20, choices=Source.choices)
    reason = models.CharField("理由", max_length=300)
    effective_date = models.DateField("生效日期", db_index=True)
    assessment = models.ForeignKey(RiskAssessment, verbose_name="评估", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确定人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "管理等级变更"
        verbose_name_plural = "管理等级变更"
        ordering = ["-effective_date", "-id"]
        indexes = [models.Index(fields=["subject", "-effective_date", "-id"], name="corrections_grade_latest")]

    def __str__(self) -> str:
        return f"{self.subject.person.name}：{self.level.name}（{self.effective_date:%Y-%m-%d}）"


class RegradeProposal(OrgOwnedModel):
    """等级调整建议: the platform proposes, staff decide (入矫初期两个月严管; 训诫两次以上、警告或治安处罚后严管;
    考核良好后放宽). Approval writes a ``GradeChange``."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "不予调整"

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="regrade_proposals")
    from_level = models.ForeignKey(ManagementLevel, verbose_name="现等级", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    to_level = models.ForeignKey(ManagementLevel, verbose_name="建议等级", on_delete=models.PROTECT, related_name="+")
    source = models.CharField("建议依据", max_length=20, choices=GradeChange.Source.choices)
    reason = models.CharField("理由", max_length=300)
    proposed_on = models.DateField("提出日期", db_index=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "等级调整建议"
        verbose_name_plural = "等级调整建议"
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subject"], condition=models.Q(status="pending"), name="corrections_regrade_one_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.subject.person.name}：建议调整为{self.to_level.name}"


class CorrectionPlan(OrgOwnedModel):
    """矫正方案 (社区矫正法 第二十四条; 实施办法 第二十二条, UNCONFIRMED wording): 基本情况、综合评估结果、心理状态和
    其他特殊情况分析、监督管理措施和教育帮扶措施. Generated as a draft from the conditions and the strategy library,
    edited and approved by staff; a new version supersedes the approved one when the level or circumstances change."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        APPROVED = "approved", "已审批"
        SUPERSEDED = "superseded", "已被新版本替代"

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField("版本")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    trigger = models.CharField("制定原因", max_length=100, help_text="如 入矫制定、管理等级调整、基本情况变化")
    level = models.ForeignKey(ManagementLevel, verbose_name="管理等级", on_delete=models.PROTECT, related_name="+")
    basic_facts = models.TextField("基本情况")
    assessment_result = models.TextField("综合评估结果")
    psychology = models.TextField("心理状态和其他特殊情况分析")
    conditions = models.JSONField("制定时的基本情况", default=dict)
    drafted_on = models.DateField("拟定日期", db_index=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField("审批日期", null=True, blank=True)

    class Meta:
        verbose_name = "矫正方案"
        verbose_name_plural = "矫正方案"
        ordering = ["-drafted_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "version"], name="corrections_plan_version"),
            models.UniqueConstraint(fields=["subject"], condition=models.Q(status="draft"), name="corrections_plan_one_draft"),
            models.UniqueConstraint(fields=["subject"], condition=models.Q(status="approved"), name="corrections_plan_one_approved"),
        ]

    def __str__(self) -> str:
        return f"{self.subject.person.name}的矫正方案（第{self.version}版）"

    def get_absolute_url(self) -> str:
        return f"/corrections/plans/{self.uuid}/"


class PlanMeasure(models.Model):
    """One measure of a 矫正方案: drawn from the library with the conditions that triggered it, or added by staff."""

    plan = models.ForeignKey(CorrectionPlan, verbose_name="矫正方案", on_delete=models.CASCADE, related_name="measures")
    strategy = models.ForeignKey(StrategyMeasure, verbose_name="策略库措施", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    section = models.CharField("方案部分", max_length=20, choices=StrategyMeasure.Section.choices)
    obligation = models.CharField("排期事项", max_length=10, choices=StrategyMeasure.Obligation.choices, blank=True)
    title = models.CharField("措施", max_length=200)
    count = models.PositiveSmallIntegerField("次数", null=True, blank=True)
    period = models.CharField("周期", max_length=10, choices=Period.choices, blank=True)
    hours_per_month = models.PositiveSmallIntegerField("小时/月", null=True, blank=True)
    legal_basis = models.CharField("法律依据", max_length=300)
    triggers = models.JSONField("触发条件", default=list, help_text="[{key, label, value}]")
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "方案措施"
        verbose_name_plural = "方案措施"
        ordering = ["plan", "section", "sort_order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def frequency_text(self) -> str:
        if self.hours_per_month:
            return f"每月不少于{self.hours_per_month}小时"
        if self.count and self.period:
            return f"{Period(self.period).label}{self.count}次"
        return ""

    @property
    def triggers_text(self) -> str:
        return "；".join(f"{t['label']}：{t['value']}" for t in self.triggers)


class SubjectToken(models.Model):
    """The phone API's access token of a subject (社区矫正对象手机端接口): issued after the ID number and the one-time
    code were checked, like the phone page's session. Only a SHA-256 hash of the secret is kept; the token lapses
    after ``SESSION_MINUTES`` without use and at ``expires_at`` at the latest, and signing out revokes it. A staff
    member's personal access token is a different kind and never opens these routes."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField("前缀", max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    idle_until = models.DateTimeField("空闲失效时间")
    expires_at = models.DateTimeField("最迟失效时间")
    revoked_at = models.DateTimeField("注销时间", null=True, blank=True)

    class Meta:
        verbose_name = "手机端接口令牌"
        verbose_name_plural = "手机端接口令牌"

    def __str__(self) -> str:
        return f"手机端接口令牌 {self.prefix}"


# ================================================================================================================
# 重新违法犯罪 (考核 N03) and 变更执行地 (社区矫正法 第二十七条第二款).
# ================================================================================================================
from corrections.choices_duties import ReoffenceNature, ReoffenceOutcome, TransferStatus  # noqa: E402


class Reoffence(OrgOwnedModel):
    """社区矫正对象重新违法犯罪: a breach of the law or a new crime of a subject discovered during the term, the body
    dealing with it and the outcome (治安管理处罚; 刑事强制措施; the proposal to revoke 缓刑 or 假释 — 刑法 第七十七条、
    第八十六条, 社区矫正法 第四十六条 — or to imprison a 暂予监外执行 subject, 第四十九条). The 考核标准 deducts for each
    one (N03); the 再犯罪率 of the 统计报表 counts the crimes."""

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.PROTECT, related_name="reoffences")
    discovered_date = models.DateField("发现日期", db_index=True)
    nature = models.CharField("性质", max_length=10, choices=ReoffenceNature.choices)
    description = models.TextField("违法犯罪事实", help_text="时间、地点、行为和后果，如 2026年11月3日在红山区某酒吧寻衅滋事")
    authority = models.CharField("处理机关", max_length=100, help_text="如 赤峰市公安局红山区分局")
    outcome = models.CharField("处理结果", max_length=20, choices=ReoffenceOutcome.choices, default=ReoffenceOutcome.PENDING)
    outcome_date = models.DateField("处理日期", null=True, blank=True)
    outcome_note = models.CharField("处理情况", max_length=300, blank=True, help_text="如 行政拘留十日；撤销缓刑建议书文号")

    class Meta:
        verbose_name = "重新违法犯罪"
        verbose_name_plural = "重新违法犯罪"
        ordering = ["-discovered_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome_date__isnull=True) | models.Q(outcome_date__gte=models.F("discovered_date")),
                                   name="corr_reoffence_outcome_after"),
        ]

    def __str__(self) -> str:
        return f"{self.subject.person.name}重新{self.get_nature_display()}（{self.discovered_date:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return f"/corrections/reoffences/{self.uuid}/"


class Transfer(OrgOwnedModel):
    """变更执行地: the county agency decides to move the place of execution (usually because the subject moves house)
    and notifies the new agency (社区矫正法 第二十七条第二款); the office of the old place (``org``, which keeps this
    record) hands the subject and the file over to the office of the new place (``to_office``), and the subject reports
    there within seven days of receiving the decision (实施办法 第三十条、第三十一条; the seven days are those of the
    2012 实施办法 第十四条 too). The 报到 is entered by the receiving office on the subject it now holds."""

    subject = models.ForeignKey(Subject, verbose_name="社区矫正对象", on_delete=models.PROTECT, related_name="transfers")
    request = models.ForeignKey("SubjectRequest", verbose_name="变更执行地申请", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    from_officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="原矫正责任人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    to_office = models.ForeignKey("orgs.Org", verbose_name="新执行地司法所", on_delete=models.PROTECT, related_name="+")
    new_address = models.CharField("新居住地", max_length=200, help_text="到县（区）、乡镇（街道）")
    reason = models.CharField("变更理由", max_length=300, help_text="如 因工作调动迁居至元宝山区")
    decision_date = models.DateField("变更决定日期", help_text="执行地县级社区矫正机构作出变更决定的日期")
    decision_number = models.CharField("决定书文号", max_length=60, blank=True)
    notified_date = models.DateField("对象收到决定日期", help_text="七日报到期限自此日起算")
    report_due_date = models.DateField("应报到日期")
    handover_date = models.DateField("交接日期", null=True, blank=True, help_text="法律文书和矫正档案移交新执行地")
    reported_date = models.DateField("新执行地报到日期", null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="新执行地接收人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("状态", max_length=20, choices=TransferStatus.choices, default=TransferStatus.APPROVED, db_index=True)
    handover_due_date = models.DateField("应交接日期", null=True, blank=True, help_text="作出变更决定之日起移交法律文书和档案材料的期限")
    cancelled_date = models.DateField("撤销日期", null=True, blank=True)
    cancel_reason = models.CharField("撤销原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "变更执行地"
        verbose_name_plural = "变更执行地"
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(notified_date__gte=models.F("decision_date")), name="corr_transfer_notified_after"),
            models.CheckConstraint(condition=models.Q(report_due_date__gt=models.F("notified_date")), name="corr_transfer_due_after"),
            # One change of the place of execution at a time: the next one starts after the subject reported.
            models.UniqueConstraint(fields=["subject"], condition=~models.Q(status__in=["reported", "cancelled"]),
                                    name="corr_transfer_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.subject.person.name}变更执行地至{self.to_office.name}"

    def get_absolute_url(self) -> str:
        return f"/corrections/transfers/{self.uuid}/"

    @property
    def reported_late_days(self) -> int:
        if self.reported_date is None or self.reported_date <= self.report_due_date:
            return 0
        return (self.reported_date - self.report_due_date).days
