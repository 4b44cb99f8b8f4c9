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


MDS_FORMATEN = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def mds_download(export, formaat: str, *, actor: Actor) -> FileResponse:
    """One file of a finished minimale-dataset export, written to the access log (action
    exporteren). ``export`` must come from ``MdsExport.objects.visible_to``; an unknown
    format or a file not made yet is a 404."""
    if formaat not in MDS_FORMATEN or not getattr(export, formaat):
        raise Http404
    access_log_record(
        actor=actor,
        action=AccessAction.EXPORTEREN,
        object_type="mds_export",
        object_id=export.pk,
    )
    return FileResponse(
        getattr(export, formaat).open("rb"),
        as_attachment=True,
        filename=export.bestandsnaam(formaat),
        content_type=MDS_FORMATEN[formaat],
    )
