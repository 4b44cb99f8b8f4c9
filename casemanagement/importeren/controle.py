"""The checks of one row on its own: every column, the models' field rules, and what the
database holds about gemeenten, aanbieders and casemanagers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from accounts.dates import validate_born_before, validate_event_date, validate_geboortedatum

from ..identifiers import validate_bsn
from ..models import Aanmelding, Casemanager, Client, DiagnoseStatus, Geslacht, Urgentie
from ..models.clienten import normalise_postcode
from .kolommen import VOORBEELD_BSN
from .lezen import Cel, Cellen
from .referentie import Referentie
from .resultaat import Fouten, kolom_meldingen


@dataclass
class Rij:
    """A row that passed the checks of its own columns, with what the import will do."""

    rij: int
    bsn: str
    client_velden: dict
    datum: dt.date
    aanmelding_velden: dict
    casemanager: Casemanager | None
    toegewezen_op: dt.date | None
    eerste_contact_op: dt.date | None
    bestaande_aanmelding: Aanmelding | None = None
    traject_maken: bool = False
    boven_norm: bool = False

    @property
    def persoon(self) -> tuple:
        velden = self.client_velden
        return (
            velden["voornaam"].lower(),
            velden["achternaam"].lower(),
            velden["geboortedatum"],
        )

    @property
    def blijft_wachten(self) -> bool:
        """A new aanmelding that is still waiting when this row is done."""
        return self.bestaande_aanmelding is None and not (
            self.traject_maken and self.eerste_contact_op
        )


def parse_rij(
    rij: int, cellen: dict[str, Cel], ref: Referentie, vandaag: dt.date, fouten: Fouten
) -> Rij | None:
    """Check the columns of one row; None when any is wrong (the reasons are in ``fouten``)."""
    aantal = len(fouten.lijst)
    cel = Cellen(rij, cellen, vandaag, fouten)
    bsn = _bsn(cel)
    aanmelddatum = cel.datum("aanmelddatum", required=True, regel=validate_event_date)
    client_velden = _client_velden(cel, ref, aanmelddatum)
    vestiging = _vestiging(cel, ref, aanmelddatum)
    casemanager, toegewezen_op, eerste_contact_op = _casemanager(cel, ref, vestiging, aanmelddatum)
    aanmelding_velden = {
        "verwijzer_type": cel.keuze("verwijzer_type", "")
        if cel.verplicht("verwijzer_type")
        else "",
        "verwijzer_naam": cel.tekst("verwijzer_naam"),
        "urgentie": cel.keuze("urgentie", Urgentie.NORMAAL),
        "organisatie": vestiging.organisatie if vestiging else None,
        "vestiging": vestiging,
    }
    _model_regels_van_rij(rij, client_velden, aanmelddatum, aanmelding_velden, aantal, fouten)
    if len(fouten.lijst) > aantal:
        return None
    return Rij(
        rij=rij,
        bsn=bsn,
        client_velden=client_velden,
        datum=aanmelddatum,
        aanmelding_velden=aanmelding_velden,
        casemanager=casemanager,
        toegewezen_op=toegewezen_op if casemanager else None,
        eerste_contact_op=eerste_contact_op if casemanager else None,
    )


def _bsn(cel: Cellen) -> str:
    if not cel.verplicht("bsn"):
        return ""
    try:
        bsn = validate_bsn(cel.tekst("bsn"))
    except ValidationError:
        cel.fout("bsn", _("dit is geen geldig BSN (elfproef)."))
        return ""
    if bsn == VOORBEELD_BSN:
        cel.fout("bsn", _("dit is het voorbeeld uit het sjabloon; verwijder deze rij."))
        return ""
    return bsn


def _client_velden(cel: Cellen, ref: Referentie, aanmelddatum: dt.date | None) -> dict:
    """The client's columns, with the gemeente in the werkgebied on the aanmelddatum and the
    birth date before it."""
    voornaam = cel.verplicht("voornaam")
    achternaam = cel.verplicht("achternaam")
    geboortedatum = cel.datum("geboortedatum", required=True, regel=validate_geboortedatum)
    gemeente = _gemeente(cel, ref, aanmelddatum)
    try:
        validate_born_before(geboortedatum, aanmelddatum)
    except ValidationError as error:
        cel.fouten.add_error(cel.rij, "geboortedatum", error)
    return {
        "voornaam": voornaam,
        "tussenvoegsel": cel.tekst("tussenvoegsel"),
        "achternaam": achternaam,
        "geboortedatum": geboortedatum,
        "geslacht": cel.keuze("geslacht", Geslacht.ONBEKEND),
        "straat_huisnummer": cel.tekst("straat_huisnummer"),
        "postcode": normalise_postcode(cel.tekst("postcode")),
        "woonplaats": cel.tekst("woonplaats"),
        "gemeente": gemeente,
        "huisarts": cel.tekst("huisarts"),
        "woonsituatie": cel.keuze("woonsituatie", ""),
        "diagnose_status": cel.keuze("diagnose_status", DiagnoseStatus.GEEN),
    }


def _gemeente(cel: Cellen, ref: Referentie, aanmelddatum: dt.date | None):
    if not cel.verplicht("gemeente"):
        return None
    gemeente = ref.gemeente(cel.tekst("gemeente"))
    if gemeente is None:
        cel.fout(
            "gemeente",
            _("onbekende gemeente; gebruik de CBS-code (bijvoorbeeld GM0518) of de naam."),
        )
    elif aanmelddatum is not None and not ref.in_werkgebied(gemeente, aanmelddatum):
        cel.fout(
            "gemeente",
            _(
                "%(gemeente)s hoort op de aanmelddatum niet bij het werkgebied van "
                "%(netwerk)s. Meld deze cliënt aan bij het netwerk van de woongemeente."
            )
            % {"gemeente": gemeente.naam, "netwerk": ref.netwerk},
        )
    return gemeente


def _vestiging(cel: Cellen, ref: Referentie, aanmelddatum: dt.date | None):
    agb = cel.tekst("aanbieder_agb")
    if not agb:
        return None
    vestiging = ref.vestigingen.get(agb)
    if vestiging is None:
        cel.fout("aanbieder_agb", _("er is geen vestiging met deze AGB-code."))
    elif aanmelddatum and not ref.is_aanbieder(vestiging.organisatie_id, aanmelddatum):
        cel.fout(
            "aanbieder_agb",
            _(
                "%(org)s levert op de aanmelddatum geen casemanagement in %(netwerk)s: alleen "
                "aangesloten aanbieders kunnen aanmeldingen ontvangen."
            )
            % {"org": vestiging.organisatie, "netwerk": ref.netwerk},
        )
    return vestiging


def _casemanager(cel: Cellen, ref: Referentie, vestiging, aanmelddatum: dt.date | None):
    """The casemanager of an open traject in the row, with the dates of assignment and first
    contact: (casemanager or None, toegewezen_op, eerste_contact_op)."""
    email = cel.tekst("casemanager_email").lower()
    toegewezen_op = cel.datum("toegewezen_op", required=False, regel=validate_event_date)
    eerste_contact_op = cel.datum("eerste_contact_op", required=False, regel=validate_event_date)
    casemanager = None
    if email:
        casemanager = ref.casemanagers.get(email)
        melding = _casemanager_fout(casemanager, ref, vestiging, toegewezen_op)
        if melding:
            cel.fout("casemanager_email", melding)
        if not cel.tekst("toegewezen_op"):
            cel.fout("toegewezen_op", _("vul de datum van toewijzing in."))
    else:
        for naam in ("toegewezen_op", "eerste_contact_op"):
            if cel.tekst(naam):
                cel.fout(naam, _("vul ook de casemanager in (casemanager_email)."))
    if aanmelddatum:
        for naam, value in (
            ("toegewezen_op", toegewezen_op),
            ("eerste_contact_op", eerste_contact_op),
        ):
            if value and value < aanmelddatum:
                cel.fout(naam, _("deze datum ligt voor de aanmelddatum."))
    return casemanager, toegewezen_op, eerste_contact_op


def _casemanager_fout(casemanager, ref: Referentie, vestiging, toegewezen_op) -> str:
    if casemanager is None:
        return _("dit is geen casemanager van %(netwerk)s.") % {"netwerk": ref.netwerk}
    if not casemanager.actief:
        return _("deze casemanager is niet meer actief.")
    if vestiging is not None and casemanager.organisatie_id != vestiging.organisatie_id:
        return _("deze casemanager werkt niet bij de aanbieder van aanbieder_agb.")
    if toegewezen_op and not ref.is_aanbieder(casemanager.organisatie_id, toegewezen_op):
        return _(
            "%(org)s levert op de datum van toewijzing geen casemanagement in dit netwerk."
        ) % {"org": casemanager.organisatie}
    return ""


def _model_regels_van_rij(
    rij: int,
    client_velden: dict,
    aanmelddatum: dt.date | None,
    aanmelding_velden: dict,
    aantal: int,
    fouten: Fouten,
) -> None:
    """The models' own field rules (lengths, postcode), without touching the database, for
    the columns that have no message yet."""
    al_fout = {fout.kolom for fout in fouten.lijst[aantal:]}
    _model_regels(
        rij,
        Client(**{k: v for k, v in client_velden.items() if k != "gemeente"}),
        al_fout,
        fouten,
    )
    _model_regels(
        rij,
        Aanmelding(
            datum=aanmelddatum,
            **{k: v for k, v in aanmelding_velden.items() if k not in ("organisatie", "vestiging")},
        ),
        al_fout,
        fouten,
    )


_NIET_CONTROLEREN = [
    # the dates: checked above by the same rules, on the import's own ``vandaag``
    "geboortedatum",
    "datum",
    "bsn",
    "bsn_hash",
    "gemeente",
    "netwerk",
    "client",
    "organisatie",
    "vestiging",
    "aangemaakt_door",
]


def _model_regels(rij: int, instance: Model, al_fout: set[str], fouten: Fouten) -> None:
    try:
        instance.full_clean(
            exclude=_NIET_CONTROLEREN, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for kolom, melding in kolom_meldingen(error):
            if kolom not in al_fout:
                fouten.add(rij, kolom, melding)
