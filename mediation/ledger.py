"""Work-ledger event types of 人民调解; the daily log, the score and the statistics count these."""

from core.ledger import ClockKind, EventType

EVENT_TYPES = [
    EventType("mediation.dispute_registered", "登记矛盾纠纷", "mediation"),
    EventType("mediation.dispute_accepted", "受理矛盾纠纷", "mediation"),
    EventType("mediation.dispute_rejected", "不予受理矛盾纠纷", "mediation"),
    EventType("mediation.investigation", "调查核实纠纷", "mediation", unit="次"),
    EventType("mediation.session", "主持调解", "mediation", unit="次"),
    EventType("mediation.dispute_escalated", "纠纷升级调处", "mediation"),
    EventType("mediation.joint_mediation", "组织联合调解", "mediation"),
    EventType("mediation.risk_reported", "防止民转刑报告公安", "mediation"),
    EventType("mediation.agreement_written", "达成书面调解协议", "mediation"),
    EventType("mediation.agreement_oral", "达成口头调解协议", "mediation"),
    EventType("mediation.dispute_failed", "调解不成终止调解", "mediation"),
    EventType("mediation.settled_amount", "调解协议涉及金额", "mediation", unit="元"),
    EventType("mediation.followup", "调解回访", "mediation", unit="次"),
    EventType("mediation.dispute_closed", "调解结案", "mediation"),
    EventType("mediation.dispute_archived", "调解卷宗归档", "mediation"),
    EventType("mediation.confirmation_applied", "引导当事人申请司法确认", "mediation"),
    EventType("mediation.grid_lead_accepted", "受理网格员上报的纠纷线索", "mediation"),
    EventType("mediation.group_settled", "调解成功群体性纠纷（防止群体性上访）", "mediation"),
    EventType("mediation.overdue", "纠纷超过一个月未调结", "mediation"),
    EventType("mediation.mediator_trained", "人民调解员业务培训", "mediation", unit="学时"),
]

# The clocks a dispute opens and the services whose transition closes each; 结案 closes whatever is still open.
CLOCKS = [
    ClockKind("mediation.conclude", "一个月内调结", ("mediation.services.agreement_make", "mediation.services.dispute_fail"),
              basis="本地工作要求：受理后一个月内调结"),
    ClockKind("mediation.judicial_confirmation", "司法确认申请期", ("mediation.services.confirmation_record",
                                                               "mediation.services.dispute_close"),
              basis="人民调解法 第三十三条"),
    ClockKind("mediation.performance", "履行期限", ("mediation.services.performance_record",
                                                "mediation.services.performance_unperformed_record",
                                                "mediation.services.followup_record", "mediation.services.dispute_close"),
              basis="人民调解法 第三十一条"),
    ClockKind("mediation.followup", "回访到期", ("mediation.services.followup_record", "mediation.services.dispute_close")),
]

# A clock of this kind that runs out writes this ledger entry once (负面清单 counts it).
OVERDUE_EVENTS = {"mediation.conclude": "mediation.overdue"}
# Clocks that are the parties' window, not the office's duty: the 30 days to apply for 司法确认 (人民调解法 第三十三条)
# lapse when they run out unused — the parties may still sue (第三十二条), nothing is overdue for the 调委会.
LAPSING_DEADLINES = {"mediation.judicial_confirmation"}

# A typical 司法所's daily volume of this work, for the simulated ledger history of the benchmarks (core.demo.history_mix):
# (event type, expected count per office per working day, quantity range).
HISTORY_MIX = [
    ("mediation.dispute_registered", 0.12, (1, 1)),
    ("mediation.dispute_accepted", 0.11, (1, 1)),
    ("mediation.investigation", 0.08, (1, 1)),
    ("mediation.session", 0.15, (1, 1)),
    ("mediation.agreement_written", 0.07, (1, 1)),
    ("mediation.agreement_oral", 0.04, (1, 1)),
    ("mediation.settled_amount", 0.07, (2000, 80000)),
    ("mediation.followup", 0.06, (1, 1)),
    ("mediation.dispute_closed", 0.1, (1, 1)),
]
