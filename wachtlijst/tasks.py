"""Celery tasks of the wachtlijst app. Thin: each calls one service and is idempotent."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from .nza.peildata import laatste_peildatum
from .nza.services import nza_kwartaal_concept_for_all

logger = logging.getLogger(__name__)


@shared_task(name="wachtlijst.tasks.nza_kwartaal_concepten")
def nza_kwartaal_concepten(peildatum_iso: str | None = None) -> dict:
    """On each peildatum (beat, 06:00 on 1 January, April, July and October): the concept of
    the quarter for every network. Default peildatum: today when today is one, else the most
    recent. Idempotent: networks that already have the quarter are skipped."""
    if peildatum_iso:
        peildatum = dt.date.fromisoformat(peildatum_iso)
    else:
        peildatum = laatste_peildatum(timezone.localdate())
    logger.info("nza_kwartaal_concepten start peildatum=%s", peildatum.isoformat())
    resultaat = nza_kwartaal_concept_for_all(peildatum=peildatum)
    logger.info(
        "nza_kwartaal_concepten done peildatum=%s aangemaakt=%s overgeslagen=%s mislukt=%s",
        peildatum.isoformat(),
        resultaat.aangemaakt,
        resultaat.overgeslagen,
        resultaat.mislukt,
    )
    return {
        "peildatum": peildatum.isoformat(),
        "aangemaakt": resultaat.aangemaakt,
        "overgeslagen": resultaat.overgeslagen,
        "mislukt": resultaat.mislukt,
    }


@shared_task(name="wachtlijst.tasks.nza_herinneringen")
def nza_herinneringen(vandaag_iso: str | None = None) -> dict:
    """On the 5th and the 9th of each peildatum's month (beat, 08:00): remind the providers
    that have not confirmed their NZa figures. Idempotent: once per provider per day."""
    from .nza.cyclus import nza_herinneringen_versturen

    vandaag = dt.date.fromisoformat(vandaag_iso) if vandaag_iso else timezone.localdate()
    resultaat = nza_herinneringen_versturen(vandaag=vandaag)
    logger.info(
        "nza_herinneringen done datum=%s verstuurd=%s al_verstuurd=%s",
        vandaag.isoformat(),
        resultaat.verstuurd,
        resultaat.al_verstuurd,
    )
    return {"verstuurd": resultaat.verstuurd, "al_verstuurd": resultaat.al_verstuurd}


@shared_task(name="wachtlijst.tasks.wachtlijst_dagelijks")
def wachtlijst_dagelijks(peildatum_iso: str | None = None) -> dict:
    """Daily (beat, 05:30): measure every network's waitlist, report newly passed thresholds
    to the coordinators and announce networks over a threshold. Idempotent per day."""
    from .services import wachtlijst_meten

    peildatum = dt.date.fromisoformat(peildatum_iso) if peildatum_iso else timezone.localdate()
    resultaat = wachtlijst_meten(peildatum=peildatum)
    logger.info(
        "wachtlijst_dagelijks done peildatum=%s metingen=%s meldingen=%s",
        peildatum.isoformat(),
        resultaat.metingen,
        resultaat.nieuwe_meldingen,
    )
    return {"metingen": resultaat.metingen, "meldingen": resultaat.nieuwe_meldingen}
