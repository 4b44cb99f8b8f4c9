"""The columns of the import spreadsheet, in the order of the template."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy

from ..models import DiagnoseStatus, Geslacht, Urgentie, VerwijzerType, Woonsituatie

VOORBEELD_BSN = "111222333"  # a test number that passes the elfproef


@dataclass(frozen=True)
class Kolom:
    naam: str
    verplicht: bool
    uitleg: str
    keuzes: type[TextChoices] | None = None

    @property
    def toegestane_waarden(self) -> list[tuple[str, str]]:
        return [(c.value, str(c.label)) for c in self.keuzes] if self.keuzes else []


_DATUM = gettext_lazy("Datum als dd-mm-jjjj of jjjj-mm-dd.")

KOLOMMEN: list[Kolom] = [
    Kolom("bsn", True, gettext_lazy("Burgerservicenummer: 9 cijfers, voldoet aan de elfproef.")),
    Kolom("voornaam", True, gettext_lazy("Voornaam of roepnaam.")),
    Kolom("tussenvoegsel", False, gettext_lazy("Bijvoorbeeld ‘van der’.")),
    Kolom("achternaam", True, gettext_lazy("Achternaam.")),
    Kolom("geboortedatum", True, _DATUM),
    Kolom("geslacht", False, gettext_lazy("Leeg: onbekend."), Geslacht),
    Kolom("straat_huisnummer", False, gettext_lazy("Straat en huisnummer.")),
    Kolom("postcode", False, gettext_lazy("4 cijfers en 2 letters, bijvoorbeeld 2514 EA.")),
    Kolom("woonplaats", False, gettext_lazy("Woonplaats.")),
    Kolom(
        "gemeente",
        True,
        gettext_lazy(
            "Woongemeente: CBS-code (bijvoorbeeld GM0518) of naam. De gemeente hoort op de "
            "aanmelddatum bij het werkgebied van uw netwerk."
        ),
    ),
    Kolom("huisarts", False, gettext_lazy("Naam van de huisarts of praktijk.")),
    Kolom("woonsituatie", False, gettext_lazy("Leeg: onbekend."), Woonsituatie),
    Kolom("diagnose_status", False, gettext_lazy("Leeg: geen diagnose."), DiagnoseStatus),
    Kolom("aanmelddatum", True, gettext_lazy("Datum van aanmelding; start van de wachttijd.")),
    Kolom("verwijzer_type", True, gettext_lazy("Wie verwees."), VerwijzerType),
    Kolom("verwijzer_naam", False, gettext_lazy("Naam van de verwijzer.")),
    Kolom("urgentie", False, gettext_lazy("Leeg: normaal."), Urgentie),
    Kolom(
        "aanbieder_agb",
        False,
        gettext_lazy(
            "AGB-code van de vestiging van de aanbieder (8 cijfers). Leeg: centraal bij het "
            "netwerk aangemeld."
        ),
    ),
    Kolom(
        "casemanager_email",
        False,
        gettext_lazy(
            "Alleen voor een lopend traject: e-mailadres van de casemanager, die in uw netwerk "
            "werkt."
        ),
    ),
    Kolom("toegewezen_op", False, gettext_lazy("Datum van toewijzing aan de casemanager.")),
    Kolom(
        "eerste_contact_op",
        False,
        gettext_lazy(
            "Datum van het eerste contact van de casemanager met de cliënt (huisbezoek); "
            "stopt de wachttijd."
        ),
    ),
]
KOLOM_NAMEN = [kolom.naam for kolom in KOLOMMEN]
VERPLICHT = [kolom.naam for kolom in KOLOMMEN if kolom.verplicht]
VOLGORDE = {naam: index for index, naam in enumerate(KOLOM_NAMEN)}
