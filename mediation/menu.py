from typing import Any

from accounts.models import CaseWrite
from accounts.scope import grants_for
from core.menu import MenuItem


def files_cases(user: Any) -> bool:
    """Whether the user files disputes somewhere: a role whose 办案范围 is its data scope (an office, a 调委会, a county
    role granted case writes). A bureau that only supervises its offices does not (its own org handles no disputes);
    read from the request's grants, no query."""
    return bool(user.is_superuser) or any(g.case_write != CaseWrite.OWN_ORG and "mediation.add_dispute" in g.perms
                                          for g in grants_for(user))


MENU = [
    MenuItem("业务办理", "矛盾纠纷台账", "mediation:dispute_list", perm="mediation.view_dispute", icon="bi-people-fill", order=10),
    MenuItem("业务办理", "上报纠纷线索", "mediation:grid_report", perm="mediation.add_dispute", icon="bi-phone", order=9,
             shown_to=files_cases),
    MenuItem("业务办理", "人民调解员", "mediation:mediator_list", perm="mediation.view_mediator", icon="bi-person-badge", order=11),
    MenuItem("业务办理", "人民调解委员会", "mediation:committee_list", perm="orgs.view_org", icon="bi-diagram-3", order=12),
    MenuItem("业务办理", "调解专家库", "mediation:expert_list", perm="mediation.view_expert", icon="bi-mortarboard", order=13),
    MenuItem("统计分析", "调解统计", "mediation:statistics", perm="mediation.view_dispute", icon="bi-bar-chart-line", order=10),
]
