"""Permission-walk specs for the 机构管理 pages and the region and org API (see core/walk.py)."""

from core.walk import WalkSpec

WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    # 行政区划 are reference data for every signed-in user.
    "api:region_list": WalkSpec("self"),
    "api:region_detail": WalkSpec("self", build=lambda p: {"code": p.office.region.code}),
    "api:org_list": WalkSpec("list", sample="西屯街道司法所"),
    "api:org_detail": WalkSpec("detail", build=lambda p: {"code": p.office.code}),
    # 机构管理 pages: the org tree each user sees, and one org with its members.
    "orgs:list": WalkSpec("list", sample="一西街社区人民调解委员会"),
    "orgs:detail": WalkSpec("detail", build=lambda p: {"code": p.office.code}),
}
