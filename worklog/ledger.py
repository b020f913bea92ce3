from core.ledger import EventType

EVENT_TYPES = [
    EventType("worklog.manual", "手工填报工作", "worklog", unit="项"),
    EventType("worklog.confirmed", "确认当日工作日志", "worklog", unit="天"),
]
