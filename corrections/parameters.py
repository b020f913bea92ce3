"""Administrator-editable working rules of 社区矫正 (figures the research marks UNCONFIRMED are defaults here)."""

from core.parameters import ParameterSpec

INVESTIGATION_DAYS = ParameterSpec(
    "corrections.investigation_days", 10, "调查评估期限（工作日）",
    "社区矫正法实施办法 第十四条：收到委托函及所附材料之日起十个工作日内完成（原文未核实，默认值）",
)
FAST_TRACK_DAYS = ParameterSpec(
    "corrections.investigation_fast_track_days", 5, "速裁案件调查评估期限（工作日）",
    "社区矫正法实施办法 第十四条：适用速裁程序的，五个工作日内完成（原文未核实，默认值）",
)
