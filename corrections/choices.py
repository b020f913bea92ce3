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
