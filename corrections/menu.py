from core.menu import MenuItem

MENU = [
    MenuItem("业务办理", "社区矫正", "corrections:subject_list", perm="corrections.view_subject", icon="bi-shield-check", order=30),
]

MENU += [
    MenuItem("业务办理", "调查评估", "corrections:investigation_list", perm="corrections.view_investigation",
             icon="bi-clipboard-check", order=31),
    MenuItem("业务办理", "待接收矫正对象", "corrections:arrival_list", perm="corrections.view_expectedarrival",
             icon="bi-person-down", order=32),
]
