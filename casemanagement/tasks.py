"""Celery tasks of the casemanagement app (thin: each calls one service)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from accounts.actor import Actor

from .levensloop.bewaartermijnen import bewaartermijnen_toepassen as apply_retention

logger = logging.getLogger(__name__)


@shared_task(name="casemanagement.tasks.bewaartermijnen_toepassen")
def bewaartermijnen_toepassen() -> dict[str, int]:
    """Daily (CELERY_BEAT_SCHEDULE): destroy what is past its retention term, as the system.

    # idempotency: what was destroyed no longer matches the terms; a redelivered or repeated
    # run on the same day finds nothing left to do.
    """
    logger.info("bewaartermijnen_toepassen start")
    resultaat = apply_retention(actor=Actor.system(), vandaag=timezone.localdate())
    samenvatting = {
        "dossiers": len(resultaat.dossiers),
        "zonder_zorg": len(resultaat.zonder_zorg),
        "mantelzorgers": resultaat.mantelzorgers,
        "toegangslog": resultaat.toegangslog,
    }
    logger.info("bewaartermijnen_toepassen done %s", samenvatting)
    return samenvatting
