"""Work-ledger event types of 法律援助 (the office's part: receiving and forwarding applications). The codes are those
the 2026 千分制 standard already names (I07 法律援助申请受理转交, N11 法律援助转交超期)."""

from core.ledger import ClockKind, EventType

EVENT_TYPES = [
    EventType("legal_aid.application_received", "接收法律援助申请", "legalaid"),
    EventType("legal_aid.application_forwarded", "转交法律援助申请", "legalaid"),
    EventType("legal_aid.application_not_accepted", "不予受理法律援助申请", "legalaid"),
    EventType("legal_aid.forward_overdue", "法律援助申请超期未转交", "legalaid"),
]

CLOCKS = [
    ClockKind("legalaid.forward", "转交法律援助申请", ("legalaid.services.application_forward",
                                                   "legalaid.services.application_not_accept"),
              basis="法律援助法 第四十三条"),
]

# A forwarding clock that runs out writes this entry once (负面清单 N11 counts it).
OVERDUE_EVENTS = {"legalaid.forward": "legal_aid.forward_overdue"}
