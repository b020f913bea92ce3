"""Shared test personas: the owner office, a county supervisor, another county's office (outsider),
a read-only auditor, the office head and the system administrator, on a small real org tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accounts.models import Membership, Role, User
from orgs.models import Org, Region

PASSWORD = "Test@2026pass"

# (code, name, level, parent code)
_REGIONS = [
    ("150400", "赤峰市", 2, None),
    ("150402", "红山区", 3, "150400"),
    ("150402001", "西屯街道", 4, "150402"),
    ("150402002", "三中街街道", 4, "150402"),
    ("150402001001", "一西街社区居委会", 5, "150402001"),
    ("150403", "元宝山区", 3, "150400"),
    ("150403001", "平庄镇", 4, "150403"),
]


def _region(code: str, name: str, level: int, parent: Region | None) -> Region:
    found = Region.objects.filter(code=code).first()
    if found:
        return found
    fields = {"code": code, "name": name, "level": level}
    if parent is None:
        return Region.objects.add_root(fields)
    return Region.objects.add_child(Region.objects.get(pk=parent.pk), fields)


@dataclass
class Personas:
    city: Org
    county: Org
    office: Org
    sibling_office: Org
    committee: Org
    other_county: Org
    other_office: Org
    owner: User
    head: User
    supervisor: User
    outsider: User
    readonly: User
    sysadmin: User

    def all(self) -> dict[str, User]:
        return {"owner": self.owner, "supervisor": self.supervisor, "outsider": self.outsider, "readonly": self.readonly}

    @property
    def centre_reviewer(self) -> User:
        """A reviewer of the county's 法律援助机构 (its 公共法律服务中心): the county staff role at the centre, whose own
        work the 法律援助 reviews are (法律援助法 第十二条、第四十三条); created on first use."""
        return make_centre_reviewer(self)

    @property
    def caseworker(self) -> User:
        """A county user whose role explicitly grants writing the cases of the offices below (办案范围 同数据权限)."""
        return make_county_caseworker(self)


def make_user(username: str, *, org: Org, role: str, full_name: str = "", superuser: bool = False) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name or username, is_superuser=superuser)
    Membership.objects.create(user=user, org=org, role=Role.objects.get(code=role))
    return user


def service_centre(personas: Personas) -> Org:
    """The county's 公共法律服务中心 (its 法律援助机构), created once per test."""
    found = Org.objects.filter(kind=Org.Kind.SERVICE_CENTER, path__startswith=personas.county.path).first()
    if found is not None:
        return found
    county = Org.objects.get(pk=personas.county.pk)
    return Org.objects.add_child(county, {"code": "150402-GFZX", "name": "红山区公共法律服务中心", "short_name": "红山法服",
                                          "kind": Org.Kind.SERVICE_CENTER, "region": county.region, "doc_abbr": "红法服"})


def make_centre_reviewer(personas: Personas) -> User:
    """The 法律援助中心's reviewer (the county staff role at the centre), created once per test."""
    return User.objects.filter(username="centre_150402").first() or make_user(
        "centre_150402", org=service_centre(personas), role="county_staff", full_name="周审查")


def make_county_caseworker(personas: Personas) -> User:
    """A county user granted case writes explicitly: a role like 县局业务股室 whose 办案范围 is the whole data scope
    (an administrator's choice, e.g. a county that handles cases for an office without staff); created once per test."""
    from accounts.models import CaseWrite

    found = User.objects.filter(username="caseworker_150402").first()
    if found is not None:
        return found
    county_staff = Role.objects.get(code="county_staff")
    role = Role.objects.filter(code="county_caseworker").first()
    if role is None:
        role = Role.objects.create(code="county_caseworker", name="县局办案人员", data_scope=county_staff.data_scope,
                                   case_write=CaseWrite.SCOPE)
        role.permissions.set(county_staff.permissions.all())
    return make_user("caseworker_150402", org=personas.county, role="county_caseworker", full_name="孙办案")


def build_personas() -> Personas:
    regions: dict[str, Region] = {}
    for code, name, level, parent in _REGIONS:
        regions[code] = _region(code, name, level, regions.get(parent) if parent else None)

    def org(code: str, name: str, kind: str, region: str, abbr: str, parent: Org | None) -> Org:
        found = Org.objects.filter(code=code).first()
        if found:
            return found
        fields: dict[str, Any] = dict(code=code, name=name, short_name=name, kind=kind, region=regions[region], doc_abbr=abbr)
        return Org.objects.add_root(fields) if parent is None else Org.objects.add_child(Org.objects.get(pk=parent.pk), fields)

    city = org("150400", "赤峰市司法局", Org.Kind.CITY_BUREAU, "150400", "赤司", None)
    county = org("150402", "红山区司法局", Org.Kind.COUNTY_BUREAU, "150402", "红司", city)
    office = org("150402001", "西屯街道司法所", Org.Kind.OFFICE, "150402001", "红西司", county)
    sibling = org("150402002", "三中街街道司法所", Org.Kind.OFFICE, "150402002", "红三司", county)
    committee = org("150402001001", "一西街社区人民调解委员会", Org.Kind.COMMITTEE, "150402001001", "红西一", office)
    other_county = org("150403", "元宝山区司法局", Org.Kind.COUNTY_BUREAU, "150403", "元司", city)
    other_office = org("150403001", "平庄镇司法所", Org.Kind.OFFICE, "150403001", "元平司", other_county)
    # Reload: add_child updates numchild on stale instances.
    city, county, office, sibling, committee, other_county, other_office = (
        Org.objects.get(pk=o.pk) for o in (city, county, office, sibling, committee, other_county, other_office)
    )
    return Personas(
        city=city, county=county, office=office, sibling_office=sibling, committee=committee,
        other_county=other_county, other_office=other_office,
        owner=make_user("office_150402001", org=office, role="office_staff", full_name="张明"),
        head=make_user("head_150402001", org=office, role="office_head", full_name="李所长"),
        supervisor=make_user("county_150402", org=county, role="county_staff", full_name="王股长"),
        outsider=make_user("office_150403001", org=other_office, role="office_staff", full_name="赵外所"),
        readonly=make_user("auditor_150402", org=county, role="auditor", full_name="钱审计"),
        sysadmin=make_user("sysadmin", org=city, role="sysadmin", full_name="系统管理员", superuser=True),
    )


def valid_id_number(region: str = "150402", birth: str = "19800101", seq: str = "123") -> str:
    from core.validators import id_check_char

    body = region + birth + seq
    return body + id_check_char(body)


def reload_reference_data() -> None:
    """Put back the reference data the data migrations load (区划, 码表, the default 千分制 standard, warning rules …).

    A transactional test (the browser tests on Django's live server) ends by flushing every table, which also empties
    what the migrations loaded; the next such test in the same process would find no 纠纷类型 to choose. The loaders
    skip or ``get_or_create`` what is already there; the regions loader inserts the whole tree, so it runs only on an
    empty table."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    with connection.schema_editor() as schema_editor:
        _run_loaders(loader, apps, schema_editor)


def _run_loaders(loader: Any, apps: Any, schema_editor: Any) -> None:
    from django.db.migrations.operations.special import RunPython

    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        if "_load_" not in name:
            continue
        if app_label == "orgs" and Region.objects.exists():
            continue
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                operation.code(apps, schema_editor)


class TokenApi:
    """An API client as an outside system uses it: JSON with ``Authorization: Bearer <token>``, no session, paths
    relative to one router's prefix (e.g. ``/api/v1/mediation``)."""

    def __init__(self, token: str, base: str = "") -> None:
        from django.test import Client

        self.client = Client()
        self.base = base
        self.headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(self.base + path, params or {}, **self.headers)

    def send(self, method: str, path: str, body: dict[str, Any]) -> Any:
        import json

        return getattr(self.client, method)(self.base + path, json.dumps(body), content_type="application/json", **self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.send("post", path, body)


def token_api(user: User, password: str, base: str = "", name: str = "台账同步") -> TokenApi:
    """Ask ``POST /api/v1/auth/token`` for a personal access token and return a client that uses it."""
    import json

    from django.test import Client

    r = Client().post("/api/v1/auth/token", json.dumps({"username": user.username, "password": password, "name": name}),
                      content_type="application/json")
    assert r.status_code == 201, r.content
    return TokenApi(r.json()["token"], base)
