"""A report's PDF as a download: the one way the page (rapportage:pdf) and the API
(api:rapport-pdf) hand it out, so both write the same access-log row."""

from __future__ import annotations

from django.http import FileResponse, Http404

from accounts.actor import Actor
from accounts.models import AccessAction
from accounts.services import access_log_record

from .models import Rapport


def pdf_download(rapport: Rapport, *, actor: Actor) -> FileResponse:
    """The report's stored PDF as an attachment, written to the access log (action
    afdrukken). ``rapport`` must come from ``Rapport.objects.visible_to``; a report without
    a PDF yet is a 404."""
    if not rapport.pdf:
        raise Http404
    access_log_record(
        actor=actor,
        action=AccessAction.AFDRUKKEN,
        object_type="rapport",
        object_id=rapport.pk,
    )
    return FileResponse(
        rapport.pdf.open("rb"),
        as_attachment=True,
        filename=rapport.bestandsnaam,
        content_type="application/pdf",
    )
