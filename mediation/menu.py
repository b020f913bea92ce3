from core.menu import MenuItem

MENU = [
    MenuItem("业务办理", "矛盾纠纷台账", "mediation:dispute_list", perm="mediation.view_dispute", icon="bi-people-fill", order=10),
    MenuItem("业务办理", "上报纠纷线索", "mediation:grid_report", perm="mediation.add_dispute", icon="bi-phone", order=9),
    MenuItem("业务办理", "人民调解员", "mediation:mediator_list", perm="mediation.view_mediator", icon="bi-person-badge", order=11),
    MenuItem("业务办理", "人民调解委员会", "mediation:committee_list", perm="orgs.view_org", icon="bi-diagram-3", order=12),
    MenuItem("业务办理", "调解专家库", "mediation:expert_list", perm="mediation.view_expert", icon="bi-mortarboard", order=13),
    MenuItem("统计分析", "调解统计", "mediation:statistics", perm="mediation.view_dispute", icon="bi-bar-chart-line", order=10),
]
