"""The daily waitlist job: measure every network, report newly passed thresholds to the
coordinators (each client once per threshold), and announce per network whether it is over
a threshold (signals.wachtlijst_gemeten)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.services import notificatie_send
from casemanagement.models import Aanmelding
from netwerk.models import Netwerk

from .clock import TREEKNORM_DAGEN, Status
from .models import Drempel, WachtlijstMelding, WachtlijstMeting
from .selectors import (
    Samenvatting,
    met_wachttijd,
    samenvatting_per_netwerk,
    status_filter,
    wachtend_op,
)
from .signals import wachtlijst_gemeten

logger = logging.getLogger(__name__)


@dataclass
class Resultaat:
    metingen: int
    nieuwe_meldingen: int
    netwerken_boven_drempel: int


def meting_fields(s: Samenvatting | None) -> dict:
    """The columns of a stored WachtlijstMeting from a waitlist summary (None: nobody
    waits); the one place that maps the one onto the other (also for the demo seeder)."""
    if s is None:
        return {
            "aantal_wachtend": 0,
            "aantal_wenswachtend": 0,
            "aantal_dreigt": 0,
            "aantal_boven_treeknorm": 0,
            "aantal_zes_weken_of_langer": 0,
            "mediaan_wachtdagen": None,
            "p90_wachtdagen": None,
            "langste_wachtdagen": None,
            "mediaan_wachtdagen_gecorrigeerd": None,
            "p90_wachtdagen_gecorrigeerd": None,
            "langste_wachtdagen_gecorrigeerd": None,
        }
    # the stored measurement keeps its columns; the wijkverpleging count is read live
    niet_bewaard = ("peildatum", "aantal_wijkverpleging")
    return {key: value for key, value in vars(s).items() if key not in niet_bewaard}


def drempel_redenen(meting: WachtlijstMeting, langste_boven_norm: int | None) -> list[str]:
    """Which of the national thresholds (settings.WACHTLIJST_DREMPELS) the network is over."""
    drempels = settings.WACHTLIJST_DREMPELS
    redenen = []
    if meting.aantal_wachtend >= drempels["aantal_wachtend"]:
        redenen.append(
            _("%(n)s mensen wachten (drempel %(d)s).")
            % {"n": meting.aantal_wachtend, "d": drempels["aantal_wachtend"]}
        )
    if langste_boven_norm is not None and langste_boven_norm > drempels["dagen_boven_norm"]:
        redenen.append(
            _("Een cliënt wacht al %(n)s dagen langer dan de Treeknorm (drempel %(d)s dagen).")
            % {"n": langste_boven_norm, "d": drempels["dagen_boven_norm"]}
        )
    return redenen


@transaction.atomic
def wachtlijst_meten(*, peildatum: dt.date) -> Resultaat:
    """Measure every network on the peildatum (idempotent: a second run on the same day
    updates the figures and reports nobody twice)."""
    netwerken = list(Netwerk.objects.all())
    per_netwerk = samenvatting_per_netwerk(Netwerk.objects.all(), peildatum)
    metingen = {}
    for netwerk in netwerken:
        meting, _created = WachtlijstMeting.objects.update_or_create(
            netwerk=netwerk,
            peildatum=peildatum,
            defaults=meting_fields(per_netwerk.get(netwerk.pk)),
        )
        metingen[netwerk.pk] = meting
    nieuwe = _meldingen(peildatum)
    boven = 0
    for netwerk in netwerken:
        meting = metingen[netwerk.pk]
        langste = meting.langste_wachtdagen_gecorrigeerd
        redenen = drempel_redenen(meting, langste - TREEKNORM_DAGEN if langste else None)
        boven += bool(redenen)
        wachtlijst_gemeten.send(
            sender=WachtlijstMeting,
            netwerk=netwerk,
            peildatum=peildatum,
            meting=meting,
            boven_drempel=bool(redenen),
            redenen=redenen,
        )
    logger.info(
        "wachtlijst_meten done peildatum=%s netwerken=%s meldingen=%s boven_drempel=%s",
        peildatum,
        len(netwerken),
        nieuwe,
        boven,
    )
    return Resultaat(len(netwerken), nieuwe, boven)


def _meldingen(peildatum: dt.date) -> int:
    """Clients who passed the network's warning threshold or the norm and were not reported
    for that threshold before: one WachtlijstMelding each, and a notification per network.
    Returns how many were stored."""
    nieuw = _nieuwe_meldingen(peildatum)
    created = WachtlijstMelding.objects.bulk_create(nieuw, ignore_conflicts=True)
    _meldingen_melden(nieuw)
    return len(created)


def _nieuwe_meldingen(peildatum: dt.date) -> list[WachtlijstMelding]:
    """Per threshold, the waiting aanmeldingen past it without a melding for it yet."""
    waiting = met_wachttijd(wachtend_op(Aanmelding.objects.all(), peildatum), peildatum)
    signaal = F("netwerk__treeknorm_signaal_dagen")
    nieuw: list[WachtlijstMelding] = []
    for drempel, condition in (
        (Drempel.NORM, status_filter(Status.OVERSCHREDEN)),
        # past the network's warning threshold: dreigt, or already over the norm
        (
            Drempel.SIGNAAL,
            status_filter(Status.DREIGT, signaal) | status_filter(Status.OVERSCHREDEN),
        ),
    ):
        candidates = (
            waiting.filter(condition)
            .exclude(
                Exists(WachtlijstMelding.objects.filter(aanmelding=OuterRef("pk"), drempel=drempel))
            )
            .values_list("pk", "netwerk_id", "gecorrigeerd_dagen")
        )
        nieuw.extend(
            WachtlijstMelding(
                aanmelding_id=pk,
                netwerk_id=netwerk_id,
                drempel=drempel,
                gecorrigeerd_dagen=dagen,
                peildatum=peildatum,
            )
            for pk, netwerk_id, dagen in candidates
        )
    return nieuw


def _meldingen_melden(nieuw: list[WachtlijstMelding]) -> None:
    """One notification per network to its coordinators: how many passed each threshold."""
    per_netwerk: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for melding in nieuw:
        per_netwerk[melding.netwerk_id][melding.drempel] += 1
    coordinators = defaultdict(list)
    for user in User.objects.filter(
        memberships__rol=Role.NETWERKCOORDINATOR,
        memberships__actief=True,
        memberships__netwerk_id__in=list(per_netwerk),
    ).annotate(netwerk_id=F("memberships__netwerk_id")):
        coordinators[user.netwerk_id].append(user)
    url = reverse("wachtlijst:meldingen")
    for netwerk_id, counts in per_netwerk.items():
        notificatie_send(
            users=coordinators[netwerk_id],
            titel=_("Wachtlijst: %(n)s nieuwe meldingen") % {"n": sum(counts.values())},
            tekst=_(
                "%(norm)s cliënten wachten nu langer dan de Treeknorm van 6 weken en "
                "%(signaal)s zijn over de signaalgrens van het netwerk gegaan."
            )
            % {"norm": counts[Drempel.NORM], "signaal": counts[Drempel.SIGNAAL]},
            url=url,
        )
