"""Work-ledger event types of 社区矫正; the daily log, the 千分制 score and the dashboards count these.

``corrections.intake`` is the code the 2026 考核标准 already names for 社区矫正报到登记制度 (item I04), so a
received subject scores from the day the module is installed."""

from core.ledger import ClockKind, EventType

# 社区矫正法 第四十四条、第四十五条: the term's clock closes when the subject is 解除 or 终止.
CLOCKS = [ClockKind("corrections.discharge", "矫正期满解除", ("corrections.services.subject_release",), basis="社区矫正法 第四十四条")]

EVENT_TYPES = [
    # 社区矫正法 第二十二条: 核对法律文书、核实身份、办理接收登记、建立档案.
    EventType("corrections.intake", "接收社区矫正对象报到", "corrections", unit="人"),
    # 社区矫正法 第四十四条、第四十五条: 解除 (期满、赦免) or 终止 (撤销缓刑、假释，收监执行，死亡).
    EventType("corrections.release", "解除、终止社区矫正", "corrections", unit="人"),
]
