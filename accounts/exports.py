"""Every CSV and XLSX file the application offers for download is written here.

One home for three rules, so that no export can forget one of them:

- **Formula injection** (OWASP "CSV Injection", ASVS 1.2.10): a text cell that a spreadsheet
  would read as a formula or a DDE call (one starting with ``=``, ``+``, ``-``, ``@``, a tab,
  a carriage return or a NUL, also after leading white space) is written as text. In a CSV
  it gets a leading apostrophe (the spreadsheet shows the text, never runs it); in an XLSX
  it is stored as a string cell with Excel's "quote prefix", exactly what Excel itself does
  when someone types ``'=...``: the value stays as it was and editing the cell keeps it
  text. Numbers, dates and times are never texts, so they stay numbers and dates.
- **The files open in Dutch Excel**: CSV in UTF-8 with a byte order mark and semicolons,
  dates as dd-mm-jjjj, decimals with a comma; XLSX with real dates and numbers, a bold
  header row and the header frozen.
- **The download headers**: the content type and an ``attachment`` Content-Disposition with
  a safe file name. (``Cache-Control: no-store`` on every response to a logged-in user comes
  from accounts.middleware.PrivateCacheControlMiddleware.)

Callers give rows of Python values (str, int, float, Decimal, date, datetime, None); a lazy
translation or any other object is written as its text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}

# The first characters with which a spreadsheet starts a formula or a DDE call (OWASP).
FORMULA_START = ("=", "+", "-", "@")
# Dangerous as the very first character (OWASP: tab, carriage return; ASVS: NUL), even
# where no formula follows.
DANGEROUS_FIRST = ("\t", "\r", "\x00")
DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"

Cell = str | int | float | Decimal | dt.date | dt.datetime | None


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula."""
    return text.startswith(DANGEROUS_FIRST) or text.lstrip().startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """The text as a CSV cell that a spreadsheet shows as text, never runs."""
    return "'" + text if is_formula_like(text) else text


def _value(value: Any) -> Cell:
    """A cell value of a known kind: lazy translations and other objects become text."""
    if value is None or isinstance(value, str | int | float | Decimal | dt.date):
        return value
    return str(value)


def _local(value: dt.datetime) -> dt.datetime:
    """Aware times as the wall-clock time in Europe/Amsterdam, naive (as XLSX stores them)."""
    if timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _csv_text(value: Any) -> str:
    value = _value(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _local(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")  # Dutch Excel reads a decimal comma
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with BOM and semicolons, so Excel in Dutch opens it in columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    if header:
        writer.writerow([_csv_text(value) for value in header])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


@dataclass
class Sheet:
    """One sheet of an XLSX file.

    ``header`` is written bold above the rows; ``number_formats`` (column index from 0 to
    Excel number format, e.g. ``"@"`` for codes that keep their leading zeros) applies to
    the rows below it, ``widths`` (column index to width in characters) to the columns.
    Dates and times get dd-mm-jjjj (uu:mm) without being asked."""

    title: str
    rows: Iterable[Sequence[Any]]
    header: Sequence[Any] = ()
    number_formats: Mapping[int, str] = field(default_factory=dict)
    widths: Mapping[int, float] = field(default_factory=dict)
    freeze: str | None = "A2"
    bold_last_row: bool = False


def _write_cell(cell, value: Any) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _value(value)
    if isinstance(value, dt.datetime):
        cell.value = _local(value)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        # Control characters cannot be stored in XLSX; a formula-like text stays text.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    else:
        cell.value = value


def xlsx_bytes(*sheets: Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        row_number = 0
        if spec.header:
            row_number += 1
            for column, value in enumerate(spec.header, start=1):
                cell = sheet.cell(row=row_number, column=column)
                _write_cell(cell, value)
                cell.font = bold
        for row in spec.rows:
            row_number += 1
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column)
                _write_cell(cell, value)
                if column - 1 in spec.number_formats:
                    cell.number_format = spec.number_formats[column - 1]
        if spec.bold_last_row and row_number > (1 if spec.header else 0):
            for cell in sheet[row_number]:
                cell.font = bold
        for column, width in spec.widths.items():
            sheet.column_dimensions[
                sheet.cell(row=1, column=column + 1).column_letter
            ].width = width
        if spec.freeze:
            sheet.freeze_panes = spec.freeze
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes_streaming(*sheets: Sheet) -> bytes:
    """As ``xlsx_bytes``, for tables of hundreds of thousands of rows (the national
    minimale dataset): openpyxl's write-only mode streams the rows, so memory does not grow
    with the number of cells, and plain values are written as they are (a styled cell per
    value costs a hundred times more). The same rules for text: formula-like text stays text,
    control characters are dropped; a bold header. Dates are written as ISO dates
    (jjjj-mm-dd, openpyxl's default), not dd-mm-jjjj; ``bold_last_row`` is not supported."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        if spec.freeze:
            sheet.freeze_panes = spec.freeze
        for column, width in spec.widths.items():
            sheet.column_dimensions[get_column_letter(column + 1)].width = width
        if spec.header:
            header = []
            for value in spec.header:
                cell = WriteOnlyCell(sheet)
                _write_cell(cell, value)
                cell.font = bold
                header.append(cell)
            sheet.append(header)
        for row in spec.rows:
            sheet.append([_streaming_value(sheet, spec, i, v) for i, v in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _streaming_value(sheet, spec: Sheet, column: int, value: Any):
    """The value itself when it needs nothing (a number, a date, empty, ordinary text); a
    cell written by the one ``_write_cell`` for formula-like or unprintable text, a datetime
    (local time) and a column with a number format."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _value(value)
    if column not in spec.number_formats:
        if isinstance(value, str):
            if not is_formula_like(value) and not ILLEGAL_CHARACTERS_RE.search(value):
                return value
        elif not isinstance(value, dt.datetime):
            return value
    cell = WriteOnlyCell(sheet)
    _write_cell(cell, value)
    if column in spec.number_formats:
        cell.number_format = spec.number_formats[column]
    return cell


def download(content: bytes, *, filename: str) -> HttpResponse:
    """The file as a download; its kind (csv, xlsx) follows from the file name."""
    extension = filename.rsplit(".", 1)[-1].lower()
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def csv_response(
    *, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    return download(csv_bytes(header, rows), filename=filename)


def xlsx_response(*sheets: Sheet, filename: str) -> HttpResponse:
    return download(xlsx_bytes(*sheets), filename=filename)
