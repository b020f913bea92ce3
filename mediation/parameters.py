"""Administrator-editable working rules of 人民调解."""

from core.parameters import ParameterSpec

CONCLUDE_MONTHS = ParameterSpec(
    "mediation.conclude_months", 1, "调解一般办结期限（月）", "人民调解工作若干规定 第三十三条：一般在一个月内调结"
)
FOLLOWUP_DAYS = ParameterSpec(
    "mediation.followup_days", 30, "达成协议后回访期限（日）", "各地做法不一（未经统一规定），默认协议生效后30日内回访"
)
