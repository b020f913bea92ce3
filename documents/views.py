"""文书 pages: generate from a record, download Word and PDF, request a PDF, and the scoped list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.access import access_object, require_perm
from core.audit import audit_record
from core.errors import NotFound, ValidationFailed
from core.forms import client_ip
from core.http import AuthedRequest
from core.lists import ScopedListView
from documents import selectors, services
from documents.filtersets import GeneratedDocumentFilterSet
from documents.models import GeneratedDocument
from documents.registry import kind_get
from documents.tables import GeneratedDocumentTable

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocumentListView(ScopedListView):
    model = GeneratedDocument
    filterset_class = GeneratedDocumentFilterSet
    table_class = GeneratedDocumentTable
    title = "文书管理"
    export_filename = "文书清单"
    export_columns = [
        ("文号", lambda d: d.number),
        ("标题", lambda d: d.title),
        ("文书类型", lambda d: d.kind_label),
        ("模板版本", lambda d: d.version),
        ("所属单位", lambda d: d.org.name),
        ("生成人", lambda d: str(d.created_by) if d.created_by else ""),
        ("生成时间", lambda d: d.created_at),
        ("PDF", lambda d: d.get_pdf_status_display()),
    ]

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return selectors.document_list(request.user)


@login_required
@require_POST
def document_generate(request: AuthedRequest, kind: str, uuid: str) -> HttpResponse:
    """Generate a document of ``kind`` from the record ``uuid``: the record must be visible (else 404) and changeable by
    the user (else 403), and the user must be allowed to add documents (else 403); the document belongs to the record's office. A per-part kind
    names its sub-record in the ``part`` field (looked up among the record's own parts, else 404). A record that
    lacks what the document needs goes back to its page with the reason."""
    spec = kind_get(kind)
    # Issuing a document of a record is a write on it: the change right (for a case, the 办案范围 of the user's role).
    target = access_object(request.user, spec.model_class(), action="change", uuid=uuid)
    require_perm(request.user, "documents.add_generateddocument", what="生成文书")
    part = None
    part_pk = request.POST.get("part", "")
    if spec.parts is not None and part_pk:
        part = spec.parts(target).filter(pk=part_pk).first() if part_pk.isdigit() else None
        if part is None:
            raise NotFound("未找到要生成文书的记录，请刷新页面后重试")
    try:
        document = services.document_generate(actor=request.user, kind=spec.code, target=target, org=target.org,  # type: ignore[attr-defined]
                                              ip_address=client_ip(request), part=part)
    except ValidationFailed as exc:
        messages.error(request, f"无法生成{spec.label}：{exc.message}")
    else:
        messages.success(request, f"已生成{spec.label}，文号 {document.number}")
    return redirect(target.get_absolute_url())  # type: ignore[attr-defined]


def _file_response(request: AuthedRequest, document: GeneratedDocument, *, pdf: bool) -> FileResponse:
    field = document.pdf_file if pdf else document.file
    suffix = "PDF" if pdf else "Word"
    audit_record(actor=request.user, action="export", summary=f"下载文书{suffix}版 {document.number}", obj=document,
                 ip_address=client_ip(request))
    return FileResponse(field.open("rb"), as_attachment=True, filename=f"{document.download_name}.{'pdf' if pdf else 'docx'}",
                        content_type="application/pdf" if pdf else DOCX_TYPE)


@login_required
def document_download(request: AuthedRequest, uuid: str) -> FileResponse:
    document = access_object(request.user, GeneratedDocument, uuid=uuid)
    return _file_response(request, document, pdf=False)


@login_required
def document_pdf(request: AuthedRequest, uuid: str) -> FileResponse:
    document = access_object(request.user, GeneratedDocument, uuid=uuid)
    if document.pdf_status != GeneratedDocument.PdfStatus.DONE or not document.pdf_file:
        raise NotFound("该文书还没有 PDF 版本，请先点击“生成 PDF”，完成后再下载；也可以直接下载 Word 版本")
    return _file_response(request, document, pdf=True)


@login_required
@require_POST
def document_pdf_request(request: AuthedRequest, uuid: str) -> HttpResponse:
    """Start the PDF conversion; an htmx request gets the progress bar, a plain form goes back to the record."""
    document = access_object(request.user, GeneratedDocument, action="change", uuid=uuid)
    run = services.document_pdf_request(actor=request.user, document=document, ip_address=client_ip(request))
    if getattr(request, "htmx", False):
        return render(request, "core/taskrun_progress.html", {"run": run})
    messages.success(request, "已开始生成 PDF，完成后可在文书列表中下载")
    target = document.target
    return redirect(target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else "documents:list")
