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
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import quoteattr

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

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


# --- XLSX for large tables -------------------------------------------------------------------
#
# openpyxl without lxml writes some 50,000 cells a second, in its write-only mode too: the
# national minimale dataset (a hundred thousand rows of 40 columns) would take minutes. For
# such tables the SpreadsheetML is written here directly, a row at a time into the zip:
# inline strings and one cell format per kind of cell (decision 0025).

_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# Characters XML 1.0 cannot hold (as openpyxl's ILLEGAL_CHARACTERS_RE): dropped.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f]")
ISO_DATE_FORMAT = "yyyy-mm-dd"
# Day 0 of Excel's 1900 date system for dates from 1 March 1900 on; before it, day 0 is one
# day later (Excel counts a 29 February 1900 that did not exist).
_EPOCH = dt.date(1899, 12, 30)
_EPOCH_BEFORE_MARCH_1900 = dt.date(1899, 12, 31)
_MARCH_1900 = dt.date(1900, 3, 1)
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_NS = "http://schemas.openxmlformats.org/package/2006"
_OFFICE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class _Formats:
    """A workbook's cell formats, by (bold, number format, quote prefix); 0 is plain."""

    def __init__(self) -> None:
        self.formats: dict[tuple[bool, str | None, bool], int] = {(False, None, False): 0}
        self.codes: dict[str, int] = {}

    def index(self, *, bold: bool = False, code: str | None = None, quote: bool = False) -> int:
        key = (bold, code, quote)
        if key not in self.formats:
            if code is not None and code not in self.codes:
                self.codes[code] = 164 + len(self.codes)  # the first id for custom formats
            self.formats[key] = len(self.formats)
        return self.formats[key]

    def xml(self) -> str:
        codes = "".join(
            f"<numFmt numFmtId={quoteattr(str(nr))} formatCode={quoteattr(code)}/>"
            for code, nr in self.codes.items()
        )
        cells = "".join(
            f'<xf numFmtId="{self.codes.get(code, 0)}" fontId="{int(bold)}" fillId="0" '
            'borderId="0" xfId="0"'
            + _attribute("applyNumberFormat", code)
            + _attribute("applyFont", bold)
            + _attribute("quotePrefix", quote)
            + "/>"
            for bold, code, quote in self.formats
        )
        if codes:
            codes = f'<numFmts count="{len(self.codes)}">{codes}</numFmts>'
        return (
            f'{_XML}<styleSheet xmlns="{_MAIN_NS}">{codes}'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2">'
            '<fill><patternFill patternType="none"/></fill><fill><patternFill '
            'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/>'
            '<top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf '
            'numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(self.formats)}">{cells}</cellXfs><cellStyles count="1">'
            '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        )


def _attribute(name: str, present: object) -> str:
    return f' {name}="1"' if present else ""


def _style(style: int) -> str:
    return f' s="{style}"' if style else ""


def _excel_day(day: dt.date) -> int:
    return (day - (_EPOCH if day >= _MARCH_1900 else _EPOCH_BEFORE_MARCH_1900)).days


def _excel_serial(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        local = _local(value)
        seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        return repr(_excel_day(local.date()) + seconds / 86400)
    return str(_excel_day(value))


class _SheetXml:
    """One sheet's cells as SpreadsheetML, by the rules of ``_write_cell``: text without
    control characters, formula-like text kept text (quote prefix), dates as ISO dates,
    times in local time as dd-mm-jjjj uu:mm, a column's number format on its rows."""

    def __init__(self, spec: Sheet, formats: _Formats) -> None:
        self.spec = spec
        self.format = formats.index
        self.letters: list[str] = []

    def cell(self, ref: str, value: Any, bold: bool, code: str | None) -> str:
        value = _value(value)
        if value is None:
            style = self.format(bold=bold, code=code)
            return f'<c r="{ref}" s="{style}"/>' if style else ""
        if isinstance(value, str):
            style = self.format(bold=bold, code=code, quote=is_formula_like(value))
            text = _ILLEGAL_XML.sub("", value).translate(_XML_ESCAPES)
            return (
                f'<c r="{ref}" t="inlineStr"{_style(style)}><is><t xml:space="preserve">{text}'
                "</t></is></c>"
            )
        if isinstance(value, bool):
            style = self.format(bold=bold, code=code)
            return f'<c r="{ref}" t="b"{_style(style)}><v>{int(value)}</v></c>'
        if isinstance(value, dt.date):
            default = DATETIME_FORMAT if isinstance(value, dt.datetime) else ISO_DATE_FORMAT
            code = code or default
            value = _excel_serial(value)
        return f'<c r="{ref}"{_style(self.format(bold=bold, code=code))}><v>{value}</v></c>'

    def row(self, number: int, values: Sequence[Any], header: bool = False) -> str:
        if len(values) > len(self.letters):
            self.letters = [get_column_letter(i) for i in range(1, len(values) + 1)]
        letters = self.letters
        codes = {} if header else self.spec.number_formats
        cells = "".join(
            self.cell(f"{letters[i]}{number}", value, header, codes.get(i))
            for i, value in enumerate(values)
        )
        return f'<row r="{number}">{cells}</row>'

    def head(self) -> str:
        spec = self.spec
        view = ""
        if spec.freeze:
            column, row = coordinate_from_string(spec.freeze)
            x, y = column_index_from_string(column) - 1, row - 1
            split = (f' xSplit="{x}"' if x else "") + (f' ySplit="{y}"' if y else "")
            pane = "bottomRight" if x and y else ("bottomLeft" if y else "topRight")
            view = (
                f'<pane{split} topLeftCell="{spec.freeze}" activePane="{pane}" '
                f'state="frozen"/><selection pane="{pane}"/>'
            )
        widths = "".join(
            f'<col min="{c + 1}" max="{c + 1}" width="{w}" customWidth="1"/>'
            for c, w in sorted(spec.widths.items())
        )
        return (
            f'{_XML}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheetViews>'
            f'<sheetView workbookViewId="0">{view}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{widths}</cols>" if widths else ""}'
            "<sheetData>"
        )

    def write(self, part) -> None:
        """The sheet into the zip entry ``part``, a thousand rows at a time."""
        part.write(self.head().encode())
        number, chunk = 0, []
        if self.spec.header:
            number = 1
            chunk.append(self.row(1, self.spec.header, header=True))
        for values in self.spec.rows:
            number += 1
            chunk.append(self.row(number, values))
            if len(chunk) == 1000:
                part.write("".join(chunk).encode())
                chunk = []
        part.write(("".join(chunk) + "</sheetData></worksheet>").encode())


def _package(titles: list[str], formats: _Formats) -> dict[str, str]:
    """The workbook's parts beside its sheets."""
    numbers = range(1, len(titles) + 1)
    relationship = f'<Relationship Id="rId{{}}" Type="{_REL_NS}/{{}}" Target="{{}}"/>'
    return {
        "[Content_Types].xml": f'{_XML}<Types xmlns="{_PACKAGE_NS}/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE_TYPE}.styles+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            f'ContentType="{_OFFICE_TYPE}.worksheet+xml"/>'
            for n in numbers
        )
        + "</Types>",
        "_rels/.rels": f'{_XML}<Relationships xmlns="{_PACKAGE_NS}/relationships">'
        + relationship.format(1, "officeDocument", "xl/workbook.xml")
        + "</Relationships>",
        "xl/workbook.xml": f'{_XML}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheets>'
        + "".join(
            f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>'
            for n, title in zip(numbers, titles, strict=True)
        )
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'{_XML}<Relationships xmlns="{_PACKAGE_NS}/relationships">'
        + "".join(relationship.format(n, "worksheet", f"worksheets/sheet{n}.xml") for n in numbers)
        + relationship.format(len(titles) + 1, "styles", "styles.xml")
        + "</Relationships>",
        "xl/styles.xml": formats.xml(),
    }


def xlsx_bytes_streaming(*sheets: Sheet) -> bytes:
    """As ``xlsx_bytes``, for tables of hundreds of thousands of rows (the national
    minimale dataset): the sheets are written as SpreadsheetML here, a thousand rows at a
    time into the zip, about seven times faster than openpyxl and without an object per cell.
    The same rules for text: formula-like text stays text (quote prefix), control characters
    are dropped; a bold header, the frozen pane, the columns' number formats and widths.
    Dates are ISO dates (jjjj-mm-dd), times dd-mm-jjjj uu:mm in local time;
    ``bold_last_row`` is not supported."""
    formats = _Formats()
    buffer = io.BytesIO()
    # level 1: the sheet's XML is very repetitive, a higher level costs seconds for little
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for number, spec in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{number}.xml", "w") as part:
                _SheetXml(spec, formats).write(part)
        for name, xml in _package([spec.title[:31] for spec in sheets], formats).items():
            archive.writestr(name, xml)
    return buffer.getvalue()


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
