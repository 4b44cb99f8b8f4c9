"""What the signaalteam does when a lower app announces something (connected in
apps.SignaalteamConfig.ready)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from . import services

logger = logging.getLogger(__name__)


def wachtlijst_gemeten_ontvangen(
    sender,
    *,
    netwerk,
    peildatum: dt.date,
    boven_drempel: bool,
    redenen: list[str],
    **kwargs,
) -> None:
    """wachtlijst.signals.wachtlijst_gemeten, sent per network inside the measurement's
    transaction. The signal is opened or updated after that transaction commits
    (robust: a failure here is logged and never undoes the day's measurement; the next
    measurement tries again, as the service is idempotent)."""
    netwerk_id = netwerk.pk
    redenen = list(redenen or [])

    def verwerk_wachtlijst_meting() -> None:
        services.wachtlijst_meting_verwerken(
            netwerk_id=netwerk_id,
            peildatum=peildatum,
            boven_drempel=bool(boven_drempel),
            redenen=redenen,
        )

    transaction.on_commit(verwerk_wachtlijst_meting, robust=True)
