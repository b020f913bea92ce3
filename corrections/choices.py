"""Fixed legal enumerations of 社区矫正 (社区矫正法 第二条: 管制、缓刑、假释、暂予监外执行)."""

from django.db import models


class CorrectionType(models.TextChoices):
    """矫正类别: the four kinds of offender placed under community corrections (社区矫正法 第二条)."""

    CONTROL = "control", "管制"
    PROBATION = "probation", "缓刑"
    PAROLE = "parole", "假释"
    TEMPORARY_OUTSIDE = "temporary_outside", "暂予监外执行"


# The subject reports in person within ten days of the judgment or ruling taking effect (社区矫正法 第二十一条第一款);
# a 暂予监外执行 subject is handed over (移送) within ten days of the custodian receiving the decision (第二款、第三款),
# a date the office does not hold, so no reporting deadline is computed for that type.
REPORTING_TYPES = (CorrectionType.CONTROL, CorrectionType.PROBATION, CorrectionType.PAROLE)


class Status(models.TextChoices):
    """矫正状态. A subject is 在矫 from reception; the term ends with 解除 (期满或赦免, 社区矫正法 第四十四条) or
    终止 (撤销缓刑、假释，收监执行，死亡, 第四十五条)."""

    IN_CORRECTION = "in_correction", "在矫"
    DISCHARGED = "discharged", "解除矫正"
    TERMINATED = "terminated", "矫正终止"


class EndReason(models.TextChoices):
    """解除或终止社区矫正的原因. 解除: 矫正期满或者被赦免 (社区矫正法 第四十四条); 终止: 撤销缓刑、撤销假释、
    暂予监外执行的收监执行，或者死亡 (第四十五条)."""

    EXPIRY = "expiry", "矫正期满"
    PARDON = "pardon", "被赦免"
    PROBATION_REVOKED = "probation_revoked", "撤销缓刑"
    PAROLE_REVOKED = "parole_revoked", "撤销假释"
    IMPRISONED = "imprisoned", "暂予监外执行收监执行"
    DEATH = "death", "死亡"


# 第四十四条: these reasons 解除 the correction; every other reason 终止 it (第四十五条).
DISCHARGE_REASONS = (EndReason.EXPIRY, EndReason.PARDON)


# --- 调查评估 (社区矫正法 第十八条) -------------------------------------------------------------------------------


class CommissioningBody(models.TextChoices):
    """委托调查评估的机关类别: the 社区矫正决定机关 (人民法院、公安机关、监狱管理机关) and, at review of prosecution, the
    人民检察院 (社区矫正法 第十八条; 实施办法 第十三条 lists 人民法院、人民检察院、公安机关、监狱)."""

    COURT = "court", "人民法院"
    PROCURATORATE = "procuratorate", "人民检察院"
    POLICE = "police", "公安机关"
    PRISON = "prison", "监狱"


class InvestigationStatus(models.TextChoices):
    """调查评估的办理状态: investigating until the 调查评估意见书 is issued; then 备案 with the county 社区矫正机构, which
    accepts it or sends it back for rework."""

    INVESTIGATING = "investigating", "调查中"
    ISSUED = "issued", "已出具意见"
    SUBMITTED = "submitted", "已报备案"
    RETURNED = "returned", "备案退回"
    FILED = "filed", "已备案"


class Opinion(models.TextChoices):
    """评估意见 of the 调查评估意见书."""

    SUITABLE = "suitable", "适宜社区矫正"
    UNSUITABLE = "unsuitable", "不适宜社区矫正"


class IntervieweeKind(models.TextChoices):
    """调查走访的对象: the content the 2012 办法 第四条 lists and 社区矫正法 第十八条 carries on — the person, family,
    the residents' or villagers' committee, the victim, the employer or school, neighbours."""

    SELF = "self", "被调查人本人"
    FAMILY = "family", "家庭成员"
    COMMITTEE = "committee", "村（居）民委员会"
    VICTIM = "victim", "被害人"
    EMPLOYER = "employer", "所在单位或学校"
    NEIGHBOUR = "neighbour", "邻居"
    POLICE = "police", "公安派出所"
    OTHER = "other", "其他"


# --- 交付与接收 (社区矫正法 第二十条至第二十五条) --------------------------------------------------------------------


class ArrivalStatus(models.TextChoices):
    """待接收记录的状态: opened by the decision organ's notice (第二十条), closed by reception, or marked 漏管 when the
    person has not reported and cannot be found."""

    EXPECTED = "expected", "待报到"
    RECEIVED = "received", "已接收"
    MISSING = "missing", "漏管"


class TemporaryOutsideReason(models.TextChoices):
    """暂予监外执行的情形 (刑事诉讼法 第二百六十五条)."""

    ILLNESS = "illness", "有严重疾病需要保外就医"
    PREGNANT = "pregnant", "怀孕或者正在哺乳自己婴儿的妇女"
    DISABLED = "disabled", "生活不能自理"


class TeamRole(models.TextChoices):
    """矫正小组成员的身份 (社区矫正法 第二十五条第二款)."""

    OFFICE = "office", "司法所工作人员"
    COMMITTEE = "committee", "村（居）民委员会人员"
    GUARDIAN = "guardian", "监护人"
    FAMILY = "family", "家庭成员"
    EMPLOYER = "employer", "所在单位或就读学校人员"
    SOCIAL_WORKER = "social_worker", "社会工作者"
    VOLUNTEER = "volunteer", "志愿者"
