from core.menu import MenuItem

MENU = [
    MenuItem("业务办理", "社区矫正", "corrections:subject_list", perm="corrections.view_subject", icon="bi-shield-check", order=30),
]
