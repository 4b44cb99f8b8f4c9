"""accounts.exports: the one writer of every CSV and XLSX download."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from openpyxl import load_workbook

from accounts import exports
from tests.spreadsheets import HOSTILE


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_a_spreadsheet_would_run_gets_an_apostrophe_in_csv(text):
    content = exports.csv_bytes(["Naam"], [[text]])
    _header, row = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
    assert row == ["'" + text]


@pytest.mark.parametrize(
    "text",
    ["Jansen", "<5", "Ouderenzorg 't Hoogeland", "a=b", "06-12345678 ", "", "x@example.nl"],
)
def test_ordinary_texts_stay_as_they_are(text):
    content = exports.csv_bytes([], [[text]])
    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")) == [[text]]


def test_csv_opens_in_dutch_excel_with_numbers_and_dates_untouched():
    moment = dt.datetime(2026, 3, 1, 12, 30, tzinfo=dt.UTC)
    content = exports.csv_bytes(
        ["A", "B", "C", "D", "E", "F"],
        [[-3, Decimal("-1.50"), 2.5, dt.date(2026, 1, 31), moment, None]],
    )
    assert content.startswith("\ufeff".encode())
    row = content.decode("utf-8-sig").splitlines()[1]
    assert row == "-3;-1,50;2,5;31-01-2026;01-03-2026 13:30;"


def test_a_separator_or_quote_in_a_text_cannot_start_a_new_cell():
    content = exports.csv_bytes([], [["Jansen;=1+1", 'a"b;@SUM(A1)']])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Jansen;=1+1", 'a"b;@SUM(A1)']]


def test_xlsx_keeps_hostile_texts_as_text_and_numbers_and_dates_as_such():
    moment = dt.datetime(2026, 3, 1, 12, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    content = exports.xlsx_bytes(
        exports.Sheet(
            title="Blad",
            header=["Tekst", "Getal", "Datum", "Tijd", "Code"],
            rows=[[text, -4, dt.date(2026, 1, 31), moment, "0123"] for text in HOSTILE],
            number_formats={4: "@"},
            bold_last_row=True,
        )
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].font.b
    for number, text in enumerate(HOSTILE, start=2):
        tekst, getal, datum, tijd, code = sheet[number]
        assert (tekst.value, tekst.data_type, tekst.quotePrefix) == (text, "s", True)
        assert (getal.value, getal.data_type) == (-4, "n")
        assert datum.is_date and datum.value.date() == dt.date(2026, 1, 31)
        assert datum.number_format == "DD-MM-YYYY"
        assert (tijd.value.date(), tijd.value.time()) == (dt.date(2026, 3, 1), dt.time(12, 30))
        assert (code.value, code.number_format) == ("0123", "@")
        assert not code.quotePrefix
    assert sheet[len(HOSTILE) + 1][0].font.b


def test_streaming_xlsx_keeps_the_same_rules_as_the_ordinary_one():
    """The large-table writer (the national minimale dataset) reads back in a spreadsheet
    as the ordinary one: hostile text stays text, numbers and dates keep their kind."""
    moment = dt.datetime(2026, 3, 1, 12, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    rows = [
        [text, -4, Decimal("2.5"), dt.date(2026, 1, 31), moment, "0123", None, "a\x00b<&>"]
        for text in HOSTILE
    ]
    content = exports.xlsx_bytes_streaming(
        exports.Sheet(
            title="Blad",
            header=["Tekst", "Getal", "Decimaal", "Datum", "Tijd", "Code", "Leeg", "=Kop"],
            rows=rows,
            number_formats={5: "@"},
            widths={0: 30},
        ),
        exports.Sheet(title="Verantwoording", rows=[("formaat", "mds-1.0"), ("rijen", 6)]),
    )
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Blad"]
    header = [c.value for c in sheet[1]]
    assert header == ["Tekst", "Getal", "Decimaal", "Datum", "Tijd", "Code", "Leeg", "=Kop"]
    assert sheet["A1"].font.b and sheet["H1"].quotePrefix and sheet["H1"].data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 30
    for number, text in enumerate(HOSTILE, start=2):
        tekst, getal, decimaal, datum, tijd, code, leeg, vreemd = sheet[number]
        assert (tekst.value, tekst.data_type, tekst.quotePrefix) == (text, "s", True)
        assert not tekst.font.b
        assert (getal.value, getal.data_type, decimaal.value) == (-4, "n", 2.5)
        assert datum.is_date and datum.value.date() == dt.date(2026, 1, 31)
        assert datum.number_format == "yyyy-mm-dd"
        assert (tijd.value.date(), tijd.value.time()) == (dt.date(2026, 3, 1), dt.time(12, 30))
        assert tijd.number_format == "DD-MM-YYYY HH:MM"
        assert (code.value, code.number_format, code.quotePrefix) == ("0123", "@", False)
        assert leeg.value is None
        assert vreemd.value == "ab<&>"
    assert [[c.value for c in r] for r in workbook["Verantwoording"]] == [
        ["formaat", "mds-1.0"],
        ["rijen", 6],
    ]


@pytest.mark.parametrize("day", [dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(1941, 3, 12)])
def test_streaming_xlsx_dates_are_the_days_a_spreadsheet_reads(day):
    """Excel's 1900 system counts a 29 February 1900 that did not exist: a date before it is
    one day less from day 0 than a date after it."""
    content = exports.xlsx_bytes_streaming(exports.Sheet(title="Blad", rows=[[day]], freeze=None))
    assert load_workbook(io.BytesIO(content)).active["A1"].value.date() == day


def test_control_characters_that_xlsx_cannot_hold_are_dropped():
    content = exports.xlsx_bytes(exports.Sheet(title="Blad", rows=[["a\x00b\x1fc"]]))
    assert load_workbook(io.BytesIO(content)).active["A1"].value == "abc"


def test_download_headers_name_the_kind_and_the_file():
    response = exports.download(b"x", filename="clienten.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="clienten.csv"'
    response = exports.download(b"x", filename="cliënten.xlsx")
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''cli%C3%ABnten.xlsx"


def test_no_other_module_writes_a_spreadsheet_of_its_own():
    """Every CSV or XLSX download goes through accounts.exports; a second writer would be a
    second place to forget the formula rule."""
    base = Path(settings.BASE_DIR)
    apps = settings.INSTALLED_APPS[settings.INSTALLED_APPS.index("accounts") :]
    writers = re.compile(
        r"csv\.(writer|DictWriter)\(|Workbook\(|content_type=\"text/csv|spreadsheetml"
    )
    offenders = [
        str(path.relative_to(base))
        for app in apps
        for path in (base / app).rglob("*.py")
        if path != base / "accounts" / "exports.py"
        and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
