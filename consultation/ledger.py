"""Work-ledger event types of 法律咨询; the daily log, the score and the statistics count these."""

from core.ledger import EventType

EVENT_TYPES = [
    EventType("consultation.recorded", "解答法律咨询", "consultation", unit="人次"),
    EventType("consultation.converted_to_dispute", "法律咨询转为矛盾纠纷", "consultation"),
]

# A typical 司法所's daily volume of this work, for the simulated ledger history of the benchmarks (core.demo.history_mix):
# (event type, expected count per office per working day, quantity range).
HISTORY_MIX = [
    ("consultation.recorded", 0.25, (1, 1)),
]
