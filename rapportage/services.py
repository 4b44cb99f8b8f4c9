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
from accounts.models import AccessAction, Role, User
from accounts.services import access_log_record, notificatie_send
from netwerk.models import Netwerk
from netwerk.permissions import zorgverzekeraars_met_relatie

from . import mds, pdf, snapshot
from .models import (
    NETWERK_TYPES,
    MdsAanlevering,
    MdsExport,
    MdsExportStatus,
    Rapport,
    RapportStatus,
    RapportType,
)
from .perioden import Periode, parse_periode
from .permissions import can_export_mds, can_generate_for, can_manage_rapport

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


# --- The minimale dataset (rapportage.mds) ----------------------------------------------------


@transaction.atomic
def mds_export_aanvragen(*, actor: Actor, netwerk: Netwerk | None, periode: Periode) -> MdsExport:
    """Ask for an export of the minimale dataset of a network (or, ``netwerk`` None, of all
    networks) over a period; the Celery job ``mds_export_genereren`` makes it after commit."""
    require(can_export_mds(actor.user, netwerk.pk if netwerk else None))
    export = MdsExport(
        netwerk=netwerk,
        periode=periode.code,
        periode_begin=periode.begin,
        periode_eind=periode.eind,
        aangevraagd_door=actor.user,
    )
    export.full_clean()
    export.save()
    access_log_record(
        actor=actor, action=AccessAction.EXPORTEREN, object_type="mds_export", object_id=export.pk
    )

    def enqueue() -> None:
        from .tasks import mds_export_genereren

        mds_export_genereren.delay(export.pk)

    transaction.on_commit(enqueue)
    return export


def _mds_stap(export: MdsExport, percentage: int, stap: str, voortgang: Voortgang) -> None:
    # outside the job's transaction, so the page polling the row sees it move
    MdsExport.objects.filter(pk=export.pk).update(percentage=percentage, stap=stap[:80])
    voortgang(percentage, stap)


def mds_export_maken(*, export_id: int, voortgang: Voortgang = _geen_voortgang) -> MdsExport:
    """Make the files of a requested export: one row per traject, pseudonymised with a key
    made here and dropped when this function returns (never stored). Idempotent: a finished
    export is returned as it is. A failure marks the export mislukt and raises."""
    export = MdsExport.objects.select_related("netwerk").get(pk=export_id)
    if export.status == MdsExportStatus.KLAAR:
        return export  # idempotency: a second run finds the files of the first
    begonnen = time.monotonic()
    try:
        periode = parse_periode(export.periode)
        netwerken = (
            Netwerk.objects.filter(pk=export.netwerk_id)
            if export.netwerk_id
            else Netwerk.objects.all()
        )
        _mds_stap(export, 10, _("Gegevens verzamelen"), voortgang)
        rows = mds.rijen(
            netwerken,
            periode,
            sleutel=mds.nieuwe_sleutel(),
            voortgang=lambda p, stap: _mds_stap(export, p, stap, voortgang),
        )
        _mds_stap(export, 70, _("Bestanden schrijven"), voortgang)
        _mds_bestanden(export, rows, periode)
    except Exception:
        MdsExport.objects.filter(pk=export.pk).update(status=MdsExportStatus.MISLUKT)
        logger.exception("mds_export_maken failed export=%s", export.pk)
        raise
    MdsExport.objects.filter(pk=export.pk).update(
        duur_seconden=round(time.monotonic() - begonnen, 2)
    )
    voortgang(100, _("Klaar"))
    export.refresh_from_db()
    logger.info("mds_export_maken export=%s trajecten=%s", export.pk, export.aantal_trajecten)
    return export


@transaction.atomic
def _mds_bestanden(export: MdsExport, rows: list[dict], periode: Periode) -> None:
    telling = mds.telling(rows)
    meta = {
        "formaat": mds.FORMAAT_VERSIE,
        "netwerk": export.netwerk.slug if export.netwerk_id else "alle netwerken",
        "periode": periode.code,
        "periode_begin": periode.begin.isoformat(),
        "periode_eind": periode.eind.isoformat(),
        "peildatum": periode.peildatum.isoformat(),
        "gemaakt_op": timezone.now().isoformat(timespec="seconds"),
        "aantal_trajecten": telling.trajecten,
        "aantal_in_zorg_op_peildatum": telling.in_zorg_op_peildatum,
        "pseudoniem": "HMAC-SHA256 van het cliëntnummer met een sleutel per export, "
        "die niet wordt bewaard",
    }
    export = MdsExport.objects.select_for_update().get(pk=export.pk)
    bestanden = [("csv", mds.csv_inhoud(rows)), ("json", mds.json_inhoud(rows, meta))]
    if len(rows) <= mds.XLSX_MAX_RIJEN:
        bestanden.append(("xlsx", mds.xlsx_inhoud(rows, meta)))
    for veld, inhoud in bestanden:
        getattr(export, veld).save(export.bestandsnaam(veld), ContentFile(inhoud), save=False)
        setattr(export, f"sha256_{veld}", pdf.sha256(inhoud))
    export.aantal_trajecten = telling.trajecten
    export.aantal_in_zorg = telling.in_zorg_op_peildatum
    export.status = MdsExportStatus.KLAAR
    export.percentage = 100
    export.stap = _("Klaar")
    export.gereed_op = timezone.now()
    export.save()


@transaction.atomic
def mds_aanlevering_vastleggen(
    *, actor: Actor, export: MdsExport, aangeleverd_op: dt.date, opmerking: str = ""
) -> MdsAanlevering:
    """Record that the export was sent to the Register Dementiezorg en Ondersteuning: the
    network's contribution, with who recorded it and when."""
    require(can_export_mds(actor.user, export.netwerk_id))
    if export.status != MdsExportStatus.KLAAR:
        raise ValidationError(_("Alleen een export die klaar is kan worden aangeleverd."))
    if aangeleverd_op > timezone.localdate():
        raise ValidationError({"aangeleverd_op": _("De datum ligt in de toekomst.")})
    # made that day or later (an export is ready the day it was asked for or after)
    gemaakt = timezone.localtime(export.gereed_op or export.aangevraagd_op).date()
    if aangeleverd_op < gemaakt:
        raise ValidationError(
            {"aangeleverd_op": _("De datum ligt voor de dag waarop de export is gemaakt.")}
        )
    aanlevering = MdsAanlevering(
        export=export,
        aangeleverd_op=aangeleverd_op,
        opmerking=opmerking,
        vastgelegd_door=actor.user,
    )
    aanlevering.full_clean()
    aanlevering.save()
    return aanlevering
