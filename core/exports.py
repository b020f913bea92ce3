"""Excel export of exactly what a list's filter shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

Column = tuple[str, Callable[[Any], Any]]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(*, title: str, columns: list[Column], rows: Iterable[Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([header for header, _ in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        cell.alignment = Alignment(horizontal="center")
    widths = [len(h) * 2 + 2 for h, _ in columns]
    for row in rows:
        values = []
        for i, (_, get) in enumerate(columns):
            value = get(row)
            value = "" if value is None else value
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                value = timezone.localtime(value).replace(tzinfo=None)
            values.append(value)
            widths[i] = min(max(widths[i], len(str(value)) * 2 + 2), 60)
        ws.append(values)
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
