from core.menu import MenuItem

MENU = [
    MenuItem("数据驾驶舱", "数据驾驶舱", "dashboard:home", perm="dashboard.view_monthlyrollup", icon="bi-speedometer2", order=1),
    MenuItem("系统管理", "重建汇总", "dashboard:rollups_rebuild", perm="dashboard.rebuild_rollups", icon="bi-arrow-repeat", order=60),
]
