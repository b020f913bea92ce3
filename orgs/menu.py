from core.menu import MenuItem

MENU = [MenuItem("系统管理", "机构管理", "orgs:list", perm="orgs.view_org", icon="bi-diagram-3", order=5)]
