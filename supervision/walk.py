"""Permission-walk specs for 预警督办 (see core/walk.py). The bureau (county supervisor) issues and verifies, the
office (owner persona) receives and rectifies; the outsider office never learns the records exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from core.walk import WalkSpec
from supervision.services import item_receive, item_rectify, report_create
from supervision.tests import factories

SAMPLE_FACTS = "该所有2项工作超过期限仍未办结（走查样例）"
ITEM_TITLE = "西屯街道司法所工作事项超期"


def _warnings(p: Any) -> dict[str, Any]:
    factories.warning(p, facts=SAMPLE_FACTS)
    return {}


def _warning(p: Any) -> dict[str, Any]:
    return {"uuid": factories.warning(p).uuid}


def _issue(p: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    return {"uuid": factories.warning(p).uuid}, {
        "doc_kind": "supervision_letter", "due_date": due, "title": ITEM_TITLE, "facts": "超期事项2项。", "requirements": "限期办结。",
    }


def _items(p: Any) -> dict[str, Any]:
    factories.item(p)
    return {}


def _item(p: Any) -> dict[str, Any]:
    return {"uuid": factories.item(p).uuid}


def _rectify(p: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    item = item_receive(actor=p.owner, item=factories.item(p))
    return {"uuid": item.uuid}, {"text": "已逐件清理超期事项，2项均已办结并补录台账。"}


def _verify(p: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    item = item_receive(actor=p.owner, item=factories.item(p))
    item_rectify(actor=p.owner, item=item, text="已逐件清理超期事项，2项均已办结并补录台账。")
    return {"uuid": item.uuid}, {"decision": "accept", "note": "核查属实"}


def _attachment(p: Any) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = item_receive(actor=p.owner, item=factories.item(p))
    feedback = item_rectify(actor=p.owner, item=item, text="已逐件清理超期事项，2项均已办结。",
                            files=[SimpleUploadedFile("整改照片.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)])
    return {"uuid": feedback.attachments.get().uuid}


def _report(p: Any) -> Any:
    today = timezone.localdate()
    return report_create(actor=p.owner, org=p.office, start=today.replace(day=1), end=today)


def _reports(p: Any) -> dict[str, Any]:
    _report(p)
    return {}


def _report_new(p: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    today = timezone.localdate()
    return {}, {"org": p.office.pk, "period_start": today.replace(day=1).isoformat(), "period_end": today.isoformat()}


def _api_verify(body: dict[str, Any]) -> Any:
    def build(p: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return _verify(p)[0], body

    return build


def _api_issue(p: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    return {"uuid": factories.warning(p).uuid}, {"doc_kind": "supervision_rectify", "due_date": due}


HX = {"HTTP_HX_REQUEST": "true"}

WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "supervision:warning_list": WalkSpec("list", build=_warnings, sample=SAMPLE_FACTS),
    "supervision:warning_detail": WalkSpec("detail", build=_warning),
    "supervision:warning_close": WalkSpec("write", build=lambda p: ({"uuid": factories.warning(p).uuid}, {"reason": "核实为误报"}),
                                          owner="supervisor", headers=HX),
    "supervision:item_issue": WalkSpec("create", build=_issue, owner="supervisor", headers=HX),
    "supervision:rule_list": WalkSpec("self"),
    "supervision:item_list": WalkSpec("list", build=_items, sample=ITEM_TITLE),
    "supervision:item_detail": WalkSpec("detail", build=_item),
    "supervision:item_receive": WalkSpec("write", build=lambda p: (_item(p), {}), headers=HX),
    "supervision:item_rectify": WalkSpec("write", build=_rectify, headers=HX),
    "supervision:item_verify": WalkSpec("write", build=_verify, owner="supervisor", headers=HX),
    "supervision:attachment_download": WalkSpec("detail", build=_attachment),
    "supervision:report_list": WalkSpec("list", build=_reports, sample="西屯街道司法所"),
    # The dialog offers only the orgs the user may report on, so the owner office is an invalid choice (422).
    "supervision:report_create": WalkSpec("create", build=_report_new, headers=HX, expect={"outsider": 422}),
    "supervision:report_detail": WalkSpec("detail", build=lambda p: {"uuid": _report(p).uuid}),
    # The same loop over the API (supervision/api.py): the same scope and permission checks as the dialogs.
    "api:warning_list": WalkSpec("list", build=_warnings, sample=SAMPLE_FACTS),
    "api:warning_detail": WalkSpec("detail", build=_warning),
    "api:warning_close": WalkSpec("write", build=lambda p: ({"uuid": factories.warning(p).uuid}, {"reason": "核实为误报"}),
                                  owner="supervisor"),
    "api:item_issue": WalkSpec("create", build=_api_issue, owner="supervisor"),
    "api:item_list": WalkSpec("list", build=_items, sample=ITEM_TITLE),
    "api:item_detail": WalkSpec("detail", build=_item),
    "api:item_receive": WalkSpec("write", build=lambda p: (_item(p), {})),
    "api:item_rectify": WalkSpec("write", build=_rectify),
    "api:item_verify": WalkSpec("write", build=_api_verify({"note": "核查属实"}), owner="supervisor"),
    "api:item_return": WalkSpec("write", build=_api_verify({"note": "缺少佐证材料", "new_due_date": (
        timezone.localdate() + dt.timedelta(days=10)).isoformat()}), owner="supervisor"),
}


def _api_report_new(p: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    today = dt.date.today()
    return {}, {"org": p.office.code, "period_start": today.replace(day=1).isoformat(), "period_end": today.isoformat()}


WALK.update({
    "api:rule_list": WalkSpec("self"),
    "api:attachment_download": WalkSpec("detail", build=_attachment),
    "api:report_list": WalkSpec("list", build=_reports, sample="西屯街道司法所"),
    "api:report_detail": WalkSpec("detail", build=lambda p: {"uuid": _report(p).uuid}),
    "api:report_create": WalkSpec("create", build=_api_report_new),
})
