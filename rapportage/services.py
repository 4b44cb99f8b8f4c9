"""Writes of rapportage: concepts from a data snapshot, vaststellen (immutable PDF + sha256),
new versions, and the insurers' notification.

Idempotent by construction: one report per (netwerk, type, periode, versie) is a unique
constraint, and creating a concept first looks for the one that exists, under an advisory
lock on (netwerk, type, periode). A task that runs twice, or again after its worker was
killed, finds the report of the first run (or the first run rolled back and left nothing).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import Role, User
from accounts.services import notificatie_send
from netwerk.models import Netwerk
from netwerk.permissions import zorgverzekeraars_met_relatie

from . import pdf, snapshot
from .models import NETWERK_TYPES, Rapport, RapportStatus, RapportType
from .perioden import Periode, parse_periode
from .permissions import can_generate_for, can_manage_rapport

logger = logging.getLogger(__name__)

Voortgang = Callable[[int, str], None]


def _geen_voortgang(percentage: int, stap: str) -> None:
    return None


def _lock(netwerk_id: int | None, type: str, periode: str) -> None:
    key = f"rapport:{netwerk_id}:{type}:{periode}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def type_voor(periode: Periode) -> str:
    return RapportType.KWARTAAL if periode.is_kwartaal else RapportType.JAAR


def _render(rapport: Rapport, *, concept: bool) -> bytes:
    """The PDF of a report from its stored snapshot (and texts)."""
    from . import rendering

    return rendering.render(rapport, concept=concept)


@transaction.atomic
def rapport_concept(
    *,
    netwerk: Netwerk | None,
    periode: Periode,
    actor: Actor,
    type: str | None = None,
    voortgang: Voortgang = _geen_voortgang,
    opnieuw: bool = False,
) -> Rapport:
    """The concept report of a network (or a national report) for a period.

    Idempotent: an existing concept is returned as it is (``opnieuw`` refreshes its data and
    PDF, keeping the coordinator's texts); when the period already has a vastgesteld report
    and no concept, that report is returned. Otherwise a new concept (next version) is built.
    The network's coordinator generates (the signaalteam and beheerders a national report).
    """
    # the system: the beat job after a period ends and the genereer_rapporten command
    require(actor.is_system or can_generate_for(actor.user, netwerk.pk if netwerk else None))
    type = type or type_voor(periode)
    _lock(netwerk.pk if netwerk else None, type, periode.code)
    bestaande = Rapport.objects.filter(netwerk=netwerk, type=type, periode=periode.code)
    concept = bestaande.filter(status=RapportStatus.CONCEPT).first()
    if not opnieuw:
        klaar = concept or bestaande.filter(status=RapportStatus.VASTGESTELD).first()
        if klaar is not None:
            return klaar  # idempotency: a second run finds the report of the first
    if concept is None:
        versie = (bestaande.aggregate(v=Max("versie"))["v"] or 0) + 1
        concept = Rapport(
            netwerk=netwerk,
            type=type,
            periode=periode.code,
            periode_begin=periode.begin,
            periode_eind=periode.eind,
            versie=versie,
        )
    _vullen(concept, netwerk, periode, voortgang)
    logger.info(
        "rapport_concept rapport=%s netwerk=%s type=%s periode=%s versie=%s",
        concept.pk,
        netwerk.pk if netwerk else None,
        type,
        periode.code,
        concept.versie,
    )
    return concept


def _vullen(
    concept: Rapport, netwerk: Netwerk | None, periode: Periode, voortgang: Voortgang
) -> None:
    """Take the data snapshot into the concept, save it, render and store its PDF."""
    voortgang(10, _("Gegevens verzamelen"))
    concept.data = _snapshot(netwerk, periode, concept.type)
    concept.gegenereerd_op = timezone.now()
    concept.full_clean(exclude=["pdf"])
    concept.save()
    if settings.RAPPORTAGE_TEST_PAUZE_SECONDEN:
        # test hook (tests/rapportage/test_worker.py): hold the transaction open so a
        # worker can be killed in the middle of a report; 0 everywhere else
        time.sleep(settings.RAPPORTAGE_TEST_PAUZE_SECONDEN)
    voortgang(60, _("PDF opmaken"))
    _store_pdf(concept, _render(concept, concept=True))
    voortgang(100, _("Klaar"))


def _snapshot(netwerk: Netwerk | None, periode: Periode, type: str) -> dict:
    from . import landelijk

    if type in NETWERK_TYPES:
        return snapshot.netwerk_snapshot(netwerk, periode)
    if type == RapportType.LANDELIJK_WACHTLIJST:
        return landelijk.wachtlijst_snapshot(periode)
    return landelijk.signalen_snapshot(periode)


def _store_pdf(rapport: Rapport, content: bytes) -> None:
    if rapport.pdf:
        rapport.pdf.delete(save=False)
    rapport.pdf.save(f"{rapport.pk}.pdf", ContentFile(content), save=False)
    rapport.sha256 = pdf.sha256(content)
    rapport.save(update_fields=["pdf", "sha256"])


@transaction.atomic
def rapport_teksten(*, rapport: Rapport, actor: Actor, resultaten: str, knelpunten: str) -> Rapport:
    """The coordinator's text on results and knelpunten (concepts only); the PDF follows."""
    require(can_manage_rapport(actor.user, rapport))
    rapport = Rapport.objects.select_for_update().get(pk=rapport.pk)
    if rapport.status != RapportStatus.CONCEPT:
        raise ValidationError(_("Een vastgesteld rapport kan niet meer worden gewijzigd."))
    rapport.tekst_resultaten = resultaten
    rapport.tekst_knelpunten = knelpunten
    rapport.save(update_fields=["tekst_resultaten", "tekst_knelpunten"])
    _store_pdf(rapport, _render(rapport, concept=True))
    return rapport


@transaction.atomic
def rapport_vaststellen(*, rapport: Rapport, actor: Actor) -> Rapport:
    """Adopt a concept: render its final PDF from the stored snapshot, store file and sha256
    (immutable from now on), supersede the earlier vastgesteld version, notify the insurers
    of the network after commit."""
    require(can_manage_rapport(actor.user, rapport))
    rapport = Rapport.objects.select_for_update().get(pk=rapport.pk)
    if rapport.status != RapportStatus.CONCEPT:
        raise ValidationError(_("Alleen een concept kan worden vastgesteld."))
    if rapport.type in NETWERK_TYPES and not (
        rapport.tekst_resultaten.strip() and rapport.tekst_knelpunten.strip()
    ):
        raise ValidationError(
            _("Vul eerst de tekst over de behaalde resultaten en over de knelpunten in.")
        )
    # the final PDF first, while the row is still a concept; from the status change on, the
    # database refuses any change to file, hash, snapshot or texts
    rapport.vastgesteld_op = timezone.now()
    rapport.vastgesteld_door = actor.user
    _store_pdf(rapport, _render(rapport, concept=False))
    Rapport.objects.filter(
        netwerk=rapport.netwerk,
        type=rapport.type,
        periode=rapport.periode,
        status=RapportStatus.VASTGESTELD,
    ).update(status=RapportStatus.VERVANGEN)
    rapport.status = RapportStatus.VASTGESTELD
    rapport.save(update_fields=["status", "vastgesteld_op", "vastgesteld_door"])
    if rapport.netwerk_id:
        _notify_insurers(rapport)
    return rapport


def _notify_insurers(rapport: Rapport) -> None:
    """Tell the insurers that may read the report (netwerk.permissions: the preferente
    verzekeraar and those with an accepted contract), not those with a mere draft."""
    netwerk = rapport.netwerk
    users = User.objects.filter(
        memberships__rol=Role.VERZEKERAAR,
        memberships__actief=True,
        memberships__zorgverzekeraar__in=zorgverzekeraars_met_relatie(netwerk),
    ).distinct()
    notificatie_send(
        users=users,
        titel=_("Nieuwe voortgangsrapportage: %(netwerk)s, %(periode)s")
        % {"netwerk": netwerk.naam, "periode": parse_periode(rapport.periode).label},
        tekst=_("De netwerkcoördinator heeft de rapportage vastgesteld. U kunt de PDF downloaden."),
        url=reverse("rapportage:downloads"),
    )


@transaction.atomic
def rapport_nieuwe_versie(
    *, rapport: Rapport, actor: Actor, voortgang: Voortgang = _geen_voortgang
) -> Rapport:
    """A new concept version of a vastgesteld report, with today's data; the vastgesteld one
    stays (and is superseded when the new version is vastgesteld)."""
    require(can_manage_rapport(actor.user, rapport))
    if rapport.status != RapportStatus.VASTGESTELD:
        raise ValidationError(
            _("Alleen van een vastgesteld rapport kan een nieuwe versie worden gemaakt.")
        )
    periode = parse_periode(rapport.periode)
    nieuw = rapport_concept(
        netwerk=rapport.netwerk,
        periode=periode,
        actor=actor,
        type=rapport.type,
        voortgang=voortgang,
        opnieuw=True,
    )
    if nieuw.pk != rapport.pk and not (nieuw.tekst_resultaten or nieuw.tekst_knelpunten):
        Rapport.objects.filter(pk=nieuw.pk).update(
            tekst_resultaten=rapport.tekst_resultaten, tekst_knelpunten=rapport.tekst_knelpunten
        )
        nieuw.refresh_from_db()
        _store_pdf(nieuw, _render(nieuw, concept=True))
    return nieuw


def concepten_na_periode(*, vandaag: dt.date) -> list[tuple[int, str]]:
    """What the beat job enqueues after a quarter or year ends: (netwerk id, periode) for
    every network and every period that just ended without a report yet."""
    from .perioden import vorige_periodes

    werk = []
    for periode in vorige_periodes(vandaag):
        klaar = set(
            Rapport.objects.filter(periode=periode.code, type=type_voor(periode))
            .filter(Q(status=RapportStatus.CONCEPT) | Q(status=RapportStatus.VASTGESTELD))
            .values_list("netwerk_id", flat=True)
        )
        werk.extend(
            (netwerk_id, periode.code)
            for netwerk_id in Netwerk.objects.order_by("pk").values_list("pk", flat=True)
            if netwerk_id not in klaar
        )
    return werk
