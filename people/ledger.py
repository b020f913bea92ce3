from core.ledger import EventType

EVENT_TYPES = [
    EventType("people.person_registered", "登记人员信息", "people", unit="人"),
]
