"""Celery tasks of rapportage: thin, idempotent, late-acknowledged (settings), so a report
whose worker died is generated again by the next worker and still exists exactly once."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import User
from config.celery import RETRY_POLICY
from netwerk.models import Membership, Netwerk

from . import services
from .perioden import parse_periode

logger = logging.getLogger(__name__)


def _actor(user_id: int | None, membership_id: int | None) -> Actor:
    if user_id is None:
        return Actor.system()
    user = User.objects.get(pk=user_id)
    membership = Membership.objects.filter(pk=membership_id).first() if membership_id else None
    return Actor.of(user, membership=membership)


@shared_task(bind=True, name="rapportage.tasks.rapport_genereren", **RETRY_POLICY)
def rapport_genereren(
    self,
    netwerk_id: int | None,
    periode: str,
    type: str | None = None,
    opnieuw: bool = False,
    user_id: int | None = None,
    membership_id: int | None = None,
) -> dict:
    """Generate (or find) the concept report; reports progress to the result backend. As the
    user ``user_id`` in the membership they asked in (``membership_id``; the service checks
    their right), or as the system when nobody asked (the beat job after a period ends)."""

    def voortgang(percentage: int, stap: str) -> None:
        if self.request.id:
            self.update_state(state="PROGRESS", meta={"percentage": percentage, "stap": stap})

    netwerk = Netwerk.objects.get(pk=netwerk_id) if netwerk_id else None
    actor = _actor(user_id, membership_id)
    logger.info("rapport_genereren start netwerk=%s periode=%s", netwerk_id, periode)
    rapport = services.rapport_concept(
        netwerk=netwerk,
        periode=parse_periode(periode),
        actor=actor,
        type=type,
        voortgang=voortgang,
        opnieuw=opnieuw,
    )
    logger.info("rapport_genereren done netwerk=%s rapport=%s", netwerk_id, rapport.pk)
    return {"rapport": rapport.pk, "percentage": 100}


@shared_task(name="rapportage.tasks.rapporten_na_periode")
def rapporten_na_periode() -> int:
    """After a quarter (and a year) ends: a concept for every network that has none yet,
    each in its own task (idempotent: the beat may run twice)."""
    werk = services.concepten_na_periode(vandaag=timezone.localdate())
    for netwerk_id, periode in werk:
        rapport_genereren.delay(netwerk_id, periode)
    logger.info("rapporten_na_periode queued=%s", len(werk))
    return len(werk)


@shared_task(bind=True, name="rapportage.tasks.mds_export_genereren", **RETRY_POLICY)
def mds_export_genereren(self, export_id: int) -> dict:
    """Make the files of a requested minimale-dataset export; reports progress."""

    def voortgang(percentage: int, stap: str) -> None:
        if self.request.id:
            self.update_state(state="PROGRESS", meta={"percentage": percentage, "stap": stap})

    logger.info("mds_export_genereren start export=%s", export_id)
    export = services.mds_export_maken(export_id=export_id, voortgang=voortgang)
    logger.info("mds_export_genereren done export=%s", export_id)
    return {"export": export.pk, "percentage": 100}
