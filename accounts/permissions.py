"""Refusals asked before a page shows a form: a user who may not write there is told so (403) rather than shown a
form whose every choice would be refused."""

from __future__ import annotations

from typing import Any

from core.errors import AccessDenied


def require_create_orgs(orgs: Any, *, what: str) -> Any:
    """``orgs`` (the orgs the user may create the record in, from ``writable_orgs``) or 403 when there is none: a
    county or city bureau whose role writes only its own cases (办案范围) has no office to register a case in."""
    if not orgs.exists():
        raise AccessDenied(f"您没有在任何单位{what}的权限；上级司法行政机关可查看、监督下级单位的案件，但不代为办理")
    return orgs
