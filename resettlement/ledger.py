"""Work-ledger event types and clocks of 安置帮教; the daily log, the 千分制 score and the dashboards count these.

The codes are those the 2026 考核标准 already names (B13 建档, I06 衔接, K09 帮扶, D09 走访, D16 排查, N04 漏管失控)."""

from core.ledger import ClockKind, EventType

S = "resettlement.services."

EVENT_TYPES = [
    # 综治委〔1999〕5号: the prison's 刑满释放人员通知书 reaches the county and the office one month before release.
    EventType("resettlement.notice", "登记刑满释放人员通知", "resettlement", unit="人"),
    EventType("resettlement.handover", "安置帮教衔接（接回、家属接回、自行返回）", "resettlement", unit="人"),
    EventType("resettlement.file_created", "建立安置帮教档案", "resettlement", unit="人"),
    EventType("resettlement.screening", "安置帮教对象风险评估（排查）", "resettlement", unit="人次"),
    EventType("resettlement.visit", "安置帮教走访", "resettlement", unit="次"),
    EventType("resettlement.assisted", "安置帮扶（就业、低保、住房、培训、医保）", "resettlement", unit="次"),
    EventType("resettlement.lost_contact", "安置帮教对象失联（漏管失控）", "resettlement", unit="人"),
    EventType("resettlement.reoffended", "安置帮教对象重新犯罪", "resettlement", unit="人"),
    # 协查通报 (2015 安置帮教工作要点): the request counts for the office that raises it, the reply for the one that answers.
    EventType("resettlement.assist_requested", "发出安置帮教协查", "resettlement", unit="件"),
    EventType("resettlement.assist_replied", "回复安置帮教协查", "resettlement", unit="件"),
    EventType("resettlement.points", "安置帮教积分（加分、兑换）", "resettlement", unit="次"),
    EventType("resettlement.ended", "安置帮教结束（期满、死亡、迁出、重新犯罪）", "resettlement", unit="人"),
]

CLOCKS = [
    ClockKind("resettlement.handover", "安置帮教衔接", (S + "handover_record", S + "released_end"),
              basis="综治委〔1999〕5号：接到通知后通知家属接回，重点帮教对象必接必送"),
    ClockKind("resettlement.visit", "安置帮教走访", (S + "visit_record", S + "released_end"),
              basis="回归后七日内走访，之后按风险等级定期走访（本地做法，期限可在系统参数中设置）"),
    ClockKind("resettlement.assist_reply", "安置帮教协查回复", (S + "assist_reply",),
              basis="协查通报：接收单位在规定工作日内回复（期限为本地做法，可在系统参数中设置）"),
    ClockKind("resettlement.period", "帮教期满", (S + "released_end",),
              basis="中办发〔2010〕5号：刑满释放人员帮教期为释放后五年"),
]
