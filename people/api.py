"""人员信息库 over the API: list, detail, register, edit, the audited reveal of an ID number and 合并重复人员.
Writes go through ``people.services``; the full ID number leaves the server only through reveal."""

import datetime as dt
import uuid as uuid_lib
from typing import Any

from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from accounts.selectors import writable_orgs
from core.access import access_object, require_perm
from core.api import IMPORT_ANSWERS, IMPORT_DESCRIPTION, ErrorOut, IdKeyFilters, ImportIn
from core.errors import AccessDenied, ValidationFailed
from core.forms import client_ip
from core.imports import import_start
from core.models import TaskRun
from core.routes import detail_route, list_route
from core.taskruns import taskrun_status
from orgs.models import Org, Region
from people import selectors, services
from people.choices import ETHNICITY_CHOICES, Sex
from people.filtersets import PersonFilterSet
from people.models import Person
from people.views import REGISTERING_KINDS

router = Router(tags=["人员信息库"])

ETHNICITY_CODES = {code for code, _ in ETHNICITY_CHOICES}


class PersonOut(Schema):
    uuid: uuid_lib.UUID
    name: str
    sex: str
    sex_display: str = Field(..., alias="get_sex_display")
    ethnicity: str
    ethnicity_display: str = Field(..., alias="get_ethnicity_display")
    birth_date: dt.date | None
    id_number_masked: str = Field(..., description="部分隐藏的身份证号码；完整号码只能通过 reveal-id 查看（留痕）")
    phone: str
    region_code: str | None
    address_detail: str
    org_code: str = Field(..., alias="org.code")
    org_name: str = Field(..., alias="org.name")
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_region_code(obj: Person) -> str | None:
        return obj.region.code if obj.region_id and obj.region else None


class PersonFilters(IdKeyFilters):
    name: str | None = Field(None, max_length=50, description="姓名包含")
    sex: str | None = Field(None, description="性别代码：1 男，2 女，9 未说明")
    org: str | None = Field(None, max_length=100, description="登记单位名称包含")
    phone: str | None = Field(None, max_length=20, description="联系电话包含")


class PersonFields(Schema):
    name: str = Field(..., max_length=50, description="姓名")
    sex: str = Field("9", description="性别代码（GB/T 2261.1）：1 男，2 女，9 未说明；填写身份证号码时以号码为准")
    ethnicity: str = Field("", description="民族代码（GB/T 3304），如 01 汉族；不填则留空")
    birth_date: dt.date | None = None
    id_number: str = Field("", max_length=18, description="公民身份号码（18位）")
    phone: str = Field("", max_length=20)
    region: str | None = Field(None, max_length=12, description="住址行政区划代码")
    address_detail: str = Field("", max_length=200)
    note: str = Field("", max_length=200)


class PersonCreateIn(PersonFields):
    org: str = Field(..., max_length=32, description="登记单位的机构编码，须为您有权登记人员的单位")
    confirm_duplicate: bool = Field(False, description="您可查看的其他单位已登记该号码，或已有同名且出生日期相同的人员时，确认仍在本单位登记")


class PersonPatchIn(Schema):
    name: str | None = Field(None, max_length=50)
    sex: str | None = None
    ethnicity: str | None = None
    birth_date: dt.date | None = None
    id_number: str | None = Field(None, max_length=18, description="不填则保持原号码")
    phone: str | None = Field(None, max_length=20)
    region: str | None = Field(None, max_length=12)
    address_detail: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=200)
    org: str | None = Field(None, max_length=32, description="移交到另一登记单位（机构编码）")


class PersonMergeIn(Schema):
    other: uuid_lib.UUID = Field(..., description="要并入本人员的重复记录的 uuid（须在 duplicates 接口的结果中）")


class RevealOut(Schema):
    id_number: str


def _region(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationFailed(f"住址区划代码“{code}”不存在，请按行政区划接口中的代码填写", field="region")
    return region


def _registering_org(request: HttpRequest, code: str) -> Org:
    """The org named by ``code`` if the user may register people there: invisible is 404, visible but not writable 403."""
    if not code.strip():
        raise ValidationFailed("请填写登记单位的机构编码", field="org")
    org = writable_orgs(request.user, Person).filter(kind__in=REGISTERING_KINDS, code=code).first()
    if org is not None:
        return org  # type: ignore[no-any-return]
    visible = access_object(request.user, Org, code=code)
    raise AccessDenied(f"您不能在“{visible.name}”登记人员，请选择您所在的司法所或有权管理的单位", code="org_not_writable")


def _to_input(fields: dict[str, Any]) -> services.PersonInput:
    if fields["sex"] not in Sex.values:
        raise ValidationFailed("性别代码应为 1（男）、2（女）或 9（未说明）", field="sex")
    if fields["ethnicity"] and fields["ethnicity"] not in ETHNICITY_CODES:
        raise ValidationFailed("民族代码不正确，请按 GB/T 3304 填写两位数字代码，如 01（汉族）", field="ethnicity")
    return services.PersonInput(
        name=fields["name"], sex=fields["sex"], ethnicity=fields["ethnicity"], birth_date=fields["birth_date"],
        id_number=fields["id_number"] or "", phone=fields["phone"] or "", region=_region(fields["region"]),
        address_detail=fields["address_detail"] or "", note=fields["note"] or "",
    )


list_route(router, "", name="person_list", response=PersonOut, summary="人员列表", filters=PersonFilters,
           filterset=PersonFilterSet, selector=selectors.person_list, description="数据权限范围内的人员，筛选条件与网页列表相同。")


@router.post("", response={201: PersonOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}, summary="登记人员")
@sensitive_variables("payload")
def person_create(request: HttpRequest, payload: PersonCreateIn) -> Status:
    """同一单位对同一身份证号码只登记一次（409 duplicate）；您可查看的其他单位已登记该号码，或已有同名且出生日期相同的人员时，
    须确认后再登记（409 possible_duplicate）。您数据范围外的记录不会被提及。"""
    require_perm(request.user, "people.add_person", what="登记人员")
    org = _registering_org(request, payload.org)
    data = _to_input(payload.dict())
    person = services.person_create(actor=request.user, org=org, data=data, confirm_duplicate=payload.confirm_duplicate,
                                    ip_address=client_ip(request))
    return Status(201, _person(request, person.uuid))


@router.post("/import", response=IMPORT_ANSWERS, summary="导入人员信息（Excel）", description=(
    "与“人员信息”页面的导入相同：每一行经登记人员的同一业务规则登记，``update_existing`` 时按身份证号码更新本单位已登记的人员；"
    "其他单位登记的号码作为本单位的新记录导入，不透露其他单位的任何信息。" + IMPORT_DESCRIPTION))
def person_import(request: HttpRequest, file: File[UploadedFile], data: Form[ImportIn]) -> Status:
    """The page's import dialog over the API: the same ``core.imports.import_start`` and task."""
    require_perm(request.user, "people.add_person", what="导入人员")
    org = _registering_org(request, data.org)
    run: TaskRun = import_start(actor=request.user, org=org, upload=file, importer="people.imports.people_import",
                                label="导入人员信息", update_existing=data.update_existing, ip_address=client_ip(request))
    return Status(202, taskrun_status(run))


_person = detail_route(router, "/{uuid}", name="person_detail", response=PersonOut, summary="人员详情", model=Person,
                       selector=selectors.person_list)


@router.patch("/{uuid}", response={200: PersonOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}, summary="修改人员")
@sensitive_variables("payload")
def person_update(request: HttpRequest, uuid: uuid_lib.UUID, payload: PersonPatchIn) -> Person:
    """只修改请求中给出的字段。"""
    person = access_object(request.user, Person, action="change", uuid=uuid)
    given = payload.dict(exclude_unset=True)
    current = {
        "name": person.name, "sex": person.sex, "ethnicity": person.ethnicity, "birth_date": person.birth_date,
        "id_number": "", "phone": person.phone, "region": person.region.code if person.region_id and person.region else None,
        "address_detail": person.address_detail, "note": person.note,
    }
    if given.get("id_number"):
        # A new ID number carries its own birth date and sex; keep the old ones only if given again.
        current["birth_date"], current["sex"] = None, Sex.UNKNOWN.value
    data = _to_input({**current, **{k: v for k, v in given.items() if k != "org"}})
    org = _registering_org(request, given["org"]) if given.get("org") and given["org"] != person.org.code else None
    services.person_update(actor=request.user, person=person, data=data, org=org, ip_address=client_ip(request))
    return _person(request, person.uuid)


@router.post("/{uuid}/reveal-id", response={200: RevealOut, 403: ErrorOut, 404: ErrorOut}, summary="查看完整身份证号码")
def person_reveal_id(request: HttpRequest, uuid: uuid_lib.UUID) -> dict[str, str]:
    """需要“查看完整身份证号码”权限；每次查看都记入操作日志。"""
    person = access_object(request.user, Person, uuid=uuid)
    require_perm(request.user, "people.reveal_idnumber", what="查看完整身份证号码")
    return {"id_number": services.person_reveal_id_number(actor=request.user, person=person, ip_address=client_ip(request))}


@router.get("/{uuid}/duplicates", response={200: list[PersonOut], 403: ErrorOut, 404: ErrorOut}, summary="重复人员")
def person_duplicates(request: HttpRequest, uuid: uuid_lib.UUID) -> list[Person]:
    """您有权修改的、与该人员身份证号码相同（或无号码而姓名、出生日期相同）的其他记录；其他单位的记录不会列出。"""
    person = access_object(request.user, Person, action="change", uuid=uuid)
    return services.person_duplicates(actor=request.user, person=person)


@router.post("/{uuid}/merge", response={200: PersonOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}, summary="合并重复人员")
def person_merge(request: HttpRequest, uuid: uuid_lib.UUID, payload: PersonMergeIn) -> Person:
    """把 ``other`` 并入该人员：业务记录改为指向该人员，``other`` 删除，记入操作日志。两条记录都须在您的修改权限范围内，否则 404。"""
    keep = access_object(request.user, Person, action="change", uuid=uuid)
    drop = access_object(request.user, Person, action="change", uuid=payload.other)
    services.person_merge(actor=request.user, keep=keep, drop=drop, ip_address=client_ip(request))
    return _person(request, keep.uuid)
