"""Signals raised from the data: wachtlijst's daily threshold announcement per network."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import connection, transaction
from django.utils.translation import gettext as _

from netwerk.models import Netwerk

from ..models import (
    OPEN_STATUSES,
    ActieType,
    Bron,
    Categorie,
    MelderType,
    Signaal,
)
from .common import _actie, _create, _notify_signaalteam, _today, zoekvector_bijwerken

logger = logging.getLogger(__name__)

# Key space of the transaction-scoped advisory lock that serialises automatic signals per
# network (pg_advisory_xact_lock(int, int)); an arbitrary constant owned by this app.
AUTOMATISCH_LOCK = 7241


# --- Signals from the data -----------------------------------------------------------------


def _lock_automatisch(netwerk_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [AUTOMATISCH_LOCK, netwerk_id])


def _redenen_tekst(redenen: list[str]) -> str:
    return "\n".join(f"- {reden}" for reden in redenen)


@transaction.atomic
def wachtlijst_meting_verwerken(
    *, netwerk_id: int, peildatum: dt.date, boven_drempel: bool, redenen: list[str]
) -> Signaal | None:
    """React to wachtlijst's daily announcement for one network (wachtlijst.signals).

    Over a threshold and no open automatic waitlist signal for the network: open one
    (category wachtlijst, melder "systeem", status gemeld) and notify the signaalteam.
    Back under the threshold while one is open: one system update saying so; the signal is
    not closed, the signaalteam decides. Over again while it is open: one update saying
    that. Nothing else changes, so the same measurement processed twice (or every day in
    the same state) adds nothing: idempotent. A transaction-scoped advisory lock per network
    and the partial unique constraint keep it at one open automatic signal per network and
    category, also when two measurements run at once.

    Decision: closing an automatic signal while the network is still over the threshold
    leads to a new one at the next measurement: the figures still say people cannot get
    casemanagement in time. Returns the open automatic signal, if any.
    """
    _lock_automatisch(netwerk_id)
    signaal = (
        Signaal.objects.select_for_update()
        .filter(
            automatisch_netwerk_id=netwerk_id,
            categorie=Categorie.WACHTLIJST,
            status__in=OPEN_STATUSES,
        )
        .first()
    )
    datum = min(peildatum, _today())
    netwerk = Netwerk.objects.get(pk=netwerk_id)
    if signaal is None:
        if not boven_drempel:
            return None
        return _automatisch_openen(netwerk, peildatum, datum, redenen)
    if bool(signaal.drempel_overschreden) != boven_drempel:
        _drempel_gewijzigd(signaal, netwerk, peildatum, datum, boven_drempel, redenen)
    return signaal


def _automatisch_openen(
    netwerk: Netwerk, peildatum: dt.date, datum: dt.date, redenen: list[str]
) -> Signaal:
    """Open the automatic waitlist signal of the network and tell the signaalteam."""
    signaal = _create(
        user=None,
        bron=Bron.SYSTEEM,
        titel=_("Wachtlijst boven de drempel: %(netwerk)s") % {"netwerk": netwerk.naam},
        omschrijving=_(
            "Bij de wachtlijstmeting van %(datum)s is %(netwerk)s over een landelijke "
            "drempel gegaan:\n%(redenen)s"
        )
        % {
            "datum": peildatum.strftime("%d-%m-%Y"),
            "netwerk": netwerk.naam,
            "redenen": _redenen_tekst(redenen),
        },
        categorie=Categorie.WACHTLIJST,
        melder_type=MelderType.SYSTEEM,
        netwerken=[netwerk],
        ontvangen_op=datum,
        automatisch_netwerk=netwerk,
        registratie_tekst=_("Automatisch geopend uit de wachtlijstcijfers."),
    )
    _notify_signaalteam(
        signaal,
        _("Automatisch signaal %(referentie)s") % {"referentie": signaal.referentie},
        _("%(netwerk)s is boven een wachtlijstdrempel.") % {"netwerk": netwerk.naam},
    )
    logger.info("automatisch_signaal opened signaal=%s netwerk=%s", signaal.pk, netwerk.pk)
    return signaal


def _drempel_gewijzigd(
    signaal: Signaal,
    netwerk: Netwerk,
    peildatum: dt.date,
    datum: dt.date,
    boven_drempel: bool,
    redenen: list[str],
) -> None:
    """The open signal's network went over or back under the threshold: record it and say so
    on the timeline (one system update)."""
    if boven_drempel:
        tekst = _(
            "Bij de wachtlijstmeting van %(datum)s is %(netwerk)s opnieuw boven de drempel:\n"
            "%(redenen)s"
        ) % {
            "datum": peildatum.strftime("%d-%m-%Y"),
            "netwerk": netwerk.naam,
            "redenen": _redenen_tekst(redenen),
        }
    else:
        tekst = _(
            "Bij de wachtlijstmeting van %(datum)s is %(netwerk)s weer onder de drempel. Het "
            "signaal blijft open tot het signaalteam het sluit."
        ) % {"datum": peildatum.strftime("%d-%m-%Y"), "netwerk": netwerk.naam}
    signaal.drempel_overschreden = boven_drempel
    signaal.save(update_fields=["drempel_overschreden"])
    _actie(signaal, type=ActieType.SYSTEEM, tekst=tekst, auteur=None, datum=datum)
    zoekvector_bijwerken([signaal.pk])
    logger.info(
        "automatisch_signaal update signaal=%s netwerk=%s boven_drempel=%s",
        signaal.pk,
        netwerk.pk,
        boven_drempel,
    )
