"""Work-ledger event types of 预警督办: what the bureau and the office did in the 督办 loop."""

from core.ledger import ClockKind, EventType

EVENT_TYPES = [
    EventType("supervision.item_issued", "下发督办事项", "supervision", description="县（市）局向司法所下发督办函、整改通知书等"),
    EventType("supervision.item_received", "签收督办事项", "supervision"),
    EventType("supervision.item_rectified", "报送整改反馈", "supervision"),
    EventType("supervision.item_returned", "退回整改反馈", "supervision"),
    EventType("supervision.item_verified", "督办事项核查销号", "supervision"),
    EventType("supervision.rectify_overdue", "督办事项逾期未反馈", "supervision", description="负面清单可计此项"),
]

CLOCKS = [ClockKind("supervision.rectify", "督办整改", ("supervision.services.item_rectify",))]

# The rectification clock that runs out enters the ledger once (a 负面清单 item may count it).
OVERDUE_EVENTS = {"supervision.rectify": "supervision.rectify_overdue"}
