from core.menu import MenuItem

MENU = [
    MenuItem("业务办理", "安置帮教", "resettlement:released_list", perm="resettlement.view_released", icon="bi-house-heart", order=35),
]
MENU.append(MenuItem("业务办理", "安置帮教协查", "resettlement:assist_list", perm="resettlement.view_assistrequest", icon="bi-search",
                     order=36))
