from core.menu import MenuItem

MENU = [
    MenuItem("业务办理", "法律援助", "legalaid:application_list", perm="legalaid.view_application",
             icon="bi-life-preserver", order=25),
]
