"""The files a report is sent upward as: an Excel workbook and a Word document (landscape), both with the standard
header of a statistical form (表名, 填报单位, 统计期间, 填报人, 填报日期), the two-row column header, the rows,
the 合计 row and the 统计口径 notes."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.exports import XLSX, cell_write
from reports.registry import Column
from reports.selectors import Report

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNIT_HEADER = "单位"


def header_lines(report: Report) -> tuple[str, str]:
    return (
        f"填报单位：{report.org.name}　　统计期间：{report.period.label}",
        f"填报人：{report.prepared_by}　　填报日期：{report.prepared_on:%Y年%m月%d日}",
    )


def notes_lines(report: Report) -> list[str]:
    return [f"{i}. {note}" for i, note in enumerate(report.table.notes, start=1)]


def report_xlsx(report: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = report.title[:31]
    width = len(report.columns) + 1
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def line(row: int, text: str, *, font: Font, align: str = "left") -> None:
        cell_write(ws, row=row, column=1, value=text).font = font
        ws.cell(row=row, column=1).alignment = Alignment(horizontal=align, vertical="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)

    line(1, report.title, font=Font(bold=True, size=16), align="center")
    ws.row_dimensions[1].height = 30
    unit_line, person_line = header_lines(report)
    line(2, unit_line, font=Font(size=11))
    line(3, person_line, font=Font(size=11))

    head = 4
    depth = 2 if report.has_groups else 1
    cell_write(ws, row=head, column=1, value=UNIT_HEADER)
    if depth == 2:
        ws.merge_cells(start_row=head, start_column=1, end_row=head + 1, end_column=1)
    col = 2
    top, sub = report.header_rows()
    sub_iter = iter(sub)
    for cell in top:
        cell_write(ws, row=head, column=col, value=cell["label"])
        if depth == 2 and cell["rowspan"] == 2:
            ws.merge_cells(start_row=head, start_column=col, end_row=head + 1, end_column=col)
        elif cell["colspan"] > 1:
            ws.merge_cells(start_row=head, start_column=col, end_row=head, end_column=col + cell["colspan"] - 1)
        if depth == 2 and cell["rowspan"] == 1:
            for offset in range(cell["colspan"]):
                cell_write(ws, row=head + 1, column=col + offset, value=next(sub_iter))
        col += cell["colspan"]
    for r in range(head, head + depth):
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.alignment, cell.border = Font(bold=True), center, border
            cell.fill = PatternFill("solid", fgColor="DDE5F0")

    r = head + depth
    for row in [*report.rows, report.total]:
        cell_write(ws, row=r, column=1, value=row.label)
        for c, column in enumerate(report.columns, start=2):
            value = report.export_value(row, column)
            cell = cell_write(ws, row=r, column=c, value=value)
            if column.kind == "amount" and not isinstance(value, str):
                cell.number_format = "#,##0.00"
            elif column.kind == "rate" and not isinstance(value, str):
                cell.number_format = '0.0"%"'
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.border = border
            cell.alignment = Alignment(horizontal="left" if c == 1 else "center", vertical="center")
            if row.is_total:
                cell.font = Font(bold=True)
        r += 1

    r += 1
    cell_write(ws, row=r, column=1, value="说明：")
    for note in notes_lines(report):
        r += 1
        line(r, note, font=Font(size=10))

    ws.column_dimensions["A"].width = max(14, min(40, max(len(x.label) for x in [*report.rows, report.total]) * 2 + 2))
    for c in range(2, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 11
    ws.freeze_panes = ws.cell(row=head + depth, column=2)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{head}:{head + depth - 1}"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _font(run: Any, *, size: float, bold: bool = False, family: str = "仿宋") -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = family
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)


def _cell_text(cell: Any, text: str, *, bold: bool = False, align: Any = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    """Cell text in the document's default font (set once on the Normal style: per-run fonts are slow)."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.add_run(text).bold = bold or None


# A Word page (A4 landscape) holds the unit column and about sixteen figures; a wider table continues in 续表.
# The page shows the same pieces (reports.views.report_parts): sixteen figures also fit a 1366 px screen.
DOCX_MAX_COLUMNS = 16
PAGE_WIDTH_CM, MARGIN_CM = 29.7, 1.5


def _greedy(groups: list[list[int]], capacity: int) -> list[list[int]]:
    chunks: list[list[int]] = [[]]
    for group in groups:
        if chunks[-1] and len(chunks[-1]) + len(group) > capacity:
            chunks.append([])
        chunks[-1].extend(group)
    return chunks


def column_chunks(columns: list[Column]) -> list[list[int]]:
    """Indexes of the columns of each Word table: the fewest tables of similar width, a column group split only
    when it is wider than a page (then into even pieces)."""
    groups: list[list[int]] = []
    for i, column in enumerate(columns):
        if groups and column.group and columns[groups[-1][0]].group == column.group:
            groups[-1].append(i)
        else:
            groups.append([i])
    pieces: list[list[int]] = []
    for group in groups:
        n = -(-len(group) // DOCX_MAX_COLUMNS)
        size = -(-len(group) // n)
        pieces.extend(group[k:k + size] for k in range(0, len(group), size))
    for parts in range(max(1, -(-len(columns) // DOCX_MAX_COLUMNS)), len(pieces) + 1):
        for capacity in range(-(-len(columns) // parts), DOCX_MAX_COLUMNS + 1):
            chunks = _greedy(pieces, capacity)
            if len(chunks) == parts:
                return chunks
    return pieces


def _column_widths(table: Any, columns: list[Column], available: int) -> None:
    """The unit names and the amounts get the room they need; the counts share the rest."""
    first = Cm(3.8)
    wide = {i for i, c in enumerate(columns, start=1) if c.kind == "amount"}
    share = (available - first) / (len(columns) - len(wide) + 1.6 * len(wide)) if columns else 0
    widths = [first] + [int(share * 1.6) if i in wide else int(share) for i in range(1, len(columns) + 1)]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _docx_table(doc: Any, report: Report, indexes: list[int], available: int) -> None:
    columns = [report.columns[i] for i in indexes]
    depth = 2 if any(c.group for c in columns) else 1
    table = doc.add_table(rows=depth, cols=len(columns) + 1)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Cell lists are computed once: python-docx walks the whole grid on every ``row.cells``.
    head = table.rows[0].cells
    second = table.rows[1].cells if depth == 2 else head
    _cell_text(head[0], UNIT_HEADER, bold=True)
    if depth == 2:
        head[0].merge(second[0])
    top, sub = report.header_rows(columns)
    sub_iter = iter(sub)
    col = 1
    for cell in top:
        if depth == 2 and cell["rowspan"] == 2:
            merged = head[col].merge(second[col])
        else:
            merged = head[col].merge(head[col + cell["colspan"] - 1]) if cell["colspan"] > 1 else head[col]
            if depth == 2:
                for offset in range(cell["colspan"]):
                    _cell_text(second[col + offset], next(sub_iter), bold=True)
        _cell_text(merged, cell["label"], bold=True)
        col += cell["colspan"]
    for row in [*report.rows, report.total]:
        cells = table.add_row().cells
        _cell_text(cells[0], row.label, bold=row.is_total, align=WD_ALIGN_PARAGRAPH.LEFT)
        for position, i in enumerate(indexes, start=1):
            _cell_text(cells[position], row.texts[i], bold=row.is_total)
    _column_widths(table, columns, available)


def report_docx(report: Report) -> bytes:
    """A4 landscape; a table wider than a page (the dispute-type table) continues in 续表 with the unit column repeated."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(21)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    normal = doc.styles["Normal"]
    _font(normal, size=10 if len(report.columns) <= 10 else 8)
    normal.paragraph_format.space_after = Pt(0)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(report.title), size=18, bold=True, family="黑体")
    for text in header_lines(report):
        _font(doc.add_paragraph().add_run(text), size=11)
    available = Cm(PAGE_WIDTH_CM - 2 * MARGIN_CM)
    for n, indexes in enumerate(column_chunks(report.columns)):
        if n:
            doc.add_paragraph()
            _font(doc.add_paragraph().add_run(f"（续表{n}）"), size=10, bold=True)
        _docx_table(doc, report, indexes, available)

    _font(doc.add_paragraph().add_run("说明："), size=10, bold=True)
    for note in notes_lines(report):
        _font(doc.add_paragraph().add_run(note), size=10)
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def file_response(*, content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


FORMATS = {
    "xlsx": (report_xlsx, XLSX, "Excel"),
    "docx": (report_docx, DOCX, "Word"),
}
