from core.ledger import EventType

EVENT_TYPES = [
    EventType("people.person_registered", "登记人员信息", "people", unit="人"),
]

# A typical 司法所's daily volume of this work, for the simulated ledger history of the benchmarks (core.demo.history_mix):
# (event type, expected count per office per working day, quantity range).
HISTORY_MIX = [
    ("people.person_registered", 0.1, (1, 1)),
]
