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
