"""The retention terms (docs/decisions/0017-bewaartermijnen.md) and the daily job applying them.

Categories, each with its term in settings:

- ``dossier``: a client who came into care, 20 years (WGBO art. 7:454) after the last care:
  the end of the last traject or its nazorg, the last contact, the last afmelding;
- ``zonder_zorg``: a person registered (aangemeld) who never came into care, some years after
  the last afmelding;
- ``mantelzorgers``: the carers' contact details, some years after the client's care ended;
- ``toegangslog``: access-log rows older than the term (NEN 7513: at least five years).

The meldpunt's contact details keep their own term and nightly job
(``SIGNAAL_BEWAARTERMIJN_MELDER_DAGEN``, signaalteam.tasks.melder_gegevens_opschonen).

Nobody who waits or is in care is ever touched. Destroyed clients and the carers removed are
written to the access log as the system (``Actor.system()``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import (
    DateField,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import AccessAction
from accounts.services import (
    ACCESS_LOG_MINIMUM_YEARS,
    access_log_count_older_than,
    access_log_purge,
    access_log_record,
)

from ..models import Aanmelding, Client, Contactmoment, Mantelzorger, Traject
from .vernietigen import client_vernietigen

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Termijnen:
    dossier_jaren: int
    zonder_zorg_jaren: int
    mantelzorger_jaren: int
    toegangslog_jaren: int

    @classmethod
    def uit_settings(cls) -> Termijnen:
        termijnen = cls(
            dossier_jaren=settings.BEWAARTERMIJN_DOSSIER_JAREN,
            zonder_zorg_jaren=settings.BEWAARTERMIJN_AANMELDING_ZONDER_ZORG_JAREN,
            mantelzorger_jaren=settings.BEWAARTERMIJN_MANTELZORGER_JAREN,
            toegangslog_jaren=settings.BEWAARTERMIJN_TOEGANGSLOG_JAREN,
        )
        if termijnen.toegangslog_jaren < ACCESS_LOG_MINIMUM_YEARS:
            raise ImproperlyConfigured(
                "BEWAARTERMIJN_TOEGANGSLOG_JAREN is minstens "
                f"{ACCESS_LOG_MINIMUM_YEARS} (NEN 7513)."
            )
        if min(termijnen.dossier_jaren, termijnen.zonder_zorg_jaren) < 1:
            raise ImproperlyConfigured("Een bewaartermijn van cliëntgegevens is minstens 1 jaar.")
        return termijnen


def _jaren_voor(datum: dt.date, jaren: int) -> dt.date:
    try:
        return datum.replace(year=datum.year - jaren)
    except ValueError:  # 29 February
        return datum.replace(year=datum.year - jaren, day=28)


def _max(queryset: QuerySet, column: str) -> Subquery:
    """The latest ``column`` in the (correlated) queryset, NULL when none."""
    latest = queryset.exclude(**{f"{column}__isnull": True}).order_by(f"-{column}")
    return Subquery(latest.values(column)[:1], output_field=DateField())


def clienten_met_laatste_zorg() -> QuerySet[Client]:
    """Clients not yet destroyed who neither wait nor are in care, with ``laatste_zorg``: the
    last day anything happened in their care (PostgreSQL's GREATEST skips the NULLs) and
    ``in_zorg_geweest``: whether they ever had a traject."""
    trajecten = Traject.objects.filter(client_id=OuterRef("pk"))
    aanmeldingen = Aanmelding.objects.filter(client_id=OuterRef("pk"))
    contacten = Contactmoment.objects.filter(traject__client_id=OuterRef("pk"))
    return (
        Client.objects.filter(vernietigd_op__isnull=True)
        .exclude(Exists(trajecten.filter(einddatum__isnull=True)))
        .exclude(Exists(aanmeldingen.wachtend()))
        .annotate(
            in_zorg_geweest=Exists(trajecten),
            # the day of registration only when nothing else happened (an import registers
            # clients long after their care)
            laatste_zorg=Coalesce(
                Greatest(
                    _max(trajecten, "einddatum"),
                    _max(trajecten, "nazorg_tot"),
                    _max(contacten, "datum"),
                    _max(aanmeldingen, "afgemeld_op"),
                    _max(aanmeldingen, "datum"),
                ),
                Cast("aangemaakt_op", DateField()),
            ),
        )
    )


def dossiers_verlopen(vandaag: dt.date, termijnen: Termijnen) -> QuerySet[Client]:
    return clienten_met_laatste_zorg().filter(
        in_zorg_geweest=True, laatste_zorg__lt=_jaren_voor(vandaag, termijnen.dossier_jaren)
    )


def zonder_zorg_verlopen(vandaag: dt.date, termijnen: Termijnen) -> QuerySet[Client]:
    return clienten_met_laatste_zorg().filter(
        in_zorg_geweest=False, laatste_zorg__lt=_jaren_voor(vandaag, termijnen.zonder_zorg_jaren)
    )


def mantelzorgers_verlopen(vandaag: dt.date, termijnen: Termijnen) -> QuerySet[Mantelzorger]:
    klaar = clienten_met_laatste_zorg().filter(
        laatste_zorg__lt=_jaren_voor(vandaag, termijnen.mantelzorger_jaren)
    )
    return Mantelzorger.objects.filter(client__in=klaar.values("pk"))


def toegangslog_grens(vandaag: dt.date, termijnen: Termijnen) -> dt.datetime:
    """Rows before the start of this day, ``toegangslog_jaren`` ago (Europe/Amsterdam)."""
    dag = _jaren_voor(vandaag, termijnen.toegangslog_jaren)
    return timezone.make_aware(dt.datetime.combine(dag, dt.time.min))


@dataclass
class Resultaat:
    """What went (or, in a dry run, would go): internal client ids, never names."""

    vandaag: dt.date
    uitgevoerd: bool
    dossiers: list[int] = field(default_factory=list)
    zonder_zorg: list[int] = field(default_factory=list)
    mantelzorgers: int = 0
    mantelzorger_clienten: list[int] = field(default_factory=list)
    toegangslog: int = 0
    toegangslog_grens: dt.datetime | None = None


def bewaartermijnen_toepassen(
    *, actor: Actor, vandaag: dt.date, uitvoeren: bool = True
) -> Resultaat:
    """Apply every retention term on ``vandaag``; with ``uitvoeren=False`` only say what would
    go. Each client is destroyed in a transaction of its own (one failure stops nothing else
    that went before), checked again under its row lock.

    # idempotency: destroyed clients and removed carers no longer match, the access log's
    # rows before the cutoff are gone: a second run on the same day finds nothing.
    """
    termijnen = Termijnen.uit_settings()
    resultaat = Resultaat(vandaag=vandaag, uitgevoerd=uitvoeren)
    resultaat.dossiers = list(dossiers_verlopen(vandaag, termijnen).values_list("pk", flat=True))
    resultaat.zonder_zorg = list(
        zonder_zorg_verlopen(vandaag, termijnen).values_list("pk", flat=True)
    )
    te_vernietigen = set(resultaat.dossiers) | set(resultaat.zonder_zorg)
    mantelzorgers = mantelzorgers_verlopen(vandaag, termijnen).exclude(client_id__in=te_vernietigen)
    resultaat.mantelzorger_clienten = sorted(set(mantelzorgers.values_list("client_id", flat=True)))
    resultaat.mantelzorgers = mantelzorgers.count()
    grens = toegangslog_grens(vandaag, termijnen)
    resultaat.toegangslog_grens = grens
    if not uitvoeren:
        resultaat.toegangslog = access_log_count_older_than(grens)
        return resultaat

    for client_id, categorie in [(pk, "dossier") for pk in resultaat.dossiers] + [
        (pk, "zonder_zorg") for pk in resultaat.zonder_zorg
    ]:
        _vernietig(actor, client_id, categorie, vandaag, termijnen)
    for client_id in resultaat.mantelzorger_clienten:
        _mantelzorgers_verwijderen(actor, client_id, vandaag, termijnen)
    resultaat.toegangslog = access_log_purge(actor=actor, older_than=grens)
    logger.info(
        "bewaartermijnen dossiers=%s zonder_zorg=%s mantelzorgers=%s toegangslog=%s",
        len(resultaat.dossiers),
        len(resultaat.zonder_zorg),
        resultaat.mantelzorgers,
        resultaat.toegangslog,
    )
    return resultaat


@transaction.atomic
def _vernietig(
    actor: Actor, client_id: int, categorie: str, vandaag: dt.date, termijnen: Termijnen
) -> None:
    verlopen = dossiers_verlopen if categorie == "dossier" else zonder_zorg_verlopen
    client = Client.objects.select_for_update().filter(pk=client_id).first()
    if client is None or not verlopen(vandaag, termijnen).filter(pk=client_id).exists():
        return
    client_vernietigen(client, nu=timezone.now(), actor=actor)
    access_log_record(
        actor=actor,
        action=AccessAction.VERWIJDEREN,
        object_type="client",
        object_id=f"bewaartermijn {categorie}",
        client_id=client_id,
    )


@transaction.atomic
def _mantelzorgers_verwijderen(
    actor: Actor, client_id: int, vandaag: dt.date, termijnen: Termijnen
) -> None:
    Client.objects.select_for_update().filter(pk=client_id).first()
    verlopen = mantelzorgers_verlopen(vandaag, termijnen).filter(client_id=client_id)
    aantal, _details = verlopen.delete()
    if not aantal:
        return
    Mantelzorger.history.filter(client_id=client_id).delete()
    access_log_record(
        actor=actor,
        action=AccessAction.VERWIJDEREN,
        object_type="mantelzorger",
        object_id=f"bewaartermijn {aantal}",
        client_id=client_id,
    )
