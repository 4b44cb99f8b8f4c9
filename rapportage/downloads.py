"""A report's PDF as a download: the one way the page (rapportage:pdf) and the API
(api:rapport-pdf) hand it out, so both write the same access-log row."""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

from accounts.actor import Actor
from accounts.models import AccessAction
from accounts.services import access_log_record

from .models import Rapport

logger = logging.getLogger(__name__)

PDF_ONTBREEKT = _(
    "Het PDF-bestand van dit rapport is niet gevonden op de server. De beheerder is "
    "gewaarschuwd; neem contact op met de netwerkcoördinator als u het rapport nodig heeft."
)


class PdfOntbreekt(Exception):
    """The report has a PDF on record but the file is gone from storage (a restored
    database without its media, a deleted file): the page and the API say so, not a 500."""


def pdf_download(rapport: Rapport, *, actor: Actor) -> FileResponse:
    """The report's stored PDF as an attachment, written to the access log (action
    afdrukken). ``rapport`` must come from ``Rapport.objects.visible_to``; a report without
    a PDF yet is a 404."""
    if not rapport.pdf:
        raise Http404
    try:
        handle = rapport.pdf.open("rb")
    except OSError:
        logger.error("PDF of rapport %s is missing from storage (%s)", rapport.pk, rapport.pdf.name)
        raise PdfOntbreekt from None
    access_log_record(
        actor=actor,
        action=AccessAction.AFDRUKKEN,
        object_type="rapport",
        object_id=rapport.pk,
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=rapport.bestandsnaam,
        content_type="application/pdf",
    )
