"""人员信息库 pages: list, register, edit, detail, the audited reveal of an ID number and 合并重复人员."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import require_create_orgs
from accounts.selectors import post_org, writable_orgs
from core.access import access_object, require_perm
from core.details import RecordView
from core.exports import xlsx_response
from core.forms import client_ip, record_dialog
from core.http import AuthedRequest
from core.imports import import_dialog, template_bytes
from core.lists import ScopedListView
from core.models import AuditEvent
from orgs.models import Org
from people import imports, selectors, services
from people.filtersets import PersonFilterSet
from people.forms import PersonForm, PersonMergeForm
from people.models import Person
from people.tables import PersonTable

REGISTERING_KINDS = [Org.Kind.OFFICE, Org.Kind.COUNTY_BUREAU, Org.Kind.CITY_BUREAU, Org.Kind.SERVICE_CENTER]


class PersonListView(ScopedListView):
    model = Person
    filterset_class = PersonFilterSet
    table_class = PersonTable
    title = "人员信息库"
    create_url_name = "people:create"
    create_orgs = lambda user: writable_orgs(user, Person).filter(kind__in=REGISTERING_KINDS)  # noqa: E731
    import_url_name = "people:import"
    export_filename = "人员信息"
    export_columns = [
        ("姓名", lambda p: p.name),
        ("性别", lambda p: p.get_sex_display()),
        ("民族", lambda p: p.get_ethnicity_display()),
        ("出生日期", lambda p: p.birth_date),
        ("身份证号码（部分隐藏）", lambda p: p.id_number_masked),
        ("联系电话", lambda p: p.phone),
        ("住址", lambda p: p.address_full),
        ("登记单位", lambda p: p.org.name),
        ("登记时间", lambda p: p.created_at),
    ]
    table_only = ("uuid", "name", "sex", "ethnicity", "birth_date", "id_number_masked", "phone", "created_at")
    selector = selectors.person_table
    export_related = ("org", "region")  # the export prints the address and the org's full name


def _orgs(request: HttpRequest):  # type: ignore[no-untyped-def]
    return writable_orgs(request.user, Person).filter(kind__in=REGISTERING_KINDS)


def _create(request: AuthedRequest, _: None, cd: dict[str, Any]) -> str:
    person = services.person_create(actor=request.user, org=cd["org"], data=PersonForm.to_input(cd),
                                    confirm_duplicate=cd.get("confirm_duplicate", False), ip_address=client_ip(request))
    return f"已登记 {person.name}"


person_create = record_dialog(
    form=PersonForm, title="登记人员", save=_create,
    form_kwargs=lambda request, _: {"orgs": (orgs := require_create_orgs(_orgs(request), what="登记人员")),
                                    "initial": {"org": post_org(request.user, orgs)}},
    perm=("people.add_person", "登记人员"), redirect_to="/people/", template="people/person_form.html", sensitive=("id_number",),
)


def _edit_form(request: AuthedRequest, person: Person) -> dict[str, Any]:
    initial = {
        "name": person.name, "sex": person.sex, "ethnicity": person.ethnicity, "birth_date": person.birth_date,
        "phone": person.phone, "region": person.region_id, "address_detail": person.address_detail,
        "org": person.org_id, "note": person.note,
    }
    return {"initial": initial, "orgs": (_orgs(request) | Org.objects.filter(pk=person.org_id)).distinct(), "editing": True}


person_edit = record_dialog(
    Person, form=PersonForm, title="修改人员 {obj.name}", form_kwargs=_edit_form, template="people/person_form.html",
    save=lambda request, person, cd: services.person_update(actor=request.user, person=person, data=PersonForm.to_input(cd),
                                                            org=cd["org"], ip_address=client_ip(request)),
    message="修改成功", sensitive=("id_number",),
)


class PersonDetailView(RecordView):
    model = Person
    template_name = "people/person_detail.html"
    object_name = "person"
    list_title, list_url_name = "人员信息库", "people:list"
    heading = "{obj.name}"

    def get_context(self, request: HttpRequest, person: Person, *, can_change: bool) -> dict[str, Any]:
        return {
            "history": AuditEvent.objects.filter(content_type__app_label="people", content_type__model="person",
                                                 object_id=str(person.pk)).select_related("actor")[:20],
            "can_reveal": request.user.has_perm("people.reveal_idnumber") and bool(person.id_number_hash),
            # Rows of the same person the user may change; other offices' rows stay unmentioned.
            "duplicates": services.person_duplicates(actor=request.user, person=person) if can_change else [],
        }


# 合并重复人员 into this person: offered only among rows the user may change, so a row outside the user's scope
# (named by its uuid in the request) is not found (404), like any record outside the scope.
person_merge = record_dialog(
    Person, form=PersonMergeForm, title="合并重复人员：{obj.name}", template="people/person_merge.html",
    form_kwargs=lambda request, _: {"user": request.user},
    save=lambda request, person, cd: services.person_merge(actor=request.user, keep=person, drop=cd["other"],
                                                           ip_address=client_ip(request)),
    message=lambda person: f"已将重复记录并入 {person.name}",
    extra=lambda request, person: {"person": person, "duplicates": services.person_duplicates(actor=request.user, person=person)},
)


@login_required
@require_POST
def person_reveal(request: HttpRequest, uuid: str) -> HttpResponse:
    person = access_object(request.user, Person, uuid=uuid)
    require_perm(request.user, "people.reveal_idnumber", what="查看完整身份证号码")
    number = services.person_reveal_id_number(actor=request.user, person=person, ip_address=client_ip(request))
    return render(request, "people/partials/revealed.html", {"number": number})


@login_required
def person_import_template(request: AuthedRequest) -> HttpResponse:
    content = template_bytes(title="人员信息导入模板", columns=imports.COLUMNS, example=imports.EXAMPLE)
    return xlsx_response(filename="人员信息导入模板", content=content)


@login_required
def person_import(request: AuthedRequest) -> HttpResponse:
    """Upload an Excel file; the import runs as a task whose progress the dialog polls."""
    require_perm(request.user, "people.add_person", what="导入人员")
    return import_dialog(
        request, orgs=require_create_orgs(_orgs(request), what="导入人员信息"), importer="people.imports.people_import", label="导入人员信息",
        template_url=reverse("people:import_template"), done_url=reverse("people:list"),
        update_label="更新已经存在的数据（按身份证号码匹配）",
    )
