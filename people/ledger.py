from core.ledger import ClockKind, EventType

EVENT_TYPES = [
    EventType("people.person_registered", "登记人员信息", "people", unit="人", in_log=False),
]

# 人员信息核对 (住址、联系电话): the check is done when the person's information is saved again.
CLOCKS = [ClockKind("people.info_check", "人员信息核对", ("people.services.person_update",))]

# A typical 司法所's daily volume of this work, for the simulated ledger history of the benchmarks (core.demo.history_mix):
# (event type, expected count per office per working day, quantity range).
HISTORY_MIX = [
    ("people.person_registered", 0.1, (1, 1)),
]
