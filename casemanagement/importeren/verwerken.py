"""The import itself: read the file, check every row, and only then write them all."""

from __future__ import annotations

import logging

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.actor import Actor, require
from accounts.models import User
from netwerk.models import Netwerk

from ..permissions import is_coordinator_of
from .controle import Rij, parse_rij
from .lezen import Bestandsfout, koppel_kolommen, lees
from .planning import plan
from .referentie import Referentie
from .resultaat import Fouten, ImportFout, ImportResultaat
from .schrijven import RijGeweigerd, schrijf

# One logger for the whole import, named after the package.
logger = logging.getLogger(__package__)


INTUSSEN_GEWIJZIGD = gettext_lazy(
    "Er is niets geïmporteerd: de gegevens zijn intussen gewijzigd. Probeer het opnieuw."
)


def import_clienten(
    *,
    actor: Actor,
    netwerk: Netwerk,
    data: bytes,
    filename: str,
    override_reden: str = "",
) -> ImportResultaat:
    """Import clients with their aanmelding (and optionally their open traject) into the
    coordinator's network. All or nothing: returns the problems of every row and writes
    nothing when there is any; else writes every row in one transaction and returns the
    counts. ``override_reden`` allows assignments past a casemanager's caseload norm; each is
    recorded with that reason. Raises PermissionDenied unless ``actor`` acts as coordinator of
    ``netwerk``."""
    require(is_coordinator_of(actor.user, netwerk.pk))
    override_reden = override_reden.strip()
    resultaat = ImportResultaat()
    fouten = Fouten()
    rijen = _controleer(
        user=actor.user,
        netwerk=netwerk,
        data=data,
        filename=filename,
        override_reden=override_reden,
        resultaat=resultaat,
        fouten=fouten,
    )
    if fouten.lijst:
        resultaat.fouten = fouten.gesorteerd()
        return resultaat

    try:
        schrijf(
            rijen,
            actor=actor,
            netwerk=netwerk,
            override_reden=override_reden,
            resultaat=resultaat,
        )
    except RijGeweigerd as error:
        # Something changed between the checks and the writes (e.g. a colleague assigned
        # a casemanager's last place): everything is rolled back.
        return ImportResultaat(fouten=error.fouten, rijen=resultaat.rijen)
    except IntegrityError:
        logger.warning(
            "client_import_integrity_error netwerk=%s user=%s", netwerk.pk, actor.user.pk
        )
        return ImportResultaat(
            fouten=[ImportFout(None, "", str(INTUSSEN_GEWIJZIGD))], rijen=resultaat.rijen
        )
    _log_gelukt(netwerk, actor, resultaat)
    return resultaat


def _log_gelukt(netwerk: Netwerk, actor: Actor, resultaat: ImportResultaat) -> None:
    logger.info(
        "client_import netwerk=%s user=%s rows=%s clients_new=%s aanmeldingen_new=%s "
        "trajecten_new=%s over_norm=%s",
        netwerk.pk,
        actor.user.pk,
        resultaat.rijen,
        resultaat.clienten_nieuw,
        resultaat.aanmeldingen_nieuw,
        resultaat.trajecten_nieuw,
        resultaat.boven_norm,
    )


def _controleer(
    *,
    user: User,
    netwerk: Netwerk,
    data: bytes,
    filename: str,
    override_reden: str,
    resultaat: ImportResultaat,
    fouten: Fouten,
) -> list[Rij]:
    """Read and check the whole file, counting its rows in ``resultaat``: the rows to write,
    or nothing when ``fouten`` holds any problem."""
    try:
        regels = lees(data, filename)
    except Bestandsfout as error:
        fouten.add(None, "", error.melding)
        return []
    cellen_per_rij = koppel_kolommen(regels, fouten)
    if fouten.lijst:
        return []
    resultaat.rijen = len(cellen_per_rij)

    ref = Referentie.laad(netwerk, [cellen for _rij, cellen in cellen_per_rij])
    vandaag = timezone.localdate()
    rijen = [
        parsed
        for nummer, cellen in cellen_per_rij
        if (parsed := parse_rij(nummer, cellen, ref, vandaag, fouten)) is not None
    ]
    plan(rijen, ref, override_reden, fouten, user=user)
    if fouten.lijst:
        logger.info(
            "client_import_refused netwerk=%s user=%s rows=%s errors=%s",
            netwerk.pk,
            user.pk,
            resultaat.rijen,
            len(fouten.lijst),
        )
        return []
    return rijen
