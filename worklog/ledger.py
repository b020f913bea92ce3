from core.ledger import EventType

EVENT_TYPES = [
    EventType("worklog.manual", "手工填报工作", "worklog", unit="项"),
    EventType("worklog.confirmed", "确认当日工作日志", "worklog", unit="天", in_log=False),
]

# A typical 司法所's daily volume of this work, for the simulated ledger history of the benchmarks (core.demo.history_mix):
# (event type, expected count per office per working day, quantity range).
HISTORY_MIX = [
    ("worklog.confirmed", 0.9, (1, 1)),
]
