from core.menu import MenuItem

MENU = [
    MenuItem("业务办理", "行政复议代收", "agency:review_list", perm="agency.view_reviewapplication", icon="bi-inbox", order=27),
    MenuItem("业务办理", "公证仲裁代办", "agency:case_list", perm="agency.view_agencycase", icon="bi-patch-check", order=28),
]
