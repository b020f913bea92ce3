"""Excel export of exactly what a list's filter shows, and the one way every export writes a cell.

Text in an export may come from anyone (a citizen types it on the public portal): a cell whose text starts with =, +,
-, @, a tab or a carriage return would become a formula when the office opens the file (OWASP "CSV injection").
``cell_write`` stores such text as text — a string cell with Excel's quote prefix, so that editing the cell does not
turn it into a formula either — and drops the control characters that the xlsx format cannot hold. Numbers and dates
stay typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Column = tuple[str, Callable[[Any], Any]]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The first characters with which a spreadsheet program starts a formula (or, for tab and CR, hides one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_write(ws: Worksheet, *, row: int, column: int, value: Any) -> Cell:
    """Put ``value`` into the cell as data: text as text (never a formula), numbers and dates typed, aware datetimes
    in local time (Excel has no time zones), None as an empty cell."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def workbook_bytes(*, title: str, columns: list[Column], rows: Iterable[Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    for c, (header, _) in enumerate(columns, start=1):
        cell = cell_write(ws, row=1, column=c, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        cell.alignment = Alignment(horizontal="center")
    widths = [len(h) * 2 + 2 for h, _ in columns]
    for r, row in enumerate(rows, start=2):
        for c, (_, get) in enumerate(columns, start=1):
            value = get(row)
            value = "" if value is None else value
            cell_write(ws, row=r, column=c, value=value)
            widths[c - 1] = min(max(widths[c - 1], len(str(value)) * 2 + 2), 60)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(*, filename: str, content: bytes) -> HttpResponse:
    name = f"{filename}_{timezone.localtime():%Y%m%d%H%M%S}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
