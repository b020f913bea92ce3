from core.menu import MenuItem

MENU = [
    MenuItem("业务办理", "法律援助", "legalaid:application_list", perm="legalaid.view_application",
             icon="bi-life-preserver", order=25),
    MenuItem("业务办理", "法律援助审查", "legalaid:review_list", perm="legalaid.view_review", icon="bi-clipboard-check",
             order=26),
]
