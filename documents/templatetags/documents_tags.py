"""``{% document_panel record %}``: on a record's detail page, the buttons to generate each document kind
registered for its model and the list of documents already generated from it (scoped to the viewer).
``{% document_button "kind" record part %}``: one generate button placed next to the matching section of the page
(a per-part kind names the sub-record); shown only to users who may generate and when the record is ready."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from documents.pdf import pdf_available
from documents.registry import kind_get, kinds_for_model
from documents.selectors import documents_of

register = template.Library()


@register.inclusion_tag("documents/panel.html", takes_context=True)
def document_panel(context: dict[str, Any], record: Model) -> dict[str, Any]:
    user = context["request"].user
    return {
        "record": record,
        "kinds": [k for k in kinds_for_model(type(record), panel_only=True)
                  if (not k.perm or user.has_perm(k.perm)) and not k.missing_for(record)],
        "documents": list(documents_of(user, record)[:50]),
        "can_generate": user.has_perm("documents.add_generateddocument"),
        "can_request_pdf": user.has_perm("documents.change_generateddocument") and pdf_available(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("documents/button.html", takes_context=True)
def document_button(context: dict[str, Any], code: str, record: Model, part: Model | None = None) -> dict[str, Any]:
    kind = kind_get(code)
    user = context["request"].user
    allowed = user.has_perm("documents.add_generateddocument") and (not getattr(kind, "perm", "") or user.has_perm(kind.perm))
    return {
        "kind": kind, "record": record, "part": part, "show": allowed and not kind.missing_for(record, part),
        "csrf_token": context.get("csrf_token"),
    }
