from core.menu import MenuItem

MENU = [
    MenuItem("工作台", "工作日志", "worklog:today", perm="worklog.add_worklog", icon="bi-journal-check", order=3),
    MenuItem("工作台", "日志审阅", "worklog:review_list", perm="worklog.review_worklog", icon="bi-clipboard-check", order=4),
    MenuItem("统计分析", "日志完成率", "worklog:completion", perm="worklog.view_worklog", icon="bi-bar-chart", order=20),
]
