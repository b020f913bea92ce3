"""Permission-walk specs for the 数据驾驶舱 (see core/walk.py)."""

from typing import Any

from core.ledger import ledger_record
from core.walk import WalkSpec


def _work(personas: Any) -> dict[str, Any]:
    ledger_record(org=personas.office, actor=personas.owner, event_type="mediation.dispute_accepted")
    return {}


def _office(personas: Any) -> dict[str, Any]:
    _work(personas)
    return {"code": personas.office.code}


def _records(personas: Any) -> dict[str, Any]:
    return {**_office(personas), "figure": "disputes.accepted"}


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    # Each viewer's own dashboard: the owner office's name appears for the office and its county, not for the outsider.
    "dashboard:home": WalkSpec("list", build=_work, sample="西屯街道司法所"),
    # The landing redirect after login is the same harmless redirect for everyone.
    "dashboard:landing": WalkSpec("self"),
    "dashboard:org": WalkSpec("detail", build=_office),
    "dashboard:screen": WalkSpec("detail", build=_office),
    "dashboard:records": WalkSpec("detail", build=_records),
    # Only the system administrator (behind two-factor login, which the walk's clients do not pass) may recount the
    # rollups: every walk persona lacks the right, a 403 rather than 404 since it is nobody's record. The
    # administrator's POST is tested in dashboard/tests/test_rollups.py.
    "dashboard:rollups_rebuild": WalkSpec("create", method="GET", expect={"owner": 403, "outsider": 403}),
}

def _rebuilder(personas: Any) -> dict[str, Any]:
    """Give the owner the right to recount the rollups (the walk's clients cannot pass the administrator's 2FA)."""
    from django.contrib.auth.models import Permission

    from accounts.models import DataScope, Membership, Role

    role = Role.objects.create(code="walk_rebuild", name="汇总维护员", data_scope=DataScope.ALL)
    role.permissions.add(Permission.objects.get(content_type__app_label="dashboard", codename="rebuild_rollups"))
    Membership.objects.create(user=personas.owner, org=personas.city, role=role, is_primary=False)
    _work(personas)
    return {}


WALK.update({
    # The rollups are nobody's record: without the right the answer is 403, never 404.
    "api:rollups_rebuild": WalkSpec("create", build=_rebuilder, expect={"outsider": 403}),
    "api:board_home": WalkSpec("list", build=_work, sample="西屯街道司法所"),
    "api:board_org": WalkSpec("detail", build=_office),
    "api:board_records": WalkSpec("detail", build=_records),
})
