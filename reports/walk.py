"""Permission-walk specs for 统计报表 (see core/walk.py). A report is read for one org: the owner office's report
is open to the office, its county and the county's auditor, and does not exist for another county's office."""

from typing import Any

from django.utils import timezone

from core.walk import WalkSpec
from mediation.tests import factories
from reports.selectors import default_period

OFFICE = "西屯街道司法所"


def _office_report(personas: Any) -> dict[str, Any]:
    factories.dispute(personas)
    return {"code": "mediation_work", "org": personas.office.code, "period": default_period(timezone.localdate()).token}


def _download(fmt: str) -> WalkSpec:
    return WalkSpec("detail", build=lambda p: {**_office_report(p), "fmt": fmt})


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    # Without a choice the page shows the user's own org: the owner office's name is in the owner's report
    # (填报单位) and the county's (a row), never in the other county's office's.
    "reports:index": WalkSpec("list", sample=OFFICE),
    "reports:table": WalkSpec("detail", build=_office_report),
    "reports:download": [_download("xlsx"), _download("docx")],
}
