"""Fixed enumerations of 安置帮教 (刑满释放人员安置帮教工作, 中办发〔2010〕5号 and the 衔接 rules of 综治委〔1999〕5号)."""

from django.db import models


class Category(models.TextChoices):
    """帮教对象类别: people released from prison, and people whose 社区矫正 ended (their 帮教期 differs by province)."""

    RELEASED = "released", "刑满释放人员"
    CORRECTION_ENDED = "correction_ended", "解除社区矫正人员"


class Status(models.TextChoices):
    """帮教状态: 待衔接 from the prison's notice until the person is received; 帮教中 through the 帮教期; then ended."""

    PENDING = "pending", "待衔接"
    ACTIVE = "active", "帮教中"
    ENDED = "ended", "帮教结束"


class HandoverMethod(models.TextChoices):
    """衔接方式. 重点帮教对象 are collected at the prison gate by the local side (必接必送)."""

    COLLECTED = "collected", "接回（必接必送）"
    FAMILY = "family", "家属接回"
    SELF = "self", "自行返回"
    # 解除社区矫正: the executing office hands the person over to 安置帮教 (实施办法 第五十三条, UNCONFIRMED wording).
    TRANSFER = "transfer", "解除社区矫正移交"


class RiskLevel(models.TextChoices):
    """风险等级 (分类帮教): re-assessed every six months; 高 → 重点管控, 中 → 一般帮教, 低 → 情况必知、登记备查."""

    HIGH = "high", "高风险"
    MEDIUM = "medium", "中风险"
    LOW = "low", "低风险"


class EndReason(models.TextChoices):
    """帮教结束的原因. 重新犯罪 feeds 重新犯罪率; the period also ends on death or moving away."""

    EXPIRED = "expired", "帮教期满"
    REOFFENDED = "reoffended", "重新犯罪"
    DIED = "died", "死亡"
    MOVED = "moved", "迁出本辖区"


class VisitKind(models.TextChoices):
    HOME = "home", "入户走访"
    TALK = "talk", "约见谈话"
    PHONE = "phone", "电话联系"


class AssistanceKind(models.TextChoices):
    """安置帮扶的种类 (安置: 就业、低保、住房、技能培训、医疗保险)."""

    EMPLOYMENT = "employment", "就业安置"
    SUBSISTENCE = "subsistence", "纳入低保"
    HOUSING = "housing", "住房帮扶"
    TRAINING = "training", "技能培训"
    INSURANCE = "insurance", "医疗保险"
    OTHER = "other", "其他帮扶"


# 安置: these kinds place the person (安置率's numerator); training and other help are 帮扶 without placement.
PLACING_KINDS = (AssistanceKind.EMPLOYMENT, AssistanceKind.SUBSISTENCE, AssistanceKind.HOUSING, AssistanceKind.INSURANCE)


class GroupRole(models.TextChoices):
    """帮教小组成员的身份: office staff, village cadre, family, volunteers (and the police for 重点帮教对象)."""

    STAFF = "staff", "司法所工作人员"
    CADRE = "cadre", "村（居）干部"
    FAMILY = "family", "家庭成员"
    POLICE = "police", "社区民警"
    VOLUNTEER = "volunteer", "志愿者"


class AssistReason(models.TextChoices):
    """协查的起因 (2015 安置帮教工作要点: 协查通报 for people out of contact): released but never received (未衔接), or
    lost after the 衔接 (下落不明)."""

    NOT_RECEIVED = "not_received", "未衔接"
    MISSING = "missing", "下落不明"


class AssistStatus(models.TextChoices):
    OPEN = "open", "待回复"
    ANSWERED = "answered", "已回复"


class AssistResult(models.TextChoices):
    FOUND = "found", "已查到"
    NOT_FOUND = "not_found", "未查到"


class PointsKind(models.TextChoices):
    """积分: points earned by taking part (学习、公益活动、按时报告) and spent on support items (兑换帮扶物品、服务)."""

    EARN = "earn", "加分"
    REDEEM = "redeem", "兑换"
