"""Work-ledger event types and clocks of 代收代办: 行政复议申请 received and forwarded by the office (a 代收点; the
forwarding period is a local work requirement, UNCONFIRMED, see ``agency.models.ForwardingRule``), the 复议机构's
acceptance and decision as the office learns them, and the 公证/仲裁 matters it takes in and passes on."""

from core.ledger import ClockKind, EventType

EVENT_TYPES = [
    EventType("agency.review_received", "代收行政复议申请", "agency"),
    EventType("agency.review_forwarded", "转交行政复议申请", "agency"),
    EventType("agency.review_outcome", "登记行政复议受理或决定结果", "agency", in_log=False),
    EventType("agency.review_forward_overdue", "行政复议申请超期未转交", "agency"),
    EventType("agency.case_received", "受托公证仲裁代办", "agency"),
    EventType("agency.case_forwarded", "转交公证仲裁代办事项", "agency"),
    EventType("agency.case_result", "登记公证仲裁代办结果", "agency", in_log=False),
    EventType("agency.case_forward_overdue", "公证仲裁代办超期未转交", "agency"),
]

CLOCKS = [
    ClockKind("agency.review_forward", "转交行政复议申请", ("agency.services.review_forward", "agency.services.review_withdraw"),
              basis="本地工作要求（未确认）；申请期限为知道行政行为之日起六十日（行政复议法 第二十条）"),
    ClockKind("agency.case_forward", "转交公证仲裁代办事项", ("agency.services.case_forward", "agency.services.case_result"),
              basis="本地工作要求（未确认）"),
]

OVERDUE_EVENTS = {
    "agency.review_forward": "agency.review_forward_overdue",
    "agency.case_forward": "agency.case_forward_overdue",
}

# A typical 司法所's volume of this work per working day, for the simulated ledger history of the benchmarks.
HISTORY_MIX = [
    ("agency.review_received", 0.02, (1, 1)),
    ("agency.case_received", 0.05, (1, 1)),
]
