"""Work-ledger event types of 社区矫正; the daily log, the 千分制 score and the dashboards count these.

``corrections.intake`` is the code the 2026 考核标准 already names for 社区矫正报到登记制度 (item I04), so a
received subject scores from the day the module is installed."""

from core.ledger import ClockKind, EventType

# 社区矫正法 第四十四条、第四十五条: the term's clock closes when the subject is 解除 or 终止.
CLOCKS = [ClockKind("corrections.discharge", "矫正期满解除", ("corrections.services.subject_release",), basis="社区矫正法 第四十四条")]

EVENT_TYPES = [
    # 社区矫正法 第二十二条: 核对法律文书、核实身份、办理接收登记、建立档案.
    EventType("corrections.intake", "接收社区矫正对象报到", "corrections", unit="人"),
    # 社区矫正法 第四十四条、第四十五条: 解除 (期满、赦免) or 终止 (撤销缓刑、假释，收监执行，死亡).
    EventType("corrections.release", "解除、终止社区矫正", "corrections", unit="人"),
    # 分类管理、个别化矫正 (社区矫正法 第三条、第二十四条): 风险需求评估, 确定或调整管理等级, 审批矫正方案.
    EventType("corrections.assessment", "社区矫正对象风险需求评估", "corrections", unit="人次"),
    # The 2026 考核标准 names 社区矫正对象分类管理 (K08) ``corrections.classified``.
    EventType("corrections.classified", "确定、调整社区矫正管理等级（分类管理）", "corrections", unit="人次"),
    EventType("corrections.plan_approved", "审批社区矫正方案", "corrections", unit="份"),
]

# --- 调查评估, 交付接收, 解除终止 -------------------------------------------------------------------------------
# The codes ``investigation.completed`` and ``investigation.overdue`` are the ones the 2026 考核标准 names for K05
# (社区矫正调查评估) and N02 (调查评估超期); ``corrections.file_created`` is B12 (档案建立), ``corrections.absconded`` N01.
CLOCKS += [
    # 社区矫正法 第十八条、实施办法 第十四条: ten working days (five under 速裁) to issue the opinion.
    ClockKind("corrections.investigation", "调查评估期限", ("corrections.investigations.investigation_issue",),
              basis="社区矫正法 第十八条；实施办法 第十四条"),
    # 社区矫正法 第二十一条: report within ten days of the judgment taking effect; reception or 漏管 closes the wait.
    ClockKind("corrections.arrival", "应报到期限", ("corrections.services.subject_receive", "corrections.reception.arrival_mark_missing"),
              basis="社区矫正法 第二十一条"),
]

OVERDUE_EVENTS = {"corrections.investigation": "investigation.overdue"}

EVENT_TYPES += [
    EventType("investigation.received", "登记调查评估委托", "corrections"),
    EventType("investigation.completed", "完成调查评估（出具意见书）", "corrections"),
    EventType("investigation.overdue", "调查评估超期", "corrections",
              description="调查评估期限届满仍未出具意见书（考核 N02 扣分）"),
    EventType("investigation.filed", "调查评估意见书备案", "corrections"),
    EventType("corrections.arrival_noticed", "收到社区矫正对象交付通知", "corrections", unit="人"),
    EventType("corrections.file_created", "建立社区矫正对象档案", "corrections", unit="人"),
    EventType("corrections.absconded", "社区矫正对象脱管、漏管", "corrections", unit="人"),
    EventType("corrections.announced", "入矫宣告", "corrections", unit="人"),
    EventType("corrections.team_formed", "确定矫正小组", "corrections", unit="人"),
    EventType("corrections.appraised", "期满鉴定与安置帮教交接", "corrections", unit="人"),
]

# --- 日常监管: obligations, requests, 电子定位, 脱管, 考核奖惩 (corrections/duties.py) -----------------------------------
EVENT_TYPES += [
    # 社区矫正法 第二十三条、第二十六条: the subject's own 报到 and 信息化核查 check-ins and written reports.
    EventType("corrections.checkin", "社区矫正对象签到（报到、信息化核查）", "corrections", unit="次"),
    EventType("corrections.report", "社区矫正对象书面报告", "corrections", unit="次"),
    # 第二十六条、第三十六条、第四十二条: talks, visits, checks, education and 公益活动 recorded by the officer.
    EventType("corrections.measure", "落实矫正措施（报到、书面报告、病情复查等）", "corrections", unit="次"),
    EventType("corrections.visit", "社区矫正走访", "corrections", unit="次"),
    EventType("corrections.education", "社区矫正对象教育学习", "corrections", unit="次"),
    EventType("corrections.community_service", "社区矫正对象公益活动", "corrections", unit="次"),
    EventType("corrections.location_check", "社区矫正信息化核查", "corrections", unit="次"),
    EventType("corrections.interview", "社区矫正个别谈话", "corrections", unit="次"),
    EventType("corrections.missed", "社区矫正对象未按期履行", "corrections", unit="项"),
    EventType("corrections.review", "社区矫正对象月度、季度考核", "corrections", unit="人次"),
    # 第二十七条: 外出、会客、迁居 approvals and 变更执行地.
    EventType("corrections.leave", "审批外出、会客、迁居申请", "corrections"),
    # Counted by the office of the old place when it hands the subject over (corrections.transfers.transfer_handover).
    EventType("corrections.transfer", "变更执行地（移交新执行地）", "corrections", unit="人"),
    # 第二十九条: 电子定位 (each start and renewal) and the alerts of the positioning system.
    EventType("corrections.monitoring", "使用电子定位装置（含延长）", "corrections", unit="人次"),
    EventType("corrections.location_alert", "电子定位报警", "corrections", unit="次"),
    # 第三十条: 脱管 and its end.
    EventType("corrections.abscond", "社区矫正对象脱管", "corrections", unit="人次"),
    EventType("corrections.abscond_found", "查找到脱管社区矫正对象", "corrections", unit="人次"),
    # 第二十八条: 考核奖惩.
    EventType("corrections.praise", "社区矫正对象表扬", "corrections", unit="人次"),
    EventType("corrections.admonition", "社区矫正对象训诫", "corrections", unit="人次"),
    EventType("corrections.warning", "社区矫正对象警告", "corrections", unit="人次"),
    EventType("corrections.penalty_proposal", "提请治安管理处罚", "corrections", unit="人次"),
    EventType("corrections.revocation_proposal", "提请撤销缓刑、假释或收监执行", "corrections", unit="人次"),
]

CLOCKS += [
    ClockKind("corrections.request_decide", "外出、会客、迁居申请审批", ("corrections.duties.request_decide",),
              basis="社区矫正法 第二十七条"),
    ClockKind("corrections.request_return", "外出返回销假", ("corrections.duties.request_return",), basis="实施办法（条文号待核）"),
    ClockKind("corrections.monitoring_end", "电子定位期满", ("corrections.duties.monitoring_end", "corrections.duties.monitoring_renew"),
              basis="社区矫正法 第二十九条第二款"),
    ClockKind("corrections.abscond_search", "脱管查找", ("corrections.duties.abscond_found",), basis="社区矫正法 第三十条"),
]

# --- 重新违法犯罪 and 变更执行地 (corrections/reoffences.py, corrections/transfers.py) ------------------------------------
EVENT_TYPES += [
    # The code the 2026 考核标准 names for N03 (社区矫正对象重新违法犯罪, deducted per case).
    EventType("corrections.reoffended", "社区矫正对象重新违法犯罪", "corrections", unit="人次",
              description="矫正期间发现社区矫正对象重新违法或犯罪（考核 N03 扣分）"),
    # 社区矫正法 第二十七条第二款: the office of the new place registers the subject who reported there.
    EventType("corrections.transfer_in", "变更执行地接收报到", "corrections", unit="人"),
]

CLOCKS += [
    # 实施办法 第三十一条: report at the new place within seven days of receiving the decision to change it.
    ClockKind("corrections.transfer_report", "变更执行地报到期限",
              ("corrections.transfers.transfer_report", "corrections.services.subject_release"),
              basis="社区矫正法 第二十七条第二款；实施办法 第三十一条"),
    # 实施办法 第三十条 (as usually quoted): the file goes to the new place within five days of the decision.
    ClockKind("corrections.transfer_handover", "变更执行地移交档案期限",
              ("corrections.transfers.transfer_handover", "corrections.transfers.transfer_cancel",
               "corrections.services.subject_release"),
              basis="社区矫正法 第二十七条第二款；实施办法 第三十条"),
]
