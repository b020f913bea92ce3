"""Work-ledger event types of 法律援助: the office's part (receiving and forwarding applications; the codes the 2026
千分制 standard already names: I07 法律援助申请受理转交, K10 法律援助案件办理, N11 法律援助转交超期) and the county
法律援助机构's (审查, 决定, 指派, 异议 under 法律援助法 第三十六条、第四十三条、第四十四条、第四十九条), and the aid case to its
结案 or 终止 (第四十八条、第五十条))."""

from core.ledger import ClockKind, EventType

EVENT_TYPES = [
    EventType("legal_aid.application_received", "接收法律援助申请", "legalaid"),
    EventType("legal_aid.application_forwarded", "转交法律援助申请", "legalaid"),
    EventType("legal_aid.application_not_accepted", "不予受理法律援助申请", "legalaid"),
    EventType("legal_aid.forward_overdue", "法律援助申请超期未转交", "legalaid"),
    # The 机构's queue.
    EventType("legal_aid.review_received", "法律援助机构收到申请", "legalaid"),
    EventType("legal_aid.notice_received", "收到通知辩护（代理）", "legalaid"),
    EventType("legal_aid.materials_requested", "一次性告知补充材料", "legalaid"),
    EventType("legal_aid.review_withdrawn", "未补充材料视为撤回", "legalaid"),
    EventType("legal_aid.advance_aid", "先行提供法律援助", "legalaid"),
    EventType("legal_aid.review_granted", "决定给予法律援助", "legalaid"),
    EventType("legal_aid.review_refused", "决定不予法律援助", "legalaid"),
    EventType("legal_aid.assigned", "指派法律援助人员", "legalaid"),
    EventType("legal_aid.objection_received", "收到法律援助异议", "legalaid"),
    EventType("legal_aid.objection_decided", "审查法律援助异议", "legalaid"),
    EventType("legal_aid.decision_overdue", "法律援助审查超期未决定", "legalaid"),
    EventType("legal_aid.assign_overdue", "法律援助超期未指派", "legalaid"),
    # 法律援助案件: 更换、办案进展、办结、结案、终止、评查、回访 (第四十八条、第五十条、第五十七条).
    EventType("legal_aid.provider_changed", "更换法律援助人员", "legalaid"),
    EventType("legal_aid.progress_reported", "法律援助办案进展", "legalaid"),
    EventType("legal_aid.case_ended", "法律援助事项办结", "legalaid"),
    EventType("legal_aid.case_closed", "法律援助案件结案", "legalaid"),
    EventType("legal_aid.case_terminated", "终止法律援助", "legalaid"),
    EventType("legal_aid.quality_reviewed", "法律援助案件质量评查", "legalaid"),
    EventType("legal_aid.recipient_visited", "回访法律援助受援人", "legalaid"),
    EventType("legal_aid.closing_overdue", "法律援助案件超期未结案", "legalaid"),
    # The forwarding office's share when aid is granted on its application (千分制 K10).
    EventType("legal_aid.case_assisted", "转交的申请获得法律援助", "legalaid"),
]

CLOCKS = [
    ClockKind("legalaid.forward", "转交法律援助申请", ("legalaid.services.application_forward",
                                                   "legalaid.services.application_not_accept"),
              basis="法律援助法 第四十三条"),
    ClockKind("legalaid.decide", "法律援助审查决定", ("legalaid.centre.review_decide",
                                                  "legalaid.centre.review_request_materials"),
              basis="法律援助法 第四十三条第一款"),
    ClockKind("legalaid.materials_reply", "申请人补充材料", ("legalaid.centre.review_materials_receive",
                                                        "legalaid.centre.reviews_withdraw_lapsed"),
              basis="法律援助法 第四十三条第二款"),
    ClockKind("legalaid.assign", "指派法律援助人员", ("legalaid.centre.review_assign",), basis="法律援助法 第三十六条、第四十三条"),
    ClockKind("legalaid.close", "法律援助案件结案", ("legalaid.cases.assignment_close", "legalaid.cases.assignment_terminate",
                                                  "legalaid.cases.assignment_change"), basis="法律援助法 第五十条"),
    ClockKind("legalaid.objection", "审查法律援助异议", ("legalaid.centre.review_objection_decide",), basis="法律援助法 第四十九条"),
]

# A clock that runs out writes this entry once (负面清单 N11 counts the office's forwarding).
OVERDUE_EVENTS = {
    "legalaid.forward": "legal_aid.forward_overdue",
    "legalaid.decide": "legal_aid.decision_overdue",
    "legalaid.assign": "legal_aid.assign_overdue",
    "legalaid.close": "legal_aid.closing_overdue",
}
# The applicant's window to supply materials is his act, not the 机构's work: when it runs out it lapses (and the
# daily task treats the application as withdrawn), it is never overdue work.
LAPSING_DEADLINES = ("legalaid.materials_reply",)
