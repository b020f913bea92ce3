from core.menu import MenuItem

MENU = [
    MenuItem("业务办理", "社区矫正", "corrections:subject_list", perm="corrections.view_subject", icon="bi-shield-check", order=30),
    MenuItem("业务办理", "矫正方案台账", "corrections:plan_list", perm="corrections.view_correctionplan", icon="bi-journal-check", order=31),
    MenuItem("业务办理", "等级调整建议", "corrections:proposal_list", perm="corrections.view_regradeproposal", icon="bi-arrow-down-up",
             order=32),
    MenuItem("统计分析", "分级预测效果", "corrections:validation_report", perm="corrections.view_riskassessment", icon="bi-graph-up",
             order=60),
]

MENU += [
    MenuItem("业务办理", "调查评估", "corrections:investigation_list", perm="corrections.view_investigation",
             icon="bi-clipboard-check", order=31),
    MenuItem("业务办理", "待接收矫正对象", "corrections:arrival_list", perm="corrections.view_expectedarrival",
             icon="bi-person-down", order=32),
]

# --- 日常监管 -------------------------------------------------------------------------------------------------------
MENU += [
    MenuItem("业务办理", "矫正履行事项", "corrections:obligation_list", perm="corrections.view_obligation", icon="bi-calendar-check", order=31),
    MenuItem("业务办理", "外出会客迁居", "corrections:request_list", perm="corrections.view_subjectrequest", icon="bi-signpost", order=32),
    MenuItem("业务办理", "电子定位", "corrections:monitoring_list", perm="corrections.view_monitoring", icon="bi-geo-alt", order=33),
    MenuItem("业务办理", "脱管", "corrections:abscond_list", perm="corrections.view_abscond", icon="bi-person-x", order=34),
    MenuItem("业务办理", "考核奖惩", "corrections:sanction_list", perm="corrections.view_sanction", icon="bi-award", order=35),
]
MENU += [
    MenuItem("业务办理", "重新违法犯罪", "corrections:reoffence_list", perm="corrections.view_reoffence", icon="bi-exclamation-octagon",
             order=36),
    MenuItem("业务办理", "变更执行地", "corrections:transfer_list", perm="corrections.view_transfer", icon="bi-arrow-left-right", order=36),
]
