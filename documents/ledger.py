from core.ledger import EventType

EVENT_TYPES = [
    EventType("documents.document_generated", "制作文书", "documents", unit="份"),
]
