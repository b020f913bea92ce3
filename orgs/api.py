"""行政区划 and org tree over the API. Regions are reference data for every signed-in user;
orgs are scoped like every other record."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from core.access import access_object
from core.api import ErrorOut, Pagination
from core.errors import NotFound, ValidationFailed
from orgs.models import Org, Region

router = Router(tags=["机构与区划"])


def _with_parent_code(qs: QuerySet, model: type[Region] | type[Org]) -> QuerySet:
    """Annotate ``parent_code`` in the same query: the parent's path is the node's path minus one step."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - model.steplen)
    parents = model.objects.filter(path=parent_path).values("code")[:1]
    return qs.annotate(parent_code=Subquery(parents))


class RegionOut(Schema):
    code: str
    name: str
    level: int = Field(..., description="2 地级市，3 旗县区，4 乡镇/街道，5 村/社区")
    level_display: str
    parent_code: str | None

    @staticmethod
    def resolve_level_display(obj: Region) -> str:
        return obj.get_level_display()


class RegionFilters(Schema):
    parent: str | None = Field(None, description="上级区划代码：只列出它的直接下级")
    level: int | None = Field(None, ge=2, le=5, description="层级")
    name: str | None = Field(None, max_length=50, description="名称包含")


class OrgOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_display: str
    parent_code: str | None
    region_code: str
    region_name: str
    address: str
    phone: str
    is_active: bool

    @staticmethod
    def resolve_kind_display(obj: Org) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_region_code(obj: Org) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Org) -> str:
        return obj.region.name


class OrgFilters(Schema):
    kind: Org.Kind | None = Field(None, description="机构类型")
    parent: str | None = Field(None, description="上级机构编码：只列出它的直接下级")
    name: str | None = Field(None, max_length=50, description="名称包含")


def _children_of(qs: QuerySet, parent: Region | Org) -> QuerySet:
    return qs.filter(path__startswith=parent.path, depth=parent.depth + 1)


@router.get("/regions", response=list[RegionOut], summary="行政区划列表")
@paginate(Pagination)
def region_list(request: HttpRequest, filters: Query[RegionFilters]) -> QuerySet:
    """行政区划是公共参考数据，所有登录用户可查。"""
    qs = _with_parent_code(Region.objects.all(), Region)
    if filters.parent:
        parent = Region.objects.filter(code=filters.parent).first()
        if parent is None:
            raise ValidationFailed(f"上级区划代码“{filters.parent}”不存在", field="parent")
        qs = _children_of(qs, parent)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.name:
        qs = qs.filter(name__contains=filters.name)
    return qs.order_by("path")


@router.get("/regions/{code}", response={200: RegionOut, 404: ErrorOut}, summary="行政区划详情")
def region_detail(request: HttpRequest, code: str) -> Region:
    region = _with_parent_code(Region.objects.filter(code=code), Region).first()
    if region is None:
        raise NotFound(f"未找到区划代码为“{code}”的行政区划")
    return region


def _orgs(request: HttpRequest) -> QuerySet:
    return _with_parent_code(Org.objects.visible_to(request.user, "view").select_related("region"), Org)


@router.get("/orgs", response={200: list[OrgOut], 404: ErrorOut}, summary="机构列表")
@paginate(Pagination)
def org_list(request: HttpRequest, filters: Query[OrgFilters]) -> QuerySet:
    """当前用户数据权限范围内的机构。"""
    qs = _orgs(request)
    if filters.parent:
        parent = access_object(request.user, Org, code=filters.parent)
        qs = _children_of(qs, parent)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.name:
        qs = qs.filter(name__contains=filters.name)
    return qs.order_by("path")


@router.get("/orgs/{code}", response={200: OrgOut, 404: ErrorOut}, summary="机构详情")
def org_detail(request: HttpRequest, code: str) -> Org:
    org = _orgs(request).filter(code=code).first()
    if org is None:
        raise NotFound(f"未找到该{Org._meta.verbose_name}，或您无权查看")
    return org
