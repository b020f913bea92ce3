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

# --- 调查评估, 交付接收, 解除终止 -------------------------------------------------------------------------------
# The codes ``investigation.completed`` and ``investigation.overdue`` are the ones the 2026 考核标准 names for K05
# (社区矫正调查评估) and N02 (调查评估超期); ``corrections.file_created`` is B12 (档案建立), ``corrections.absconded`` N01.
CLOCKS += [
    # 社区矫正法 第十八条、实施办法 第十四条: ten working days (five under 速裁) to issue the opinion.
    ClockKind("corrections.investigation", "调查评估期限", ("corrections.investigations.investigation_issue",),
              basis="社区矫正法 第十八条；实施办法 第十四条"),
    # 社区矫正法 第二十一条: report within ten days of the judgment taking effect; reception or 漏管 closes the wait.
    ClockKind("corrections.arrival", "应报到期限", ("corrections.services.subject_receive", "corrections.reception.arrival_mark_missing"),
              basis="社区矫正法 第二十一条"),
]

OVERDUE_EVENTS = {"corrections.investigation": "investigation.overdue"}

EVENT_TYPES += [
    EventType("investigation.received", "登记调查评估委托", "corrections"),
    EventType("investigation.completed", "完成调查评估（出具意见书）", "corrections"),
    EventType("investigation.overdue", "调查评估超期", "corrections",
              description="调查评估期限届满仍未出具意见书（考核 N02 扣分）"),
    EventType("investigation.filed", "调查评估意见书备案", "corrections"),
    EventType("corrections.arrival_noticed", "收到社区矫正对象交付通知", "corrections", unit="人"),
    EventType("corrections.file_created", "建立社区矫正对象档案", "corrections", unit="人"),
    EventType("corrections.absconded", "社区矫正对象脱管、漏管", "corrections", unit="人"),
    EventType("corrections.announced", "入矫宣告", "corrections", unit="人"),
    EventType("corrections.team_formed", "确定矫正小组", "corrections", unit="人"),
    EventType("corrections.appraised", "期满鉴定与安置帮教交接", "corrections", unit="人"),
]
