"""Permission-walk specs for 人员信息库 pages and API (see core/walk.py)."""

from typing import Any

from core.testing import valid_id_number
from core.walk import WalkSpec
from people.services import PersonInput, person_create

SAMPLE = "王小红"


def _person(personas: Any) -> Any:
    return person_create(actor=personas.owner, org=personas.office, data=PersonInput(name=SAMPLE, id_number=valid_id_number(seq="124")))


def _listed(personas: Any) -> dict[str, Any]:
    _person(personas)
    return {}


def _uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": _person(personas).uuid}


def _edit(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    person = _person(personas)
    return {"uuid": person.uuid}, {"name": "王小红改", "sex": "2", "ethnicity": "01", "org": personas.office.pk}


def _create_form(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {"name": "李四", "sex": "9", "ethnicity": "01", "org": personas.office.pk}


def _patch(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"uuid": _person(personas).uuid}, {"name": "王小红改"}


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "people:list": WalkSpec("list", build=_listed, sample=SAMPLE),
    # The dialog offers only the orgs the user may register in, so the owner office is an invalid choice (422).
    "people:create": WalkSpec("create", build=_create_form, expect={"outsider": 422}),
    # The import dialog lets each office import into its own orgs; the auditor may not import at all.
    "people:import": WalkSpec("create", method="GET", expect={"outsider": "ok"}),
    "people:import_template": WalkSpec("self"),
    "people:detail": WalkSpec("detail", build=_uuid),
    "people:edit": WalkSpec("write", build=_edit),
    "people:reveal": WalkSpec("write", build=_uuid),
    "api:person_list": WalkSpec("list", build=_listed, sample=SAMPLE),
    "api:person_create": WalkSpec("create", build=lambda p: ({}, {"name": "李四", "org": p.office.code})),
    "api:person_detail": WalkSpec("detail", build=_uuid),
    "api:person_update": WalkSpec("write", method="PATCH", build=_patch),
    "api:person_reveal_id": WalkSpec("write", build=_uuid),
}
