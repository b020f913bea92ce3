from core.menu import MenuItem

MENU = [
    MenuItem("统计报表", "统计报表", "reports:index", perm="core.view_workevent", icon="bi-file-earmark-spreadsheet", order=1),
]
