"""The template files offered on the import page: the columns and one example row."""

from __future__ import annotations

import datetime as dt

from accounts import exports
from netwerk.models import Netwerk
from netwerk.selectors import werkgebied_gemeenten

from ..models import DiagnoseStatus, Geslacht, Urgentie, VerwijzerType, Woonsituatie
from .kolommen import KOLOM_NAMEN, VOORBEELD_BSN
from .lezen import Cel


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
    return exports.csv_bytes(KOLOM_NAMEN, [list(sjabloon_rij(netwerk, vandaag).values())])


# Text, so Excel keeps the leading zeros of BSNs and AGB codes.
_TEKST_KOLOMMEN = ("bsn", "aanbieder_agb", "postcode")


def sjabloon_xlsx(netwerk: Netwerk, vandaag: dt.date) -> bytes:
    return exports.xlsx_bytes(
        exports.Sheet(
            title="Cliënten",
            header=KOLOM_NAMEN,
            rows=[list(sjabloon_rij(netwerk, vandaag).values())],
            number_formats={
                index: "@" for index, naam in enumerate(KOLOM_NAMEN) if naam in _TEKST_KOLOMMEN
            },
            widths={index: max(14, len(naam) + 2) for index, naam in enumerate(KOLOM_NAMEN)},
        )
    )
