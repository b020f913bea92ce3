from core.menu import MenuItem

MENU = [
    MenuItem("业务办理", "法律咨询", "consultation:consultation_list", perm="consultation.view_consultation",
             icon="bi-chat-square-text", order=20),
]
