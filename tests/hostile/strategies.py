"""Hypothesis strategies for hostile input: what a careless, confused or malicious user (or a
referrer's system) sends. Every strategy yields strings, as a browser sends them; the JSON
strategies add the wrong types a program sends.

The first element of every ``one_of`` is the most harmless one, so a failing example
shrinks towards a request where only one field is hostile."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import strategies as st

from accounts.dates import BEGIN_OF_RECORDS, latest_planned, today

# Reflected unescaped anywhere, this would run in the user's browser.
XSS_MARKER = "<script>hostile()</script>"

# --- BSN -----------------------------------------------------------------------------------

_WEIGHTS = range(9, 1, -1)


def _elfproef_total(first8: str) -> int:
    return sum(int(d) * w for d, w in zip(first8, _WEIGHTS, strict=True))


@st.composite
def valid_bsns(draw) -> str:
    """Nine digits that pass the elfproef (the last digit has weight -1)."""
    while True:
        first8 = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
        last = _elfproef_total(first8) % 11
        if last <= 9 and first8 != "00000000":
            return f"{first8}{last}"


@st.composite
def invalid_bsns(draw) -> str:
    """Nine digits that fail the elfproef."""
    first8 = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    good = _elfproef_total(first8) % 11
    last = draw(st.integers(0, 9).filter(lambda d: d != good))
    return f"{first8}{last}"


def bsns() -> st.SearchStrategy[str]:
    written = valid_bsns().flatmap(
        lambda bsn: st.sampled_from(
            [
                bsn,
                f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}",
                f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}",
                f" {bsn} ",
                bsn[1:] if bsn.startswith("0") else bsn,  # the leading zero left off
                bsn + "0",
                bsn[:-1],
                "".join(chr(ord(d) - ord("0") + 0x0660) for d in bsn),  # Arabic-Indic digits
                "".join(chr(ord(d) - ord("0") + 0xFF10) for d in bsn),  # full-width digits
            ]
        )
    )
    return st.one_of(
        valid_bsns(),
        written,
        invalid_bsns(),
        st.sampled_from(["000000000", "999999999", "123456789", "12345678X", "", "\x00" * 9]),
        st.text(alphabet="0123456789 .-", max_size=15),
    )


# --- Dates ---------------------------------------------------------------------------------

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%m-%y", "%d.%m.%Y", "%Y%m%d"]


def _written(days: st.SearchStrategy[dt.date]) -> st.SearchStrategy[str]:
    return st.builds(lambda day, fmt: day.strftime(fmt), days, st.sampled_from(DATE_FORMATS))


def valid_dates() -> st.SearchStrategy[str]:
    """Plausible dates of the care process, in the formats people type them: inside the
    windows of accounts.dates (from 2000, up to two years ahead), mostly in the recent past."""
    return _written(
        st.one_of(
            st.dates(min_value=dt.date(2016, 1, 1), max_value=today()),
            st.dates(min_value=BEGIN_OF_RECORDS, max_value=latest_planned()),
        )
    )


def valid_birth_dates() -> st.SearchStrategy[str]:
    return _written(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(1965, 12, 31)))


def dates() -> st.SearchStrategy[str]:
    return st.one_of(
        valid_dates(),
        st.sampled_from(
            [
                "31-02-2026",
                "2026-02-30",
                "29-02-2025",
                "2026-13-01",
                "00-00-0000",
                "0000-01-01",
                "0001-01-01",
                "01-01-0001",
                "2099-01-01",
                "01-01-2099",
                "1899-12-31",
                "1999-12-31",
                "9999-12-31",
                "31-12-9999",
                "10000-01-01",
                "-2026-01-01",
                "+002026-01-01",
                "1-1-1",
                "2026-1-1",
                "01/13/2026",
                "2026-01-01T00:00:00+01:00",
                "2026-01-01 12:00",
                "vandaag",
                "gisteren",
                "today",
                "",
                " ",
                "2026-01-01\x00",
                "٢٠٢٦-٠١-٠١",  # Arabic-Indic digits
                "２０２６-０１-０１",  # full-width digits
                "1e9",
                "NaN",
            ]
        ),
        st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(
            lambda day: day.isoformat()
        ),
        st.text(alphabet="0123456789-/. ", max_size=12),
    )


# --- Numbers -------------------------------------------------------------------------------


def valid_numbers() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(0, 100).map(str), st.sampled_from(["1", "2026", "0.8", "12.5"]))


def numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        valid_numbers(),
        st.sampled_from(
            [
                "-1",
                "-0",
                "0",
                "1,5",
                "1.000,50",
                "1e9",
                "1E400",
                "-1e-400",
                "NaN",
                "nan",
                "Infinity",
                "-inf",
                "9" * 30,
                "9" * 5000,  # more digits than Python's int() accepts from a string
                str(2**31),
                str(2**63),
                str(-(2**63) - 1),
                "0x1F",
                "1_000",
                "١٢",  # Arabic-Indic digits
                "²",  # a digit to str.isdigit(), not to int()
                "½",
                " 12 ",
                "12abc",
                "",
                "--1",
                "1.2.3",
            ]
        ),
        st.integers().map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats().map(str),
    )


# --- Text ----------------------------------------------------------------------------------

SPECIAL_TEXTS = [
    "Test tekst",
    "😀👩‍👩‍👧‍👦🏳️‍🌈",
    "\u202eRTL-override",
    "שלום עולם",
    "مرحبا بالعالم",
    "e\u0301\u0301\u0301\u0301",  # combining marks
    "Z̸̢̛̛̤͎̥̯̜̞̰̹̤̠͇̘̍̾̑͂̒͌̈́̈̕͝a̶l̶g̶o̶",
    "\u200b\u200c\u200d\ufeff",  # zero-width characters
    "a\x00b",
    "\x00",
    "\r\n\t",
    "\x1b[31mrood\x1b[0m",
    "\x7f\x08",
    "   ",
    "",
    XSS_MARKER,
    "\"'><img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    "%_\\",
    "%s%s%n{0}{{7*7}}${7*7}",
    "../../etc/passwd",
    "Robert'); DROP TABLE clients;--",
    "ÅÄÖ ÿ ĳ Ĳ ß ẞ",
    "𝕳𝖊𝖑𝖑𝖔",
    "\ud7ff\ue000\uffff",
    "NULL",
    "None",
    "true",
    "[]",
    "{}",
]


def long_texts() -> st.SearchStrategy[str]:
    """10,000 characters or more: a pasted document, a stuck key."""
    return st.builds(
        lambda piece, length: (piece * (length // len(piece) + 1))[:length],
        st.sampled_from(["a", "é", "😀", "ab\n", "word ", "\x00x", "<b>&amp;</b>"]),
        st.integers(10_000, 12_000),
    )


def texts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(SPECIAL_TEXTS),
        st.text(max_size=60),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
        long_texts(),
    )


def hostile() -> st.SearchStrategy[str]:
    """Anything: the kind of value a field does not expect."""
    return st.one_of(texts(), dates(), numbers(), bsns())


# --- Values that fit a field, by its name and HTML type ------------------------------------


def plausible(name: str, kind: str) -> st.SearchStrategy[str]:
    """A value a careful user would type into this field."""
    lowered = name.lower()
    if "bsn" in lowered:
        return valid_bsns()
    if "email" in lowered or kind == "email":
        return st.sampled_from(["test@example.nl", "Iemand@Example.NL"])
    if "postcode" in lowered:
        return st.sampled_from(["2514EA", "2514 ea"])
    if "telefoon" in lowered or kind == "tel":
        return st.sampled_from(["0612345678", "+31 70 123 4567"])
    if "website" in lowered or kind == "url":
        return st.sampled_from(["https://example.nl", "example.nl"])
    if "agb" in lowered:
        return st.text(alphabet="0123456789", min_size=8, max_size=8)
    if "kvk" in lowered:
        return st.text(alphabet="0123456789", min_size=8, max_size=8)
    if "jaar" in lowered:
        return st.integers(2020, 2032).map(str)
    if "geboorte" in lowered:
        return valid_birth_dates()
    if kind == "date" or lowered in ("datum", "van", "tot", "op", "peildatum"):
        return valid_dates()
    if kind == "number":
        return valid_numbers()
    return st.sampled_from(["Test", "Een korte notitie.", "Jansen"])


def _kind(name: str, kind: str) -> str:
    lowered = name.lower()
    if "bsn" in lowered:
        return "bsn"
    if kind == "date" or lowered in ("datum", "van", "tot", "op", "peildatum"):
        return "date"
    if kind == "number" or "jaar" in lowered or lowered in ("pagina", "page"):
        return "number"
    return "text"


# The values most likely to break something, per kind of field; every page gets each of
# them explicitly (see nasty()), the random examples mix in the rest.
NASTY = {
    "bsn": ["12345678X", "111222334", "1112223330", "", "111 222 333\x00"],
    "date": ["31-02-2026", "9999-12-31", "0001-01-01", "٢٠٢٦-٠١-٠١", "2026-01-01\x00"],
    "number": ["9" * 5000, "1E400", "NaN", "²", str(2**63)],
    "text": ["a\x00b", "x" * 10_001, XSS_MARKER, "😀\u202eabc\u0301", ""],
}
NASTY_ROUNDS = 5


def nasty(name: str, kind: str, round_: int) -> str:
    """The round_-th nasty value for a field of this name and HTML type."""
    return NASTY[_kind(name, kind)][round_]


def hostile_for(name: str, kind: str) -> st.SearchStrategy[str]:
    """A hostile value of the field's own kind (an impossible date for a date, ...)."""
    own = {"bsn": bsns, "date": dates, "number": numbers, "text": texts}[_kind(name, kind)]
    return st.one_of(st.sampled_from(NASTY[_kind(name, kind)]), own())


# --- Files ---------------------------------------------------------------------------------


def _csv(rows: list[list[str]], delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


@st.composite
def csv_files(draw, headers: list[list[str]], examples: list[list[str]]) -> bytes:
    """A CSV file with a known header and rows: a good example row with some cells made
    hostile, or rows of junk."""
    header = draw(st.sampled_from(headers))
    rows = [header]
    for _row in range(draw(st.integers(0, 4))):
        base = draw(st.sampled_from(examples)) if examples else [""] * len(header)
        row = list(base[: len(header)]) + [""] * (len(header) - len(base))
        for index in range(len(row)):
            if draw(st.integers(0, 3)) == 0:
                row[index] = draw(hostile())
        if draw(st.booleans()):
            row = row[: draw(st.integers(0, len(row)))]
        rows.append(row)
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    data = _csv(rows, delimiter)
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data  # the BOM Excel writes
    return data


def nasty_file(headers: list[list[str]], round_: int) -> bytes:
    """The round_-th nasty upload: empty, NUL bytes, known columns full of nasty values, a
    broken zip (xlsx), UTF-16."""
    if round_ == 2:
        header = headers[0]
        rows = [header, *([nasty(name, "text", index) for name in header] for index in range(5))]
        return _csv(rows, ";")
    return [
        b"",
        b"\x00" * 1000,
        b"",
        b"PK\x03\x04" + b"\x00" * 100,
        "a;b\n\x00;2".encode("utf-16"),
    ][round_]


def files(headers: list[list[str]], examples: list[list[str]]) -> st.SearchStrategy[bytes]:
    return st.one_of(
        csv_files(headers, examples),
        st.just(b""),
        st.binary(max_size=200),
        st.just(b"PK\x03\x04" + b"\x00" * 100),  # the start of a zip (xlsx) and nothing else
        st.just("naam;jaar\nJansen;2026\n".encode("utf-16")),
        st.just(b"\x00" * 1000),
        long_texts().map(lambda text: text.encode("utf-8", "surrogatepass")),
    )


@st.composite
def query_values(draw, names: list[str]) -> dict:
    """For each named query parameter: junk, several junk values, or left out."""
    data = {}
    for name in names:
        how = draw(st.sampled_from(["hostile", "hostile", "several", "leave"]))
        if how == "several":
            data[name] = draw(st.lists(hostile_for(name, "text"), min_size=2, max_size=3))
        elif how == "hostile":
            data[name] = draw(st.one_of(hostile_for(name, "text"), hostile()))
    return data
