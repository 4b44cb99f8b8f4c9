"""Celery tasks of rapportage: thin, idempotent, late-acknowledged (settings), so a report
whose worker died is generated again by the next worker and still exists exactly once."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from config.celery import RETRY_POLICY
from netwerk.models import Netwerk

from . import services
from .perioden import parse_periode

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="rapportage.tasks.rapport_genereren", **RETRY_POLICY)
def rapport_genereren(
    self, netwerk_id: int | None, periode: str, type: str | None = None, opnieuw: bool = False
) -> dict:
    """Generate (or find) the concept report; reports progress to the result backend."""

    def voortgang(percentage: int, stap: str) -> None:
        if self.request.id:
            self.update_state(state="PROGRESS", meta={"percentage": percentage, "stap": stap})

    netwerk = Netwerk.objects.get(pk=netwerk_id) if netwerk_id else None
    logger.info("rapport_genereren start netwerk=%s periode=%s", netwerk_id, periode)
    rapport = services.rapport_concept(
        netwerk=netwerk,
        periode=parse_periode(periode),
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
