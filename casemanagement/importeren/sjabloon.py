"""The template files offered on the import page: the columns and one example row."""

from __future__ import annotations

import csv
import datetime as dt
import io

from netwerk.models import Netwerk
from netwerk.selectors import werkgebied_gemeenten

from ..models import DiagnoseStatus, Geslacht, Urgentie, VerwijzerType, Woonsituatie
from .kolommen import KOLOM_NAMEN, VOORBEELD_BSN
from .lezen import Cel, als_tekst


def sjabloon_rij(netwerk: Netwerk, vandaag: dt.date) -> dict[str, Cel]:
    """One example row: a fictional person with a test BSN in a gemeente of the network."""
    gemeente = werkgebied_gemeenten(netwerk, vandaag).first()
    return {
        "bsn": VOORBEELD_BSN,
        "voornaam": "Johanna",
        "tussenvoegsel": "van",
        "achternaam": "Voorbeeld",
        "geboortedatum": dt.date(1942, 3, 14),
        "geslacht": Geslacht.VROUW.value,
        "straat_huisnummer": "Voorbeeldstraat 1",
        "postcode": "1234 AB",
        "woonplaats": gemeente.naam if gemeente else "",
        "gemeente": gemeente.cbs_code if gemeente else "",
        "huisarts": "Huisartsenpraktijk Voorbeeld",
        "woonsituatie": Woonsituatie.PARTNER.value,
        "diagnose_status": DiagnoseStatus.ONDERZOEK.value,
        "aanmelddatum": vandaag,
        "verwijzer_type": VerwijzerType.HUISARTS.value,
        "verwijzer_naam": "Dr. Voorbeeld",
        "urgentie": Urgentie.NORMAAL.value,
        "aanbieder_agb": "",
        "casemanager_email": "",
        "toegewezen_op": "",
        "eerste_contact_op": "",
    }


def sjabloon_csv(netwerk: Netwerk, vandaag: dt.date) -> bytes:
    """UTF-8 with BOM and semicolons, so Excel in Dutch opens it in columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(KOLOM_NAMEN)
    voorbeeld = sjabloon_rij(netwerk, vandaag)
    writer.writerow([als_tekst(value) for value in voorbeeld.values()])
    return buffer.getvalue().encode("utf-8-sig")


def sjabloon_xlsx(netwerk: Netwerk, vandaag: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Cliënten"
    sheet.append(KOLOM_NAMEN)
    sheet.append(list(sjabloon_rij(netwerk, vandaag).values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, naam in enumerate(KOLOM_NAMEN, start=1):
        column = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[column].width = max(14, len(naam) + 2)
        value = sheet.cell(row=2, column=index)
        if isinstance(value.value, dt.date):
            value.number_format = "DD-MM-YYYY"
        elif naam in ("bsn", "aanbieder_agb", "postcode"):
            # text, so Excel keeps leading zeros of BSNs and AGB codes
            value.number_format = "@"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
