"""Fixed enumerations of 预警督办: warning levels, the life cycle of a warning and of a 督办事项."""

from django.db import models


class Level(models.TextChoices):
    """预警等级: 红色 (严重), 橙色 (较重), 黄色 (一般)."""

    RED = "red", "红色预警"
    ORANGE = "orange", "橙色预警"
    YELLOW = "yellow", "黄色预警"


LEVEL_ORDER = {Level.RED: 0, Level.ORANGE: 1, Level.YELLOW: 2}


class WarningStatus(models.TextChoices):
    OPEN = "open", "未关闭"
    CLOSED = "closed", "已关闭"


class ItemStatus(models.TextChoices):
    """督办事项: 下发 → 签收 → 整改反馈 → 核查销号 (or 退回重新整改, back to 整改中)."""

    ISSUED = "issued", "待签收"
    RECEIVED = "received", "整改中"
    RECTIFIED = "rectified", "待核查"
    VERIFIED = "verified", "已销号"


class IssueDocument(models.TextChoices):
    """The document a 督办事项 is issued with (两函、三单 and two of the 三书)."""

    TIP = "supervision_tip", "提示函"
    LETTER = "supervision_letter", "督办函"
    PROBLEMS = "supervision_problems", "问题清单"
    ASSIGN = "supervision_assign", "交办单"
    RECTIFY = "supervision_rectify", "整改通知书"
    INTERVIEW = "supervision_interview", "约谈通知书"


class StepKind(models.TextChoices):
    ISSUED = "issued", "下发督办"
    RECEIVED = "received", "签收"
    RECTIFIED = "rectified", "提交整改反馈"
    RETURNED = "returned", "退回重新整改"
    VERIFIED = "verified", "核查销号"
