"""The default roles shipped with the platform. Administrators may edit them afterwards; a
migrate only adds roles that do not exist yet and grants permissions of modules added later.

Permissions are fnmatch patterns over ``app_label.codename``; ``@business`` stands for every app
whose AppConfig sets ``business = True`` (the modules that own work records)."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Any

from django.apps import apps as global_apps

from accounts.models import CaseWrite, DataScope

COMMON_VIEW = ("orgs.view_org", "orgs.view_region", "core.view_deadline", "core.view_workevent")


@dataclass(frozen=True)
class RoleSpec:
    code: str
    name: str
    scope: str
    perms: tuple[str, ...]
    requires_2fa: bool = False
    read_only: bool = False
    description: str = ""
    exclude: tuple[str, ...] = ()  # patterns taken back out of ``perms`` (a module this role has no part in)
    # 办案范围: a bureau reads and supervises the cases of the offices below it but writes only its own (see CaseWrite).
    case_write: str = CaseWrite.SCOPE


DEFAULT_ROLES: tuple[RoleSpec, ...] = (
    RoleSpec("sysadmin", "系统管理员", DataScope.ALL, ("*",), requires_2fa=True, description="用户、角色、码表、模板等系统配置"),
    RoleSpec("city_leader", "市局领导", DataScope.ALL, (*COMMON_VIEW, "@business.view_*", "core.view_auditevent"), read_only=True,
             case_write=CaseWrite.OWN_ORG),
    RoleSpec(
        "city_staff", "市局业务科室", DataScope.ALL,
        (*COMMON_VIEW, "@business.view_*", "@business.add_*", "@business.change_*", "assessment.score_office",
         "supervision.issue_supervisionitem"),
        case_write=CaseWrite.OWN_ORG,
    ),
    RoleSpec("county_leader", "县局领导", DataScope.SUBTREE, (*COMMON_VIEW, "@business.view_*", "core.view_auditevent"), read_only=True,
             case_write=CaseWrite.OWN_ORG),
    RoleSpec(
        "county_staff", "县局业务股室", DataScope.SUBTREE,
        (*COMMON_VIEW, "@business.view_*", "@business.add_*", "@business.change_*", "assessment.score_office",
         "supervision.issue_supervisionitem"),
        case_write=CaseWrite.OWN_ORG,
    ),
    RoleSpec(
        "office_head", "司法所所长", DataScope.SUBTREE,
        (*COMMON_VIEW, "@business.view_*", "@business.add_*", "@business.change_*", "@business.delete_*",
         "people.reveal_idnumber", "worklog.review_worklog", "core.view_auditevent",
         "supervision.rectify_supervisionitem"),
    ),
    RoleSpec(
        "office_staff", "司法所工作人员", DataScope.SUBTREE,
        (*COMMON_VIEW, "@business.view_*", "@business.add_*", "@business.change_*", "people.reveal_idnumber",
         "supervision.rectify_supervisionitem"),
    ),
    # 社区矫正 is work of the 社区矫正机构 and the 司法所 it entrusts (社区矫正法 第九条); a 人民调解员 has no part in it
    # and no reason to see its subjects. Nor in 法律援助申请: they are received by the 法律援助机构's 工作站 at the 司法所
    # (法律援助法 第十三条), not by a 调委会.
    RoleSpec("mediator", "人民调解员", DataScope.ORG, (*COMMON_VIEW, "@business.view_*", "@business.add_*", "@business.change_*"),
             exclude=("corrections.*", "legalaid.*")),
    RoleSpec(
        "grid_worker", "网格员", DataScope.SELF,
        ("orgs.view_org", "mediation.add_dispute", "mediation.view_dispute", "people.add_person", "people.view_person"),
        description="在手机上上报矛盾纠纷线索，只能看到自己上报的线索",
    ),
    RoleSpec(
        "auditor", "只读审计", DataScope.SUBTREE,
        (*COMMON_VIEW, "@business.view_*", "core.view_auditevent", "accounts.view_loginlog"), read_only=True,
    ),
)


def business_app_labels(app_registry: Any = global_apps) -> set[str]:
    return {c.label for c in global_apps.get_app_configs() if getattr(c, "business", False)}


def expand(patterns: tuple[str, ...], business: set[str]) -> list[str]:
    out: list[str] = []
    for p in patterns:
        if p.startswith("@business."):
            out.extend(f"{label}.{p.split('.', 1)[1]}" for label in sorted(business))
        else:
            out.append(p)
    return out


def sync_default_roles(*, using: str = "default") -> None:
    from django.contrib.auth.models import Permission

    from accounts.models import Role

    business = business_app_labels()
    all_perms = list(Permission.objects.using(using).select_related("content_type"))
    for order, spec in enumerate(DEFAULT_ROLES):
        role, _ = Role.objects.using(using).get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name, "data_scope": spec.scope, "requires_2fa": spec.requires_2fa,
                "is_builtin": True, "is_read_only": spec.read_only, "description": spec.description, "sort_order": order,
                "case_write": spec.case_write,
            },
        )
        patterns = expand(spec.perms, business)
        wanted = [p for p in all_perms if any(fnmatch(f"{p.content_type.app_label}.{p.codename}", pat) for pat in patterns)
                  and not any(fnmatch(f"{p.content_type.app_label}.{p.codename}", pat) for pat in spec.exclude)]
        role.permissions.add(*wanted)


def sync_default_roles_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    # post_migrate fires once per app; act after the last one so every app's permissions exist.
    # Apps without models get no post_migrate signal, so compare with the last app that has models.
    last = [c for c in global_apps.get_app_configs() if c.models_module is not None][-1]
    if sender.label != last.label:
        return
    sync_default_roles(using=using)


# -------------------------------------------------------------------------------------------- the role matrix
# What each built-in role may do, derived from DEFAULT_ROLES; README.md shows it between the markers below, and
# tests/test_role_matrix.py checks that the two agree (regenerate with ``render_role_matrix()``).
MATRIX_START = "<!-- role-matrix:start -->"
MATRIX_END = "<!-- role-matrix:end -->"


def _grants(spec: RoleSpec, action: str) -> str:
    """业务数据 ``action``: 全部 / 部分 / —, from the spec's patterns (``@business.<action>_*`` or ``*``)."""
    if "*" in spec.perms or f"@business.{action}_*" in spec.perms:
        return "全部模块（" + "、".join(_excluded(spec)) + "除外）" if spec.exclude else "全部模块"
    partial = sorted({p.split(".", 1)[0] for p in spec.perms if p.split(".", 1)[1].startswith(f"{action}_") and not p.startswith("@")})
    return "、".join(partial) if partial else "—"


def _excluded(spec: RoleSpec) -> list[str]:
    return [p.split(".", 1)[0] for p in spec.exclude]


def _case_write(spec: RoleSpec) -> str:
    writes = "*" in spec.perms or any(f"@business.{a}_*" in spec.perms for a in ("add", "change", "delete"))
    if spec.read_only or not writes:
        return "—（不能办案）" if spec.code != "grid_worker" else "仅本人上报的线索"
    return CaseWrite(spec.case_write).label


def role_matrix() -> list[dict[str, str]]:
    """One row per built-in role: its data scope (what it reads), its 办案范围 (which cases it writes) and the
    rights it carries, in the words of the README's role table."""
    rows = []
    for spec in DEFAULT_ROLES:
        extra = [p for p in spec.perms if not p.startswith("@") and p != "*" and p not in COMMON_VIEW
                 and not p.split(".", 1)[1].startswith(("view_", "add_", "change_", "delete_"))]
        rows.append({
            "role": f"{spec.name}（`{spec.code}`）",
            "scope": DataScope(spec.scope).label,
            "view": _grants(spec, "view"),
            "case_write": _case_write(spec),
            "add": _grants(spec, "add"),
            "change": _grants(spec, "change"),
            "delete": _grants(spec, "delete"),
            "extra": "、".join(extra) if extra else ("全部权限" if "*" in spec.perms else "—"),
        })
    return rows


MATRIX_COLUMNS = (("role", "角色"), ("scope", "数据权限（查看范围）"), ("view", "查看"), ("case_write", "办案范围（新增、修改案件）"),
                  ("add", "新增"), ("change", "修改"), ("delete", "删除"), ("extra", "其他权限"))


def render_role_matrix() -> str:
    """The README's role table (Markdown), between its markers."""
    head = "| " + " | ".join(label for _, label in MATRIX_COLUMNS) + " |"
    rule = "|" + "---|" * len(MATRIX_COLUMNS)
    lines = [MATRIX_START, head, rule]
    lines += ["| " + " | ".join(row[key] for key, _ in MATRIX_COLUMNS) + " |" for row in role_matrix()]
    lines.append(MATRIX_END)
    return "\n".join(lines)
