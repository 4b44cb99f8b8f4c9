"""Writing the checked rows through the services, so their rules and access-log rows apply."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from accounts.actor import Actor
from netwerk.models import Netwerk

from .. import services
from ..models import ContactType
from .controle import Rij
from .resultaat import ImportFout, ImportResultaat, kolom_meldingen

EERSTE_CONTACT_TYPE = ContactType.HUISBEZOEK
EERSTE_CONTACT_MINUTEN = 60


class RijGeweigerd(Exception):
    def __init__(self, fouten: list[ImportFout]):
        super().__init__("row refused by a service")
        self.fouten = fouten


def _weigering(rij: int, error: ValidationError, veld_kolom: dict[str, str]) -> RijGeweigerd:
    return RijGeweigerd(
        [ImportFout(rij, kolom, melding) for kolom, melding in kolom_meldingen(error, veld_kolom)]
    )


def schrijf(
    rijen: list[Rij],
    *,
    actor: Actor,
    netwerk: Netwerk,
    override_reden: str,
    resultaat: ImportResultaat,
) -> None:
    """Write every row in one transaction, counting in ``resultaat``. Raises RijGeweigerd when
    a service refuses a row (everything is then rolled back)."""
    gezien: set[str] = set()
    with transaction.atomic():
        for rij in sorted(rijen, key=_volgorde):
            _schrijf_rij(
                rij,
                actor=actor,
                netwerk=netwerk,
                override_reden=override_reden,
                resultaat=resultaat,
                gezien=gezien,
            )


def _schrijf_rij(
    rij: Rij,
    *,
    actor: Actor,
    netwerk: Netwerk,
    override_reden: str,
    resultaat: ImportResultaat,
    gezien: set[str],
) -> None:
    nieuw_gezien = rij.bsn not in gezien
    gezien.add(rij.bsn)
    aanmelding = _aanmelding_van(rij, actor, netwerk, resultaat, nieuw_gezien)
    if rij.traject_maken:
        _traject_van(rij, aanmelding, actor, override_reden, resultaat)


def _aanmelding_van(rij, actor: Actor, netwerk, resultaat, nieuw_gezien: bool):
    """The row's aanmelding: the one imported before, or registered now with its client."""
    if rij.bestaande_aanmelding is not None:
        resultaat.aanmeldingen_aanwezig += 1
        if nieuw_gezien:
            resultaat.clienten_bestaand += 1
        return rij.bestaande_aanmelding
    try:
        registratie = services.client_register(
            actor=actor,
            bsn=rij.bsn,
            client_fields=rij.client_velden,
            aanmelding_fields={"datum": rij.datum, "netwerk": netwerk, **rij.aanmelding_velden},
        )
    except ValidationError as error:
        raise _weigering(rij.rij, error, {}) from error
    resultaat.aanmeldingen_nieuw += 1
    if nieuw_gezien:
        if registratie.bestond_al:
            resultaat.clienten_bestaand += 1
        else:
            resultaat.clienten_nieuw += 1
    return registratie.aanmelding


def _traject_van(rij, aanmelding, actor: Actor, override_reden: str, resultaat) -> None:
    """The row's open traject: assigned, and taken into care when a first contact is given."""
    try:
        traject = services.aanmelding_assign(
            actor=actor,
            aanmelding=aanmelding,
            casemanager=rij.casemanager,
            override_reden=override_reden,
            op=rij.toegewezen_op,
            # the provider's own records: its casemanagers know their clients (0020)
            melden=False,
        )
    except ValidationError as error:
        raise _weigering(rij.rij, error, {NON_FIELD_ERRORS: "casemanager_email"}) from error
    resultaat.trajecten_nieuw += 1
    resultaat.boven_norm += rij.boven_norm
    if rij.eerste_contact_op is None:
        return
    try:
        services.contact_log(
            actor=actor,
            traject=traject,
            casemanager=traject.casemanager,
            datum=rij.eerste_contact_op,
            type=EERSTE_CONTACT_TYPE,
            minuten=EERSTE_CONTACT_MINUTEN,
        )
    except ValidationError as error:
        raise _weigering(rij.rij, error, {"datum": "eerste_contact_op"}) from error


def _volgorde(rij: Rij) -> tuple:
    """Aanmeldingen already present first, then the ones that end in care, the one left
    waiting last: a client can only have one waiting aanmelding at a time."""
    if rij.bestaande_aanmelding is not None:
        fase = 0
    elif not rij.blijft_wachten:
        fase = 1
    else:
        fase = 2
    return (fase, rij.datum, rij.rij)
