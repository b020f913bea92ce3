"""Excel import plumbing: template download, header check, bounded reading, and an all-or-nothing import that
shares the database: every row is first checked through the module's services in short transactions that are rolled
back (progress committed after each), then written in one transaction; a row-level error report (行号 + 关键字段 +
原因) of bounded length. Progress through a TaskRun."""

from __future__ import annotations

import datetime as dt
import time
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from io import BytesIO
from typing import Any

from django import forms
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core.errors import SifasuoError, ValidationFailed
from core.exports import cell_write

# An .xlsx is a zip of XML: a small file may unpack to a huge one. Real sheets unpack to 5–10 times their size.
UNPACK_RATIO = 50
# The check runs rows in rolled-back transactions of at most this long, so other users' writes wait little. SQLite has
# one writer at a time and retries a waiting writer every 100 ms (its busy handler): after each chunk the import
# pauses a little longer than that, or a waiting write could miss every gap and fail after its timeout.
CHECK_CHUNK_SECONDS = 0.25
SQLITE_PAUSE_SECONDS = 0.12
REPORT_KEY_CHARS, REPORT_MESSAGE_CHARS = 50, 200
UNREADABLE = "无法读取该 Excel 文件，请使用“下载模板”得到的 .xlsx 文件填写后上传"


@dataclass(frozen=True)
class ImportColumn:
    header: str
    key: str
    required: bool = False
    note: str = ""
    max_length: int = 0  # characters a cell may hold; 0: ``IMPORT_MAX_CELL_CHARS``


@dataclass
class RowError:
    row: int
    key: str
    message: str


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # every faulty row; ``errors`` lists at most ``IMPORT_MAX_REPORTED_ERRORS`` of them

    @property
    def ok(self) -> bool:
        return not self.error_count

    def add_error(self, *, row: int, key: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < settings.IMPORT_MAX_REPORTED_ERRORS:
            self.errors.append(RowError(row=row, key=key[:REPORT_KEY_CHARS], message=message[:REPORT_MESSAGE_CHARS]))

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "created": self.created, "updated": self.updated, "ok": self.ok,
                "error_count": self.error_count, "errors": [asdict(e) for e in self.errors]}

    def summary(self) -> str:
        if self.ok:
            return f"恭喜您，数据已全部导入成功！共 {self.total} 条（新增 {self.created} 条，更新 {self.updated} 条）"
        listed = f"（下表列出前 {len(self.errors)} 条）" if self.error_count > len(self.errors) else ""
        return f"很抱歉，导入失败！共 {self.error_count} 条数据格式不正确{listed}，全部数据均未导入，请修改后重新导入"


class ImportRejected(ValidationFailed):
    """The file cannot be imported as it is; its report says why, row by row. Nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report.summary(), field="file")
        self.report = report


def template_bytes(*, title: str, columns: list[ImportColumn], example: list[Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    for i, c in enumerate(columns, start=1):
        cell = cell_write(ws, row=1, column=i, value=c.header + ("*" if c.required else ""))
        cell.font = Font(bold=True, color="C00000" if c.required else "000000")
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(c.header) * 3)
        cell_write(ws, row=2, column=i, value=example[i - 1] if i <= len(example) else "")
    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "说明"])
    for c in columns:
        limit = c.max_length or settings.IMPORT_MAX_CELL_CHARS
        notes.append([c.header, "必填" if c.required else "选填", "；".join(x for x in (c.note, f"不超过{limit}个字符") if x)])
    notes.append([])
    notes.append(["第2行为示例，导入前请删除或覆盖。带 * 的列必须填写。任一行有误时整个文件都不会导入。"])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _check_size(content: bytes) -> None:
    """Refuse, before parsing, a file larger than the bound or one that would unpack to far more."""
    limit = settings.IMPORT_MAX_BYTES
    megabytes = f"{limit / 1024 / 1024:.0f} MB"
    if len(content) > limit:
        raise ValidationFailed(f"文件过大（{len(content) / 1024 / 1024:.1f} MB），导入文件不能超过 {megabytes}；"
                               "请删去多余的工作表、图片和格式，或拆分后分批导入", field="file")
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ValidationFailed(UNREADABLE, field="file") from None
    if unpacked > limit * UNPACK_RATIO:
        raise ValidationFailed("文件内容过大（表格中有大量内容或格式），请只保留模板中的列和数据行，或拆分后分批导入", field="file")


def read_rows(content: bytes, columns: list[ImportColumn], *, max_rows: int = 0) -> list[tuple[int, dict[str, Any]]]:
    """Parse the first sheet; headers must match the template (a trailing * is allowed). A file over the size bound
    is refused before parsing, one over ``max_rows`` (default ``IMPORT_MAX_ROWS``) rows as soon as it is seen, and
    cells longer than their column allows are listed row by row (``ImportRejected``)."""
    _check_size(content)
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    try:
        wb = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise ValidationFailed(UNREADABLE, field="file") from None
    try:
        return _sheet_rows(wb.worksheets[0], columns, max_rows)
    finally:
        wb.close()


def _sheet_rows(ws: Any, columns: list[ImportColumn], max_rows: int) -> list[tuple[int, dict[str, Any]]]:
    rows = ws.iter_rows(values_only=True)
    header_row = next(rows, None)
    if not header_row:
        raise ValidationFailed("文件是空的：第1行应为列名，请按导入模板填写", field="file")
    headers = [str(h).strip().rstrip("*")[:REPORT_KEY_CHARS] if h is not None else "" for h in header_row]
    known = {c.header: c for c in columns}
    missing = [c.header for c in columns if c.required and c.header not in headers]
    unknown = [h for h in headers if h and h not in known]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"缺少必填列：{'、'.join(missing)}")
        if unknown:
            parts.append(f"无法识别的列：{'、'.join(unknown[:10])}")
        raise ValidationFailed(f"表头与模板不一致（{'；'.join(parts)}），请下载导入模板，按模板的列填写", field="file")
    report = ImportReport()
    out: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        record = {}
        for h, v in zip(headers, values, strict=False):
            column = known.get(h)
            if column is None:
                continue
            if isinstance(v, str):
                v = v.strip()
                limit = column.max_length or settings.IMPORT_MAX_CELL_CHARS
                if len(v) > limit:
                    report.add_error(row=number, key=column.header,
                                     message=f"第{number}行‘{column.header}’超过{limit}个字符，请缩短后重新导入")
                    v = ""
            record[column.key] = v
        out.append((number, record))
        if len(out) > max_rows:
            raise ValidationFailed(f"一次最多导入 {max_rows} 行，请拆分文件后分批导入", field="file")
    if not out:
        raise ValidationFailed("文件中没有数据行，请从第2行开始填写", field="file")
    if not report.ok:
        report.total = len(out)
        raise ImportRejected(report)
    return out


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def as_date(value: Any, *, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = as_text(value).replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    try:
        return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
    except ValueError:
        raise ValidationFailed(f"{label}“{as_text(value)}”不是有效日期，请按 2026-01-31 的格式填写") from None


Progress = Callable[[int, int, str], None]


def _row_outcome(report: ImportReport, number: int, record: dict[str, Any], *, key_of: Callable[[dict[str, Any]], str],
                 handle: Callable[[dict[str, Any]], str]) -> str:
    """Run one row in a savepoint; a business error is the row's report line and undoes only that row."""
    try:
        with transaction.atomic():
            return handle(record)
    except SifasuoError as exc:
        report.add_error(row=number, key=key_of(record), message=exc.message)
        return "error"


def import_all_or_nothing(
    rows: list[tuple[int, dict[str, Any]]],
    *,
    key_of: Callable[[dict[str, Any]], str],
    handle: Callable[[dict[str, Any]], str],
    progress: Progress | None = None,
) -> ImportReport:
    """Import every row through ``handle`` (which writes through the module's services and returns "created" or
    "updated"), all or nothing, without holding the database for the whole run:

    1. check: the rows run through ``handle`` a quarter second's worth at a time, each chunk in its own transaction
       that is rolled back, so other users' writes go in between; progress is committed after each chunk, so the
       page shows it;
    2. write: if no row failed, the rows run again in one transaction; a row that fails now (a row that conflicts with
       an earlier one of the same file, or with data saved meanwhile) rolls the whole file back.

    A worker that dies during the write leaves nothing: the database rolls the open transaction back."""
    total = len(rows)
    report = ImportReport(total=total)
    done = 0
    while done < total:
        started = time.monotonic()
        with transaction.atomic():
            while done < total and time.monotonic() - started < CHECK_CHUNK_SECONDS:
                number, record = rows[done]
                _row_outcome(report, number, record, key_of=key_of, handle=handle)
                done += 1
            transaction.set_rollback(True)
        if progress:
            progress(done, total, f"已校验 {done}/{total} 行")
        if connection.vendor == "sqlite":
            time.sleep(SQLITE_PAUSE_SECONDS)
    if not report.ok:
        return report
    if progress:
        progress(total, total, f"校验通过，正在写入 {total} 行……")
    with transaction.atomic():
        for number, record in rows:
            outcome = _row_outcome(report, number, record, key_of=key_of, handle=handle)
            if outcome == "updated":
                report.updated += 1
            elif outcome != "error":
                report.created += 1
        if not report.ok:
            report.created = report.updated = 0
            transaction.set_rollback(True)
    return report


class ImportForm(forms.Form):
    """The 导入 dialog: file, registering org and the 更新已有数据 switch."""

    file = forms.FileField(label="Excel 文件", error_messages={"required": "请选择要导入的 .xlsx 文件"})
    org: forms.ModelChoiceField = forms.ModelChoiceField(label="登记单位", queryset=None,  # type: ignore[arg-type]
                                 error_messages={"required": "请选择登记单位", "invalid_choice": "只能选择您有权管理的单位"})
    update_existing = forms.BooleanField(label="更新已经存在的数据", required=False)

    def __init__(self, *args: Any, orgs: Any, update_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        if orgs.count() == 1:
            self.fields["org"].initial = orgs.first()
        if update_label:
            self.fields["update_existing"].label = update_label
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx"})
        self.fields["org"].widget.attrs["class"] = "form-select"
        self.fields["update_existing"].widget.attrs["class"] = "form-check-input"


def import_start(
    *, actor: Any, org: Any, upload: Any, importer: str, label: str, update_existing: bool, ip_address: str | None = None,
) -> Any:
    """Check the upload, store it and start ``core.tasks.import_task`` on it; returns the task's ``TaskRun``, whose
    progress and row-level report the dialog polls and the API answers. The import is audited with the file's name.
    A task that cannot be enqueued fails its run at once (and the file is deleted)."""
    from django.core.files.storage import default_storage

    from core.audit import audit_record
    from core.taskruns import UPLOAD_FOLDER, taskrun_enqueue, taskrun_finish, taskrun_start
    from core.tasks import import_task
    from core.validators import validate_upload

    validate_upload(upload, allowed=(".xlsx",), max_bytes=settings.IMPORT_MAX_BYTES)
    # The file lives only as long as its task: deleted when the task ends, or by the sweep if its worker dies or never
    # starts.
    name = default_storage.save(f"{UPLOAD_FOLDER}/{uuid.uuid4()}.xlsx", upload)
    run = taskrun_start(label=label, user=actor, upload=name)
    audit_record(actor=actor, action="import", summary=f"{label}：{upload.name}", org=org, ip_address=ip_address)
    try:
        taskrun_enqueue(run, import_task, run_uuid=str(run.uuid), importer=importer, actor_id=int(actor.pk or 0),
                        org_id=org.pk, update_existing=update_existing)
    except Exception:
        taskrun_finish(run, message="后台任务未能启动，未写入任何数据，请稍后重新导入", failed=True)
        raise
    run.refresh_from_db()
    return run


def import_dialog(
    request: HttpRequest, *, orgs: Any, importer: str, label: str, template_url: str, done_url: str, update_label: str = ""
) -> HttpResponse:
    """GET shows the import dialog; POST checks the upload, stores it and starts ``core.tasks.import_task``
    (``import_start``); the dialog then polls the task's progress and shows the row-level report."""
    from django.shortcuts import render

    from core.forms import attach_error

    form = ImportForm(request.POST or None, request.FILES or None, orgs=orgs, update_label=update_label)
    context: dict[str, Any] = {"form": form, "title": label, "template_url": template_url, "done_url": done_url,
                               "action": request.path}
    if request.method == "POST" and form.is_valid():
        try:
            context["run"] = import_start(
                actor=request.user, org=form.cleaned_data["org"], upload=form.cleaned_data["file"], importer=importer,
                label=label, update_existing=form.cleaned_data["update_existing"], ip_address=request.META.get("REMOTE_ADDR"))
        except SifasuoError as exc:
            attach_error(form, exc)
        else:
            return render(request, "core/import_dialog.html", context)
    status = 422 if request.method == "POST" else 200
    return render(request, "core/import_dialog.html", context, status=status)
