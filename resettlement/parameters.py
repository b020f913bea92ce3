"""Admin-editable defaults of 安置帮教. The national texts leave these to provinces (UNCONFIRMED as national rules):
the values shipped here are the common local practice and an administrator changes them in 系统参数."""

from core.parameters import ParameterSpec

PERIOD_RELEASED = ParameterSpec("resettlement.period_years.released", 5, "刑满释放人员帮教期（年）",
                                "各地一致为释放后五年")
PERIOD_CORRECTION_ENDED = ParameterSpec("resettlement.period_years.correction_ended", 5, "解除社区矫正人员帮教期（年）",
                                        "各省不同（三年或五年），按本省规定设置")
HANDOVER_DAYS = ParameterSpec("resettlement.handover_days", 7, "释放后完成衔接的期限（日）",
                              "接到通知后通知家属接回，释放之日起该日数内完成衔接")
FIRST_VISIT_DAYS = ParameterSpec("resettlement.first_visit_days", 7, "返回后首次走访的期限（日）", "回归后七日内走访")
VISIT_DAYS_HIGH = ParameterSpec("resettlement.visit_days.high", 30, "高风险对象走访间隔（日）")
VISIT_DAYS_MEDIUM = ParameterSpec("resettlement.visit_days.medium", 60, "中风险对象走访间隔（日）")
VISIT_DAYS_LOW = ParameterSpec("resettlement.visit_days.low", 90, "低风险对象走访间隔（日）")

PARAMETERS = [PERIOD_RELEASED, PERIOD_CORRECTION_ENDED, HANDOVER_DAYS, FIRST_VISIT_DAYS, VISIT_DAYS_HIGH,
              VISIT_DAYS_MEDIUM, VISIT_DAYS_LOW]
# 协查: no text fixes the reply period (UNCONFIRMED); ten working days is a default an administrator changes.
ASSIST_REPLY_DAYS = ParameterSpec("resettlement.assist_reply_days", 10, "协查回复期限（工作日）",
                                  "未衔接或下落不明人员的协查，接收单位在该工作日数内回复（本地做法，未经全国统一）")

PARAMETERS.append(ASSIST_REPLY_DAYS)
