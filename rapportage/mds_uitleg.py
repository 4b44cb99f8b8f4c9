"""The minimal dataset's columns explained in Dutch, for the export page (the people who ask
for the file cannot open docs/minimale-dataset.md, which says the same in more words)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .mds import KOLOMMEN, UITKOMSTEN

_VASTE_KOLOMMEN = {
    "pseudoniem": _(
        "Pseudoniem van de cliënt, alleen binnen deze export gelijk (sleutel niet bewaard)."
    ),
    "netwerk": _("Korte naam van het netwerk."),
    "periode": _("De periode van de export (kwartaal of jaar)."),
    "mds01_geboortejaar": _("Geboortejaar (geen geboortedatum)."),
    "mds02_geslacht": _("Geslacht, als code."),
    "mds03_woonsituatie": _("Woonsituatie, als code; leeg = niet vastgelegd."),
    "mds04_gemeente_cbs": _("CBS-code van de woongemeente."),
    "mds05_diagnosestatus": _("Diagnosestatus op de aanmelddatum."),
    "mds06_verwijzer": _("Soort verwijzer."),
    "mds07_aanmelddatum": _("Aanmelddatum: begin van de wachttijd."),
    "mds08_eerste_contact": _("Datum van het eerste contact: einde van de wachttijd."),
    "mds09_afmelddatum": _("Datum van afmelding zonder in zorg te komen (zelden bij een traject)."),
    "mds09_afmeldreden": _("Reden van die afmelding."),
    "wijkverpleging_bij_aanmelding": _("Kreeg al wijkverpleging bij aanmelding (1/0)."),
    "toegewezen_op": _("Datum van toewijzing aan de casemanager."),
    "mds10_intensiteit": _("Huidige intensiteit."),
    "mds11_einddatum": _("Einddatum van het traject; leeg zolang het loopt."),
    "mds11_eindreden": _("Reden van het einde."),
    "in_zorg_op_peildatum": _(
        "In zorg op de dag na de periode (1/0); telt op tot het aantal in de rapportage."
    ),
    "mds12_contactminuten_periode": _(
        "Contactminuten in de periode, aangeleverde maandtotalen inbegrepen."
    ),
}

_UITKOMST_NAMEN = {
    "mds13_kwaliteit_van_leven": _("kwaliteit van leven (QoL-AD, 13-52)"),
    "mds14a_belasting_mantelzorger": _("belasting van de mantelzorger (0-10)"),
    "mds14b_volhoudtijd_mantelzorger": _("volhoudtijd van de mantelzorger (categorie)"),
    "mds15_clientoordeel": _("cliëntoordeel (1-10)"),
}

_UITKOMST_DELEN = {
    "eerste_datum": _("datum van de eerste meting van %(maat)s"),
    "eerste_waarde": _("waarde van de eerste meting van %(maat)s"),
    "laatste_datum": _("datum van de laatste meting van %(maat)s tot het einde van de periode"),
    "laatste_waarde": _("waarde van de laatste meting van %(maat)s"),
    "aantal": _("aantal metingen van %(maat)s"),
}


def _uitleg(kolom: str) -> str:
    if kolom in _VASTE_KOLOMMEN:
        return str(_VASTE_KOLOMMEN[kolom])
    for prefix, _type, _veld in UITKOMSTEN:
        deel = kolom.removeprefix(f"{prefix}_")
        if deel != kolom and deel in _UITKOMST_DELEN:
            tekst = str(_UITKOMST_DELEN[deel]) % {"maat": _UITKOMST_NAMEN[prefix]}
            return tekst[0].upper() + tekst[1:] + "."
    raise KeyError(kolom)


def kolommen_met_uitleg() -> list[tuple[str, str]]:
    """Every column of the export, in its order, with what it holds."""
    return [(kolom, _uitleg(kolom)) for kolom in KOLOMMEN]
