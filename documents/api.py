"""文书 over the API: the scoped list, generating a Word document from a record (the same documents as the record
page's buttons, with their 文号), downloading it, and its PDF copy when the server has LibreOffice."""

import datetime as dt
import uuid as uuid_lib

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from core.access import access_object, require_perm
from core.api import ERRORS_READ, ERRORS_WRITE, ErrorOut, In, Pagination, TaskRunOut, file_answer, filter_queryset
from core.audit import audit_record
from core.errors import NotFound
from core.forms import client_ip
from core.taskruns import taskrun_status
from documents import selectors, services
from documents.filtersets import GeneratedDocumentFilterSet
from documents.models import GeneratedDocument
from documents.registry import DOCUMENT_KINDS, kind_get

router = Router(tags=["文书"])

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocumentOut(Schema):
    uuid: uuid_lib.UUID
    number: str = Field(..., description="文号，如（2026）红人调字第12号")
    title: str
    kind: str = Field(..., description="文书类型代码（GET /documents/kinds）")
    kind_label: str
    version: str = Field(..., description="生成时所用模板的版本")
    org_code: str
    org_name: str
    created_at: dt.datetime
    created_by: str
    pdf_status: str = Field(..., description="PDF 状态：none 未生成，pending 生成中，done 已生成，failed 生成失败")
    pdf_status_display: str
    pdf_message: str

    @staticmethod
    def resolve_org_code(obj: GeneratedDocument) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: GeneratedDocument) -> str:
        return obj.org.name

    @staticmethod
    def resolve_created_by(obj: GeneratedDocument) -> str:
        return str(obj.created_by) if obj.created_by else ""

    @staticmethod
    def resolve_pdf_status_display(obj: GeneratedDocument) -> str:
        return obj.get_pdf_status_display()


class DocumentKindOut(Schema):
    code: str
    label: str
    model: str = Field(..., description="生成该文书的记录类型（app_label.Model）")
    by_part: bool = Field(..., description="按记录中的某一项生成（如某次调查的调查记录），生成时须给出 part")
    version: str


class DocumentFilters(Schema):
    """The filters of the 文书管理 page (documents.filtersets.GeneratedDocumentFilterSet)."""

    title: str | None = Field(None, max_length=100, description="标题包含")
    number: str | None = Field(None, max_length=64, description="文号包含")
    kind: str | None = Field(None, max_length=64, description="文书类型代码")
    org: str | None = Field(None, max_length=100, description="所属单位名称包含")
    created_after: dt.date | None = Field(None, description="生成日期起")
    created_before: dt.date | None = Field(None, description="生成日期止")


class GenerateIn(In):
    part: int | None = Field(None, ge=1, le=2**31 - 1, description="按记录中某一项生成的文书：该项的编号（记录详情中的 id）")


@router.get("/documents", response=list[DocumentOut], summary="文书列表")
@paginate(Pagination)
def document_list(request: HttpRequest, filters: Query[DocumentFilters]) -> QuerySet:
    """数据权限范围内生成的文书，筛选条件与“文书管理”页面相同。"""
    return filter_queryset(GeneratedDocumentFilterSet, filters, selectors.document_list(request.user), request)


@router.get("/documents/kinds", response=list[DocumentKindOut], summary="可生成的文书类型")
def document_kind_list(request: HttpRequest) -> list[DocumentKindOut]:
    return [DocumentKindOut(code=k.code, label=k.label, model=k.model, by_part=k.parts is not None, version=k.version)
            for k in sorted(DOCUMENT_KINDS.values(), key=lambda k: k.code)]


@router.post("/documents/generate/{kind}/{uuid}", response={201: DocumentOut, **ERRORS_WRITE}, summary="生成文书")
def document_generate(request: HttpRequest, kind: str, uuid: uuid_lib.UUID, payload: GenerateIn) -> Status:
    """从记录生成 Word 文书并编文号，与记录详情页的“生成”按钮相同：记录须在数据权限范围内（否则 404）且您有权修改（否则 403），生成文书须有
    documents.add_generateddocument 权限（否则 403）；记录缺少文书所需内容时返回 400 并说明缺什么。"""
    spec = kind_get(kind)
    # Issuing a document of a record is a write on it: the change right (for a case, the 办案范围 of the user's role).
    target = access_object(request.user, spec.model_class(), action="change", uuid=uuid)
    require_perm(request.user, "documents.add_generateddocument", what="生成文书")
    part = None
    if spec.parts is not None and payload.part is not None:
        part = spec.parts(target).filter(pk=payload.part).first()
        if part is None:
            raise NotFound("该记录中没有这一项，请按记录详情中的 id 填写 part")
    document = services.document_generate(actor=request.user, kind=spec.code, target=target, org=target.org,  # type: ignore[attr-defined]
                                          ip_address=client_ip(request), part=part)
    return Status(201, selectors.document_list(request.user).get(pk=document.pk))


@router.get("/documents/{uuid}", response={200: DocumentOut, **ERRORS_READ}, summary="文书详情")
def document_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> GeneratedDocument:
    document = selectors.document_list(request.user).filter(uuid=uuid).first()
    if document is None:
        raise NotFound("未找到该文书，或您无权查看")
    return document


def _file(request: HttpRequest, document: GeneratedDocument, *, pdf: bool) -> FileResponse:
    field = document.pdf_file if pdf else document.file
    audit_record(actor=request.user, action="export", summary=f"下载文书{'PDF' if pdf else 'Word'}版 {document.number}", obj=document,
                 ip_address=client_ip(request))
    return FileResponse(field.open("rb"), as_attachment=True, filename=f"{document.download_name}.{'pdf' if pdf else 'docx'}",
                        content_type="application/pdf" if pdf else DOCX_TYPE)


@router.get("/documents/{uuid}/download", response=ERRORS_READ, summary="下载 Word 文书",
            openapi_extra=file_answer("Word 文件（.docx）", DOCX_TYPE))
def document_download(request: HttpRequest, uuid: uuid_lib.UUID) -> FileResponse:
    """下载留存的 Word 原件；每次下载记入操作日志。"""
    return _file(request, access_object(request.user, GeneratedDocument, uuid=uuid), pdf=False)


@router.get("/documents/{uuid}/pdf", response=ERRORS_READ, summary="下载 PDF 文书",
            openapi_extra=file_answer("PDF 文件", "application/pdf"))
def document_pdf(request: HttpRequest, uuid: uuid_lib.UUID) -> FileResponse:
    """PDF 版须先用 POST /documents/{uuid}/pdf 生成（pdf_status 为 done）；还没有时返回 404 并说明。"""
    document = access_object(request.user, GeneratedDocument, uuid=uuid)
    if document.pdf_status != GeneratedDocument.PdfStatus.DONE or not document.pdf_file:
        raise NotFound("该文书还没有 PDF 版本，请先调用 POST /documents/{uuid}/pdf 生成，完成后再下载；也可以下载 Word 版本")
    return _file(request, document, pdf=True)


@router.post("/documents/{uuid}/pdf", response={202: TaskRunOut, 503: ErrorOut, **ERRORS_WRITE}, summary="生成 PDF")
def document_pdf_request(request: HttpRequest, uuid: uuid_lib.UUID) -> Status:
    """在后台用 LibreOffice 把 Word 文书转换为 PDF，返回任务（进度见 GET /api/v1/tasks/{uuid}）；服务器没有安装 LibreOffice 时返回 503。"""
    document = access_object(request.user, GeneratedDocument, action="change", uuid=uuid)
    run = services.document_pdf_request(actor=request.user, document=document, ip_address=client_ip(request))
    return Status(202, taskrun_status(run))
