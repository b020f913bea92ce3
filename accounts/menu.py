from core.menu import MenuItem

MENU = [
    MenuItem("系统管理", "用户管理", "accounts:users", perm="accounts.view_user", icon="bi-person-gear", order=10),
    MenuItem("系统管理", "角色管理", "accounts:roles", perm="accounts.view_role", icon="bi-shield-lock", order=20),
    MenuItem("系统管理", "登录日志", "accounts:login_log", perm="accounts.view_loginlog", icon="bi-box-arrow-in-right", order=55),
    MenuItem("系统管理", "码表与节假日", "admin:core_dicttype_changelist", perm="core.change_dictitem", icon="bi-list-ul", order=60),
]
