"""Excel import plumbing: template download, header check, all-or-nothing import with a
row-level error report (行号 + 关键字段 + 原因), progress through a TaskRun."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from io import BytesIO
from typing import Any

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core.errors import SifasuoError, ValidationFailed

MAX_IMPORT_ROWS = 5000


@dataclass(frozen=True)
class ImportColumn:
    header: str
    key: str
    required: bool = False
    note: str = ""


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

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "created": self.created, "updated": self.updated, "ok": self.ok,
                "errors": [asdict(e) for e in self.errors]}

    def summary(self) -> str:
        if self.ok:
            return f"恭喜您，数据已全部导入成功！共 {self.total} 条（新增 {self.created} 条，更新 {self.updated} 条）"
        return f"很抱歉，导入失败！共 {len(self.errors)} 条数据格式不正确，全部数据均未导入，请修改后重新导入"


def template_bytes(*, title: str, columns: list[ImportColumn], example: list[Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([c.header + ("*" if c.required else "") for c in columns])
    ws.append(example)
    for i, c in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="C00000" if c.required else "000000")
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(c.header) * 3)
    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "说明"])
    for c in columns:
        notes.append([c.header, "必填" if c.required else "选填", c.note])
    notes.append([])
    notes.append(["第2行为示例，导入前请删除或覆盖。带 * 的列必须填写。任一行有误时整个文件都不会导入。"])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_rows(content: bytes, columns: list[ImportColumn]) -> list[tuple[int, dict[str, Any]]]:
    """Parse the first sheet; headers must match the template (a trailing * is allowed)."""
    try:
        wb = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise ValidationFailed("无法读取该 Excel 文件，请使用“下载模板”得到的 .xlsx 文件填写后上传", field="file") from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header_row = next(rows, None)
    if not header_row:
        raise ValidationFailed("文件是空的：第1行应为列名，请按导入模板填写", field="file")
    headers = [str(h).strip().rstrip("*") if h is not None else "" for h in header_row]
    known = {c.header: c for c in columns}
    missing = [c.header for c in columns if c.required and c.header not in headers]
    unknown = [h for h in headers if h and h not in known]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"缺少必填列：{'、'.join(missing)}")
        if unknown:
            parts.append(f"无法识别的列：{'、'.join(unknown)}")
        raise ValidationFailed(f"表头与模板不一致（{'；'.join(parts)}），请下载导入模板，按模板的列填写", field="file")
    out: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        record = {}
        for h, v in zip(headers, values, strict=False):
            if h in known:
                record[known[h].key] = v.strip() if isinstance(v, str) else v
        out.append((number, record))
        if len(out) > MAX_IMPORT_ROWS:
            raise ValidationFailed(f"一次最多导入 {MAX_IMPORT_ROWS} 行，请拆分文件后分批导入", field="file")
    if not out:
        raise ValidationFailed("文件中没有数据行，请从第2行开始填写", field="file")
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


def import_all_or_nothing(
    rows: list[tuple[int, dict[str, Any]]],
    *,
    key_of: Callable[[dict[str, Any]], str],
    handle: Callable[[dict[str, Any]], str],
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Run ``handle`` (which returns "created" or "updated") for every row inside one transaction;
    any failing row rolls the whole import back and is listed in the report."""
    report = ImportReport(total=len(rows))
    with transaction.atomic():
        for i, (number, record) in enumerate(rows, start=1):
            try:
                with transaction.atomic():
                    outcome = handle(record)
            except SifasuoError as exc:
                report.errors.append(RowError(row=number, key=key_of(record), message=exc.message))
            else:
                if outcome == "updated":
                    report.updated += 1
                else:
                    report.created += 1
            if progress and (i % 20 == 0 or i == len(rows)):
                progress(i, len(rows))
        if report.errors:
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


def import_dialog(
    request: HttpRequest, *, orgs: Any, importer: str, label: str, template_url: str, done_url: str, update_label: str = ""
) -> HttpResponse:
    """GET shows the import dialog; POST checks the upload, stores it and starts ``core.tasks.import_task``;
    the dialog then polls the task's progress and shows the row-level report."""
    from django.core.files.storage import default_storage
    from django.shortcuts import render

    from core.audit import audit_record
    from core.forms import attach_error
    from core.taskruns import taskrun_start
    from core.tasks import import_task
    from core.validators import validate_upload

    form = ImportForm(request.POST or None, request.FILES or None, orgs=orgs, update_label=update_label)
    context: dict[str, Any] = {"form": form, "title": label, "template_url": template_url, "done_url": done_url,
                               "action": request.path}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            validate_upload(upload, allowed=(".xlsx",))
        except SifasuoError as exc:
            attach_error(form, exc)
        else:
            run = taskrun_start(label=label, user=request.user)
            path = default_storage.save(f"imports/{run.uuid}.xlsx", upload)
            audit_record(actor=request.user, action="import", summary=f"{label}：{upload.name}", org=form.cleaned_data["org"],
                         ip_address=request.META.get("REMOTE_ADDR"))
            import_task.enqueue(run_uuid=str(run.uuid), path=path, importer=importer, actor_id=int(request.user.pk or 0),
                                org_id=form.cleaned_data["org"].pk, update_existing=form.cleaned_data["update_existing"])
            run.refresh_from_db()
            context["run"] = run
            return render(request, "core/import_dialog.html", context)
    status = 422 if request.method == "POST" else 200
    return render(request, "core/import_dialog.html", context, status=status)
