"""Background work of the documents engine."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def document_pdf_task(document_id: int) -> dict[str, Any]:
    """Convert one generated document to PDF with LibreOffice (seconds per document, so never in a request)."""
    from documents.models import GeneratedDocument
    from documents.services import document_pdf_convert

    document = GeneratedDocument.objects.select_related("pdf_run").get(pk=document_id)
    return document_pdf_convert(document=document)
