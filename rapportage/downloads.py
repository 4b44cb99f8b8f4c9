"""A report's PDF and a minimale-dataset export as downloads: the one way the pages and the
API hand them out, so each writes the same access-log row."""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

from accounts import exports
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


MDS_FORMATEN = {**exports.CONTENT_TYPES, "json": "application/json"}


def mds_download(export, formaat: str, *, actor: Actor) -> FileResponse:
    """One file of a finished minimale-dataset export, written to the access log (action
    exporteren). ``export`` must come from ``MdsExport.objects.visible_to``; an unknown
    format or a file not made yet is a 404."""
    if formaat not in MDS_FORMATEN or not getattr(export, formaat):
        raise Http404
    try:
        handle = getattr(export, formaat).open("rb")
    except OSError:
        logger.error("File %s of mds export %s is missing from storage", formaat, export.pk)
        raise Http404 from None
    access_log_record(
        actor=actor,
        action=AccessAction.EXPORTEREN,
        object_type="mds_export",
        object_id=export.pk,
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=export.bestandsnaam(formaat),
        content_type=MDS_FORMATEN[formaat],
    )
