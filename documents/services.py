"""Writes of the documents engine: generate a numbered document from a record, request and store its PDF."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record
from core.errors import AccessDenied, ServiceUnavailable, ValidationFailed
from core.ledger import ledger_record
from core.models import TaskRun
from core.numbering import document_number_issue
from core.services import ensure_in_scope
from core.taskruns import TaskRunGone, taskrun_enqueue, taskrun_finish, taskrun_hold, taskrun_progress, taskrun_start
from documents.models import GeneratedDocument
from documents.pdf import docx_to_pdf, libreoffice_binary
from documents.registry import kind_get
from documents.rendering import render_docx


def document_generate(*, actor: Any, kind: str, target: Model, org: Any, ip_address: str | None = None,
                      part: Model | None = None) -> GeneratedDocument:
    """Issue the next 文号 of ``org`` for this kind and year, render the template with the record's data and keep
    the file. One render and no outside program: fast enough for the request. The number is reserved in the same transaction as the
    document, so a refused write (e.g. outside the actor's scope) gives no number away. ``part`` is the sub-record a
    per-part kind is written from (one 调查记录 of the dispute); a record that still lacks what the document needs is
    refused with the kind's Chinese explanation before any number is issued."""
    spec = kind_get(kind)
    if not isinstance(target, spec.model_class()):
        raise ValidationFailed(f"{spec.label}只能由{spec.model_class()._meta.verbose_name}生成，请在对应记录的详情页生成")
    if spec.parts is not None:
        if part is None or not spec.parts(target).filter(pk=part.pk).exists():
            raise ValidationFailed(f"请在记录详情页中对应的记录旁点击“{spec.action_label}”")
    elif part is not None:
        raise ValidationFailed(f"{spec.label}按整条记录生成，不需要选择其中的某一项")
    missing = spec.missing_for(target, part)
    if missing:
        raise ValidationFailed(missing)
    if spec.perm and not actor.has_perm(spec.perm):
        raise AccessDenied(f"您没有生成{spec.label}的权限")
    with transaction.atomic():
        issued_on = timezone.localdate()
        number_org = spec.issuer(target) if spec.issuer is not None else org
        number = document_number_issue(org=number_org, kind=spec.number_kind, year=issued_on.year)
        extra = {"part": part} if spec.parts is not None else {}
        context = spec.context_builder(target, org=org, number=number, issued_on=issued_on, actor=actor, **extra)
        document = GeneratedDocument(
            org=org, created_by=actor, kind=spec.code, version=spec.version, number=number, title=spec.title_for(target, part)[:200],
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk),
            part_id=str(part.pk) if part is not None else "",
        )
        content = spec.renderer(spec, context) if spec.renderer is not None else render_docx(spec.template_file, context)
        document.file.save(f"{spec.code}-{document.uuid}.docx", ContentFile(content), save=False)
        try:
            document.save()
            ensure_in_scope(actor=actor, obj=document, action="add")
            audit_record(actor=actor, action="generate", summary=f"生成{spec.label} {number}（{target}）", obj=document,
                         ip_address=ip_address)
            ledger_record(org=org, actor=actor, event_type="documents.document_generated", target=document, note=number)
        except Exception:
            document.file.delete(save=False)
            raise
    return document


@transaction.atomic
def document_pdf_request(*, actor: Any, document: GeneratedDocument, ip_address: str | None = None) -> TaskRun:
    """Queue the PDF conversion; the browser follows the returned task run. Refused at once, with a message that
    points to the Word file, when the server has no LibreOffice."""
    libreoffice_binary()
    if document.pdf_status == GeneratedDocument.PdfStatus.PENDING and document.pdf_run is not None \
            and document.pdf_run.status in (TaskRun.Status.PENDING, TaskRun.Status.RUNNING):
        return document.pdf_run
    run = taskrun_start(label=f"生成 PDF：{document.title}", user=actor, total=1)
    document.pdf_status, document.pdf_message, document.pdf_run = GeneratedDocument.PdfStatus.PENDING, "", run
    document.save(update_fields=["pdf_status", "pdf_message", "pdf_run", "updated_at"])
    audit_record(actor=actor, action="generate", summary=f"生成 PDF {document.number}", obj=document, ip_address=ip_address)

    from documents.tasks import document_pdf_task

    document_id = document.pk
    transaction.on_commit(lambda: taskrun_enqueue(run, document_pdf_task, document_id))
    return run


@transaction.atomic
def document_pdf_store(*, document: GeneratedDocument, content: bytes) -> GeneratedDocument:
    """Keep the PDF copy of a generated document (written by the conversion task)."""
    old = document.pdf_file.name
    document.pdf_file.save(f"{document.kind}-{document.uuid}.pdf", ContentFile(content), save=False)
    document.pdf_status, document.pdf_message = GeneratedDocument.PdfStatus.DONE, ""
    document.save(update_fields=["pdf_file", "pdf_status", "pdf_message", "updated_at"])
    if old and old != document.pdf_file.name:
        transaction.on_commit(lambda: document.pdf_file.storage.delete(old))
    return document


def document_pdf_convert(*, document: GeneratedDocument) -> dict[str, Any]:
    """Run the conversion (inside the task worker) and report progress to the document's task run."""
    run = document.pdf_run
    try:
        with taskrun_hold(run) if run is not None else nullcontext():
            return _pdf_convert(document, run)
    except TaskRunGone as exc:  # cancelled by the sweep while it waited; a new 生成 PDF request starts a new run
        return {"ok": False, "message": str(exc)}


def _pdf_convert(document: GeneratedDocument, run: TaskRun | None) -> dict[str, Any]:
    if run is not None:
        taskrun_progress(run, done=0, total=1, message="正在转换为 PDF……")
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
        pdf = docx_to_pdf(content)
    except (ServiceUnavailable, RuntimeError, OSError) as exc:
        message = exc.message if isinstance(exc, ServiceUnavailable) else str(exc)
        GeneratedDocument.objects.filter(pk=document.pk).update(
            pdf_status=GeneratedDocument.PdfStatus.FAILED, pdf_message=f"PDF 生成失败：{message}"[:300], updated_at=timezone.now()
        )
        if run is not None:
            taskrun_finish(run, message=f"PDF 生成失败：{message}，可先下载 Word 版本", failed=True)
        return {"ok": False, "message": message}
    document_pdf_store(document=document, content=pdf)
    if run is not None:
        taskrun_finish(run, message="PDF 已生成", result_url=reverse("documents:pdf", args=[document.uuid]))
    return {"ok": True, "bytes": len(pdf)}
