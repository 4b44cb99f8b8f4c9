"""The overview as CSV and XLSX, exactly as filtered on the list.

The melder's contact details go into a file only for those who may see them
(permissions.can_view_melder_gegevens). Texts typed on the public meldpunt end up in these
files, so cells that a spreadsheet would read as a formula are written as text.

The PDF "overzicht van signalen" of a period is not here: it is rendered by the rapportage
app's PDF machinery (rapportage.views.signalen_overzicht, from ``selectors.overzicht``),
which never puts melder data in it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from .models import Signaal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _veilig(value) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _datum(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def kolommen(met_melder: bool) -> list[str]:
    columns = [
        _("Referentie"),
        _("Titel"),
        _("Categorie"),
        _("Status"),
        _("Netwerken"),
        _("Regio"),
        _("Bron"),
        _("Soort melder"),
    ]
    if met_melder:
        columns += [
            _("Naam melder"),
            _("Organisatie melder"),
            _("E-mail melder"),
            _("Telefoon melder"),
        ]
    return [
        *columns,
        _("Betrokken partijen"),
        _("Eigenaar"),
        _("Ontvangen op"),
        _("In behandeling op"),
        _("Gesloten op"),
        _("Doorlooptijd (dagen)"),
        _("Oplossing"),
        _("Omschrijving"),
    ]


def rijen(signalen: Iterable[Signaal], *, met_melder: bool, vandaag: dt.date, csv_veilig: bool):
    """One row per signal; with ``csv_veilig`` texts that start like a formula get an
    apostrophe (the XLSX writer marks every text cell as text instead)."""
    for signaal in signalen:
        row = [
            signaal.referentie,
            signaal.titel,
            signaal.get_categorie_display(),
            signaal.get_status_display(),
            ", ".join(netwerk.naam for netwerk in signaal.netwerken.all()),
            signaal.regio,
            signaal.get_bron_display(),
            signaal.get_melder_type_display(),
        ]
        if met_melder:
            row += [
                signaal.melder_naam,
                signaal.melder_organisatie,
                signaal.melder_email,
                signaal.melder_telefoon,
            ]
        row += [
            signaal.betrokken_partijen,
            str(signaal.eigenaar) if signaal.eigenaar else "",
            _datum(signaal.ontvangen_op),
            _datum(signaal.in_behandeling_op),
            _datum(signaal.gesloten_op),
            signaal.doorlooptijd(vandaag),
            signaal.oplossing,
            signaal.omschrijving,
        ]
        yield [_veilig(value) for value in row] if csv_veilig else row


def as_csv(signalen: Iterable[Signaal], *, met_melder: bool, vandaag: dt.date) -> bytes:
    """UTF-8 with BOM and semicolons, so Excel in Dutch opens it in columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(kolommen(met_melder))
    writer.writerows(rijen(signalen, met_melder=met_melder, vandaag=vandaag, csv_veilig=True))
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(signalen: Iterable[Signaal], *, met_melder: bool, vandaag: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Signalen")
    sheet.append(kolommen(met_melder))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rijen(signalen, met_melder=met_melder, vandaag=vandaag, csv_veilig=False):
        # Control characters typed on the meldpunt cannot be stored in XLSX.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
