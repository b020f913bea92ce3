from core.menu import MenuItem

MENU = [
    MenuItem("统计分析", "预警中心", "supervision:warning_list", perm="supervision.view_earlywarning", icon="bi-exclamation-triangle", order=30),
    MenuItem("统计分析", "督办事项", "supervision:item_list", perm="supervision.view_supervisionitem", icon="bi-flag", order=31),
    MenuItem("统计分析", "统计报告", "supervision:report_list", perm="supervision.view_periodreport", icon="bi-file-earmark-bar-graph", order=32),
    MenuItem("统计分析", "预警规则", "supervision:rule_list", perm="supervision.view_earlywarning", icon="bi-sliders", order=33),
]
