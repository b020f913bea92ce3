"""Permission-walk specs for 统计报表 (see core/walk.py). A report is read for one org: the owner office's report
is open to the office, its county and the county's auditor, and does not exist for another county's office. The
tables themselves are declared by the modules above reports, which walk them (``mediation/walk.py``: 人民调解工作统计表)."""

from core.walk import WalkSpec

OFFICE = "西屯街道司法所"


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    # Without a choice the page shows the user's own org: the owner office's name is in the owner's report
    # (填报单位) and the county's (a row), never in the other county's office's.
    "reports:index": WalkSpec("list", sample=OFFICE),
}


WALK["api:report_table_list"] = WalkSpec("self")
