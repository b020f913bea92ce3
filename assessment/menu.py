from core.menu import MenuItem

MENU = [
    MenuItem("考核", "得分排名", "assessment:ranking", perm="assessment.view_manualscore", icon="bi-trophy", order=10),
    MenuItem("考核", "考核标准", "assessment:standard_list", perm="assessment.view_standard", icon="bi-list-check", order=20),
]
