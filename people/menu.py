from core.menu import MenuItem

MENU = [MenuItem("基础信息", "人员信息库", "people:list", perm="people.view_person", icon="bi-people", order=10)]
