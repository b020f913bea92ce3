from core.ledger import EventType

EVENT_TYPES = [
    EventType("documents.document_generated", "制作文书", "documents", unit="份"),
]

# A typical 司法所's daily volume of this work, for the simulated ledger history of the benchmarks (core.demo.history_mix):
# (event type, expected count per office per working day, quantity range).
HISTORY_MIX = [
    ("documents.document_generated", 0.2, (1, 1)),
]
