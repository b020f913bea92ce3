"""The project's URLs plus a small module declared with the generic helpers only (``core.lists``, ``core.details``,
``core.forms.record_dialog``, ``core.routes``), on the 人员 model: what ``core/tests/test_generic_views.py`` drives."""

import uuid as uuid_lib
from typing import Any

from django import forms
from django.urls import path
from ninja import NinjaAPI, Router, Schema

from accounts.api_auth import SessionAuth, TokenAuth
from core.api import IdKeyFilters, install_error_handlers
from core.details import Panel, RecordView
from core.errors import AccessDenied, DuplicateRecord, ValidationFailed
from core.forms import StyledForm, record_dialog
from core.lists import ScopedListView
from core.routes import action_route, detail_route, list_route
from people import selectors, services
from people.filtersets import PersonFilterSet
from people.models import Person
from people.tables import PersonTable
from sifasuo.urls import urlpatterns as project_urlpatterns


def note_save(*, actor: Any, person: Person, note: str) -> Person:
    """A service as a module writes one: it refuses with ``core.errors`` and otherwise saves through the model's
    own service (audit row included)."""
    if note == "invalid":
        raise ValidationFailed("备注不能是 invalid，请改写", field="note")
    if note == "duplicate":
        raise DuplicateRecord("已有相同备注", field="note")
    if note == "forbidden":
        raise AccessDenied("该人员的备注由登记单位填写")
    data = services.PersonInput(name=person.name, sex=person.sex, ethnicity=person.ethnicity, birth_date=person.birth_date,
                                phone=person.phone, region=person.region, address_detail=person.address_detail, note=note)
    services.person_update(actor=actor, person=person, data=data)
    return person


class PersonListView(ScopedListView):
    model = Person
    filterset_class = PersonFilterSet
    table_class = PersonTable
    title = "人员（测试）"
    selector = selectors.person_table
    export_columns = [("姓名", lambda p: p.name), ("登记单位", lambda p: p.org.name)]
    export_related = ("org",)


class PersonPage(RecordView):
    model = Person
    list_title, list_url_name = "人员（测试）", "generic_list"
    heading = "{obj.name}"
    panels = [
        Panel("登记信息", fields=(("姓名", "name"), ("性别", "get_sex_display"), ("登记单位", "org.name"), ("备注", "note"))),
        Panel("联系方式", fields=(("联系电话", lambda p: p.phone or "未登记"),), side=True),
    ]


class NoteForm(StyledForm):
    note = forms.CharField(label="备注", max_length=200)


note_dialog = record_dialog(
    Person, form=NoteForm, title="修改备注：{obj.name}", message="已保存备注",
    save=lambda request, person, cd: note_save(actor=request.user, person=person, note=cd["note"]),
)


class GenericPersonOut(Schema):
    uuid: uuid_lib.UUID
    name: str
    note: str


class GenericPersonFilters(IdKeyFilters):
    name: str | None = None


class GenericNoteIn(Schema):
    note: str


router = Router()
list_route(router, "/people", name="generic_person_list", response=GenericPersonOut, summary="人员",
           filters=GenericPersonFilters, filterset=PersonFilterSet, selector=selectors.person_list, order_by=("name",))
person_record = detail_route(router, "/people/{uuid}", name="generic_person_detail", response=GenericPersonOut,
                             summary="人员", model=Person, selector=selectors.person_list)
action_route(router, "/people/{uuid}/note", name="generic_person_note", model=Person, payload=GenericNoteIn,
             response=GenericPersonOut, reader=person_record, summary="修改备注",
             run=lambda request, person, p: note_save(actor=request.user, person=person, note=p.note))
action_route(router, "/people/{uuid}/reveal", name="generic_person_reveal", model=Person, action="view", status=201,
             perm=("people.reveal_idnumber", "查看完整身份证号码"), response=GenericPersonOut, summary="查看",
             run=lambda request, person, _: person)

api = NinjaAPI(urls_namespace="generic_api", auth=[TokenAuth(), SessionAuth()], docs_url=None)
install_error_handlers(api)
api.add_router("/", router)

urlpatterns = [
    path("generic/people/", PersonListView.as_view(), name="generic_list"),
    path("generic/people/<uuid:uuid>/", PersonPage.as_view(), name="generic_detail"),
    path("generic/people/<uuid:uuid>/note/", note_dialog, name="generic_note"),
    path("generic/api/", api.urls),
    *project_urlpatterns,
]
