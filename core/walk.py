"""The permission walk's registry: every URL of the project says what kind of access it is and how to
build a sample object owned by the owner office, so ``core/tests/test_permission_walk.py`` can try it
as every persona. Each app lists its URLs in ``<app>/walk.py``::

    WALK = {
        "people:detail": WalkSpec("detail", build=lambda p: {"uuid": make_person(p).uuid}),
        "people:edit": WalkSpec("write", build=lambda p: ({"uuid": make_person(p).uuid}, {"name": "新名字"})),
    }

A URL without a spec fails the walk, so a new module is covered the day it is mounted.
See docs/adding-a-module.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from core.discovery import app_module_pairs

Kind = Literal["list", "detail", "write", "create", "self", "own"]

# What each persona should get, by kind. "ok" means a success: 200, 201, 202 or 204, or a redirect that
# is not to the login page. The walk also checks that a refused write changed nothing in the database.
EXPECTED: dict[str, dict[str, int | str]] = {
    # A scoped list: everyone inside the scope sees the sample; the outsider gets the page without it.
    "list": {"owner": "ok", "supervisor": "ok", "readonly": "ok", "outsider": "ok"},
    # One record: insiders see it, the outsider is told it does not exist.
    "detail": {"owner": "ok", "supervisor": "ok", "readonly": "ok", "outsider": 404},
    # A change to (or an audited action on) an existing record.
    "write": {"owner": "ok", "readonly": 403, "outsider": 404},
    # A new record in the owner office.
    "create": {"owner": "ok", "readonly": 403, "outsider": 404},
    # The user's own things or shared reference data: every signed-in user succeeds.
    "self": {"owner": "ok", "supervisor": "ok", "readonly": "ok", "outsider": "ok"},
    # Something that belongs to one user (a token, a task run): nobody else may know it exists.
    "own": {"owner": "ok", "supervisor": 404, "readonly": 404, "outsider": 404},
}
WRITE_KINDS = ("write", "create")
# A write to a case record (the app's AppConfig declares ``case_records``: a dispute, a consultation, a legal-aid
# application, a corrections or 安置帮教 file …): the county supervisor reads and supervises the office's case but does
# not write it (办案范围, accounts.scope.effective_scope), so the walk expects 403. An act of supervision the law gives to
# the county is exempted in its spec (``expect={"supervisor": "ok"}``, with the article in a comment).
CASE_WRITE: dict[str, int | str] = {"supervisor": 403}


@dataclass(frozen=True)
class WalkSpec:
    """How to exercise one URL.

    ``build(personas)`` creates the sample (owned by ``personas.office``) and returns the URL kwargs,
    or ``(kwargs, data)`` where ``data`` is the form or JSON body of a write.
    """

    kind: Kind
    build: Callable[[Any], dict[str, Any] | tuple[dict[str, Any], dict[str, Any]]] = field(default=lambda personas: {})
    # HTTP method; empty means GET for reads and POST for writes.
    method: str = ""
    # Text of the sample that a list shows to insiders and must not show to the outsider.
    sample: str = ""
    # The persona that owns the sample and is expected to succeed (e.g. "head" for the office head).
    owner: str = "owner"
    # Documented deviations from EXPECTED, persona → status; say why in a comment next to the spec.
    expect: Mapping[str, int | str] = field(default_factory=dict)
    # Extra request headers, e.g. {"HTTP_HX_REQUEST": "true"} for an htmx dialog.
    headers: Mapping[str, str] = field(default_factory=dict)
    # Whether the URL writes a case record; None: as its app declares (``case_records``). False for a registry
    # kept in a case module (调委会, 调解员, 专家库).
    case: bool | None = None

    @property
    def http_method(self) -> str:
        return (self.method or ("POST" if self.kind in WRITE_KINDS else "GET")).upper()

    @property
    def expectations(self) -> dict[str, int | str]:
        base = {**EXPECTED[self.kind], **(CASE_WRITE if self.case and self.kind in WRITE_KINDS else {})}
        return {**base, **self.expect}

    def prepare(self, personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        built = self.build(personas)
        if isinstance(built, tuple):
            return built[0], built[1]
        return built, {}


def registry() -> dict[str, list[WalkSpec]]:
    """Every app's ``walk.WALK``, keyed by the namespaced URL name; a name may carry several specs."""
    found: dict[str, list[WalkSpec]] = {}
    for config, module in app_module_pairs("walk"):
        cases = bool(getattr(config, "case_records", False))
        for name, specs in getattr(module, "WALK", {}).items():
            listed = specs if isinstance(specs, list | tuple) else [specs]
            found.setdefault(name, []).extend(s if s.case is not None else replace(s, case=cases) for s in listed)
    return found


def _taskrun(personas: Any) -> dict[str, Any]:
    from core.models import TaskRun

    return {"uuid": TaskRun.objects.create(label="导入人员信息", user=personas.owner).uuid}


def _audit_event(personas: Any) -> dict[str, Any]:
    from core.audit import audit_record

    audit_record(actor=personas.owner, org=personas.office, action="other", summary="走访记录样例")
    return {}


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "core:home": WalkSpec("self"),
    "core:ping": WalkSpec("self"),
    "core:notifications": WalkSpec("self"),
    "core:notifications_read": WalkSpec("self", method="POST"),
    # Turns a number into its lookup key; reads nothing, so every signed-in user may.
    "api:id_key_make": WalkSpec("self", method="POST", build=lambda p: ({}, {"id_number": "150402198001011234"})),
    "core:taskrun": WalkSpec("own", build=_taskrun),
    "api:taskrun_detail": WalkSpec("own", build=_taskrun),
    # 操作日志 needs core.view_auditevent, which the office head and the auditor have, county staff and office staff not.
    "core:audit": WalkSpec("list", build=_audit_event, sample="走访记录样例", owner="head",
                           expect={"supervisor": 403, "outsider": 403}),
}


def _notification(personas: Any) -> dict[str, Any]:
    from core.models import Notification

    Notification.objects.create(user=personas.owner, title="纠纷调解期限即将届满")
    return {}


WALK.update({
    "api:notification_list": WalkSpec("self", build=_notification),
    "api:notification_read": WalkSpec("self", method="POST", build=_notification),
    "api:taskrun_detail": WalkSpec("own", build=_taskrun),
    "api:audit_list": WalkSpec("list", build=_audit_event, sample="走访记录样例", owner="head", expect={"supervisor": 403, "outsider": 403}),
})
