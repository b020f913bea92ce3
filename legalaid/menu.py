from core.menu import MenuItem

MENU = [
    MenuItem("业务办理", "法律援助", "legalaid:application_list", perm="legalaid.view_application",
             icon="bi-life-preserver", order=25),
    MenuItem("业务办理", "法律援助审查", "legalaid:review_list", perm="legalaid.view_review", icon="bi-clipboard-check",
             order=26),
    MenuItem("业务办理", "法律援助案件", "legalaid:assignment_list", perm="legalaid.view_assignment", icon="bi-briefcase",
             order=27),
    MenuItem("业务办理", "法律援助人员名册", "legalaid:provider_list", perm="legalaid.view_provider", icon="bi-person-badge",
             order=28),
]
