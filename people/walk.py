"""Permission-walk specs for 人员信息库 pages and API, and for the 文书 pages (see core/walk.py)."""

from typing import Any

from core.errors import ServiceUnavailable
from core.testing import valid_id_number
from core.walk import WalkSpec
from documents.pdf import libreoffice_binary
from documents.services import document_generate, document_pdf_store
from people.services import PersonInput, person_create, person_find_or_create

SAMPLE = "王小红"


def _person(personas: Any) -> Any:
    return person_create(actor=personas.owner, org=personas.office, data=PersonInput(name=SAMPLE, id_number=valid_id_number(seq="124")))


def _listed(personas: Any) -> dict[str, Any]:
    _person(personas)
    return {}


def _uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": _person(personas).uuid}


def _edit(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    person = _person(personas)
    return {"uuid": person.uuid}, {"name": "王小红改", "sex": "2", "ethnicity": "01", "org": personas.office.pk}


def _twins(personas: Any) -> tuple[Any, Any]:
    """The office's row and a citizen's online application for the same ID number: two rows to merge."""
    person = _person(personas)
    applied = person_find_or_create(actor=None, org=personas.office,
                                    data=PersonInput(name="王晓红", id_number=valid_id_number(seq="124"), phone="13900000003"))
    return person, applied


def _merge(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    person, applied = _twins(personas)
    return {"uuid": person.uuid}, {"other": str(applied.uuid)}


def _create_form(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {"name": "李四", "sex": "9", "ethnicity": "01", "org": personas.office.pk}


def _patch(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"uuid": _person(personas).uuid}, {"name": "王小红改"}


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "people:list": WalkSpec("list", build=_listed, sample=SAMPLE),
    # The dialog offers only the orgs the user may register in, so the owner office is an invalid choice (422): for the
    # outsider, and for the county, which registers people at its own bureau but not at the office (办案范围).
    "people:create": WalkSpec("create", build=_create_form, expect={"outsider": 422, "supervisor": 422}),
    # The import dialog lets each office (and the county bureau) import into its own orgs; the auditor may not import.
    "people:import": WalkSpec("create", method="GET", expect={"outsider": "ok", "supervisor": "ok"}),
    "people:import_template": WalkSpec("self"),
    "people:detail": WalkSpec("detail", build=_uuid),
    "people:edit": WalkSpec("write", build=_edit),
    "people:reveal": WalkSpec("write", build=_uuid),
    "people:merge": WalkSpec("write", build=_merge),
    "api:person_list": WalkSpec("list", build=_listed, sample=SAMPLE),
    "api:person_create": WalkSpec("create", build=lambda p: ({}, {"name": "李四", "org": p.office.code})),
    "api:person_detail": WalkSpec("detail", build=_uuid),
    "api:person_update": WalkSpec("write", method="PATCH", build=_patch),
    "api:person_reveal_id": WalkSpec("write", build=_uuid),
    # Lists rows the user may change: the read-only auditor is refused like any change (403), and so is the county,
    # which reads the office's people but does not change them (办案范围).
    "api:person_duplicates": WalkSpec("detail", build=lambda p: {"uuid": _twins(p)[0].uuid},
                                      expect={"readonly": 403, "supervisor": 403}),
    "api:person_merge": WalkSpec("write", build=_merge),
    # The outsider names the owner office, which it cannot see (404); the auditor may not register people (403).
    "api:person_import": WalkSpec("create", build=lambda p: _import_upload(p)),
}


def _import_upload(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The import template itself: its second row is a valid example person."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.imports import template_bytes
    from people.imports import COLUMNS, EXAMPLE

    content = template_bytes(title="人员信息导入模板", columns=COLUMNS, example=EXAMPLE)
    return {}, {"file": SimpleUploadedFile("人员.xlsx", content), "org": personas.office.code}


DOCUMENT_SAMPLE = "孙文书"
PDF_SAMPLE = b"%PDF-1.4\n% sample\n"


def _doc_person(personas: Any) -> Any:
    return person_create(actor=personas.owner, org=personas.office, data=PersonInput(name=DOCUMENT_SAMPLE, id_number=valid_id_number(seq="125")))


def _doc_document(personas: Any) -> Any:
    person = _doc_person(personas)
    return document_generate(actor=personas.owner, kind="person_sheet", target=person, org=personas.office)


def _doc_listed(personas: Any) -> dict[str, Any]:
    _doc_document(personas)
    return {}


def _doc_uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": _doc_document(personas).uuid}


def _doc_with_pdf(personas: Any) -> dict[str, Any]:
    document = _doc_document(personas)
    document_pdf_store(document=document, content=PDF_SAMPLE)
    return {"uuid": document.uuid}


def _doc_generate(personas: Any) -> dict[str, Any]:
    return {"kind": "person_sheet", "uuid": _doc_person(personas).uuid}


def _libreoffice_present() -> bool:
    try:
        libreoffice_binary()
    except ServiceUnavailable:
        return False
    return True


# 文书 pages. documents sits below people and has no document kind of its own, so its pages are walked here, with
# the 人员基本信息表 people registers.
WALK.update({
    "documents:list": WalkSpec("list", build=_doc_listed, sample=DOCUMENT_SAMPLE),
    # Generating writes a new document of the record's office: the auditor (view only) is refused with 403, and so is
    # the county, which may not change the office's record (办案范围).
    "documents:generate": WalkSpec("write", build=_doc_generate),
    "documents:download": WalkSpec("detail", build=_doc_uuid),
    "documents:pdf": WalkSpec("detail", build=_doc_with_pdf),
    # On a server without LibreOffice the owner is told so (503, ServiceUnavailable) and nothing is queued.
    # A PDF copy of a document already issued changes nothing of the case: not a case write.
    "documents:pdf_request": WalkSpec("write", build=_doc_uuid, expect={} if _libreoffice_present() else {"owner": 503}, case=False),
})

WALK.update({
    "api:document_list": WalkSpec("list", build=_doc_listed, sample=DOCUMENT_SAMPLE),
    "api:document_kind_list": WalkSpec("self"),
    "api:document_detail": WalkSpec("detail", build=_doc_uuid),
    "api:document_generate": WalkSpec("write", build=lambda p: (_doc_generate(p), {})),
    "api:document_download": WalkSpec("detail", build=_doc_uuid),
    "api:document_pdf": WalkSpec("detail", build=_doc_with_pdf),
    # Without LibreOffice the owner is answered 503 and nothing is queued, as on the page.
    "api:document_pdf_request": WalkSpec("write", build=_doc_uuid, expect={} if _libreoffice_present() else {"owner": 503},
                                         case=False),
})
