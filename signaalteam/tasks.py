"""Celery tasks of the signaalteam app (thin: each calls one service)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from .services import melder_gegevens_opschonen

logger = logging.getLogger(__name__)


@shared_task(name="signaalteam.tasks.melder_gegevens_opschonen")
def melder_gegevens_opschonen_task() -> int:
    """Nightly (CELERY_BEAT_SCHEDULE): remove the melder's contact details from signals
    closed longer than the retention period ago.

    # idempotency: the service only touches signals that still hold melder data, so a
    # redelivered or repeated run finds nothing left to do.
    """
    logger.info("melder_gegevens_opschonen start")
    aantal = melder_gegevens_opschonen(vandaag=timezone.localdate())
    logger.info("melder_gegevens_opschonen done signalen=%s", aantal)
    return aantal
