"""Permission-walk specs for 文书 pages (see core/walk.py)."""

from __future__ import annotations

from typing import Any

from core.errors import ServiceUnavailable
from core.testing import valid_id_number
from core.walk import WalkSpec
from documents.pdf import libreoffice_binary
from documents.services import document_generate, document_pdf_store
from people.services import PersonInput, person_create

SAMPLE = "孙文书"
PDF_SAMPLE = b"%PDF-1.4\n% sample\n"


def _person(personas: Any) -> Any:
    return person_create(actor=personas.owner, org=personas.office, data=PersonInput(name=SAMPLE, id_number=valid_id_number(seq="125")))


def _document(personas: Any) -> Any:
    person = _person(personas)
    return document_generate(actor=personas.owner, kind="person_sheet", target=person, org=personas.office)


def _listed(personas: Any) -> dict[str, Any]:
    _document(personas)
    return {}


def _uuid(personas: Any) -> dict[str, Any]:
    return {"uuid": _document(personas).uuid}


def _with_pdf(personas: Any) -> dict[str, Any]:
    document = _document(personas)
    document_pdf_store(document=document, content=PDF_SAMPLE)
    return {"uuid": document.uuid}


def _generate(personas: Any) -> dict[str, Any]:
    return {"kind": "person_sheet", "uuid": _person(personas).uuid}


def _libreoffice_present() -> bool:
    try:
        libreoffice_binary()
    except ServiceUnavailable:
        return False
    return True


WALK: dict[str, WalkSpec | list[WalkSpec]] = {
    "documents:list": WalkSpec("list", build=_listed, sample=SAMPLE),
    # Generating writes a new document of the record's office: the auditor (view only) is refused with 403.
    "documents:generate": WalkSpec("write", build=_generate),
    "documents:download": WalkSpec("detail", build=_uuid),
    "documents:pdf": WalkSpec("detail", build=_with_pdf),
    # On a server without LibreOffice the owner is told so (503, ServiceUnavailable) and nothing is queued.
    "documents:pdf_request": WalkSpec("write", build=_uuid, expect={} if _libreoffice_present() else {"owner": 503}),
}
