"""Reading the uploaded file (CSV or XLSX) into rows of cells, and reading one cell as text,
date or choice."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .kolommen import KOLOMMEN, VERPLICHT, VOLGORDE
from .resultaat import Fouten

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000

ONLEESBAAR = gettext_lazy("Dit bestand kan niet worden gelezen als CSV of Excel (xlsx).")

Cel = str | dt.date


class Bestandsfout(Exception):
    """The file as a whole cannot be imported (unreadable, too large, too long)."""

    def __init__(self, melding: str = ""):
        self.melding = melding or str(ONLEESBAAR)
        super().__init__(self.melding)


def _te_veel_rijen() -> Bestandsfout:
    return Bestandsfout(
        _("Het bestand heeft meer dan %(max)s rijen. Splits het in kleinere bestanden.")
        % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
    )


# --- The file -------------------------------------------------------------------------------


def lees(data: bytes, filename: str) -> list[tuple[int, list[Cel]]]:
    """Every row of the file (the header too) with its number; raises Bestandsfout."""
    if len(data) > MAX_BYTES:
        raise Bestandsfout(_("Het bestand is groter dan 5 MB. Splits het in kleinere bestanden."))
    if data[:4] == b"PK\x03\x04":
        return _lees_xlsx(data)
    if (
        filename.lower().endswith((".xlsx", ".xls", ".xlsm", ".ods"))
        or data[:4] == b"\xd0\xcf\x11\xe0"
    ):
        raise Bestandsfout
    return _lees_csv(data)


def _kolomnaam(value: object) -> str:
    return (
        str(value or "").replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")
    )


def _cel(value: object) -> Cel:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise Bestandsfout
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Bestandsfout


def _begrensd(rows: Iterable[tuple[int, list[Cel]]]) -> list[tuple[int, list[Cel]]]:
    """Read no further than needed to know a file is too long; blank rows count too (with a
    margin), so a sheet formatted a million rows deep is not read to its end."""
    result = []
    gevuld = 0
    for number, cells in rows:
        result.append((number, cells))
        gevuld += any(cell != "" for cell in cells)
        if gevuld > MAX_ROWS + 1 or len(result) > 2 * MAX_ROWS + 1:
            raise _te_veel_rijen()
    return result


def _lees_csv(data: bytes) -> list[tuple[int, list[Cel]]]:
    text = _decode(data)
    header_line = text.split("\n", 1)[0]
    # The header holds only column names, so counting separators there is a reliable sniff.
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _begrensd(
            (number, [cell.strip() for cell in row]) for number, row in enumerate(reader, start=1)
        )
    except csv.Error as error:
        raise Bestandsfout from error


def _xlsx_rijen(sheet) -> Iterable[tuple[int, list[Cel]]]:
    header = [_cel(value) for value in next(sheet.iter_rows(max_row=1, values_only=True), ())]
    while header and header[-1] == "":
        header.pop()
    yield 1, header
    if not header:
        return
    # No wider than the header: a sheet can claim thousands of (empty) columns.
    rows = sheet.iter_rows(min_row=2, max_col=len(header), values_only=True)
    for number, values in enumerate(rows, start=2):
        yield number, [_cel(value) for value in values]


def _lees_xlsx(data: bytes) -> list[tuple[int, list[Cel]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        # openpyxl raises many kinds of errors for damaged or foreign files
        raise Bestandsfout from error
    try:
        return _begrensd(_xlsx_rijen(workbook.worksheets[0]))
    except Bestandsfout:
        raise
    except Exception as error:
        raise Bestandsfout from error
    finally:
        workbook.close()


def koppel_kolommen(
    regels: list[tuple[int, list[Cel]]], fouten: Fouten
) -> list[tuple[int, dict[str, Cel]]]:
    """Check the header and give every non-empty row its cells by column name."""
    namen = [_kolomnaam(cel) for cel in regels[0][1]] if regels else []
    bekend = sum(naam in VOLGORDE for naam in namen)
    if bekend * 2 <= sum(bool(naam) for naam in namen):
        # Mostly unknown names: most likely a list without its header row. Its first row then
        # holds a BSN and a name, which messages about "unknown columns" would repeat.
        fouten.add(
            None,
            "",
            _("De eerste rij moet de kolomnamen bevatten, zoals in het sjabloon."),
        )
        return []
    nummer = regels[0][0]
    for index, naam in enumerate(namen):
        if naam and naam not in VOLGORDE:
            kolom = naam[:40] if not re.search(r"\d{4}", naam) else str(index + 1)
            fouten.add(nummer, kolom, _("onbekende kolom. Gebruik de kolomnamen uit het sjabloon."))
        elif naam and namen.index(naam) != index:
            fouten.add(nummer, naam, _("deze kolom staat twee keer in het bestand."))
    for naam in VERPLICHT:
        if naam not in namen:
            fouten.add(nummer, naam, _("deze verplichte kolom ontbreekt."))
    data = [(rij, cellen) for rij, cellen in regels[1:] if any(c != "" for c in cellen)]
    if len(data) > MAX_ROWS:
        fouten.add(None, "", _te_veel_rijen().melding)
    elif not data and not fouten.lijst:
        fouten.add(None, "", _("Het bestand bevat geen rijen met cliënten."))
    if fouten.lijst:
        return []
    return [
        (rij, {naam: cel for naam, cel in zip(namen, cellen, strict=False) if naam})
        for rij, cellen in data
    ]


# --- One cell -------------------------------------------------------------------------------


def _keuzes(choices: type[TextChoices]) -> dict[str, str]:
    mapping = {}
    for choice in choices:
        mapping[str(choice.label).lower()] = choice.value
        mapping[choice.value.lower()] = choice.value
    return mapping


_KEUZES = {kolom.naam: _keuzes(kolom.keuzes) for kolom in KOLOMMEN if kolom.keuzes}
_DATUM_FORMATEN = ("%d-%m-%Y", "%Y-%m-%d")
_KORT_JAAR = re.compile(r"^\d{1,2}-\d{1,2}-\d{2}$")


def als_tekst(value: Cel) -> str:
    """A cell as the user writes it: dates as dd-mm-jjjj."""
    return value.strftime("%d-%m-%Y") if isinstance(value, dt.date) else value


def _datum(value: Cel) -> dt.date:
    if isinstance(value, dt.date):
        return value
    for formaat in _DATUM_FORMATEN:
        try:
            return dt.datetime.strptime(value, formaat).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise ValueError(value)


@dataclass
class Cellen:
    """The cells of one row by column name. Reading a cell that is wrong adds the reason to
    ``fouten`` and gives an empty value."""

    rij: int
    cellen: dict[str, Cel]
    vandaag: dt.date
    fouten: Fouten

    def tekst(self, naam: str) -> str:
        return als_tekst(self.cellen.get(naam, ""))

    def fout(self, naam: str, melding: str) -> None:
        self.fouten.add(self.rij, naam, melding)

    def verplicht(self, naam: str) -> str:
        value = self.tekst(naam)
        if not value:
            self.fouten.add(self.rij, naam, _("vul dit in."))
        return value

    def datum(self, naam: str, *, required: bool, regel: Callable[..., None]) -> dt.date | None:
        """The cell as a date that passes ``regel`` (a rule of accounts.dates, judged on the
        import's ``vandaag``), else None with the reason in ``fouten``."""
        value = self.cellen.get(naam, "")
        if value == "":
            if required:
                self.fouten.add(self.rij, naam, _("vul dit in."))
            return None
        try:
            parsed = _datum(value)
        except ValueError:
            if _KORT_JAAR.match(str(value)):
                self.fouten.add(self.rij, naam, _("schrijf het jaar met vier cijfers."))
            else:
                self.fouten.add(
                    self.rij, naam, _("dit is geen datum; schrijf dd-mm-jjjj of jjjj-mm-dd.")
                )
            return None
        try:
            regel(parsed, vandaag=self.vandaag)
        except ValidationError as error:
            self.fouten.add_error(self.rij, naam, error)
            return None
        return parsed

    def keuze(self, naam: str, default: str) -> str:
        value = self.tekst(naam)
        if not value:
            return default
        gevonden = _KEUZES[naam].get(value.lower())
        if gevonden is None:
            toegestaan = ", ".join(dict.fromkeys(_KEUZES[naam].values()))
            self.fouten.add(
                self.rij,
                naam,
                _("onbekende waarde; kies uit: %(keuzes)s.") % {"keuzes": toegestaan},
            )
            return default
        return gevonden
