"""Permission-walk specs for 千分制考核 (see core/walk.py).

Scores are given by county and city reviewers (``assessment.score_office``), so the reviewer writes are walked
with the county supervisor as owner. The standard is maintained by whoever holds ``assessment.manage_standard``
(no default role below 系统管理员, whose TOTP step the walk does not take): the owner gets it through an extra
city-wide role, as the role-administration specs do."""

from __future__ import annotations

from typing import Any

from assessment.models import Standard, StandardItem
from core.walk import WalkSpec
from mediation.tests import factories

OFFICE_NAME = "西屯街道司法所"


def _published() -> Standard:
    return Standard.objects.filter(status=Standard.Status.PUBLISHED).order_by("-year", "-version").first()  # type: ignore[return-value]


def _item(code: str) -> StandardItem:
    return _published().items.get(code=code)


def _office(personas: Any) -> dict[str, Any]:
    return {"code": personas.office.code}


def _ranked(personas: Any) -> dict[str, Any]:
    factories.dispute(personas)  # a ledger entry so the office scores something
    return {}


def _events(personas: Any) -> dict[str, Any]:
    factories.dispute(personas)
    return {"code": personas.office.code, "item_pk": _item("B11").pk}


def _score(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return ({"code": personas.office.code, "item_pk": _item("B03").pk},
            {"points": "12", "evidence": "实地检查：调委会委员5人，其中女性委员2人，有推选记录"})


def _adjust(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return ({"code": personas.office.code, "item_pk": _item("B11").pk},
            {"delta": "-2", "reason": "复核卷宗发现2件纠纷重复登记，予以核减"})


def _manager(personas: Any) -> None:
    from django.contrib.auth.models import Permission

    from accounts.models import DataScope, Membership, Role

    role = Role.objects.create(code="walk_standard", name="考核标准管理员", data_scope=DataScope.ALL)
    role.permissions.add(*Permission.objects.filter(content_type__app_label="assessment",
                                                    codename__in=["view_standard", "manage_standard"]))
    Membership.objects.create(user=personas.owner, org=personas.city, role=role, is_primary=False)


def _draft(personas: Any) -> Standard:
    from assessment.services import standard_new_version

    _manager(personas)
    return standard_new_version(actor=personas.owner, source=_published(), year=_published().year + 1)


def _standard(personas: Any) -> dict[str, Any]:
    return {"pk": _published().pk}


def _new_version(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    _manager(personas)
    return {"pk": _published().pk}, {"year": str(_published().year + 1)}


def _item_edit(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    draft = _draft(personas)
    item = draft.items.get(code="B11")
    return {"pk": draft.pk, "item_pk": item.pk}, {
        "part": "basic", "name": "矛盾纠纷台账登记完整、及时", "max_points": "20", "rule": "count",
        "event_types": ["mediation.dispute_registered"], "target_per_month": "4", "sort_order": "11",
    }


def _publish(personas: Any) -> dict[str, Any]:
    return {"pk": _draft(personas).pk}


# The standard is reference data every signed-in user reads, so a reader without the right to maintain it is
# refused with 403, never 404 (there is nothing to hide); the walk's default 404 is for records of another office.
SHARED = {"outsider": 403}

WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "assessment:standard_list": WalkSpec("self"),
    "assessment:standard_detail": WalkSpec("self", build=_standard),
    "assessment:standard_new_version": WalkSpec("create", build=_new_version, expect=SHARED),
    "assessment:standard_item_edit": WalkSpec("write", build=_item_edit, expect=SHARED),
    "assessment:standard_publish": WalkSpec("write", build=_publish, expect=SHARED),
    "assessment:ranking": WalkSpec("list", build=_ranked, sample=OFFICE_NAME),
    "assessment:office_detail": WalkSpec("detail", build=_office),
    "assessment:item_events": WalkSpec("detail", build=_events),
    "assessment:manual_score": WalkSpec("write", build=_score, owner="supervisor"),
    "assessment:adjust": WalkSpec("write", build=_adjust, owner="supervisor"),
}


def _api_score(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    kwargs, data = _score(personas)
    return kwargs, {"points": 12, "evidence": data["evidence"]}


def _api_adjust(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    kwargs, data = _adjust(personas)
    return kwargs, {"delta": -2, "reason": data["reason"]}


def _api_new_version(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    kwargs, data = _new_version(personas)
    return kwargs, {"year": int(data["year"])}


def _api_item_edit(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    kwargs, _ = _item_edit(personas)
    return kwargs, {"name": "矛盾纠纷台账登记完整、及时", "max_points": 20, "event_types": ["mediation.dispute_registered"]}


WALK.update({
    "api:standard_list": WalkSpec("self"),
    "api:standard_detail": WalkSpec("self", build=_standard),
    "api:score_ranking": WalkSpec("list", build=_ranked, sample=OFFICE_NAME),
    "api:office_score": WalkSpec("detail", build=_office),
    "api:office_item_events": WalkSpec("detail", build=_events),
    "api:office_manual_score": WalkSpec("write", build=_api_score, owner="supervisor"),
    "api:office_adjust": WalkSpec("write", build=_api_adjust, owner="supervisor"),
    "api:standard_new_version": WalkSpec("create", build=_api_new_version, expect=SHARED),
    "api:standard_item_update": WalkSpec("write", method="PATCH", build=_api_item_edit, expect=SHARED),
    "api:standard_publish": WalkSpec("write", build=_publish, expect=SHARED),
})
