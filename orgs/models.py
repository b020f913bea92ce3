"""行政区划 and the org tree (市局 → 县局 → 司法所 → 调委会 / 工作站), both materialised paths:
a subtree is a ``path__startswith`` prefix query."""

from __future__ import annotations

from django.db import models
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.scoping import RestrictedQuerySet


class Region(MP_Node):
    """行政区划 (GB/T 2260 and the statistical division codes below county level)."""

    class Level(models.IntegerChoices):
        CITY = 2, "地级市"
        COUNTY = 3, "旗县区"
        TOWN = 4, "乡镇/街道"
        VILLAGE = 5, "村/社区"

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices)

    node_order_by = ["code"]

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class OrgQuerySet(MP_NodeQuerySet, RestrictedQuerySet):
    pass


class OrgManager(MP_NodeManager):
    def get_queryset(self) -> OrgQuerySet:
        return OrgQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user, action: str = "view") -> OrgQuerySet:  # type: ignore[no-untyped-def]
        return self.get_queryset().visible_to(user, action)  # type: ignore[return-value]


class Org(MP_Node):
    """A unit of the judicial administration: a bureau, a 司法所, a 人民调解委员会 or a service centre."""

    class Kind(models.TextChoices):
        CITY_BUREAU = "city_bureau", "市司法局"
        COUNTY_BUREAU = "county_bureau", "县级司法局"
        OFFICE = "office", "司法所"
        COMMITTEE = "committee", "人民调解委员会"
        SERVICE_CENTER = "service_center", "公共法律服务中心"
        SERVICE_STATION = "service_station", "公共法律服务工作站"

    code = models.CharField("机构编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    doc_abbr = models.CharField("文书代字", max_length=10, help_text="文书编号中的机关代字，如“红司”")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, db_index=True)
    region = models.ForeignKey(Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="orgs")
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    is_active = models.BooleanField("启用", default=True)

    objects = OrgManager()
    scope_org_field = ""
    scope_owner_field = ""

    node_order_by = ["code"]

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def subtree_q(self, prefix: str = "") -> models.Q:
        return models.Q(**{f"{prefix}path__startswith": self.path})

    @property
    def level_label(self) -> str:
        return self.get_kind_display()
